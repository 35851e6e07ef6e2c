//! The cause a report may print beside an indicator, taken from its readings'
//! notes: a note that explains a figure (新投产项目用能增加较多; 工业品出厂价格
//! 下降，现价增速低于可比价增速) is a cause, a remark on how the figure is
//! counted (按现价计算, 统计公报, 预计数) is not.
//!
//! An annual evaluation takes the latest year's note. A mid-term or final
//! evaluation explains a miss over the period, so it takes the notes of the
//! years that missed (or fell short of the target rate), the worst first, and
//! never a note of a year that met the target. It invents no cause: without a
//! note on a missed year the cause is empty.

use crate::input::readings::Reading;
use crate::model::vocabulary::EvaluationKind;
use crate::plan::{Direction, EPS, Indicator, Target};

use super::{Assessment, Period};

/// Remarks on how a figure is counted or where it comes from: never a cause.
const REMARKS: [&str; 11] = [
    "下同",
    "取自",
    "普查",
    "统计公报",
    "预计数",
    "初步数",
    "快报",
    "发布",
    "基期",
    "口径",
    "按现价计算",
];

/// Words of counting that a cause may also use ("现价增速低于可比价增速"):
/// a remark unless the part also explains a change or a difference.
const COUNTING: [&str; 8] = [
    "可比价",
    "现价",
    "名义",
    "测算",
    "核算",
    "计算",
    "预计",
    "取值",
];

/// Words that explain a change or a difference: a part holding one of them is
/// a cause even when it names a price basis.
const EXPLAINS: [&str; 16] = [
    "下降", "上升", "增加", "减少", "回落", "回升", "放缓", "加快", "低于", "高于", "影响", "由于",
    "导致", "较多", "较少", "推迟",
];

/// Whether a reading's note gives a cause (新投产项目用能增加较多) rather than
/// a remark on how the figure is counted (按可比价格计算, 现价，亿元，下同,
/// 第七次全国人口普查数据), which the report must not present as a cause. A
/// note that explains a difference between two counts (工业品出厂价格下降，现价
/// 增速低于可比价增速) is a cause.
pub fn is_cause(note: &str) -> bool {
    let note = note.trim();
    if note.is_empty() || REMARKS.iter().any(|r| note.contains(r)) {
        return false;
    }
    !COUNTING.iter().any(|r| note.contains(r)) || EXPLAINS.iter().any(|e| note.contains(e))
}

/// The parts of a note that give causes, a remark on the figure left out:
/// "2030年为预计数；增值税留抵退税集中办理" → "增值税留抵退税集中办理".
pub fn causes_in(note: &str) -> String {
    note.split(['；', ';', '。'])
        .map(str::trim)
        .filter(|part| is_cause(part))
        .collect::<Vec<_>>()
        .join("；")
}

/// The readings an indicator's cause may come from, oldest first, up to the
/// evaluated year; `spell` writes a note's unit names as the report does.
pub(super) struct Notes<'a> {
    pub series: &'a [&'a Reading],
    pub levels: &'a [&'a Reading],
    pub spell: &'a dyn Fn(&str) -> String,
}

/// The notes explaining a miss read by themselves, as a cause of `ind`.
/// Annual: the latest year's note (and the level's, when a two-part target's
/// level lags). Mid-term and final: the notes of the two worst missed years
/// with a cause, in year order, each dated ("2023年房地产开发投资大幅下降").
pub(super) fn cause_of(ind: &Indicator, a: &Assessment, notes: &Notes, period: Period) -> String {
    let level_lags = matches!(a.lagging_part.as_deref(), Some("level" | "both"));
    let causes = |r: &Reading| causes_in(&(notes.spell)(&r.note));
    if period.kind == EvaluationKind::Annual {
        let at = |list: &[&Reading], year: Option<i32>| {
            year.and_then(|y| list.iter().rev().find(|r| r.year == y))
                .map(|r| causes(r))
                .unwrap_or_default()
        };
        let mut parts = vec![at(notes.series, a.reading_year)];
        if level_lags {
            let level_year = a.level_part.as_ref().and_then(|l| l.reading_year);
            parts.push(at(notes.levels, level_year));
        }
        return join_distinct(parts.into_iter());
    }
    let in_period = |r: &&&Reading| r.year > period.base && r.year <= period.year;
    let series: Vec<&Reading> = notes.series.iter().filter(in_period).copied().collect();
    let Some(mut missed) = shortfalls(ind, a, &series, period) else {
        // A kind without a yearly requirement: the latest note, as an annual.
        return series.last().map(|r| causes(r)).unwrap_or_default();
    };
    if level_lags && let Some(level) = &ind.level {
        let levels: Vec<&Reading> = notes.levels.iter().filter(in_period).copied().collect();
        if let (Some(base), Some(target)) = (level.base, level.target) {
            missed.extend(behind_path(
                &levels,
                base,
                target,
                Direction::Higher,
                period,
            ));
        }
    }
    // The worst first (the latest among equals), two years with a cause at most.
    missed.sort_by(|x, y| y.1.total_cmp(&x.1).then(y.0.year.cmp(&x.0.year)));
    let mut chosen: Vec<(i32, String)> = Vec::new();
    for (r, _) in missed {
        let text = causes(r);
        if text.is_empty() || chosen.iter().any(|(_, t)| *t == text) {
            continue;
        }
        if chosen.len() == 2 {
            break;
        }
        chosen.push((r.year, text));
    }
    chosen.sort_by_key(|(y, _)| *y);
    let only_latest = chosen.len() == 1 && Some(chosen[0].0) == a.reading_year;
    join_distinct(chosen.into_iter().map(|(year, text)| {
        // A note opening with a time of its own is set off: "2027年，上年一次性税收抬高基数".
        let comma = if ["上年", "当年", "年内", "同期", "全年"]
            .iter()
            .any(|w| text.starts_with(w))
        {
            "，"
        } else {
            ""
        };
        if only_latest {
            text
        } else {
            format!("{year}年{comma}{text}")
        }
    }))
}

