//! What the report's lists hold, read through a probe template that prints
//! them line by line (the built-in templates choose the words around them):
//! who has not reported (a figure published the following year and an off year
//! of a figure measured every two years are not unreported; a major project
//! without the year's report is), the areas' sentences naming every member
//! with its own grade word, the mid-term's adjustable indicators chosen by the
//! pace still needed, the indicators on track whose target looks hard, the
//! columns a table can drop, and the words of the tables and annex 1.

use std::fs;
use std::path::Path;

use crate::common::{self, bundled, plan_fixture};
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::report::{self, ReportMeta};
use plan_eval::run::pipeline::load_and_evaluate;
use plan_eval::templating::Templates;

const PROBE: &str = r#"{% for a in areas %}AREA {{ a.sentence }}
{% endfor %}{% for u in lists.unreported %}UNREPORTED {{ u.unit }}|{{ u.indicators | join(sep="、") }}|{{ u.tasks | join(sep="、") }}|{{ u.projects | join(sep="、") }}
{% endfor %}{% for i in lists.adjustable %}ADJUST {{ i.name_with_need }}
{% endfor %}{% for i in lists.hard_on_track %}HARD {{ i.name }}|{{ i.grade }}|{{ i.outlook }}|{{ i.need }}|{{ i.projected }}|{{ i.milestone }}
{% endfor %}{% for t in lists.indicator_troubles %}{% for i in t.items %}LAGGING {{ i.name }}|{{ i.grade }}
{% endfor %}{% endfor %}{% for g in groups %}SHOWN {{ g.label }} base={{ g.shown.base }} realised={{ g.shown.realised }}
NAMED {{ g.label }} lagging={{ g.named.lagging }}|far={{ g.named.far_behind }}|behind={{ g.named.behind }}|no_data={{ g.named.no_data }}|basically={{ g.named.basically_completed }}
{% endfor %}NAMED all ahead={{ named.ahead }}|lagging={{ named.lagging }}
{% for g in lists.good %}{% for i in g.items %}GOOD {{ i.name }}{{ i.stated }}
{% endfor %}{% endfor %}{% for i in lists.not_completed %}NOT_COMPLETED {{ i.short_name }}{{ i.stated }}
{% endfor %}{% for i in lists.gaps %}GAPS {{ i.short_name }}|{% for y in i.gap_years %}{{ y }}{% endfor %}
{% endfor %}{% for i in monitor %}MONITOR {{ i.name }}|{{ i.target }}
{% endfor %}{% for g in groups %}{% for i in g.indicators %}CELLS {{ i.short_name }}|{{ i.cells.base }}|{{ i.cells.value }}
{% endfor %}{% endfor %}UNITS_SHORT {{ approach.units_short }}
"#;

/// The probe's lines for `year` of the data in `dir`, as an evaluation of `kind`.
fn probe(dir: &Path, year: i32, kind: Option<EvaluationKind>) -> Vec<String> {
    let templates_dir = common::temp_dir();
    for name in ["report.md", "report-final.md"] {
        fs::write(templates_dir.path().join(name), PROBE).unwrap();
    }
    let templates = Templates::load(Some(templates_dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let (data, ev) = load_and_evaluate(dir, year, kind).unwrap_or_else(|e| panic!("{e}"));
    let measures = report::measures::write(&ev, &data.rules).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    report::markdown(&templates, &data.plan, &ev, &measures, &meta)
        .unwrap_or_else(|e| panic!("{e}"))
        .lines()
        .map(|l| l.replace('\\', ""))
        .collect()
}

fn with<'a>(lines: &'a [String], prefix: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(prefix))
        .map(str::trim_end)
        .collect()
}

#[test]
fn a_figure_published_the_following_year_is_never_unreported() {
    // 2024: 人均预期寿命 (published_late) has only its 2023 figure; T4-3 has no report.
    let lines = probe(&bundled(), 2024, None);
    assert_eq!(
        with(&lines, "UNREPORTED "),
        ["中国人民银行丹江口市支行||拓展金融服务业|"]
    );
    assert_eq!(with(&lines, "UNITS_SHORT "), ["1"]);
    // national15 2028: 人均预期寿命 is measured every two years and published the year
    // after: neither 2028 (not yet published) nor 2026 (an off year) is owed or missing.
    let lines = probe(&plan_fixture("national15"), 2028, None);
    assert!(with(&lines, "UNREPORTED ").is_empty(), "{lines:#?}");
    assert!(with(&lines, "GAPS ").is_empty(), "{lines:#?}");
    assert_eq!(with(&lines, "UNITS_SHORT "), ["0"]);
    // fifteenth 2026: carbon accounting and life expectancy come out in 2027.
    let lines = probe(&plan_fixture("fifteenth"), 2026, None);
    assert_eq!(
        with(&lines, "UNREPORTED "),
        ["县林业局||开展国土绿化和森林质量提升|"]
    );
}

