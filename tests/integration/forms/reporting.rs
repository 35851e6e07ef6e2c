//! Who has still to report: the 报送情况 table, `check`'s count per unit and
//! the report naming the units that have not reported.
//! It must not write or collect forms beyond what these need.

use plan_eval::forms::status;

use super::*;

#[test]
fn status_table_of_the_bundled_data() {
    let data = dataset::load(&common::bundled()).unwrap();
    insta::assert_snapshot!(status::markdown(YEAR, &status::of(&data, YEAR)));
}

#[test]
fn check_says_how_many_items_each_unit_has_still_to_report() {
    let (ws, _) = common::data_copy();
    let out = plan_eval(&["check", "--data", "data", "--year", "2024"], ws.path());
    assert_success(&out);
    assert_eq!(
        stdout(&out),
        "警告：data/readings.csv:105: year: 指标“life_expectancy”（人均预期寿命）最新数据为 2023 年，尚无 2024 年数据；报告将采用 2023 年数据并注明\n\
         警告：data/task_progress.csv: task: 任务“T4-3”（拓展金融服务业）没有 2024 年进展情况，报告中将列为“未报送”\n\
         报送情况（2024 年度）：1 个牵头单位尚未报齐：\n  \
         中国人民银行丹江口市支行：尚缺 1 项（任务 1 项）：任务：T4-3 拓展金融服务业\n\
         检查通过（2024 年度）：未发现错误，有 2 处警告。\n"
    );
}

#[test]
fn the_report_names_the_units_that_have_not_reported() {
    let (data, ev) = load_and_evaluate(&common::bundled(), YEAR, None).unwrap();
    let meta = plan_eval::report::ReportMeta {
        date: common::report_date(),
        sample: data.sample,
        charts: plan_eval::report::charts::charts(&ev)
            .into_iter()
            .map(|c| (c.file, c.caption))
            .collect(),
    };
    let (_, md) = common::markdown(&data, &ev, &meta);
    assert!(
        md.contains("### （五）监测报送机制有待健全\n\n中国人民银行丹江口市支行未报送“拓展金融服务业”2024年度进展情况；规划实施监测的及时性和完整性有待提高。\n"),
        "{md}"
    );
    assert!(
        md.contains("**拓展金融服务业**。中国人民银行丹江口市支行未按时报送“拓展金融服务业”2024年度进展情况。建议督促中国人民银行丹江口市支行尽快补报"),
        "{md}"
    );
}
