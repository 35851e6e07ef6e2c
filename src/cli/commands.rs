//! The `run` of the commands that do one thing each — evaluate, check, init, typeset and
//! templates refresh — kept apart from the declarations in `cli/mod.rs`. Each only parses what
//! its flags give and calls its stage's front door; none holds logic of its own.

use chrono::Local;

use super::output::Out;
use super::{CheckArgs, EvaluateArgs, Format, InitArgs, RefreshArgs, TypesetArgs, forms, usage};
use crate::error::Error;
use crate::input::{check, signing};
use crate::report::{measures, table_view};
use crate::run::{init, pipeline};

impl EvaluateArgs {
    pub(super) fn run(self) -> Result<(), Error> {
        let (data, ev) =
            pipeline::load_and_evaluate(&self.data.dir()?, self.year, self.kind.kind.0)?;
        let measures = measures::write(&ev, &data.rules)?;
        for warning in &measures.warnings {
            eprintln!("警告：{warning}");
        }
        let text = match self.format {
            Format::Json => pipeline::evaluation_json(&ev, &measures),
            Format::Table => table_view::render(&ev),
        };
        let mut out = Out::default();
        out.text(&text)?;
        out.finish()
    }
}

impl CheckArgs {
    pub(super) fn run(self) -> Result<(), Error> {
        let mut checked = check::check(&self.data.dir()?, self.year);
        if let (Some(date), Some(year), Some(dataset)) = (self.date, checked.year, &checked.dataset)
        {
            signing::check(dataset, year, date, &mut checked.problems);
        }
        let mut out = Out::default();
        out.text(&forms::with_status(&checked))?;
        out.finish()?;
        if checked.passed() {
            Ok(())
        } else {
            // The listing is the message.
            Err(Error::Reported)
        }
    }
}

impl InitArgs {
    pub(super) fn run(self) -> Result<(), Error> {
        let dir = self.dir;
        init::create_for(&dir, self.plan)?;
        let mut out = Out::default();
        out.line(format!(
            "已在 {} 新建工作区，请按其中的“{}”修改 plan.yaml 并填写数据，然后运行：plan-eval check --data {}",
            dir.display(),
            init::GUIDE_FILE,
            dir.display()
        ))?;
        out.finish()
    }
}

impl TypesetArgs {
    pub(super) fn run(self) -> Result<(), Error> {
        use crate::typeset::retypeset::{self, Outputs};
        usage::markdown_file(&self.input)?;
        let outputs = Outputs::for_input(&self.input, self.out, self.typst, self.docx);
        let written = retypeset::run(&self.input, self.templates.as_deref(), &outputs)?;
        let mut out = Out::default();
        out.line(format!("已由 {} 重新排版：", self.input.display()))?;
        for path in written {
            out.line(format!("  {}", path.display()))?;
        }
        out.finish()
    }
}

impl RefreshArgs {
    pub(super) fn run(self) -> Result<(), Error> {
        let dir = match self.templates {
            Some(dir) => dir,
            None => self.data.dir()?.join("templates"),
        };
        let today = Local::now().date_naive();
        let done = crate::templating::refresh::refresh(&dir, today)?;
        let mut out = Out::default();
        if done.is_empty() {
            out.line(format!(
                "{} 中没有内置模板的副本，无需更新（未放副本的模板总是使用内置版本）。",
                dir.display()
            ))?;
        }
        for refreshed in &done {
            let path = dir.join(&refreshed.name);
            match &refreshed.backup {
                None => out.line(format!("{}：已是当前版本，未改动。", path.display()))?,
                Some(backup) => {
                    let (removed, added) = refreshed.changes;
                    out.line(format!(
                        "{}：已更新为当前的内置版本；原文件另存为 {}（删去 {removed} 行、新增 {added} 行，差异如下；您原来的改动请对照备份重新加入）：",
                        path.display(),
                        backup.display()
                    ))?;
                    out.text(&refreshed.diff)?;
                }
            }
        }
        out.finish()
    }
}