#[test]
fn a_major_project_without_the_years_report_counts_its_unit_as_unreported() {
    // final2025: XM01 and XM04 sent nothing for 2025; XM02 and XM03 were reported
    // 已竣工 earlier and owe nothing.
    let lines = probe(&bundled(), 2025, None);
    assert_eq!(
        with(&lines, "UNREPORTED "),
        [
            "十堰市生态环境局丹江口分局|||丹江口水库库区入库支流水环境综合治理工程",
            "市文旅局||繁荣文化事业和文化产业|",
            "市商务局||发展现代商贸物流、构筑开放发展格局|",
            "市交通运输局|||武当山至丹江口城区旅游快速通道",
        ]
    );
    assert_eq!(with(&lines, "UNITS_SHORT "), ["4"]);
    // 2022: XM04 starts in 2023, so it owes no report yet.
    let lines = probe(&bundled(), 2022, None);
    assert!(
        with(&lines, "UNREPORTED ")
            .iter()
            .all(|l| !l.contains("旅游快速通道")),
        "{lines:#?}"
    );
}

#[test]
fn an_area_sentence_accounts_for_every_member_with_its_own_grade_word() {
    let lines = probe(&plan_fixture("fifteenth"), 2026, None);
    assert_eq!(
        with(&lines, "AREA "),
        [
            "绿色生态领域3项指标中，1项基本符合或快于预期，单位地区生产总值能源消耗降低滞后于预期，单位地区生产总值二氧化碳排放降低数据暂缺",
            "经济发展领域2项指标中，1项基本符合或快于预期，地区生产总值滞后于预期",
            "民生福祉领域4项指标中，2项基本符合或快于预期，农村居民人均可支配收入明显滞后于预期，人均预期寿命数据暂缺",
        ]
    );
    // A class that is the whole area is counted: "3项指标均…".
    let lines = probe(&plan_fixture("national15"), 2028, None);
    assert!(
        with(&lines, "AREA ").contains(&"安全保障领域3项指标中，粮食综合生产能力、能源综合生产能力明显滞后于预期，粮食播种面积滞后于预期"),
        "{lines:#?}"
    );
}

#[test]
fn every_member_is_named_up_to_ten_binding_first() {
    // annual2024: six lagging, all six named (托位数 was dropped at five).
    let lines = probe(&bundled(), 2024, None);
    assert_eq!(
        with(&lines, "NAMED all "),
        [
            "ahead=常住人口城镇化率、研发经费投入|lagging=单位GDP能耗、地区生产总值（GDP）、科技进步贡献率、固定资产投资、城镇居民人均可支配收入、人均预期寿命、每千人拥有0-3岁婴儿托位数"
        ]
    );
    // national2028: the binding CO₂ and 粮食播种面积 are named first among eight behind.
    let lines = probe(&plan_fixture("national15"), 2028, None);
    let named = with(&lines, "NAMED 约束性 ");
    assert_eq!(
        named,
        [
            "lagging=单位地区生产总值二氧化碳排放累计降低、万元地区生产总值用水量降低、粮食综合生产能力、能源综合生产能力、粮食播种面积|far=万元地区生产总值用水量降低、粮食综合生产能力、能源综合生产能力|behind=单位地区生产总值二氧化碳排放累计降低、粮食播种面积|no_data=单位地区生产总值能源消耗降低|basically="
        ]
    );
    // national2030: eleven 基本完成 across the groups; the binding four are named in theirs.
    let lines = probe(&plan_fixture("national15"), 2030, None);
    let binding = with(&lines, "NAMED 约束性 ");
    assert!(
        binding[0].ends_with("|basically=单位地区生产总值二氧化碳排放累计降低、万元地区生产总值用水量降低、粮食综合生产能力、能源综合生产能力"),
        "{binding:?}"
    );
}

#[test]
fn only_expected_indicators_whose_pace_is_out_of_reach_are_proposed_for_adjustment() {
    // mid2023 (丹江口): GDP needs 15.9% a year after 5.5% in 2023 (≥ 2×), FAI 19.6% after
    // −8.5%, 科技进步贡献率 (60 − 55.4) / 2 = 2.3 points a year after 55.4 − 54.3 = 1.1.
    let lines = probe(&bundled(), 2023, Some(EvaluationKind::Midterm));
    assert_eq!(
        with(&lines, "ADJUST "),
        [
            "地区生产总值（GDP，2024—2025年需年均增长15.9%）",
            "科技进步贡献率（2024—2025年需年均提高2.3个百分点）",
            "固定资产投资（2024—2025年需年均增长19.6%）",
        ]
    );
    // national2028: 用水量 (a 市下达 quota) and 粮食综合生产能力 (a red line) are binding:
    // never proposed, however far behind. 社零 needs 5.7% after 5.4%: within reach.
    let lines = probe(&plan_fixture("national15"), 2028, None);
    let adjust = with(&lines, "ADJUST ");
    assert!(
        adjust
            .iter()
            .all(|l| !l.contains("用水量") && !l.contains("粮食")),
        "{adjust:?}"
    );
    assert!(
        adjust.iter().all(|l| !l.contains("社会消费品")),
        "{adjust:?}"
    );
}

