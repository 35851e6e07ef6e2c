//! Grading a rank target (进入全省县域经济前20强): a lower-is-better level
//! from the base rank with its schedule rounded to a whole rank toward the
//! base, or a ceiling on the rank when the base is already within the target.

use crate::model::vocabulary::Grade;

use super::*;

impl Grading<'_> {
    pub(super) fn rank(&self, a: &mut Assessment, target: f64, base: Option<f64>) {
        let latest = self.latest();
        let base = base.or(self.base_point.map(|p| p.value));
        let words = Words {
            unit: "",
            digits: 0,
            verb: None,
            estimated: self.words.estimated,
        };
        let grading = Grading {
            words: &words,
            ..*self
        };
        match base {
            Some(b) if b > target + EPS => {
                grading.level(a, target, b, None, Direction::Lower, false);
                if let Some(e) = a.expected {
                    // The schedule as a whole rank, rounded toward the base.
                    let whole = e.ceil();
                    a.expected = Some(whole);
                    if !self.period.is_final() && a.grade > Grade::OnTrack && latest.value <= whole + EPS {
                        a.grade = Grade::OnTrack;
                    }
                }
            }
            _ => grading.limit(a, target, None, Direction::Lower, false),
        }
        if a.grade == Grade::Exceeded {
            // A rank is reached or not: never 超额完成.
            a.grade = Grade::Completed;
        }
        a.value_digits = 0;
        let stated = format!("{}居第{}位（目标：前{}位）", self.words.year(latest.year), fixed(latest.value, 0), plain(target));
        a.reason = format!("{stated}；{}", a.reason);
    }
}
