//! One unit's form as an `.xlsx` workbook (rust_xlsxwriter): the 说明, 指标
//! and 任务 sheets, every cell locked but those to fill, number and list
//! validation on them, and the hidden marker sheet with a copy of every locked cell.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::error::{Error, Result};
use crate::input::Dataset;
use crate::plan::Plan;

use super::layout::{self, Duty, TaskColumns};

mod indicators;

/// Bounds given to a value cell whose indicator has no plausible range.
const ANY: f64 = 1e15;

/// The cell formats of a form.
pub(super) struct Formats {
    title: Format,
    pub(super) header: Format,
    pub(super) locked: Format,
    pub(super) locked_number: Format,
    pub(super) fill: Format,
    plain: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_font_size(10.5);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9D9D9)),
            locked: base.clone().set_background_color(Color::RGB(0xF2F2F2)),
            locked_number: base.clone().set_background_color(Color::RGB(0xF2F2F2)),
            fill: base
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(0xFFF2CC)),
            plain: Format::new().set_text_wrap(),
        }
    }
}

/// A locked cell as the marker copies it.
pub(super) struct Locked {
    sheet: &'static str,
    row: u32,
    col: u16,
    text: String,
}

/// A sheet being written, recording every locked cell it writes.
pub(super) struct Sheet<'a> {
    pub(super) ws: &'a mut Worksheet,
    name: &'static str,
    locked: &'a mut Vec<Locked>,
}

impl Sheet<'_> {
    pub(super) fn text(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, text, format)?;
        self.keep(row, col, text.to_string());
        Ok(())
    }

    pub(super) fn number(
        &mut self,
        row: u32,
        col: u16,
        value: f64,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, value, format)?;
        self.keep(row, col, format!("{value}"));
        Ok(())
    }

    pub(super) fn blank(&mut self, row: u32, col: u16, format: &Format) -> Result<(), XlsxError> {
        self.ws.write_blank(row, col, format)?;
        self.keep(row, col, String::new());
        Ok(())
    }

    fn keep(&mut self, row: u32, col: u16, text: String) {
        self.locked.push(Locked {
            sheet: self.name,
            row,
            col,
            text,
        });
    }
}

fn xlsx_err(error: XlsxError) -> Error {
    Error::Form(error.to_string())
}

/// The workbook of `duty` for `year`, as bytes.
pub(super) fn workbook(data: &Dataset, duty: &Duty, year: i32) -> Result<Vec<u8>> {
    build(data, duty, year)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(xlsx_err)
}

fn build(data: &Dataset, duty: &Duty, year: i32) -> Result<Workbook, XlsxError> {
    let plan = &data.plan;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut locked = Vec::new();
    guide(wb.add_worksheet(), plan, duty, year, &f)?;
    {
        let ws = wb.add_worksheet();
        ws.set_name(layout::INDICATOR_SHEET)?;
        let mut sheet = Sheet {
            ws,
            name: layout::INDICATOR_SHEET,
            locked: &mut locked,
        };
        indicators::indicators(&mut sheet, data, duty, year, &f)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(layout::TASK_SHEET)?;
        let mut sheet = Sheet {
            ws,
            name: layout::TASK_SHEET,
            locked: &mut locked,
        };
        tasks(&mut sheet, plan, duty, year, &f)?;
    }
    if !duty.projects.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(layout::PROJECT_SHEET)?;
        let mut sheet = Sheet {
            ws,
            name: layout::PROJECT_SHEET,
            locked: &mut locked,
        };
        super::projects::write(&mut sheet, duty, year, &f)?;
    }
    marker(wb.add_worksheet(), plan, duty, year, &locked)?;
    Ok(wb)
}

