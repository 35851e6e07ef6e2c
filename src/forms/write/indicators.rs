//! The 指标 sheet of a unit's form: the rows asking for the form's year, the
//! benchmark rows of the evaluator's form, and the block of figures published the
//! next year asking for the year before; number and list validation on the cells to
//! fill. It must not read returns: that is `read`.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DataValidationRule, XlsxError};

use crate::input::Dataset;
use crate::plan::Benchmark;

use super::super::layout::{Duty, IndicatorColumns, IndicatorRow};
use super::{ANY, Formats, Sheet};

pub(super) fn indicators(
    sheet: &mut Sheet,
    data: &Dataset,
    duty: &Duty,
    year: i32,
    f: &Formats,
) -> Result<(), XlsxError> {
    let cols = IndicatorColumns::new(&data.plan, year);
    for (c, h) in cols.headers().iter().enumerate() {
        sheet.text(0, c as u16, h, &f.header)?;
    }
    sheet.ws.set_freeze_panes(1, 2)?;
    sheet.ws.set_column_width(IndicatorColumns::ID, 18)?;
    sheet.ws.set_column_width(IndicatorColumns::NAME, 28)?;
    sheet.ws.set_column_width(IndicatorColumns::TARGET, 36)?;
    for c in [cols.value() - 1, cols.value(), cols.quota()] {
        sheet.ws.set_column_width(c, 14)?;
    }
    sheet.ws.set_column_width(cols.source(), 30)?;
    sheet.ws.set_column_width(cols.note(), 30)?;
    sheet.ws.set_column_width(cols.rank(), 20)?;
    let mut r = 1;
    for row in duty.current_rows() {
        indicator_row(sheet, data, row, r, &cols, f)?;
        r += 1;
    }
    for b in &duty.benchmarks {
        benchmark_row(sheet, data, b, r, &cols, f)?;
        r += 1;
    }
    let at = duty.sheet_rows();
    if let (Some(title), Some(header)) = (at.late_title(), at.late_header) {
        let late = IndicatorColumns::asking(&data.plan, year, year - 1);
        let headers = late.headers();
        let text = late_title(data, duty, year);
        let last = headers.len() as u16 - 1;
        sheet
            .ws
            .merge_range(title, 0, title, last, &text, &f.locked)?;
        sheet.keep(title, 0, text);
        for (c, h) in headers.iter().enumerate() {
            sheet.text(header, c as u16, h, &f.header)?;
        }
        for (i, row) in duty.late_rows().enumerate() {
            indicator_row(sheet, data, row, header + 1 + i as u32, &late, f)?;
        }
    }
    sheet.ws.protect();
    Ok(())
}

/// The title above the figures published the next year: the year they ask for (or that
/// the data folder has them all already), and when the form's own year is asked for (no
/// promise of a form after the plan's last year).
fn late_title(data: &Dataset, duty: &Duty, year: i32) -> String {
    let asked = duty.late_rows().any(|row| {
        let series = if row.level {
            data.readings.level_series(&row.indicator.id, year - 1)
        } else {
            data.readings.series(&row.indicator.id, year - 1)
        };
        !series.iter().any(|s| s.year == year - 1)
    });
    let what = if asked {
        format!("请填报{}年数值", year - 1)
    } else {
        format!("{}年数值已在数据中，仅供参考", year - 1)
    };
    let then = if year < data.plan.meta.target_year {
        format!("（{year}年数值待{}年度填报表填报）", year + 1)
    } else {
        String::new()
    };
    format!("以下指标的数据次年发布：{what}{then}")
}

/// One indicator's row `r`, asking for the year of `cols`: its figures of the years
/// before for reference, the cells to fill. A figure of a year before the form's that
/// the data folder already holds is shown, read-only, in its value cell.
fn indicator_row(
    sheet: &mut Sheet,
    data: &Dataset,
    row: &IndicatorRow,
    r: u32,
    cols: &IndicatorColumns,
    f: &Formats,
) -> Result<(), XlsxError> {
    let ind = row.indicator;
    sheet.text(r, IndicatorColumns::ID, &row.id(), &f.locked)?;
    sheet.text(r, IndicatorColumns::NAME, &row.name(), &f.locked)?;
    sheet.text(r, IndicatorColumns::UNIT, row.unit(), &f.locked)?;
    let target = if row.level {
        "（总量，供展示，选填）".to_string()
    } else {
        ind.wording.clone()
    };
    sheet.text(r, IndicatorColumns::TARGET, &target, &f.locked)?;
    let series = if row.level {
        data.readings.level_series(&ind.id, cols.year)
    } else {
        data.readings.series(&ind.id, cols.year)
    };
    for y in cols.earlier() {
        match series.iter().find(|s| s.year == y) {
            Some(s) => sheet.number(r, cols.earlier_col(y), s.value, &f.locked_number)?,
            None => sheet.blank(r, cols.earlier_col(y), &f.locked)?,
        }
    }
    let known = row
        .late()
        .then(|| series.iter().find(|s| s.year == cols.year))
        .flatten();
    if let Some(s) = known {
        // Already in the data folder: the row is shown for reference, nothing in it to fill.
        match &s.verdict {
            Some(v) => sheet.text(r, cols.value(), v.label(), &f.locked)?,
            None => sheet.number(r, cols.value(), s.value, &f.locked_number)?,
        }
        for c in [
            cols.quota(),
            cols.source(),
            cols.note(),
            cols.province_average(),
            cols.city_average(),
            cols.rank(),
        ] {
            sheet.blank(r, c, &f.locked)?;
        }
        return Ok(());
    }
    sheet.ws.write_blank(r, cols.value(), &f.fill)?;
    let value_rule = if row.takes_verdict() {
        verdict_rule()?
    } else {
        number_rule(row)?
    };
    sheet
        .ws
        .add_data_validation(r, cols.value(), r, cols.value(), &value_rule)?;
    if row.needs_quota() {
        sheet.ws.write_blank(r, cols.quota(), &f.fill)?;
        sheet
            .ws
            .add_data_validation(r, cols.quota(), r, cols.quota(), &target_rule()?)?;
    } else {
        sheet.blank(r, cols.quota(), &f.locked)?;
    }
    sheet.ws.write_blank(r, cols.source(), &f.fill)?;
    sheet.ws.write_blank(r, cols.note(), &f.fill)?;
    // Averages and rank belong to the graded figure, not to a level series or a verdict.
    for c in [cols.province_average(), cols.city_average(), cols.rank()] {
        if row.level || row.takes_verdict() {
            sheet.blank(r, c, &f.locked)?;
        } else {
            sheet.ws.write_blank(r, c, &f.fill)?;
        }
    }
    Ok(())
}

