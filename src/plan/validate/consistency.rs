//! Checking that an indicator's unit, numbers and target kind agree.

use super::*;

impl Validator<'_> {
    /// Checks that an indicator's unit, numbers and target kind agree.
    pub(super) fn consistency(&mut self, ri: &RawIndicator, target: &Target, direction: Direction) {
        self.base_unused(ri, target);
        self.about_without_tolerance(ri, target);
        self.unit_and_level(ri, target);
        self.target_of_kind(ri, target, direction);
        self.figures_in_range(ri, target);
    }

    /// The line of the indicator's field `key`.
    fn at(&self, ri: &RawIndicator, key: &str) -> Option<usize> {
        self.lines.item_field("id", &ri.id, key)
    }

    /// Warns when a base is written that the target's kind does not use.
    fn base_unused(&mut self, ri: &RawIndicator, target: &Target) {
        let id = ri.id.as_str();
        let uses_base = target.uses_base();
        if ri.base.is_some() && !uses_base {
            let line = self.at(ri, "base");
            self.problems.warn(
                self.path,
                line,
                "base",
                format!(
                    "指标“{id}”的目标类型为 {}，评价不使用基期值（base），该值只作记录",
                    ri.kind
                ),
            );
        }
    }

    /// Warns when the wording says 左右 and no tolerance says how far.
    fn about_without_tolerance(&mut self, ri: &RawIndicator, target: &Target) {
        let id = ri.id.as_str();
        let about = ri.wording.contains("左右");
        let has_tolerance = target.tolerance().is_some()
            || matches!(
                target,
                Target::Band {
                    centre: Some(_),
                    ..
                }
            );
        if about
            && !has_tolerance
            && !matches!(target, Target::Yearly { .. } | Target::Quota { .. })
        {
            let line = self.at(ri, "wording");
            self.problems.warn(
                self.path,
                line,
                "tolerance",
                format!(
                    "指标“{id}”的规划原文写有“左右”，但没有填写允许偏差（tolerance）；“左右”没有默认偏差，现按不带偏差的目标评价。可在该指标下填写 tolerance（如 0.5），{}",
                    match target {
                        Target::Floor { .. } | Target::Ceiling { .. } => "floor/ceiling 加 tolerance 即按“控制在X左右”（单侧）评价",
                        Target::Level { .. } | Target::Growth { .. } | Target::Cumulative { .. } => "即按“达到X左右”评价",
                        _ => "或改用 band（保持在X左右）",
                    }
                ),
            );
        }
    }

    /// Checks the unit (present, “%” for a growth) and the level series (a growth's only).
    fn unit_and_level(&mut self, ri: &RawIndicator, target: &Target) {
        let id = ri.id.as_str();
        // A unit's own assessment has no figures; a ratio (城乡居民收入比) or a rank may have no unit.
        let unitless = matches!(
            target,
            Target::Assessed | Target::Trend { .. } | Target::Rank { .. }
        );
        if ri.unit.trim().is_empty() && !unitless {
            let line = self.at(ri, "unit");
            self.report(line, "unit", format!("指标“{id}”没有填写单位（unit）"));
        }
        match target {
            Target::Growth { .. } if ri.unit.trim() != "%" => {
                let line = self.at(ri, "unit");
                let unit = &ri.unit;
                self.report(
                    line,
                    "unit",
                    format!(
                        "指标“{id}”的目标类型为 growth（年均增长），数据文件填写年增速，单位应为“%”而不是“{unit}”；总量的单位写在 level 中"
                    ),
                );
            }
            Target::Growth { .. } => {
                if let Some(level) = &ri.level
                    && let Some(goal) = level.target
                {
                    match level.base {
                        None => {
                            let line = self.at(ri, "level");
                            self.report(
                                line,
                                "level",
                                format!(
                                    "指标“{id}”的总量目标（level.target）须与基期总量（level.base）一同填写，总量部分按基期至目标年的序时进度评价"
                                ),
                            );
                        }
                        Some(base) if goal <= base => {
                            let line = self.at(ri, "level");
                            self.report(
                                line,
                                "level",
                                format!(
                                    "指标“{id}”的总量目标 {goal} 不高于基期总量 {base}，与增长目标矛盾"
                                ),
                            );
                        }
                        Some(_) => {}
                    }
                }
            }
            _ if ri.level.is_some() => {
                let line = self.at(ri, "level");
                self.report(
                    line,
                    "level",
                    format!("指标“{id}”不是增长类（growth）指标，不能设置总量序列（level）"),
                );
            }
            _ => {}
        }
    }

    /// Checks the target figure against the kind: none for a quota, past the base in the direction for a level.
    fn target_of_kind(&mut self, ri: &RawIndicator, target: &Target, direction: Direction) {
        let id = ri.id.as_str();
        if let Target::Quota { .. } = target
            && ri.target.is_some()
        {
            let line = self.at(ri, "target");
            self.report(
                line,
                "target",
                format!(
                    "指标“{id}”的目标类型为 quota（完成上级下达指标），不填写 target；每年的下达目标填在数据文件的 quota（下达目标）列"
                ),
            );
        }
        if let Target::Level { target, base, .. } = *target
            && !direction.satisfies(target, base, true)
        {
            let (word, kind) = match direction {
                Direction::Higher => ("不高于", "floor（不低于）"),
                Direction::Lower => ("不低于", "ceiling（不高于）"),
            };
            let line = self.at(ri, "target");
            self.report(
                line,
                "target",
                format!(
                    "指标“{id}”的目标值 {target} {word}基期值 {base}，与方向 {}矛盾；基期已达到的目标应使用 {kind}",
                    match direction {
                        Direction::Higher => "higher（越高越好）",
                        Direction::Lower => "lower（越低越好）",
                    }
                ),
            );
        }
    }

    /// Checks the target, base and bounds against the plausible range of the unit (or the plan's own).
    fn figures_in_range(&mut self, ri: &RawIndicator, target: &Target) {
        let id = ri.id.as_str();
        if !target.reads_rates() {
            let plausible = match ri.range {
                Some(range) => Some(RangeRules::explicit(range)),
                None => self.ranges.unit(&ri.unit),
            };
            if let Some(p) = plausible {
                let checked = [
                    ("target", ri.target),
                    ("base", target.base()),
                    ("min", ri.min),
                    ("max", ri.max),
                ];
                for (key, value) in checked {
                    if let Some(v) = value.filter(|v| !p.range.contains(*v)) {
                        let what = match key {
                            "target" => "目标值",
                            "base" => "基期值",
                            "min" => "目标区间下限",
                            _ => "目标区间上限",
                        };
                        let line = self.at(ri, key);
                        self.report(
                            line,
                            key,
                            p.message(&format!("指标“{id}”"), &format!("{what} {v} ")),
                        );
                    }
                }
            }
        }
    }
}
