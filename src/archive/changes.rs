//! What changed between two versions: readings, task reports, grades, and the
//! Markdown line by line. Also the default reason of a new version.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::input::dataset::{self, Dataset};
use crate::model::numfmt::fixed;

use super::{INPUTS_PREFIX, TEMPLATES_DIR, bag};

/// The inputs folder of a version.
pub(crate) fn inputs_dir(version: &Path) -> std::path::PathBuf {
    version.join(INPUTS_PREFIX.trim_end_matches('/'))
}

fn reading_map(data: &Dataset) -> BTreeMap<(i32, String), String> {
    let name = |id: &str| {
        data.plan
            .indicator(id)
            .map_or(id.to_string(), |i| i.name.clone())
    };
    let mut map = BTreeMap::new();
    for r in &data.readings.values {
        let digits = data.plan.indicator(&r.indicator).map_or(1, |i| i.digits);
        let mut text = fixed(r.value, digits);
        if let Some(q) = r.quota {
            text.push_str(&format!("（下达{}）", fixed(q, digits)));
        }
        map.insert((r.year, name(&r.indicator)), text);
    }
    for r in &data.readings.levels {
        map.insert(
            (r.year, format!("{}（总量）", name(&r.indicator))),
            fixed(r.value, 1),
        );
    }
    map
}

fn progress_map(data: &Dataset) -> BTreeMap<(i32, String), (String, String)> {
    let title = |id: &str| {
        data.plan
            .tasks()
            .find(|(_, t)| t.id == id)
            .map_or(id.to_string(), |(_, t)| t.title.clone())
    };
    data.progress
        .reports
        .iter()
        .map(|r| {
            (
                (r.year, title(&r.task)),
                (r.status.label().to_string(), r.summary.clone()),
            )
        })
        .collect()
}

fn compare<V: PartialEq>(
    old: &BTreeMap<(i32, String), V>,
    new: &BTreeMap<(i32, String), V>,
    show: impl Fn(&V) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in new {
        match old.get(key) {
            None => out.push(format!("{}年{}：新增 {}", key.0, key.1, show(value))),
            Some(previous) if previous != value => out.push(format!(
                "{}年{}：{} → {}",
                key.0,
                key.1,
                show(previous),
                show(value)
            )),
            Some(_) => {}
        }
    }
    for (key, value) in old {
        if !new.contains_key(key) {
            out.push(format!("{}年{}：删除 {}", key.0, key.1, show(value)));
        }
    }
    out
}

/// Changed readings and task reports between two data folders.
pub(crate) fn data_changes(old: &Dataset, new: &Dataset) -> (Vec<String>, Vec<String>) {
    let readings = compare(&reading_map(old), &reading_map(new), |v| v.clone());
    let progress = compare(
        &progress_map(old),
        &progress_map(new),
        |(status, summary)| {
            let short: String = summary.chars().take(20).collect();
            if summary.chars().count() > 20 {
                format!("{status}（{short}……）")
            } else {
                format!("{status}（{short}）")
            }
        },
    );
    (readings, progress)
}

/// Names of input files that differ between an archived version and a new set.
fn changed_files(version: &Path, inputs: &[(String, Vec<u8>)]) -> Result<Vec<String>> {
    let manifest = bag::read_manifest(&version.join(bag::MANIFEST_256))?;
    let mut changed = Vec::new();
    for (name, bytes) in inputs {
        let key = format!("{INPUTS_PREFIX}{name}");
        if manifest.get(&key) != Some(&bag::sha256_hex(bytes)) {
            changed.push(name.clone());
        }
    }
    for key in manifest.keys() {
        if let Some(name) = key.strip_prefix(INPUTS_PREFIX)
            && !inputs.iter().any(|(n, _)| n == name)
        {
            changed.push(name.to_string());
        }
    }
    Ok(changed)
}

