//! Re-typesetting a report's Markdown that officers edited by hand: the same converter and layout
//! as a generated report, the document's title, author and date read from the Markdown itself,
//! its images taken from its own folder, and typst's errors traced back to Markdown lines.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use chrono::{Local, NaiveDate};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::error::{Error, Problem, Result};
use crate::files;
use crate::templating::Templates;
use crate::typeset::DocumentInfo;
use crate::typeset::compile;
use crate::typeset::convert::{
    self, LineIndex, is_local_image, line_count, markdown_to_typst_mapped,
};

/// Where the results go: the PDF, the Typst source, the Word document, or any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs {
    pub pdf: Option<PathBuf>,
    pub typst: Option<PathBuf>,
    pub docx: Option<PathBuf>,
}

impl Outputs {
    /// The command line's rule: `--typst` or `--docx` alone writes only what it names; `-o`
    /// writes the PDF (and the others too when named); none of them writes the PDF beside the
    /// input, as `IN.pdf`.
    pub fn for_input(
        input: &Path,
        pdf: Option<PathBuf>,
        typst: Option<PathBuf>,
        docx: Option<PathBuf>,
    ) -> Outputs {
        let pdf = match (&pdf, &typst, &docx) {
            (None, None, None) => Some(input.with_extension("pdf")),
            _ => pdf,
        };
        Outputs { pdf, typst, docx }
    }
}

/// A re-typeset document, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct Retypeset {
    /// The title, author and date found in the Markdown.
    pub info: DocumentInfo,
    /// The complete Typst source: the layout preamble, then the converted body.
    pub typst: String,
    /// The PDF, when asked for.
    pub pdf: Option<Vec<u8>>,
    /// The Word document, when asked for.
    pub docx: Option<Vec<u8>>,
}

/// The Typst source of a Markdown document, with what is needed to trace its lines back.
#[derive(Debug, Clone)]
pub struct MappedDocument {
    /// The layout preamble, then the converted body (as [`crate::typeset::document`] makes it).
    pub source: String,
    /// The number of source lines before the body.
    pub preamble_lines: usize,
    /// The Markdown line of each body line (see [`markdown_to_typst_mapped`]).
    pub body_map: Vec<usize>,
}

impl MappedDocument {
    /// The Markdown line that a 1-based line of the source came from, if it is in the body.
    pub fn markdown_line(&self, source_line: usize) -> Option<usize> {
        let index = source_line.checked_sub(self.preamble_lines + 1)?;
        self.body_map.get(index).copied()
    }
}

/// The complete Typst source for `markdown`, as [`crate::typeset::document`] makes it, and its
/// line map.
pub fn document_mapped(
    templates: &Templates,
    info: &DocumentInfo,
    markdown: &str,
) -> Result<MappedDocument> {
    let (body, body_map) = markdown_to_typst_mapped(markdown);
    document_of_body(templates, info, body, body_map)
}

/// The layout preamble for `info`, then the converted `body` with its line map.
fn document_of_body(
    templates: &Templates,
    info: &DocumentInfo,
    body: String,
    body_map: Vec<usize>,
) -> Result<MappedDocument> {
    let mut source = crate::typeset::layout(templates, info)?;
    source.push('\n');
    let preamble_lines = line_count(&source);
    source.push_str(&body);
    Ok(MappedDocument {
        source,
        preamble_lines,
        body_map,
    })
}

/// Converts the Markdown file `input` with the layout from `templates` (the built-in one when
/// `None`) and, when `pdf` is true, prints it with typst as a report is printed.
///
/// The title is the first level-1 heading (else the file's name); the author is the first line
/// of the paragraph after `<!-- pe:signature -->`, and the date its last line when that reads like
/// `2025年3月4日` (else today); the date is also the PDF's creation date. Images are read from the
/// Markdown file's folder and nowhere else.
///
/// Errors that point into the Markdown (a refused or missing image, a construct typst rejects)
/// come as [`Error::Invalid`], one problem per Markdown line; other typst failures as
/// [`Error::TypstFailed`].
pub fn retypeset(input: &Path, templates: Option<&Path>, pdf: bool) -> Result<Retypeset> {
    retypeset_as(input, templates, pdf, false)
}

