//! Reading one returned form (calamine, whatever the file is called): its
//! marker checked against the plan and year, every locked cell against the
//! copy the marker keeps, and the filled cells parsed as the readings and
//! task reports readers parse them. Every problem names file, sheet, row and column.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx};

use crate::error::{Problem, Problems};
use crate::files;
use crate::input::table::{self, Value, cell_text, is_percent_format};
use crate::model::names::{self, Names};
use crate::model::vocabulary::Status;
use crate::plan::{Plan, Target};

use super::layout::{self, Duty, IndicatorColumns, ProjectColumns, TaskColumns, cell_name};

pub(crate) mod target;

mod figures;
mod marker;
mod tasks;
use figures::{Asked, figures};
use marker::check_marker;
use tasks::tasks;

/// A figure a return gives for one row of its 指标 sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    /// The row's id as a readings file writes it (`gdp`, `gdp.level`).
    pub id: String,
    /// The value as the readings file writes it: a number, or a unit's
    /// verdict (达到预期) for a target it assesses itself.
    pub value: String,
    /// The year's target as the readings file writes it (3, 2.5—3, 5±0.5 for
    /// "5%左右（4.5%～5.5%）"); empty when none.
    pub quota: String,
    pub source: String,
    pub note: String,
    /// 全省平均, 全市平均 and 位次 as the readings file writes them; empty when not given.
    pub province_average: String,
    pub city_average: String,
    pub rank: String,
    /// 0-based row in the sheet.
    pub row: u32,
    /// The year the figure is of: the form's, or the year before for a figure published
    /// the next year.
    pub year: i32,
}

/// A task report a return gives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TaskFill {
    pub id: String,
    pub status: Status,
    pub summary: String,
    /// 主要做法和经验 and 存在问题及原因, as the unit wrote them (trimmed).
    pub experience: String,
    pub problems: String,
    pub row: u32,
}

/// One return, read and checked.
#[derive(Debug, Clone)]
pub(crate) struct Return {
    pub path: PathBuf,
    /// Index into [`Plan::units`].
    pub unit: usize,
    pub figures: Vec<Figure>,
    pub tasks: Vec<TaskFill>,
    pub projects: Vec<super::projects::ProjectFill>,
}

/// A locked cell as the marker copied it.
struct LockedCell {
    sheet: String,
    row: u32,
    col: u16,
    text: String,
}

/// What reading a sheet needs: the return's cells and where problems go.
pub(super) struct Ctx<'a> {
    path: &'a Path,
    problems: &'a mut Problems,
}

impl Ctx<'_> {
    pub(super) fn at(&mut self, sheet: &str, row: u32, col: u16, header: &str, message: String) {
        self.problems.push(Problem::new(
            self.path,
            Some(row as usize + 1),
            Some(&cell_name(sheet, row, col, header)),
            message,
        ));
    }

    fn file(&mut self, message: String) {
        self.problems
            .push(Problem::new(self.path, None, None, message));
    }
}

/// Reads the return at `path` for `year`; its problems go into `problems`.
pub(crate) fn read(
    path: &Path,
    plan: &Plan,
    duties: &[Duty],
    year: i32,
    problems: &mut Problems,
) -> Option<Return> {
    let mut cx = Ctx { path, problems };
    let mut book = open(&mut cx, path)?;
    let Ok(marker) = book.worksheet_range(layout::MARKER_SHEET) else {
        cx.file(format!(
            "不是本工具生成的填报表（没有隐藏的“{}”标识页）；请使用本工具生成的填报表填写",
            layout::MARKER_SHEET
        ));
        return None;
    };
    let (unit, locked, form) = check_marker(&mut cx, &marker, plan, duties, year)?;
    let duty = duties.iter().find(|d| d.unit == unit)?;
    let sheets = sheets(&mut cx, &mut book, duty)?;
    let before = cx.problems.errors();
    check_locked(&mut cx, &locked, &sheets, plan, year);
    let (ind_rows, ind_last) = indicator_rows(&locked, &form, plan, year);
    let task_rows = task_rows(&locked);
    let whose = Whose {
        plan,
        duties,
        unit,
        year,
    };
    extra_rows(&mut cx, &sheets[0], ind_last, &whose, false);
    extra_rows(&mut cx, &sheets[1], task_rows.len() as u32, &whose, true);
    if cx.problems.errors() > before {
        return None;
    }
    let figures = figures(
        &mut cx,
        &sheets[0],
        &Asked {
            duty,
            plan,
            year,
            rows: &ind_rows,
            first_version: form.first_version,
        },
    );
    let tasks = tasks(&mut cx, &sheets[1], duty, year, &task_rows);
    let project_rows: Vec<(u32, String)> = locked
        .iter()
        .filter(|c| c.sheet == layout::PROJECT_SHEET && c.col == ProjectColumns::ID && c.row > 0)
        .map(|c| (c.row, c.text.clone()))
        .collect();
    let projects = match sheets.get(2) {
        Some(sheet) => super::projects::read(&mut cx, sheet, duty, year, &project_rows),
        None => Vec::new(),
    };
    if cx.problems.errors() > before {
        return None;
    }
    Some(Return {
        path: path.to_path_buf(),
        unit,
        figures,
        tasks,
        projects,
    })
}

