//! Validating the plan's major projects and its `evaluation:` block: every
//! unit known, every figure a finite amount not below zero, every year
//! plausible, the cut-off a real day.

use super::*;
use crate::plan::projects::{Day, EvaluationSettings, Project, RawEvaluation, RawProject};

impl Validator<'_> {
    /// The projects, each checked; a project with an error is left out (the plan then fails).
    pub(super) fn projects(
        &mut self,
        raw: &[RawProject],
        lookup: &BTreeMap<&str, usize>,
        seen_ids: &mut HashSet<String>,
    ) -> Vec<Project> {
        let mut out = Vec::new();
        let mut seen_names = BTreeMap::new();
        for rp in raw {
            self.check_unique_id(seen_ids, &rp.id);
            self.check_unique_name(&mut seen_names, "name", &rp.name, &rp.id, "项目");
            if let Some(p) = self.project(rp, lookup) {
                out.push(p);
            }
        }
        out
    }

    // Over 80 lines: one check per field of a project, each with its line and message.
    fn project(&mut self, rp: &RawProject, lookup: &BTreeMap<&str, usize>) -> Option<Project> {
        let id = rp.id.as_str();
        let at = |v: &Self, key: &str| v.lines.item_field("id", id, key);
        let mut ok = true;
        let unit = match lookup.get(rp.unit.trim()) {
            Some(&u) => u,
            None => {
                let line = at(self, "unit");
                self.report(
                    line,
                    "unit",
                    format!("项目“{id}”的牵头单位“{}”不在单位清单（units）中", rp.unit),
                );
                ok = false;
                0
            }
        };
        if rp.investment < 0.0 {
            let line = at(self, "investment");
            self.report(
                line,
                "investment",
                format!(
                    "项目“{id}”的总投资 {} 亿元为负数，应为不小于 0 的金额（亿元）",
                    rp.investment
                ),
            );
            ok = false;
        }
        for (key, year) in [("start", rp.start), ("completion", rp.completion)] {
            if !YEARS.contains(&year) {
                let line = at(self, key);
                self.report(line, key, format!("项目“{id}”的年份 {year} 不合常理"));
                ok = false;
            }
        }
        if rp.completion < rp.start {
            let line = at(self, "completion");
            self.report(
                line,
                "completion",
                format!(
                    "项目“{id}”的计划建成年份 {} 早于开工年份 {}",
                    rp.completion, rp.start
                ),
            );
            ok = false;
        }
        let mut planned = Vec::new();
        for (&year, &amount) in &rp.planned {
            if !amount.is_finite() || amount < 0.0 {
                let line = at(self, "planned");
                self.report(
                    line,
                    "planned",
                    format!("项目“{id}”{year} 年的计划投资 {amount} 应为不小于 0 的金额（亿元）"),
                );
                ok = false;
            } else if !YEARS.contains(&year) {
                let line = at(self, "planned");
                self.report(
                    line,
                    "planned",
                    format!("项目“{id}”的计划投资年份 {year} 不合常理"),
                );
                ok = false;
            } else {
                planned.push((year, amount));
            }
        }
        let planned_total: f64 = planned.iter().map(|(_, v)| v).sum();
        if ok && planned_total > rp.investment + 1e-6 {
            let line = at(self, "planned");
            self.report(
                line,
                "planned",
                format!(
                    "项目“{id}”各年计划投资合计 {} 亿元，超过总投资 {} 亿元",
                    crate::model::numfmt::plain(planned_total),
                    crate::model::numfmt::plain(rp.investment)
                ),
            );
            ok = false;
        }
        ok.then(|| Project {
            id: id.trim().to_string(),
            name: rp.name.trim().to_string(),
            unit,
            area: rp.area.trim().to_string(),
            investment: rp.investment,
            planned,
            start: rp.start,
            completion: rp.completion,
        })
    }

    /// The `evaluation:` block; every part optional.
    pub(super) fn evaluation(&mut self, raw: Option<&RawEvaluation>) -> EvaluationSettings {
        let Some(raw) = raw else {
            return EvaluationSettings::default();
        };
        let data_cutoff = raw.data_cutoff.as_deref().and_then(|text| {
            let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            match day {
                Some(d) => {
                    use chrono::Datelike;
                    Some(Day {
                        year: d.year(),
                        month: d.month(),
                        day: d.day(),
                    })
                }
                None => {
                    let line = self.lines.item_field("evaluation", "", "data_cutoff");
                    self.report(
                        line,
                        "data_cutoff",
                        format!("数据截止日期“{text}”应写作“年-月-日”，如 2028-06-30"),
                    );
                    None
                }
            }
        });
        EvaluationSettings {
            data_cutoff,
            sources: raw
                .sources
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            third_party: raw.third_party.trim().to_string(),
            public_input: raw.public_input.trim().to_string(),
        }
    }
}
