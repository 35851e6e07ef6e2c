//! The command line's own mistakes told in Chinese: a value a flag cannot take (a date that does
//! not exist, an unknown evaluation kind), a flag or command that does not exist (with the one
//! meant), a flag missing or in conflict, a path or year a command cannot take (a folder under
//! a file, a Markdown file missing or empty, years past the plan period). It words clap's
//! errors and checks what clap cannot, before anything is written; it never runs a command.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::error::Error;
use crate::model::vocabulary::EvaluationKind;
use crate::plan::Plan;
use crate::run::batch::Years;

/// `dir` when it is a folder: a data folder that does not exist, or a file given for one, is a
/// command-line mistake, told before anything is read.
pub(super) fn data_folder(dir: PathBuf) -> Result<PathBuf, Error> {
    match std::fs::metadata(&dir) {
        Ok(found) if found.is_dir() => Ok(dir),
        Ok(_) => Err(Error::Usage(format!(
            "{} 是文件，不是数据目录；--data 应给出存放 plan.yaml 和各数据表的目录",
            dir.display()
        ))),
        Err(_) => Err(Error::Usage(format!(
            "数据目录 {} 不存在；请用 --data 给出存放 plan.yaml 和各数据表的目录（不给出时为当前目录下的 data/）",
            dir.display()
        ))),
    }
}

/// `dir` for a folder to write in (`flag`, a `what`): one that exists as a file, or lies
/// under a file (`afile/x`), is a command-line mistake, told before anything is made.
pub(super) fn not_a_file(dir: PathBuf, flag: &str, what: &str) -> Result<PathBuf, Error> {
    if dir.is_file() {
        return Err(Error::Usage(format!(
            "{} 是文件，不是目录；{flag} 应给出{what}（不存在时会新建）",
            dir.display()
        )));
    }
    if let Some(file) = dir.ancestors().skip(1).find(|a| a.is_file()) {
        return Err(Error::Usage(format!(
            "{} 无法作为目录：其中的 {} 是文件，不是目录；{flag} 应给出{what}（不存在时会新建）",
            dir.display(),
            file.display()
        )));
    }
    Ok(dir)
}

/// The Markdown file `typeset` is given, before anything is read: one that does not exist or
/// is a folder is a command-line mistake (exit 2). One with nothing in it is refused by the
/// re-typesetting itself, which reads the file once ([`crate::typeset::retypeset`]).
pub(super) fn markdown_file(path: &Path) -> Result<(), Error> {
    const WHAT: &str = "请给出要排版的报告 Markdown 文件（如 reports/draft/2024/report.md）";
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::Usage(format!(
            "文件 {} 不存在；{WHAT}",
            path.display()
        ))),
        Ok(meta) if meta.is_dir() => Err(Error::Usage(format!(
            "{} 是文件夹，不是文件；{WHAT}",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// Refuses, before any report is made, years of `years` outside the plan period of any
/// folder of `data` (a command-line mistake, exit 2): a span running past the period would
/// otherwise write the reports of the years inside it and fail the rest. A folder whose plan
/// cannot be read is left to its reports, which tell why.
pub(super) fn within_period(
    data: &[PathBuf],
    plans: &[Option<Plan>],
    years: Years,
) -> Result<(), Error> {
    let span = |a: i32, b: i32| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}—{b}")
        }
    };
    let mut told = Vec::new();
    for (dir, plan) in data.iter().zip(plans) {
        let Some(plan) = plan else {
            continue;
        };
        let (first, last) = (plan.meta.base_year + 1, plan.meta.target_year);
        let message = if years.first == years.last {
            match plan.check_year(years.first) {
                Ok(()) => continue,
                Err(message) => message,
            }
        } else {
            let mut outside = Vec::new();
            if years.first < first {
                outside.push(span(years.first, (first - 1).min(years.last)));
            }
            if years.last > last {
                outside.push(span(years.first.max(last + 1), years.last));
            }
            if outside.is_empty() {
                continue;
            }
            format!(
                "评估年度 {}..{} 超出规划实施期 {first}—{last} 年（{} 年不在其内），未生成任何报告；请把 --year 限定在 {first}..{last} 之内",
                years.first,
                years.last,
                outside.join("、")
            )
        };
        told.push(if data.len() > 1 {
            format!("{}：{message}", dir.display())
        } else {
            message
        });
    }
    match told.is_empty() {
        true => Ok(()),
        false => Err(Error::Usage(told.join("\n"))),
    }
}

