//! Re-typesetting hand-edited report Markdown (`plan-eval typeset`), through the real `typst`
//! CLI and fonts: a generated report re-typesets to the very same Typst source and PDF, edited and
//! broken Markdown still prints, images stay inside the Markdown's folder, typst's errors are
//! traced to Markdown lines, and outputs are written all together or not at all.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{assert_success, plan_eval};
use chrono::NaiveDate;
use plan_eval::error::Error;
use plan_eval::run::pipeline::write_report;
use plan_eval::typeset::retypeset::{self, Outputs, retypeset};
use tempfile::TempDir;

use crate::common;

/// A 1×1 grey PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0,
    0, 0, 58, 126, 155, 85, 0, 0, 0, 10, 73, 68, 65, 84, 120, 156, 99, 96, 0, 0, 0, 2, 0, 1, 72,
    175, 164, 113, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

const TITLE: &str = "丹江口市国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告";

/// The bundled 2024 report, dated 2025-03-04, written as a draft folder (report.md,
/// report.typ, report.pdf, charts/) in a fresh workspace: the workspace and the draft.
fn draft() -> (TempDir, PathBuf) {
    let dir = common::temp_dir();
    let draft = dir.path().join("draft");
    write_report(common::bundled_2024(), &draft).unwrap();
    (dir, draft)
}

/// A fresh folder holding the draft's Markdown (as `name`) and its charts.
fn copy_of_draft(name: &str) -> TempDir {
    let dir = common::temp_dir();
    let report = common::bundled_2024();
    fs::write(dir.path().join(name), &report.markdown).unwrap();
    fs::create_dir(dir.path().join("charts")).unwrap();
    for (file, svg) in &report.charts {
        fs::write(dir.path().join("charts").join(file), svg).unwrap();
    }
    dir
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The PDF's text with all whitespace removed, page footers ("— 12 —") dropped.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (apt-get install poppler-utils)");
    assert_success(&out);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !(l.starts_with("— ") && l.ends_with(" —")))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn generated_report_retypesets_to_the_same_source_and_pdf() {
    let (_dir, draft) = draft();
    let done = retypeset(&draft.join("report.md"), None, true).unwrap();
    assert_eq!(done.info.title, TITLE);
    assert_eq!(done.info.author, "丹江口市发展和改革局");
    assert_eq!(done.info.date, NaiveDate::from_ymd_opt(2025, 3, 4).unwrap());
    assert!(
        done.typst == fs::read_to_string(draft.join("report.typ")).unwrap(),
        "the same converter and layout give the report's own Typst source"
    );
    assert!(
        done.pdf.as_deref() == Some(fs::read(draft.join("report.pdf")).unwrap().as_slice()),
        "the same source, images and date give the report's PDF byte for byte"
    );
}

#[test]
fn typeset_command_writes_the_pdf_beside_the_markdown() {
    let dir = copy_of_draft("report.md");
    let out = plan_eval(&["typeset", "report.md"], dir.path());
    assert_success(&out);
    assert_eq!(stdout(&out), "已由 report.md 重新排版：\n  report.pdf\n");
    assert_eq!(listing(dir.path()), ["charts", "report.md", "report.pdf"]);
    let text = pdf_text(&dir.path().join("report.pdf"));
    for heading in [
        TITLE,
        "一、总体评价",
        "二、主要成效",
        "三、主要指标完成情况",
        "四、主要任务推进情况",
        "五、存在的主要问题",
        "六、对策建议",
        "特此报告。",
        "图1",
        "附件1",
        "丹江口市发展和改革局2025年3月4日",
    ] {
        assert!(text.contains(heading), "{heading} missing from:\n{text}");
    }
}

#[test]
fn edited_markdown_with_broken_constructs_still_prints() {
    let dir = copy_of_draft("edited.md");
    let path = dir.path().join("edited.md");
    let markdown = fs::read_to_string(&path).unwrap().replacen(
        "## 一、总体评价\n",
        "## 一、总体评价\n\n\
         今年新增的说明：全市上下**共同努力，成效明显。\n\n\
         | 项目 | 数值 |\n|---|---|\n| 甲 | 1 | 多余 |\n| 乙 |\n\n\
         <div class=\"注释\">\n\n\
         见说明[^missing]，费用 $100，比例 5% $x$。\n",
        1,
    );
    fs::write(&path, markdown).unwrap();
    let out = plan_eval(
        &["typeset", "edited.md", "-o", "out/edited.pdf"],
        dir.path(),
    );
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "已由 edited.md 重新排版：\n  out/edited.pdf\n"
    );
    let text = pdf_text(&dir.path().join("out/edited.pdf"));
    for printed in [
        "今年新增的说明：全市上下**共同努力，成效明显。",
        "项目数值甲1乙",
        "<divclass=\"注释\">",
        "见说明[^missing]，费用$100，比例5%$x$。",
        "一、总体评价",
        "六、对策建议",
    ] {
        assert!(text.contains(printed), "{printed} missing from:\n{text}");
    }
}