/// Re-typesets as [`retypeset`] does and, when `docx` is true, also makes the Word document
/// from the same Markdown (see [`crate::typeset::docx`]), with the same title, author, date and
/// images.
pub fn retypeset_as(
    input: &Path,
    templates: Option<&Path>,
    pdf: bool,
    docx: bool,
) -> Result<Retypeset> {
    let markdown = files::read_text(input)?;
    let folder = match input.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // One parse: the converter shows every event to the readers of the title and the images.
    let mut info = InfoReader::default();
    let mut finder = ImageFinder::default();
    let (body, body_map) = convert::markdown_to_typst_watched(&markdown, &mut |event, offset| {
        info.see(event);
        finder.see(event, offset);
    });
    let mut images = images(input, &folder, finder.by_line(&markdown), pdf || docx)?;
    let found = info.found;
    let info = DocumentInfo {
        title: found.title.unwrap_or_else(|| {
            input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        author: found.author.unwrap_or_default(),
        date: found.date.unwrap_or_else(|| Local::now().date_naive()),
    };
    let templates = Templates::layout_only(templates)?;
    let document = document_of_body(&templates, &info, body, body_map)?;
    let docx = if docx {
        let files: Vec<(String, Vec<u8>)> = images
            .iter()
            .map(|image| (image.name.clone(), image.bytes.clone()))
            .collect();
        Some(crate::typeset::docx::markdown_to_docx(
            &markdown, &info, &files,
        )?)
    } else {
        None
    };
    if !pdf {
        return Ok(Retypeset {
            info,
            typst: document.source,
            pdf: None,
            docx,
        });
    }
    let files: Vec<(String, Vec<u8>)> = images
        .iter_mut()
        .map(|image| (image.name.clone(), std::mem::take(&mut image.bytes)))
        .collect();
    match compile::print(&document.source, &files, info.date) {
        Ok(bytes) => Ok(Retypeset {
            info,
            typst: document.source,
            pdf: Some(bytes),
            docx,
        }),
        Err(Error::TypstFailed { message }) => {
            Err(trace_typst_errors(input, &document, &images, message))
        }
        Err(other) => Err(other),
    }
}

/// Re-typesets `input` and writes the results to `outputs`, all of them or none; returns the
/// paths written.
pub fn run(input: &Path, templates: Option<&Path>, outputs: &Outputs) -> Result<Vec<PathBuf>> {
    for output in [&outputs.pdf, &outputs.typst, &outputs.docx]
        .into_iter()
        .flatten()
    {
        if same_file(output, input) {
            return Err(Error::Usage(format!(
                "输出文件 {} 就是输入的 Markdown 文件，请另选输出文件名",
                output.display()
            )));
        }
    }
    let named = [
        (&outputs.pdf, "PDF "),
        (&outputs.typst, "Typst 源文件"),
        (&outputs.docx, "Word 文档"),
    ];
    for (i, (a, a_name)) in named.iter().enumerate() {
        for (b, b_name) in &named[i + 1..] {
            if let (Some(a), Some(b)) = (a, b)
                && same_file(a, b)
            {
                return Err(Error::Usage(format!(
                    "{a_name}和 {b_name}不能写到同一个文件 {}",
                    a.display()
                )));
            }
        }
    }
    let done = retypeset_as(
        input,
        templates,
        outputs.pdf.is_some(),
        outputs.docx.is_some(),
    )?;
    let mut files: Vec<(&Path, &[u8])> = Vec::new();
    if let (Some(path), Some(bytes)) = (&outputs.pdf, &done.pdf) {
        files.push((path, bytes));
    }
    if let Some(path) = &outputs.typst {
        files.push((path, done.typst.as_bytes()));
    }
    if let (Some(path), Some(bytes)) = (&outputs.docx, &done.docx) {
        files.push((path, bytes));
    }
    files::write_each(&files)
}

/// Whether two paths name the same file (either may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| {
        let name = p.file_name()?;
        let dir = match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(fs::canonicalize(dir).ok()?.join(name))
    };
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// What the Markdown says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundInfo {
    /// The text of the first level-1 heading.
    pub title: Option<String>,
    /// The first line of the signature paragraph.
    pub author: Option<String>,
    /// The last line of the signature paragraph, when it is a date like 2025年3月4日.
    pub date: Option<NaiveDate>,
}

/// Reads the title, author and date from a report's Markdown (see [`retypeset`]).
pub fn read_document_info(markdown: &str) -> FoundInfo {
    let mut reader = InfoReader::default();
    for event in Parser::new_ext(markdown, convert::parser_options()) {
        reader.see(&event);
    }
    reader.found
}

/// Reads [`FoundInfo`] from the events of a Markdown parse, one at a time.
#[derive(Default)]
struct InfoReader {
    found: FoundInfo,
    heading: Option<String>,
    /// The lines of the signature paragraph: None before it, Some while reading it.
    signature: Option<Vec<String>>,
    signature_next: bool,
    /// The text of the HTML block being read, if at the top level.
    html_block: Option<String>,
    depth: usize,
}

