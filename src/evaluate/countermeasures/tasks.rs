//! The measures for tasks: one per lagging task by the first rule of its
//! status, or one for every task a grouped rule takes (naming their units
//! once, and for unreported tasks the units of indicators without the
//! year's figure and of major projects under way without the year's report).
//! It chooses and fills cases; it writes no text.

use crate::evaluate::case::Case;
use crate::evaluate::projects::ProjectResult;
use crate::evaluate::{IndicatorResult, Period, TaskResult};
use crate::input::rules::{Rules, TaskRule};
use crate::model::vocabulary::Status;
use crate::plan::Plan;

use super::{Countermeasure, Speaker, cause_clause, distinct, facts, grouped, task_case};

/// What the task measures of one evaluation are chosen from.
pub(super) struct Scope<'a> {
    pub plan: &'a Plan,
    pub rules: &'a Rules,
    pub period: Period,
    pub speaker: &'a Speaker,
    /// Every task, in the plan's order.
    pub tasks: Vec<&'a TaskResult>,
    /// Indicators whose lead units have not reported the year's figure.
    pub unreported: Vec<&'a IndicatorResult>,
    /// Major projects under way in the year whose lead units have not reported them.
    pub projects_owed: Vec<&'a ProjectResult>,
}

/// What a grouped rule for unreported items names besides tasks: the indicators
/// without the year's figure and the projects without the year's report, each
/// only when its text reads them (a text that does not name them takes not their units).
struct Owed<'s, 'a> {
    indicators: &'s [&'a IndicatorResult],
    projects: &'s [&'a ProjectResult],
}

impl Owed<'_, '_> {
    fn is_empty(&self) -> bool {
        self.indicators.is_empty() && self.projects.is_empty()
    }

    /// The units that owe them, in order of first mention.
    fn units(&self) -> impl Iterator<Item = &str> {
        self.indicators
            .iter()
            .map(|i| i.lead_unit.as_str())
            .chain(self.projects.iter().map(|p| p.lead_unit.as_str()))
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.indicators
            .iter()
            .map(|i| i.id.as_str())
            .chain(self.projects.iter().map(|p| p.id.as_str()))
    }

    fn len(&self) -> usize {
        self.indicators.len() + self.projects.len()
    }
}

