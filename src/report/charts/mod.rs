//! The report's charts, drawn as plain SVG text from an [`Evaluation`]:
//! every indicator's progress against its schedule, and the yearly rates of
//! the growth indicators. Deterministic: the same evaluation always gives the
//! same bytes (no maps, no random ids, fixed-precision numbers).
//!
//! Text stays text (Chinese labels in a CJK sans-serif), so a Markdown viewer
//! shows the files as they are and typst embeds them with its own fonts.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

use crate::evaluate::{Evaluation, IndicatorResult};
use crate::model::numfmt::fixed;
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

// ---------------------------------------------------------------------------
// SVG writing

/// Escapes text for XML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal, never "-0.0".
fn n(v: f64) -> String {
    fixed(v, 1)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// One `<text>`'s style.
#[derive(Clone, Copy)]
struct Style {
    size: f64,
    anchor: Anchor,
    bold: bool,
    fill: &'static str,
}

impl Style {
    const fn new(size: f64) -> Self {
        Style {
            size,
            anchor: Anchor::Start,
            bold: false,
            fill: INK,
        }
    }
    const fn end(mut self) -> Self {
        self.anchor = Anchor::End;
        self
    }
    const fn middle(mut self) -> Self {
        self.anchor = Anchor::Middle;
        self
    }
    const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    const fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
}

/// An SVG document being written, top to bottom.
struct Svg {
    body: String,
}

impl Svg {
    fn new() -> Self {
        Svg {
            body: String::new(),
        }
    }

    fn raw(&mut self, element: &str) {
        self.body.push_str(element);
        self.body.push('\n');
    }

    fn text(&mut self, x: f64, y: f64, style: Style, content: &str) {
        let mut attrs = format!(r#"x="{}" y="{}" font-size="{}""#, n(x), n(y), n(style.size));
        match style.anchor {
            Anchor::Start => {}
            Anchor::Middle => attrs.push_str(r#" text-anchor="middle""#),
            Anchor::End => attrs.push_str(r#" text-anchor="end""#),
        }
        if style.bold {
            attrs.push_str(r#" font-weight="bold""#);
        }
        if style.fill != INK {
            let _ = write!(attrs, r#" fill="{}""#, style.fill);
        }
        let _ = writeln!(self.body, "<text {attrs}>{}</text>", esc(content));
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, width: f64) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}"/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            n(width)
        );
    }

    fn dashed(&mut self, from: (f64, f64), to: (f64, f64), stroke: &str, width: f64, dash: &str) {
        let _ = writeln!(
            self.body,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}" stroke-dasharray="{dash}"/>"#,
            n(from.0),
            n(from.1),
            n(to.0),
            n(to.1),
            n(width)
        );
    }

    /// The finished document, `height` user units tall.
    fn finish(self, height: f64, title: &str) -> String {
        let height_mm = height * WIDTH_MM / WIDTH;
        format!(
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w_mm}mm" height="{h_mm}mm" viewBox="0 0 {w} {h}" font-family="{font}">"#,
                "\n<title>{title}</title>\n",
                r##"<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##,
                "\n{body}</svg>\n"
            ),
            w_mm = n(WIDTH_MM),
            h_mm = fixed(height_mm, 2),
            w = n(WIDTH),
            h = n(height),
            font = FONT,
            title = esc(title),
            body = self.body,
        )
    }
}

fn points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{},{}", n(x), n(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Estimated advance of `text` at `size`: CJK characters one em, others
/// (digits, Latin, ASCII punctuation) a little over half an em.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| match c.width() {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.55,
        })
        .sum::<f64>()
        * size
}

/// Breaks `text` into at most two lines of `max` width, preferring a break
/// after Chinese punctuation near the end of the first line; a second line
/// that is still too long ends in "…".
fn wrap_two(text: &str, size: f64, max: f64) -> Vec<String> {
    if text_width(text, size) <= max {
        return vec![text.to_string()];
    }
    let chars: Vec<char> = text.chars().collect();
    let mut fit: usize = 0;
    let mut width = 0.0;
    for c in &chars {
        width += text_width(&c.to_string(), size);
        if width > max {
            break;
        }
        fit += 1;
    }
    let fit = fit.max(1);
    let lookback = fit.saturating_sub(6);
    let split = (lookback..fit)
        .rev()
        .find(|&i| "、，,）)》".contains(chars[i]) && i + 1 < chars.len())
        .map_or(fit, |i| i + 1);
    let first: String = chars[..split].iter().collect();
    let rest: String = chars[split..].iter().collect();
    vec![first, truncate(&rest, size, max)]
}

