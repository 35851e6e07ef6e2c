//! The variables a rule's text may read in each case: what an indicator of
//! a kind, a task, or a standing measure has to say, by evaluation kind.

use std::collections::BTreeSet;

use crate::model::vocabulary::{EvaluationKind, TargetKind};

pub(super) fn has_all(used: &BTreeSet<String>, available: &[&str]) -> bool {
    used.iter().all(|v| available.contains(&v.as_str()))
}

/// The variables a rule's text may read for an indicator of target kind
/// `kind` in an evaluation of kind `evaluation`. Forecasts and what is still
/// needed exist only while years remain.
pub fn indicator_variables(kind: TargetKind, evaluation: EvaluationKind) -> Vec<&'static str> {
    let mut v = INDICATOR_VARIABLES.to_vec();
    let open = !evaluation.is_final();
    if open {
        v.extend(["outlook", "remaining_years"]);
    }
    v.extend(kind_variables(kind, open));
    v
}

/// What every indicator's rule may read, whatever its kind and evaluation.
const INDICATOR_VARIABLES: [&str; 39] = [
    "name",
    "short_name",
    "id",
    "self",
    "lead_is_self",
    "lead",
    "lead_full",
    "supporting",
    "units",
    "category",
    "grade",
    "grade_key",
    "wording",
    "unit",
    "value",
    "year",
    "reading_year",
    "base_year",
    "target_year",
    "span",
    "reason",
    "cause",
    "note",
    "missed_years",
    "gap_years",
    "evaluation",
    "preliminary",
    "next_plan",
    // Facts that decide which words are true (evaluate::countermeasures::facts).
    "beyond_upper",
    "beyond_upper_years",
    // What a figure above the target is above: "目标上限", or for a 左右 ceiling without its
    // tolerance "3%左右的目标" (no hard 上限; `upper_is_limit` false).
    "upper_is_limit",
    "upper_phrase",
    "short_years",
    "lower_is_better",
    "policy_cause",
    // The gist of the cause the report prints (empty without one): a measure answers it
    // (针对……等影响……的因素) and never asks to find it.
    "cause_gist",
    // A price index (居民消费价格涨幅): monitored and, above its band, 保供稳价; never pushed.
    "price",
    // A binding (约束性) indicator: its yearly target is assigned, never 预期.
    "binding",
    // A quota's compounded falls over the period (empty for other kinds).
    "quota_period_text",
];

/// What an indicator of target kind `kind` adds; `open`: years remain.
fn kind_variables(kind: TargetKind, open: bool) -> Vec<&'static str> {
    let mut v = Vec::new();
    match kind {
        TargetKind::Growth => {
            v.extend([
                "falling",
                "target",
                "realised",
                "realised_text",
                "level_target",
                "level_value",
                "level_unit",
                "rate_met",
            ]);
            if open {
                v.extend([
                    "needed",
                    "needed_text",
                    "level_expected",
                    "level_needed_text",
                ]);
            }
        }
        TargetKind::Level => {
            v.extend(["target", "base"]);
            if open {
                v.push("expected");
            }
        }
        TargetKind::Floor | TargetKind::Ceiling => v.extend(["target", "base", "expected"]),
        TargetKind::Band => v.extend(["target", "band"]),
        TargetKind::Cumulative => {
            v.extend(["target", "cumulative"]);
            if open {
                v.extend([
                    "expected",
                    "cumulative_expected",
                    "cumulative_needed",
                    "needed_text",
                ]);
            }
        }
        TargetKind::Quota => {
            v.extend(["target", "expected", "cumulative"]);
            if open {
                v.extend(["cumulative_expected", "cumulative_needed", "needed_text"]);
            }
        }
        TargetKind::Yearly => v.extend(["expected", "year_target"]),
        TargetKind::Relative => v.extend(["reference", "relation", "expected", "realised"]),
        TargetKind::Trend => v.extend(["target", "base", "trend_aim"]),
        TargetKind::Assessed => v.push("verdict"),
        TargetKind::Rank => v.extend(["target", "base", "expected", "group"]),
    }
    v
}

/// The variables a task rule's text may read; a grouped rule reads the
/// tasks as lists.
pub fn task_variables(grouped: bool, evaluation: EvaluationKind) -> Vec<&'static str> {
    let mut v = vec![
        "status",
        "year",
        "base_year",
        "target_year",
        "evaluation",
        "self",
        "addressee",
        "next_plan",
    ];
    if grouped {
        v.extend([
            "tasks",
            "units",
            "others",
            "self_late",
            "count",
            "indicators",
            // The owed figures with the years each lacks: "“粮食综合生产能力”2027年、2028年数据".
            "figures_owed",
            "projects",
        ]);
    } else {
        v.extend([
            "task",
            "section",
            "lead",
            "lead_is_self",
            "supporting",
            "summary",
            "cause",
            "obstacle",
            "obstacle_kind",
            "works",
        ]);
    }
    if !evaluation.is_final() {
        v.push("remaining_years");
    }
    v
}

/// The variables a standing measure's text may read.
pub const STANDING_VARIABLES: [&str; 8] = [
    "self",
    "addressee",
    "evaluator",
    "year",
    "base_year",
    "target_year",
    "evaluation",
    "next_plan",
];

/// The template name of the standing measure at `index`.
pub fn standing_id(index: usize) -> String {
    format!("standing-{}", index + 1)
}
