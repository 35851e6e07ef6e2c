//! Errors in plan.yaml: a duplicate id, an unknown unit, a target kind without its numbers or
//! of no known kind, YAML syntax and aliases, and numbers that are not finite or that would size
//! the work without bound. Each is named at its file, line and field.

use super::*;

#[test]
fn duplicate_indicator_id() {
    let dir = data_with("plan.yaml", |t| {
        t.replace("  - id: co2_intensity\n", "  - id: energy_intensity\n")
    });
    let line = fs::read_to_string(dir.path().join("plan.yaml"))
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "- id: energy_intensity")
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(
        error_of(dir.path()),
        format!("data/plan.yaml:{line}: id: 编号“energy_intensity”重复\n共发现 1 处错误。")
    );
}

#[test]
fn unknown_responsible_unit() {
    let dir = data_with("plan.yaml", |t| {
        t.replacen("units: [市教育局]", "units: [市教肓局]", 1)
    });
    let line = line_of(dir.path(), "plan.yaml", "units: [市教肓局]");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/plan.yaml:{line}: units: “edu_years”的责任单位“市教肓局”不在单位清单（units）中\n共发现 1 处错误。"
        )
    );
}

#[test]
fn target_kind_without_its_numbers() {
    let dir = data_with("plan.yaml", |t| {
        let start = t.find("  - id: urbanization").unwrap();
        let base = start + t[start..].find("    base: ").unwrap();
        let end = base + t[base..].find('\n').unwrap() + 1;
        let t = format!("{}{}", &t[..base], &t[end..]);
        let gdp = t.find("  - id: gdp\n").unwrap();
        let target = gdp + t[gdp..].find("    target: 10.7\n").unwrap();
        format!(
            "{}{}",
            &t[..target],
            &t[target + "    target: 10.7\n".len()..]
        )
    });
    let gdp = line_of(dir.path(), "plan.yaml", "- id: gdp");
    let urban = line_of(dir.path(), "plan.yaml", "- id: urbanization");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/plan.yaml:{gdp}: target: 指标“gdp”的目标类型为 growth，必须填写年均增速目标（target）\n\
             data/plan.yaml:{urban}: base: 指标“urbanization”的目标类型为 level，必须填写基期值（base）\n\
             共发现 2 处错误。"
        )
    );
}

#[test]
fn unknown_target_kind_names_the_choices() {
    let dir = data_with("plan.yaml", |t| t.replacen("kind: growth", "kind: grow", 1));
    let line = line_of(dir.path(), "plan.yaml", "kind: grow");
    let msg = error_of(dir.path());
    assert!(
        msg.starts_with(&format!(
            "data/plan.yaml:{line}: kind: 指标“gdp”的目标类型“grow”无法识别"
        )),
        "{msg}"
    );
}

#[test]
fn yaml_syntax_error_has_its_line() {
    let dir = data_with("plan.yaml", |t| {
        t.replacen("  base_year: 2020", "  base_year: [2020", 1)
    });
    let msg = error_of(dir.path());
    assert!(msg.starts_with("data/plan.yaml:"), "{msg}");
    assert!(msg.contains("YAML 格式错误"), "{msg}");
}

#[test]
fn values_that_size_the_work_are_bounded() {
    // A base year billions of years back, a plan period of a century, and decimals by the
    // hundred million would make every year, every figure and every number's text cost
    // without bound: each is refused where it is written.
    let dir = data_with("plan.yaml", |t| {
        t.replacen("  base_year: 2020", "  base_year: -2000000000", 1)
            .replacen("    digits: 2 ", "    digits: 100000000 ", 1)
    });
    let base = line_of(dir.path(), "plan.yaml", "base_year: -2000000000");
    let digits = line_of(dir.path(), "plan.yaml", "digits: 100000000");
    let msg = error_of(dir.path());
    assert!(
        msg.contains(&format!(
            "data/plan.yaml:{base}: base_year: 年份 -2000000000 不合常理，应在 1949—2200 之间"
        )),
        "{msg}"
    );
    assert!(
        msg.contains(&format!(
            "data/plan.yaml:{digits}: digits: 指标“edu_years”的小数位数 digits 为 100000000，应为 0—6"
        )),
        "{msg}"
    );
    let dir = data_with("plan.yaml", |t| {
        t.replacen("  base_year: 2020", "  base_year: 1950", 1)
    });
    let target = line_of(dir.path(), "plan.yaml", "target_year: 2025");
    assert!(
        error_of(dir.path()).contains(&format!(
            "data/plan.yaml:{target}: target_year: 规划期 1951—2025 年长达 75 年，规划期应为 1—30 年"
        )),
        "{}",
        error_of(dir.path())
    );
}

#[test]
fn plan_numbers_must_be_finite() {
    // `.nan` and `.inf` are YAML floats; 1e309 is beyond a float, so YAML reads it as a string.
    // Each is refused at load with its line, before any comparison or template sees it.
    for (from, to, shown) in [
        (
            "    target: 10.7\n",
            "    target: .nan\n",
            "数值“NaN”不是有限的数值",
        ),
        (
            "    target: 60\n",
            "    target: -.inf\n",
            "数值“-inf”不是有限的数值",
        ),
        (
            "level: {unit: 亿元, base: 240.0}",
            "level: {unit: 亿元, base: 1e309}",
            "数值“1e309”超出可表示的范围，不是有限的数值",
        ),
    ] {
        let dir = data_with("plan.yaml", |t| t.replacen(from, to, 1));
        let line = line_of(dir.path(), "plan.yaml", to.trim());
        let msg = error_of(dir.path());
        assert!(
            msg.starts_with(&format!(
                "data/plan.yaml:{line}: YAML 格式错误：数值无效：indicators 第 "
            )),
            "{to}: {msg}"
        );
        assert!(msg.contains(shown), "{to}: {msg}");
    }
}

#[test]
fn yaml_aliases_are_refused_before_they_expand() {
    // One requirement of 100,000 characters repeated 10,000 times by an alias: 400 kB of YAML
    // that would be 6 GB of text.
    let big = "很".repeat(100_000);
    let dir = data_with("plan.yaml", |t| {
        let start = t.find("work_requirements:").unwrap();
        // To the next top-level key.
        let end = start
            + t[start..]
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .find(|&i| t[start + i..].starts_with(|c: char| c.is_ascii_lowercase()))
                .unwrap();
        let aliases = "  - *r\n".repeat(10_000);
        format!(
            "{}work_requirements:\n  - &r {{title: 压实责任, text: \"{big}\"}}\n{aliases}{}",
            &t[..start],
            &t[end..]
        )
    });
    let line = line_of(dir.path(), "plan.yaml", "  - *r");
    assert_eq!(
        error_of(dir.path()),
        format!(
            "data/plan.yaml:{line}: YAML 格式错误：使用了别名“*r”：规划文件和对策规则文件不使用 YAML 的锚点（&）和别名（*），请把内容直接写出\n共发现 1 处错误。"
        )
    );
}