fn truncate(text: &str, size: f64, max: f64) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let budget = max - text_width("…", size);
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        width += text_width(&c.to_string(), size);
        if width > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

// ---------------------------------------------------------------------------
// Progress against the schedule

/// The progress axis: R from −0.5 to 2; bars beyond are clamped and arrowed.
const R_MIN: f64 = -0.5;
const R_MAX: f64 = 2.0;
const R_TICKS: [f64; 6] = [-0.5, 0.0, 0.5, 1.0, 1.5, 2.0];
/// Right edge of the indicator names.
const NAME_RIGHT: f64 = 194.0;
/// The plot spans R_MIN..R_MAX between these.
const PLOT_LEFT: f64 = 208.0;
const PLOT_RIGHT: f64 = 483.0;
/// Right edge of the value column, left edge of the grade column.
const VALUE_RIGHT: f64 = 534.0;
const GRADE_LEFT: f64 = 542.0;
const NAME_SIZE: f64 = 11.0;
const BAR_HALF: f64 = 6.0;

fn rx(r: f64) -> f64 {
    PLOT_LEFT + (r - R_MIN) / (R_MAX - R_MIN) * (PLOT_RIGHT - PLOT_LEFT)
}

/// How an indicator is drawn on the progress chart.
enum Mark {
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

fn mark_of(ind: &IndicatorResult) -> Mark {
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

fn diamond(cx: f64, cy: f64, r: f64) -> Vec<(f64, f64)> {
    vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
}

/// An ✕ as one filled polygon, arms `r` long and `t` thick.
fn cross(cx: f64, cy: f64, r: f64, t: f64) -> Vec<(f64, f64)> {
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

fn mark_shape(svg: &mut Svg, shape: &str, grade: Grade, id: Option<&str>) {
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

fn rect(x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
        n(x),
        n(y),
        n(w),
        n(h)
    )
}

fn polygon(p: &[(f64, f64)]) -> String {
    format!(r#"<polygon points="{}"/>"#, points(p))
}

/// Draws one indicator's mark centred on `cy`; returns its value label.
fn draw_mark(svg: &mut Svg, ind: &IndicatorResult, cy: f64) -> String {
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

fn progress_chart(e: &Evaluation) -> Chart {
    let mut svg = Svg::new();

    // Legend: the six grades, then the three special marks.
    let legend_top = 6.0;
    let columns = [10.0, 216.0, 422.0];
    let label = Style::new(10.5);
    let closing = e.kind.is_final();
    for (i, grade) in Grade::of(e.kind).iter().copied().enumerate() {
        let x = columns[i % 3];
        let y = legend_top + 16.0 * (i / 3) as f64;
        mark_shape(&mut svg, &rect(x, y + 1.0, 16.0, 10.0), grade, None);
        svg.text(x + 22.0, y + 10.0, label, grade.label());
    }
    let y = legend_top + 32.0;
    let neutral = Grade::OnTrack;
    mark_shape(
        &mut svg,
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
        &mut svg,
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
    mark_shape(
        &mut svg,
        &rect(columns[2], y + 1.0, 9.0, 10.0),
        neutral,
        None,
    );
    mark_shape(
        &mut svg,
        &polygon(&[
            (columns[2] + 9.0, y + 1.0),
            (columns[2] + 16.0, y + 6.0),
            (columns[2] + 9.0, y + 11.0),
        ]),
        neutral,
        None,
    );
    svg.text(columns[2] + 22.0, y + 10.0, label, "超出坐标范围");

    // Column heads.
    let head_y = legend_top + 66.0;
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
            "序时进度"
        },
    );
    let plot_top = head_y + 6.0;

    // Rows, laid out first so that the grid can be drawn beneath them.
    struct Row<'a> {
        header: Option<String>,
        indicator: Option<&'a IndicatorResult>,
        lines: Vec<String>,
        top: f64,
        height: f64,
    }
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
    let plot_bottom = y + 4.0;

    // Grid, zero line and the schedule line.
    for r in R_TICKS {
        let colour = if r == 0.0 { "#999999" } else { GRID };
        svg.line((rx(r), plot_top), (rx(r), plot_bottom), colour, 0.8);
    }
    svg.dashed((rx(1.0), plot_top), (rx(1.0), plot_bottom), INK, 1.2, "4 3");
    for row in &rows {
        if let Some(header) = &row.header {
            let base = row.top + 16.0;
            svg.line(
                (6.0, row.top + 22.0),
                (WIDTH - 6.0, row.top + 22.0),
                "#bbbbbb",
                0.6,
            );
            svg.text(8.0, base, Style::new(12.0).bold(), header);
            continue;
        }
        let Some(ind) = row.indicator else { continue };
        let cy = row.top + row.height / 2.0;
        let grade = if ind.stale {
            format!("{}*", ind.grade().label())
        } else {
            ind.grade().label().to_string()
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
        let value = draw_mark(&mut svg, ind, cy);
        svg.text(VALUE_RIGHT, cy + 4.0, Style::new(10.5).end(), &value);
        svg.text(GRADE_LEFT, cy + 4.0, Style::new(10.0), &grade);
        svg.raw("</g>");
    }

    // Axis.
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
        if closing {
            "完成程度：实际完成与规划目标之比（等于1即完成目标）"
        } else {
            "实际进度与序时进度之比（等于1即符合序时进度）"
        },
    );

    // Notes.
    let note = Style::new(10.0).fill(GREY);
    let mut y = plot_bottom + 52.0;
    let mut notes = if closing {
        vec![
            "注：条形长度表示完成程度，颜色表示评价等级；完成程度低于-0.5或高于2.0时截断并加箭头。".to_string(),
            "下限、上限、区间和上级下达类指标不计算完成程度：规划期末达到要求的标◆于目标线上，未达到的标×于0处，".to_string(),
            "位置只表示是否达标。".to_string(),
        ]
    } else {
        vec![
            "注：条形长度表示实际进度与序时进度之比，颜色表示评价等级；比值低于-0.5或高于2.0时截断并加箭头，".to_string(),
            "实际数值见“进度之比”栏。下限、上限、区间和上级下达类指标不计算进度之比：当年达到要求的标◆于序时进度线上，".to_string(),
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
    }
    for line in &notes {
        svg.text(8.0, y, note, line);
        y += 15.0;
    }
    let height = y;
    let caption = if closing {
        format!("{}—{}年主要指标完成程度", e.base_year + 1, e.year)
    } else {
        format!("{}年主要指标序时进度", e.year)
    };
    Chart {
        file: "progress.svg".to_string(),
        svg: svg.finish(height.ceil(), &caption),
        caption,
    }
}

// ---------------------------------------------------------------------------
// Growth trends

/// Line colours of the panels (Okabe–Ito), cycled.
const SERIES_COLOURS: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#555555",
];

/// A round tick step giving about `ticks` intervals over `span`.
fn nice_step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

fn trend_chart(e: &Evaluation) -> Option<Chart> {
    let growth: Vec<&IndicatorResult> =
        e.indicators.iter().filter(|i| i.kind == "growth").collect();
    if growth.is_empty() {
        return None;
    }
    let first = e.base_year + 1;
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
    svg.text(46.0, ly + 4.0, Style::new(10.5), "当年增速（标注数值）");
    svg.dashed((190.0, ly), (220.0, ly), GREY, 1.5, "5 3");
    svg.text(226.0, ly + 4.0, Style::new(10.5), "规划目标年均增速");
    svg.text(
        WIDTH - 8.0,
        ly + 4.0,
        Style::new(10.5).end().fill(GREY),
        "纵轴：增速（%）",
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
    let caption = if first == e.year {
        format!("增长类指标{}年增速", e.year)
    } else {
        format!("增长类指标{first}—{}年增速", e.year)
    };
    Some(Chart {
        file: "growth.svg".to_string(),
        svg: svg.finish(height, &caption),
        caption,
    })
}

/// One small multiple: the indicator's yearly rates and its target rate.
fn panel(
    svg: &mut Svg,
    ind: &IndicatorResult,
    years: &[i32],
    colour: &'static str,
    (px, py, w, h): (f64, f64, f64, f64),
) {
    svg.raw(&format!(r#"<g class="panel" data-id="{}">"#, esc(&ind.id)));
    svg.raw(&format!("<title>{}</title>", esc(&ind.name)));
    let left = px + 34.0;
    let right = px + w - 40.0;
    let top = py + 30.0;
    let bottom = py + h - 24.0;
    let title = truncate(&ind.name, 11.0, w - 24.0);
    svg.raw(&format!(
        r#"<rect x="{}" y="{}" width="10" height="10" fill="{colour}"/>"#,
        n(px + 8.0),
        n(py + 6.0)
    ));
    svg.text(px + 22.0, py + 15.0, Style::new(11.0).bold(), &title);

    let values: Vec<(i32, f64)> = ind
        .series
        .iter()
        .filter(|v| years.contains(&v.year) && v.value.is_finite())
        .map(|v| (v.year, v.value))
        .collect();
    let target = ind
        .assessment
        .expected
        .or(ind.target)
        .filter(|t| t.is_finite());

    // Vertical scale: every value, the target and zero, with room for the
    // value labels above the highest point and below the lowest.
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
    let y_of = |v: f64| bottom - (v - lo) / (hi - lo) * (bottom - top);
    let digits = usize::from(step.fract().abs() > 1e-9);
    let ticks = ((hi - lo) / step).round() as i64;
    for i in 0..=ticks {
        let v = lo + step * i as f64;
        let y = y_of(v);
        let zero = v.abs() < step * 1e-6;
        svg.line(
            (left, y),
            (right, y),
            if zero { "#999999" } else { GRID },
            0.8,
        );
        svg.text(
            left - 4.0,
            y + 3.5,
            Style::new(9.0).end().fill(GREY),
            &fixed(v, digits),
        );
    }

    // Years.
    let slot = (right - left) / years.len() as f64;
    let x_of = |year: i32| left + slot * (f64::from(year - years[0]) + 0.5);
    for &year in years {
        svg.text(
            x_of(year),
            bottom + 14.0,
            Style::new(9.5).middle(),
            &year.to_string(),
        );
    }

    // Target rate, labelled at its right end.
    if let Some(t) = target {
        let y = y_of(t);
        svg.dashed((left, y), (right, y), colour, 1.3, "5 3");
        let label = Style::new(9.0).fill(GREY);
        svg.text(right + 3.0, y - 1.0, label, "目标");
        svg.text(right + 3.0, y + 9.0, label, &fixed(t, 1));
    }

    if values.is_empty() {
        svg.text(
            (left + right) / 2.0,
            (top + bottom) / 2.0,
            Style::new(10.5).middle().fill(GREY),
            "数据暂缺",
        );
    }
    // The line, broken where a year has no figure.
    let mut segment: Vec<(f64, f64)> = Vec::new();
    let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut previous: Option<i32> = None;
    for &(year, v) in &values {
        if previous.is_some_and(|p| p + 1 != year) && !segment.is_empty() {
            segments.push(std::mem::take(&mut segment));
        }
        segment.push((x_of(year), y_of(v)));
        previous = Some(year);
    }
    segments.push(segment);
    for s in segments.iter().filter(|s| s.len() > 1) {
        svg.raw(&format!(
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.8" stroke-linejoin="round"/>"#,
            points(s)
        ));
    }
    for &(year, v) in &values {
        let (x, y) = (x_of(year), y_of(v));
        svg.raw(&format!(
            r##"<circle class="point" data-year="{year}" cx="{}" cy="{}" r="3" fill="{colour}" stroke="#ffffff" stroke-width="0.8"/>"##,
            n(x),
            n(y)
        ));
        let at = |year: i32| values.iter().find(|p| p.0 == year).map(|p| p.1);
        let mut place = label_place(at(year - 1), v, at(year + 1));
        // Keep clear of the target line and inside the panel.
        let clash = |p: Place| {
            let (_, dy, _) = p.offset();
            let (top_edge, bottom_edge) = (y + dy - 8.0, y + dy + 1.0);
            let hits_target = target.is_some_and(|t| {
                let ty = y_of(t);
                ty > top_edge - 1.0 && ty < bottom_edge + 1.0
            });
            hits_target || top_edge < top - 10.0 || bottom_edge > bottom + 2.0
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
    svg.raw("</g>");
}

/// Where a point's value label goes, relative to the point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    Above,
    Below,
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
}

impl Place {
    /// The baseline offset from the point and the text anchor.
    fn offset(self) -> (f64, f64, Anchor) {
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
    fn flipped(self) -> Place {
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
fn label_place(previous: Option<f64>, v: f64, next: Option<f64>) -> Place {
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
