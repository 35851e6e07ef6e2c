//! `plan-eval forms` and `plan-eval collect`: what they print.

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::forms::{self, status};

use super::output::Out;

/// Writes the forms and lists them.
pub(super) fn make(data: &Path, year: i32, out: Option<PathBuf>) -> Result<()> {
    let out = out.unwrap_or_else(|| forms::default_out(year));
    let written = forms::make(data, year, &out)?;
    let mut o = Out::default();
    o.line(format!(
        "已在 {} 生成 {year} 年度填报表 {} 份（每个牵头单位一份）：",
        out.display(),
        written.len()
    ))?;
    for path in &written {
        o.line(format!(
            "  {}",
            path.file_name().unwrap_or_default().to_string_lossy()
        ))?;
    }
    o.line(format!(
        "请将各表发给对应单位；收回后运行：plan-eval collect <收回的文件> --year {year} --data {}",
        data.display()
    ))?;
    o.finish()
}

/// Collects the returns and prints what was read, replaced and is still missing.
pub(super) fn collect(data: &Path, year: i32, returns: &[PathBuf], replace: bool) -> Result<()> {
    let done = forms::collect(data, year, returns, replace)?;
    let mut o = Out::default();
    o.line(format!("已读取 {} 份填报表：", done.returns.len()))?;
    for (path, unit) in &done.returns {
        o.line(format!("  {}（{unit}）", path.display()))?;
    }
    o.line(done.counts_words())?;
    if !done.replaced.is_empty() {
        o.line(format!(
            "以下 {} 项已按填报表替换（--replace）：",
            done.replaced.len()
        ))?;
        for r in &done.replaced {
            o.line(format!("  {}：{} → {}（{}）", r.what, r.old, r.new, r.file))?;
        }
    }
    o.line("")?;
    o.text(&status::markdown(year, &done.status))?;
    o.line("")?;
    o.line("已写入：")?;
    for path in &done.written {
        o.line(format!("  {}", path.display()))?;
    }
    o.finish()
}

/// The check's listing with, before its summary line, how many items each
/// lead unit has still to report for the year checked.
pub(super) fn with_status(checked: &crate::input::check::Checked) -> String {
    let rendered = checked.render();
    let (Some(year), Some(data)) = (checked.year, &checked.dataset) else {
        return rendered;
    };
    if data.plan.check_year(year).is_err() {
        return rendered;
    }
    let lines = status::check_lines(year, &status::of(data, year));
    if lines.is_empty() {
        return rendered;
    }
    let body = rendered.trim_end_matches('\n');
    let (before, summary) = match body.rfind('\n') {
        Some(i) => (&body[..=i], &body[i + 1..]),
        None => ("", body),
    };
    format!("{before}{}\n{summary}\n", lines.join("\n"))
}
