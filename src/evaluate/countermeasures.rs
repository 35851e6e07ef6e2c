//! Choosing countermeasures: the first matching rule for every graded
//! indicator and every lagging task, binding indicators first, then by severity.

use std::collections::HashMap;

use serde::Serialize;

use crate::input::rules::{Rules, TaskRule};
use crate::model::numfmt::{fixed, plain, year_span};
use crate::model::vocabulary::Status;
use crate::plan::{Plan, Unit};

use super::case::Case;
use super::{IndicatorResult, Period, SectionResult, TaskResult};

/// One measure addressed to a lead unit.
#[derive(Debug, Clone, Serialize)]
pub struct Countermeasure {
    /// `indicator` or `task`.
    pub about: &'static str,
    /// Id of the indicator or task.
    pub target_id: String,
    pub target_name: String,
    /// The name in running text and measure headings (an indicator's short name).
    pub target_short: String,
    pub binding: bool,
    /// Grade or status word of the case.
    pub finding: String,
    pub lead_unit: String,
    /// The rule chosen, whose text the report writes with `case`.
    pub rule: String,
    /// The numbers and names of the case, preformatted, for the rule's text.
    #[serde(skip)]
    pub case: Case,
    #[serde(skip)]
    severity: u8,
}

pub(super) fn select(
    plan: &Plan,
    indicators: &[IndicatorResult],
    sections: &[SectionResult],
    rules: &Rules,
    period: Period,
) -> Vec<Countermeasure> {
    // Units by name, the first of a name as a search in order finds it.
    let mut units: HashMap<&str, &Unit> = HashMap::with_capacity(plan.units.len());
    for u in &plan.units {
        units.entry(u.short_name.as_str()).or_insert(u);
    }
    let speaker = Speaker::of(plan, period.year);
    let mut for_indicators = Vec::new();
    for ind in indicators {
        let grade = ind.grade();
        let rule = match rules.indicator_rules.iter().find(|r| {
            r.grades.contains(&grade)
                && (r.indicators.is_empty() || r.indicators.contains(&ind.id))
                && (r.domains.is_empty() || r.domains.contains(&ind.domain))
                && r.fits(ind.goal.kind(), period.kind)
        }) {
            Some(rule) => rule.id.clone(),
            // A lagging indicator is never left without a word.
            None if grade.is_lagging() => crate::input::rules::GENERIC_RULE.to_string(),
            None => continue,
        };
        // A figure published the following year, or one whose 考核目标 is not yet
        // assigned, is no unit's failure to report.
        if grade == crate::model::vocabulary::Grade::NoData
            && (ind.published_late || ind.assessment.reading_year.is_some())
        {
            continue;
        }
        let lead = units.get(ind.lead_unit.as_str()).copied();
        for_indicators.push(Countermeasure {
            about: "indicator",
            target_id: ind.id.clone(),
            target_name: ind.name.clone(),
            target_short: ind.short_name.clone(),
            binding: ind.binding,
            finding: if ind.assessment.preliminary {
                format!("{}，初步", ind.grade_label)
            } else {
                ind.grade_label.clone()
            },
            lead_unit: ind.lead_unit.clone(),
            rule,
            case: indicator_case(lead, ind, period, &speaker),
            severity: grade.severity(),
        });
    }
    // Stable sort keeps the plan's order within a class.
    for_indicators.sort_by_key(|c| (!c.binding, std::cmp::Reverse(c.severity)));

    let mut for_tasks = Vec::new();
    let tasks: Vec<&TaskResult> = sections.iter().flat_map(|s| &s.tasks).collect();
    let rule_of = |task: &TaskResult| {
        rules
            .task_rules
            .iter()
            .find(|r| r.statuses.contains(&task.status) && r.fits(period.kind))
    };
    let mut grouped_done: Vec<&str> = Vec::new();
    // Indicators without the year's figure: their lead units have not
    // reported, as the 报送情况 table counts them.
    // A figure published the following year is not yet out, not unreported.
    let unreported: Vec<&IndicatorResult> = indicators
        .iter()
        .filter(|i| i.assessment.reading_year != Some(period.year) && !i.published_late)
        .collect();
    let unit_order = |name: &str| {
        plan.units
            .iter()
            .position(|u| u.short_name == name)
            .unwrap_or(usize::MAX)
    };
    for task in &tasks {
        let Some(rule) = rule_of(task) else {
            continue;
        };
        let mut ctx = task_case(task.status, period, &speaker, plan);
        if rule.grouped {
            // One measure for every task this rule takes, naming their units once.
            if grouped_done.contains(&rule.id.as_str()) {
                continue;
            }
            grouped_done.push(&rule.id);
            let group: Vec<&&TaskResult> = tasks
                .iter()
                .filter(|t| rule_of(t).is_some_and(|r| r.id == rule.id))
                .collect();
            // Only a rule whose text names the indicators takes their units in.
            let missing: &[&IndicatorResult] =
                if task.status == Status::NotReported && rule.variables.contains("indicators") {
                    &unreported
                } else {
                    &[]
                };
            let mut units = distinct(
                group
                    .iter()
                    .map(|t| t.lead_unit.as_str())
                    .chain(missing.iter().map(|i| i.lead_unit.as_str())),
            );
            if !missing.is_empty() {
                units.sort_by_key(|u| unit_order(u));
            }
            let titles: Vec<&str> = group.iter().map(|t| t.title.as_str()).collect();
            let names: Vec<&str> = missing.iter().map(|i| i.short_name.as_str()).collect();
            ctx.insert("tasks", &titles);
            speaker.insert_units(&mut ctx, &units);
            ctx.insert("count", &group.len());
            ctx.insert("indicators", &names);
            let heading = match (group.as_slice(), task.status) {
                (_, Status::NotReported) if !missing.is_empty() => {
                    "未报送的指标数据和任务进展".to_string()
                }
                ([one], _) => one.title.clone(),
                (_, Status::NotReported) => "未报送进展情况的任务".to_string(),
                (_, Status::NotStarted) => "尚未启动的任务".to_string(),
                (_, Status::Behind) => "进度滞后的任务".to_string(),
                (_, status) => format!("{}的任务", status.label()),
            };
            let finding = if group.len() == 1 {
                task.status.label().to_string()
            } else {
                format!("{}项", group.len())
            };
            let ids = group.iter().map(|t| t.id.as_str());
            for_tasks.push(grouped(
                rule,
                ids,
                heading,
                finding,
                &units,
                ctx,
                task.status,
            ));
            continue;
        }
        ctx.insert("task", &task.title);
        ctx.insert("section", &task.section);
        ctx.insert("lead", speaker.name(&task.lead_unit));
        ctx.insert("lead_is_self", &speaker.is(&task.lead_unit));
        ctx.insert("supporting", &speaker.list(&task.units[1..]));
        ctx.insert("summary", &task.summary);
        ctx.insert("cause", &cause_clause(&task.summary));
        for_tasks.push(Countermeasure {
            about: "task",
            target_id: task.id.clone(),
            target_name: task.title.clone(),
            target_short: task.title.clone(),
            binding: false,
            finding: task.status.label().to_string(),
            lead_unit: task.lead_unit.clone(),
            rule: rule.id.clone(),
            case: ctx,
            severity: task.status as u8,
        });
    }
    // Indicators unreported while every task was reported: the grouped rule
    // for unreported tasks still names their units.
    if let Some(rule) = rules.task_rules.iter().find(|r| {
        r.grouped
            && r.statuses.contains(&Status::NotReported)
            && r.variables.contains("indicators")
            && r.fits(period.kind)
    }) && !unreported.is_empty()
        && !grouped_done.contains(&rule.id.as_str())
    {
        let mut units = distinct(unreported.iter().map(|i| i.lead_unit.as_str()));
        units.sort_by_key(|u| unit_order(u));
        let names: Vec<&str> = unreported.iter().map(|i| i.short_name.as_str()).collect();
        let mut ctx = task_case(Status::NotReported, period, &speaker, plan);
        ctx.insert("tasks", &Vec::<&str>::new());
        speaker.insert_units(&mut ctx, &units);
        ctx.insert("count", &0);
        ctx.insert("indicators", &names);
        let heading = "未报送数据的指标".to_string();
        let finding = format!("{}项", unreported.len());
        let ids = unreported.iter().map(|i| i.id.as_str());
        for_tasks.push(grouped(
            rule,
            ids,
            heading,
            finding,
            &units,
            ctx,
            Status::NotReported,
        ));
    }
    for_tasks.sort_by_key(|c| std::cmp::Reverse(c.severity));
    for_indicators.extend(for_tasks);
    for_indicators
}

