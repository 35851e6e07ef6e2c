//! What the workbench's pages tell staff who never open a terminal: a refusal says what to
//! do on the pages (no command-line flag), a version that cannot be reproduced leads back
//! to 归档, a year outside the plan is named as the mistake, the upload's summary counts
//! every table it merged into, and the 报送情况 names a benchmark and a figure published
//! the next year as owed by the unit that must give them.

use std::fs;

use crate::common;
use crate::common::forms::{fill, openpyxl};

use super::client::{Server, csrf_of, multipart};
use super::workspace;

/// `text` as the pages print it (Tera escapes the slash too).
fn escaped(text: &str) -> String {
    text.replace('/', "&#x2F;")
}

#[test]
fn a_refusal_on_the_pages_says_what_to_do_there_not_on_the_command_line() {
    let ws = workspace();
    let out = common::plan_eval(
        &[
            "forms", "--year", "2023", "--data", "data", "--out", "f2023",
        ],
        ws.path(),
    );
    common::assert_success(&out);
    let out = common::plan_eval(
        &[
            "report",
            "--year",
            "2023",
            "--date",
            "2024-03-04",
            "--data",
            "data",
        ],
        ws.path(),
    );
    common::assert_success(&out);
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let token = csrf_of(&server.get("/f/0/forms", Some(&session)).body);
    // A form of 2023 uploaded on the page of 2024.
    let name = "2023年度规划实施情况填报表-丹江口市教育局.xlsx";
    let (content_type, body) = multipart(&[
        ("csrf", None, token.clone().into_bytes()),
        (
            "file",
            Some(name),
            fs::read(ws.path().join("f2023").join(name)).unwrap(),
        ),
    ]);
    let r = server.post(
        "/f/0/forms/2024/upload",
        &content_type,
        &body,
        Some(&session),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains(
            "这是 2023 年度的填报表，本次汇总的是 2024 年度；请核对文件，或改为汇总 2023 年度"
        ),
        "{}",
        r.body
    );
    assert!(!r.body.contains("--year"), "{}", r.body);
    // An altered version cannot be reproduced: where to see why is on the archive page.
    let stored = ws.path().join("reports/2023/v1/data/inputs/readings.csv");
    let mut text = fs::read_to_string(&stored).unwrap();
    text.push_str("# 改动\n");
    fs::write(&stored, text).unwrap();
    let r = server.post_form(
        "/f/0/archive/2023/v1/reproduce",
        &format!("csrf={token}"),
        Some(&session),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains(&escaped(
            "文件 data/inputs/readings.csv 已被修改（摘要不符）"
        )) && r.body.contains("（请在归档页点“核验全部版本”查看）</p>"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("plan-eval archive"), "{}", r.body);
    assert!(
        r.body.contains(&format!(
            "<a class=\"button secondary\" href=\"{}\">返回归档</a>",
            escaped("/f/0/archive")
        )),
        "{}",
        r.body
    );
}

#[test]
fn a_year_outside_the_plan_is_named_as_the_mistake_not_the_plan_file() {
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let page = server.get("/f/0/check?year=2031", Some(&session));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains(
            "所选评估年度 2031 不在规划实施期 2021—2025 年内；请在上方选择规划期内的年度后再检查。"
        ),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<td>plan.yaml</td>"), "{}", page.body);
    assert!(
        page.body
            .contains("<option value=\"2031\" selected disabled>2031（不在规划期内）</option>"),
        "{}",
        page.body
    );
}

#[test]
fn the_upload_summary_counts_the_major_projects_merged() {
    if !openpyxl() {
        return;
    }
    let ws = workspace();
    let out = common::plan_eval(
        &[
            "forms", "--year", "2024", "--data", "data", "--out", "forms",
        ],
        ws.path(),
    );
    common::assert_success(&out);
    fill(
        &ws.path().join("forms"),
        &common::bundled(),
        2024,
        &ws.path().join("filled"),
    );
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let token = csrf_of(&server.get("/f/0/forms", Some(&session)).body);
    let mut parts = vec![("csrf", None, token.into_bytes())];
    let mut names: Vec<String> = fs::read_dir(ws.path().join("filled"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let files: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| {
            (
                n.clone(),
                fs::read(ws.path().join("filled").join(n)).unwrap(),
            )
        })
        .collect();
    for (name, bytes) in &files {
        parts.push(("file", Some(name.as_str()), bytes.clone()));
    }
    let (content_type, body) = multipart(&parts);
    let r = server.post(
        "/f/0/forms/2024/upload",
        &content_type,
        &body,
        Some(&session),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    // The bundled 2024 has one report for each of its 3 major projects.
    let projects = fs::read_to_string(common::bundled().join("project_progress.csv")).unwrap();
    assert_eq!(
        projects.lines().filter(|l| l.starts_with("2024,")).count(),
        3
    );
    assert!(
        r.body.contains("；重大项目进展新增 3 行、补填 0 行。"),
        "{}",
        r.body
    );
}

#[test]
fn the_status_names_a_benchmark_and_a_late_figure_as_owed_by_whoever_gives_them() {
    let ws = common::temp_dir();
    let data = ws.path().join("data");
    fs::create_dir_all(&data).unwrap();
    let fixture = common::root().join("tests/integration/forms/old_form");
    for name in [
        "plan.yaml",
        "countermeasures.yaml",
        "readings.csv",
        "task_progress.csv",
        "project_progress.csv",
    ] {
        fs::copy(fixture.join(name), data.join(name)).unwrap();
    }
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let page = server.get("/f/0/?year=2027", Some(&session));
    assert_eq!(page.status, 200, "{}", page.body);
    for owed in [
        "<td>县发改局</td><td>9</td><td>2</td>",
        "<td>2026年数值（次年发布）：单位地区生产总值二氧化碳排放累计降低（co2_intensity）；对照数据：全省农村居民人均可支配收入增长（rural_income_province）</td>",
        "<td>县卫健局</td><td>1</td><td>1</td>",
        "<td>2026年数值（次年发布）：人均预期寿命（life_expectancy）；任务：T2-2 提升医疗卫生服务能力</td>",
    ] {
        assert!(page.body.contains(owed), "{owed} not in {}", page.body);
    }
    let forms = server.get("/f/0/forms?year=2027", Some(&session));
    assert!(
        forms.body.contains(
            "次年发布的指标（当年数据次年才公布）在表下方单列，填报 2026 年的数值。相对目标比较的对照数据（如全省平均）列在评估单位县发改局的表中。"
        ),
        "{}",
        forms.body
    );
}

#[test]
fn a_report_signed_before_its_year_has_ended_is_refused_on_the_page_as_on_the_command_line() {
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let token = csrf_of(&server.get("/f/0/report?year=2024", Some(&session)).body);
    let r = server.post_form(
        "/f/0/report",
        &format!("csrf={token}&year=2024&kind=&date=2024-12-31"),
        Some(&session),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body.contains(&escaped(
            "落款日期 2024年12月31日 早于 2024 年度结束：年度评估报告评价的是 2024 年全年的情况，落款日期应在 2025 年 1 月 1 日或以后；请核对落款日期"
        )),
        "{}",
        r.body
    );
    assert!(!ws.path().join("reports/2024").exists());
}
