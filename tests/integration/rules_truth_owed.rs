//! The measure for what is unreported: the units that owe a major project's report are named
//! with those that owe figures and tasks, the evaluator leading such a project answers for
//! itself, and a final asks the tasks for their 规划期完成情况.

use crate::common::bundled;
use crate::rules_truth::real_measures;

/// The measures of `year` from a copy of the bundled data with `edits` (file, from, to).
fn edited_measures(year: i32, edits: &[(&str, &str, &str)]) -> String {
    let (_dir, data) = crate::common::data_copy();
    for (file, from, to) in edits {
        let path = data.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap_or_else(|e| panic!("{e}"));
    }
    real_measures(&data, year, None).join("\n")
}

/// The units that owe a major project's report are named with those that owe figures and
/// tasks, and the evaluator leading such a project answers for itself.
#[test]
fn the_measure_for_what_is_unreported_names_the_major_projects_owed() {
    // Bundled final: XM01 (生态环境分局) and XM04 (交通运输局) have no 2025 report.
    let m = real_measures(&bundled(), 2025, None).join("\n");
    assert!(m.contains("十堰市生态环境局丹江口分局、市文旅局、市商务局、市交通运输局未按时报送3项任务的规划期完成情况和2个重大项目的2025年度进展情况。建议督促十堰市生态环境局丹江口分局、市文旅局、市商务局、市交通运输局尽快补报，并落实专人负责规划实施情况的跟踪和报送。"), "{m}");
    // One task and one project, two units.
    let xm04_2024 = "2024,XM04,进度滞后,5.6,沿线征迁涉及群众较多，部分路段施工受阻\n";
    let m = edited_measures(2024, &[("project_progress.csv", xm04_2024, "")]);
    assert!(m.contains("中国人民银行丹江口市支行、市交通运输局未按时报送“拓展金融服务业”、重大项目“武当山至丹江口城区旅游快速通道”的2024年度进展情况。建议督促中国人民银行丹江口市支行、市交通运输局尽快补报，并落实专人负责规划实施情况的跟踪和报送。"), "{m}");
    // The evaluator leads both projects owed: its own commitment, never a unit urged.
    let eco = "unit: 十堰市生态环境局丹江口分局\n    area";
    let road = "unit: 市交通运输局\n    area";
    let drc = "unit: 市发改局\n    area";
    let evaluator_leads = [("plan.yaml", eco, drc), ("plan.yaml", road, drc)];
    let m = edited_measures(2025, &evaluator_leads);
    assert!(m.contains("市文旅局、市商务局等单位未按时报送3项任务的规划期完成情况和2个重大项目的2025年度进展情况。建议督促市文旅局、市商务局尽快补报，我局将同步补齐本单位牵头事项的数据和进展，并落实专人负责规划实施情况的跟踪和报送。"), "{m}");
    // Every task reported, the one project owed the evaluator's own.
    let mut edits = evaluator_leads[1..].to_vec();
    edits.push(("project_progress.csv", xm04_2024, ""));
    let task = "2024,T1-1,";
    edits.push((
        "task_progress.csv",
        task,
        // As wide as the file's header (经验 and 问题 left empty).
        "2024,T4-3,序时推进,新增金融机构1家，涉农贷款余额同比增长12%。,,\n2024,T1-1,",
    ));
    let m = edited_measures(2024, &edits);
    assert!(m.contains("重大项目“武当山至丹江口城区旅游快速通道”2024年度进展情况未按时报送。我局将尽快补齐本单位牵头事项的数据和进展，并落实专人负责规划实施情况的跟踪和报送。"), "{m}");
    assert!(!m.contains("建议督促"), "{m}");
}
