//! Countermeasure rules (`countermeasures.yaml`): which case gets which
//! measure, as data. Rule texts are Tera templates, compiled once on load;
//! every variable a text reads is checked on load against the variables the
//! cases it can match have.

mod coverage;
pub mod lint;
mod sentences;
mod variables;

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;
use tera::{Context, Tera};

use crate::error::{Error, Problems, Result};
use crate::files;
use crate::files::yaml::{self, Lines};
use crate::model::vocabulary::{EvaluationKind, Grade, GradeWords, Status, TargetKind};
use crate::plan::Plan;
use crate::templating::tera_message;

use variables::has_all;
pub use variables::{STANDING_VARIABLES, indicator_variables, standing_id, task_variables};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    // Every section is required (write `[]` for none), so that a file cut short, which still
    // parses, is told apart from one that means to have no rules of a kind.
    indicator_rules: Vec<RawIndicatorRule>,
    task_rules: Vec<RawTaskRule>,
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
    #[serde(default)]
    evaluations: Vec<String>,
    grades: Vec<String>,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaskRule {
    id: String,
    statuses: Vec<String>,
    #[serde(default)]
    evaluations: Vec<String>,
    #[serde(default)]
    grouped: bool,
    text: String,
}

/// A measure the plan's 工作要求 demand every year, whatever the grades.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StandingMeasure {
    pub title: String,
    pub text: String,
    /// Kinds of evaluation it closes (empty = every one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluations: Vec<String>,
}

impl StandingMeasure {
    pub fn fits(&self, evaluation: EvaluationKind) -> bool {
        self.evaluations.is_empty()
            || self
                .evaluations
                .iter()
                .any(|e| EvaluationKind::parse(e) == Some(evaluation))
    }
}

/// Matches an indicator by id, domain tag or target kind (empty = any) and grade.
#[derive(Debug, Clone)]
pub struct IndicatorRule {
    pub id: String,
    pub indicators: Vec<String>,
    pub domains: Vec<String>,
    pub kinds: Vec<String>,
    /// Kinds of evaluation it applies to (empty = any).
    pub evaluations: Vec<EvaluationKind>,
    pub grades: Vec<Grade>,
    /// The context variables its text reads.
    pub variables: BTreeSet<String>,
}

impl IndicatorRule {
    /// Whether the rule can speak of an indicator of target kind `kind` in
    /// an evaluation of kind `evaluation`: it is meant for both, and every
    /// variable its text reads exists there (a rule citing the rate still
    /// needed never fires in the final year).
    pub fn fits(&self, kind: TargetKind, evaluation: EvaluationKind) -> bool {
        (self.kinds.is_empty() || self.kinds.iter().any(|k| k == kind.key()))
            && (self.evaluations.is_empty() || self.evaluations.contains(&evaluation))
            && has_all(&self.variables, &indicator_variables(kind, evaluation))
    }
}

/// Matches tasks by status; a grouped rule gives one measure for all of them.
#[derive(Debug, Clone)]
pub struct TaskRule {
    pub id: String,
    pub statuses: Vec<Status>,
    pub evaluations: Vec<EvaluationKind>,
    pub grouped: bool,
    pub variables: BTreeSet<String>,
}

impl TaskRule {
    pub fn fits(&self, evaluation: EvaluationKind) -> bool {
        (self.evaluations.is_empty() || self.evaluations.contains(&evaluation))
            && has_all(&self.variables, &task_variables(self.grouped, evaluation))
    }
}

/// Validated rules with their texts compiled.
#[derive(Debug, Clone)]
pub struct Rules {
    pub indicator_rules: Vec<IndicatorRule>,
    pub task_rules: Vec<TaskRule>,
    pub standing: Vec<StandingMeasure>,
    texts: Tera,
    /// The variables each text reads, by rule id.
    reads: std::collections::HashMap<String, BTreeSet<String>>,
    /// Texts that break the writing rules ([`lint`]), as warnings naming their line.
    style: Vec<String>,
}

