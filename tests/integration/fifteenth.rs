//! A county's 15th plan modelled on the national 十五五 outline, with every
//! target kind of methodology part three (`tests/fixtures/plans/national15`):
//! the first year (2026), the mid-term review (2028) and the final review
//! (2030, several figures 预计). The grades were computed by hand from the
//! method, independently of the program: the arithmetic is in the
//! workspace's EXPECTED.md.

use std::fs;
use std::path::Path;

use crate::common;
use crate::common::{plan_eval, plan_fixture};
use plan_eval::evaluate::Evaluation;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::load_and_evaluate;

fn evaluated(year: i32) -> Evaluation {
    load_and_evaluate(&plan_fixture("national15"), year, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

/// Each indicator's grade as printed, with （初步） where it rests on an older figure.
fn grades(ev: &Evaluation) -> Vec<(String, String)> {
    ev.indicators
        .iter()
        .map(|i| {
            let mut grade = i.grade_label.clone();
            if i.assessment.preliminary {
                grade.push_str("（初步）");
            }
            (i.id.clone(), grade)
        })
        .collect()
}

fn reason<'a>(ev: &'a Evaluation, id: &str) -> &'a str {
    &ev.indicators
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id}"))
        .assessment
        .reason
}

fn markdown_of(dir: &Path, year: i32) -> String {
    let (data, ev) = load_and_evaluate(dir, year, None).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::from_ymd_opt(year + 1, 3, 4).unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    common::markdown(&data, &ev, &meta).1
}

/// The hand-computed table of EXPECTED.md ("Fixture grades"), 2026 / 2028 / 2030.
const EXPECTED: [(&str, &str, &str, &str); 25] = [
    // yearly: 2026 6.5 against "5.5以上", beyond by 1 point → 快于.
    ("gdp", "快于预期", "基本符合预期", "预计基本完成"),
    (
        "productivity",
        "基本符合预期",
        "明显滞后于预期",
        "预计基本完成",
    ),
    ("consumption_rate", "快于预期", "滞后于预期", "预计基本完成"),
    (
        "fiscal_revenue",
        "滞后于预期",
        "明显滞后于预期",
        "预计未完成",
    ),
    // growth 6 ± 0.5: 5.6 ≥ 5.5 lifts R = 0.933 to 基本符合.
    ("retail_sales", "基本符合预期", "滞后于预期", "预计完成"),
    ("county_rank", "提前实现", "基本符合预期", "完成"),
    // ceiling 3 ± 0.5: 3.5 is at the edge, met.
    ("cpi", "基本符合预期", "滞后于预期", "预计基本完成"),
    ("rd_expenditure", "快于预期", "快于预期", "超额完成"),
    // milestone 8 in 2028: E_2026 = 6.2 + 1.8·(1/3) = 6.8, R = 0.7/0.6 = 1.167.
    ("digital_economy", "快于预期", "滞后于预期", "预计未完成"),
    ("unemployment", "基本符合预期", "基本符合预期", "完成"),
    ("income", "滞后于预期", "基本符合预期", "预计完成"),
    ("wage", "滞后于预期", "基本符合预期", "预计未完成"),
    ("rural_income", "快于预期", "基本符合预期", "预计基本完成"),
    ("income_ratio", "基本符合预期", "滞后于预期", "预计完成"),
    ("doctors", "滞后于预期", "基本符合预期", "基本完成"),
    (
        "life_expectancy",
        "数据暂缺",
        "基本符合预期",
        "完成（初步）",
    ),
    ("co2_intensity", "快于预期", "滞后于预期", "预计基本完成"),
    ("energy_intensity", "数据暂缺", "数据暂缺", "数据暂缺"),
    (
        "pollutant_reduction",
        "基本符合预期",
        "基本符合预期",
        "预计未完成",
    ),
    (
        "water_intensity",
        "基本符合预期",
        "明显滞后于预期",
        "基本完成",
    ),
    ("land_intensity", "明显滞后于预期", "滞后于预期", "基本完成"),
    ("eco_environment", "基本符合预期", "滞后于预期", "基本完成"),
    (
        "grain_capacity",
        "基本符合预期",
        "明显滞后于预期",
        "基本完成",
    ),
    (
        "energy_capacity",
        "基本符合预期",
        "明显滞后于预期",
        "基本完成",
    ),
    ("grain_area", "基本符合预期", "滞后于预期", "未完成"),
];