impl InfoReader {
    fn see(&mut self, event: &Event<'_>) {
        let at_top = self.depth == 0;
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        let found = &mut self.found;
        if let Some(lines) = &mut self.signature {
            match event {
                Event::Text(text) | Event::Code(text) => {
                    if let Some(last) = lines.last_mut() {
                        last.push_str(text);
                    }
                }
                Event::SoftBreak | Event::HardBreak => lines.push(String::new()),
                Event::End(TagEnd::Paragraph) if self.depth == 0 => {
                    let lines: Vec<&str> = lines
                        .iter()
                        .map(|l| l.trim())
                        .filter(|l| !l.is_empty())
                        .collect();
                    if found.author.is_none() {
                        found.author = lines.first().map(|l| l.to_string());
                        found.date = lines.last().and_then(|l| parse_chinese_date(l));
                    }
                    self.signature = None;
                }
                _ => {}
            }
            return;
        }
        if let Some(text) = &mut self.heading {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                    found.title = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                    self.heading = None;
                }
                _ => {}
            }
            return;
        }
        if self.signature_next {
            self.signature_next = false;
            if at_top && matches!(event, Event::Start(Tag::Paragraph)) {
                self.signature = Some(vec![String::new()]);
                return;
            }
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if found.title.is_none() => self.heading = Some(String::new()),
            Event::Start(Tag::HtmlBlock) if at_top => self.html_block = Some(String::new()),
            Event::Html(html) => {
                if let Some(block) = &mut self.html_block {
                    block.push_str(html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.html_block.take().unwrap_or_default();
                self.signature_next =
                    found.author.is_none() && block.trim() == "<!-- pe:signature -->";
            }
            _ => {}
        }
    }
}

/// Reads a date written like 2025年3月4日.
pub fn parse_chinese_date(text: &str) -> Option<NaiveDate> {
    let (year, rest) = text.trim().split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?)
}

/// An image the document shows: its path as written (relative to the Markdown file's folder),
/// the Markdown lines that show it, and its bytes (read only when printing).
#[derive(Debug, Clone)]
struct Image {
    name: String,
    lines: Vec<usize>,
    bytes: Vec<u8>,
}

/// The local images of a Markdown parse, seen one event at a time: each
/// destination with the offsets that show it.
#[derive(Default)]
struct ImageFinder {
    found: BTreeMap<String, Vec<usize>>,
    /// An image inside another image's description only adds to that description.
    depth: usize,
}

