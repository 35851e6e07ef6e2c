//! Two 15th plans written for review, unlike the other fixtures
//! (`tests/fixtures/plans/mountain15`, 翠岭县: yearly GDP targets, ranks,
//! targets without figures, a unit that never reports; `coastal15`, 澄湾县:
//! schedule words, an `evaluation:` block, projects that start late or are
//! cancelled). Each test holds sentences the reports printed wrongly, as
//! /work/review2/findings.md records them, and what is true of the data.

use std::path::Path;

use crate::common;
use crate::common::plan_fixture;
use plan_eval::report::ReportMeta;
use plan_eval::run::pipeline::load_and_evaluate;

/// The report's Markdown for `year` of a fixture, signed on `date` ("2027-03-04").
fn report(fixture: &str, year: i32, date: &str) -> String {
    markdown_in(&plan_fixture(fixture), year, date)
}

fn markdown_in(dir: &Path, year: i32, date: &str) -> String {
    let (data, ev) = load_and_evaluate(dir, year, None).unwrap_or_else(|e| panic!("{e}"));
    let meta = ReportMeta {
        date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        sample: data.sample,
        charts: vec![],
    };
    common::markdown(&data, &ev, &meta).1
}

/// The report's paragraph that starts with `start`.
fn paragraph<'a>(md: &'a str, start: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starting {start}"))
}

#[test]
fn the_method_paragraph_keeps_sentences_apart_and_dates_true() {
    // U13: the plan's third-party and public-input words ran together.
    let md = report("coastal15", 2026, "2027-03-04");
    let method = paragraph(&md, "本次评估采取");
    assert!(
        method.ends_with(
            "委托东溟市社会科学院开展第三方独立评估。通过县政府门户网站公开征求意见，收到意见建议36条。现将有关情况报告如下。"
        ),
        "{method}"
    );
    // U14: a mid-term's cut-off (2028-06-30) is not the 2026 report's, which is signed in 2027.
    assert!(!method.contains("评估所用资料截至"), "{method}");
    // …nor the mid-term's own when it grades full-year 2028 figures.
    let mid = report("coastal15", 2028, "2029-03-04");
    let method = paragraph(&mid, "本次评估采取");
    assert!(method.contains("数据截至2028年"), "{method}");
    assert!(
        !method.contains("评估所用资料截至2028年6月30日"),
        "{method}"
    );
    // U15: a final signed on 2030-12-20 does not cite forms due on 2031-01-31.
    let december = report("mountain15", 2030, "2030-12-20");
    let method = paragraph(&december, "本次评估采取");
    assert!(!method.contains("报送期限为2031年1月31日"), "{method}");
    let march = report("mountain15", 2030, "2031-03-04");
    assert!(
        paragraph(&march, "本次评估采取").contains("（报送期限为2031年1月31日）"),
        "the due date stays in a report signed after it"
    );
}

#[test]
fn the_monitoring_table_prints_verdicts_and_marks_estimates() {
    // U16: an assessed indicator's verdict was printed as its code (达到预期 = 2.0).
    let md = report("mountain15", 2030, "2031-03-04");
    let row = paragraph(&md, "| 12 | 养老服务水平 | 预期性 |");
    assert_eq!(
        row,
        "| 12 | 养老服务水平 | 预期性 |  | — | 持续改善 | 达到预期 | 达到预期 | 基本达到 | 达到预期 | 达到预期 | 完成 | 县民政局 |"
    );
    // U27: the final's 预计 figures were not told from published ones.
    let coastal = report("coastal15", 2030, "2031-03-04");
    let row = paragraph(&coastal, "| 1 | 地区生产总值 | 预期性 |");
    assert!(row.contains("| 745 | 785* | 预计完成 |"), "{row}");
    assert_eq!(
        paragraph(&coastal, "注：增长类指标"),
        "注：增长类指标为当年增速（%）；累计类指标为当年数值；上级下达类指标为“实际完成/下达目标”；带“*”的为预计数；“—”表示无数据。"
    );
    assert!(paragraph(&md, "注：增长类指标").contains("由牵头单位评估的指标为其评估意见；"));
    // A year with no estimate and no assessed indicator keeps the note as it was.
    let first = report("coastal15", 2026, "2027-03-04");
    assert_eq!(
        paragraph(&first, "注：增长类指标"),
        "注：增长类指标为当年增速（%）；累计类指标为当年数值；上级下达类指标为“实际完成/下达目标”；“—”表示无数据。"
    );
}