/// A benchmark series' row `r` (全省平均…, on the evaluator's form): its figures of
/// the years before, the year's figure, its source and note to fill.
fn benchmark_row(
    sheet: &mut Sheet,
    data: &Dataset,
    b: &Benchmark,
    r: u32,
    cols: &IndicatorColumns,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.text(r, IndicatorColumns::ID, &b.id, &f.locked)?;
    sheet.text(r, IndicatorColumns::NAME, &b.name, &f.locked)?;
    sheet.text(r, IndicatorColumns::UNIT, &b.unit, &f.locked)?;
    let users: Vec<String> = data
        .plan
        .indicators
        .iter()
        .filter(|i| {
            matches!(&i.target, crate::plan::Target::Relative { reference, .. }
                if reference.benchmark && reference.id == b.id)
        })
        .map(|i| format!("“{}”", i.name))
        .collect();
    let target = format!("（对照数据，供{}比较）", users.join("、"));
    sheet.text(r, IndicatorColumns::TARGET, &target, &f.locked)?;
    let series = data.readings.series(&b.id, cols.year - 1);
    for y in cols.earlier() {
        match series.iter().find(|s| s.year == y) {
            Some(s) => sheet.number(r, cols.earlier_col(y), s.value, &f.locked_number)?,
            None => sheet.blank(r, cols.earlier_col(y), &f.locked)?,
        }
    }
    sheet.ws.write_blank(r, cols.value(), &f.fill)?;
    let rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-ANY, ANY))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("数值有误")?
        .set_error_message("请填写数字")?;
    sheet
        .ws
        .add_data_validation(r, cols.value(), r, cols.value(), &rule)?;
    sheet.blank(r, cols.quota(), &f.locked)?;
    sheet.ws.write_blank(r, cols.source(), &f.fill)?;
    sheet.ws.write_blank(r, cols.note(), &f.fill)?;
    for c in [cols.province_average(), cols.city_average(), cols.rank()] {
        sheet.blank(r, c, &f.locked)?;
    }
    Ok(())
}

/// A unit's own assessment: one of the three verdicts.
fn verdict_rule() -> Result<DataValidation, XlsxError> {
    let verdicts = crate::plan::Verdict::ALL.map(|v| v.label());
    DataValidation::new()
        .allow_list_strings(&verdicts)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("评估意见有误")?
        .set_error_message("请从下拉列表选择：达到预期、基本达到、未达到预期")
}

/// The year's target: a figure, a range or a figure with its τ, checked when
/// the form comes back (`collect`), so the cell only shows how to write it.
fn target_rule() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_any_value()
        .set_input_title("目标的写法")?
        .set_input_message(format!(
            "按规划的写法填写，如 {}",
            crate::forms::read::target::HOW
        ))
}

/// Number validation of a value or quota cell: its plausible range.
fn number_rule(row: &IndicatorRow) -> Result<DataValidation, XlsxError> {
    let range = row.plausible().map(|p| p.range).unwrap_or_default();
    let rule = match (range.min, range.max) {
        (Some(lo), Some(hi)) => DataValidationRule::Between(lo, hi),
        (Some(lo), None) => DataValidationRule::Between(lo, ANY),
        (None, Some(hi)) => DataValidationRule::Between(-ANY, hi),
        (None, None) => DataValidationRule::Between(-ANY, ANY),
    };
    let message = match (range.min, range.max) {
        (None, None) => "请填写数字".to_string(),
        _ => format!("请填写数字，{}", range.describe()),
    };
    DataValidation::new()
        .allow_decimal_number(rule)
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("数值有误")?
        .set_error_message(message)
}