impl ImageFinder {
    fn see(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if self.depth == 0 && is_local_image(dest_url) {
                    self.found
                        .entry(dest_url.to_string())
                        .or_default()
                        .push(offset);
                }
                self.depth += 1;
            }
            Event::End(TagEnd::Image) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Each image with the Markdown lines that show it.
    fn by_line(self, markdown: &str) -> BTreeMap<String, Vec<usize>> {
        if self.found.is_empty() {
            return BTreeMap::new();
        }
        let line_index = LineIndex::new(markdown);
        self.found
            .into_iter()
            .map(|(name, offsets)| {
                let mut lines: Vec<usize> = Vec::new();
                for offset in offsets {
                    let line = line_index.line_of(offset);
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
                (name, lines)
            })
            .collect()
    }
}

/// The images found, checked: a path outside the Markdown file's folder is refused, and when
/// `read` is true a missing file too; every problem is reported at once.
fn images(
    input: &Path,
    folder: &Path,
    found: BTreeMap<String, Vec<usize>>,
    read: bool,
) -> Result<Vec<Image>> {
    let mut problems = Vec::new();
    let mut images = Vec::new();
    let canonical_folder = fs::canonicalize(folder).ok();
    for (name, lines) in found {
        let path = Path::new(&name);
        let escapes = path.is_absolute()
            || name.starts_with('/')
            || name.starts_with('\\')
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        // A link inside the folder that leads out of it is refused as well.
        let leads_out = || {
            let (Some(folder), Ok(target)) =
                (&canonical_folder, fs::canonicalize(folder.join(path)))
            else {
                return false;
            };
            !target.starts_with(folder)
        };
        if escapes || leads_out() {
            for &line in &lines {
                problems.push(Problem::new(
                    input,
                    Some(line),
                    None,
                    format!(
                        "图片“{name}”不在 Markdown 文件所在的文件夹内，不能使用：请把图片复制到该文件夹（或其子文件夹）中，改用相对路径引用"
                    ),
                ));
            }
            continue;
        }
        let bytes = if read {
            match fs::read(folder.join(path)) {
                Ok(bytes) => bytes,
                Err(e) => {
                    let why = match e.kind() {
                        std::io::ErrorKind::NotFound => "不存在".to_string(),
                        _ => format!("无法读取：{e}"),
                    };
                    for &line in &lines {
                        problems.push(Problem::new(
                            input,
                            Some(line),
                            None,
                            format!("图片文件“{}”{why}", shown_path(input, path).display()),
                        ));
                    }
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        images.push(Image { name, lines, bytes });
    }
    if problems.is_empty() {
        Ok(images)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(Error::Invalid(problems))
    }
}

/// An image's path as the user would look for it: beside the Markdown file as the user named it.
fn shown_path(input: &Path, image: &Path) -> PathBuf {
    match input.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(image),
        _ => image.to_path_buf(),
    }
}

/// Traces typst's errors back to the Markdown: an error in the body to the line it came from,
/// an error in an image file to the lines that show the image. When every error can be traced
/// they come as [`Error::Invalid`] problems `IN.md:LINE: typst 排版错误：…`; otherwise (an error
/// in the layout, or one typst did not place) typst's own message stands.
fn trace_typst_errors(
    input: &Path,
    document: &MappedDocument,
    images: &[Image],
    message: String,
) -> Error {
    let errors = compile::parse_errors(&message);
    let mut problems: Vec<Problem> = Vec::new();
    for error in &errors {
        let lines = if error.file == compile::SOURCE_NAME {
            document.markdown_line(error.line).into_iter().collect()
        } else {
            let file = error.file.trim_start_matches("./");
            images
                .iter()
                .find(|image| image.name.trim_start_matches("./") == file)
                .map(|image| image.lines.clone())
                .unwrap_or_default()
        };
        if lines.is_empty() {
            return Error::TypstFailed { message };
        }
        for line in lines {
            let problem = Problem::new(
                input,
                Some(line),
                None,
                format!("typst 排版错误：{}", error.message),
            );
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
    }
    if problems.is_empty() {
        Error::TypstFailed { message }
    } else {
        problems.sort_by_key(|p| p.line);
        Error::Invalid(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_author_and_date() {
        let markdown = "前言\n\n# 某某市2024年度评估报告\n\n# 第二个标题\n\n正文。\n\n\
                        <!-- pe:signature -->\n某某市发展和改革局  \n2025年3月4日\n\n\
                        <!-- pe:signature -->\n另一个单位\n";
        assert_eq!(
            read_document_info(markdown),
            FoundInfo {
                title: Some("某某市2024年度评估报告".to_string()),
                author: Some("某某市发展和改革局".to_string()),
                date: NaiveDate::from_ymd_opt(2025, 3, 4),
            }
        );
    }

    #[test]
    fn signature_without_date_or_misplaced() {
        let found = read_document_info("<!-- pe:signature -->\n某单位\n三月四日\n");
        assert_eq!(found.author.as_deref(), Some("某单位"));
        assert_eq!(found.date, None);
        // The directive must be followed by a paragraph, at the top level.
        let found = read_document_info(
            "<!-- pe:signature -->\n\n## 标题\n\n> <!-- pe:signature -->\n> 引文\n",
        );
        assert_eq!(found, FoundInfo::default());
    }

    #[test]
    fn parses_chinese_dates() {
        assert_eq!(
            parse_chinese_date("2025年3月4日"),
            NaiveDate::from_ymd_opt(2025, 3, 4)
        );
        assert_eq!(
            parse_chinese_date(" 2025年12月31日 "),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        assert_eq!(parse_chinese_date("2025年2月30日"), None);
        assert_eq!(parse_chinese_date("二〇二五年三月四日"), None);
        assert_eq!(parse_chinese_date("2025年3月4日发"), None);
        assert_eq!(parse_chinese_date("+2025年3月4日"), None);
    }

    #[test]
    fn outputs_follow_the_command_line_rule() {
        let input = Path::new("dir/edited.md");
        assert_eq!(
            Outputs::for_input(input, None, None, None),
            Outputs {
                pdf: Some(PathBuf::from("dir/edited.pdf")),
                typst: None,
                docx: None
            }
        );
        assert_eq!(
            Outputs::for_input(input, None, Some(PathBuf::from("x.typ")), None),
            Outputs {
                pdf: None,
                typst: Some(PathBuf::from("x.typ")),
                docx: None
            }
        );
        assert_eq!(
            Outputs::for_input(input, None, None, Some(PathBuf::from("w.docx"))),
            Outputs {
                pdf: None,
                typst: None,
                docx: Some(PathBuf::from("w.docx"))
            }
        );
        assert_eq!(
            Outputs::for_input(
                input,
                Some(PathBuf::from("y.pdf")),
                Some(PathBuf::from("x.typ")),
                Some(PathBuf::from("w.docx"))
            ),
            Outputs {
                pdf: Some(PathBuf::from("y.pdf")),
                typst: Some(PathBuf::from("x.typ")),
                docx: Some(PathBuf::from("w.docx"))
            }
        );
    }
}
