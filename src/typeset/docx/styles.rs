//! The parts of the package that docx-rs cannot express, written whole: the named styles
//! (GB/T 9704 fonts and sizes, East Asian font slots with fallbacks), the settings (mirrored
//! margins, odd and even footers) and the document properties.

use quick_xml::escape::escape;

use crate::typeset::DocumentInfo;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Body text: 3号 (16 pt) 仿宋_GB2312; Word falls back through the font table's alternatives.
const LATIN: &str = "Times New Roman";

/// Text for XML: escaped, and without the characters XML 1.0 forbids.
pub(super) fn xml_text(text: &str) -> String {
    escape(super::xml_safe(text).as_str()).into_owned()
}

/// `docProps/core.xml`: title, author, and the document's date as its creation and change
/// dates (never the clock).
pub(super) fn core_xml(info: &DocumentInfo) -> String {
    let date = format!("{}T00:00:00Z", info.date.format("%Y-%m-%d"));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{t}</dc:title><dc:creator>{c}</dc:creator><cp:lastModifiedBy>{c}</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>"#,
        t = xml_text(&info.title),
        c = xml_text(&info.author),
    )
}

/// `docProps/app.xml`: the application, and nothing that changes between runs.
pub(super) fn app_xml() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>plan-eval</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"#
        .to_string()
}

/// Settings in schema order (CT_Settings: zoom, mirrorMargins, defaultTabStop,
/// evenAndOddHeaders, characterSpacingControl, footnotePr, compat, themeFontLang).
pub(super) fn settings_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:mirrorMargins/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#
    )
}

/// The East Asian fonts of each role, first the one GB/T 9704 names, then the fallbacks a
/// machine without it has (the free fonts the PDF uses last). Word reads only the first; the
/// others go to the font table as its alternatives.
pub(super) const FONT_ROLES: &[(&str, &[&str])] = &[
    ("仿宋_GB2312", &["仿宋", "FangSong", "Noto Serif CJK SC"]),
    ("黑体", &["SimHei", "Noto Sans CJK SC"]),
    ("楷体_GB2312", &["楷体", "KaiTi", "AR PL UKai CN"]),
    ("方正小标宋简体", &["华文中宋", "Noto Serif CJK SC"]),
    ("宋体", &["SimSun", "Noto Serif CJK SC"]),
];

/// `word/fontTable.xml`: each East Asian font with its fallbacks as alternative names, and the
/// Latin font.
pub(super) fn font_table_xml() -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="{W}">"#
    );
    for (name, fallbacks) in FONT_ROLES {
        x += &format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
            fallbacks.join(",")
        );
    }
    x += &format!(
        r#"<w:font w:name="{LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>"#
    );
    x
}

fn fonts(east_asia: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="{LATIN}" w:eastAsia="{east_asia}" w:hAnsi="{LATIN}" w:cs="{LATIN}"/>"#
    )
}

