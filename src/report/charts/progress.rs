//! The progress chart: every indicator's progress against its schedule, as
//! a bar or a mark on one axis, with its value and grade.

use crate::evaluate::{Evaluation, IndicatorResult};
use crate::model::numfmt::fixed;
use crate::model::vocabulary::{Grade, GradeWords};

use super::svg::{Style, Svg, esc, polygon, rect};
use super::text::{truncate, wrap_two};
use super::*;

/// The progress axis: R from −0.5 to 2; bars beyond are clamped and arrowed.
pub(super) const R_MIN: f64 = -0.5;
pub(super) const R_MAX: f64 = 2.0;
pub(super) const R_TICKS: [f64; 6] = [-0.5, 0.0, 0.5, 1.0, 1.5, 2.0];
/// Right edge of the indicator names.
pub(super) const NAME_RIGHT: f64 = 194.0;
/// The plot spans R_MIN..R_MAX between these.
pub(super) const PLOT_LEFT: f64 = 208.0;
pub(super) const PLOT_RIGHT: f64 = 483.0;
/// Right edge of the value column, left edge of the grade column.
pub(super) const VALUE_RIGHT: f64 = 534.0;
pub(super) const GRADE_LEFT: f64 = 542.0;
pub(super) const NAME_SIZE: f64 = 11.0;
pub(super) const BAR_HALF: f64 = 6.0;

pub(super) fn rx(r: f64) -> f64 {
    PLOT_LEFT + (r - R_MIN) / (R_MAX - R_MIN) * (PLOT_RIGHT - PLOT_LEFT)
}

/// How an indicator is drawn on the progress chart.
pub(super) enum Mark {
    /// A bar from 0 to R, cut at the axis ends with an arrowhead.
    Bar { ratio: f64 },
    /// No ratio (floor, ceiling, quota): the latest year's figure met its
    /// requirement; a diamond on the schedule line.
    Met,
    /// No ratio and the latest year's figure missed it: a cross at 0.
    Missed,
    /// No figure at all: a hollow square at 0.
    NoData,
}

pub(super) fn mark_of(ind: &IndicatorResult) -> Mark {
    let a = &ind.assessment;
    if a.grade == Grade::NoData {
        return Mark::NoData;
    }
    if let Some(ratio) = a.progress_ratio.filter(|r| r.is_finite()) {
        return Mark::Bar { ratio };
    }
    let met = if a.grade.is_on_track() {
        true
    } else if a.missed_years.is_empty() {
        false
    } else {
        // Graded down for earlier misses, but the latest figure may meet it.
        a.reading_year
            .is_some_and(|year| !a.missed_years.contains(&year))
    };
    if met { Mark::Met } else { Mark::Missed }
}

pub(super) fn diamond(cx: f64, cy: f64, r: f64) -> Vec<(f64, f64)> {
    vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
}

/// An ✕ as one filled polygon, arms `r` long and `t` thick.
pub(super) fn cross(cx: f64, cy: f64, r: f64, t: f64) -> Vec<(f64, f64)> {
    let d = t / std::f64::consts::SQRT_2;
    vec![
        (cx, cy - d),
        (cx + r - d, cy - r),
        (cx + r, cy - r + d),
        (cx + d, cy),
        (cx + r, cy + r - d),
        (cx + r - d, cy + r),
        (cx, cy + d),
        (cx - r + d, cy + r),
        (cx - r, cy + r - d),
        (cx - d, cy),
        (cx - r, cy - r + d),
        (cx - r + d, cy - r),
    ]
}

