//! The 报送情况 table: for each lead unit, what it had to report for the
//! year, what the data folder has of it, what is still missing — the DRC's
//! chase list, as `collect` prints and writes it and `check` counts it.

use crate::input::Dataset;

use super::layout::{self, Duty};

/// One unit's line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStatus {
    /// Index into the plan's units.
    pub unit: usize,
    pub name: String,
    pub indicators_due: usize,
    pub tasks_due: usize,
    /// Ids and names of the indicators without a figure for the year.
    pub missing_indicators: Vec<(String, String)>,
    /// Ids and names of the indicators published the next year without a figure for
    /// the year before (asked for by the year's form, counted among its indicators).
    pub missing_late: Vec<(String, String)>,
    /// Ids and names of the benchmark series (全省平均…) the evaluator has not given for
    /// the year (counted among its indicators).
    pub missing_benchmarks: Vec<(String, String)>,
    /// The year the late figures are owed for (the year before).
    pub late_year: i32,
    /// Ids and titles of the tasks without a report for the year.
    pub missing_tasks: Vec<(String, String)>,
    /// Major projects it leads that are not reported 已竣工 in an earlier year.
    pub projects_due: usize,
    /// Ids and names of those without a report for the year.
    pub missing_projects: Vec<(String, String)>,
}

impl UnitStatus {
    pub fn missing(&self) -> usize {
        self.missing_figures() + self.missing_tasks.len() + self.missing_projects.len()
    }

    /// The rows of the 指标 sheet still missing: indicators, late figures, benchmarks.
    pub fn missing_figures(&self) -> usize {
        self.missing_indicators.len() + self.missing_late.len() + self.missing_benchmarks.len()
    }

    /// What is missing in words: 指标：人均预期寿命（life_expectancy）；任务：T4-3 拓展金融服务业.
    pub fn missing_words(&self) -> String {
        let mut parts = Vec::new();
        if !self.missing_indicators.is_empty() {
            let list: Vec<String> = self
                .missing_indicators
                .iter()
                .map(|(id, name)| format!("{name}（{id}）"))
                .collect();
            parts.push(format!("指标：{}", list.join("、")));
        }
        if !self.missing_late.is_empty() {
            let list: Vec<String> = self
                .missing_late
                .iter()
                .map(|(id, name)| format!("{name}（{id}）"))
                .collect();
            parts.push(format!(
                "{}年数值（次年发布）：{}",
                self.late_year,
                list.join("、")
            ));
        }
        if !self.missing_benchmarks.is_empty() {
            let list: Vec<String> = self
                .missing_benchmarks
                .iter()
                .map(|(id, name)| format!("{name}（{id}）"))
                .collect();
            parts.push(format!("对照数据：{}", list.join("、")));
        }
        if !self.missing_tasks.is_empty() {
            let list: Vec<String> = self
                .missing_tasks
                .iter()
                .map(|(id, title)| format!("{id} {title}"))
                .collect();
            parts.push(format!("任务：{}", list.join("、")));
        }
        if !self.missing_projects.is_empty() {
            let list: Vec<String> = self
                .missing_projects
                .iter()
                .map(|(id, name)| format!("{id} {name}"))
                .collect();
            parts.push(format!("重大项目：{}", list.join("、")));
        }
        parts.join("；")
    }
}

/// The table for `year` from what the data folder holds.
pub fn of(data: &Dataset, year: i32) -> Vec<UnitStatus> {
    layout::duties(&data.plan, year)
        .iter()
        .map(|d| unit_status(data, d, year))
        .collect()
}

/// Whether the data folder has a figure of series `id` for `year`.
fn has(data: &Dataset, id: &str, year: i32) -> bool {
    data.readings
        .series(id, year)
        .iter()
        .any(|r| r.year == year)
}

/// The indicators published the next year `duty` owes a figure of `year` for: none for
/// the plan's base year (its figure is the plan's), none in the off year of a figure
/// measured every two years (as its latest note says).
fn late_owed<'p>(data: &Dataset, duty: &Duty<'p>, year: i32) -> Vec<&'p crate::plan::Indicator> {
    if year <= data.plan.meta.base_year {
        return Vec::new();
    }
    duty.late_rows()
        .filter(|r| !r.level)
        .map(|r| r.indicator)
        .filter(|i| !off_year(data, &i.id, year))
        .collect()
}

/// Whether `year` is an off year of indicator `id`, measured every two years as its latest
/// figure's note says: nothing is owed for it.
fn off_year(data: &Dataset, id: &str, year: i32) -> bool {
    let series = data.readings.series(id, year);
    series
        .last()
        .is_some_and(|latest| crate::model::cycle::off_year(&latest.note, latest.year, year))
}