impl<'a> Scope<'a> {
    fn rule_of(&self, task: &TaskResult) -> Option<&'a TaskRule> {
        self.rules
            .task_rules
            .iter()
            .find(|r| r.statuses.contains(&task.status) && r.fits(self.period.kind))
    }

    /// What `rule` names besides its tasks, when it is a rule for unreported items.
    fn owed<'s>(&'s self, rule: &TaskRule, status: Status) -> Owed<'s, 'a> {
        let reads = |name: &str| status == Status::NotReported && rule.variables.contains(name);
        Owed {
            indicators: if reads("indicators") {
                &self.unreported
            } else {
                &[]
            },
            projects: if reads("projects") {
                &self.projects_owed
            } else {
                &[]
            },
        }
    }

    fn unit_order(&self, name: &str) -> usize {
        self.plan
            .units
            .iter()
            .position(|u| u.short_name == name)
            .unwrap_or(usize::MAX)
    }

    /// The measures, the most serious status first.
    pub(super) fn measures(&self) -> Vec<Countermeasure> {
        let mut out = Vec::new();
        let mut grouped_done: Vec<&str> = Vec::new();
        for task in &self.tasks {
            let Some(rule) = self.rule_of(task) else {
                continue;
            };
            if !rule.grouped {
                out.push(self.single(rule, task));
            } else if !grouped_done.contains(&rule.id.as_str()) {
                grouped_done.push(&rule.id);
                out.push(self.group(rule, task));
            }
        }
        // Indicators or projects unreported while every task was reported: the
        // grouped rule for unreported tasks still names their units.
        if let Some(rule) = self.rules.task_rules.iter().find(|r| {
            r.grouped
                && r.statuses.contains(&Status::NotReported)
                && r.fits(self.period.kind)
                && !self.owed(r, Status::NotReported).is_empty()
        }) && !grouped_done.contains(&rule.id.as_str())
        {
            out.push(self.unreported_only(rule));
        }
        out
    }

    fn case(&self, status: Status) -> Case {
        task_case(status, self.period, self.speaker, self.plan)
    }

    /// The measure of one task.
    fn single(&self, rule: &TaskRule, task: &TaskResult) -> Countermeasure {
        let speaker = self.speaker;
        let mut ctx = self.case(task.status);
        ctx.insert("task", &task.title);
        ctx.insert("section", &task.section);
        ctx.insert("lead", speaker.name(&task.lead_unit));
        ctx.insert("lead_is_self", &speaker.is(&task.lead_unit));
        ctx.insert("supporting", &speaker.list(&task.units[1..]));
        ctx.insert("summary", &task.summary);
        ctx.insert("cause", &cause_clause(&task.summary));
        let obstacle = facts::obstacle(&task.summary);
        ctx.insert("obstacle_kind", facts::obstacle_kind(&obstacle));
        ctx.insert("obstacle", &obstacle);
        ctx.insert("works", &facts::works(&task.summary));
        Countermeasure {
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
        }
    }

    /// One measure for every task `rule` takes (`task` the first), naming their units once.
    fn group(&self, rule: &TaskRule, task: &TaskResult) -> Countermeasure {
        let group: Vec<&TaskResult> = self
            .tasks
            .iter()
            .copied()
            .filter(|t| self.rule_of(t).is_some_and(|r| r.id == rule.id))
            .collect();
        // Only a rule whose text names the indicators (the projects) takes their units in.
        let owed = self.owed(rule, task.status);
        let mut units = distinct(
            group
                .iter()
                .map(|t| t.lead_unit.as_str())
                .chain(owed.units()),
        );
        if !owed.is_empty() {
            units.sort_by_key(|u| self.unit_order(u));
        }
        let titles: Vec<&str> = group.iter().map(|t| t.title.as_str()).collect();
        let ctx = self.group_case(task.status, &titles, &units, &owed);
        let heading = match (group.as_slice(), task.status) {
            (_, Status::NotReported) if !owed.is_empty() => owed_heading(true, &owed),
            ([one], _) => one.title.clone(),
            (_, Status::NotReported) => "未报送进展情况的任务".to_string(),
            (_, Status::NotStarted) => "尚未启动的任务".to_string(),
            (_, Status::Behind) => "进度滞后的任务".to_string(),
            (_, status) => format!("{}的任务", status.label()),
        };
        let finding = if group.len() == 1 && owed.is_empty() {
            task.status.label().to_string()
        } else {
            format!("{}项", group.len() + owed.len())
        };
        let ids = group.iter().map(|t| t.id.as_str()).chain(owed.ids());
        grouped(rule, ids, heading, finding, &units, ctx, task.status)
    }

    /// A grouped rule's case: its tasks, units and what else is owed.
    fn group_case(&self, status: Status, titles: &[&str], units: &[&str], owed: &Owed) -> Case {
        let mut ctx = self.case(status);
        ctx.insert("tasks", titles);
        self.speaker.insert_units(&mut ctx, units);
        ctx.insert("count", &titles.len());
        let names: Vec<&str> = owed
            .indicators
            .iter()
            .map(|i| i.short_name.as_str())
            .collect();
        ctx.insert("indicators", &names);
        // The same figures with every year each lacks, as the report's list of the unreported.
        let years: Vec<(&str, Vec<i32>)> = owed
            .indicators
            .iter()
            .map(|i| {
                let years = i.owed_years(self.period.base, self.period.year);
                (i.short_name.as_str(), years)
            })
            .collect();
        ctx.insert(
            "figures_owed",
            &crate::evaluate::figures_owed_words(&years, false),
        );
        let projects: Vec<&str> = owed.projects.iter().map(|p| p.name.as_str()).collect();
        ctx.insert("projects", &projects);
        ctx
    }

    /// The grouped measure for unreported indicators and projects when every task was reported.
    fn unreported_only(&self, rule: &TaskRule) -> Countermeasure {
        let owed = self.owed(rule, Status::NotReported);
        let mut units = distinct(owed.units());
        units.sort_by_key(|u| self.unit_order(u));
        let ctx = self.group_case(Status::NotReported, &[], &units, &owed);
        let heading = owed_heading(false, &owed);
        let finding = format!("{}项", owed.len());
        grouped(
            rule,
            owed.ids(),
            heading,
            finding,
            &units,
            ctx,
            Status::NotReported,
        )
    }
}

/// The heading of a measure for unreported items: "未报送的指标数据和任务进展",
/// "未报送进展情况的任务和重大项目", "未报送数据的指标" ...
fn owed_heading(tasks: bool, owed: &Owed) -> String {
    let progress = match (tasks, owed.projects.is_empty()) {
        (true, true) => "任务",
        (true, false) => "任务和重大项目",
        (false, false) => "重大项目",
        (false, true) => "",
    };
    match (owed.indicators.is_empty(), progress) {
        (false, "") => "未报送数据的指标".to_string(),
        // One 和 in a heading: 指标数据和任务、重大项目进展.
        (false, p) => format!("未报送的指标数据和{}进展", p.replace('和', "、")),
        (true, p) => format!("未报送进展情况的{p}"),
    }
}
