//! The report templates' own sentences, as a planning officer reads them, on the
//! bundled plan (2021–2025) and the national15 fixture (2026–2030): the mid-term
//! review to the people's congress speaks for the government; a task its unit
//! reports 已完成 is 已完成 before the final, never 全面完成; the first year is the
//! 开局之年; the final review signed after the plan period recommends for the next
//! plan's implementation, not its drafting; counting sentences say 均 only of
//! several; no sentence points the reader to another part; the standing measures
//! are one paragraph after the measures for what lags; indicators on track but
//! hard to complete are a risk, not a lagging indicator.

use std::fs;
use std::path::Path;

use crate::common;
use crate::common::{bundled, plan_fixture};
use chrono::NaiveDate;
use plan_eval::model::vocabulary::EvaluationKind;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::load_and_evaluate;

/// The Markdown report of `dir` for `year`, of `kind` (None: as the plan decides),
/// signed on `date` ("YYYY-MM-DD").
fn report(dir: &Path, year: i32, kind: Option<EvaluationKind>, date: &str) -> String {
    let (data, ev) = load_and_evaluate(dir, year, kind).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    common::markdown(&data, &ev, &meta).1
}

/// The part of `md` under the heading that starts with `heading` (a line
/// beginning "## " or "### "), up to the next heading of the same level or above.
fn part<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("no heading {heading} in:\n{md}"))
        + 1;
    let level = heading.split(' ').next().unwrap().len();
    let rest = &md[start..];
    let body_at = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let end = rest[body_at..]
        .match_indices('\n')
        .map(|(i, _)| body_at + i + 1)
        .find(|&i| {
            let line = &rest[i..];
            let hashes = line.chars().take_while(|c| *c == '#').count();
            hashes > 0 && hashes <= level && line[hashes..].starts_with(' ')
        })
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The body of a report without its tables and annexes (what the paragraphs say).
fn prose(md: &str) -> String {
    let body = md.split("<!-- pe:landscape -->").next().unwrap();
    body.lines()
        .filter(|l| !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_mid_term_review_to_the_congress_speaks_for_the_government() {
    let md = report(&plan_fixture("national15"), 2028, None, "2029-03-04");
    let text = prose(&md);
    assert!(text.contains(
        "根据《中华人民共和国各级人民代表大会常务委员会监督法》有关规定，县人民政府组织县发改局会同各责任单位对《规划纲要》实施情况进行了中期评估。"
    ));
    // The government's internal task notice is not the basis of a report to the congress.
    assert!(!text.contains("任务分工方案的通知"), "{text}");
    // Nobody in it speaks as 我局, and it does not advise the government it speaks for.
    assert!(!text.contains("我局"), "{text}");
    assert!(!text.contains("建议县人民政府"), "{text}");
    assert!(text.contains("县人民政府将把《规划纲要》实施摆在重要位置"));
    assert!(text.contains("**1\\.实施重点领域节能降碳改造**。县发改局牵头，进度滞后。"));
    assert!(text.contains(
        "1\\.**全员劳动生产率增长**。针对全员劳动生产率增长未能高于地区生产总值增长的情况，县发改局将分析差距及其原因"
    ));
    // Signed by the government, without 特此报告.
    assert!(text.contains("<!-- pe:signature -->\n云岫县人民政府  \n2029年3月4日"));
    assert!(!text.contains("特此报告"));
    assert!(!text.contains("云岫县发展和改革局"));
}

#[test]
fn any_plan_to_its_congress_speaks_for_its_government() {
    // The bundled plan, its mid-term sent to the 市人大常委会: the same voice with its names.
    let dir = common::temp_dir();
    let data = dir.path().join("data");
    common::copy_data(&data);
    let plan = data.join("plan.yaml");
    let yaml = fs::read_to_string(&plan).unwrap().replacen(
        "  addressee_full: 丹江口市人民政府\n",
        "  addressee_full: 丹江口市人民政府\n  midterm_addressee: 市人大常委会\n",
        1,
    );
    fs::write(&plan, yaml).unwrap();
    let md = report(&data, 2023, Some(EvaluationKind::Midterm), "2024-03-04");
    let text = prose(&md);
    assert!(text.contains("<!-- pe:addressee -->\n市人大常委会："));
    assert!(text.contains("根据《中华人民共和国各级人民代表大会常务委员会监督法》有关规定，市人民政府组织市发改局会同各责任单位"));
    assert!(!text.contains("我局"), "{text}");
    assert!(!text.contains("建议市人民政府"), "{text}");
    assert!(text.contains("市人民政府将把《规划纲要》实施摆在重要位置"));
    assert!(text.contains("<!-- pe:signature -->\n丹江口市人民政府  \n2024年3月4日"));
    // The same year to the government: the bureau speaks and signs.
    let md = report(
        &bundled(),
        2023,
        Some(EvaluationKind::Midterm),
        "2024-03-04",
    );
    assert!(md.contains("我局将健全主要指标动态监测制度"));
    assert!(md.contains("<!-- pe:signature -->\n丹江口市发展和改革局  \n2024年3月4日"));
}

#[test]
fn a_task_completed_before_the_final_is_completed_as_its_unit_reports_it() {
    let annual = report(&bundled(), 2024, None, "2025-03-04");
    let first = report(&plan_fixture("national15"), 2026, None, "2027-03-04");
    let mid = report(&plan_fixture("national15"), 2028, None, "2029-03-04");
    for md in [&annual, &first, &mid] {
        assert!(!prose(md).contains("”全面完成"), "{md}");
        assert!(!prose(md).contains("重点任务全面完成"), "{md}");
    }
    assert!(annual.contains("### （三）一批重点任务已完成"));
    assert!(annual.contains("市水利湖泊局牵头的“夯实水利基础设施”已完成。规划内53座病险水库"));
    // The unit's text ends in 完成: it says so once.
    assert!(annual.contains(
        "丹江口经济开发区牵头推进“优化园区产业布局”，开发区获批省级高新技术产业开发区，主导产业产值占园区工业总产值比重提高到68%，园区布局优化任务全面完成。"
    ));
    // A year's target met is what the text says, not the plan period's task done.
    assert!(first.contains(
        "县科技局牵头推进“加大研发投入和企业创新主体培育”，年度研发投入奖补资金1200万元全部兑现，新增高新技术企业8家，完成年度目标。"
    ));
    assert!(mid.contains("### （二）部分重点任务已完成"));
    // The final: 全面完成, the unit's 完成 not repeated, at most five titles named.
    let fin = report(&bundled(), 2025, None, "2026-03-04");
    assert!(fin.contains("在“强化生态修复”方面，剩余3处废弃矿山修复工程完工验收"));
    assert!(!fin.contains("“强化生态修复”已完成："));
    assert!(fin.contains(
        "“优化园区产业布局”“加快传统产业转型升级”“加快创新体系建设”“支持汉江集团做大做强”“优化农业区域布局”等21项任务全面完成。\n"
    ));
    assert!(fin.contains("本部分4项任务中，2项已完成，1项正在推进、1项进度滞后。"));
    assert!(fin.contains("规划确定的4项重大项目中，2项已竣工，2项未报送2025年进展情况。"));
}

#[test]
fn the_year_is_named_as_the_genre_names_it() {
    let first = report(&plan_fixture("national15"), 2026, None, "2027-03-04");
    assert!(first.contains("2026年是《规划纲要》实施的开局之年。"));
    let annual = report(&bundled(), 2024, None, "2025-03-04");
    assert!(annual.contains("2024年是《规划纲要》实施的第四年。"));
    // Signed after the plan period, the next plan is adopted: its implementation.
    let fin = report(&bundled(), 2025, None, "2026-03-04");
    assert!(fin.contains("## 七、对“十五五”规划实施的建议"));
    assert!(fin.contains("建议在“十五五”规划实施中保持相关政策的连续性和稳定性"));
    assert!(fin.contains("未全面完成的任务需转入常态化推进或在“十五五”规划实施中接续推进。"));
    assert!(!fin.contains("规划编制和实施的建议"));
    // Signed within the target year, while the next plan is drafted.
    let early = report(&bundled(), 2025, None, "2025-12-20");
    assert!(early.contains("## 七、对“十五五”规划编制和实施的建议"));
    assert!(early.contains("建议在“十五五”规划编制中保持相关政策的连续性和稳定性"));
}

#[test]
fn counting_sentences_say_all_only_of_several_and_point_nowhere() {
    let mid = report(
        &bundled(),
        2023,
        Some(EvaluationKind::Midterm),
        "2024-03-04",
    );
    assert!(mid.contains("7项约束性指标均基本符合或快于预期。"));
    assert!(mid.contains("### （二）部分指标进展好于预期"));
    let first = report(&plan_fixture("national15"), 2026, None, "2027-03-04");
    assert!(first.contains("；1项由牵头单位评估，达到或基本达到预期。"));
    assert!(!first.contains("（均达到或基本达到预期）"));
    let congress = report(&plan_fixture("national15"), 2028, None, "2029-03-04");
    // Each member with its own grade word (the lists helper's area sentences).
    assert!(congress.contains(
        "安全保障领域3项指标中，粮食综合生产能力、能源综合生产能力明显滞后于预期，粮食播种面积滞后于预期。"
    ));
    assert!(
        congress.contains(
            // The unit-assessed 生态环境质量 apart, as in the head count (B6).
            "单位地区生产总值二氧化碳排放累计降低、单位地区生产总值建设用地使用面积滞后于预期，单位地区生产总值能源消耗降低数据暂缺，生态环境质量经牵头单位评估未达到预期；"
        )
    );
    let annual = report(&bundled(), 2024, None, "2025-03-04");
    let fin = report(&bundled(), 2025, None, "2026-03-04");
    for md in [&mid, &first, &congress, &annual, &fin] {
        assert!(!md.contains("见本报告"), "{md}");
        assert!(!md.contains("以下不再重复"), "{md}");
    }
}

#[test]
fn the_method_names_the_older_figures_and_says_the_sources_once() {
    let annual = report(&bundled(), 2024, None, "2025-03-04");
    assert!(annual.contains(
        "有数据的20项指标中，8项采用统计部门发布的数据，12项采用责任单位报送的部门统计数据，数据截至2024年（人均预期寿命为2023年数据）。现将有关情况报告如下。"
    ));
    assert!(!annual.contains("评估数据主要来源于"));
    assert!(!annual.contains("采用此前年份数据"));
}

#[test]
fn the_standing_measures_are_one_paragraph_after_the_measures_for_what_lags() {
    let annual = report(&bundled(), 2024, None, "2025-03-04");
    let measures = part(&annual, "## 六、对策建议");
    for heading in ["加强组织领导", "强化协调配合", "严格监测评估和督查考核"]
    {
        assert!(!measures.contains(heading), "{measures}");
    }
    let standing = part(measures, "### （七）强化规划实施保障")
        .split("<!-- pe:closing -->")
        .next()
        .unwrap();
    assert_eq!(standing.trim().lines().filter(|l| !l.is_empty()).count(), 2);
    assert!(standing.contains("建议市人民政府把《规划纲要》实施摆在重要位置"));
    assert!(standing.contains("我局将健全主要指标动态监测制度"));
    // Keeping what goes well comes after the measures for what lags.
    let lagging = measures.find("加快推进滞后任务").unwrap();
    let good = measures.find("### （六）巩固拓展良好态势").unwrap();
    assert!(lagging < good);
    assert!(measures.contains(
        "每千人口执业（助理）医师数已提前实现规划目标，常住人口城镇化率、研发经费投入快于预期，建议相关牵头单位保持政策连续性和稳定性，我局将持续跟踪监测，防止指标回落。"
    ));
}

#[test]
fn an_indicator_on_track_but_hard_to_complete_is_a_risk_not_a_lag() {
    let mid = report(
        &bundled(),
        2023,
        Some(EvaluationKind::Midterm),
        "2024-03-04",
    );
    let problems = part(&mid, "## 六、存在的问题和后半期面临的风险");
    let lagging = part(problems, "### （一）部分指标滞后于预期");
    assert!(!lagging.contains("城镇居民人均可支配收入"), "{lagging}");
    assert!(lagging.contains(
        "一是民生福祉领域，人均预期寿命滞后于预期，完成难度较大，2024—2025年需年均提高0.19岁；"
    ));
    let risks = part(problems, "### （二）后半期部分指标完成规划目标压力较大");
    assert!(risks.contains(
        "城镇居民人均可支配收入虽基本符合预期，但按目前进度测算，实现规划目标难度较大，2024—2025年需年均增长7.4%。"
    ));
    let first = report(&plan_fixture("national15"), 2026, None, "2027-03-04");
    let lagging = part(&first, "### （一）部分指标滞后于预期");
    assert!(!lagging.contains("数字经济"), "{lagging}");
    assert!(first.contains(
        "### （二）部分指标完成规划目标压力较大\n\n数字经济核心产业增加值占地区生产总值比重虽快于预期，但按目前进度测算，实现规划目标难度较大，2027—2030年需年均提高0.8个百分点。"
    ));
    // 人均预期寿命 (80岁左右, τ = 0.3) reaches 79.75 ≥ 79.7 on its pace: not a risk.
    let congress = report(&plan_fixture("national15"), 2028, None, "2029-03-04");
    assert!(congress.contains(
        "### （二）后半期部分指标完成规划目标压力较大\n\n县域经济综合实力全省排位虽基本符合预期，但按目前进度测算，实现规划目标难度较大。\n"
    ));
    // Without such an indicator a mid-term review names no risk in its heading.
    let calm = report(
        &bundled(),
        2024,
        Some(EvaluationKind::Midterm),
        "2025-03-04",
    );
    assert!(calm.contains("## 六、存在的主要问题"));
    assert!(!calm.contains("后半期面临的风险"));
}
