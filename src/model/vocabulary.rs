//! The words of an evaluation: which evaluation a year calls for, the grades
//! of each, the outlook to the target year, and the status of a task. Data
//! only, no arithmetic; a leaf every stage may use.

use std::fmt;

use serde::{Serialize, Serializer};

/// Which evaluation a report is: part two of the method, "Which evaluation a
/// year calls for".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum EvaluationKind {
    /// 年度评估: a year in the middle of the plan.
    #[default]
    Annual,
    /// 中期评估: "时间过半", on request.
    Midterm,
    /// 总结评估: the target year, the period as a whole.
    Final,
}

impl EvaluationKind {
    pub const ALL: [EvaluationKind; 3] = [
        EvaluationKind::Annual,
        EvaluationKind::Midterm,
        EvaluationKind::Final,
    ];

    /// How plan files, rules and the command line write it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            EvaluationKind::Annual => "annual",
            EvaluationKind::Midterm => "midterm",
            EvaluationKind::Final => "final",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvaluationKind::Annual => "年度评估",
            EvaluationKind::Midterm => "中期评估",
            EvaluationKind::Final => "总结评估",
        }
    }

    /// Reads `annual`, `midterm`, `final` or the Chinese 年度, 中期, 总结.
    pub(crate) fn parse(text: &str) -> Option<EvaluationKind> {
        let text = text.trim();
        EvaluationKind::ALL.into_iter().find(|k| {
            text == k.key() || text == k.label() || text == k.label().trim_end_matches("评估")
        })
    }

    /// The evaluation `year` calls for: `requested` when given and possible,
    /// else final in the target year, mid-term in the plan's mid-term year,
    /// annual otherwise. The error is a sentence for the user.
    pub(crate) fn resolve(
        requested: Option<EvaluationKind>,
        year: i32,
        target_year: i32,
        midterm_year: Option<i32>,
    ) -> Result<EvaluationKind, String> {
        match requested {
            None if year == target_year => Ok(EvaluationKind::Final),
            None if midterm_year == Some(year) => Ok(EvaluationKind::Midterm),
            None => Ok(EvaluationKind::Annual),
            Some(EvaluationKind::Final) if year != target_year => Err(format!(
                "总结评估只能用于规划目标年份 {target_year} 年；{year} 年请用年度评估（annual）或中期评估（midterm）"
            )),
            Some(EvaluationKind::Midterm) if year >= target_year => Err(format!(
                "{year} 年是规划目标年份，不能做中期评估；请用总结评估（final）或年度评估（annual）"
            )),
            Some(kind) => Ok(kind),
        }
    }

    pub(crate) fn is_final(self) -> bool {
        self == EvaluationKind::Final
    }
}

impl Serialize for EvaluationKind {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// The grades: those of the national mid-term review for a year within the
/// plan, and those of a final evaluation for the target year, best first in
/// each family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    AchievedEarly,
    Ahead,
    OnTrack,
    Behind,
    FarBehind,
    Exceeded,
    Completed,
    BasicallyCompleted,
    NotCompleted,
    #[default]
    NoData,
}

impl Grade {
    pub(crate) const ALL: [Grade; 10] = [
        Grade::AchievedEarly,
        Grade::Ahead,
        Grade::OnTrack,
        Grade::Behind,
        Grade::FarBehind,
        Grade::Exceeded,
        Grade::Completed,
        Grade::BasicallyCompleted,
        Grade::NotCompleted,
        Grade::NoData,
    ];

