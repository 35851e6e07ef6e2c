//! Tests of how units are spelt and how successors follow each other.

use super::*;

fn plan_with_units(units: &str) -> Plan {
    let text = format!(
        "plan:\n  name: 测试规划\n  full_name: 测试规划纲要\n  short_name: 测试\n  city: 测试市\n  issuer: 测试市人民政府办公室\n  document_number: 测政办发〔2026〕1号\n  issued: 2026-01-01\n  base_year: 2025\n  target_year: 2030\n  evaluator: 市发改局\n  addressee: 市人民政府\nunits:\n  - name: 市发改局\n    full_name: 测试市发展和改革局\n{units}indicators: []\nsections: []\n"
    );
    parse(Path::new("plan.yaml"), &text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn units_are_spelt_as_the_report_writes_them() {
    let plan = plan_with_units(
        "  - name: 各镇<办、处、区>\n    full_name: 各镇人民政府\n  - name: 各镇\n    full_name: 各镇人民政府（街道）\n    short_name: 各镇（街道）\n",
    );
    assert_eq!(plan.units[1].short_name, "各镇（办、处、区）");
    assert_eq!(
        plan.spell_units("指导各镇<办、处、区>新建标准园；各镇（街道）与各镇配合"),
        "指导各镇（办、处、区）新建标准园；各镇（街道）与各镇（街道）配合"
    );
    assert_eq!(plan.self_name_in(2026), "我局");
}

#[test]
fn successors_follow_each_other_and_never_loop() {
    let plan = plan_with_units(
        "  - name: 县扶贫办\n    full_name: 扶贫办\n    successor: {unit: 县乡村振兴局, from: 2027}\n  - name: 县乡村振兴局\n    full_name: 乡村振兴局\n    successor: {unit: 县农业农村局, from: 2028}\n  - name: 县农业农村局\n    full_name: 农业农村局\n",
    );
    assert_eq!(plan.unit_in(1, 2026), 1);
    assert_eq!(plan.unit_in(1, 2027), 2);
    assert_eq!(plan.unit_in(1, 2029), 3);
    let looped = "plan:\n  name: 测试规划\n  full_name: 测试规划纲要\n  short_name: 测试\n  city: 测试市\n  issuer: 测试市人民政府办公室\n  document_number: 测政办发〔2026〕1号\n  issued: 2026-01-01\n  base_year: 2025\n  target_year: 2030\n  evaluator: 市发改局\n  addressee: 市人民政府\nunits:\n  - name: 市发改局\n    full_name: 发改局\n    successor: {unit: 市发改委, from: 2027}\n  - name: 市发改委\n    full_name: 发改委\n    successor: {unit: 市发改局, from: 2028}\nindicators: []\nsections: []\n";
    let err = parse(Path::new("plan.yaml"), looped)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("plan.yaml:16: successor: 单位“市发改局”的继任关系构成循环"),
        "{err}"
    );
}
