//! Grading a rank target (进入全省县域经济前20强): a lower-is-better level
//! from the base rank with its schedule rounded to a whole rank toward the
//! base, or a ceiling on the rank when the base is already within the target.

use crate::model::vocabulary::Grade;

use super::*;

impl Grading<'_> {
    // Long: a rank is a level or a limit, then worded with every year inside or outside the target.
    pub(super) fn rank(&self, a: &mut Assessment, target: f64, base: Option<f64>, group: &str) {
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
                    if !self.period.is_final()
                        && a.grade > Grade::OnTrack
                        && latest.value <= whole + EPS
                    {
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
        let within = latest.value <= target + EPS;
        let place = format!(
            "{}居{group}第{}位",
            self.words.year(latest.year),
            fixed(latest.value, 0)
        );
        let from = base.map_or(String::new(), |b| {
            format!("（{}年第{}位）", self.period.base, fixed(b, 0))
        });
        a.reason = match (within, a.expected) {
            (true, _) => format!("{place}{from}，在前{}位以内", plain(target)),
            // A schedule still at the base rank asks for nothing yet: say only the target.
            (false, Some(e))
                if base.is_some_and(|b| b > target + EPS && e >= b - EPS)
                    && !self.period.is_final() =>
            {
                format!("{place}{from}，未进入前{}位", plain(target))
            }
            (false, Some(e))
                if base.is_some_and(|b| b > target + EPS) && !self.period.is_final() =>
            {
                format!(
                    "{place}{from}，按{}应升至第{}位以内，目标为进入前{}位",
                    self.period.words.schedule(),
                    fixed(e, 0),
                    plain(target)
                )
            }
            (false, _) => format!("{place}{from}，未进入前{}位", plain(target)),
        };
        // Every year inside the target, not the first only ("2026年、2027年在前10位以内").
        let inside: Vec<String> = self
            .points
            .iter()
            .filter(|p| p.value <= target + EPS)
            .map(|p| format!("{}年", p.year))
            .collect();
        if !within && !inside.is_empty() {
            a.reason.push_str(&format!(
                "；{}在前{}位以内",
                inside.join("、"),
                plain(target)
            ));
        }
        let also = if within { "" } else { "亦" };
        let earlier = self.earlier_misses(a, latest.year, &format!("{also}在目标位次之外"));
        if base.is_some_and(|b| b <= target + EPS) {
            a.reason.push_str(&earlier);
        }
    }
}
