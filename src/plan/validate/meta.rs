//! The plan's heading validated: its period (base, target and midterm years),
//! its evaluator, its grading thresholds and grade words, and the [`Meta`]
//! built from them. It checks the heading only, never an indicator or a task.

use super::raw::{RawMeta, RawThresholds};
use super::*;

impl Validator<'_> {
    /// Checks the period's years: each plausible, the period 1 to 30 years long, the
    /// target after the base, the midterm year between them.
    pub(super) fn period(&mut self, m: &RawMeta) {
        // Years that size the work (every year of the period is evaluated and drawn) are
        // bounded: a plan period is 1 to 30 years of this or the last or the next century.
        for (key, year) in [("base_year", m.base_year), ("target_year", m.target_year)] {
            if !YEARS.contains(&year) {
                let line = self.lines.item(key, &year.to_string(), 0);
                self.report(
                    line,
                    key,
                    format!(
                        "年份 {year} 不合常理，应在 {}—{} 之间",
                        YEARS.start(),
                        YEARS.end()
                    ),
                );
            }
        }
        if YEARS.contains(&m.base_year)
            && YEARS.contains(&m.target_year)
            && m.target_year - m.base_year > MAX_PERIOD_YEARS
        {
            let line = self
                .lines
                .item("target_year", &m.target_year.to_string(), 0);
            self.report(
                line,
                "target_year",
                format!(
                    "规划期 {}—{} 年长达 {} 年，规划期应为 1—{MAX_PERIOD_YEARS} 年",
                    m.base_year + 1,
                    m.target_year,
                    m.target_year - m.base_year
                ),
            );
        }
        if m.target_year <= m.base_year {
            let line = self
                .lines
                .item("target_year", &m.target_year.to_string(), 0);
            self.report(
                line,
                "target_year",
                format!("目标年份 {} 应晚于基期年份 {}", m.target_year, m.base_year),
            );
        }
        if let Some(y) = m.midterm_year
            && (y <= m.base_year || y >= m.target_year)
        {
            let line = self.lines.item("midterm_year", &y.to_string(), 0);
            self.report(
                line,
                "midterm_year",
                format!(
                    "中期评估年份 {y} 应在基期年份 {} 与目标年份 {} 之间",
                    m.base_year, m.target_year
                ),
            );
        }
    }

    /// The evaluator's index among the units (0, with an error, when it is not one).
    pub(super) fn evaluator(&mut self, m: &RawMeta, lookup: &BTreeMap<&str, usize>) -> usize {
        match lookup.get(m.evaluator.as_str()) {
            Some(&i) => i,
            None => {
                let line = self.lines.item("evaluator", &m.evaluator, 0);
                self.report(
                    line,
                    "evaluator",
                    format!("评估单位“{}”不在单位清单（units）中", m.evaluator),
                );
                0
            }
        }
    }

    /// The grading thresholds, which must rise from behind to ahead.
    pub(super) fn thresholds(&mut self, raw: Option<&RawThresholds>) -> Thresholds {
        match raw {
            Some(t) => {
                if !(t.behind < t.on_track && t.on_track < t.ahead) {
                    let line = self.lines.item("thresholds", "", 0);
                    self.report(
                        line,
                        "thresholds",
                        "评价阈值应满足 behind < on_track < ahead".to_string(),
                    );
                }
                Thresholds {
                    ahead: t.ahead,
                    on_track: t.on_track,
                    behind: t.behind,
                }
            }
            None => Thresholds::default(),
        }
    }

    /// The grade words the plan chooses (national by default).
    pub(super) fn grade_words(&mut self, m: &RawMeta) -> GradeWords {
        match m.grade_words.as_deref() {
            None => GradeWords::default(),
            Some(text) => GradeWords::parse(text).unwrap_or_else(|| {
                let line = self.lines.item_field("plan", "", "grade_words");
                self.report(
                    line,
                    "grade_words",
                    format!(
                        "评价用语“{text}”无法识别，应为 national（全国规划评估用语：提前实现、快于预期、基本符合预期、滞后于预期、明显滞后于预期）或 schedule（序时进度用语：已提前实现、快于序时进度、符合序时进度、滞后于序时进度、明显滞后）"
                    ),
                );
                GradeWords::default()
            }),
        }
    }
}

/// The parts of the heading validated: the evaluator, the report's and the
/// forms' due days, and the grade words.
pub(super) struct Heading {
    pub evaluator: usize,
    pub report_due: (u32, u32),
    pub forms_due: (u32, u32),
    pub grade_words: GradeWords,
}

/// The plan's metadata from its raw heading and the parts validated; empty
/// addressees fall back on the main one.
pub(super) fn meta(m: &RawMeta, heading: Heading) -> Meta {
    Meta {
        name: m.name.clone(),
        full_name: m.full_name.clone(),
        short_name: m.short_name.clone(),
        city: m.city.clone(),
        issuer: m.issuer.clone(),
        document_number: m.document_number.clone(),
        document_title: m.document_title.clone(),
        issued: m.issued.clone(),
        base_year: m.base_year,
        target_year: m.target_year,
        evaluator: heading.evaluator,
        addressee: m.addressee.clone(),
        addressee_full: if m.addressee_full.is_empty() {
            m.addressee.clone()
        } else {
            m.addressee_full.clone()
        },
        mandate: m.mandate.trim().to_string(),
        midterm_year: m.midterm_year,
        midterm_addressee: if m.midterm_addressee.is_empty() {
            m.addressee.clone()
        } else {
            m.midterm_addressee.clone()
        },
        midterm_to_congress: m
            .midterm_to_congress
            .unwrap_or_else(|| m.midterm_addressee.contains("人大")),
        opening: m
            .opening
            .trim()
            .trim_end_matches(['，', ',', '。', '；'])
            .to_string(),
        self_name: m.self_name.trim().to_string(),
        report_due: heading.report_due,
        forms_due: heading.forms_due,
        forms_contact: m.forms_contact.trim().to_string(),
        grade_words: heading.grade_words,
    }
}