/// The return's bytes opened as a workbook; `None` once told that the file cannot be
/// read or is not an .xlsx workbook.
fn open(cx: &mut Ctx, path: &Path) -> Option<Xlsx<Cursor<Vec<u8>>>> {
    let bytes = match files::read(path) {
        Ok(b) => b,
        Err(e) => {
            cx.file(e.to_string());
            return None;
        }
    };
    match Xlsx::new(Cursor::new(bytes)) {
        Ok(b) => Some(b),
        Err(_) => {
            cx.file(
                "不是 Excel 工作簿（.xlsx），无法读取；如是用 WPS 或 Excel 打开过的填报表，请“另存为”Excel 工作簿（.xlsx）后重试".to_string(),
            );
            None
        }
    }
}

/// The sheets a return of `duty` has (指标, 任务, and 项目 when it has projects) as
/// text; `None` once told that one is missing.
fn sheets(cx: &mut Ctx, book: &mut Xlsx<Cursor<Vec<u8>>>, duty: &Duty) -> Option<Vec<SheetText>> {
    let mut sheets = Vec::new();
    let names: &[&str] = if duty.projects.is_empty() {
        &[layout::INDICATOR_SHEET, layout::TASK_SHEET]
    } else {
        &[
            layout::INDICATOR_SHEET,
            layout::TASK_SHEET,
            layout::PROJECT_SHEET,
        ]
    };
    for &name in names {
        match book.worksheet_range(name) {
            Ok(range) => {
                if let Some((row, col, formula)) =
                    crate::input::table::unsaved_formula(book, name, &range)
                {
                    cx.file(format!(
                        "工作表“{name}”第 {} 行第 {} 列是公式“={formula}”，但文件中没有保存它的计算结果；请在 Excel 或 WPS 中打开、重新计算并保存后再报送",
                        row + 1,
                        col + 1
                    ));
                    return None;
                }
                // Number formats matter for figures only (a cell Excel shows as a percentage).
                let styles = (name == layout::INDICATOR_SHEET)
                    .then(|| book.worksheet_style(name).ok())
                    .flatten();
                let percent = move |row: u32, col: u16| {
                    styles
                        .as_ref()
                        .and_then(|s| s.get((row, col as u32)))
                        .and_then(|s| s.number_format.as_ref())
                        .is_some_and(|f| is_percent_format(&f.format_code))
                };
                let texts = SheetText::new(range, &percent);
                sheets.push(texts);
            }
            Err(_) => {
                cx.file(format!(
                    "缺少工作表“{name}”；请勿删除或改名填报表中的工作表"
                ));
                return None;
            }
        }
    }
    Some(sheets)
}

/// Tells every read-only cell the unit changed, a changed row id in words of its own.
fn check_locked(cx: &mut Ctx, locked: &[LockedCell], sheets: &[SheetText], plan: &Plan, year: i32) {
    let headers = [
        IndicatorColumns::new(plan, year).headers(),
        TaskColumns::headers(year),
        ProjectColumns::headers(year),
    ];
    for cell in locked {
        let (i, sheet_name) = match cell.sheet.as_str() {
            layout::INDICATOR_SHEET => (0, layout::INDICATOR_SHEET),
            layout::TASK_SHEET => (1, layout::TASK_SHEET),
            layout::PROJECT_SHEET if sheets.len() > 2 => (2, layout::PROJECT_SHEET),
            _ => continue,
        };
        let got = sheets[i].get(cell.row, cell.col);
        if !same(&cell.text, &got) {
            let header = headers[i].get(cell.col as usize).map_or("", String::as_str);
            let is_id = cell.row > 0 && cell.col == 0;
            let message = if is_id {
                format!(
                    "编号被改动：下发的填报表中为“{}”，现为“{got}”；请勿改动编号，填错了行请按下发的填报表重新填写",
                    cell.text
                )
            } else if cell.text.is_empty() {
                format!("只读单元格被改动：下发的填报表中为空，现为“{got}”")
            } else {
                format!(
                    "只读单元格被改动：下发的填报表中为“{}”，现为“{got}”",
                    cell.text
                )
            };
            cx.at(sheet_name, cell.row, cell.col, header, message);
        }
    }
}

/// The 指标 sheet's rows as sent, each with the year it asks for (a row whose value cell
/// was sent read-only, a figure already there, asks for nothing), and its last row.
fn indicator_rows(
    locked: &[LockedCell],
    form: &marker::Form,
    plan: &Plan,
    year: i32,
) -> (Vec<(u32, i32)>, u32) {
    let on_sheet = || locked.iter().filter(|c| c.sheet == layout::INDICATOR_SHEET);
    let rows = on_sheet()
        .filter(|c| c.col == 0)
        .filter_map(|c| Some((c.row, form.rows.year_of(c.row, year)?)))
        .filter(|&(row, asks)| {
            let value = IndicatorColumns::asking(plan, year, asks).value();
            !on_sheet().any(|c| c.row == row && c.col == value)
        })
        .collect();
    (rows, on_sheet().map(|c| c.row).max().unwrap_or(0))
}

