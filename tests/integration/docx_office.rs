//! The Word document as another program reads it: the bundled report's `report.docx`, made by
//! `report` beside `report.pdf`, printed to PDF by LibreOffice (an independent reader of
//! OOXML) and checked there: every heading, indicator and task in its text, about as many
//! pages as typst's PDF, A4 portrait with the annex landscape, page numbers "— N —", every font
//! embedded and CJK text in a CJK font; the injection payloads printed verbatim.

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::common::office::{self, Font};
use crate::common::{self, squeeze};
use crate::docx::{PAYLOADS, bundled, docx_with_summaries};

/// LibreOffice's PDF of the bundled report's own `report.docx`, kept in a folder of its own.
struct Printed {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
}

fn printed() -> &'static Printed {
    static PRINTED: OnceLock<Printed> = OnceLock::new();
    PRINTED.get_or_init(|| {
        let docx = fs::read(bundled().out.join("report.docx")).unwrap();
        let pdf = office::docx_to_pdf(&[("report", &docx)]).remove(0);
        let dir = common::temp_dir();
        let path = dir.path().join("report.pdf");
        fs::write(&path, pdf).unwrap();
        Printed {
            _dir: dir,
            pdf: path,
        }
    })
}

#[test]
fn report_writes_the_same_word_document_as_typeset_of_its_markdown() {
    let bundled = bundled();
    assert!(
        fs::read(bundled.out.join("report.docx")).unwrap() == bundled.docx,
        "report.docx differs from `typeset report.md --docx`"
    );
}

#[test]
fn libreoffice_reads_every_heading_indicator_and_task() {
    let bundled = bundled();
    let text = squeeze(&office::body_text(&office::page_texts(&printed().pdf)));
    for line in bundled.markdown.lines() {
        if let Some(heading) = line.trim_start_matches('#').strip_prefix(' ')
            && line.starts_with('#')
        {
            assert!(text.contains(&squeeze(heading)), "heading {heading}");
        }
    }
    let evaluation: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(bundled.out.join("evaluation.json")).unwrap())
            .unwrap();
    let indicators = evaluation["indicators"].as_array().unwrap();
    assert!(!indicators.is_empty());
    for indicator in indicators {
        let name = indicator["name"].as_str().unwrap();
        assert!(text.contains(&squeeze(name)), "indicator {name}");
    }
    let mut tasks = 0;
    for section in evaluation["sections"].as_array().unwrap() {
        let name = section["title"].as_str().unwrap();
        assert!(text.contains(&squeeze(name)), "section {name}");
        for task in section["tasks"].as_array().unwrap() {
            let title = task["title"].as_str().unwrap();
            assert!(text.contains(&squeeze(title)), "task {title}");
            tasks += 1;
        }
    }
    assert!(tasks > 0);
    for words in [
        "市人民政府：",
        "特此报告。",
        "丹江口市发展和改革局",
        "2025年3月31日",
        "附件2",
    ] {
        assert!(text.contains(words), "{words}");
    }
}

#[test]
fn libreoffice_pages_are_a4_numbered_and_about_as_many_as_typst_prints() {
    let sizes = office::page_sizes(&printed().pdf);
    let texts = office::page_texts(&printed().pdf);
    assert_eq!(sizes.len(), texts.len(), "pdfinfo and pdftotext agree");
    let typst_pages = common::pdf::read_pages(&bundled().out.join("report.pdf")).len();
    let (low, high) = (typst_pages as f64 * 0.75, typst_pages as f64 * 1.25);
    assert!(
        (low..=high).contains(&(sizes.len() as f64)),
        "LibreOffice prints {} pages, typst {typst_pages}",
        sizes.len()
    );
    let a4 = |(w, h): (f64, f64)| (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0;
    assert!(a4(sizes[0]), "first page A4 portrait: {:?}", sizes[0]);
    let landscape: Vec<usize> = (0..sizes.len())
        .filter(|&i| a4((sizes[i].1, sizes[i].0)))
        .collect();
    assert!(
        landscape
            .iter()
            .any(|&i| squeeze(&texts[i]).starts_with("附件1")),
        "a landscape page opens with 附件1: landscape pages {landscape:?}"
    );
    for (i, size) in sizes.iter().enumerate() {
        assert!(
            a4(*size) || landscape.contains(&i),
            "page {} is A4: {size:?}",
            i + 1
        );
        let number = format!("—{}—", i + 1);
        assert!(
            squeeze(&texts[i]).contains(&number),
            "page {} shows its number “— {} —”: {}",
            i + 1,
            i + 1,
            texts[i]
        );
    }
}

#[test]
fn libreoffice_embeds_every_font_and_sets_chinese_in_a_cjk_font() {
    let fonts = office::fonts(&printed().pdf);
    assert!(!fonts.is_empty());
    let unembedded: Vec<&Font> = fonts.iter().filter(|f| !f.embedded).collect();
    assert!(unembedded.is_empty(), "not embedded: {unembedded:?}");
    let cjk = [
        "NotoSerifCJK",
        "NotoSansCJK",
        "UKai",
        "FangSong",
        "SimSun",
        "SimHei",
        "KaiTi",
    ];
    assert!(
        fonts.iter().any(|f| cjk.iter().any(|c| f.name.contains(c))),
        "a CJK font among {fonts:?}"
    );
    // LibreOffice falls back to DejaVu Sans for a few Latin-script characters; a fallback font
    // may hold no Chinese: only single-byte (WinAnsi) text.
    assert!(
        fonts
            .iter()
            .filter(|f| f.name.contains("DejaVu"))
            .all(|f| f.encoding == "WinAnsi"),
        "DejaVu holds only single-byte text: {fonts:?}"
    );
}

#[test]
fn libreoffice_prints_the_injection_payloads_verbatim() {
    let documents: Vec<Vec<u8>> = PAYLOADS
        .iter()
        .map(|set| docx_with_summaries(set))
        .collect();
    let pdfs = office::docx_to_pdf(&[("first", &documents[0]), ("second", &documents[1])]);
    for (set, pdf) in PAYLOADS.iter().zip(pdfs) {
        let text = common::pdf::with_file(&pdf, |path| {
            squeeze(&office::body_text(&office::page_texts(path)))
        });
        for payload in set {
            assert!(
                text.contains(&squeeze(payload)),
                "{payload:?} not verbatim in LibreOffice's PDF"
            );
        }
    }
}
