//! What each unit's form holds and where: the units that lead something in a
//! year, the rows of its 指标 and 任务 sheets, their columns and headers, and
//! the hidden marker's keys. Shared by the writer, the reader and the status table.

use crate::input::readings::LEVEL_SUFFIX;
use crate::plan::{Benchmark, Indicator, Plan, Project, Target, Task};

/// Sheet names, in the order the workbook has them.
pub(crate) const GUIDE_SHEET: &str = "说明";
pub(crate) const INDICATOR_SHEET: &str = "指标";
pub(crate) const TASK_SHEET: &str = "任务";
/// The sheet of the major projects a unit leads; only in the forms of units that lead one.
pub(crate) const PROJECT_SHEET: &str = "重大项目";
/// The hidden sheet that says which plan, year and unit the form is for.
pub(crate) const MARKER_SHEET: &str = "plan-eval";

/// The first cell of the marker sheet: what the workbook is. Version 2 asks for a
/// figure published the next year in a block of its own, for the year before.
pub(crate) const MARKER_FORMAT: &str = "plan-eval 填报表 2";
/// The first cell of a form of version 1, still read: its published-late rows asked
/// for the form's own year, so a figure in one is refused (which year it is cannot be told).
pub(crate) const MARKER_FORMAT_V1: &str = "plan-eval 填报表 1";
/// Keys of the marker sheet's first column, each with its value beside it.
pub(crate) const KEY_PLAN: &str = "plan";
pub(crate) const KEY_DOCUMENT: &str = "document_number";
pub(crate) const KEY_YEAR: &str = "year";
pub(crate) const KEY_UNIT: &str = "unit";
pub(crate) const KEY_UNIT_FULL: &str = "unit_full_name";
/// The 0-based row of the 指标 sheet's second header, above the rows of figures
/// published the next year; absent when the form has none.
pub(crate) const KEY_LATE: &str = "late_header";
/// Rows of the marker below this header copy every locked cell: sheet, row, column, text.
pub(crate) const KEY_LOCKED: &str = "locked";

/// The task statuses a unit may choose from.
pub(crate) const STATUSES: [&str; 4] = ["已完成", "序时推进", "进度滞后", "未启动"];

/// One row of the 指标 sheet: an indicator's figure, or its level series.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IndicatorRow<'p> {
    pub indicator: &'p Indicator,
    /// The display-only level series (GDP in 亿元), not the graded figure.
    pub level: bool,
}

impl<'p> IndicatorRow<'p> {
    /// The id as a readings file writes it (`gdp`, `gdp.level`).
    pub(crate) fn id(&self) -> String {
        if self.level {
            format!("{}{LEVEL_SUFFIX}", self.indicator.id)
        } else {
            self.indicator.id.clone()
        }
    }

    pub(crate) fn name(&self) -> String {
        if self.level {
            format!("{}（总量）", self.indicator.name)
        } else {
            self.indicator.name.clone()
        }
    }

    pub(crate) fn unit(&self) -> &str {
        match (&self.indicator.level, self.level) {
            (Some(l), true) => &l.unit,
            _ => &self.indicator.unit,
        }
    }

    /// Whether the row asks for the year's target as well: a superior's
    /// quota, or the target the government sets each year.
    pub(crate) fn needs_quota(&self) -> bool {
        !self.level
            && matches!(
                self.indicator.target,
                Target::Quota { .. } | Target::Yearly { .. }
            )
    }

    /// Whether the value is the lead unit's own assessment (达到预期…), not a number.
    pub(crate) fn takes_verdict(&self) -> bool {
        !self.level && self.indicator.target.reads_verdicts()
    }

    /// Whether the figure is published the following year: the form of year Y asks for Y − 1.
    pub(crate) fn late(&self) -> bool {
        self.indicator.published_late
    }

    pub(crate) fn plausible(&self) -> Option<&'p crate::plan::Plausible> {
        if self.level {
            self.indicator.level.as_ref()?.plausible.as_ref()
        } else {
            self.indicator.plausible.as_ref()
        }
    }
}

