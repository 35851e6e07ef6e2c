//! Post-processing of docx-rs's package: the parts written whole (styles, settings, fonts,
//! properties), the document's markup put in schema order with what docx-rs lacks (repeated
//! header rows, unique picture ids), and a deterministic re-zip (fixed order and timestamp).
//! Only markup generated here is spliced in: all text in `<w:t>` was escaped by docx-rs, so the
//! literal strings matched below can only match markup.

use std::io::{Cursor, Read, Write};

use chrono::Datelike;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::styles;
use crate::error::{Error, Result};
use crate::typeset::DocumentInfo;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn broken(what: impl std::fmt::Display) -> Error {
    Error::Docx(what.to_string())
}

/// Re-packs docx-rs's output `raw`: `header_rows[i]` is the number of header rows of the i-th
/// top-level table, marked to repeat on every page.
pub(super) fn finish(raw: &[u8], info: &DocumentInfo, header_rows: &[usize]) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(broken)?;
    // DOS timestamps run from 1980 to 2107.
    let year = info.date.year().clamp(1980, 2107) as u16;
    let stamp = DateTime::from_date_and_time(
        year,
        info.date.month() as u8,
        info.date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(broken)?;
        if file.is_dir() {
            continue;
        }
        let name = file.name().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(broken)?;
        let text = || String::from_utf8(data.clone()).map_err(broken);
        let data = match name.as_str() {
            "docProps/core.xml" => styles::core_xml(info).into_bytes(),
            "docProps/app.xml" => styles::app_xml().into_bytes(),
            "word/settings.xml" => styles::settings_xml().into_bytes(),
            "word/styles.xml" => styles::styles_xml().into_bytes(),
            "word/fontTable.xml" => styles::font_table_xml().into_bytes(),
            "word/document.xml" => {
                patch_document(&without_para_ids(&text()?), header_rows)?.into_bytes()
            }
            n if n.starts_with("word/") && n.ends_with(".xml") => {
                canonicalize(&without_para_ids(&text()?).replace("<w:rPr />", ""))?.into_bytes()
            }
            _ => data,
        };
        // Pictures are PNGs, compressed already: stored as they are.
        let options = if name.starts_with("word/media/") {
            options
                .compression_method(CompressionMethod::Stored)
                .compression_level(None)
        } else {
            options
        };
        zip.start_file(name, options).map_err(broken)?;
        zip.write_all(&data).map_err(broken)?;
    }
    Ok(zip.finish().map_err(broken)?.into_inner())
}

/// The markup without docx-rs's `w14:paraId` attributes (optional), which count on from one
/// document to the next in a process, so that a document's bytes depend on its input alone.
fn without_para_ids(xml: &str) -> String {
    const ATTRIBUTE: &str = r#" w14:paraId=""#;
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(ATTRIBUTE) {
        out.push_str(&rest[..i]);
        let value = &rest[i + ATTRIBUTE.len()..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// The document's markup: empty run properties dropped, picture ids made unique, children in
/// schema order, and `<w:tblHeader/>` in the header rows of each top-level table.
fn patch_document(xml: &str, header_rows: &[usize]) -> Result<String> {
    // docx-rs puts an empty <w:rPr /> first in every pPr, before pStyle.
    let xml = xml.replace("<w:rPr />", "");
    // docx-rs gives every picture's wp:docPr id="1".
    let marker = r#"<wp:docPr id="1""#;
    let mut numbered = String::with_capacity(xml.len() + 64);
    let mut rest = xml.as_str();
    let mut n = 0;
    while let Some(i) = rest.find(marker) {
        n += 1;
        numbered.push_str(&rest[..i]);
        numbered.push_str(&format!(r#"<wp:docPr id="{n}""#));
        rest = &rest[i + marker.len()..];
    }
    numbered.push_str(rest);
    let out = canonicalize(&numbered)?;

    let doc = roxmltree::Document::parse(&out).map_err(broken)?;
    let mut inserts: Vec<usize> = Vec::new();
    let tables = doc.descendants().filter(|n| {
        n.has_tag_name((W, "tbl")) && n.parent().is_some_and(|p| p.has_tag_name((W, "body")))
    });
    for (table, &rows) in tables.zip(header_rows) {
        for row in table
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .take(rows)
        {
            // Every row is built with cantSplit, so it has a trPr; tblHeader goes first in it
            // (CT_TrPr's children are a choice, in any order).
            let Some(properties) = row.children().find(|n| n.has_tag_name((W, "trPr"))) else {
                return Err(broken("表格行缺少 trPr"));
            };
            let start = properties.range().start;
            let Some(end) = out[start..].find('>') else {
                return Err(broken("表格行的 trPr 不完整"));
            };
            if out[start..start + end].ends_with('/') {
                return Err(broken("表格行的 trPr 为空"));
            }
            inserts.push(start + end + 1);
        }
    }
    inserts.sort_unstable();
    let mut patched = String::with_capacity(out.len() + inserts.len() * 16);
    let mut last = 0;
    for at in inserts {
        patched.push_str(&out[last..at]);
        patched.push_str("<w:tblHeader/>");
        last = at;
    }
    patched.push_str(&out[last..]);
    Ok(patched)
}

// The schema order (ECMA-376 Part 1) of the property containers that docx-rs mis-orders.
const PPR: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];
const RPR: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];
const TCPR: &[&str] = &[
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];
const TBLPR: &[&str] = &[
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
    "tblPrChange",
];
const SECTPR: &[&str] = &[
    "headerReference|footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
];

fn order_of(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "pPr" => PPR,
        "rPr" => RPR,
        "tcPr" => TCPR,
        "tblPr" => TBLPR,
        "sectPr" => SECTPR,
        _ => return None,
    })
}

fn rank(order: &[&str], name: &str) -> usize {
    order
        .iter()
        .position(|o| o.split('|').any(|x| x == name))
        .unwrap_or(usize::MAX)
}

/// Re-emits the XML from its source slices, the children of pPr, rPr, tcPr, tblPr and sectPr
/// stably sorted into schema order; drops the non-schema `w:type` that docx-rs puts on
/// `w:gridCol`. Everything else is kept byte for byte.
fn canonicalize(xml: &str) -> Result<String> {
    let doc = roxmltree::Document::parse(xml).map_err(broken)?;
    let root = doc.root_element();
    let mut out = String::with_capacity(xml.len());
    out.push_str(&xml[..root.range().start]);
    emit(xml, root, &mut out);
    out.push_str(&xml[root.range().end..]);
    Ok(out)
}

fn emit(src: &str, node: roxmltree::Node, out: &mut String) {
    if !node.is_element() {
        out.push_str(&src[node.range()]);
        return;
    }
    if node.has_tag_name((W, "gridCol")) {
        out.push_str(&format!(
            r#"<w:gridCol w:w="{}"/>"#,
            node.attribute((W, "w")).unwrap_or("0")
        ));
        return;
    }
    let range = node.range();
    let (Some(first), Some(last)) = (node.first_child(), node.last_child()) else {
        out.push_str(&src[range]);
        return;
    };
    out.push_str(&src[range.start..first.range().start]);
    let mut children: Vec<_> = node.children().collect();
    if node.tag_name().namespace() == Some(W)
        && let Some(order) = order_of(node.tag_name().name())
    {
        children.sort_by_key(|k| {
            if k.is_element() {
                rank(order, k.tag_name().name())
            } else {
                usize::MAX
            }
        });
    }
    for child in children {
        emit(src, child, out);
    }
    out.push_str(&src[last.range().end..range.end]);
}
