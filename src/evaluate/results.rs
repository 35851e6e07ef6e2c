//! What an evaluation returns: each indicator graded, each task's status,
//! the roll-ups by section and by unit, the counts, the measures chosen.

use serde::Serialize;

use crate::model::numfmt::fixed;
use crate::model::vocabulary::{EvaluationKind, Grade, GradeWords, Status};
use crate::plan::{Accumulate, Target};

use super::{Assessment, Case, Countermeasure, Point};

/// An indicator's evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub name: String,
    pub wording: String,
    /// The name in running text (the plan's short name, or the name).
    pub short_name: String,
    /// The verb its readings are written with when they measure a change (下降).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// 约束性 / 预期性.
    pub category: &'static str,
    pub binding: bool,
    pub domain: String,
    /// The plan's typed target: what every wording and rule matches on.
    pub goal: Target,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub unit: String,
    pub digits: usize,
    pub target: Option<f64>,
    pub base: Option<f64>,
    /// The base as the plan publishes it ("≥340.5", "6.2（预计）").
    pub base_text: Option<String>,
    /// Its figure of a year is published the following year.
    pub published_late: bool,
    /// An aim beyond the plan in words: "按到2035年人均地区生产总值比2020年翻一番测算，2026—2035年年均需增长3.9%".
    pub aim: String,
    /// Band kinds: the lowest and highest value inside the band.
    pub band: Option<[f64; 2]>,
    /// Cumulative kinds and quotas with a plan-period total: how the yearly
    /// figures add up (`reduction`, `increase`, `sum`).
    pub accumulate: Option<Accumulate>,
    /// A two-part growth target's level to reach in the target year.
    pub level_target: Option<f64>,
    pub strict: bool,
    pub lower_is_better: bool,
    pub lead_unit: String,
    pub lead_unit_full: String,
    pub units: Vec<String>,
    /// The reading used is older than the evaluated year.
    pub stale: bool,
    /// The latest year of the lead unit's own figures in the period: what it has
    /// reported, which a relative target's comparison may not use yet.
    pub reported_year: Option<i32>,
    /// A relative target whose reference has no figure of the unit's latest
    /// year: the comparison waits for it, the unit owes nothing.
    pub reference_pending: bool,
    /// Why an older figure is used, as the report says it (empty when the
    /// figure is the year's): "2026年数据尚未发布，采用2025年数据" for a figure
    /// published the next year, "该指标每两年统计一次，采用2028年数据" in a year
    /// that is not measured, "2028年数据缺失，采用2027年数据" for one not reported.
    pub stale_words: String,
    pub source: String,
    pub note: String,
    /// The note when it gives a cause rather than a remark on the data
    /// ("按可比价格计算" is not a cause); empty otherwise. Annual: the latest
    /// year's note. Mid-term and final: the notes of the years that missed,
    /// dated ("2023年房地产开发投资大幅下降……"), never a year that met the target
    /// (see `evaluate::causes`).
    pub cause: String,
    /// Every figure from the base year to the evaluated year.
    pub series: Vec<Point>,
    /// The display-only level series (e.g. GDP in 亿元), with its unit.
    pub level_series: Vec<Point>,
    pub level_unit: Option<String>,
    /// The graded reading beside the province's and city's average and its rank, when given.
    pub standing: Option<super::standing::StandingFacts>,
    /// The grade in the plan's words (the assessment carries its key as `grade_key`).
    #[serde(rename = "grade")]
    pub grade_label: String,
    #[serde(flatten)]
    pub assessment: Assessment,
}

impl IndicatorResult {
    pub fn grade(&self) -> Grade {
        self.assessment.grade
    }