    /// The grades a kind of evaluation gives, best first.
    pub fn of(kind: EvaluationKind) -> &'static [Grade] {
        if kind.is_final() {
            &Grade::ALL[5..]
        } else {
            &[
                Grade::AchievedEarly,
                Grade::Ahead,
                Grade::OnTrack,
                Grade::Behind,
                Grade::FarBehind,
                Grade::NoData,
            ]
        }
    }

    /// The grade in the words of national practice (the default vocabulary).
    pub fn label(self) -> &'static str {
        self.word(GradeWords::National)
    }

    /// The grade in the plan's chosen words (part three of the method):
    /// annual and mid-term grades differ by vocabulary, final grades do not.
    pub(crate) fn word(self, words: GradeWords) -> &'static str {
        match (self, words) {
            (Grade::AchievedEarly, GradeWords::National) => "提前实现",
            (Grade::AchievedEarly, GradeWords::Schedule) => "已提前实现",
            (Grade::Ahead, GradeWords::National) => "快于预期",
            (Grade::Ahead, GradeWords::Schedule) => "快于序时进度",
            (Grade::OnTrack, GradeWords::National) => "基本符合预期",
            (Grade::OnTrack, GradeWords::Schedule) => "符合序时进度",
            (Grade::Behind, GradeWords::National) => "滞后于预期",
            (Grade::Behind, GradeWords::Schedule) => "滞后于序时进度",
            (Grade::FarBehind, GradeWords::National) => "明显滞后于预期",
            (Grade::FarBehind, GradeWords::Schedule) => "明显滞后",
            (Grade::Exceeded, _) => "超额完成",
            (Grade::Completed, _) => "完成",
            (Grade::BasicallyCompleted, _) => "基本完成",
            (Grade::NotCompleted, _) => "未完成",
            (Grade::NoData, _) => "数据暂缺",
        }
    }

    /// The stable key templates and rules may compare with (`on_track`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Grade::AchievedEarly => "achieved_early",
            Grade::Ahead => "ahead",
            Grade::OnTrack => "on_track",
            Grade::Behind => "behind",
            Grade::FarBehind => "far_behind",
            Grade::Exceeded => "exceeded",
            Grade::Completed => "completed",
            Grade::BasicallyCompleted => "basically_completed",
            Grade::NotCompleted => "not_completed",
            Grade::NoData => "no_data",
        }
    }

    /// The grade a word of either vocabulary, or a key, names.
    pub(crate) fn from_label(label: &str) -> Option<Grade> {
        let label = label.trim();
        Grade::ALL.into_iter().find(|g| {
            label == g.key()
                || GradeWords::ALL
                    .into_iter()
                    .any(|words| g.word(words) == label)
        })
    }

    /// At or ahead of schedule, or the target met.
    pub(crate) fn is_on_track(self) -> bool {
        matches!(
            self,
            Grade::AchievedEarly
                | Grade::Ahead
                | Grade::OnTrack
                | Grade::Exceeded
                | Grade::Completed
        )
    }

    /// Behind schedule, or the target missed: a problem to report.
    pub(crate) fn is_lagging(self) -> bool {
        matches!(self, Grade::Behind | Grade::FarBehind | Grade::NotCompleted)
    }

    /// Higher is more serious; orders countermeasures.
    pub(crate) fn severity(self) -> u8 {
        match self {
            Grade::FarBehind | Grade::NotCompleted => 3,
            Grade::Behind => 2,
            Grade::NoData | Grade::BasicallyCompleted => 1,
            _ => 0,
        }
    }

    /// The worse of two grades of one family; a part without data does not
    /// hide the grade of the other.
    pub(crate) fn worse(self, other: Grade) -> Grade {
        match (self, other) {
            (Grade::NoData, g) | (g, Grade::NoData) => g,
            (a, b) => a.max(b),
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A grade is stored by its key; the words a reader sees depend on the plan.
impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// The words the annual and mid-term grades are written in, as the plan
/// chooses (part three of the method, "The grade words of national practice").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum GradeWords {
    /// 提前实现 / 快于预期 / 基本符合预期 / 滞后于预期 / 明显滞后于预期, as the
    /// national mid-term review of the 14th plan wrote them.
    #[default]
    National,
    /// 已提前实现 / 快于序时进度 / 符合序时进度 / 滞后于序时进度 / 明显滞后,
    /// the words of yearly work-target monitoring.
    Schedule,
}

impl GradeWords {
    pub(crate) const ALL: [GradeWords; 2] = [GradeWords::National, GradeWords::Schedule];

    /// How the plan file writes it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            GradeWords::National => "national",
            GradeWords::Schedule => "schedule",
        }
    }

    /// Reads `national` / `schedule`, or the Chinese 预期 / 序时进度.
    pub(crate) fn parse(text: &str) -> Option<GradeWords> {
        match text.trim() {
            "national" | "预期" | "全国" => Some(GradeWords::National),
            "schedule" | "序时进度" | "序时" => Some(GradeWords::Schedule),
            _ => None,
        }
    }

    /// The counting sentence's words for the grades at or ahead of what the
    /// evaluation asks: 基本符合或快于预期, 达到或快于序时进度; final: 完成或超额完成.
    pub(crate) fn on_track_phrase(self, kind: EvaluationKind) -> &'static str {
        match (kind.is_final(), self) {
            (true, _) => "完成或超额完成",
            (false, GradeWords::National) => "基本符合或快于预期",
            (false, GradeWords::Schedule) => "达到或快于序时进度",
        }
    }

    /// What the schedule is called in headings and reasons: 进度要求 / 序时进度.
    pub(crate) fn schedule(self) -> &'static str {
        match self {
            GradeWords::National => "进度要求",
            GradeWords::Schedule => "序时进度",
        }
    }
}