/// What one unit reports for a year.
#[derive(Debug, Clone)]
pub(crate) struct Duty<'p> {
    /// Index into [`Plan::units`].
    pub unit: usize,
    /// The indicators it leads (each level series after its indicator).
    pub rows: Vec<IndicatorRow<'p>>,
    /// The tasks it leads.
    pub tasks: Vec<&'p Task>,
    /// The tasks it supports, for information, with their lead unit.
    pub supports: Vec<(&'p Task, usize)>,
    /// The major projects it leads.
    pub projects: Vec<&'p Project>,
    /// The benchmark series (全省平均…) relative targets compare with: the evaluator's
    /// to give, since no unit leads them.
    pub benchmarks: Vec<&'p Benchmark>,
}

impl<'p> Duty<'p> {
    /// The graded indicators it leads (level series left out).
    pub(crate) fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.rows.iter().filter(|r| !r.level).map(|r| r.indicator)
    }

    /// The rows asking for the form's own year, in order.
    pub(crate) fn current_rows(&self) -> impl Iterator<Item = &IndicatorRow<'p>> {
        self.rows.iter().filter(|r| !r.late())
    }

    /// The rows of figures published the next year, asking for the year before.
    pub(crate) fn late_rows(&self) -> impl Iterator<Item = &IndicatorRow<'p>> {
        self.rows.iter().filter(|r| r.late())
    }

    /// Where the 指标 sheet's rows are: the current rows from row 1, the benchmarks
    /// after them, then (when there are late rows) a blank row, a title row, the
    /// second header and the late rows.
    pub(crate) fn sheet_rows(&self) -> SheetRows {
        let current = (self.current_rows().count() + self.benchmarks.len()) as u32;
        let late = self.late_rows().count() as u32;
        SheetRows {
            current_end: current,
            late_header: (late > 0).then_some(current + 3),
        }
    }
}

/// Where the 指标 sheet of a form has its parts (0-based rows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SheetRows {
    /// The last row asking for the form's year (0 when none).
    pub current_end: u32,
    /// The second header, above the rows asking for the year before; `None` when none.
    pub late_header: Option<u32>,
}

impl SheetRows {
    /// The title row above the second header.
    pub(crate) fn late_title(&self) -> Option<u32> {
        self.late_header.map(|h| h - 1)
    }

    /// The year a row asks for, `None` for a row that asks for nothing (the blank row,
    /// the title, the second header).
    pub(crate) fn year_of(&self, row: u32, year: i32) -> Option<i32> {
        match self.late_header {
            _ if row == 0 => None,
            Some(h) if row > h => Some(year - 1),
            Some(h) if row + 2 >= h => None,
            _ => Some(year),
        }
    }
}

/// Every unit that leads an indicator or a task in `year` (after any reform,
/// as the report assigns them), in the plan's order of units.
pub(crate) fn duties(plan: &Plan, year: i32) -> Vec<Duty<'_>> {
    let mut all: Vec<Duty> = (0..plan.units.len())
        .map(|unit| Duty {
            unit,
            rows: Vec::new(),
            tasks: Vec::new(),
            supports: Vec::new(),
            projects: Vec::new(),
            benchmarks: Vec::new(),
        })
        .collect();
    for ind in &plan.indicators {
        let lead = plan.unit_in(ind.units[0], year);
        all[lead].rows.push(IndicatorRow {
            indicator: ind,
            level: false,
        });
        if ind.level.is_some() {
            all[lead].rows.push(IndicatorRow {
                indicator: ind,
                level: true,
            });
        }
    }
    for (_, task) in plan.tasks() {
        let lead = plan.unit_in(task.units[0], year);
        all[lead].tasks.push(task);
        let mut seen = vec![lead];
        for &u in &task.units[1..] {
            let u = plan.unit_in(u, year);
            if !seen.contains(&u) {
                seen.push(u);
                all[u].supports.push((task, lead));
            }
        }
    }
    for project in &plan.projects {
        all[plan.unit_in(project.unit, year)].projects.push(project);
    }
    all[plan.unit_in(plan.meta.evaluator, year)].benchmarks = compared_benchmarks(plan);
    all.retain(|d| {
        !d.rows.is_empty()
            || !d.tasks.is_empty()
            || !d.projects.is_empty()
            || !d.benchmarks.is_empty()
    });
    all
}