/// What to fill, by when, whom to ask.
fn guide(
    ws: &mut Worksheet,
    plan: &Plan,
    duty: &Duty,
    year: i32,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(layout::GUIDE_SHEET)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 80)?;
    let unit = &plan.units[duty.unit];
    let evaluator = &plan.units[plan.unit_in(plan.meta.evaluator, year)];
    let (m, d) = plan.meta.forms_due;
    let contact = if plan.meta.forms_contact.is_empty() {
        evaluator.full_name.clone()
    } else {
        plan.meta.forms_contact.clone()
    };
    ws.write_string_with_format(
        0,
        0,
        format!("《{}》{year}年度实施情况填报表", plan.meta.short_name),
        &f.title,
    )?;
    let figures = what_figures(duty, year);
    let lines: Vec<(&str, String)> = vec![
        ("填报单位", format!("{}（{}）", unit.full_name, unit.name)),
        ("填报年度", format!("{year}年")),
        (
            "报送期限",
            format!("请于{}年{m}月{d}日前报送{}", year + 1, evaluator.full_name),
        ),
        ("联系人", contact),
        (
            "填报依据",
            format!(
                "{}（{}）",
                if plan.meta.document_title.is_empty() {
                    &plan.meta.full_name
                } else {
                    &plan.meta.document_title
                },
                plan.meta.document_number
            ),
        ),
        (
            "填写内容",
            format!(
                "{figures}；“任务”表：本单位牵头的{}项任务{year}年的进展状态和进展情况，以及主要做法和经验、存在问题及原因（如有，照实填写），本单位配合的任务仅供了解，由牵头单位填报。{}",
                duty.tasks.len(),
                if duty.projects.is_empty() {
                    String::new()
                } else {
                    format!(
                        "“重大项目”表：本单位牵头的{}项重大项目{year}年的进展状态、当年完成投资（亿元）和原因及说明。",
                        duty.projects.len()
                    )
                }
            ),
        ),
        (
            "填写方法",
            "只填写黄色单元格，灰色单元格为只读；数值只填数字（百分比指标填百分数的数字，如 10.7），尚未掌握的数据留空，不要填 0；进展状态从下拉列表中选择。".to_string(),
        ),
        (
            "注意事项",
            "请勿增删行列、改动编号和名称；文件可以改名，但请保存为 Excel 工作簿（.xlsx）格式后报送。".to_string(),
        ),
    ];
    for (i, (key, value)) in lines.iter().enumerate() {
        let row = i as u32 + 2;
        ws.write_string_with_format(row, 0, *key, &f.plain)?;
        ws.write_string_with_format(row, 1, value, &f.plain)?;
    }
    ws.protect();
    Ok(())
}

/// What the 指标 sheet asks for, in the guide's words: the year's figures, those published
/// the next year (for the year before) and the benchmarks, each when the form has them.
fn what_figures(duty: &Duty, year: i32) -> String {
    let indicators = duty.current_rows().filter(|r| !r.level).count();
    let late = duty.late_rows().filter(|r| !r.level).count();
    let mut figures = format!(
        "“指标”表：本单位牵头的{indicators}项指标{year}年的数值（上级下达目标、数据来源、备注）"
    );
    if late > 0 {
        figures.push_str(&format!(
            "，以及{late}项次年发布的指标{}年的数值（在表下方“以下指标的数据次年发布”一栏填写）",
            year - 1
        ));
    }
    if !duty.benchmarks.is_empty() {
        figures.push_str(&format!(
            "，以及{}项对照数据（全省平均等）{year}年的数值，供相对目标比较",
            duty.benchmarks.len()
        ));
    }
    figures
}