/// The evaluating unit, which names itself 我局 in its own report.
pub(super) struct Speaker {
    /// How the report writes the evaluating unit (市发改局).
    pub name: String,
    /// How it names itself (我局).
    pub self_name: String,
    /// The next plan by name: "“十五五”规划".
    pub next_plan: String,
}

impl Speaker {
    pub(super) fn of(plan: &Plan, year: i32) -> Self {
        let unit = &plan.units[plan.unit_in(plan.meta.evaluator, year)];
        Speaker {
            name: unit.short_name.clone(),
            self_name: plan.self_name_in(year),
            next_plan: next_plan(&plan.meta.name, plan.meta.target_year),
        }
    }

    fn is(&self, unit: &str) -> bool {
        unit == self.name
    }

    /// Units joined with 、, the evaluating unit as 我局.
    fn list(&self, units: &[String]) -> String {
        units
            .iter()
            .map(|u| self.name(u))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// A grouped measure's units: `units` all of them (itself as 我局), `others` those
    /// but itself, `self_late` whether it is among them, so that a rule can word its
    /// own lateness as its own commitment, never as a request to reprimand itself.
    fn insert_units(&self, ctx: &mut Case, units: &[&str]) {
        let spoken: Vec<&str> = units.iter().map(|u| self.name(u)).collect();
        let others: Vec<&str> = units.iter().copied().filter(|u| !self.is(u)).collect();
        ctx.insert("units", &spoken);
        ctx.insert("others", &others);
        ctx.insert("self_late", &units.iter().any(|u| self.is(u)));
    }

    /// A unit as the evaluating unit writes it: itself as 我局.
    fn name<'a>(&'a self, unit: &'a str) -> &'a str {
        if self.is(unit) { &self.self_name } else { unit }
    }
}

/// The variables every task measure's text may read: the status, the period and who speaks to
/// whom.
fn task_case(status: Status, period: Period, speaker: &Speaker, plan: &Plan) -> Case {
    let mut ctx = Case::default();
    ctx.insert("status", status.label());
    ctx.insert("year", &period.year);
    ctx.insert("base_year", &period.base);
    ctx.insert("target_year", &period.target);
    ctx.insert("evaluation", period.kind.label());
    ctx.insert("remaining_years", &(period.target - period.year).max(0));
    ctx.insert("self", &speaker.self_name);
    ctx.insert("addressee", &plan.meta.addressee);
    ctx.insert("next_plan", &speaker.next_plan);
    ctx
}

/// The next five-year plan as a report names it, with 规划: "“十五五”规划" after a plan
/// named 第十四个五年规划, "“十六五”规划" after a 15th; from the target year when the
/// name gives no ordinal (a 5-year plan ending 1955 + 5N is the Nth); otherwise
/// "下一个五年规划". A report uses this one name throughout, never 新一轮 beside it.
pub fn next_plan(plan_name: &str, target_year: i32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let ordinal = |n: i32| -> String {
        match n {
            1..=9 => DIGITS[n as usize].to_string(),
            10 => "十".to_string(),
            11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
            20..=99 => format!(
                "{}十{}",
                DIGITS[(n / 10) as usize],
                DIGITS[(n % 10) as usize]
            ),
            _ => String::new(),
        }
    };
    let from_name = (1..=99).rev().find(|&n| {
        let o = ordinal(n);
        plan_name.contains(&format!("第{o}个五年")) || plan_name.contains(&format!("“{o}五”"))
    });
    let from_year =
        (target_year % 5 == 0 && target_year > 1955).then_some((target_year - 1955) / 5);
    match from_name.or(from_year) {
        Some(n) if n < 99 => format!("“{}五”规划", ordinal(n + 1)),
        _ => "下一个五年规划".to_string(),
    }
}

/// `names` once each, in their first order.
fn distinct<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut once: Vec<&str> = Vec::new();
    for name in names {
        if !once.contains(&name) {
            once.push(name);
        }
    }
    once
}