#[test]
fn projects_not_begun_or_cancelled_are_not_unreported() {
    // U17: P4 and P6 start in 2027; only P1 was owed in 2026.
    let first = report("coastal15", 2026, "2027-03-04");
    assert!(
        first.contains(
            "规划确定的6项重大项目中，3项按计划推进，未开工2项，1项未报送2026年进展情况。"
        ),
        "{}",
        paragraph(&first, "规划确定的")
    );
    // P6 was reported 已调整 in 2027 and owes nothing afterwards.
    let mid = report("coastal15", 2028, "2029-03-04");
    let projects = paragraph(&mid, "规划确定的");
    assert!(
        projects.starts_with(
            "规划确定的6项重大项目中，1项已竣工，1项按计划推进，进度滞后1项，已调整1项，2项未报送2028年进展情况。"
        ),
        "{projects}"
    );
    assert!(!projects.contains("县城北区污水处理厂未报送"), "{projects}");
    assert!(!mid.contains("未报送“县城北区污水处理厂”"));
    let last = report("coastal15", 2030, "2031-03-04");
    assert!(
        paragraph(&last, "规划确定的").starts_with(
            "规划确定的6项重大项目中，4项已竣工，已调整1项，1项未报送2030年进展情况。"
        ),
        "{}",
        paragraph(&last, "规划确定的")
    );
}

#[test]
fn an_older_figure_is_said_to_be_unpublished_only_when_it_is() {
    // U10: trade is not published late; its 2028 figure was not reported.
    let mid = report("coastal15", 2028, "2029-03-04");
    let trade = paragraph(&mid, "4\\.**外贸进出口总额增长**");
    assert!(
        trade.ends_with("快于序时进度，预计能够完成。2028年数据缺失，采用2027年数据。"),
        "{trade}"
    );
    // A figure measured every two years (2025, 2027, 2029) is not owed in 2028…
    let life = paragraph(&mid, "11\\.**人均预期寿命**");
    assert!(
        life.ends_with(
            "该指标每两年统计一次，采用2027年数据（2027年监测值，2028年发布；每两年监测一次）。"
        ),
        "{life}"
    );
    // …and one of a measured year published the next is “尚未发布” (mountain: 2026, 2028, 2030).
    let last = report("mountain15", 2030, "2031-03-04");
    let life = paragraph(&last, "10\\.**人均预期寿命**");
    assert!(
        life.ends_with(
            "（初步评价）。2030年数据尚未发布，采用2028年数据（2028年测算值，2029年发布；每两年测算一次）。"
        ),
        "{life}"
    );
    // U11: 2029 is not a year the figure is measured in.
    let m2029 = report("mountain15", 2029, "2030-03-04");
    let life = paragraph(&m2029, "10\\.**人均预期寿命**");
    assert!(
        life.ends_with(
            "该指标每两年统计一次，采用2028年数据（2028年测算值，2029年发布；每两年测算一次）。"
        ),
        "{life}"
    );
    assert!(!life.contains("2029年数据尚未发布"), "{life}");
    // U12: a figure printed for the year is not also “尚未发布”.
    let first = report("coastal15", 2026, "2027-03-04");
    assert!(first.contains(
        "3\\.**单位地区生产总值二氧化碳排放降低**：2026年下降3.5%；上级考核目标尚未下达，暂无法评价。\n"
    ));
}