impl Serialize for GradeWords {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// Whether the target will be met by the target year at the recent pace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Outlook {
    Achieved,
    Likely,
    Possible,
    Hard,
    VeryHard,
    Missed,
    /// The period is over: a final evaluation forecasts nothing.
    Closed,
    /// The kind is not forecast: targets set year by year, targets without
    /// a number, a unit's own assessment.
    NotForecast,
    #[default]
    Unknown,
}

impl Outlook {
    /// How much doubt the outlook leaves that the target will be met.
    pub(crate) fn doubt(self) -> u8 {
        match self {
            Outlook::Achieved => 0,
            Outlook::Likely => 1,
            Outlook::Possible => 2,
            Outlook::Hard => 3,
            Outlook::VeryHard => 4,
            Outlook::Missed => 5,
            Outlook::Closed | Outlook::Unknown | Outlook::NotForecast => 0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outlook::Achieved => "已实现",
            Outlook::Likely => "预计能够完成",
            Outlook::Possible => "有望完成",
            Outlook::Hard => "完成难度较大",
            Outlook::VeryHard => "完成难度很大",
            Outlook::Missed => "未能完成",
            Outlook::Closed => "规划期已结束",
            Outlook::NotForecast => "不作预判",
            Outlook::Unknown => "无法判断",
        }
    }
}

impl Serialize for Outlook {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// A task's status for a year; `NotReported` is what a missing report means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Completed,
    OnSchedule,
    Behind,
    NotStarted,
    NotReported,
}

impl Status {
    /// The statuses a lead unit may report, in the words of the report form.
    pub(crate) const REPORTABLE: [Status; 4] = [
        Status::Completed,
        Status::OnSchedule,
        Status::Behind,
        Status::NotStarted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Completed => "已完成",
            Status::OnSchedule => "序时推进",
            Status::Behind => "进度滞后",
            Status::NotStarted => "未启动",
            Status::NotReported => "未报送",
        }
    }

    /// The status a word names, spaces and full-width forms aside.
    pub(crate) fn from_label(label: &str) -> Option<Status> {
        let label = crate::model::names::normalize(label);
        Status::REPORTABLE
            .into_iter()
            .chain([Status::NotReported])
            .find(|s| s.label() == label)
    }

    /// True for statuses that call for a countermeasure.
    pub(crate) fn is_lagging(self) -> bool {
        matches!(
            self,
            Status::Behind | Status::NotStarted | Status::NotReported
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

/// The kinds of target real plans write (part two of the method), by the
/// key plan files and rules use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Growth,
    Level,
    Floor,
    Ceiling,
    Band,
    Cumulative,
    Quota,
    Yearly,
    Relative,
    Trend,
    Assessed,
    Rank,
}

impl TargetKind {
    pub(crate) const ALL: [TargetKind; 12] = [
        TargetKind::Growth,
        TargetKind::Level,
        TargetKind::Floor,
        TargetKind::Ceiling,
        TargetKind::Band,
        TargetKind::Cumulative,
        TargetKind::Quota,
        TargetKind::Yearly,
        TargetKind::Relative,
        TargetKind::Trend,
        TargetKind::Assessed,
        TargetKind::Rank,
    ];

    /// The key a plan file writes (`growth`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            TargetKind::Growth => "growth",
            TargetKind::Level => "level",
            TargetKind::Floor => "floor",
            TargetKind::Ceiling => "ceiling",
            TargetKind::Band => "band",
            TargetKind::Cumulative => "cumulative",
            TargetKind::Quota => "quota",
            TargetKind::Yearly => "yearly",
            TargetKind::Relative => "relative",
            TargetKind::Trend => "trend",
            TargetKind::Assessed => "assessed",
            TargetKind::Rank => "rank",
        }
    }

    /// What the monitoring table calls its figure (年均增长, 上限).
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Growth => "年均增长",
            TargetKind::Level => "目标值",
            TargetKind::Floor => "下限",
            TargetKind::Ceiling => "上限",
            TargetKind::Band => "目标区间",
            TargetKind::Cumulative => "累计目标",
            TargetKind::Quota => "上级下达",
            TargetKind::Yearly => "年度目标",
            TargetKind::Relative => "对照目标",
            TargetKind::Trend => "方向性目标",
            TargetKind::Assessed => "定性目标",
            TargetKind::Rank => "位次目标",
        }
    }

    /// The kind a key names.
    pub(crate) fn parse(key: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Every key, in the method's order.
    pub(crate) fn keys() -> Vec<&'static str> {
        TargetKind::ALL.map(TargetKind::key).to_vec()
    }
}
