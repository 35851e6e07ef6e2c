//! What `check` says of the rules beyond errors: the texts that break the
//! writing rules, and the lagging cases no rule answers. It warns; it
//! changes no rule.

use crate::model::vocabulary::{EvaluationKind, Grade};
use crate::plan::Plan;

use super::Rules;

impl Rules {
    /// What `check` warns of the rules, in words: the texts that break the writing
    /// rules ([`lint`], each naming the file and line), then the lagging cases of
    /// `plan`'s indicators that no indicator rule answers (the report then writes
    /// the generic measure).
    pub fn uncovered(&self, plan: &Plan) -> Vec<String> {
        let mut out = self.style.clone();
        for ind in &plan.indicators {
            let kind = ind.target.kind();
            let cases: Vec<String> = EvaluationKind::ALL
                .into_iter()
                .filter_map(|evaluation| {
                    let missing: Vec<&str> = Grade::of(evaluation)
                        .iter()
                        .filter(|g| g.is_lagging())
                        .filter(|g| {
                            !self.indicator_rules.iter().any(|r| {
                                r.grades.contains(g)
                                    && (r.indicators.is_empty() || r.indicators.contains(&ind.id))
                                    && (r.domains.is_empty() || r.domains.contains(&ind.domain))
                                    && r.fits(kind, evaluation)
                            })
                        })
                        .map(|g| g.word(plan.meta.grade_words))
                        .collect();
                    (!missing.is_empty())
                        .then(|| format!("{}{}", evaluation.label(), missing.join("或")))
                })
                .collect();
            if !cases.is_empty() {
                out.push(format!(
                    "指标“{}”（{}）在{}时没有适用的对策规则，报告将写一条通用建议；可在本文件中为它或其目标类型 {} 添加规则",
                    ind.name,
                    ind.id,
                    cases.join("、"),
                    kind.key()
                ));
            }
        }
        out
    }
}
