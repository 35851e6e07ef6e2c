//! Re-typesetting a report's Markdown that officers edited by hand: the same converter and layout
//! as a generated report, the document's title, author and date read from the Markdown itself,
//! its images taken from its own folder, and typst's errors traced back to Markdown lines.

mod images;
mod info;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use chrono::{Local, NaiveDate};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::error::{Error, Problem, Result};
use crate::files;
use crate::templating::Templates;
use crate::typeset::DocumentInfo;
use crate::typeset::compile;
use crate::typeset::convert::{self, LineIndex, is_local_image, line_count};
use images::{Image, ImageFinder, images};
use info::InfoReader;

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
pub(crate) struct MappedDocument {
    /// The layout preamble, then the converted body (as [`crate::typeset::document`] makes it).
    pub source: String,
    /// The number of source lines before the body.
    pub preamble_lines: usize,
    /// The Markdown line of each body line (see [`markdown_to_typst_mapped`]).
    pub body_map: Vec<usize>,
}

impl MappedDocument {
    /// The Markdown line that a 1-based line of the source came from, if it is in the body.
    pub(crate) fn markdown_line(&self, source_line: usize) -> Option<usize> {
        let index = source_line.checked_sub(self.preamble_lines + 1)?;
        self.body_map.get(index).copied()
    }
}

/// The layout preamble for `info`, then the converted `body` with its line map.
fn document_of_body(
    templates: &Templates,
    info: &DocumentInfo,
    body: String,
    body_map: Vec<usize>,
) -> Result<MappedDocument> {
    let mut preamble = crate::typeset::layout(templates, info)?;
    preamble.push('\n');
    let preamble_lines = line_count(&preamble);
    // The preamble goes in front of the body, whose buffer the converter made large
    // enough: the body (megabytes, for a long report) is moved once, not copied into a
    // string grown from the preamble's size.
    let mut source = body;
    source.insert_str(0, &preamble);
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
/// (Over 80 lines: reading the Markdown, its images, the Word document and the PDF are one
/// sequence whose errors all name the user's file.)
pub(crate) fn retypeset_as(
    input: &Path,
    templates: Option<&Path>,
    pdf: bool,
    docx: bool,
) -> Result<Retypeset> {
    let markdown = files::read_text(input)?;
    refuse_blank(input, &markdown)?;
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
    // A user's layout.typ that typst refuses is named, at its own line.
    let layout = templates
        .map(|dir| dir.join(crate::templating::LAYOUT_TEMPLATE))
        .filter(|path| path.exists());
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
            if let Some(layout) = &layout {
                let failed = Error::TypstFailed {
                    message: message.clone(),
                };
                let named = crate::typeset::in_layout(
                    failed,
                    &document.source,
                    document.preamble_lines,
                    layout,
                    info.date,
                );
                if !matches!(named, Error::TypstFailed { .. }) {
                    return Err(named);
                }
            }
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

/// Refuses a Markdown file with nothing in it (or only blanks): it has nothing to typeset, and
/// is bad input (exit 1) rather than a blank page.
fn refuse_blank(input: &Path, markdown: &str) -> Result<()> {
    if !markdown.trim().is_empty() {
        return Ok(());
    }
    let empty = fs::metadata(input).is_ok_and(|meta| meta.len() == 0);
    let why = if empty {
        "文件为空（0 字节）"
    } else {
        "文件中只有空白，没有任何文字"
    };
    Err(Error::Invalid(vec![Problem::new(
        input,
        None,
        None,
        format!(
            "{why}，没有可排版的内容，未生成任何文件；请确认给出的是报告的 Markdown 文件，且修改后已保存"
        ),
    )]))
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
    use info::{FoundInfo, parse_chinese_date, read_document_info};

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