/// The 任务 sheet's rows as sent: row, task id, and whether the unit leads the task.
fn task_rows(locked: &[LockedCell]) -> Vec<(u32, String, bool)> {
    locked
        .iter()
        .filter(|c| c.sheet == layout::TASK_SHEET && c.col == TaskColumns::ID && c.row > 0)
        .map(|c| {
            let lead = locked.iter().any(|r| {
                r.sheet == layout::TASK_SHEET
                    && r.row == c.row
                    && r.col == TaskColumns::ROLE
                    && r.text == "牵头"
            });
            (c.row, c.text.clone(), lead)
        })
        .collect()
}

/// A sheet's cells as the text Excel shows.
pub(super) struct SheetText {
    range: Range<Data>,
    percent: Vec<(u32, u16)>,
}

impl SheetText {
    fn new(range: Range<Data>, percent: &dyn Fn(u32, u16) -> bool) -> Self {
        let mut cells = Vec::new();
        if let (Some(_), Some((r1, c1))) = (range.start(), range.end()) {
            for r in 0..=r1 {
                for c in 0..=c1.min(u16::MAX as u32) as u16 {
                    if percent(r, c) {
                        cells.push((r, c));
                    }
                }
            }
        }
        SheetText {
            range,
            percent: cells,
        }
    }

    pub(super) fn get(&self, row: u32, col: u16) -> String {
        self.range
            .get_value((row, col as u32))
            .map(|d| cell_text(d, self.percent.contains(&(row, col))))
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// Whether the cell is a number Excel shows as a percentage (its text the number shown).
    pub(super) fn shown_as_percent(&self, row: u32, col: u16) -> bool {
        self.percent.contains(&(row, col))
            && matches!(
                self.range.get_value((row, col as u32)),
                Some(Data::Int(_) | Data::Float(_))
            )
    }

    pub(super) fn last_row(&self) -> u32 {
        self.range.end().map_or(0, |(r, _)| r)
    }

    pub(super) fn last_col(&self) -> u16 {
        self.range.end().map_or(0, |(_, c)| c as u16)
    }
}

/// Equal as text, or as numbers when both are.
fn same(expected: &str, got: &str) -> bool {
    if expected.trim() == got.trim() {
        return true;
    }
    match (expected.trim().parse::<f64>(), got.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        _ => false,
    }
}

/// Whose form a return is: the plan, every unit's duties, the unit and the year.
struct Whose<'a> {
    plan: &'a Plan,
    duties: &'a [Duty<'a>],
    unit: usize,
    year: i32,
}

/// Rows below those the form had: an indicator or task another unit leads,
/// or one the plan does not have, is refused.
fn extra_rows(cx: &mut Ctx, sheet: &SheetText, rows: u32, whose: &Whose, tasks: bool) {
    let Whose {
        plan,
        duties,
        unit,
        year,
    } = *whose;
    let (name, what) = if tasks {
        (layout::TASK_SHEET, "任务")
    } else {
        (layout::INDICATOR_SHEET, "指标")
    };
    let header = if tasks {
        "任务编号"
    } else {
        "指标编号"
    };
    let me = &plan.units[unit].name;
    for r in rows + 1..=sheet.last_row() {
        let filled = (0..=sheet.last_col()).any(|c| !sheet.get(r, c).is_empty());
        if !filled {
            continue;
        }
        let id = sheet.get(r, 0);
        let lead = if tasks {
            let names = Names::new(plan.tasks().map(|(_, t)| (t.id.as_str(), t.title.as_str())));
            match names.find(&id) {
                names::Found::Id(found) => Ok(duties
                    .iter()
                    .find(|d| d.tasks.iter().any(|t| t.id == found))
                    .map(|d| d.unit)),
                unknown => Err(names::did_you_mean(&unknown)),
            }
        } else {
            let names = Names::new(
                plan.indicators
                    .iter()
                    .map(|i| (i.id.as_str(), i.name.as_str())),
            );
            match crate::input::readings::resolve(plan, &names, &id) {
                Some((ind, _)) => Ok(Some(plan.unit_in(ind.units[0], year))),
                None => Err(names::did_you_mean(&names.find(&id))),
            }
        };
        let message = match lead {
            _ if id.is_empty() => {
                format!("这一行不是下发的填报表中的行（没有{what}编号）；请勿增加行")
            }
            Ok(Some(lead)) if lead != unit => format!(
                "{me}不是{what}“{id}”的牵头单位（{year} 年度由{}牵头填报），不能填报该{what}",
                plan.units[lead].name
            ),
            Ok(_) => format!("{what}“{id}”已在上方填报，不能重复填报；请勿增加行"),
            Err(hint) => format!("规划中没有编号或名称为“{id}”的{what}{hint}"),
        };
        cx.at(name, r, 0, header, message);
    }
}