impl Rules {
    /// The variables the text of rule `id` reads (as [`crate::templating::referenced`] finds them).
    pub fn reads(&self, id: &str) -> Option<&BTreeSet<String>> {
        self.reads.get(id)
    }

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

/// The variables of `used` that `known` does not know, in order.
fn unknown_variables(used: &BTreeSet<String>, known: impl Fn(&str) -> bool) -> Vec<&str> {
    used.iter()
        .map(String::as_str)
        .filter(|v| !known(v))
        .collect()
}

/// Joins a text wrapped over several lines: Chinese needs no space between them.
fn join_lines(text: &str) -> String {
    text.lines().map(str::trim).collect()
}

pub fn load(path: &Path, plan: &Plan) -> Result<Rules> {
    let text = files::read_text(path)?;
    parse(path, &text, plan)
}

// Long: one pass over the three sections, reporting every problem at its line together.
pub fn parse(path: &Path, text: &str, plan: &Plan) -> Result<Rules> {
    let raw: RawRules = yaml::parse(path, text)?;
    let lines = Lines::new(text);
    let mut problems = Problems::default();
    let mut texts = Tera::default();
    texts.autoescape_on(vec![]);
    texts.register_filter("quote", crate::templating::quote_filter);
    let mut reads = std::collections::HashMap::new();
    let mut compile = |problems: &mut Problems, id: &str, body: &str| -> BTreeSet<String> {
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
        } else if let Ok(template) = texts.get_template(id) {
            let used = crate::templating::referenced(template);
            reads.insert(id.to_string(), used.clone());
            return used;
        }
        BTreeSet::new()
    };
    let evaluations = |problems: &mut Problems, id: &str, given: &[String]| {
        let mut kinds = Vec::new();
        for e in given {
            match EvaluationKind::parse(e) {
                Some(k) => kinds.push(k),
                None => problems.report(
                    path,
                    lines.item_field("id", id, "evaluations"),
                    "evaluations",
                    format!(
                        "规则“{id}”的评估类型“{e}”无法识别，应为 annual（年度）、midterm（中期）或 final（总结）"
                    ),
                ),
            }
        }
        if kinds.is_empty() {
            EvaluationKind::ALL.to_vec()
        } else {
            kinds
        }
    };
    // A variable no case the rule can match has is an error; one that only
    // some cases have narrows the rule to those.
    let check_variables = |problems: &mut Problems,
                           id: &str,
                           used: &BTreeSet<String>,
                           cases: &[Vec<&'static str>]| {
        let known: BTreeSet<&str> = cases.iter().flatten().copied().collect();
        let line = lines.item_field("id", id, "text");
        let unknown = unknown_variables(used, |v| known.contains(v));
        if !unknown.is_empty() {
            problems.report(
                path,
                line,
                "text",
                format!(
                    "规则“{id}”引用了不存在的变量“{}”；可用的变量：{}",
                    unknown.join("”“"),
                    known.iter().copied().collect::<Vec<_>>().join("、")
                ),
            );
        } else if !cases.iter().any(|available| has_all(used, available)) {
            problems.report(
                path,
                line,
                "text",
                format!(
                    "规则“{id}”引用的变量在它适用的任何情形中都不同时存在（如总结评估没有 needed、remaining_years、outlook 等预测类变量），该规则永远不会生效"
                ),
            );
        }
    };

