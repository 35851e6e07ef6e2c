//! Reading a Word document back for the tests: its parts out of the zip, its paragraphs (style,
//! lines, keep-with-next) and its tables (grid widths, paragraph styles, cell texts).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::Document;

/// WordprocessingML's namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Every part of the package by name.
pub fn parts(docx: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut parts = HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        parts.insert(file.name().to_string(), bytes);
    }
    parts
}

/// One part's text; fails when the package lacks it.
pub fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name} in the package"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// The body's XML.
pub fn document_xml(docx: &[u8]) -> String {
    part(docx, "word/document.xml")
}

/// Each paragraph of a Word document: its style, its text line by line (at `w:br`), and
/// whether it keeps with the next.
pub fn paragraphs(docx: &[u8]) -> Vec<(String, Vec<String>, bool)> {
    let xml = document_xml(docx);
    let doc = Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let keep_next = p
                .children()
                .filter(|n| n.has_tag_name((W, "pPr")))
                .flat_map(|n| n.children())
                .any(|n| n.has_tag_name((W, "keepNext")));
            let mut lines = vec![String::new()];
            for n in p.descendants() {
                if n.has_tag_name((W, "br")) {
                    lines.push(String::new());
                } else if n.has_tag_name((W, "t")) {
                    lines.last_mut().unwrap().push_str(n.text().unwrap_or(""));
                }
            }
            (style_of(p), lines, keep_next)
        })
        .collect()
}

/// One table of a Word document: its grid's column widths (twips), each cell paragraph's
/// style, and its rows' cell texts.
pub struct WordTable {
    pub grid: Vec<u32>,
    pub styles: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Every table of the document, in order.
pub fn tables(docx: &[u8]) -> Vec<WordTable> {
    let xml = document_xml(docx);
    let doc = Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .map(|table| WordTable {
            grid: table
                .descendants()
                .filter(|n| n.has_tag_name((W, "gridCol")))
                .filter_map(|n| n.attribute((W, "w"))?.parse().ok())
                .collect(),
            styles: table
                .descendants()
                .filter(|n| n.has_tag_name((W, "p")))
                .map(style_of)
                .collect(),
            rows: table
                .children()
                .filter(|n| n.has_tag_name((W, "tr")))
                .map(|row| {
                    row.children()
                        .filter(|n| n.has_tag_name((W, "tc")))
                        .map(|cell| {
                            cell.descendants()
                                .filter(|n| n.has_tag_name((W, "t")))
                                .filter_map(|n| n.text())
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

fn style_of(p: roxmltree::Node) -> String {
    p.descendants()
        .find(|n| n.has_tag_name((W, "pStyle")))
        .and_then(|n| n.attribute((W, "val")))
        .unwrap_or("")
        .to_string()
}