    /// What the target still needs in words, while years remain: "2025年需增长17.8%",
    /// "2024—2025年需年均增长8.1%", "2025年需下降3.2%"; with τ the bound too:
    /// "2027—2030年需年均增长6.1%（按不低于5.5%的下限计需5.5%）"; a two-part
    /// target whose level alone lags, the total's: "总量2027—2030年需年均增长6.4%";
    /// empty otherwise.
    pub fn need_words(&self, target_year: i32) -> String {
        let a = &self.assessment;
        let from = a.reading_year.unwrap_or(target_year) + 1;
        let years = if from >= target_year {
            format!("{target_year}年需")
        } else {
            format!("{from}—{target_year}年需年均")
        };
        let unit = &self.unit;
        let change = |r: f64| {
            if r < 0.0 {
                format!("下降{}%", fixed(-r, 1))
            } else {
                format!("增长{}%", fixed(r, 1))
            }
        };
        // A two-part target whose level alone lags: what the total still needs.
        if a.lagging_part.as_deref() == Some("level")
            && let Some(r) = a.level_part.as_ref().and_then(|l| l.needed_rate)
        {
            return format!("总量{years}{}", change(r));
        }
        // With τ: to X, and to the bound X − τ in brackets (methodology part three).
        let bound = match (&self.goal, a.needed_rate, a.needed_rate_bound) {
            (
                &Target::Growth {
                    rate,
                    tolerance: Some(t),
                },
                Some(need),
                Some(b),
            ) => super::grade::bound_need_words(rate, t, need, b),
            _ => String::new(),
        };
        match (a.needed_rate, a.cumulative_needed, self.accumulate) {
            (Some(r), _, _) => format!("{years}{}{bound}", change(r)),
            (None, Some(c), Some(how)) => format!("{years}{}{}{unit}", how.act(), fixed(c, 1)),
            _ => String::new(),
        }
    }

    /// The realised growth in words: "2021—2024年年均增长6.5%", or for one
    /// year "2026年增长5.2%"; empty for other kinds.
    pub fn realised_words(&self, base_year: i32) -> String {
        let a = &self.assessment;
        let (Some(r), Some(year)) = (a.realised_rate, a.reading_year) else {
            return String::new();
        };
        let shown = fixed(r.abs(), a.realised_digits.max(1));
        let change = if r < 0.0 { "下降" } else { "增长" };
        // An average that takes in an estimated (预计) year is itself an estimate.
        let estimated = self.series.iter().any(|p| p.year == year && p.estimated);
        let about = if estimated { "预计" } else { "" };
        if a.observed_years == 1 && a.gap_years.is_empty() {
            format!("{about}{year}年{change}{shown}%")
        } else {
            format!("{}—{year}年{about}年均{change}{shown}%", base_year + 1)
        }
    }
}

impl IndicatorResult {
    /// Whether `year` is an off year of a figure measured every two years, as the note of its
    /// latest reading says ([`crate::model::cycle::off_year`], the rule `check` applies too).
    pub fn off_year(&self, year: i32) -> bool {
        self.assessment
            .reading_year
            .is_some_and(|r| crate::model::cycle::off_year(&self.note, r, year))
    }

    /// The years up to `year` its lead unit owes a figure of: every year after its latest
    /// own figure (after the base year when it has none), but an off year of a figure
    /// measured every two years; none for a figure published the following year. The one
    /// list the report's list of the unreported and the rules' `figures_owed` name.
    pub fn owed_years(&self, base_year: i32, year: i32) -> Vec<i32> {
        if self.published_late || self.reported_year == Some(year) {
            return Vec::new();
        }
        let from = self.reported_year.unwrap_or(base_year) + 1;
        (from..=year).filter(|&y| !self.off_year(y)).collect()
    }
}

