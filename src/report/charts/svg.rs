//! SVG writing for the charts: escaped text, styled `<text>`, shapes with
//! fixed-precision coordinates.

use std::fmt::Write;

use crate::model::numfmt::fixed;

use super::{FONT, INK, WIDTH, WIDTH_MM};

/// Escapes text for XML content and attribute values.
pub(super) fn esc(text: &str) -> String {
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
pub(super) fn n(v: f64) -> String {
    fixed(v, 1)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

/// One `<text>`'s style.
#[derive(Clone, Copy)]
pub(super) struct Style {
    size: f64,
    anchor: Anchor,
    bold: bool,
    fill: &'static str,
}

impl Style {
    pub(super) const fn new(size: f64) -> Self {
        Style {
            size,
            anchor: Anchor::Start,
            bold: false,
            fill: INK,
        }
    }
    pub(super) const fn end(mut self) -> Self {
        self.anchor = Anchor::End;
        self
    }
    pub(super) const fn middle(mut self) -> Self {
        self.anchor = Anchor::Middle;
        self
    }
    pub(super) const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub(super) const fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
}

/// An SVG document being written, top to bottom.
pub(super) struct Svg {
    body: String,
}

impl Svg {
    pub(super) fn new() -> Self {
        Svg {
            body: String::new(),
        }
    }

    pub(super) fn raw(&mut self, element: &str) {
        self.body.push_str(element);
        self.body.push('\n');
    }

    pub(super) fn text(&mut self, x: f64, y: f64, style: Style, content: &str) {
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

    pub(super) fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        width: f64,
    ) {
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

    pub(super) fn dashed(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        stroke: &str,
        width: f64,
        dash: &str,
    ) {
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
    pub(super) fn finish(self, height: f64, title: &str) -> String {
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

pub(super) fn points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{},{}", n(x), n(y)))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn rect(x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
        n(x),
        n(y),
        n(w),
        n(h)
    )
}

pub(super) fn polygon(p: &[(f64, f64)]) -> String {
    format!(r#"<polygon points="{}"/>"#, points(p))
}