#[test]
fn typst_option_alone_writes_only_the_source() {
    let dir = copy_of_draft("report.md");
    let out = plan_eval(
        &["typeset", "report.md", "--typst", "report.typ"],
        dir.path(),
    );
    assert_success(&out);
    assert_eq!(stdout(&out), "已由 report.md 重新排版：\n  report.typ\n");
    assert_eq!(listing(dir.path()), ["charts", "report.md", "report.typ"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("report.typ")).unwrap(),
        common::bundled_2024().typst
    );

    // With -o as well, both.
    let out = plan_eval(
        &["typeset", "report.md", "--typst", "b.typ", "-o", "b.pdf"],
        dir.path(),
    );
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "已由 report.md 重新排版：\n  b.pdf\n  b.typ\n"
    );
    assert_eq!(
        listing(dir.path()),
        ["b.pdf", "b.typ", "charts", "report.md", "report.typ"]
    );
}

/// A small edited document: line 9 shows `image`.
fn small_document(image: &str) -> String {
    format!(
        "# 测试报告\n\n第一段。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n正文中的图 ![图](<{image}>) 之后。\n\n\
         <!-- pe:signature -->\n测试单位  \n2025年3月4日\n"
    )
}

#[test]
fn images_outside_the_markdown_folder_are_refused() {
    let dir = common::temp_dir();
    let work = dir.path().join("work");
    fs::create_dir(&work).unwrap();
    fs::write(dir.path().join("x.png"), PNG).unwrap();
    let markdown = small_document("../x.png") + "\n![绝对](/etc/hostname)\n\n![缺](无此图.png)\n";
    fs::write(work.join("edited.md"), markdown).unwrap();
    let out = plan_eval(&["typeset", "edited.md", "--typst", "edited.typ"], &work);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "错误：edited.md:9: 图片“../x.png”不在 Markdown 文件所在的文件夹内，不能使用：\
         请把图片复制到该文件夹（或其子文件夹）中，改用相对路径引用\n\
         edited.md:15: 图片“/etc/hostname”不在 Markdown 文件所在的文件夹内，不能使用：\
         请把图片复制到该文件夹（或其子文件夹）中，改用相对路径引用\n\
         共发现 2 处错误。\n"
    );
    assert_eq!(listing(&work), ["edited.md"]);

    // Printing also needs every image to exist.
    let out = plan_eval(&["typeset", "edited.md"], &work);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with("edited.md:17: 图片文件“无此图.png”不存在\n共发现 3 处错误。\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing(&work), ["edited.md"]);

    // A link inside the folder that leads out of it is refused too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("x.png"), work.join("link.png")).unwrap();
        fs::write(work.join("linked.md"), small_document("link.png")).unwrap();
        let error = retypeset(&work.join("linked.md"), None, false).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}:9: 图片“link.png”不在 Markdown 文件所在的文件夹内，不能使用：\
                 请把图片复制到该文件夹（或其子文件夹）中，改用相对路径引用\n共发现 1 处错误。",
                work.join("linked.md").display()
            )
        );
    }
}

#[test]
fn images_in_the_folder_print() {
    let dir = common::temp_dir();
    fs::create_dir(dir.path().join("图")).unwrap();
    fs::write(dir.path().join("图/a b.png"), PNG).unwrap();
    fs::write(dir.path().join("edited.md"), small_document("./图/a b.png")).unwrap();
    let out = plan_eval(&["typeset", "edited.md"], dir.path());
    assert_success(&out);
    let text = pdf_text(&dir.path().join("edited.pdf"));
    assert!(text.contains("正文中的图之后。"), "{text}");
}