pub(super) fn mark_shape(svg: &mut Svg, shape: &str, grade: Grade, id: Option<&str>) {
    let id = id
        .map(|id| format!(r#" class="mark" data-id="{}""#, esc(id)))
        .unwrap_or_default();
    let stroke = if grade == Grade::NoData {
        format!(r#"stroke="{NO_DATA_STROKE}" stroke-width="0.8" stroke-dasharray="2 1.5""#)
    } else {
        format!(r#"stroke="{OUTLINE}" stroke-width="0.6""#)
    };
    svg.raw(&shape.replace(
        "/>",
        &format!(r#"{id} fill="{}" {stroke}/>"#, grade_colour(grade)),
    ));
}

/// Draws one indicator's mark centred on `cy`; returns its value label.
pub(super) fn draw_mark(svg: &mut Svg, ind: &IndicatorResult, cy: f64) -> String {
    let grade = ind.grade();
    let id = Some(ind.id.as_str());
    match mark_of(ind) {
        Mark::Bar { ratio } => {
            let shown = ratio.clamp(R_MIN, R_MAX);
            let (x0, x1) = (rx(0.0), rx(shown));
            let (left, right) = if x1 >= x0 { (x0, x1) } else { (x1, x0) };
            // A bar at R = 0 keeps a hairline so that it is seen.
            let width = (right - left).max(1.0);
            mark_shape(
                svg,
                &rect(left, cy - BAR_HALF, width, 2.0 * BAR_HALF),
                grade,
                id,
            );
            if ratio > R_MAX {
                let x = rx(R_MAX);
                let tip = [(x, cy - BAR_HALF), (x + 8.0, cy), (x, cy + BAR_HALF)];
                mark_shape(svg, &polygon(&tip), grade, None);
            } else if ratio < R_MIN {
                let x = rx(R_MIN);
                let tip = [(x, cy - BAR_HALF), (x - 8.0, cy), (x, cy + BAR_HALF)];
                mark_shape(svg, &polygon(&tip), grade, None);
            }
            fixed(ratio, 2)
        }
        Mark::Met => {
            mark_shape(svg, &polygon(&diamond(rx(1.0), cy, 6.5)), grade, id);
            "达标".to_string()
        }
        Mark::Missed => {
            mark_shape(svg, &polygon(&cross(rx(0.0), cy, 6.0, 3.4)), grade, id);
            "未达标".to_string()
        }
        Mark::NoData => {
            mark_shape(svg, &rect(rx(0.0) - 5.0, cy - 5.0, 10.0, 10.0), grade, id);
            "—".to_string()
        }
    }
}

/// The progress chart: the legend, the column heads, one row an indicator in two groups
/// (binding, expected) over the grid, the axis and the notes.
pub(super) fn progress_chart(e: &Evaluation) -> Chart {
    let mut svg = Svg::new();
    let closing = e.kind.is_final();
    let legend_top = 6.0;
    legend(&mut svg, e, legend_top);
    let head_y = legend_top + 66.0;
    column_heads(&mut svg, e, head_y);
    let plot_top = head_y + 6.0;
    // Rows, laid out first so that the grid can be drawn beneath them.
    let (rows, plot_bottom) = layout_rows(e, plot_top);
    for r in R_TICKS {
        let colour = if r == 0.0 { "#999999" } else { GRID };
        svg.line((rx(r), plot_top), (rx(r), plot_bottom), colour, 0.8);
    }
    svg.dashed((rx(1.0), plot_top), (rx(1.0), plot_bottom), INK, 1.2, "4 3");
    for row in &rows {
        draw_row(&mut svg, e, row);
    }
    axis(&mut svg, e, plot_bottom);

    let note = Style::new(10.0).fill(GREY);
    let mut y = plot_bottom + 52.0;
    for line in &notes(e) {
        svg.text(8.0, y, note, line);
        y += 15.0;
    }
    let height = y;
    let caption = if closing {
        format!("{}—{}年主要指标完成程度", e.base_year + 1, e.year)
    } else {
        match e.grade_words {
            GradeWords::National => format!("{}年主要指标进度情况", e.year),
            GradeWords::Schedule => format!("{}年主要指标序时进度", e.year),
        }
    };
    Chart {
        file: "progress.svg".to_string(),
        svg: svg.finish(height.ceil(), &caption),
        caption,
    }
}

/// The legend at `legend_top`: the six grades, then the three special marks.
fn legend(svg: &mut Svg, e: &Evaluation, legend_top: f64) {
    let columns = [10.0, 216.0, 422.0];
    let label = Style::new(10.5);
    let closing = e.kind.is_final();
    for (i, grade) in Grade::of(e.kind).iter().copied().enumerate() {
        let x = columns[i % 3];
        let y = legend_top + 16.0 * (i / 3) as f64;
        mark_shape(svg, &rect(x, y + 1.0, 16.0, 10.0), grade, None);
        svg.text(x + 22.0, y + 10.0, label, grade.word(e.grade_words));
    }
    let y = legend_top + 32.0;
    let neutral = Grade::OnTrack;
    mark_shape(
        svg,
        &polygon(&diamond(columns[0] + 8.0, y + 6.0, 6.0)),
        neutral,
        None,
    );
    svg.text(
        columns[0] + 22.0,
        y + 10.0,
        label,
        if closing {
            "期末达到要求"
        } else {
            "当年达到要求"
        },
    );
    mark_shape(
        svg,
        &polygon(&cross(columns[1] + 8.0, y + 6.0, 5.5, 3.0)),
        Grade::FarBehind,
        None,
    );
    svg.text(
        columns[1] + 22.0,
        y + 10.0,
        label,
        if closing {
            "期末未达到要求"
        } else {
            "当年未达到要求"
        },
    );
    mark_shape(svg, &rect(columns[2], y + 1.0, 9.0, 10.0), neutral, None);
    mark_shape(
        svg,
        &polygon(&[
            (columns[2] + 9.0, y + 1.0),
            (columns[2] + 16.0, y + 6.0),
            (columns[2] + 9.0, y + 11.0),
        ]),
        neutral,
        None,
    );
    svg.text(columns[2] + 22.0, y + 10.0, label, "超出坐标范围");
}

/// The column heads at `head_y`: indicator, the schedule line's name, ratio, grade.
fn column_heads(svg: &mut Svg, e: &Evaluation, head_y: f64) {
    let closing = e.kind.is_final();
    let head = Style::new(10.5).fill(GREY);
    svg.text(NAME_RIGHT, head_y, head.end(), "指标");
    svg.text(
        VALUE_RIGHT,
        head_y,
        head.end(),
        if closing {
            "完成程度"
        } else {
            "进度之比"
        },
    );
    svg.text(GRADE_LEFT, head_y, head, "评价等级");
    svg.text(
        rx(1.0),
        head_y,
        head.middle().bold().fill(INK),
        if closing {
            "规划目标"
        } else {
            e.grade_words.schedule()
        },
    );
}

/// One row of the chart: a group's header, or an indicator with its name's lines.
struct Row<'a> {
    header: Option<String>,
    indicator: Option<&'a IndicatorResult>,
    lines: Vec<String>,
    top: f64,
    height: f64,
}

/// The rows from `plot_top` down, binding indicators first, and the plot's bottom.
fn layout_rows(e: &Evaluation, plot_top: f64) -> (Vec<Row<'_>>, f64) {
    let mut rows: Vec<Row> = Vec::new();
    let mut y = plot_top;
    for binding in [true, false] {
        let group: Vec<&IndicatorResult> = e
            .indicators
            .iter()
            .filter(|i| i.binding == binding)
            .collect();
        if group.is_empty() {
            continue;
        }
        let title = if binding {
            "约束性指标"
        } else {
            "预期性指标"
        };
        rows.push(Row {
            header: Some(format!("{title}（{}项）", group.len())),
            indicator: None,
            lines: Vec::new(),
            top: y,
            height: 24.0,
        });
        y += 24.0;
        for ind in group {
            let lines = wrap_two(&ind.name, NAME_SIZE, NAME_RIGHT - 8.0);
            let height = if lines.len() > 1 { 32.0 } else { 22.0 };
            rows.push(Row {
                header: None,
                indicator: Some(ind),
                lines,
                top: y,
                height,
            });
            y += height;
        }
    }
    (rows, y + 4.0)
}

/// A group's header with its rule, or an indicator's name, mark, value and grade.
fn draw_row(svg: &mut Svg, e: &Evaluation, row: &Row) {
    if let Some(header) = &row.header {
        let base = row.top + 16.0;
        svg.line(
            (6.0, row.top + 22.0),
            (WIDTH - 6.0, row.top + 22.0),
            "#bbbbbb",
            0.6,
        );
        svg.text(8.0, base, Style::new(12.0).bold(), header);
        return;
    }
    let Some(ind) = row.indicator else { return };
    let cy = row.top + row.height / 2.0;
    let grade = if ind.stale {
        format!("{}*", ind.grade().word(e.grade_words))
    } else {
        ind.grade().word(e.grade_words).to_string()
    };
    svg.raw(&format!(r#"<g class="row" data-id="{}">"#, esc(&ind.id)));
    svg.raw(&format!(
        "<title>{}：{}</title>",
        esc(&ind.name),
        esc(&grade)
    ));
    match row.lines.as_slice() {
        [one] => svg.text(NAME_RIGHT, cy + 4.0, Style::new(NAME_SIZE).end(), one),
        lines => {
            for (i, line) in lines.iter().enumerate() {
                let base = cy - 2.0 + 13.0 * i as f64;
                svg.text(NAME_RIGHT, base, Style::new(NAME_SIZE).end(), line);
            }
        }
    }
    let value = draw_mark(svg, ind, cy);
    svg.text(VALUE_RIGHT, cy + 4.0, Style::new(10.5).end(), &value);
    svg.text(GRADE_LEFT, cy + 4.0, Style::new(10.0), &grade);
    svg.raw("</g>");
}

/// The axis under the plot, its ticks and its title.
fn axis(svg: &mut Svg, e: &Evaluation, plot_bottom: f64) {
    svg.line(
        (PLOT_LEFT, plot_bottom),
        (PLOT_RIGHT, plot_bottom),
        GREY,
        0.8,
    );
    for r in R_TICKS {
        svg.line((rx(r), plot_bottom), (rx(r), plot_bottom + 4.0), GREY, 0.8);
        svg.text(
            rx(r),
            plot_bottom + 15.0,
            Style::new(10.0).middle(),
            &fixed(r, 1),
        );
    }
    svg.text(
        rx(0.75),
        plot_bottom + 31.0,
        Style::new(10.5).middle(),
        &if e.kind.is_final() {
            "完成程度：实际完成与规划目标之比（等于1即完成目标）".to_string()
        } else {
            format!(
                "实际进度与{}之比（等于1即{}）",
                e.grade_words.schedule(),
                match e.grade_words {
                    GradeWords::National => "符合进度要求",
                    GradeWords::Schedule => "符合序时进度",
                }
            )
        },
    );
}

/// The notes under the chart: how to read it, and the indicators graded on an earlier
/// year's figure.
fn notes(e: &Evaluation) -> Vec<String> {
    let closing = e.kind.is_final();
    let mut notes = if closing {
        vec![
            "注：条形长度表示完成程度，颜色表示评价等级；完成程度低于-0.5或高于2.0时截断并加箭头。".to_string(),
            "下限、上限、区间和上级下达类指标不计算完成程度：规划期末达到要求的标◆于目标线上，未达到的标×于0处，".to_string(),
            "位置只表示是否达标。“左右”目标的完成程度按允许偏差后的目标值计算。".to_string(),
        ]
    } else {
        vec![
            format!(
                "注：条形长度表示实际进度与{}之比，颜色表示评价等级；比值低于-0.5或高于2.0时截断并加箭头，",
                e.grade_words.schedule()
            ),
            format!(
                "实际数值见“进度之比”栏。下限、上限、区间和上级下达类指标不计算进度之比：当年达到要求的标◆于{}线上，",
                e.grade_words.schedule()
            ),
            "未达到的标×于0处，位置只表示是否达标。".to_string(),
        ]
    };
    let stale: Vec<String> = e
        .indicators
        .iter()
        .filter(|i| i.stale)
        .map(|i| match i.assessment.reading_year {
            Some(year) => format!("{}（{year}年）", i.name),
            None => i.name.clone(),
        })
        .collect();
    if !stale.is_empty() {
        let line = format!(
            "* {}年数据尚未发布，按最近一年数据{}评价：{}。",
            e.year,
            if closing { "初步" } else { "" },
            stale.join("、")
        );
        notes.push(truncate(&line, 10.0, WIDTH - 16.0));
        if closing {
            // A figure short of the target is held to its own year's schedule (as graded).
            notes.push(
                "  带*的指标未达到规划目标的，完成程度为实际进度与该年进度要求之比。".to_string(),
            );
        }
    }
    notes
}
