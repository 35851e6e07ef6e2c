//! What a readings row writes for one year: a year's target (`YearTarget`:
//! "3", "5.5以上", "4.5—5", "5左右") and the lead unit's own assessment of a
//! target without figures (`Verdict`).
//! It must not read files or grade: it parses and words single cells only.

use serde::Serialize;

/// A year's target as a readings row writes it (a quota, or a target the
/// government sets each year): a figure ("3", "5.5以上"), a range ("4.5—5"),
/// or a figure with τ ("5左右" and its 允许偏差).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearTarget {
    /// The threshold a year must reach: the lower end, the figure less τ, or the figure.
    pub low: f64,
    /// The upper end of a range, or the figure plus τ.
    pub high: Option<f64>,
    /// The figure of "X" or "X左右"; for a range its lower end.
    pub figure: f64,
    pub tolerance: Option<f64>,
    /// Written as a range.
    pub range: bool,
    /// Written "X以上".
    pub at_least: bool,
}

impl YearTarget {
    /// Reads "3", "5.5以上", "4.5—5" (also "4.5-5", "4.5～5", "4.5~5"), or
    /// "5左右" with its `tolerance`. The error is a sentence for the user.
    pub fn parse(text: &str, tolerance: Option<f64>) -> Result<YearTarget, String> {
        let text = text.trim().trim_end_matches('%').trim();
        // "5±0.5" (a form has no 允许偏差 column): the figure and its τ in one cell.
        if let Some((figure, t)) = text.split_once('±') {
            return YearTarget::plus_minus(figure, t);
        }
        if let Some(figure) = text.strip_suffix("左右") {
            let figure = number(figure)?;
            let t = tolerance.filter(|t| *t > 0.0).ok_or(
                "写作“X左右”的目标须在“允许偏差”列填写偏差（如 0.5），“左右”没有默认的偏差",
            )?;
            return Ok(YearTarget {
                low: figure - t,
                high: Some(figure + t),
                figure,
                tolerance: Some(t),
                range: false,
                at_least: false,
            });
        }
        if let Some(figure) = text.strip_suffix("以上") {
            let figure = number(figure)?;
            return Ok(YearTarget {
                low: figure,
                high: None,
                figure,
                tolerance: None,
                range: false,
                at_least: true,
            });
        }
        for dash in ["—", "－", "～", "~", "至", "-"] {
            // A leading minus is a sign, not a range.
            if let Some((lo, hi)) = text
                .char_indices()
                .skip(1)
                .find(|&(i, _)| text[i..].starts_with(dash))
                .map(|(i, _)| (&text[..i], &text[i + dash.len()..]))
            {
                let (lo, hi) = (number(lo)?, number(hi)?);
                if lo >= hi {
                    return Err(format!("区间“{text}”的下端应小于上端"));
                }
                return Ok(YearTarget {
                    low: lo,
                    high: Some(hi),
                    figure: lo,
                    tolerance: None,
                    range: true,
                    at_least: false,
                });
            }
        }
        let figure = number(text)?;
        Ok(YearTarget {
            low: figure,
            high: None,
            figure,
            tolerance: None,
            range: false,
            at_least: false,
        })
    }

    /// Reads "5±0.5" (a form has no 允许偏差 column): the `figure` and its τ in one cell.
    fn plus_minus(figure: &str, t: &str) -> Result<YearTarget, String> {
        let t = t.trim().trim_end_matches('%').trim();
        let t = t
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite() && *t > 0.0)
            .ok_or_else(|| format!("“{t}”不是正数的允许偏差"))?;
        let figure = figure
            .trim()
            .trim_end_matches('%')
            .trim()
            .trim_end_matches("左右");
        YearTarget::parse(&format!("{figure}左右"), Some(t))
    }

    /// The target as the report prints it: "4.5%—5%", "5%左右", "5.5%以上".
    pub fn words(&self, unit: &str) -> String {
        let p = crate::model::numfmt::plain;
        match (self.range, self.tolerance, self.at_least) {
            (true, _, _) => format!(
                "{}{unit}—{}{unit}",
                p(self.low),
                p(self.high.unwrap_or(self.low))
            ),
            (_, Some(_), _) => format!("{}{unit}左右", p(self.figure)),
            (_, None, true) => format!("{}{unit}以上", p(self.figure)),
            _ => format!("{}{unit}", p(self.figure)),
        }
    }
}

/// A finite number, written with or without "%"; the error is a sentence for the user.
fn number(s: &str) -> Result<f64, String> {
    s.trim()
        .trim_end_matches('%')
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("“{s}”不是数字"))
}

/// The lead unit's own assessment of a target without figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 达到预期.
    Met,
    /// 基本达到.
    Basically,
    /// 未达到预期.
    NotMet,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Met, Verdict::Basically, Verdict::NotMet];

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "达到预期",
            Verdict::Basically => "基本达到",
            Verdict::NotMet => "未达到预期",
        }
    }

    /// The verdict a cell names (达到预期, 基本达到预期 too).
    pub fn parse(text: &str) -> Option<Verdict> {
        match text.trim() {
            "达到预期" | "达到" => Some(Verdict::Met),
            "基本达到" | "基本达到预期" => Some(Verdict::Basically),
            "未达到预期" | "未达到" => Some(Verdict::NotMet),
            _ => None,
        }
    }

    /// The number a verdict is kept as among the readings (2, 1, 0).
    pub fn code(self) -> f64 {
        match self {
            Verdict::Met => 2.0,
            Verdict::Basically => 1.0,
            Verdict::NotMet => 0.0,
        }
    }
}

#[cfg(test)]
mod year_target_tests {
    use super::YearTarget;

    #[test]
    fn year_targets_as_rows_write_them() {
        let t = YearTarget::parse("4.5—5", None).unwrap();
        assert_eq!((t.low, t.high, t.range), (4.5, Some(5.0), true));
        assert_eq!(t.words("%"), "4.5%—5%");
        let t = YearTarget::parse("5左右", Some(0.5)).unwrap();
        assert_eq!((t.low, t.high), (4.5, Some(5.5)));
        assert_eq!(t.words("%"), "5%左右");
        assert_eq!(
            YearTarget::parse("5.5以上", None).unwrap().words("%"),
            "5.5%以上"
        );
        assert_eq!(YearTarget::parse("-3", None).unwrap().low, -3.0);
        assert_eq!(YearTarget::parse("4.5-5%", None).unwrap().high, Some(5.0));
        assert!(
            YearTarget::parse("5左右", None)
                .unwrap_err()
                .contains("允许偏差")
        );
        assert!(
            YearTarget::parse("5—4", None)
                .unwrap_err()
                .contains("下端应小于上端")
        );
        assert!(
            YearTarget::parse("五", None)
                .unwrap_err()
                .contains("不是数字")
        );
        let t = YearTarget::parse("5±0.5", None).unwrap();
        assert_eq!((t.low, t.high, t.tolerance), (4.5, Some(5.5), Some(0.5)));
        assert_eq!(YearTarget::parse("5%左右±0.5%", None).unwrap().low, 4.5);
    }
}