/// The default reason of a new version: what differs from `previous`.
pub(crate) fn summarise(
    previous: &Path,
    new: &Dataset,
    inputs: &[(String, Vec<u8>)],
    date_changed: Option<(String, String)>,
) -> String {
    let mut parts = Vec::new();
    if let Ok(old) = dataset::load(&inputs_dir(previous)) {
        let (readings, progress) = data_changes(&old, new);
        for (label, list) in [("指标数据", readings), ("任务进展", progress)] {
            if !list.is_empty() {
                let shown: Vec<&str> = list.iter().take(3).map(String::as_str).collect();
                let more = if list.len() > 3 {
                    format!("等{}处", list.len())
                } else {
                    String::new()
                };
                parts.push(format!("{label}变更：{}{more}", shown.join("；")));
            }
        }
    }
    if let Ok(files) = changed_files(previous, inputs) {
        let others: Vec<String> = files
            .into_iter()
            .filter(|f| !f.starts_with("readings.") && !f.starts_with("task_progress."))
            .map(|f| match f.strip_prefix(&format!("{TEMPLATES_DIR}/")) {
                Some(t) => format!("模板 {t}"),
                None => f,
            })
            .collect();
        if !others.is_empty() {
            parts.push(format!("文件变更：{}", others.join("、")));
        }
    }
    if let Some((old, new)) = date_changed {
        parts.push(format!("落款日期由 {old} 改为 {new}"));
    }
    if parts.is_empty() {
        "重新生成".to_string()
    } else {
        parts.join("；")
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let text = fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

/// Grade and status changes between two versions' evaluation.json.
fn grade_changes(old: &Path, new: &Path) -> Result<Vec<String>> {
    let (a, b) = (
        read_json(&old.join("data/evaluation.json"))?,
        read_json(&new.join("data/evaluation.json"))?,
    );
    let pick = |v: &Value, list: &str, field: &str| -> BTreeMap<String, (String, String)> {
        v[list]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| {
                let name = item["name"]
                    .as_str()
                    .or(item["title"].as_str())
                    .unwrap_or_default();
                (
                    item["id"].as_str().unwrap_or_default().to_string(),
                    (
                        name.to_string(),
                        item[field].as_str().unwrap_or_default().to_string(),
                    ),
                )
            })
            .collect()
    };
    let mut out = Vec::new();
    for (list, field) in [("indicators", "grade"), ("tasks", "status")] {
        let (before, after) = (pick(&a, list, field), pick(&b, list, field));
        for (id, (name, value)) in &after {
            if let Some((_, old_value)) = before.get(id)
                && old_value != value
            {
                out.push(format!("{name}：{old_value} → {value}"));
            }
        }
    }
    Ok(out)
}

/// The report `archive diff` prints.
pub(crate) fn diff(old: &Path, new: &Path, old_name: &str, new_name: &str) -> Result<String> {
    let mut out = String::new();
    let load = |v: &Path| dataset::load(&inputs_dir(v));
    match (load(old), load(new)) {
        (Ok(a), Ok(b)) => {
            let (readings, progress) = data_changes(&a, &b);
            for (label, list) in [("指标数据", readings), ("任务进展", progress)] {
                out.push_str(&format!(
                    "【{label}变更】{}\n",
                    if list.is_empty() { "无" } else { "" }
                ));
                for line in list {
                    out.push_str(&format!("  {line}\n"));
                }
            }
        }
        (Err(e), _) | (_, Err(e)) => {
            out.push_str(&format!("【数据变更】无法读取归档的输入：{e}\n"))
        }
    }
    let grades = grade_changes(old, new)?;
    out.push_str(&format!(
        "【评价变更】{}\n",
        if grades.is_empty() { "无" } else { "" }
    ));
    for line in grades {
        out.push_str(&format!("  {line}\n"));
    }
    let read = |v: &Path| {
        let path = v.join("data/report.md");
        fs::read_to_string(&path).map_err(|source| Error::Read { path, source })
    };
    let (a, b) = (read(old)?, read(new)?);
    out.push_str("【报告 Markdown 差异】\n");
    let text_diff = similar::TextDiff::from_lines(&a, &b);
    let unified = text_diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{old_name}/report.md"),
            &format!("{new_name}/report.md"),
        )
        .to_string();
    if unified.is_empty() {
        out.push_str("  无\n");
    } else {
        out.push_str(&unified);
    }
    Ok(out)
}
