//! Countermeasure rules (`countermeasures.yaml`): which case gets which
//! measure, as data. Rule texts are Tera templates, compiled once on load.

use std::path::Path;

use serde::Deserialize;
use tera::{Context, Tera};

use crate::error::{Error, Problems, Result};
use crate::evaluate::Grade;
use crate::fsio;
use crate::plan::Plan;
use crate::progress::Status;
use crate::yaml::{self, Lines};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    indicator_rules: Vec<RawIndicatorRule>,
    #[serde(default)]
    task_rules: Vec<RawTaskRule>,
    #[serde(default)]
    standing: Vec<StandingMeasure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicatorRule {
    id: String,
    #[serde(default)]
    indicators: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    kinds: Vec<String>,
    grades: Vec<String>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaskRule {
    id: String,
    statuses: Vec<String>,
    text: String,
}

/// A measure the plan's 工作要求 demand every year, whatever the grades.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StandingMeasure {
    pub title: String,
    pub text: String,
}

/// Matches an indicator by id, domain tag or target kind (empty = any) and grade.
#[derive(Debug, Clone)]
pub struct IndicatorRule {
    pub id: String,
    pub indicators: Vec<String>,
    pub domains: Vec<String>,
    pub kinds: Vec<String>,
    pub grades: Vec<Grade>,
}

#[derive(Debug, Clone)]
pub struct TaskRule {
    pub id: String,
    pub statuses: Vec<Status>,
}

/// Validated rules with their texts compiled.
#[derive(Debug, Clone)]
pub struct Rules {
    pub indicator_rules: Vec<IndicatorRule>,
    pub task_rules: Vec<TaskRule>,
    pub standing: Vec<StandingMeasure>,
    texts: Tera,
}

impl Rules {
    /// Renders the text of rule `id` with the case's numbers.
    pub fn render(&self, id: &str, context: &Context) -> Result<String> {
        // A text may be wrapped over several lines in the file; Chinese joins them without spaces.
        self.texts
            .render(id, context)
            .map(|text| join_lines(&text))
            .map_err(|e| Error::Template {
                name: format!("countermeasures.yaml 规则 {id}"),
                message: tera_message(&e),
            })
    }
}

/// Joins a text wrapped over several lines: Chinese needs no space between them.
fn join_lines(text: &str) -> String {
    text.lines().map(str::trim).collect()
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

pub fn load(path: &Path, plan: &Plan) -> Result<Rules> {
    let text = fsio::read_text(path)?;
    parse(path, &text, plan)
}

pub fn parse(path: &Path, text: &str, plan: &Plan) -> Result<Rules> {
    let raw: RawRules = yaml::parse(path, text)?;
    let lines = Lines::new(text);
    let mut problems = Problems::default();
    let mut texts = Tera::default();
    texts.autoescape_on(vec![]);
    texts.register_filter("quote", crate::render::quote_filter);
    let mut compile = |problems: &mut Problems, id: &str, body: &str| {
        if texts.get_template_names().any(|n| n == id) {
            problems.report(
                path,
                lines.item("id", id, 1),
                "id",
                format!("规则编号“{id}”重复"),
            );
        } else if let Err(e) = texts.add_raw_template(id, body) {
            problems.report(
                path,
                lines.item_field("id", id, "text"),
                "text",
                format!("规则“{id}”的文字模板有误：{}", tera_message(&e)),
            );
        }
    };

    let mut indicator_rules = Vec::new();
    for r in &raw.indicator_rules {
        compile(&mut problems, &r.id, &r.text);
        for ind in &r.indicators {
            if plan.indicator(ind).is_none() {
                problems.report(
                    path,
                    lines.item_field("id", &r.id, "indicators"),
                    "indicators",
                    format!("规则“{}”引用的指标“{ind}”不在规划中", r.id),
                );
            }
        }
        for kind in &r.kinds {
            if !["growth", "level", "floor", "ceiling", "quota"].contains(&kind.as_str()) {
                problems.report(
                    path,
                    lines.item_field("id", &r.id, "kinds"),
                    "kinds",
                    format!("规则“{}”的目标类型“{kind}”无法识别", r.id),
                );
            }
        }
        let mut grades = Vec::new();
        for g in &r.grades {
            match Grade::from_label(g) {
                Some(grade) => grades.push(grade),
                None => problems.report(
                    path,
                    lines.item_field("id", &r.id, "grades"),
                    "grades",
                    format!(
                        "规则“{}”的评价等级“{g}”无法识别，应为：{}",
                        r.id,
                        Grade::ALL.map(Grade::label).join("、")
                    ),
                ),
            }
        }
        indicator_rules.push(IndicatorRule {
            id: r.id.clone(),
            indicators: r.indicators.clone(),
            domains: r.domains.clone(),
            kinds: r.kinds.clone(),
            grades,
        });
    }
    let mut task_rules = Vec::new();
    for r in &raw.task_rules {
        compile(&mut problems, &r.id, &r.text);
        let mut statuses = Vec::new();
        for s in &r.statuses {
            match Status::from_label(s) {
                Some(status) => statuses.push(status),
                None => problems.report(
                    path,
                    lines.item_field("id", &r.id, "statuses"),
                    "statuses",
                    format!("规则“{}”的进展状态“{s}”无法识别", r.id),
                ),
            }
        }
        task_rules.push(TaskRule {
            id: r.id.clone(),
            statuses,
        });
    }
    problems.finish(Rules {
        indicator_rules,
        task_rules,
        standing: raw
            .standing
            .into_iter()
            .map(|m| StandingMeasure {
                title: m.title,
                text: join_lines(&m.text),
            })
            .collect(),
        texts,
    })
}
