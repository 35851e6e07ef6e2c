//! `plan-eval init DIR`: a new workspace for another city's plan — a
//! commented plan file showing every target kind, countermeasure rules, empty
//! data files with their headers, and a copy of the built-in templates.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::dataset::{PLAN_FILE, PROGRESS_FILE, PROJECTS_FILE, READINGS_FILE, RULES_FILE};
use crate::templating::Templates;

/// The starter plan: an invented county's 15th plan (2026–2030) with one
/// indicator of each target kind, worded as the national 十五五 outline words them.
pub const STARTER_PLAN: &str = include_str!("init/plan.yaml");
/// The 14th-plan layout (2021–2025), kept for workspaces of that plan.
pub const STARTER_PLAN_14TH: &str = include_str!("init/plan-14th.yaml");

/// Which plan a new workspace is laid out for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// A 15th plan: base year 2025, target year 2030 (the default).
    #[default]
    Fifteenth,
    /// A 14th plan: base year 2020, target year 2025.
    Fourteenth,
}

impl Layout {
    /// Reads `15`, `14`, 十五五, 十四五.
    pub fn parse(text: &str) -> Option<Layout> {
        match text.trim() {
            "15" | "15th" | "十五五" => Some(Layout::Fifteenth),
            "14" | "14th" | "十四五" => Some(Layout::Fourteenth),
            _ => None,
        }
    }

    fn plan(self) -> &'static str {
        match self {
            Layout::Fifteenth => STARTER_PLAN,
            Layout::Fourteenth => STARTER_PLAN_14TH,
        }
    }
}
/// Countermeasure rules that name no indicator, so they fit any plan.
pub const STARTER_RULES: &str = include_str!("init/countermeasures.yaml");
/// What the workspace holds and the commands to run, for the user.
pub const GUIDE: &str = include_str!("init/README.txt");
/// The guide's file name.
pub const GUIDE_FILE: &str = "使用说明.txt";
/// The folder the templates are copied into.
pub const TEMPLATES_DIR: &str = "templates";

/// Chinese headers, with a byte-order mark so that Excel opens them as UTF-8. The optional
/// columns the forms offer (全省平均, 全市平均, 位次 of readings; 主要做法和经验, 存在问题及原因
/// of task reports) are there from the start, so that `collect` can write what a unit fills
/// in them; a row left empty there keeps its commas, as Excel saves it.
const READINGS_HEADER: &str =
    "\u{FEFF}年份,指标,数值,下达目标,允许偏差,数据性质,数据来源,备注,全省平均,全市平均,位次\r\n";
const PROGRESS_HEADER: &str =
    "\u{FEFF}年份,任务,进展状态,进展情况,主要做法和经验,存在问题及原因\r\n";
const PROJECTS_HEADER: &str = "\u{FEFF}年份,项目,进展状态,当年完成投资,原因及说明\r\n";

/// Creates the workspace in `dir`, which must not exist or be empty; returns
/// the files written.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>> {
    create_for(dir, Layout::default())
}

/// Creates the workspace in `dir` for a plan laid out as `layout`.
pub fn create_for(dir: &Path, layout: Layout) -> Result<Vec<PathBuf>> {
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
        (PLAN_FILE.to_string(), layout.plan().to_string()),
        (RULES_FILE.to_string(), STARTER_RULES.to_string()),
        (READINGS_FILE.to_string(), READINGS_HEADER.to_string()),
        (PROGRESS_FILE.to_string(), PROGRESS_HEADER.to_string()),
        (PROJECTS_FILE.to_string(), PROJECTS_HEADER.to_string()),
        (GUIDE_FILE.to_string(), GUIDE.to_string()),
    ];
    for (name, text) in templates.sources {
        files.push((format!("{TEMPLATES_DIR}/{name}"), text));
    }
    crate::files::create_folder(dir, &files)
}