/// The kind of evaluation asked for on the command line; `None` is auto.
#[derive(Debug, Clone, Copy)]
pub(super) struct KindChoice(pub(super) Option<EvaluationKind>);

pub(super) fn parse_kind(text: &str) -> Result<KindChoice, String> {
    match text.trim() {
        "auto" | "自动" => Ok(KindChoice(None)),
        other => EvaluationKind::parse(other)
            .map(|k| KindChoice(Some(k)))
            .ok_or_else(|| {
                format!("评估类型“{other}”无法识别，应为 auto、annual（年度）、midterm（中期）或 final（总结）")
            }),
    }
}

/// A date as staff write it: 2025-03-31, 2025/3/31, 20250331 or 2025年3月31日; one that does
/// not exist, or before 1980, is refused with why.
pub(super) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let mut out_of_range = false;
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日", "%Y.%m.%d"] {
        match NaiveDate::parse_from_str(text, format) {
            Ok(date) if date.year() < 1980 => {
                return Err(format!(
                    "日期“{text}”早于 1980 年，不是规划评估报告的落款日期"
                ));
            }
            Ok(date) if date.year() > 2200 => {
                return Err(format!(
                    "日期“{text}”晚于 2200 年，不是规划评估报告的落款日期"
                ));
            }
            Ok(date) => return Ok(date),
            Err(e) => out_of_range |= e.kind() == chrono::format::ParseErrorKind::OutOfRange,
        }
    }
    // A date that does not exist starts with its year (2025-02-30); 3/31/2025 is misread.
    let year_first = text.len() >= 8 && text.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    Err(if out_of_range && year_first {
        format!("日期“{text}”不存在（请核对月份和日）")
    } else {
        format!("日期“{text}”无法识别，应写作 YYYY-MM-DD，如 2025-03-31")
    })
}

/// Clap's error `error` in Chinese, as the line to print; `None` for what is not a mistake
/// (help, version) or a kind not worded here (clap then prints its own).
pub(super) fn in_chinese(error: &clap::Error) -> Option<String> {
    let get = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join("、")),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let text = match error.kind() {
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error).map_or(String::new(), |e| e.to_string());
            format!("参数 {arg} 的值“{value}”无效：{why}")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 {arg} 缺少值"),
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            Some(valid) => format!("参数 {arg} 的值“{value}”无效，可用的值为：{valid}"),
            None => format!("参数 {arg} 的值“{value}”无效"),
        },
        ErrorKind::UnknownArgument => {
            let meant = get(ContextKind::SuggestedArg)
                .map_or(String::new(), |s| format!("（是否应为 {s}？）"));
            format!("无法识别的参数“{arg}”{meant}")
        }
        ErrorKind::InvalidSubcommand => {
            let meant = get(ContextKind::SuggestedSubcommand)
                .map_or(String::new(), |s| format!("（是否应为 {s}？）"));
            let command = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("无法识别的命令“{command}”{meant}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            Some(prior) => format!("参数 {arg} 不能与 {prior} 同时使用"),
            None => format!("参数 {arg} 不能与其他参数同时使用"),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues if !value.is_empty() => {
            format!("多余的值“{value}”")
        }
        _ => return None,
    };
    Some(format!(
        "错误：{text}；运行 plan-eval --help 或 plan-eval <命令> --help 查看用法"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_staff_write_them() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        for text in [
            "2025-03-31",
            "2025/3/31",
            "20250331",
            "2025年3月31日",
            " 2025-3-31 ",
        ] {
            assert_eq!(parse_date(text), Ok(d), "{text}");
        }
        assert_eq!(
            parse_date("2025-02-30"),
            Err("日期“2025-02-30”不存在（请核对月份和日）".to_string())
        );
        assert_eq!(
            parse_date("3/31/2025"),
            Err("日期“3/31/2025”无法识别，应写作 YYYY-MM-DD，如 2025-03-31".to_string())
        );
        assert_eq!(
            parse_date("1969-12-31"),
            Err("日期“1969-12-31”早于 1980 年，不是规划评估报告的落款日期".to_string())
        );
    }
}