/// The benchmark series some relative target of `plan` compares with, in the plan's order.
pub(crate) fn compared_benchmarks(plan: &Plan) -> Vec<&Benchmark> {
    plan.benchmarks
        .iter()
        .filter(|b| {
            plan.indicators.iter().any(|i| {
                matches!(&i.target, Target::Relative { reference, .. }
                    if reference.benchmark && reference.id == b.id)
            })
        })
        .collect()
}

/// The columns of the 指标 sheet for `year`: the fixed ones, one per earlier
/// year from the base year, then the cells to fill.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IndicatorColumns {
    pub base_year: i32,
    pub year: i32,
    /// What the target column asks for: 上级下达目标, or 下达目标或年度目标
    /// where the plan has targets it sets year by year.
    target_header: &'static str,
    /// The columns of the block of figures published the next year (the value is
    /// headed 2026年数值（次年发布）).
    late: bool,
}

impl IndicatorColumns {
    pub(crate) const ID: u16 = 0;
    pub(crate) const NAME: u16 = 1;
    pub(crate) const UNIT: u16 = 2;
    pub(crate) const TARGET: u16 = 3;
    const FIXED: u16 = 4;

    pub(crate) fn new(plan: &Plan, year: i32) -> Self {
        let yearly = plan
            .indicators
            .iter()
            .any(|i| matches!(i.target, Target::Yearly { .. }));
        IndicatorColumns {
            base_year: plan.meta.base_year,
            year,
            target_header: if yearly {
                "下达目标或年度目标"
            } else {
                "上级下达目标"
            },
            late: false,
        }
    }

    /// The columns of the rows of a form of `form_year` that ask for `year`: the
    /// form's own, or (for the year before) those of the late block.
    pub(crate) fn asking(plan: &Plan, form_year: i32, year: i32) -> Self {
        IndicatorColumns {
            late: year < form_year,
            ..Self::new(plan, year)
        }
    }

    /// The earlier years shown for reference.
    pub(crate) fn earlier(&self) -> std::ops::Range<i32> {
        self.base_year..self.year
    }

    pub(crate) fn earlier_col(&self, year: i32) -> u16 {
        Self::FIXED + (year - self.base_year) as u16
    }

    pub(crate) fn value(&self) -> u16 {
        Self::FIXED + (self.year - self.base_year).max(0) as u16
    }

    pub(crate) fn quota(&self) -> u16 {
        self.value() + 1
    }

    pub(crate) fn source(&self) -> u16 {
        self.value() + 2
    }

    pub(crate) fn note(&self) -> u16 {
        self.value() + 3
    }

    /// The optional cells placing the figure among its peers (全省平均, 全市平均, 位次).
    pub(crate) fn province_average(&self) -> u16 {
        self.value() + 4
    }

    pub(crate) fn city_average(&self) -> u16 {
        self.value() + 5
    }

    pub(crate) fn rank(&self) -> u16 {
        self.value() + 6
    }

    /// The header of every column, in order.
    pub(crate) fn headers(&self) -> Vec<String> {
        let mut h: Vec<String> = ["指标编号", "指标名称", "单位", "规划目标"]
            .map(String::from)
            .to_vec();
        h.extend(self.earlier().map(|y| format!("{y}年（参考）")));
        h.push(if self.late {
            format!("{}年数值（次年发布）", self.year)
        } else {
            format!("{}年数值", self.year)
        });
        h.push(format!("{}年{}", self.year, self.target_header));
        h.push("数据来源".to_string());
        h.push("备注".to_string());
        h.push(format!("{}年全省平均（选填）", self.year));
        h.push(format!("{}年全市平均（选填）", self.year));
        h.push("位次（选填，如“全市第2位”）".to_string());
        h
    }
}

/// Columns of the 任务 sheet.
pub(crate) struct TaskColumns;