/// "2027年、2028年" for `years`; empty when there are none.
pub fn years_words(years: &[i32]) -> String {
    years
        .iter()
        .map(|y| format!("{y}年"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The owed figures of `owed` in words, grouped by the years they lack, in order of first
/// mention: "“粮食综合生产能力”2027年、2028年数据", "2项指标的2028年数据", and for groups
/// that lack different years "“A”2027年、2028年数据，2项指标的2028年数据"; with `names`
/// every indicator of a group is named ("“A”“B”2项指标的2028年数据").
pub fn figures_owed_words(owed: &[(&str, Vec<i32>)], names: bool) -> String {
    let mut groups: Vec<(Vec<&str>, &[i32])> = Vec::new();
    for (name, years) in owed {
        match groups.iter_mut().find(|g| g.1 == years.as_slice()) {
            Some(g) => g.0.push(name),
            None => groups.push((vec![name], years)),
        }
    }
    groups
        .iter()
        .map(|(list, years)| {
            let quoted: String = list.iter().map(|n| crate::templating::quote(n)).collect();
            let who = match (list.len(), names) {
                (1, _) => quoted,
                (n, true) => format!("{quoted}{n}项指标的"),
                (n, false) => format!("{n}项指标的"),
            };
            format!("{who}{}数据", years_words(years))
        })
        .collect::<Vec<_>>()
        .join("，")
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskResult {
    pub id: String,
    pub number: usize,
    pub title: String,
    pub section: String,
    pub lead_unit: String,
    pub units: Vec<String>,
    pub status: Status,
    pub previous_status: Option<Status>,
    pub summary: String,
    pub lagging: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    pub tasks: Vec<TaskResult>,
    pub lagging: usize,
}

/// What a responsible unit leads and how much of it lags.
#[derive(Debug, Clone, Serialize)]
pub struct UnitResult {
    pub name: String,
    pub full_name: String,
    pub indicators: Vec<String>,
    pub indicators_lagging: usize,
    pub tasks: Vec<String>,
    pub tasks_lagging: usize,
    /// Tasks it leads that are not 已完成 (正在推进, 滞后, 未启动 or 未报送):
    /// what a final evaluation counts as 未完成或未报送.
    pub tasks_unfinished: usize,
    /// Tasks it supports without leading them.
    pub supporting: usize,
}

/// Headline counts of one group of indicators.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GradeCounts {
    pub total: usize,
    pub on_track: usize,
    pub lagging: usize,
    pub achieved_early: usize,
    pub ahead: usize,
    pub on_schedule: usize,
    pub behind: usize,
    pub far_behind: usize,
    pub exceeded: usize,
    pub completed: usize,
    pub basically_completed: usize,
    pub not_completed: usize,
    pub no_data: usize,
    /// Final evaluations: grades on a figure older than the target year.
    pub preliminary: usize,
    /// Rows judged on the lead unit's own assessment, named in a clause of
    /// their own and left out of the counts above (part three).
    pub assessed: usize,
    /// Of those, the ones the unit found short of what was expected.
    pub assessed_lagging: usize,
    /// Final evaluations: grades resting on an estimated (预计) figure.
    pub estimated: usize,
}

impl GradeCounts {
    pub(super) fn of<'a>(results: impl Iterator<Item = &'a IndicatorResult>) -> Self {
        let mut c = GradeCounts::default();
        for r in results {
            c.total += 1;
            let g = r.grade();
            if matches!(r.goal, Target::Assessed) && g != Grade::NoData {
                c.assessed += 1;
                c.assessed_lagging += usize::from(g.is_lagging());
                continue;
            }
            c.estimated += usize::from(r.assessment.estimated);
            c.on_track += usize::from(g.is_on_track());
            c.lagging += usize::from(g.is_lagging());
            match g {
                Grade::AchievedEarly => c.achieved_early += 1,
                Grade::Ahead => c.ahead += 1,
                Grade::OnTrack => c.on_schedule += 1,
                Grade::Behind => c.behind += 1,
                Grade::FarBehind => c.far_behind += 1,
                Grade::Exceeded => c.exceeded += 1,
                Grade::Completed => c.completed += 1,
                Grade::BasicallyCompleted => c.basically_completed += 1,
                Grade::NotCompleted => c.not_completed += 1,
                Grade::NoData => c.no_data += 1,
            }
            c.preliminary += usize::from(r.assessment.preliminary);
        }
        c
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TaskCounts {
    pub total: usize,
    pub completed: usize,
    pub on_schedule: usize,
    pub behind: usize,
    pub not_started: usize,
    pub not_reported: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub indicators: GradeCounts,
    pub binding: GradeCounts,
    pub expected: GradeCounts,
    pub tasks: TaskCounts,
    /// Ids of indicators whose reading is older than the year.
    pub stale: Vec<String>,
}

/// The whole evaluation of one year.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub year: i32,
    /// The words its annual and mid-term grades are written in.
    pub grade_words: GradeWords,
    /// Annual, mid-term or final.
    pub kind: EvaluationKind,
    pub base_year: i32,
    pub target_year: i32,
    /// Years left after the evaluated year.
    pub remaining_years: i32,
    pub indicators: Vec<IndicatorResult>,
    pub sections: Vec<SectionResult>,
    pub units: Vec<UnitResult>,
    pub countermeasures: Vec<Countermeasure>,
    /// The standing measures that close an evaluation of this kind.
    pub standing_measures: Vec<Standing>,
    pub summary: Summary,
    /// The major projects in the year (none when the plan lists none).
    pub projects: Vec<super::projects::ProjectResult>,
    pub project_summary: super::projects::ProjectSummary,
    /// How the evaluation was done: returns, sources, cut-off.
    pub method: super::method::Method,
    /// What units wrote of their experience and their problems, verbatim.
    pub voices: super::voices::Voices,
}

/// A standing measure chosen for the evaluation, its text the rule's.
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub title: String,
    /// The template of its text in the rules.
    pub rule: String,
    #[serde(skip)]
    pub case: Case,
}
