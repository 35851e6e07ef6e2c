//! Validating the plan's benchmark series, aims beyond the plan and milestones.

use super::*;

impl Validator<'_> {
    /// The benchmark series, their ids unique and apart from the indicators'.
    pub(super) fn benchmarks(&mut self, raw: &RawPlanFile) -> Vec<Benchmark> {
        let mut out: Vec<Benchmark> = Vec::new();
        for b in &raw.benchmarks {
            let clash = out.iter().any(|o| o.id == b.id)
                || raw
                    .indicators
                    .iter()
                    .any(|i| i.id == b.id || i.name == b.name);
            if clash || b.id.trim().is_empty() {
                let line = self.lines.item("id", &b.id, 0);
                self.report(
                    line,
                    "benchmarks",
                    format!("基准“{}”的编号为空，或与另一基准、规划中的指标重复", b.id),
                );
                continue;
            }
            out.push(Benchmark {
                id: b.id.trim().to_string(),
                name: b.name.trim().to_string(),
                unit: b.unit.trim().to_string(),
            });
        }
        out
    }

    /// An aim beyond the plan, checked against the plan's years.
    pub(super) fn aim(&mut self, ri: &RawIndicator) -> Option<Aim> {
        let a = ri.aim.as_ref()?;
        let id = ri.id.as_str();
        let line = self.lines.item_field("id", id, "aim");
        let problem = if a.multiple <= 0.0 || a.index <= 0.0 {
            Some("倍数（multiple）和基期指数（index）应为正数".to_string())
        } else if a.graded && (ri.kind != "growth" || ri.target.is_some()) {
            Some("只有不填 target 的 growth 类指标才能按远景目标评价（graded: true）".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            self.report(
                line,
                "aim",
                format!("指标“{id}”的远景目标（aim）：{problem}"),
            );
            return None;
        }
        Some(Aim {
            year: a.year,
            from: a.from,
            multiple: a.multiple,
            index: a.index,
            quantity: a.quantity.trim().to_string(),
            graded: a.graded,
        })
    }

    /// Milestones inside the plan period, in year order.
    pub(super) fn milestones(&mut self, ri: &RawIndicator) -> Vec<Milestone> {
        let mut out: Vec<Milestone> = ri
            .milestones
            .iter()
            .map(|m| Milestone {
                year: m.year,
                target: m.target,
            })
            .collect();
        out.sort_by_key(|m| m.year);
        out
    }
}
