//! Tera for the report, its layout and the rules: the template set with its
//! filters, the variables a template reads, and error messages that keep
//! Tera's cause. A leaf below the stages: it reads template files and
//! nothing of the evaluation.

mod filters;
pub mod variables;

pub use variables::referenced;

use std::path::Path;

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
pub const ANNEXES_TEMPLATE: &str = "annexes.md";
/// The Typst layout preamble template.
pub const LAYOUT_TEMPLATE: &str = "layout.typ";
/// Macros both report templates import.
pub const MACROS_TEMPLATE: &str = "macros.md";

const BUILTIN: [(&str, &str); 5] = [
    (MACROS_TEMPLATE, include_str!("../../templates/macros.md")),
    (REPORT_TEMPLATE, include_str!("../../templates/report.md")),
    (
        FINAL_TEMPLATE,
        include_str!("../../templates/report-final.md"),
    ),
    (ANNEXES_TEMPLATE, include_str!("../../templates/annexes.md")),
    (LAYOUT_TEMPLATE, include_str!("../../templates/layout.typ")),
];

/// The report's templates, parsed once.
pub struct Templates {
    tera: Tera,
    /// Name and exact text of every template in use (for archiving).
    pub sources: Vec<(String, String)>,
    /// Templates read but not parsed yet (see [`Texts::for_report`]): checked by
    /// [`Templates::check_rest`].
    unparsed: Vec<String>,
}

/// The template texts of a report, read (the built-in ones, each replaced by a file of the
/// same name in the templates folder when there is one) but not parsed yet.
pub struct Texts {
    sources: Vec<(String, String)>,
}

/// Templates parsed apart, to be merged into a report's (see [`Texts::parse_shared`]).
pub struct Parsed(Result<Tera>);

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

    /// Parses the templates [`Texts::for_report`] left unparsed (the other kind's report
    /// template), failing as [`Templates::load`] would have for them.
    pub fn check_rest(&self) -> Result<()> {
        if self.unparsed.is_empty() {
            return Ok(());
        }
        let rest: Vec<&(String, String)> = self
            .sources
            .iter()
            .filter(|(name, _)| name == MACROS_TEMPLATE || self.unparsed.contains(name))
            .collect();
        if parse(&rest).is_ok() {
            return Ok(());
        }
        // A template of a user's importing one of the others: the whole set, in order.
        parse(&self.sources.iter().collect::<Vec<_>>()).map(|_| ())
    }

    /// Renders template `name`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| Error::Template {
                name: name.to_string(),
                message: tera_message(&e),
            })
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
                Some(path) => files::read_text(path)?,
                None => text.to_string(),
            };
            sources.push((name.to_string(), text));
        }
        Ok(Texts { sources })
    }

    /// Parses the templates both report templates use apart from the macros (the annexes
    /// and the layout), e.g. on another thread while the data are read.
    pub fn parse_shared(&self) -> Parsed {
        let shared: Vec<&(String, String)> = self
            .sources
            .iter()
            .filter(|(name, _)| name == ANNEXES_TEMPLATE || name == LAYOUT_TEMPLATE)
            .collect();
        Parsed(parse(&shared))
    }

    /// The templates of a report made from `report` (the template of its kind, as
    /// `report::markdown` chooses it), with `shared` from [`Texts::parse_shared`]: `report`
    /// and the macros parsed now and merged with the shared ones; the other report template
    /// is left for [`Templates::check_rest`] (a third of the parsing off the path to the
    /// typst process). Any error is the one [`Templates::load`] gives.
    pub fn for_report(self, report: &str, shared: Parsed) -> Result<Templates> {
        let own: Vec<&(String, String)> = self
            .sources
            .iter()
            .filter(|(name, _)| name == MACROS_TEMPLATE || name == report)
            .collect();
        let merged = match (parse(&own), shared.0) {
            (Ok(mut tera), Ok(shared)) => tera.extend(&shared).ok().map(|()| tera),
            _ => None,
        };
        let Some(tera) = merged else {
            return self.parse_all();
        };
        let parsed: Vec<String> = tera.get_template_names().map(str::to_string).collect();
        let unparsed = self
            .sources
            .iter()
            .map(|(name, _)| name.clone())
            .filter(|name| !parsed.contains(name))
            .collect();
        Ok(Templates {
            tera,
            sources: self.sources,
            unparsed,
        })
    }

    /// Parses every template, as [`Templates::load`] does.
    pub fn parse_all(self) -> Result<Templates> {
        let sources = self.sources;
        let tera = parse(&sources.iter().collect::<Vec<_>>())?;
        Ok(Templates {
            tera,
            sources,
            unparsed: Vec::new(),
        })
    }
}

