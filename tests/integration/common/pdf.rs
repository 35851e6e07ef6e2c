//! A PDF's pages and words as `pdftotext -bbox` measures them (poppler-utils), for the tests
//! of the printed layout.

use std::path::Path;
use std::process::Command;

pub const MM: f64 = 72.0 / 25.4;

#[derive(Debug, Clone)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Word {
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Debug)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

impl Page {
    pub fn is_landscape(&self) -> bool {
        self.width > self.height
    }

    /// The words of the given height (±0.5 pt), grouped into lines from the top, each line's
    /// words joined.
    pub fn lines_of_height(&self, height: f64) -> Vec<(f64, String)> {
        let mut words: Vec<&Word> = self
            .words
            .iter()
            .filter(|w| (w.height() - height).abs() < 0.5)
            .collect();
        words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        let mut lines: Vec<(f64, String)> = Vec::new();
        for w in words {
            match lines.last_mut() {
                Some((y, text)) if (w.y0 - *y).abs() < 1.0 => text.push_str(&w.text),
                _ => lines.push((w.y0, w.text.clone())),
            }
        }
        lines
    }
}

/// The body rows of every table set in type of `height` whose header row begins with the cell
/// `first` (e.g. "序号"), page by page, read from the words' positions rather than from the
/// order of the text (a floated figure's text does not get in): each row as its cells, (header,
/// text) left to right. A row starts at a word of the first column and ends where the next row,
/// the next header or the page does; a cell holds the row's words nearest its header's centre,
/// line after line.
pub fn table_rows<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    first: &str,
    height: f64,
) -> Vec<Vec<(String, String)>> {
    let centre = |w: &Word| (w.x0 + w.x1) / 2.0;
    let mut rows = Vec::new();
    for page in pages {
        let mut words: Vec<&Word> = page
            .words
            .iter()
            .filter(|w| (w.height() - height).abs() < 0.5)
            .collect();
        words.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        let header_tops: Vec<f64> = words
            .iter()
            .filter(|w| w.text == first)
            .map(|w| w.y0)
            .collect();
        for (k, &top) in header_tops.iter().enumerate() {
            let bottom = header_tops.get(k + 1).copied().unwrap_or(f64::INFINITY);
            let mut headers: Vec<&Word> = words
                .iter()
                .copied()
                .filter(|w| (w.y0 - top).abs() < 1.0)
                .collect();
            headers.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let column = |w: &Word| {
                (0..headers.len())
                    .min_by(|&a, &b| {
                        let off = |h: usize| (centre(headers[h]) - centre(w)).abs();
                        off(a).total_cmp(&off(b))
                    })
                    .unwrap()
            };
            let body: Vec<&Word> = words
                .iter()
                .copied()
                .filter(|w| w.y0 > top + 1.0 && w.y0 < bottom - 1.0)
                .collect();
            let mut starts: Vec<f64> = body
                .iter()
                .filter(|w| column(w) == 0)
                .map(|w| w.y0)
                .collect();
            starts.dedup_by(|a, b| (*a - *b).abs() < 1.0);
            for (r, &start) in starts.iter().enumerate() {
                let end = starts.get(r + 1).copied().unwrap_or(bottom);
                let mut cells = vec![String::new(); headers.len()];
                for w in body
                    .iter()
                    .filter(|w| w.y0 > start - 1.0 && w.y0 < end - 1.0)
                {
                    cells[column(w)].push_str(&w.text);
                }
                rows.push(headers.iter().map(|h| h.text.clone()).zip(cells).collect());
            }
        }
    }
    rows
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// Runs `f` on a temporary file holding `pdf`, removed after, for the tools
/// that read PDF files.
pub fn with_file<T>(pdf: &[u8], f: impl FnOnce(&Path) -> T) -> T {
    let dir = super::temp_dir();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    f(&path)
}

/// The pages and words of a PDF's bytes.
pub fn pages_of(pdf: &[u8]) -> Vec<Page> {
    with_file(pdf, read_pages)
}

/// The pages and words of a PDF file.
pub fn read_pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    let html = String::from_utf8(out.stdout).unwrap();
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap()];
        let mut page = Page {
            width: attr(head, "width"),
            height: attr(head, "height"),
            words: Vec::new(),
        };
        for w in chunk.split("<word ").skip(1) {
            let tag = &w[..w.find('>').unwrap()];
            let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
            page.words.push(Word {
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: text
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
            });
        }
        pages.push(page);
    }
    pages
}