#[test]
fn a_trend_says_unchanged_for_a_change_below_one_printed_unit() {
    // U2: 2.05 → 2.10 is less than one unit of the printed digits (0.1): a year
    // against (methodology), but the text said “较上年提高0.1个百分点”.
    let last = report("mountain15", 2030, "2031-03-04");
    let rd = paragraph(&last, "6\\.**研发经费投入强度**");
    assert_eq!(
        rd,
        "6\\.**研发经费投入强度**：预计2030年为2.1%，较上年持平，较2025年提高0.3个百分点；目标为持续提高；2027年、2030年较上年未提高，预计基本完成。"
    );
    // 1.85 → 1.95 is one unit: a rise, whatever the rounding prints.
    let mid = report("mountain15", 2028, "2029-03-04");
    let rd = paragraph(&mid, "6\\.**研发经费投入强度**");
    assert!(
        rd.starts_with("6\\.**研发经费投入强度**：2028年为2.0%，较上年提高0.1个百分点，"),
        "{rd}"
    );
    assert!(rd.ends_with("2027年较上年未提高，基本符合预期。"), "{rd}");
    // The words of a falling target.
    let coastal = report("coastal15", 2028, "2029-03-04");
    assert!(
        paragraph(&coastal, "8\\.**城乡居民人均可支配收入比**")
            // Its wording is 持续缩小: a ratio narrows or widens (B8).
            .contains("目标为持续缩小；2027年较上年未缩小，"),
    );
}

#[test]
fn a_remark_on_how_a_figure_is_counted_is_no_cause() {
    // U9: the note “名义增速” was printed as why income lagged.
    let md = report("mountain15", 2026, "2027-03-04");
    assert!(!md.contains("据县统计局反映，名义增速"), "{md}");
    assert!(md.contains("二是民生福祉领域，居民人均可支配收入增长滞后于预期；"));
}

#[test]
fn a_final_without_the_last_figure_is_held_to_its_own_years_schedule() {
    // U1: the 2026—2029 cumulative 1−(0.959·0.962·0.965·0.961) = 14.45% is on the
    // 2029 schedule, 18% × 4/5 = 14.4%; it was graded 未完成 against the five-year 18%.
    let last = report("mountain15", 2030, "2031-03-04");
    assert_eq!(
        paragraph(&last, "2\\.**单位地区生产总值二氧化碳排放降低**"),
        "2\\.**单位地区生产总值二氧化碳排放降低**：2026—2029年累计下降14.45%，按2029年进度要求应累计下降14.4%（规划期目标累计下降18%左右、不少于17.5%），完成进度要求的100.3%，完成（初步评价）。2030年数据尚未发布，采用2029年数据（2029年核算值，2030年发布）。"
    );
    assert!(!last.contains("未实现累计下降18%左右的目标"));
    // 80.2 → 80.9 in 2029 against 80.2 + 0.8 × 4/5 = 80.84 (coastal, measured every two years):
    // the share graded (and drawn) is of that schedule, 0.7/0.64 = 109.4 % (B2).
    let coastal = report("coastal15", 2030, "2031-03-04");
    assert_eq!(
        paragraph(&coastal, "11\\.**人均预期寿命**"),
        "11\\.**人均预期寿命**：2029年为80.9岁，按2029年进度要求应达到80.8岁（规划目标为81岁），完成进度要求的109.4%，完成（初步评价）。该指标每两年统计一次，采用2029年数据（2029年监测值，2030年发布；每两年监测一次）。"
    );
}

#[test]
fn a_rank_and_a_band_name_every_year_on_each_side() {
    // U4: 2027 (9th) was inside the top 10 too, not only 2026.
    let mid = report("mountain15", 2028, "2029-03-04");
    assert!(
        paragraph(&mid, "5\\.**县域经济高质量发展综合评价全省位次**").contains(
            "2028年居全省县（市）第12位（2025年第8位），未进入前10位；2026年、2027年在前10位以内，"
        ),
        "{}",
        paragraph(&mid, "5\\.**县域经济高质量发展综合评价全省位次**")
    );
    // U5: 2030 is inside; the years outside before it are not “亦” outside.
    let last = report("mountain15", 2030, "2031-03-04");
    let rank = paragraph(&last, "5\\.**县域经济高质量发展综合评价全省位次**");
    assert!(
        rank.contains("2030年居全省县（市）第10位（2025年第8位），在前10位以内；2028年、2029年在目标位次之外，"),
        "{rank}"
    );
    // A band missed below in 2029 and above in 2027: 亦 only on the same side.
    let m2029 = report("mountain15", 2029, "2030-03-04");
    let area = paragraph(&m2029, "5\\.**粮食播种面积**");
    assert!(
        area.contains("低于目标区间36万亩左右（35～37万亩）的下限；2027年高于目标区间上限，"),
        "{area}"
    );
}

