//! The report's charts, drawn as plain SVG text from an [`Evaluation`]:
//! every indicator's progress against its schedule, and the yearly rates of
//! the growth indicators. Deterministic: the same evaluation always gives the
//! same bytes (no maps, no random ids, fixed-precision numbers).
//!
//! Text stays text (Chinese labels in a CJK sans-serif), so a Markdown viewer
//! shows the files as they are and typst embeds them with its own fonts.
//! Its front door is [`charts`] (with [`Chart`] and [`grade_colour`]); the drawing stays inside.

mod progress;

use progress::progress_chart;
use trend::trend_chart;
mod svg;
mod text;
mod trend;

use crate::evaluate::Evaluation;
use crate::model::vocabulary::Grade;

/// One chart: a file name under `charts/` (e.g. "progress.svg"), its caption
/// without the number (e.g. "主要指标序时进度"), and the SVG text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    pub file: String,
    pub caption: String,
    pub svg: String,
}

/// Every chart of the report, in the order they appear.
pub fn charts(evaluation: &Evaluation) -> Vec<Chart> {
    let mut out = vec![progress_chart(evaluation)];
    out.extend(trend_chart(evaluation));
    out
}

/// The fill of a grade's bar or marker. Besides hue, the five filled colours
/// differ in lightness (CIE L* about 22, 42, 61, 73, 89; luma about 39, 76,
/// 128, 176, 218) so that they stay apart when printed in greyscale;
/// 数据暂缺 is white with a dashed outline.
pub fn grade_colour(grade: Grade) -> &'static str {
    match grade {
        Grade::AchievedEarly | Grade::Exceeded => "#003d19",
        Grade::Ahead | Grade::Completed => "#43a65f",
        Grade::OnTrack => "#c7e9c0",
        Grade::Behind | Grade::BasicallyCompleted => "#f4a340",
        Grade::FarBehind | Grade::NotCompleted => "#c4162a",
        Grade::NoData => "#ffffff",
    }
}

/// Font of every label: CJK sans-serif faces of Debian, Adobe, Windows, macOS.
const FONT: &str =
    "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif";
/// Width of every chart in user units; drawn at the 156 mm type area.
const WIDTH: f64 = 620.0;
const WIDTH_MM: f64 = 156.0;
const INK: &str = "#222222";
const GREY: &str = "#666666";
const GRID: &str = "#e3e3e3";
const OUTLINE: &str = "#444444";
const NO_DATA_STROKE: &str = "#777777";
