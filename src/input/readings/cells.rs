//! Helpers of the readings' check: running totals, the 数据性质 cell, the
//! target column's name, and which indicator a cell names.

use std::path::Path;

use super::{LEVEL_NAME_SUFFIXES, LEVEL_SUFFIX, Readings};
use crate::error::Problems;
use crate::model::names::Names;
use crate::plan::{Indicator, Plan, Target};

/// Warns where a cumulative indicator's yearly figures look like running
/// totals (each year the total so far): the program adds the years up itself.
pub(super) fn running_totals(
    path: &Path,
    plan: &Plan,
    readings: &Readings,
    problems: &mut Problems,
) {
    for ind in &plan.indicators {
        let Target::Cumulative { total, .. } = ind.target else {
            continue;
        };
        let values: Vec<f64> = readings
            .series(&ind.id, plan.meta.target_year)
            .into_iter()
            .filter(|r| r.year > plan.meta.base_year)
            .map(|r| r.value)
            .collect();
        let rising = values.windows(2).all(|w| w[1] > w[0]);
        let sum: f64 = values.iter().sum();
        let last = values.last().copied().unwrap_or_default();
        if values.len() >= 3 && rising && sum > 1.5 * total && last <= 1.3 * total {
            problems.warn(
                path,
                None,
                "value",
                format!(
                    "指标“{}”（{}）的各年数值逐年递增、合计 {} 远超规划期目标 {}，可能填的是截至当年的累计数；累计类（cumulative）指标每年应填当年的数值，由工具逐年累计",
                    ind.id,
                    ind.name,
                    crate::model::numfmt::plain(sum),
                    crate::model::numfmt::plain(total)
                ),
            );
        }
    }
}

/// Whether a 数据性质 cell marks an estimate (预计); `None` when it is not understood.
pub(super) fn estimated(cell: &str) -> Option<bool> {
    match cell.trim() {
        "" | "否" | "实际" | "正式" | "统计数" => Some(false),
        "预计" | "预计数" | "是" | "√" | "yes" | "true" => Some(true),
        _ => None,
    }
}

/// The error of a 数据性质 cell not understood, for `whose` row.
pub(super) fn estimated_unknown(whose: &str, cell: &str) -> String {
    format!(
        "{whose}的数据性质“{}”无法识别：预计数填“预计”，正式统计数留空",
        cell.trim()
    )
}

/// What the target column is called for `ind`: 年度目标 for targets the
/// government sets each year, 下达目标 otherwise.
pub(super) fn target_column(ind: &Indicator) -> &'static str {
    match ind.target {
        Target::Yearly { .. } => "年度目标",
        _ => "下达目标",
    }
}

/// The indicator a cell names, and whether it names its level series (by
/// `<id>.level`, or the name followed by 总量).
pub(crate) fn resolve<'p>(
    plan: &'p Plan,
    names: &Names,
    cell: &str,
) -> Option<(&'p Indicator, bool)> {
    if let Some(i) = names.position(cell) {
        return Some((&plan.indicators[i], false));
    }
    let base = cell.strip_suffix(LEVEL_SUFFIX).or_else(|| {
        LEVEL_NAME_SUFFIXES
            .iter()
            .find_map(|s| cell.strip_suffix(s))
    });
    if let Some(base) = base.filter(|b| !b.trim().is_empty())
        && let Some(i) = names.position(base)
    {
        return Some((&plan.indicators[i], true));
    }
    None
}