/// One measure of a grouped rule for the items `ids` (tasks, or unreported indicators) led by
/// `units`, under `heading`.
fn grouped<'a>(
    rule: &TaskRule,
    ids: impl Iterator<Item = &'a str>,
    heading: String,
    finding: String,
    units: &[&str],
    case: Case,
    status: Status,
) -> Countermeasure {
    Countermeasure {
        about: "task",
        target_id: ids.collect::<Vec<_>>().join(","),
        target_short: heading.clone(),
        target_name: heading,
        binding: false,
        finding,
        lead_unit: units.join("、"),
        rule: rule.id.clone(),
        case,
        severity: status as u8,
    }
}

/// The clause of a task's account that gives a cause (因…, 受…影响, 由于…),
/// empty when it gives none: "“武当云谷”二期因招商不及预期暂缓建设".
pub fn cause_clause(summary: &str) -> String {
    const MARKERS: [&str; 5] = ["由于", "受", "因", "导致", "影响"];
    summary
        .split(['，', '；', '。', ','])
        .map(str::trim)
        .find(|clause| MARKERS.iter().any(|m| clause.contains(m)))
        .unwrap_or("")
        .to_string()
}

/// The numbers of an indicator's case, preformatted, for a rule's text:
/// every variable of [`crate::input::rules::indicator_variables`] (more than a
/// case has is harmless: rules are only chosen where theirs all exist).
fn indicator_case(
    lead: Option<&Unit>,
    ind: &IndicatorResult,
    period: Period,
    speaker: &Speaker,
) -> Case {
    let a = &ind.assessment;
    let num = |v: Option<f64>, digits: usize| v.map(|v| fixed(v, digits)).unwrap_or_default();
    let mut ctx = Case::default();
    ctx.insert("name", &ind.name);
    ctx.insert("short_name", &ind.short_name);
    ctx.insert("id", &ind.id);
    ctx.insert("self", &speaker.self_name);
    ctx.insert("lead_is_self", &speaker.is(&ind.lead_unit));
    ctx.insert("lead", speaker.name(&ind.lead_unit));
    ctx.insert(
        "lead_full",
        &lead.map(|u| u.full_name.as_str()).unwrap_or(""),
    );
    ctx.insert("units", &ind.units);
    ctx.insert(
        "supporting",
        &speaker.list(ind.units.get(1..).unwrap_or_default()),
    );
    ctx.insert("category", ind.category);
    ctx.insert("grade", &ind.grade_label);
    ctx.insert("grade_key", a.grade.key());
    ctx.insert("outlook", a.outlook.label());
    ctx.insert("unit", &ind.unit);
    // Targets print as the plan words them: 10.7, 60, 3.5.
    ctx.insert("target", &ind.target.map(plain).unwrap_or_default());
    ctx.insert("base", &ind.base.map(plain).unwrap_or_default());
    ctx.insert("value", &num(a.value, a.value_digits.max(ind.digits)));
    ctx.insert("expected", &num(a.expected, ind.digits));
    ctx.insert("realised", &num(a.realised_rate, a.realised_digits.max(1)));
    ctx.insert("needed", &num(a.needed_rate, 1));
    ctx.insert("cumulative", &num(a.cumulative, ind.digits.max(1)));
    ctx.insert(
        "cumulative_expected",
        &num(a.cumulative_expected, ind.digits.max(1)),
    );
    ctx.insert(
        "cumulative_needed",
        &num(a.cumulative_needed, ind.digits.max(1)),
    );
    ctx.insert(
        "band",
        &ind.band
            .map(|[lo, hi]| format!("{}～{}", plain(lo), plain(hi)))
            .unwrap_or_default(),
    );
    ctx.insert(
        "level_target",
        &ind.level_target.map(plain).unwrap_or_default(),
    );
    ctx.insert(
        "level_value",
        &a.level_part
            .as_ref()
            .and_then(|l| l.value)
            .map(|v| fixed(v, 1))
            .unwrap_or_default(),
    );
    ctx.insert("level_unit", ind.level_unit.as_deref().unwrap_or(""));
    ctx.insert("realised_text", &ind.realised_words(period.base));
    ctx.insert("needed_text", &ind.need_words(period.target));
    match &ind.goal {
        crate::plan::Target::Relative {
            relation,
            reference,
            ..
        } => {
            ctx.insert("reference", &reference.name);
            ctx.insert("relation", relation.words());
        }
        crate::plan::Target::Rank { group, .. } => ctx.insert("group", group),
        crate::plan::Target::Yearly { .. } => {
            let year_target = a
                .reading_year
                .and_then(|y| ind.series.iter().find(|p| p.year == y))
                .and_then(|p| p.target)
                .map(|t| t.words(&ind.unit))
                .unwrap_or_default();
            ctx.insert("year_target", &year_target);
        }
        crate::plan::Target::Assessed => {
            let verdict = a
                .reading_year
                .and_then(|y| ind.series.iter().find(|p| p.year == y))
                .and_then(|p| p.verdict)
                .map(|v| v.label())
                .unwrap_or_default();
            ctx.insert("verdict", verdict);
        }
        crate::plan::Target::Growth { .. }
        | crate::plan::Target::Level { .. }
        | crate::plan::Target::Floor { .. }
        | crate::plan::Target::Ceiling { .. }
        | crate::plan::Target::Band { .. }
        | crate::plan::Target::Cumulative { .. }
        | crate::plan::Target::Quota { .. }
        | crate::plan::Target::Trend { .. } => {}
    }
    ctx.insert("wording", &ind.wording);
    ctx.insert(
        "falling",
        &matches!(ind.goal, crate::plan::Target::Growth { rate, .. } if rate < 0.0),
    );
    ctx.insert("year", &period.year);
    ctx.insert("reading_year", &a.reading_year.unwrap_or(period.year));
    ctx.insert("base_year", &period.base);
    ctx.insert("target_year", &period.target);
    let remaining = period.target - a.reading_year.unwrap_or(period.year);
    ctx.insert("remaining_years", &remaining);
    ctx.insert("missed_years", &a.missed_years);
    ctx.insert("gap_years", &a.gap_years);
    ctx.insert("reason", &a.reason);
    ctx.insert("cause", &ind.cause);
    ctx.insert("note", &ind.note);
    ctx.insert("evaluation", period.kind.label());
    ctx.insert("next_plan", &speaker.next_plan);
    ctx.insert("preliminary", &a.preliminary);
    ctx.insert(
        "span",
        &year_span(period.base + 1, a.reading_year.unwrap_or(period.year)),
    );
    ctx
}
