//! The file as written: properties taken from the report, not the clock; the same Markdown
//! giving the same bytes, in another run and in one process; and `typeset --docx` writing the
//! Word document beside the PDF or alone, refusing one file for both.

use super::*;

#[test]
fn properties_come_from_the_report_not_the_clock() {
    let bundled = bundled();
    let core = part(&bundled.docx, "docProps/core.xml");
    let core = Document::parse(&core).unwrap();
    let field = |name: &str| {
        core.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let title = bundled.markdown.lines().next().unwrap();
    assert_eq!(field("title"), title.strip_prefix("# ").unwrap());
    assert_eq!(field("creator"), "丹江口市发展和改革局");
    assert_eq!(field("created"), "2025-03-31T00:00:00Z");
    assert_eq!(field("modified"), "2025-03-31T00:00:00Z");
}

#[test]
fn the_same_markdown_gives_the_same_bytes() {
    let bundled = bundled();
    let again = bundled.out.join("again.docx");
    let run = common::plan_eval(
        &[
            "typeset",
            bundled.out.join("report.md").to_str().unwrap(),
            "--docx",
            again.to_str().unwrap(),
        ],
        &bundled.out,
    );
    common::assert_success(&run);
    assert!(fs::read(&again).unwrap() == bundled.docx, "another run");
    // In one process, after another document too (docx-rs counts ids across documents).
    let info = DocumentInfo {
        title: "标题".into(),
        author: "单位".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
    };
    let first = markdown_to_docx(&bundled.markdown, &info, &[]).unwrap();
    markdown_to_docx("# 另一份\n\n正文[^1]\n\n[^1]: 注\n", &info, &[]).unwrap();
    let second = markdown_to_docx(&bundled.markdown, &info, &[]).unwrap();
    assert!(first == second, "the same process");
}

#[test]
fn typeset_writes_the_word_document_beside_the_pdf_or_alone() {
    let bundled = bundled();
    let dir = common::temp_dir();
    let markdown = dir.path().join("edited.md");
    fs::write(&markdown, &bundled.markdown).unwrap();
    common::copy_dir(&bundled.out.join("charts"), &dir.path().join("charts"));
    // --docx alone: only the Word document.
    let run = common::plan_eval(
        &["typeset", "edited.md", "--docx", "alone.docx"],
        dir.path(),
    );
    common::assert_success(&run);
    assert!(dir.path().join("alone.docx").is_file());
    assert!(!dir.path().join("edited.pdf").exists());
    // With -o: both, the document the same as from the report's own folder.
    let run = common::plan_eval(
        &[
            "typeset",
            "edited.md",
            "-o",
            "both.pdf",
            "--docx",
            "both.docx",
        ],
        dir.path(),
    );
    common::assert_success(&run);
    assert!(
        fs::read(dir.path().join("both.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
    let docx = fs::read(dir.path().join("both.docx")).unwrap();
    assert!(docx == fs::read(dir.path().join("alone.docx")).unwrap());
    assert!(
        docx == bundled.docx,
        "the same Markdown and images, the same bytes"
    );
    // One file for two outputs is refused before anything is written.
    let run = common::plan_eval(
        &["typeset", "edited.md", "-o", "same.x", "--docx", "same.x"],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("PDF 和 Word 文档不能写到同一个文件"),
        "{stderr}"
    );
    assert!(!dir.path().join("same.x").exists());
}
