//! Validating the plan's units, their successors after a reform, the
//! report's due day, the highlights, and the references between them.

use super::*;

impl Validator<'_> {
    pub(super) fn units(&mut self, raw: &RawPlanFile) -> Vec<Unit> {
        let mut names = HashSet::new();
        let mut units = Vec::new();
        for ru in &raw.units {
            for name in std::iter::once(&ru.name).chain(&ru.aliases) {
                if !names.insert(name.clone()) {
                    let line = self
                        .lines
                        .item("name", name, 1)
                        .or(self.lines.item("name", name, 0));
                    self.report(line, "name", format!("单位名称“{name}”重复"));
                }
            }
            units.push(Unit {
                name: ru.name.clone(),
                full_name: ru.full_name.clone(),
                aliases: ru.aliases.clone(),
                short_name: if ru.short_name.trim().is_empty() {
                    display_name(&ru.name)
                } else {
                    ru.short_name.trim().to_string()
                },
                successor: None,
            });
        }
        units
    }

    /// Resolves every unit's successor, refusing unknown names and cycles.
    pub(super) fn successors(
        &mut self,
        raw: &RawPlanFile,
        units: &mut [Unit],
        lookup: &BTreeMap<&str, usize>,
    ) {
        for (i, ru) in raw.units.iter().enumerate() {
            let Some(s) = &ru.successor else { continue };
            let line = self.lines.item_field("name", &ru.name, "successor");
            match lookup.get(s.unit.as_str()) {
                Some(&j) if j == i => self.report(
                    line,
                    "successor",
                    format!("单位“{}”的继任单位不能是其自身", ru.name),
                ),
                Some(&j) => units[i].successor = Some((j, s.from)),
                None => self.report(
                    line,
                    "successor",
                    format!(
                        "单位“{}”的继任单位“{}”不在单位清单（units）中",
                        ru.name, s.unit
                    ),
                ),
            }
        }
        for start in 0..units.len() {
            let mut seen = vec![start];
            let mut current = start;
            while let Some((next, _)) = units[current].successor {
                if seen.contains(&next) {
                    let name = units[start].name.clone();
                    let line = self.lines.item_field("name", &name, "successor");
                    self.report(line, "successor", format!("单位“{name}”的继任关系构成循环"));
                    units[start].successor = None;
                    break;
                }
                seen.push(next);
                current = next;
            }
        }
    }

    /// "03-31" → (3, 31); the default is the end of the first quarter.
    pub(super) fn report_due(&mut self, text: Option<&str>) -> (u32, u32) {
        self.due("report_due", text, (3, 31))
    }

    /// A month and day under `key` ("03-31"), `default` when the plan gives none.
    pub(super) fn due(&mut self, key: &str, text: Option<&str>, default: (u32, u32)) -> (u32, u32) {
        let Some(text) = text else { return default };
        let parsed = text.trim().split_once('-').and_then(|(m, d)| {
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            // Any year will do to validate a month and day; 2024 has 29 February.
            chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
        });
        parsed.unwrap_or_else(|| {
            let line = self.lines.item(key, text, 0);
            self.report(
                line,
                key,
                format!("报送期限“{text}”应写作“月-日”，如 03-31"),
            );
            default
        })
    }

    /// The plan's priorities, each naming indicators and tasks the plan has.
    pub(super) fn highlights(
        &mut self,
        raw: &RawPlanFile,
        indicators: &[Indicator],
        sections: &[Section],
    ) -> Vec<Highlight> {
        let mut out = Vec::new();
        for h in &raw.highlights {
            let line = self.lines.item_field("title", &h.title, "indicators");
            let tasks_line = self.lines.item_field("title", &h.title, "tasks");
            for id in &h.indicators {
                if !indicators.iter().any(|i| &i.id == id) {
                    self.report(
                        line,
                        "indicators",
                        format!("重点“{}”中的指标“{id}”不在指标清单中", h.title),
                    );
                }
            }
            for id in &h.tasks {
                if !sections.iter().flat_map(|s| &s.tasks).any(|t| &t.id == id) {
                    self.report(
                        tasks_line,
                        "tasks",
                        format!("重点“{}”中的任务“{id}”不在任务清单中", h.title),
                    );
                }
            }
            out.push(Highlight {
                title: h.title.trim().trim_end_matches('。').to_string(),
                indicators: h.indicators.clone(),
                tasks: h.tasks.clone(),
            });
        }
        out
    }

    pub(super) fn check_unique_id(&mut self, seen: &mut HashSet<String>, id: &str) {
        if id.trim().is_empty() {
            self.report(None, "id", "编号（id）不能为空".to_string());
        } else if !seen.insert(id.to_string()) {
            let line = self.lines.item("id", id, 1);
            self.report(line, "id", format!("编号“{id}”重复"));
        }
    }

    /// Names and titles are how data files may refer to indicators and
    /// tasks, so two that read the same (spaces and width aside) are an error.
    pub(super) fn check_unique_name(
        &mut self,
        seen: &mut BTreeMap<String, String>,
        key: &str,
        name: &str,
        id: &str,
        what: &str,
    ) {
        let normal = crate::model::names::normalize(name);
        if normal.is_empty() {
            return;
        }
        if let Some(first) = seen.get(&normal) {
            let line = self.lines.item_field("id", id, key);
            self.report(
                line,
                key,
                format!(
                    "{what}“{id}”的名称“{name}”与{what}“{first}”相同，数据文件按名称填写时无法区分"
                ),
            );
        } else {
            seen.insert(normal, id.to_string());
        }
    }

    pub(super) fn unit_refs(
        &mut self,
        lookup: &BTreeMap<&str, usize>,
        id_key: &str,
        id: &str,
        names: &[String],
    ) -> Vec<usize> {
        if names.is_empty() {
            let line = self.lines.item(id_key, id, 0);
            self.report(
                line,
                "units",
                format!("“{id}”没有责任单位（第一个为牵头单位）"),
            );
        }
        let mut refs = Vec::new();
        for name in names {
            match lookup.get(name.as_str()) {
                Some(&i) => refs.push(i),
                None => {
                    let line = self.lines.item_field(id_key, id, "units");
                    self.report(
                        line,
                        "units",
                        format!("“{id}”的责任单位“{name}”不在单位清单（units）中"),
                    );
                }
            }
        }
        refs
    }
}
