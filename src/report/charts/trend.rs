//! The trend chart: small multiples of the growth indicators' yearly rates
//! against their target rates, from the second year of the period on (with one
//! year so far, the chart would only repeat the table).
//!
//! A falling indicator (a target of 年均下降3%) is drawn as the size of its fall
//! (降幅) against the target fall, so that higher is better in every panel: a
//! signed rate would put a smaller fall above the target line, the worse figure
//! looking better.

use crate::evaluate::{Evaluation, IndicatorResult};
use crate::model::numfmt::fixed;

use super::svg::{Anchor, Style, Svg, esc, n, points};
use super::text::truncate;
use super::*;

/// Line colours of the panels (Okabe–Ito), cycled.
pub(super) const SERIES_COLOURS: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#555555",
];

/// A round tick step giving about `ticks` intervals over `span`.
pub(super) fn nice_step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

pub(super) fn trend_chart(e: &Evaluation) -> Option<Chart> {
    let growth: Vec<&IndicatorResult> = e
        .indicators
        .iter()
        .filter(|i| matches!(i.goal, crate::plan::Target::Growth { .. }))
        .collect();
    let first = e.base_year + 1;
    // One year so far: one point per panel says nothing the table does not.
    if growth.is_empty() || first >= e.year {
        return None;
    }
    let falls = growth.iter().any(|i| falling(i));
    let years: Vec<i32> = (first..=e.year).collect();
    let mut svg = Svg::new();

    // Legend.
    let ly = 12.0;
    svg.line((10.0, ly), (40.0, ly), GREY, 1.5);
    svg.raw(&format!(
        r#"<circle cx="{}" cy="{}" r="2.8" fill="{GREY}"/>"#,
        n(25.0),
        n(ly)
    ));
    let (rate, gap) = if falls {
        ("增速或降幅", 42.0)
    } else {
        ("增速", 0.0)
    };
    svg.text(
        46.0,
        ly + 4.0,
        Style::new(10.5),
        &format!("当年{rate}（标注数值）"),
    );
    svg.dashed((190.0 + gap, ly), (220.0 + gap, ly), GREY, 1.5, "5 3");
    svg.text(
        226.0 + gap,
        ly + 4.0,
        Style::new(10.5),
        &format!("规划目标年均{rate}"),
    );
    svg.text(
        WIDTH - 8.0,
        ly + 4.0,
        Style::new(10.5).end().fill(GREY),
        &format!("纵轴：{rate}（%）"),
    );

    let columns = growth.len().min(3);
    let panel_w = WIDTH / columns as f64;
    let panel_h = 150.0;
    let top = 26.0;
    for (k, ind) in growth.iter().enumerate() {
        let px = panel_w * (k % columns) as f64;
        let py = top + panel_h * (k / columns) as f64;
        let colour = SERIES_COLOURS[k % SERIES_COLOURS.len()];
        panel(&mut svg, ind, &years, colour, (px, py, panel_w, panel_h));
    }
    let rows = growth.len().div_ceil(columns);
    let height = top + panel_h * rows as f64 + 6.0;
    let caption = format!("增长类指标{first}—{}年增速", e.year);
    Some(Chart {
        file: "growth.svg".to_string(),
        svg: svg.finish(height, &caption),
        caption,
    })
}

/// Whether the indicator's target is a fall (年均下降3%: a negative rate).
fn falling(ind: &IndicatorResult) -> bool {
    matches!(ind.goal, crate::plan::Target::Growth { rate, .. } if rate < 0.0)
}

/// The plot area of one panel and its scales: years across, rates up.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    lo: f64,
    hi: f64,
    first_year: i32,
    slot: f64,
}

impl Plot {
    fn x(&self, year: i32) -> f64 {
        self.left + self.slot * (f64::from(year - self.first_year) + 0.5)
    }

    fn y(&self, v: f64) -> f64 {
        self.bottom - (v - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)
    }
}

