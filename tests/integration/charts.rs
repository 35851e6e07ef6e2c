//! The report's charts from the bundled 2024 evaluation: names, grade
//! colours and rates are all there, the SVG is well-formed and byte-stable,
//! odd cases (clamped ratios, no data, markup in names) are drawn honestly,
//! and the real `typst` embeds the files.

use std::process::Command;

use crate::common;
use plan_eval::evaluate::Evaluation;
use plan_eval::model::vocabulary::Grade;
use plan_eval::report::charts::{Chart, charts, grade_colour};
use roxmltree::{Document, Node};

fn bundled() -> Evaluation {
    plan_eval::run::pipeline::load_and_evaluate(&common::bundled(), 2024, None)
        .expect("bundled data evaluates")
        .1
}

fn chart<'a>(charts: &'a [Chart], file: &str) -> &'a Chart {
    charts
        .iter()
        .find(|c| c.file == file)
        .unwrap_or_else(|| panic!("no chart {file}"))
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}\n{svg}"))
}

/// The `<g>` of `class` whose `data-id` is `id`.
fn group<'a, 'i>(doc: &'a Document<'i>, class: &str, id: &str) -> Node<'a, 'i> {
    let found: Vec<Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some(class) && n.attribute("data-id") == Some(id))
        .collect();
    assert_eq!(found.len(), 1, "one {class} for {id}");
    found[0]
}

fn texts(node: Node) -> Vec<String> {
    node.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn title(node: Node) -> String {
    node.children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap_or_default()
        .to_string()
}

/// The marks (bars, diamonds, crosses, squares) of the progress chart.
fn marks<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("mark"))
        .collect()
}

#[test]
fn two_charts_named_and_captioned() {
    let all = charts(&bundled());
    let names: Vec<(&str, &str)> = all
        .iter()
        .map(|c| (c.file.as_str(), c.caption.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("progress.svg", "2024年主要指标进度情况"),
            ("growth.svg", "增长类指标2021—2024年增速"),
        ]
    );
    for c in &all {
        assert!(
            c.svg
                .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        );
        assert!(c.svg.contains("font-family=\"Noto Sans CJK SC,"));
        assert!(c.svg.contains("width=\"156.0mm\""));
    }
}

#[test]
fn progress_chart_has_every_indicator_in_its_grade_colour() {
    let e = bundled();
    let all = charts(&e);
    let svg = &chart(&all, "progress.svg").svg;
    let doc = parse(svg);
    assert_eq!(
        marks(&doc).len(),
        e.indicators.len(),
        "one mark per indicator"
    );
    assert_eq!(e.indicators.len(), 20);
    for ind in &e.indicators {
        let row = group(&doc, "row", &ind.id);
        assert!(
            title(row).starts_with(&ind.name),
            "{}: title {:?}",
            ind.id,
            title(row)
        );
        assert!(svg.contains(&format!("<title>{}：", xml_escape(&ind.name))));
        // The name, possibly over two lines, then the value and the grade.
        let t = texts(row);
        assert_eq!(
            t[..t.len() - 2].concat(),
            ind.name,
            "{}: name lines",
            ind.id
        );
        assert!(t[t.len() - 1].starts_with(ind.grade().label()));
        let mark: Vec<Node> = row
            .descendants()
            .filter(|n| n.attribute("class") == Some("mark"))
            .collect();
        assert_eq!(mark.len(), 1, "{}: one mark", ind.id);
        assert_eq!(mark[0].attribute("data-id"), Some(ind.id.as_str()));
        assert_eq!(
            mark[0].attribute("fill"),
            Some(grade_colour(ind.grade())),
            "{}: colour of {}",
            ind.id,
            ind.grade()
        );
    }
    // Spot checks against the bundled evaluation.
    let colour_of = |id: &str| {
        group(&doc, "row", id)
            .descendants()
            .find(|n| n.attribute("class") == Some("mark"))
            .and_then(|n| n.attribute("fill"))
            .unwrap()
            .to_string()
    };
    assert_eq!(colour_of("doctors"), grade_colour(Grade::AchievedEarly));
    // 2024 missed after 2023 met: the latest year decides (Behind).
    assert_eq!(colour_of("energy_intensity"), grade_colour(Grade::Behind));
    assert_eq!(
        colour_of("fixed_investment"),
        grade_colour(Grade::FarBehind)
    );
    assert_eq!(colour_of("gdp"), grade_colour(Grade::Behind));
    assert_eq!(colour_of("urbanization"), grade_colour(Grade::Ahead));
    assert_eq!(colour_of("edu_years"), grade_colour(Grade::OnTrack));

    // Bars for ratios, a diamond for a met floor/ceiling/quota, a cross for a miss.
    let shape_of = |id: &str| {
        let row = group(&doc, "row", id);
        let mark = row
            .descendants()
            .find(|n| n.attribute("class") == Some("mark"))
            .unwrap();
        let texts = texts(row);
        (
            mark.tag_name().name().to_string(),
            mark.attribute("points").map_or(0, |p| p.split(' ').count()),
            texts[texts.len() - 2].clone(),
        )
    };
    assert_eq!(shape_of("doctors"), ("rect".into(), 0, "1.34".into()));
    assert_eq!(shape_of("gdp"), ("rect".into(), 0, "0.64".into()));
    assert_eq!(
        shape_of("forest_coverage"),
        ("polygon".into(), 4, "达标".into())
    );
    assert_eq!(
        shape_of("unemployment"),
        ("polygon".into(), 4, "达标".into())
    );
    assert_eq!(
        shape_of("pollutant_reduction"),
        ("polygon".into(), 4, "达标".into())
    );
    assert_eq!(
        shape_of("energy_intensity"),
        ("polygon".into(), 12, "未达标".into())
    );

    // Both groups, the schedule line and a legend entry for the six grades of an annual evaluation.
    for text in ["约束性指标（7项）", "预期性指标（13项）", "进度要求"] {
        assert!(svg.contains(&format!(">{text}</text>")), "{text}");
    }
    for grade in Grade::of(plan_eval::model::vocabulary::EvaluationKind::Annual) {
        assert!(
            svg.contains(&format!(">{}</text>", grade.label())),
            "{grade}"
        );
    }
    assert!(!svg.contains(">未完成</text>"));
    // 人均预期寿命 is graded on 2023's figure.
    assert!(svg.contains("人均预期寿命（2023年）"));
}