fn unit_status(data: &Dataset, duty: &Duty, year: i32) -> UnitStatus {
    // A figure published the following year is owed for the year before.
    let missing_indicators = duty
        .indicators()
        .filter(|i| !i.published_late)
        .filter(|i| !has(data, &i.id, year) && !off_year(data, &i.id, year))
        .map(|i| (i.id.clone(), i.name.clone()))
        .collect();
    let late = late_owed(data, duty, year - 1);
    let missing_late = late
        .iter()
        .filter(|i| !has(data, &i.id, year - 1))
        .map(|i| (i.id.clone(), i.name.clone()))
        .collect();
    let missing_benchmarks = duty
        .benchmarks
        .iter()
        .filter(|b| !has(data, &b.id, year))
        .map(|b| (b.id.clone(), b.name.clone()))
        .collect();
    let missing_tasks = duty
        .tasks
        .iter()
        .filter(|t| data.progress.get(&t.id, year).is_none())
        .map(|t| (t.id.clone(), t.title.clone()))
        .collect();
    // A project owes reports from its start until a report closes it (已竣工, 已调整).
    let reports = &data.progress.projects;
    let due: Vec<&crate::plan::Project> = duty
        .projects
        .iter()
        .copied()
        .filter(|p| crate::input::projects::owes_report(reports, p, year))
        .collect();
    let missing_projects = due
        .iter()
        .filter(|p| !reports.iter().any(|r| r.project == p.id && r.year == year))
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    UnitStatus {
        projects_due: due.len(),
        missing_projects,
        unit: duty.unit,
        name: data.plan.units[duty.unit].name.clone(),
        indicators_due: duty.indicators().filter(|i| !i.published_late).count()
            + late.len()
            + duty.benchmarks.len(),
        tasks_due: duty.tasks.len(),
        missing_indicators,
        missing_late,
        missing_benchmarks,
        late_year: year - 1,
        missing_tasks,
    }
}

const HEADERS: [&str; 8] = [
    "序号",
    "单位",
    "应报指标",
    "已报指标",
    "应报任务",
    "已报任务",
    "尚缺项数",
    "尚缺内容",
];

/// The table's headers: the columns of projects only when some unit leads one.
fn headers(all: &[UnitStatus]) -> Vec<&'static str> {
    let mut h = HEADERS.to_vec();
    if all
        .iter()
        .any(|s| s.projects_due > 0 || !s.missing_projects.is_empty())
    {
        h.splice(6..6, ["应报项目", "已报项目"]);
    }
    h
}

fn cells(i: usize, s: &UnitStatus, projects: bool) -> Vec<String> {
    let mut c = cells_without_projects(i, s).to_vec();
    if projects {
        c.splice(
            6..6,
            [
                s.projects_due.to_string(),
                (s.projects_due - s.missing_projects.len().min(s.projects_due)).to_string(),
            ],
        );
    }
    c
}

fn cells_without_projects(i: usize, s: &UnitStatus) -> [String; 8] {
    [
        (i + 1).to_string(),
        s.name.clone(),
        s.indicators_due.to_string(),
        (s.indicators_due - s.missing_figures()).to_string(),
        s.tasks_due.to_string(),
        (s.tasks_due - s.missing_tasks.len()).to_string(),
        s.missing().to_string(),
        if s.missing() == 0 {
            "已报齐".to_string()
        } else {
            s.missing_words()
        },
    ]
}

/// The one-line summary under the table.
pub fn summary(year: i32, all: &[UnitStatus]) -> String {
    let behind: Vec<&UnitStatus> = all.iter().filter(|s| s.missing() > 0).collect();
    if behind.is_empty() {
        format!("{year} 年度 {} 个牵头单位均已报齐。", all.len())
    } else {
        let items: usize = behind.iter().map(|s| s.missing()).sum();
        format!(
            "{year} 年度 {} 个牵头单位中，{} 个已报齐，{} 个尚未报齐，共缺 {items} 项。",
            all.len(),
            all.len() - behind.len(),
            behind.len()
        )
    }
}

/// The table as Markdown, with its title and summary, as `collect` prints it.
pub fn markdown(year: i32, all: &[UnitStatus]) -> String {
    let headers = headers(all);
    let projects = headers.len() > HEADERS.len();
    let mut out = format!("{year} 年度报送情况\n\n| {} |\n", headers.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for (i, s) in all.iter().enumerate() {
        let row: Vec<String> = cells(i, s, projects)
            .into_iter()
            .map(|c| c.replace('|', "｜"))
            .collect();
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push('\n');
    out.push_str(&summary(year, all));
    out.push('\n');
    out
}

/// The table as CSV (UTF-8 with a byte-order mark, so that Excel and WPS
/// open it as Chinese text), the file `collect` writes into the data folder.
pub fn csv(all: &[UnitStatus]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let headers = headers(all);
    let projects = headers.len() > HEADERS.len();
    let _ = w.write_record(&headers);
    for (i, s) in all.iter().enumerate() {
        let _ = w.write_record(cells(i, s, projects));
    }
    w.into_inner().unwrap_or_default()
}

/// The file name of the table for `year`.
pub fn file_name(year: i32) -> String {
    format!("报送情况-{year}.csv")
}

/// The lines `check` prints: each unit still missing something, with how many.
pub fn check_lines(year: i32, all: &[UnitStatus]) -> Vec<String> {
    let behind: Vec<&UnitStatus> = all.iter().filter(|s| s.missing() > 0).collect();
    if behind.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "报送情况（{year} 年度）：{} 个牵头单位尚未报齐：",
        behind.len()
    )];
    for s in behind {
        let mut kinds = Vec::new();
        let figures = s.missing_indicators.len() + s.missing_late.len();
        if figures > 0 {
            kinds.push(format!("指标 {figures} 项"));
        }
        if !s.missing_benchmarks.is_empty() {
            kinds.push(format!("对照数据 {} 项", s.missing_benchmarks.len()));
        }
        if !s.missing_tasks.is_empty() {
            kinds.push(format!("任务 {} 项", s.missing_tasks.len()));
        }
        if !s.missing_projects.is_empty() {
            kinds.push(format!("重大项目 {} 项", s.missing_projects.len()));
        }
        lines.push(format!(
            "  {}：尚缺 {} 项（{}）：{}",
            s.name,
            s.missing(),
            kinds.join("、"),
            s.missing_words()
        ));
    }
    lines
}