#[test]
fn a_share_moving_away_from_its_target_is_said_so() {
    // U3: “已完成规划期提高幅度的-5%” (26.0 → 25.8 against a rise to 30%).
    let mid = report("coastal15", 2028, "2029-03-04");
    let share = paragraph(&mid, "5\\.**海洋生产总值占地区生产总值比重**");
    assert!(
        share.contains(
            "2028年为25.8%，按序时进度应达到28.4%，较2025年下降0.2个百分点，与目标方向相反；"
        ),
        "{share}"
    );
    assert!(!mid.contains("幅度的-"));
}

#[test]
fn a_level_about_a_figure_is_within_reach_at_its_bound() {
    // U31: 63.5 → 66.3 by 2029 projects to 67.0 in 2030, the bound of “68%左右”
    // (τ = 1): within reach at the average pace (the fitted trend, 0.69 a year, is
    // just short: 有望完成), not 完成难度很大.
    let m2029 = report("coastal15", 2029, "2030-03-04");
    let urban = paragraph(&m2029, "9\\.**常住人口城镇化率**");
    assert!(
        urban.ends_with("目标为68%左右，符合序时进度，有望完成。"),
        "{urban}"
    );
    // The mid-term no longer proposes to adjust it, and says what the bound needs.
    let mid = report("coastal15", 2028, "2029-03-04");
    let adjust = paragraph(&mid, "按目前进度测算");
    assert!(!adjust.contains("常住人口城镇化率"), "{adjust}");
    assert!(
        !mid.contains("常住人口城镇化率虽符合序时进度，但按目前进度测算"),
        "{mid}"
    );
}

#[test]
fn a_growth_compared_with_the_averages_says_its_verb_once() {
    // U21: “社会消费品零售总额增长增长7.4%”.
    let md = report("mountain15", 2026, "2027-03-04");
    assert!(
        md.contains("社会消费品零售总额增长7.4%，高于全市平均水平0.4个百分点"),
        "{md}"
    );
    assert!(!md.contains("增长增长"));
    let mid = report("mountain15", 2028, "2029-03-04");
    assert!(mid.contains("社会消费品零售总额下降1.5%，低于全市平均水平5.7个百分点"));
    // A yearly-set target's name is itself a rate: no “增长为”.
    assert!(
        mid.contains("从横向比较看，2028年，地区生产总值增长5.2%，低于全省平均水平0.2个百分点"),
        "{mid}"
    );
    assert!(!mid.contains("增长为"), "{mid}");
}

#[test]
fn floors_ceilings_bands_and_yearly_quotas_are_not_forecast() {
    // U32: the methodology's outlook table prints none beyond the grade for these kinds.
    let mid = report("mountain15", 2028, "2029-03-04");
    assert!(
        mid.contains("3\\.**森林覆盖率**：2028年为71.9%，低于72%的下限，滞后于预期。"),
        "{mid}"
    );
    assert!(
        mid.contains("9\\.**城镇调查失业率**：2028年为5.6%，超过5.5%的上限，滞后于预期。"),
        "{mid}"
    );
    let first = report("coastal15", 2026, "2027-03-04");
    assert!(
        first.contains(
            "12\\.**居民消费价格涨幅**：2026年为0.8%，低于目标区间2～3%的下限，滞后于序时进度。"
        ),
        "{first}"
    );
}

#[test]
fn achievements_state_every_item_and_a_relation_over_the_period() {
    // U19: “养老服务水平，均完成规划目标” had no figure and no verb;
    // U20: a relation to GDP growth was stated by its last year alone (5.8%).
    let last = report("mountain15", 2030, "2031-03-04");
    let good = paragraph(&last, "高新技术企业数2030年为64家");
    assert!(
        // 2030 is an estimate (预计), so is the average that takes it in (B22).
        good.contains("居民人均可支配收入增长2026—2030年预计年均增长6.1%")
            || good.contains("居民人均可支配收入2026—2030年预计年均增长6.1%"),
        "{good}"
    );
    assert!(
        good.contains("养老服务水平据牵头单位评估2030年达到预期"),
        "{good}"
    );
    assert!(!good.contains("养老服务水平，"), "{good}");
}