#[test]
fn growth_chart_has_every_growth_indicator_and_its_rates() {
    let e = bundled();
    let all = charts(&e);
    let svg = &chart(&all, "growth.svg").svg;
    let doc = parse(svg);
    let growth: Vec<_> = e.indicators.iter().filter(|i| i.kind == "growth").collect();
    assert_eq!(growth.len(), 6);
    let panels = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("panel"))
        .count();
    assert_eq!(panels, 6);
    for ind in growth {
        let panel = group(&doc, "panel", &ind.id);
        let t = texts(panel);
        assert!(t.contains(&ind.name), "{}: name", ind.id);
        for year in 2021..=2024 {
            let v = ind.series.iter().find(|v| v.year == year).unwrap();
            let label = plan_eval::model::numfmt::fixed(v.value, 1);
            assert!(t.contains(&label), "{}: {year} {label} in {t:?}", ind.id);
            assert!(t.contains(&year.to_string()), "{}: axis {year}", ind.id);
        }
        // The base year's rate is not plotted.
        let points: Vec<&str> = panel
            .descendants()
            .filter(|n| n.attribute("class") == Some("point"))
            .filter_map(|n| n.attribute("data-year"))
            .collect();
        assert_eq!(points, ["2021", "2022", "2023", "2024"], "{}", ind.id);
        let target = plan_eval::model::numfmt::fixed(ind.target.unwrap(), 1);
        assert!(t.contains(&target), "{}: target {target}", ind.id);
        assert!(
            panel
                .descendants()
                .any(|n| n.attribute("stroke-dasharray").is_some()),
            "{}: dashed target line",
            ind.id
        );
    }
    assert!(svg.contains(">纵轴：增速（%）</text>"));
    assert!(svg.contains(">-8.5</text>"), "negative rates are labelled");
}

#[test]
fn charts_are_deterministic() {
    let e = bundled();
    let first = charts(&e);
    assert_eq!(first, charts(&e));
    assert_eq!(first, charts(&bundled()));
    for c in &first {
        assert!(
            !c.svg.contains("NaN") && !c.svg.contains("inf"),
            "{}",
            c.file
        );
        assert!(!c.svg.contains("-0.0\""), "{}: negative zero", c.file);
    }
}