#[test]
fn a_file_that_is_not_an_image_fails_at_its_markdown_line() {
    let dir = common::temp_dir();
    fs::write(dir.path().join("bad.png"), "这不是 PNG 图片").unwrap();
    fs::write(dir.path().join("edited.md"), small_document("bad.png")).unwrap();
    let out = plan_eval(
        &[
            "typeset",
            "edited.md",
            "--typst",
            "edited.typ",
            "-o",
            "edited.pdf",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "错误：edited.md:9: typst 排版错误：failed to decode image \
         (Format error decoding Png: Invalid PNG signature.)\n共发现 1 处错误。\n"
    );
    // Nothing is written, not even the Typst source.
    assert_eq!(listing(dir.path()), ["bad.png", "edited.md"]);
}

#[test]
fn a_corrupt_svg_fails_at_every_line_that_shows_it() {
    let dir = copy_of_draft("edited.md");
    let path = dir.path().join("edited.md");
    fs::write(
        dir.path().join("charts/progress.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect",
    )
    .unwrap();
    let markdown =
        fs::read_to_string(&path).unwrap() + "\n再看一次：![进度](charts/progress.svg)\n";
    fs::write(&path, &markdown).unwrap();
    let lines: Vec<usize> = markdown
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("(charts/progress.svg)"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 2);
    let error = retypeset(&path, None, true).unwrap_err();
    assert!(matches!(error, Error::Invalid(_)), "{error:?}");
    let expected: String = lines
        .iter()
        .map(|line| {
            format!(
                "{}:{line}: typst 排版错误：failed to parse SVG (the root node was opened but never closed)\n",
                path.display()
            )
        })
        .collect();
    assert_eq!(error.to_string(), expected + "共发现 2 处错误。");
}

/// An unclosed bracket in a layout's code makes typst find an error on almost every later line:
/// the first three are told, columns counted from 1 as an editor counts them, then how many
/// there were and that the first is the one to fix.
#[test]
fn a_cascade_of_layout_errors_is_cut_to_its_first_three() {
    let dir = common::temp_dir();
    fs::create_dir(dir.path().join("templates")).unwrap();
    // Line 2 opens a bracket that is never closed; lines 3 and 4 are then read as its items.
    fs::write(
        dir.path().join("templates/layout.typ"),
        "#set document(title: {{ title | typst_str }})\n#let sizes = (1, 2\n#let a = 1\n#let b = 2\n#let c = 3\n#let d = 4\n",
    )
    .unwrap();
    fs::write(dir.path().join("edited.md"), "# 标题\n\n正文。\n").unwrap();
    let out = plan_eval(
        &["typeset", "edited.md", "--templates", "templates"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let told = stderr(&out);
    assert!(
        told.starts_with(
            "错误：模板 templates/layout.typ 有误：typst 排版错误：第 2 行第 14 列：unclosed delimiter；第 3 行第 1 列："
        ),
        "{told}"
    );
    assert_eq!(told.matches("行第").count(), 3, "{told}");
    assert!(
        told.contains("处，其后各处多由第一处引起（如括号未闭合），请先改正第一处\n"),
        "{told}"
    );
    assert_eq!(listing(dir.path()), ["edited.md", "templates"]);
}

#[test]
fn a_layout_error_is_not_blamed_on_the_markdown() {
    let dir = common::temp_dir();
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(
        dir.path().join("templates/layout.typ"),
        "#set document(title: {{ title | typst_str }})\n#no-such-function()\n",
    )
    .unwrap();
    fs::write(dir.path().join("edited.md"), "# 标题\n\n正文。\n").unwrap();
    let out = plan_eval(
        &["typeset", "edited.md", "--templates", "templates"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "错误：模板 templates/layout.typ 有误：typst 排版错误：第 2 行第 2 列：unknown variable: no-such-function\n"
    );
    assert_eq!(listing(dir.path()), ["edited.md", "templates"]);
}

#[test]
fn outputs_are_written_all_together_or_not_at_all() {
    let dir = common::temp_dir();
    fs::write(dir.path().join("edited.md"), small_document("a.png")).unwrap();
    fs::write(dir.path().join("a.png"), PNG).unwrap();
    // The PDF cannot be written (its folder would be inside a file): the source is not either.
    let out = plan_eval(
        &[
            "typeset",
            "edited.md",
            "--typst",
            "edited.typ",
            "-o",
            "a.png/edited.pdf",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("错误：无法写入 a.png："),
        "{}",
        stderr(&out)
    );
    assert_eq!(listing(dir.path()), ["a.png", "edited.md"]);

    // Writing over the input is refused: a command-line mistake.
    let out = plan_eval(&["typeset", "edited.md", "-o", "./edited.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "错误：输出文件 ./edited.md 就是输入的 Markdown 文件，请另选输出文件名\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("edited.md")).unwrap(),
        small_document("a.png")
    );
}

#[test]
fn without_title_or_signature_the_file_name_and_today_are_used() {
    let dir = common::temp_dir();
    let path = dir.path().join("说明.md");
    fs::write(&path, "## 只有二级标题\n\n<!-- pe:signature -->\n某单位\n").unwrap();
    let done = retypeset(&path, None, false).unwrap();
    assert_eq!(done.info.title, "说明");
    assert_eq!(done.info.author, "某单位");
    assert_eq!(done.info.date, chrono::Local::now().date_naive());
    assert!(done.pdf.is_none());
    assert!(done.typst.contains("title: \"说明\""), "{}", done.typst);
}

#[test]
fn outputs_rule() {
    let input = Path::new("a/b.md");
    assert_eq!(
        Outputs::for_input(input, None, None, None).pdf,
        Some(PathBuf::from("a/b.pdf"))
    );
    // `run` refuses the PDF and the source in one file.
    let dir = common::temp_dir();
    let path = dir.path().join("b.md");
    fs::write(&path, "正文\n").unwrap();
    let same = dir.path().join("x");
    let error = retypeset::run(
        &path,
        None,
        &Outputs {
            pdf: Some(same.clone()),
            typst: Some(same.clone()),
            docx: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("PDF 和 Typst 源文件不能写到同一个文件 {}", same.display())
    );
}