/// A Tera holding `sources`, added in their order, with the report's filters and escaping;
/// the error names the first template that fails.
fn parse(sources: &[&(String, String)]) -> Result<Tera> {
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
            .map_err(|e| Error::Template {
                name: name.clone(),
                message: tera_message(&e),
            })?;
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
    fn a_report_template_importing_another_still_loads() {
        // report-final.md imports macros from report.md, which comes before it in order, as
        // one Tera allows: parsing the final report's own templates apart fails, and the
        // whole set is parsed instead.
        let dir = folder(&[
            (
                "report.md",
                "{% macro hi(who) %}你好，{{ who }}{% endmacro hi %}",
            ),
            (
                "report-final.md",
                "{% import \"report.md\" as r %}{{ r::hi(who=\"市发改局\") }}",
            ),
        ]);
        let texts = Templates::read(Some(dir.path())).unwrap();
        let shared = texts.parse_shared();
        let templates = texts.for_report(FINAL_TEMPLATE, shared).unwrap();
        let text = templates
            .render("report-final.md", &Context::new())
            .unwrap();
        assert_eq!(text, "你好，市发改局");
        assert!(templates.check_rest().is_ok());
        let all = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(
            all.render("report-final.md", &Context::new()).unwrap(),
            text
        );
    }

    #[test]
    fn a_report_parses_its_own_template_and_checks_the_other_later() {
        let texts = Templates::read(None).unwrap();
        let shared = texts.parse_shared();
        let templates = texts.for_report(REPORT_TEMPLATE, shared).unwrap();
        assert!(templates.tera.get_template(FINAL_TEMPLATE).is_err());
        assert_eq!(templates.unparsed, [FINAL_TEMPLATE]);
        assert_eq!(templates.sources.len(), BUILTIN.len());
        assert!(templates.check_rest().is_ok());

        // The other kind's template broken in a user's folder: the report's own parse is
        // fine, the later check fails with the message loading all of them gives.
        let dir = folder(&[("report-final.md", "{{ unclosed")]);
        let texts = Templates::read(Some(dir.path())).unwrap();
        let shared = texts.parse_shared();
        let templates = texts.for_report(REPORT_TEMPLATE, shared).unwrap();
        let (Err(Error::Template { name, message }), Err(Error::Template { message: all, .. })) =
            (templates.check_rest(), Templates::load(Some(dir.path())))
        else {
            panic!("a broken template must be an error");
        };
        assert_eq!(name, FINAL_TEMPLATE);
        assert_eq!(message, all);

        // Its own template broken: the error at once, as loading gives it.
        let dir = folder(&[("report.md", "{% if %}")]);
        let texts = Templates::read(Some(dir.path())).unwrap();
        let shared = texts.parse_shared();
        let Err(Error::Template { name, .. }) = texts.for_report(REPORT_TEMPLATE, shared) else {
            panic!("a broken template must be an error");
        };
        assert_eq!(name, REPORT_TEMPLATE);
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
            let Err(Error::Template { name, .. }) = Templates::load(Some(dir.path())) else {
                panic!("broken templates must be an error");
            };
            assert_eq!(name, first);
        }
    }
}