impl TaskColumns {
    pub(crate) const ID: u16 = 0;
    pub(crate) const TITLE: u16 = 1;
    pub(crate) const TEXT: u16 = 2;
    pub(crate) const ROLE: u16 = 3;
    pub(crate) const STATUS: u16 = 4;
    pub(crate) const SUMMARY: u16 = 5;
    pub(crate) const EXPERIENCE: u16 = 6;
    pub(crate) const PROBLEMS: u16 = 7;

    pub(crate) fn headers(year: i32) -> Vec<String> {
        vec![
            "任务编号".to_string(),
            "任务名称".to_string(),
            "任务内容（供参考）".to_string(),
            "本单位职责".to_string(),
            format!("{year}年进展状态"),
            format!("{year}年进展情况"),
            "主要做法和经验".to_string(),
            "存在问题及原因".to_string(),
        ]
    }
}

/// Columns of the 重大项目 sheet.
pub(crate) struct ProjectColumns;

impl ProjectColumns {
    pub(crate) const ID: u16 = 0;
    pub(crate) const NAME: u16 = 1;
    pub(crate) const INVESTMENT: u16 = 2;
    pub(crate) const COMPLETION: u16 = 3;
    pub(crate) const STATUS: u16 = 4;
    pub(crate) const INVESTED: u16 = 5;
    pub(crate) const NOTE: u16 = 6;

    pub(crate) fn headers(year: i32) -> Vec<String> {
        vec![
            "项目编号".to_string(),
            "项目名称".to_string(),
            "总投资（亿元）".to_string(),
            "计划建成年份".to_string(),
            format!("{year}年进展状态"),
            format!("{year}年完成投资（亿元）"),
            "原因及说明".to_string(),
        ]
    }
}

/// A column's letters, as Excel names it (0 → A, 26 → AA).
pub(crate) fn column_letters(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A cell's address in the words of a message: `指标!F5（2024年数值）`.
pub(crate) fn cell_name(sheet: &str, row: u32, col: u16, header: &str) -> String {
    format!("{sheet}!{}{}（{header}）", column_letters(col), row + 1)
}

/// The form's file name: `2025年度规划实施情况填报表-丹江口市教育局.xlsx`,
/// the unit's full name made safe for every file system.
pub(crate) fn file_name(year: i32, unit_full_name: &str) -> String {
    format!(
        "{}{}.xlsx",
        file_prefix(year),
        safe_file_name(unit_full_name)
    )
}

/// What every form's file name of `year` begins with.
pub(crate) fn file_prefix(year: i32) -> String {
    format!("{year}年度规划实施情况填报表-")
}

/// `name` with the characters Windows refuses in file names replaced by their
/// full-width forms (angle brackets by Chinese parentheses, as the report
/// writes 各镇（办、处、区）), control characters dropped, and no trailing dot or space.
pub(crate) fn safe_file_name(name: &str) -> String {
    let mapped: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '<' | '〈' => '（',
            '>' | '〉' => '）',
            '/' => '／',
            '\\' => '＼',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '"' => '＂',
            '|' => '｜',
            c => c,
        })
        .collect();
    let trimmed = mapped.trim().trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "未命名单位".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(
            file_name(2025, "丹江口市教育局"),
            "2025年度规划实施情况填报表-丹江口市教育局.xlsx"
        );
        assert_eq!(safe_file_name("各镇<办、处、区>"), "各镇（办、处、区）");
        assert_eq!(
            safe_file_name("a/b\\c:d*e?f\"g|h."),
            "a／b＼c：d＊e？f＂g｜h"
        );
        assert_eq!(safe_file_name(" . "), "未命名单位");
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(
            cell_name("指标", 4, 5, "2024年数值"),
            "指标!F5（2024年数值）"
        );
    }

    #[test]
    fn bundled_duties_cover_every_indicator_and_task_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let plan = crate::plan::load(&dir.join("plan.yaml")).unwrap();
        let duties = duties(&plan, 2024);
        let indicators: usize = duties.iter().map(|d| d.indicators().count()).sum();
        let tasks: usize = duties.iter().map(|d| d.tasks.len()).sum();
        assert_eq!(indicators, plan.indicators.len());
        assert_eq!(tasks, plan.tasks().count());
        assert_eq!(plan.units[duties[0].unit].name, "市教育局");
    }
}