#[test]
fn the_final_says_mostly_completed_only_when_most_are() {
    // U22: 4 of 17 完成 or 超额完成 (10 基本完成, 2 未完成) is not “大部分完成”.
    let last = report("mountain15", 2030, "2031-03-04");
    let overall = paragraph(&last, "五年来各责任单位");
    assert!(
        overall.starts_with("五年来各责任单位按照任务分工推进规划实施，《规划纲要》确定的主要目标任务基本完成，但仍有"),
        "{overall}"
    );
}

#[test]
fn a_rank_whose_schedule_is_still_its_base_asks_for_no_rise() {
    // U6: “按序时进度应升至第4位以内” when the base was 4th (⌈4 − 1 × 3/5⌉ = 4).
    let mid = report("coastal15", 2028, "2029-03-04");
    let rank = paragraph(&mid, "6\\.**县域经济综合考评全市排名**");
    assert!(
        rank.starts_with(
            "6\\.**县域经济综合考评全市排名**：2028年居全市县（市、区）第4位（2025年第4位），未进入前3位；2026年、2027年在前3位以内，"
        ),
        "{rank}"
    );
}

#[test]
fn projects_finished_early_or_late_or_over_budget_are_said() {
    // U18: P3 reported 已竣工 in 2027 (planned 2029, “提前一年建成投用”), P1 in 2030
    // (planned 2028), P4 in 2028 (planned 2027); P1 10.9 and P2 17.0 亿元 reported
    // against totals of 10 and 15.
    let mid = report("mountain15", 2028, "2029-03-04");
    assert!(
        paragraph(&mid, "规划确定的").ends_with(
            "其中，县中医院迁建工程提前2年建成（计划2029年）；县中医院迁建工程累计完成投资6.1亿元，超过计划总投资6亿元；县城垃圾焚烧发电厂较计划推迟1年建成（计划2027年）。"
        ),
        "{}",
        paragraph(&mid, "规划确定的")
    );
    let last = report("mountain15", 2030, "2031-03-04");
    assert!(
        paragraph(&last, "规划确定的").ends_with(
            "其中，翠岭高山茶产业园较计划推迟2年建成（计划2028年）；翠岭高山茶产业园累计完成投资10.9亿元，超过计划总投资10亿元；云雾山旅游公路累计完成投资17亿元，超过计划总投资15亿元；县中医院迁建工程提前2年建成（计划2029年）；县中医院迁建工程累计完成投资6.1亿元，超过计划总投资6亿元；县城垃圾焚烧发电厂较计划推迟1年建成（计划2027年）。"
        ),
        "{}",
        paragraph(&last, "规划确定的")
    );
}

#[test]
fn a_short_list_of_completed_tasks_names_every_one() {
    // U26: five titles then “等7项任务全面完成”; seven titles are not too many to name.
    let last = report("coastal15", 2030, "2031-03-04");
    assert!(last.contains(
        "“发展海洋牧场和远洋渔业”“建设海洋科技创新平台”“实施全民参保计划”“推进以人为本的新型城镇化”“实施近岸海域综合治理”“建设海堤和防潮排涝工程”“稳定粮食生产”7项任务全面完成。"
    ));
}

#[test]
fn an_achievement_that_fell_back_says_so() {
    // U24: doctors reached 3.2 in 2028 and fell to 3.15 in 2029; 成效 said only “快于预期”.
    let md = report("mountain15", 2029, "2030-03-04");
    assert!(
        md.contains("每千人口执业（助理）医师数2029年为3.15人（2028年曾达到3.2人）"),
        "{}",
        paragraph(&md, "高新技术企业数2029年")
    );
}

#[test]
fn the_evaluators_own_problems_are_its_own_analysis() {
    // coastal15's T4-1 is led by 县发改委, the evaluator, which reports its problem itself:
    // the report does not have it "reflect" to itself, nor name itself by its short name.
    let mid = report("coastal15", 2028, "2029-03-04");
    assert!(
        mid.contains("三是在“推进绿色低碳发展”方面，经分析，海域使用审批延后。"),
        "{mid}"
    );
    assert!(!mid.contains("我委反映"), "{mid}");
    assert!(!mid.contains("县发改委反映"), "{mid}");
}
