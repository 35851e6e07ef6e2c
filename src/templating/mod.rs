//! Tera for the report, its layout and the rules: the template set with its
//! filters, the variables a template reads, and error messages that keep
//! Tera's cause. A leaf below the stages: it reads template files and
//! nothing of the evaluation.

mod errors;
mod filters;
pub mod refresh;
pub mod variables;

pub use variables::referenced;

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::error::{Error, Result};
use crate::escape::escape_markdown;
use crate::files;

pub use filters::{chinese_numeral, quote, quote_filter};

/// The Markdown report template of annual and mid-term evaluations.
pub const REPORT_TEMPLATE: &str = "report.md";
/// The Markdown report template of the final evaluation (总结评估).
pub const FINAL_TEMPLATE: &str = "report-final.md";
/// The annexes (monitoring table, responsible units), shared by both.
pub(crate) const ANNEXES_TEMPLATE: &str = "annexes.md";
/// The Typst layout preamble template.
pub const LAYOUT_TEMPLATE: &str = "layout.typ";
/// Macros both report templates import.
pub(crate) const MACROS_TEMPLATE: &str = "macros.md";
/// Macros of the parts drawn from optional data (major projects, averages and rank, what
/// the units reported of their experience and problems), imported by both report templates.
pub(crate) const PARTS_TEMPLATE: &str = "parts.md";

const BUILTIN: [(&str, &str); 6] = [
    (MACROS_TEMPLATE, include_str!("../../templates/macros.md")),
    (PARTS_TEMPLATE, include_str!("../../templates/parts.md")),
    (REPORT_TEMPLATE, include_str!("../../templates/report.md")),
    (
        FINAL_TEMPLATE,
        include_str!("../../templates/report-final.md"),
    ),
    (ANNEXES_TEMPLATE, include_str!("../../templates/annexes.md")),
    (LAYOUT_TEMPLATE, include_str!("../../templates/layout.typ")),
];

/// The built-in text of template `name` (one of the names above).
pub(crate) fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The report's templates, parsed once.
pub struct Templates {
    tera: Tera,
    /// Name and exact text of every template in use (for archiving).
    pub sources: Vec<(String, String)>,
    /// The templates folder the user's templates come from, if any.
    dir: Option<PathBuf>,
    /// The names of the templates read from `dir` (the others are built in).
    own: Vec<String>,
}

/// The template texts of a report, read (the built-in ones, each replaced by a file of the
/// same name in the templates folder when there is one) but not parsed yet.
#[derive(Debug, Clone)]
pub struct Texts {
    sources: Vec<(String, String)>,
    dir: Option<PathBuf>,
    own: Vec<String>,
}

impl Templates {
    /// The built-in templates, each replaced by a file of the same name in
    /// `dir` when there is one.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        Templates::read(dir)?.parse_all()
    }

    /// Only the layout template (`layout.typ`), as [`Templates::load`] finds it:
    /// all that re-typesetting a Markdown file needs.
    pub fn layout_only(dir: Option<&Path>) -> Result<Templates> {
        Texts::read_only(dir, &[LAYOUT_TEMPLATE])?.parse_all()
    }

    /// The texts [`Templates::load`] parses, read and not parsed.
    pub fn read(dir: Option<&Path>) -> Result<Texts> {
        Texts::read_only(dir, &BUILTIN.map(|(name, _)| name))
    }

    /// Renders template `name`, after checking that every variable it and the templates it
    /// includes read is in `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.check_variables(name, context)?;
        self.tera.render(name, context).map_err(|e| {
            errors::render_error(name, &e, |n| {
                let (_, text) = self.sources.iter().find(|(s, _)| s == n)?;
                Some((text.as_str(), place(self.dir.as_deref(), &self.own, n)))
            })
        })
    }
}

impl Templates {
    /// Fails, naming the template's file and line, when template `name` (or one it includes)
    /// reads a variable `context` does not have: a user's template citing a variable that does
    /// not exist, or one written by an older `plan-eval init`.
    fn check_variables(&self, name: &str, context: &Context) -> Result<()> {
        let mut queue = vec![name.to_string()];
        let mut seen = Vec::new();
        while let Some(name) = queue.pop() {
            if seen.contains(&name) {
                continue;
            }
            let Ok(template) = self.tera.get_template(&name) else {
                continue;
            };
            let (variables, includes) = variables::reads(template);
            if let Some(missing) = variables.iter().find(|v| !context.contains_key(v)) {
                return Err(self.unknown_variable(&name, missing));
            }
            queue.extend(includes);
            seen.push(name);
        }
        Ok(())
    }