/// One small multiple: the indicator's yearly rates and its target rate.
pub(super) fn panel(
    svg: &mut Svg,
    ind: &IndicatorResult,
    years: &[i32],
    colour: &'static str,
    (px, py, w, h): (f64, f64, f64, f64),
) {
    svg.raw(&format!(r#"<g class="panel" data-id="{}">"#, esc(&ind.id)));
    svg.raw(&format!("<title>{}</title>", esc(&ind.name)));
    let (left, right) = (px + 34.0, px + w - 40.0);
    // A falling indicator's note under the title takes a line off the plot.
    let note = if falling(ind) { 9.0 } else { 0.0 };
    let (top, bottom) = (py + 30.0 + note, py + h - 24.0);
    panel_heading(svg, ind, colour, (px, py, w));
    // A falling indicator's panel plots the fall (a rise shows below zero).
    let sign = if falling(ind) { -1.0 } else { 1.0 };

    let values: Vec<(i32, f64)> = ind
        .series
        .iter()
        .filter(|v| years.contains(&v.year) && v.value.is_finite())
        .map(|v| (v.year, sign * v.value + 0.0))
        .collect();
    let target = ind
        .assessment
        .expected
        .or(ind.target)
        .filter(|t| t.is_finite())
        .map(|t| sign * t + 0.0);
    let (lo, hi, step) = vertical_scale(&values, target);
    let plot = Plot {
        left,
        right,
        top,
        bottom,
        lo,
        hi,
        first_year: years[0],
        slot: (right - left) / years.len() as f64,
    };
    value_ticks(svg, &plot, step);
    for &year in years {
        svg.text(
            plot.x(year),
            bottom + 14.0,
            Style::new(9.5).middle(),
            &year.to_string(),
        );
    }

    if let Some(t) = target {
        target_line(svg, &plot, t, colour);
    }

    if values.is_empty() {
        svg.text(
            (left + right) / 2.0,
            (top + bottom) / 2.0,
            Style::new(10.5).middle().fill(GREY),
            "数据暂缺",
        );
    }
    series_line(svg, &plot, &values, colour);
    for &(year, v) in &values {
        point(svg, &plot, &values, target, colour, (year, v));
    }
    svg.raw("</g>");
}

/// A panel's colour key and title, and under it, for a falling indicator, that the
/// vertical axis is the fall.
fn panel_heading(svg: &mut Svg, ind: &IndicatorResult, colour: &str, (px, py, w): (f64, f64, f64)) {
    let title = truncate(&ind.name, 11.0, w - 24.0);
    svg.raw(&format!(
        r#"<rect x="{}" y="{}" width="10" height="10" fill="{colour}"/>"#,
        n(px + 8.0),
        n(py + 6.0)
    ));
    svg.text(px + 22.0, py + 15.0, Style::new(11.0).bold(), &title);
    if falling(ind) {
        svg.text(
            px + 22.0,
            py + 28.0,
            Style::new(9.0).fill(GREY),
            "纵轴为降幅（%）",
        );
    }
}

/// The target rate as a dashed line across the plot, labelled at its right end.
fn target_line(svg: &mut Svg, plot: &Plot, t: f64, colour: &str) {
    let y = plot.y(t);
    svg.dashed((plot.left, y), (plot.right, y), colour, 1.3, "5 3");
    let label = Style::new(9.0).fill(GREY);
    svg.text(plot.right + 3.0, y - 1.0, label, "目标");
    svg.text(plot.right + 3.0, y + 9.0, label, &fixed(t, 1));
}

/// The vertical scale `(lo, hi, step)`: every value, the target and zero, with room for the
/// value labels above the highest point and below the lowest.
fn vertical_scale(values: &[(i32, f64)], target: Option<f64>) -> (f64, f64, f64) {
    let mut lo: f64 = 0.0;
    let mut hi: f64 = 0.0;
    for v in values.iter().map(|p| p.1).chain(target) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let pad = ((hi - lo) * 0.12).max(0.5);
    let step = nice_step(hi - lo + if lo < 0.0 { 2.0 } else { 1.0 } * pad, 4.0);
    let lo = if lo < 0.0 {
        ((lo - pad) / step).floor() * step
    } else {
        0.0
    };
    let hi = ((hi + pad) / step).ceil() * step;
    (lo, hi, step)
}

/// The value grid lines and their labels, the zero line darker.
fn value_ticks(svg: &mut Svg, plot: &Plot, step: f64) {
    let digits = usize::from(step.fract().abs() > 1e-9);
    let ticks = ((plot.hi - plot.lo) / step).round() as i64;
    for i in 0..=ticks {
        let v = plot.lo + step * i as f64;
        let y = plot.y(v);
        let zero = v.abs() < step * 1e-6;
        svg.line(
            (plot.left, y),
            (plot.right, y),
            if zero { "#999999" } else { GRID },
            0.8,
        );
        svg.text(
            plot.left - 4.0,
            y + 3.5,
            Style::new(9.0).end().fill(GREY),
            &fixed(v, digits),
        );
    }
}

/// The line through the yearly values, broken where a year has no figure.
fn series_line(svg: &mut Svg, plot: &Plot, values: &[(i32, f64)], colour: &str) {
    let mut segment: Vec<(f64, f64)> = Vec::new();
    let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut previous: Option<i32> = None;
    for &(year, v) in values {
        if previous.is_some_and(|p| p + 1 != year) && !segment.is_empty() {
            segments.push(std::mem::take(&mut segment));
        }
        segment.push((plot.x(year), plot.y(v)));
        previous = Some(year);
    }
    segments.push(segment);
    for s in segments.iter().filter(|s| s.len() > 1) {
        svg.raw(&format!(
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.8" stroke-linejoin="round"/>"#,
            points(s)
        ));
    }
}

/// One year's point and its value label, on the side the line leaves free, clear of the
/// target line and inside the panel.
fn point(
    svg: &mut Svg,
    plot: &Plot,
    values: &[(i32, f64)],
    target: Option<f64>,
    colour: &str,
    (year, v): (i32, f64),
) {
    let (x, y) = (plot.x(year), plot.y(v));
    svg.raw(&format!(
        r##"<circle class="point" data-year="{year}" cx="{}" cy="{}" r="3" fill="{colour}" stroke="#ffffff" stroke-width="0.8"/>"##,
        n(x),
        n(y)
    ));
    let at = |year: i32| values.iter().find(|p| p.0 == year).map(|p| p.1);
    let mut place = label_place(at(year - 1), v, at(year + 1));
    let clash = |p: Place| {
        let (_, dy, _) = p.offset();
        let (top_edge, bottom_edge) = (y + dy - 8.0, y + dy + 1.0);
        let hits_target = target.is_some_and(|t| {
            let ty = plot.y(t);
            ty > top_edge - 1.0 && ty < bottom_edge + 1.0
        });
        hits_target || top_edge < plot.top - 10.0 || bottom_edge > plot.bottom + 2.0
    };
    if clash(place) && !clash(place.flipped()) {
        place = place.flipped();
    }
    let (dx, dy, anchor) = place.offset();
    let style = Style::new(10.0);
    let style = match anchor {
        Anchor::Start => style,
        Anchor::Middle => style.middle(),
        Anchor::End => style.end(),
    };
    svg.text(x + dx, y + dy, style, &fixed(v, 1));
}

/// Where a point's value label goes, relative to the point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Place {
    Above,
    Below,
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

impl Place {
    /// The baseline offset from the point and the text anchor.
    pub(super) fn offset(self) -> (f64, f64, Anchor) {
        match self {
            Place::Above => (0.0, -6.5, Anchor::Middle),
            Place::Below => (0.0, 14.0, Anchor::Middle),
            Place::UpperLeft => (-4.0, -5.0, Anchor::End),
            Place::UpperRight => (4.0, -5.0, Anchor::Start),
            Place::LowerLeft => (-4.0, 12.5, Anchor::End),
            Place::LowerRight => (4.0, 12.5, Anchor::Start),
        }
    }

    /// The opposite side, across the line.
    pub(super) fn flipped(self) -> Place {
        match self {
            Place::Above => Place::Below,
            Place::Below => Place::Above,
            Place::UpperLeft => Place::LowerRight,
            Place::UpperRight => Place::LowerLeft,
            Place::LowerLeft => Place::UpperRight,
            Place::LowerRight => Place::UpperLeft,
        }
    }
}

/// The side of a point that the line leaves free: above a peak, below a dip,
/// beside the line where it runs straight through.
pub(super) fn label_place(previous: Option<f64>, v: f64, next: Option<f64>) -> Place {
    match (previous, next) {
        (Some(p), Some(q)) if v >= p && v >= q => Place::Above,
        (Some(p), Some(q)) if v <= p && v <= q => Place::Below,
        // Falling through the point: the upper right is free.
        (Some(p), Some(_)) if p > v => Place::UpperRight,
        (Some(_), Some(_)) => Place::UpperLeft,
        (Some(o), None) | (None, Some(o)) if o > v => Place::Below,
        _ => Place::Above,
    }
}