fn size(half_points: u32) -> String {
    format!(r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#)
}

/// A paragraph style, its children in CT_Style order (name, basedOn, next, qFormat, pPr, rPr).
fn pstyle(id: &str, name: &str, based: &str, next: Option<&str>, ppr: &str, rpr: &str) -> String {
    let custom = if name.is_ascii() {
        ""
    } else {
        r#" w:customStyle="1""#
    };
    let mut s = format!(
        r#"<w:style w:type="paragraph"{custom} w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="{based}"/>"#
    );
    if let Some(next) = next {
        s += &format!(r#"<w:next w:val="{next}"/>"#);
    }
    s += "<w:qFormat/>";
    if !ppr.is_empty() {
        s += &format!("<w:pPr>{ppr}</w:pPr>");
    }
    if !rpr.is_empty() {
        s += &format!("<w:rPr>{rpr}</w:rPr>");
    }
    s + "</w:style>"
}

/// The first-line indent of body text: two characters.
const BODY_INDENT: &str = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;
/// No indent.
const NO_INDENT: &str = r#"<w:ind w:firstLineChars="0" w:firstLine="0"/>"#;
/// One line of the grid (28.95 pt) before a block.
const LINE_BEFORE: &str = r#"<w:spacing w:before="579" w:line="578" w:lineRule="exact"/>"#;

/// Character spacing of all text, in twentieths of a point: a 16 pt character set 0.25 pt
/// narrower is 15.75 pt, so that 28 fit the 156 mm line (442.2 pt) as GB/T 9704 wants. Spacing
/// rather than a character grid (`linesAndChars` with `charSpace`): LibreOffice sizes that grid
/// from Normal's own size and sets each 16 pt character in two cells, 18 to the line.
pub(super) const CHAR_SPACING: i32 = -5;

/// The complete `word/styles.xml`. Built-in names ("heading 1", "caption", "footer", "Title")
/// show localised in Chinese Word and WPS (标题 1, 题注, 页脚, 标题); `outlineLvl` feeds the
/// navigation pane.
/// (Over 80 lines: a literal document, one style after another.)
pub(super) fn styles_xml() -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:spacing w:val="{CHAR_SPACING}"/><w:kern w:val="2"/>{}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"#,
        fonts("仿宋_GB2312"),
        size(32)
    );
    // Normal shows as 正文; w:default="1" makes it the default paragraph style.
    x += r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:spacing w:line="578" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:style>"#;
    x += r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"#;
    x += r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#;
    x += &pstyle("BodyText", "公文正文", "Normal", None, BODY_INDENT, "");
    x += &pstyle("Plain", "无缩进正文", "Normal", None, NO_INDENT, "");
    x += &pstyle(
        "Title",
        "Title",
        "Normal",
        Some("BodyText"),
        r#"<w:keepNext/><w:spacing w:after="579" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/>"#,
        &(fonts("方正小标宋简体") + &size(44)),
    );
    x += &pstyle(
        "Subtitle",
        "副标题",
        "Normal",
        Some("BodyText"),
        &format!(r#"<w:keepNext/>{NO_INDENT}<w:jc w:val="center"/>"#),
        &fonts("楷体_GB2312"),
    );
    for (level, east_asia, bold) in [
        (1, "黑体", false),
        (2, "楷体_GB2312", false),
        (3, "仿宋_GB2312", true),
    ] {
        x += &pstyle(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            "Normal",
            Some("BodyText"),
            &format!(
                r#"<w:keepNext/><w:keepLines/>{BODY_INDENT}<w:outlineLvl w:val="{}"/>"#,
                level - 1
            ),
            &(fonts(east_asia) + if bold { "<w:b/><w:bCs/>" } else { "" }),
        );
    }
    x += &pstyle(
        "Addressee",
        "主送机关",
        "Normal",
        Some("BodyText"),
        NO_INDENT,
        "",
    );
    x += &pstyle("Closing", "结束语", "BodyText", None, "<w:keepNext/>", "");
    x += &pstyle(
        "Attachments",
        "附件说明",
        "Normal",
        None,
        r#"<w:keepNext/><w:spacing w:before="579" w:line="578" w:lineRule="exact"/><w:ind w:left="1600" w:hanging="960"/>"#,
        "",
    );
    x += &pstyle(
        "Signature",
        "落款",
        "Normal",
        None,
        &format!(r#"{LINE_BEFORE}<w:ind w:right="640" w:firstLine="0"/><w:jc w:val="right"/>"#),
        "",
    );
    x += &pstyle(
        "AnnexLabel",
        "附件标识",
        "Normal",
        None,
        &format!("<w:keepNext/>{NO_INDENT}"),
        &fonts("黑体"),
    );
    x += &pstyle(
        "AnnexTitle",
        "附件标题",
        "Normal",
        Some("BodyText"),
        r#"<w:keepNext/><w:spacing w:before="300" w:after="579" w:line="560" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>"#,
        &(fonts("方正小标宋简体") + &size(44)),
    );
    // Table text in 五号 (10.5 pt) without the body's character spacing, as the PDF sets its
    // tables (the column widths are fitted to that size): off the grid, single spacing (exact
    // 28.9 pt would waste the rows).
    // (CT_RPr's order: rFonts, spacing, sz.)
    let small = r#"<w:spacing w:val="0"/>"#.to_string() + &size(21);
    x += &pstyle(
        "TableText",
        "表格",
        "Normal",
        None,
        r#"<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>"#,
        &small,
    );
    x += &pstyle(
        "TableHead",
        "表格标题行",
        "TableText",
        None,
        "",
        &(fonts("黑体") + &small),
    );
    // Wide tables on landscape pages in 小五 (9 pt), as the PDF prints them.
    x += &pstyle("TableTextWide", "宽表格", "TableText", None, "", &size(18));
    x += &pstyle(
        "TableHeadWide",
        "宽表格标题行",
        "TableHead",
        None,
        "",
        &size(18),
    );
    // A figure's paragraph must not have exact line spacing, which would clip the picture.
    x += &pstyle(
        "Figure",
        "图片",
        "Normal",
        Some("Caption"),
        r#"<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>"#,
        "",
    );
    x += &pstyle(
        "Caption",
        "caption",
        "Normal",
        Some("BodyText"),
        r#"<w:keepNext/><w:ind w:firstLine="0"/><w:jc w:val="center"/>"#,
        &(fonts("黑体") + &small),
    );
    x += &pstyle(
        "FootnoteText",
        "footnote text",
        "Normal",
        None,
        r#"<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>"#,
        &small,
    );
    x += r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#;
    // Footer: 4号 (14 pt) 宋体, one character in from the outer edge.
    x += &pstyle(
        "Footer",
        "footer",
        "Normal",
        None,
        r#"<w:snapToGrid w:val="0"/><w:spacing w:line="280" w:lineRule="exact"/><w:ind w:left="280" w:right="280"/>"#,
        &(r#"<w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体" w:cs="宋体"/>"#.to_string()
            + &small),
    );
    x + "</w:styles>"
}

/// The style ids that [`styles_xml`] defines, for the renderer's tests.
#[cfg(test)]
pub(super) const STYLE_IDS: &[&str] = &[
    "Normal",
    "BodyText",
    "Plain",
    "Title",
    "Subtitle",
    "Heading1",
    "Heading2",
    "Heading3",
    "Addressee",
    "Closing",
    "Attachments",
    "Signature",
    "AnnexLabel",
    "AnnexTitle",
    "TableText",
    "TableHead",
    "TableTextWide",
    "TableHeadWide",
    "Figure",
    "Caption",
    "FootnoteText",
    "Footer",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_parse_and_define_every_id() {
        let xml = styles_xml();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for id in STYLE_IDS {
            assert!(
                doc.descendants()
                    .any(|n| n.attribute((W, "styleId")) == Some(id)),
                "{id}"
            );
        }
        roxmltree::Document::parse(&settings_xml()).unwrap();
        roxmltree::Document::parse(&app_xml()).unwrap();
        roxmltree::Document::parse(&font_table_xml()).unwrap();
    }
}