#[test]
fn clamped_missing_and_hostile_cases() {
    let mut e = bundled();
    let by_id = |e: &Evaluation, id: &str| e.indicators.iter().position(|i| i.id == id).unwrap();
    let gdp = by_id(&e, "gdp");
    e.indicators[gdp].assessment.progress_ratio = Some(3.25);
    e.indicators[gdp].name = "A&B <script>增长</script>".to_string();
    let inv = by_id(&e, "fixed_investment");
    e.indicators[inv].assessment.progress_ratio = Some(-1.5);
    // A growth indicator with no figure at all, and one with a gap year.
    let income = by_id(&e, "urban_income");
    e.indicators[income].series.clear();
    e.indicators[income].assessment = Default::default();
    let rural = by_id(&e, "rural_income");
    e.indicators[rural].series.retain(|v| v.year != 2022);
    let water = by_id(&e, "surface_water");
    e.indicators[water].assessment = Default::default();

    let all = charts(&e);
    let progress = &chart(&all, "progress.svg").svg;
    let doc = parse(progress);
    assert!(progress.contains("A&amp;B &lt;script&gt;增长&lt;/script&gt;"));
    assert!(!progress.contains("<script>"));
    assert_eq!(marks(&doc).len(), 20);

    // Clamped bars end in an arrow and print the true ratio.
    for (id, ratio) in [("gdp", "3.25"), ("fixed_investment", "-1.50")] {
        let row = group(&doc, "row", id);
        let polygons = row
            .descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .count();
        assert_eq!(polygons, 1, "{id}: arrow");
        assert!(texts(row).contains(&ratio.to_string()), "{id}");
    }
    // No data: a hollow, dashed square and the grade's legend colour.
    let row = group(&doc, "row", "surface_water");
    let mark = row
        .descendants()
        .find(|n| n.attribute("class") == Some("mark"))
        .unwrap();
    assert_eq!(mark.tag_name().name(), "rect");
    assert_eq!(mark.attribute("fill"), Some(grade_colour(Grade::NoData)));
    assert!(mark.attribute("stroke-dasharray").is_some());
    assert!(texts(row).contains(&"数据暂缺".to_string()));

    let growth = &chart(&all, "growth.svg").svg;
    let doc = parse(growth);
    let empty = group(&doc, "panel", "urban_income");
    assert!(texts(empty).contains(&"数据暂缺".to_string()));
    let gap = group(&doc, "panel", "rural_income");
    let lines: Vec<usize> = gap
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .map(|n| n.attribute("points").unwrap().split(' ').count())
        .collect();
    assert_eq!(lines, [2], "the line breaks at the missing year");
}

#[test]
fn no_growth_indicators_no_growth_chart() {
    let mut e = bundled();
    e.indicators.retain(|i| i.kind != "growth");
    let all = charts(&e);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].file, "progress.svg");
}

#[test]
fn snapshots() {
    for c in charts(&bundled()) {
        let name = c.file.replace('.', "_");
        insta::assert_snapshot!(name, c.svg);
    }
}

#[test]
fn typst_embeds_the_charts_with_their_text() {
    let dir = common::temp_dir();
    let mut doc = String::from("#set page(width: 170mm, height: auto, margin: 7mm)\n");
    for c in charts(&bundled()) {
        std::fs::write(dir.path().join(&c.file), &c.svg).unwrap();
        doc.push_str(&format!(
            "#figure(image(\"{}\", width: 100%, alt: \"{}\"), caption: [{}])\n",
            c.file, c.caption, c.caption
        ));
    }
    std::fs::write(dir.path().join("main.typ"), doc).unwrap();
    let out = Command::new(common::typst())
        .arg("compile")
        .arg("--root")
        .arg(dir.path())
        .args(["--pdf-standard", "a-2a", "--diagnostic-format", "short"])
        .arg(dir.path().join("main.typ"))
        .arg(dir.path().join("main.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "typst failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // SVG text stays text in the PDF, set in a CJK face.
    let pdf = dir.path().join("main.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext must be installed (apt-get install poppler-utils): {e}")
        });
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for label in [
        "进度要求",
        "约束性指标",
        "每千人口执业（助理）医师数",
        "固定资产投资",
        "纵轴：增速（%）",
    ] {
        assert!(text.contains(label), "{label} not in the PDF text");
    }
}