    let mut style = Vec::new();
    let mut lint = |id: &str, line: Option<usize>, body: &str, names: &[&str]| {
        let mut words: Vec<&str> = lint::SOURCE_NAMES.to_vec();
        words.extend_from_slice(names);
        for breach in lint::breaches(body, &words) {
            let at = line.map(|l| format!("第{l}行")).unwrap_or_default();
            style.push(format!("{at}“{id}”的文字不符合写法要求：{breach}"));
        }
    };
    let mut indicator_rules = Vec::new();
    for r in &raw.indicator_rules {
        let variables = compile(&mut problems, &r.id, &r.text);
        let names: Vec<&str> = r
            .indicators
            .iter()
            .filter_map(|id| plan.indicator(id))
            .flat_map(|i| [i.name.as_str(), i.short_name.as_str()])
            .collect();
        lint(
            &r.id,
            lines.item_field("id", &r.id, "text"),
            &r.text,
            &names,
        );
        let applies = evaluations(&mut problems, &r.id, &r.evaluations);
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
            if TargetKind::parse(kind).is_none() {
                problems.report(
                    path,
                    lines.item_field("id", &r.id, "kinds"),
                    "kinds",
                    format!(
                        "规则“{}”的目标类型“{kind}”无法识别，应为：{}",
                        r.id,
                        TargetKind::keys().join("、")
                    ),
                );
            }
        }
        let kinds: Vec<TargetKind> = if r.kinds.is_empty() {
            TargetKind::ALL.to_vec()
        } else {
            r.kinds
                .iter()
                .filter_map(|k| TargetKind::parse(k))
                .collect()
        };
        let cases: Vec<Vec<&'static str>> = kinds
            .iter()
            .flat_map(|&k| applies.iter().map(move |e| indicator_variables(k, *e)))
            .collect();
        if !cases.is_empty() {
            check_variables(&mut problems, &r.id, &variables, &cases);
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
                        "规则“{}”的评价等级“{g}”无法识别，应为：{}（也可用序时进度用语：{}）",
                        r.id,
                        Grade::ALL.map(Grade::label).join("、"),
                        [
                            Grade::AchievedEarly,
                            Grade::Ahead,
                            Grade::OnTrack,
                            Grade::Behind,
                            Grade::FarBehind
                        ]
                        .map(|g| g.word(GradeWords::Schedule))
                        .join("、")
                    ),
                ),
            }
        }
        indicator_rules.push(IndicatorRule {
            id: r.id.clone(),
            indicators: r.indicators.clone(),
            domains: r.domains.clone(),
            kinds: r.kinds.clone(),
            evaluations: if r.evaluations.is_empty() {
                Vec::new()
            } else {
                applies
            },
            grades,
            variables,
        });
    }
    let mut task_rules = Vec::new();
    for r in &raw.task_rules {
        let variables = compile(&mut problems, &r.id, &r.text);
        lint(&r.id, lines.item_field("id", &r.id, "text"), &r.text, &[]);
        let applies = evaluations(&mut problems, &r.id, &r.evaluations);
        let cases: Vec<Vec<&'static str>> = applies
            .iter()
            .map(|e| task_variables(r.grouped, *e))
            .collect();
        check_variables(&mut problems, &r.id, &variables, &cases);
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
            evaluations: if r.evaluations.is_empty() {
                Vec::new()
            } else {
                applies
            },
            grouped: r.grouped,
            variables,
        });
    }
    let mut standing = Vec::new();
    for (index, m) in raw.standing.into_iter().enumerate() {
        let id = standing_id(index);
        let line = lines.item("title", &m.title, 0);
        let used = compile(&mut problems, &id, &m.text);
        lint(&m.title, line, &m.text, &[]);
        let unknown = unknown_variables(&used, |v| STANDING_VARIABLES.contains(&v));
        if !unknown.is_empty() {
            problems.report(
                path,
                line,
                "text",
                format!(
                    "常设措施“{}”引用了不存在的变量“{}”；可用的变量：{}",
                    m.title,
                    unknown.join("”“"),
                    STANDING_VARIABLES.join("、")
                ),
            );
        }
        for e in &m.evaluations {
            if EvaluationKind::parse(e).is_none() {
                problems.report(
                    path,
                    line,
                    "evaluations",
                    format!(
                        "常设措施“{}”的评估类型“{e}”无法识别，应为 annual（年度）、midterm（中期）或 final（总结）",
                        m.title
                    ),
                );
            }
        }
        standing.push(StandingMeasure {
            title: m.title,
            text: join_lines(&m.text),
            evaluations: m.evaluations,
        });
    }
    // The measure of a lagging indicator no rule answers: it names the indicator, never nothing.
    texts
        .add_raw_template(GENERIC_RULE, GENERIC_TEXT)
        .expect("the generic measure's text parses");
    if let Ok(template) = texts.get_template(GENERIC_RULE) {
        reads.insert(
            GENERIC_RULE.to_string(),
            crate::templating::referenced(template),
        );
    }
    problems.finish(Rules {
        indicator_rules,
        task_rules,
        standing,
        texts,
        reads,
        style,
    })
}

/// The id of the built-in measure for a lagging indicator no rule answers.
pub const GENERIC_RULE: &str = "plan-eval-generic";

const GENERIC_TEXT: &str = "{% if cause_gist %}针对{{ cause_gist }}等影响{{ short_name }}的因素，{% endif %}{% if lead_is_self %}{{ self }}将{% else %}建议{{ lead }}{% endif %}{% if supporting %}会同{{ supporting }}{% endif %}{% if price %}加强{{ short_name }}和重要民生商品价格的监测分析，及时掌握价格走势。{% else %}{% if not cause_gist %}认真分析{{ short_name }}{{ grade }}的原因，{% endif %}{% if evaluation == \"总结评估\" %}在{{ next_plan }}实施期间研究提出改进举措{% else %}制定有针对性的措施，推动完成规划目标{% endif %}。{% endif %}";