#[test]
fn every_kind_is_graded_as_computed_by_hand() {
    for (column, year) in [(1, 2026), (2, 2028), (3, 2030)] {
        let expected: Vec<(String, String)> = EXPECTED
            .iter()
            .map(|row| {
                let grade = match column {
                    1 => row.1,
                    2 => row.2,
                    _ => row.3,
                };
                (row.0.to_string(), grade.to_string())
            })
            .collect();
        assert_eq!(grades(&evaluated(year)), expected, "{year}");
    }
}

#[test]
fn each_kind_says_what_decided_its_grade() {
    let ev = evaluated(2026);
    assert_eq!(reason(&ev, "gdp"), "2026年为6.5%，高于年度目标5.5%以上");
    assert_eq!(
        reason(&ev, "income"),
        "2026年为6.0%，低于地区生产总值增长6.5%，未达到与地区生产总值增长同步的目标"
    );
    assert_eq!(
        reason(&ev, "cpi"),
        "2026年为3.5%，符合控制在3%左右的要求（不高于3.5%）"
    );
    assert!(
        reason(&ev, "land_intensity")
            .starts_with("2026年下降1.5%，降幅小于目标1.5个百分点；要实现年均下降3%的目标"),
        "{}",
        reason(&ev, "land_intensity")
    );
    assert_eq!(
        reason(&ev, "energy_intensity"),
        "2026年下降2.5%；上级考核目标尚未下达，暂无法评价"
    );
    assert_eq!(
        reason(&ev, "eco_environment"),
        "据牵头单位评估，2026年达到预期"
    );
    let ev = evaluated(2028);
    assert!(reason(&ev, "county_rank").ends_with("；2026年在前20位以内"));
    assert!(reason(&ev, "digital_economy").ends_with("；2028年阶段目标8%未实现"));
    assert_eq!(
        reason(&ev, "grain_capacity"),
        "2028年为31.6万吨，低于32万吨的下限；2027年亦低于下限"
    );
    let ev = evaluated(2030);
    assert!(reason(&ev, "gdp").contains("预计2030年为4.4%，低于年度目标4.5%—5%"));
    assert_eq!(
        reason(&ev, "life_expectancy"),
        "2029年为79.7岁，达到80岁左右的目标（80岁左右即不低于79.7岁）"
    );
}

#[test]
fn the_reports_speak_the_national_words() {
    let dir = plan_fixture("national15");
    let md = markdown_of(&dir, 2026);
    // 17 of 25: 提前实现 1, 快于 6, 基本符合 10; 滞后 4 + 明显滞后 1; 数据暂缺 2;
    // the unit-assessed row in a clause of its own. Each class names every one of its
    // indicators (up to ten), the binding first.
    assert!(
        md.contains("25项主要指标中，17项基本符合或快于预期，其中县域经济综合实力全省排位提前实现，单位地区生产总值二氧化碳排放累计降低、地区生产总值增长、居民消费率、全社会研发经费投入增长、数字经济核心产业增加值占地区生产总值比重、农村居民人均可支配收入增长快于预期；单位地区生产总值建设用地使用面积明显滞后于预期，一般公共预算收入增长、居民人均可支配收入增长、城镇非私营单位在岗职工平均工资增长、每千人口执业（助理）医师数滞后于预期；单位地区生产总值能源消耗降低、人均预期寿命数据暂缺；1项由牵头单位评估，达到或基本达到预期。"),
        "{md}"
    );
    // By the plan's five areas as well.
    assert!(
        md.contains("分领域看，经济发展领域7项指标中，6项基本符合或快于预期，一般公共预算收入增长滞后于预期；创新驱动领域2项指标均基本符合或快于预期；"),
        "{md}"
    );
    for year in [2026, 2028, 2030] {
        let md = markdown_of(&dir, year);
        assert!(!md.contains("序时进度"), "{year}");
        // A remark on how a figure was counted is never printed as a cause.
        assert!(!md.contains("经分析，2030年为预计数"), "{year}");
        assert!(!md.contains("反映，2030年为预计数"), "{year}");
    }
    let md = markdown_of(&dir, 2030);
    assert!(md.contains("预计基本完成"), "{md}");
    // The target column prints the plan's own wording.
    assert!(
        md.contains("| 居民人均可支配收入增长 | 与经济增长同步 |"),
        "{md}"
    );
    // A figure published the following year is not yet out, never 未报送.
    let md = markdown_of(&dir, 2026);
    assert!(md.contains("**人均预期寿命**：尚无2026年数据（2026年数据发布后纳入评价）；该指标数据次年发布，2026年数据尚未发布。"), "{md}");
    assert!(!md.contains("县卫健局尚未报送"), "{md}");
}

