//! What `check` says of the rules beyond errors: the texts that break the
//! writing rules, the lagging cases no rule answers, and a rule for what is
//! unreported that would leave the units owing major projects' reports unnamed.
//! It warns; it changes no rule.

use crate::model::vocabulary::{EvaluationKind, Grade, Status};
use crate::plan::Plan;

use super::Rules;

impl Rules {
    /// What `check` warns of the rules, in words: the texts that break the writing
    /// rules ([`lint`], each naming the file and line), then the lagging cases of
    /// `plan`'s indicators that no indicator rule answers (the report then writes
    /// the generic measure).
    pub fn uncovered(&self, plan: &Plan) -> Vec<String> {
        let mut out = self.style.clone();
        if !plan.projects.is_empty() {
            for r in self.task_rules.iter().filter(|r| {
                r.grouped
                    && r.statuses.contains(&Status::NotReported)
                    && !r.variables.contains("projects")
            }) {
                out.push(format!(
                    "规划列有重大项目，但按“未报送”分组的规则“{}”没有引用 {{{{ projects }}}}：未报送重大项目年度进展的单位不会写入这条建议；可参照 plan-eval init 生成的规则加入 projects",
                    r.id
                ));
            }
        }
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    const OLD_RULE: &str = "indicator_rules: []
task_rules:
  - id: task_not_reported
    statuses: [未报送]
    grouped: true
    text: |-
      {{ units | join(sep=\"、\") }}未按时报送{{ count }}项任务的{{ year }}年度进展情况。
standing: []
";

    #[test]
    fn a_rule_for_what_is_unreported_that_names_no_project_is_warned_of() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let plan = crate::plan::load(&dir.join("plan.yaml")).unwrap_or_else(|e| panic!("{e}"));
        let old = super::super::parse(Path::new("countermeasures.yaml"), OLD_RULE, &plan)
            .unwrap_or_else(|e| panic!("{e}"));
        let warned = old.uncovered(&plan);
        assert!(
            warned.contains(&"规划列有重大项目，但按“未报送”分组的规则“task_not_reported”没有引用 {{ projects }}：未报送重大项目年度进展的单位不会写入这条建议；可参照 plan-eval init 生成的规则加入 projects".to_string()),
            "{warned:?}"
        );
        let shipped = super::super::load(&dir.join("countermeasures.yaml"), &plan)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !shipped
                .uncovered(&plan)
                .iter()
                .any(|w| w.contains("projects")),
            "{:?}",
            shipped.uncovered(&plan)
        );
    }
}