fn tasks(
    sheet: &mut Sheet,
    plan: &Plan,
    duty: &Duty,
    year: i32,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in TaskColumns::headers(year).iter().enumerate() {
        sheet.text(0, c as u16, h, &f.header)?;
    }
    sheet.ws.set_freeze_panes(1, 2)?;
    sheet.ws.set_column_width(TaskColumns::TITLE, 24)?;
    sheet.ws.set_column_width(TaskColumns::TEXT, 60)?;
    sheet.ws.set_column_width(TaskColumns::ROLE, 20)?;
    sheet.ws.set_column_width(TaskColumns::STATUS, 14)?;
    sheet.ws.set_column_width(TaskColumns::SUMMARY, 60)?;
    sheet.ws.set_column_width(TaskColumns::EXPERIENCE, 40)?;
    sheet.ws.set_column_width(TaskColumns::PROBLEMS, 40)?;
    let statuses = DataValidation::new()
        .allow_list_strings(&layout::STATUSES)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("进展状态有误")?
        .set_error_message(format!(
            "请从下拉列表中选择：{}",
            layout::STATUSES.join("、")
        ))?;
    let mut r = 1;
    for task in &duty.tasks {
        sheet.text(r, TaskColumns::ID, &task.id, &f.locked)?;
        sheet.text(r, TaskColumns::TITLE, &task.title, &f.locked)?;
        sheet.text(r, TaskColumns::TEXT, &task.text, &f.locked)?;
        sheet.text(r, TaskColumns::ROLE, "牵头", &f.locked)?;
        sheet.ws.write_blank(r, TaskColumns::STATUS, &f.fill)?;
        sheet
            .ws
            .add_data_validation(r, TaskColumns::STATUS, r, TaskColumns::STATUS, &statuses)?;
        sheet.ws.write_blank(r, TaskColumns::SUMMARY, &f.fill)?;
        sheet.ws.write_blank(r, TaskColumns::EXPERIENCE, &f.fill)?;
        sheet.ws.write_blank(r, TaskColumns::PROBLEMS, &f.fill)?;
        r += 1;
    }
    for (task, lead) in &duty.supports {
        sheet.text(r, TaskColumns::ID, &task.id, &f.locked)?;
        sheet.text(r, TaskColumns::TITLE, &task.title, &f.locked)?;
        sheet.text(r, TaskColumns::TEXT, &task.text, &f.locked)?;
        let role = format!("配合（由{}填报）", plan.units[*lead].name);
        sheet.text(r, TaskColumns::ROLE, &role, &f.locked)?;
        sheet.blank(r, TaskColumns::STATUS, &f.locked)?;
        sheet.blank(r, TaskColumns::SUMMARY, &f.locked)?;
        sheet.blank(r, TaskColumns::EXPERIENCE, &f.locked)?;
        sheet.blank(r, TaskColumns::PROBLEMS, &f.locked)?;
        r += 1;
    }
    sheet.ws.protect();
    Ok(())
}

/// The hidden sheet: which plan, year and unit, then a copy of every locked cell.
fn marker(
    ws: &mut Worksheet,
    plan: &Plan,
    duty: &Duty,
    year: i32,
    locked: &[Locked],
) -> Result<(), XlsxError> {
    ws.set_name(layout::MARKER_SHEET)?;
    let unit = &plan.units[duty.unit];
    let year_text = year.to_string();
    let late_text = duty
        .sheet_rows()
        .late_header
        .map(|h| h.to_string())
        .unwrap_or_default();
    let mut pairs: Vec<(&str, &str)> = vec![
        (layout::MARKER_FORMAT, ""),
        (layout::KEY_PLAN, &plan.meta.full_name),
        (layout::KEY_DOCUMENT, &plan.meta.document_number),
        (layout::KEY_YEAR, &year_text),
        (layout::KEY_UNIT, &unit.name),
        (layout::KEY_UNIT_FULL, &unit.full_name),
    ];
    if !late_text.is_empty() {
        pairs.push((layout::KEY_LATE, &late_text));
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, *v)?;
    }
    let start = pairs.len() as u32;
    ws.write_string(start, 0, layout::KEY_LOCKED)?;
    for (i, cell) in locked.iter().enumerate() {
        let r = start + 1 + i as u32;
        ws.write_string(r, 0, cell.sheet)?;
        ws.write_number(r, 1, cell.row as f64)?;
        ws.write_number(r, 2, cell.col as f64)?;
        ws.write_string(r, 3, &cell.text)?;
    }
    ws.set_very_hidden(true);
    ws.protect();
    Ok(())
}
