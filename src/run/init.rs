//! `plan-eval init DIR`: a new workspace for another city's plan — a
//! commented plan file showing every target kind, countermeasure rules, empty
//! data files with their headers, and a copy of the built-in templates.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::dataset::{PLAN_FILE, PROGRESS_FILE, READINGS_FILE, RULES_FILE};
use crate::templating::Templates;

/// The starter plan: an invented county with one indicator of each target kind.
pub const STARTER_PLAN: &str = include_str!("init/plan.yaml");
/// Countermeasure rules that name no indicator, so they fit any plan.
pub const STARTER_RULES: &str = include_str!("init/countermeasures.yaml");
/// What the workspace holds and the commands to run, for the user.
pub const GUIDE: &str = include_str!("init/README.txt");
/// The guide's file name.
pub const GUIDE_FILE: &str = "使用说明.txt";
/// The folder the templates are copied into.
pub const TEMPLATES_DIR: &str = "templates";

/// Chinese headers, with a byte-order mark so that Excel opens them as UTF-8.
const READINGS_HEADER: &str = "\u{FEFF}年份,指标,数值,下达目标,数据来源,备注\r\n";
const PROGRESS_HEADER: &str = "\u{FEFF}年份,任务,进展状态,进展情况\r\n";

/// Creates the workspace in `dir`, which must not exist or be empty; returns
/// the files written.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>> {
    if let Ok(mut entries) = fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "目录 {} 已存在且不为空；请指定一个新目录，以免覆盖已有文件",
            dir.display()
        )));
    }
    let templates = Templates::load(None)?;
    let mut files: Vec<(String, String)> = vec![
        (PLAN_FILE.to_string(), STARTER_PLAN.to_string()),
        (RULES_FILE.to_string(), STARTER_RULES.to_string()),
        (READINGS_FILE.to_string(), READINGS_HEADER.to_string()),
        (PROGRESS_FILE.to_string(), PROGRESS_HEADER.to_string()),
        (GUIDE_FILE.to_string(), GUIDE.to_string()),
    ];
    for (name, text) in templates.sources {
        files.push((format!("{TEMPLATES_DIR}/{name}"), text));
    }
    crate::files::create_folder(dir, &files)
}