/// The years of the period that fell short of what the target asks of a
/// year, each with how far (larger is worse; 0 where the kind gives no
/// measure); `None` for kinds without a yearly requirement.
fn shortfalls<'a>(
    ind: &Indicator,
    a: &Assessment,
    series: &[&'a Reading],
    period: Period,
) -> Option<Vec<(&'a Reading, f64)>> {
    let direction = ind.direction;
    // A year past the far end of a two-sided target overshot it: its note
    // explains no shortfall, so it is left out unless the latest overshoots too.
    let overshot = |r: &Reading| match ind.target {
        Target::Band { min, max, .. } => match direction {
            Direction::Higher => r.value > max + EPS,
            Direction::Lower => r.value < min - EPS,
        },
        Target::Yearly { two_sided: true } => r
            .target
            .and_then(|t| t.high)
            .is_some_and(|h| direction.gain(h, r.value) > EPS),
        _ => false,
    };
    let missed_years = || -> Vec<(&'a Reading, f64)> {
        series
            .iter()
            .filter(|r| a.missed_years.contains(&r.year))
            .filter(|r| a.beyond_upper || !overshot(r))
            .map(|r| {
                let by = r.quota.map_or(0.0, |q| direction.gain(r.value, q).abs());
                (*r, by)
            })
            .collect()
    };
    let found = match &ind.target {
        &Target::Growth {
            rate, tolerance, ..
        } => {
            let sign = if rate < 0.0 { -1.0 } else { 1.0 };
            let bound = rate - sign * tolerance.unwrap_or(0.0);
            series
                .iter()
                .map(|r| (*r, sign * (bound - r.value)))
                .filter(|(_, by)| *by > EPS)
                .collect()
        }
        &Target::Level { target, base, .. } => behind_path(series, base, target, direction, period),
        &Target::Cumulative {
            total, accumulate, ..
        } => {
            let years = period.target - period.base;
            let each = accumulate.needed(0.0, total, years);
            series
                .iter()
                .map(|r| (*r, each - r.value))
                .filter(|(_, by)| *by > EPS)
                .collect()
        }
        Target::Floor { .. }
        | Target::Ceiling { .. }
        | Target::Band { .. }
        | Target::Quota { .. }
        | Target::Yearly { .. } => missed_years(),
        Target::Relative { .. } | Target::Trend { .. } | Target::Assessed | Target::Rank { .. } => {
            return None;
        }
    };
    Some(found)
}

/// The years a level stood behind the straight path from `base` to `target`,
/// each with its lag as a share of the whole distance.
fn behind_path<'a>(
    series: &[&'a Reading],
    base: f64,
    target: f64,
    direction: Direction,
    period: Period,
) -> Vec<(&'a Reading, f64)> {
    let length = f64::from(period.target - period.base);
    let distance = (target - base).abs().max(EPS);
    series
        .iter()
        .map(|r| {
            let expected = base + (target - base) * f64::from(r.year - period.base) / length;
            (*r, -direction.gain(expected, r.value) / distance)
        })
        .filter(|(_, by)| *by > EPS)
        .collect()
}

/// The non-empty parts, each once, joined by "；".
fn join_distinct(parts: impl Iterator<Item = String>) -> String {
    let mut kept: Vec<String> = Vec::new();
    for p in parts {
        if !p.is_empty() && !kept.contains(&p) {
            kept.push(p);
        }
    }
    kept.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remark_beside_a_cause_is_left_out() {
        assert_eq!(
            causes_in("2030年为预计数；增值税留抵退税集中办理"),
            "增值税留抵退税集中办理"
        );
        assert_eq!(causes_in("2030年为预计数"), "");
        assert_eq!(
            causes_in("现价；工业品出厂价格下降，现价增速低于可比价增速"),
            "工业品出厂价格下降，现价增速低于可比价增速"
        );
        assert_eq!(
            causes_in("新投产项目用能增加较多，年度目标未完成"),
            "新投产项目用能增加较多，年度目标未完成"
        );
    }

    #[test]
    fn a_note_on_how_a_figure_is_counted_is_no_cause() {
        for remark in [
            "按可比价格计算",
            "现价，亿元，下同",
            "第七次全国人口普查数据",
            "人均预期寿命依据死亡监测和人口数据测算，一般滞后一至两年发布",
            "2030年为预计数",
            "按现价计算",
            "丹江口市2024年国民经济和社会发展统计公报",
            "2025年为预计数",
            "现价",
            "依据死亡监测和人口数据测算，次年年底发布上一年数据",
            "2022年因规模以上工业统计调查单位调整，未发布可比增速",
            "",
        ] {
            assert!(!is_cause(remark), "{remark}");
        }
        for cause in [
            // A note that explains why two counts differ is a cause.
            "工业品出厂价格下降，现价增速低于可比价增速",
            "新投产项目用能增加较多，年度目标未完成",
            "工业投资回升，但房地产开发投资继续下降",
            "茶叶、生猪等主要农产品价格下行，家庭经营净收入下降",
        ] {
            assert!(is_cause(cause), "{cause}");
        }
    }
}
