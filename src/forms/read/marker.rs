//! A return's hidden marker sheet checked: a form of this tool, of this plan, year and a
//! unit that reports this year; its version, where its 指标 sheet's parts are, and the copy
//! of every locked cell it keeps. It must not read the filled cells: that is `figures`.

use calamine::{Data, Range};

use crate::input::table::cell_text;
use crate::plan::Plan;

use super::super::layout::{self, Duty};
use super::{Ctx, LockedCell};

/// What the marker says of the form's make: its version and where its 指标 sheet's
/// parts are.
pub(super) struct Form {
    /// A form of version 1: its published-late rows asked for the form's own year.
    pub(super) first_version: bool,
    pub(super) rows: layout::SheetRows,
}

/// The unit, the locked cells the marker names and the form's make, once it is found
/// to be a form of this plan and year.
pub(super) fn check_marker(
    cx: &mut Ctx,
    marker: &Range<Data>,
    plan: &Plan,
    duties: &[Duty],
    year: i32,
) -> Option<(usize, Vec<LockedCell>, Form)> {
    let text = |r: u32, c: u32| {
        marker
            .get_value((r, c))
            .map(|d| cell_text(d, false))
            .unwrap_or_default()
    };
    let rows = marker.end().map_or(0, |(r, _)| r + 1);
    let value = |key: &str| {
        (0..rows)
            .find(|&r| text(r, 0) == key)
            .map(|r| text(r, 1))
            .unwrap_or_default()
    };
    let first_version = text(0, 0) == layout::MARKER_FORMAT_V1;
    if text(0, 0) != layout::MARKER_FORMAT && !first_version {
        cx.file(format!(
            "隐藏的“{}”标识页已损坏，无法确认是哪个单位的填报表；请使用本工具生成的填报表重新填写",
            layout::MARKER_SHEET
        ));
        return None;
    }
    let (form_plan, document) = (value(layout::KEY_PLAN), value(layout::KEY_DOCUMENT));
    if form_plan != plan.meta.full_name || document != plan.meta.document_number {
        cx.file(format!(
            "这是《{form_plan}》（{document}）的填报表，不是本规划《{}》（{}）的；请核对文件",
            plan.meta.full_name, plan.meta.document_number
        ));
        return None;
    }
    let form_year = value(layout::KEY_YEAR);
    if form_year != year.to_string() {
        cx.file(format!(
            "这是 {form_year} 年度的填报表，本次汇总的是 {year} 年度；请核对文件，或改为汇总 {form_year} 年度"
        ));
        return None;
    }
    let unit_name = value(layout::KEY_UNIT);
    let Some(unit) = plan.units.iter().position(|u| u.name == unit_name) else {
        cx.file(format!("填报表所填单位“{unit_name}”不是规划中的责任单位"));
        return None;
    };
    if !duties.iter().any(|d| d.unit == unit) {
        cx.file(format!(
            "{unit_name}在 {year} 年度不牵头任何指标或任务，不应有填报表"
        ));
        return None;
    }
    let start = (0..rows).find(|&r| text(r, 0) == layout::KEY_LOCKED)? + 1;
    let locked = (start..rows)
        .map(|r| LockedCell {
            sheet: text(r, 0),
            row: text(r, 1).parse().unwrap_or(0),
            col: text(r, 2).parse().unwrap_or(0),
            text: text(r, 3),
        })
        .collect();
    let form = Form {
        first_version,
        rows: layout::SheetRows {
            current_end: 0,
            late_header: value(layout::KEY_LATE).parse().ok(),
        },
    };
    Some((unit, locked, form))
}