    /// Fails at the first of the user's own templates in which `find` finds a
    /// problem (its 1-based line and the message), naming the file and line.
    pub fn check_own(&self, find: impl Fn(&str) -> Option<(usize, String)>) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        for (name, text) in &self.sources {
            if !self.own.iter().any(|n| n == name) {
                continue;
            }
            if let Some((line, message)) = find(text) {
                return Err(Error::TemplateAt {
                    path: dir.join(name),
                    line,
                    message,
                });
            }
        }
        Ok(())
    }

    /// The error of template `name` reading `variable`, which the report does not have.
    fn unknown_variable(&self, name: &str, variable: &str) -> Error {
        let text = self
            .sources
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, text)| text.as_str());
        let line = variables::line_of(text, variable).unwrap_or(1);
        let place = place(self.dir.as_deref(), &self.own, name);
        let message = match &self.dir {
            Some(dir) if place.own => format!(
                "引用的变量“{variable}”在本版本的报告中不存在（模板可能有笔误，或是由旧版 plan-eval init 生成的）；请改正该处，或运行 plan-eval templates refresh --templates {} 把模板更新为当前的内置版本（原文件会另存为备份，并列出差异）",
                dir.display()
            ),
            _ => format!("引用的变量“{variable}”不存在"),
        };
        Error::TemplateAt {
            path: place.path,
            line,
            message,
        }
    }
}

impl Texts {
    fn read_only(dir: Option<&Path>, names: &[&str]) -> Result<Texts> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(Error::Usage(format!(
                "模板目录 {} 不存在或不是目录（--templates）；不给出 --templates 时使用内置模板",
                dir.display()
            )));
        }
        let mut sources = Vec::new();
        let mut own = Vec::new();
        for (name, text) in BUILTIN.into_iter().filter(|(n, _)| names.contains(n)) {
            let path = dir.map(|d| d.join(name));
            // A link to nothing is a mistake to name, not a reason to fall back.
            let present = path.as_ref().filter(|p| p.symlink_metadata().is_ok());
            if let (Some(dir), Some(path)) = (dir, present)
                && let Some(why) = files::link_outside(dir, path)
            {
                return Err(Error::Read {
                    path: path.clone(),
                    source: std::io::Error::other(why),
                });
            }
            let text = match present {
                Some(path) => {
                    own.push(name.to_string());
                    files::read_text(path)?
                }
                None => text.to_string(),
            };
            sources.push((name.to_string(), text));
        }
        Ok(Texts {
            sources,
            dir: dir.map(Path::to_path_buf),
            own,
        })
    }

    /// Parses every template, as [`Templates::load`] does.
    pub fn parse_all(&self) -> Result<Templates> {
        let sources: Vec<_> = self.sources.iter().collect();
        let tera = parse(&sources, |name| place(self.dir.as_deref(), &self.own, name))?;
        Ok(Templates {
            tera,
            sources: self.sources.clone(),
            dir: self.dir.clone(),
            own: self.own.clone(),
        })
    }
}

/// Where template `name` comes from, as its errors name it: the user's file in `dir` when it is
/// one of `own`, else the built-in template.
fn place(dir: Option<&Path>, own: &[String], name: &str) -> errors::Place {
    match dir {
        Some(dir) if own.iter().any(|n| n == name) => errors::Place {
            path: dir.join(name),
            own: true,
        },
        _ => errors::Place {
            path: PathBuf::from(format!("（内置模板）{name}")),
            own: false,
        },
    }
}

/// A Tera holding `sources`, added in their order, with the report's filters and escaping;
/// the error names the first template that fails, at its line (`place_of` says where each
/// template comes from).
fn parse(sources: &[&(String, String)], place_of: impl Fn(&str) -> errors::Place) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape_markdown);
    tera.register_filter("fixed", filters::fixed);
    tera.register_filter("plain", filters::plain);
    tera.register_filter("cn", filters::cn);
    tera.register_filter("typst_str", filters::typst_str);
    tera.register_filter("quote", filters::quote_filter);
    for (name, text) in sources {
        tera.add_raw_template(name, text)
            .map_err(|e| errors::parse_error(&place_of(name), text, &e))?;
    }
    Ok(tera)
}

/// The whole cause chain of a Tera error, which hides the useful part in `source`.
pub fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push('：');
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn the_built_in_templates_are_all_parsed() {
        let templates = Templates::load(None).unwrap();
        let mut names: Vec<&str> = templates.tera.get_template_names().collect();
        names.sort_unstable();
        let mut expected = BUILTIN.map(|(name, _)| name);
        expected.sort_unstable();
        assert_eq!(names, expected);
        assert_eq!(templates.sources.len(), BUILTIN.len());
    }

    #[test]
    fn of_two_broken_templates_the_first_in_order_is_named() {
        let cases = [
            (
                [
                    ("report.md", "{% if %}"),
                    ("report-final.md", "{{ unclosed"),
                ],
                "report.md",
            ),
            (
                [
                    ("report-final.md", "{{ unclosed"),
                    ("annexes.md", "{% endif %}"),
                ],
                "report-final.md",
            ),
        ];
        for (files, first) in cases {
            let dir = folder(&files);
            let Err(Error::TemplateAt { path, line, .. }) = Templates::load(Some(dir.path()))
            else {
                panic!("broken templates must be an error at their line");
            };
            assert_eq!((path, line), (dir.path().join(first), 1));
        }
    }
}
