//! The writing rules a measure's text must keep, checked on a rule's source
//! when the rules load and on every rendered text in the tests: a report to
//! the government proposes (建议…, 我局将…) and never orders departments
//! (各…要…); it never asks for units to be reprimanded (提请…通报), since the
//! evaluator may itself be among them; and a statistic is monitored, analysed
//! and pushed, never 管控/控制led, and has no 推进中的经验 of its own.
//! It reads text only; it decides nothing about which rule applies.

/// Words that name an indicator in a rule's source (its variables) or in any text.
pub(super) const SOURCE_NAMES: [&str; 3] = ["{{ name }}", "{{ short_name }}", "指标"];

/// What `text` breaks of the writing rules, one Chinese sentence each; `names`
/// are the words that name an indicator in it (variables in a source, the
/// indicators' names in a rendered text).
pub fn breaches(text: &str, names: &[&str]) -> Vec<String> {
    let text = without_tags(text);
    let mut out = Vec::new();
    for clause in text.split(['，', '。', '；', '：', '\n']) {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let named = names.iter().any(|n| !n.is_empty() && clause.contains(n));
        if named && (clause.contains("管控") || clause.contains("控制")) {
            out.push(format!(
                "“{clause}”把一项指标写成“管控”“控制”的对象：统计指标只能监测、分析和推动，请改写（如“加强……的监测分析”“推动……”）"
            ));
        }
        if named && clause.contains("经验") {
            out.push(format!(
                "“{clause}”要总结一项指标的“经验”：指标是结果而非工作，经验只能来自工作，请删去或改写"
            ));
        }
        if reprimands(clause) {
            out.push(format!(
                "“{clause}”提请对单位通报或问责：评估单位自身也可能在其中，报告只能建议督促补报，本单位的写作“我局将……”"
            ));
        }
        if ["新一轮", "下一轮", "十五五", "十六五", "十七五"]
            .iter()
            .any(|w| clause.contains(w))
        {
            out.push(format!(
                "“{clause}”自行称呼下一个五年规划：请写 {{{{ next_plan }}}}（由规划名称推出，如“十五五”规划），全文一个叫法"
            ));
        }
        if orders(clause) {
            out.push(format!(
                "“{clause}”是对部门的命令：报告报送政府，应写作建议（“建议……”）或本单位的承诺（“我局将……”）"
            ));
        }
    }
    out
}

/// A Tera source with its tags dropped: both branches of an `if` are read as text.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        out.push_str(&rest[..at]);
        match rest[at..].find("%}") {
            Some(end) => rest = &rest[at + end + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // A text wrapped over lines is one text.
    out.lines().map(str::trim).collect()
}

fn reprimands(clause: &str) -> bool {
    clause.contains("予以通报")
        || clause.contains("通报批评")
        || clause.contains("问责")
        || clause.contains("约谈")
        || clause
            .find("提请")
            .is_some_and(|at| clause[at..].contains("通报"))
}

/// A clause that tells departments what they must do: 各…要…, 牵头部门要…, …务必….
fn orders(clause: &str) -> bool {
    if clause.contains("建议") {
        return false;
    }
    let mut plain = clause.to_string();
    for benign in [
        "要求",
        "重要",
        "主要",
        "需要",
        "要素",
        "要点",
        "只要",
        "不要",
        "必要",
        "摘要",
        "纪要",
        "要实现",
        "要达到",
        "纲要",
    ] {
        plain = plain.replace(benign, "");
    }
    plain.contains('要') || plain.contains("务必") || plain.contains("必须")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentences_an_officer_strikes_are_found() {
        let names = ["居民消费价格涨幅", "常住人口"];
        assert_eq!(
            breaches("我委将建立居民消费价格涨幅长效管控机制。", &names).len(),
            1
        );
        assert_eq!(
            breaches("建议市统计局建立常住人口长效管控机制。", &names).len(),
            1
        );
        assert_eq!(
            breaches("建议总结常住人口推进中的经验和短板。", &names).len(),
            1
        );
        assert_eq!(
            breaches(
                "我委、市卫健委未按时报送。提请市人民政府对未按时报送的单位予以通报。",
                &names
            )
            .len(),
            1
        );
        assert_eq!(
            breaches("各有关单位要把规划实施摆在重要位置。", &names).len(),
            1
        );
        assert_eq!(breaches("牵头部门要切实负起责任。", &names).len(), 1);
        assert_eq!(breaches("纳入新一轮五年规划接续推进。", &names).len(), 1);
        // Proposals, commitments and the control of a pollution source pass.
        for fine in [
            "建议市人民政府督促各责任单位制定年度工作计划。",
            "我局将加强居民消费价格涨幅的监测分析，做好保供稳价。",
            "建议加强扬尘、机动车尾气和秸秆焚烧管控。",
            "对照上级下达的目标逐项查找差距，确保完成主要任务。",
        ] {
            assert!(
                breaches(fine, &names).is_empty(),
                "{fine}: {:?}",
                breaches(fine, &names)
            );
        }
    }

    #[test]
    fn a_source_is_read_with_both_branches_of_its_tags() {
        let source = "{% if lead_is_self %}{{ self }}将{% else %}建议{{ lead }}{% endif %}建立{{ short_name }}长效管控机制，\n  严格监测。";
        assert_eq!(breaches(source, &SOURCE_NAMES).len(), 1);
    }
}