#[test]
fn the_same_plan_in_the_schedule_words() {
    let from = plan_fixture("national15");
    let dir = common::temp_dir();
    common::copy_dir(&from, dir.path());
    let plan = dir.path().join("plan.yaml");
    let text = fs::read_to_string(&plan).unwrap();
    let text = text.replacen(
        "  target_year: 2030\n",
        "  target_year: 2030\n  grade_words: schedule\n",
        1,
    );
    fs::write(&plan, text).unwrap();
    let md = markdown_of(dir.path(), 2026);
    assert!(
        md.contains(
            "17项达到或快于序时进度，其中县域经济综合实力全省排位已提前实现，单位地区生产总值二氧化碳排放累计降低、地区生产总值增长、"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "农村居民人均可支配收入增长快于序时进度；单位地区生产总值建设用地使用面积明显滞后，"
        ),
        "{md}"
    );
}

/// The plan file with `indicator`'s block changed by `edit`, and check's output.
fn check_with(indicator: &str, edit: impl Fn(&str) -> String) -> (String, String) {
    let from = plan_fixture("national15");
    let dir = common::temp_dir();
    common::copy_dir(&from, dir.path());
    let plan = dir.path().join("plan.yaml");
    let text = fs::read_to_string(&plan).unwrap();
    let start = text
        .find(&format!("  - id: {indicator}\n"))
        .expect(indicator);
    let end = start
        + 2
        + text[start + 2..]
            .find("\n  - id: ")
            .unwrap_or(text.len() - start - 2);
    let changed = format!(
        "{}{}{}",
        &text[..start],
        edit(&text[start..end]),
        &text[end..]
    );
    fs::write(&plan, &changed).unwrap();
    let out = plan_eval(
        &["check", "--data", dir.path().to_str().unwrap()],
        dir.path(),
    );
    (
        changed,
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

#[test]
fn each_kind_used_wrongly_is_named_at_its_line() {
    let (plan, out) = check_with("income", |b| {
        b.replace("    reference: gdp", "    reference: gdpp")
    });
    let line = line_of(&plan, "reference: gdpp");
    assert!(out.contains(&format!(
        "plan.yaml:{line}: reference: 指标“income”对照的“gdpp”既不是规划中的指标，也不是 benchmarks 中登记的基准"
    )), "{out}");

    let (plan, out) = check_with("wage", |b| {
        b.replace("    tolerance: 0.5", "    # no tolerance")
    });
    let line = line_of(&plan, "  - id: wage");
    assert!(out.contains(&format!(
        "plan.yaml:{line}: tolerance: 指标“wage”的对照关系为“基本同步”，必须填写允许的差距（tolerance）"
    )), "{out}");

    let (plan, out) = check_with("gdp", |b| {
        b.replace("    kind: yearly", "    kind: yearly\n    target: 5")
    });
    let line = line_of(&plan, "    target: 5");
    assert!(out.contains(&format!(
        "plan.yaml:{line}: target: 指标“gdp”的目标类型为 yearly，不能填写目标值（target）；各年度的目标填在数据文件的“下达目标”（年度目标）列"
    )), "{out}");

    let (plan, out) = check_with("energy_capacity", |b| {
        b.replace("    tolerance: 3", "    # none")
    });
    let line = line_of(&plan, "  - id: energy_capacity");
    assert!(out.contains(&format!(
        "plan.yaml:{line}: tolerance: 指标“energy_capacity”的目标为保持稳定（direction: stable），必须填写与基期相比允许的波动（tolerance）"
    )), "{out}");

    let (plan, out) = check_with("county_rank", |b| {
        b.lines()
            .filter(|l| !l.trim_start().starts_with("group:"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let line = line_of(&plan, "  - id: county_rank");
    assert!(
        out.contains(&format!(
            "plan.yaml:{line}: group: 指标“county_rank”的目标类型为 rank，必须填写排位范围（group）"
        )),
        "{out}"
    );

    let (plan, out) = check_with("unemployment", |b| {
        b.replace("    kind: ceiling", "    kind: ceiling\n    relation: 高于")
    });
    let at = line_of(&plan, "  - id: unemployment");
    let line = at
        + plan
            .lines()
            .skip(at)
            .position(|l| l == "    relation: 高于")
            .unwrap()
        + 1;
    assert!(out.contains(&format!(
        "plan.yaml:{line}: relation: 指标“unemployment”的目标类型为 ceiling，不能填写对照关系（relation）；relation 只用于 relative 类指标"
    )), "{out}");
}

#[test]
fn an_older_template_comparing_the_old_grade_words_is_named_at_its_line() {
    let dir = common::temp_dir();
    let data = dir.path().join("data");
    common::copy_dir(&plan_fixture("national15"), &data);
    let templates = dir.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    // The report template as an older init wrote it: grades compared in the 序时进度 words.
    let built_in = fs::read_to_string(common::root().join("templates/report.md")).unwrap();
    let old = built_in.replace(
        "{% if i.lagging %}",
        "{% if i.grade in [\"滞后于序时进度\", \"明显滞后\"] %}",
    );
    assert_ne!(old, built_in);
    fs::write(templates.join("report.md"), &old).unwrap();
    let line = old
        .lines()
        .position(|l| l.contains("\"滞后于序时进度\""))
        .unwrap()
        + 1;
    let args = [
        "report",
        "--data",
        "data",
        "--templates",
        "templates",
        "--year",
        "2026",
        "--out",
        "draft",
    ];
    let out = plan_eval(&args, dir.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "templates/report.md:{line}: 按评价等级“滞后于序时进度”作判断，但本规划的评价用语为全国规划评估用语"
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("draft").exists());
    // The same template serves a plan that keeps the schedule words.
    let plan = data.join("plan.yaml");
    let text = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        text.replacen(
            "  target_year: 2030\n",
            "  target_year: 2030\n  grade_words: schedule\n",
            1,
        ),
    )
    .unwrap();
    let out = plan_eval(&args, dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_evaluator_is_warned_of_what_it_has_not_reported_itself() {
    // national15's 县发改局 evaluates and leads T5-2, which has no 2026 report.
    let out = tempfile::tempdir().unwrap();
    let report = common::plan_eval(
        &[
            "report",
            "--year",
            "2026",
            "--date",
            "2027-03-04",
            "--data",
            plan_fixture("national15").to_str().unwrap(),
            "--out",
            out.path().join("r").to_str().unwrap(),
        ],
        out.path(),
    );
    common::assert_success(&report);
    let stderr = String::from_utf8_lossy(&report.stderr);
    assert!(
        stderr.contains(
            "警告：评估单位县发改局本身牵头的任务“提升能源安全保障能力”尚无 2026 年度数据或进展，报告中将写明由其补齐；建议补齐后再定稿"
        ),
        "{stderr}"
    );
    // 2030: every task and figure the bureau leads is in; no such warning.
    let report = common::plan_eval(
        &[
            "report",
            "--year",
            "2030",
            "--date",
            "2031-03-04",
            "--data",
            plan_fixture("national15").to_str().unwrap(),
            "--out",
            out.path().join("r30").to_str().unwrap(),
        ],
        out.path(),
    );
    common::assert_success(&report);
    assert!(!String::from_utf8_lossy(&report.stderr).contains("评估单位"));
}