#[test]
fn an_indicator_on_track_with_a_hard_outlook_is_not_listed_as_lagging() {
    let lines = probe(&bundled(), 2023, Some(EvaluationKind::Midterm));
    assert_eq!(
        with(&lines, "HARD "),
        ["城镇居民人均可支配收入|基本符合预期|完成难度较大|2024—2025年需年均增长7.4%||"]
    );
    assert!(
        with(&lines, "LAGGING ")
            .iter()
            .all(|l| !l.starts_with("城镇居民人均可支配收入")),
        "{lines:#?}"
    );
    // national2026: 6.9% against the 2028 milestone's schedule, but (10 − 6.9) / 4 = 0.775
    // points a year are needed, and the pace since 2025 (6.9 − 6.2 = 0.7 a year) leads to
    // 6.2 + 5 × 0.7 = 9.7% in 2030.
    let lines = probe(&plan_fixture("national15"), 2026, None);
    assert_eq!(
        with(&lines, "HARD "),
        [
            "数字经济核心产业增加值占地区生产总值比重|快于预期|完成难度较大|2027—2030年需年均提高0.8个百分点|按目前进度2030年可达9.7%|进度要求6.8%按2028年达到8%的阶段目标测算"
        ]
    );
    // national2028: a rank has no projection in words; 人均预期寿命 (2027: 79.3, from 79.0 in
    // 2025) reaches 79.3 + 3 × 0.15 = 79.75 on its pace, beyond 80 − τ = 79.7: 预计能够完成
    // (methodology: "reaches X (or X − τ)"), so it is no risk.
    let lines = probe(&plan_fixture("national15"), 2028, None);
    assert_eq!(
        with(&lines, "HARD "),
        ["县域经济综合实力全省排位|基本符合预期|完成难度较大|||"]
    );
    assert!(
        with(&lines, "LAGGING ")
            .iter()
            .all(|l| !l.starts_with("人均预期寿命")),
        "{lines:#?}"
    );
}

#[test]
fn a_verb_is_written_once_and_tables_use_the_plans_words() {
    let lines = probe(&plan_fixture("national15"), 2026, None);
    let good = with(&lines, "GOOD ");
    assert!(
        good.contains(&"全社会研发经费投入2026年增长9.2%"),
        "{good:?}"
    );
    assert!(
        good.contains(&"单位地区生产总值二氧化碳排放2026年累计下降3.8%"),
        "{good:?}"
    );
    // Annex 1 words the target as table 1 does: the plan's own words.
    let monitor = with(&lines, "MONITOR ");
    assert!(
        monitor.contains(&"单位地区生产总值能源消耗降低|完成“十五五”省下达考核目标"),
        "{monitor:?}"
    );
    let lines = probe(&bundled(), 2024, None);
    let monitor = with(&lines, "MONITOR ");
    assert!(
        monitor.contains(&"单位GDP能源消耗降低|完成省下达指标"),
        "{monitor:?}"
    );
    assert!(
        monitor.contains(&"地区生产总值（GDP）|年均增长10.7%"),
        "{monitor:?}"
    );
    // 下降3.6% has its average written with the verb too; the unit before the bracket.
    let lines = probe(&plan_fixture("national15"), 2028, None);
    assert!(
        with(&lines, "CELLS ")
            .contains(&"单位地区生产总值建设用地使用面积|—|下降3.6%（年均下降2.8%）"),
        "{lines:#?}"
    );
    let lines = probe(&plan_fixture("national15"), 2030, None);
    let cells = with(&lines, "CELLS ");
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("数字经济核心产业增加值占地区生产总值比重|6.2%（预计）|")),
        "{cells:?}"
    );
}

#[test]
fn a_column_empty_in_every_row_is_marked_to_drop() {
    // final2025, binding group: no growth indicator, so 年均增速 is "—" in all 7 rows.
    let lines = probe(&bundled(), 2025, None);
    let shown = with(&lines, "SHOWN ");
    assert_eq!(shown[0], "约束性 base=true realised=false");
    assert!(
        shown[1].starts_with("预期性 base=true realised=true"),
        "{shown:?}"
    );
    let not_completed = with(&lines, "NOT_COMPLETED ");
    assert!(
        not_completed.contains(&"地区生产总值（GDP）2021—2025年年均增长6.6%"),
        "{not_completed:?}"
    );
}
