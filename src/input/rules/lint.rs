//! The writing rules a measure's text must keep, checked on a rule's source
//! when the rules load and on every rendered text in the tests: a report to
//! the government proposes (建议…, 我局将…) and never orders departments
//! (各…要…); it never asks for units to be reprimanded (提请…通报), since the
//! evaluator may itself be among them; and a statistic is monitored, analysed
//! and pushed, never 管控/控制led, and has no 推进中的经验 of its own; a cause
//! opens its sentence (受……影响，“……”进度滞后), never dangles after the task;
//! nothing is settled 在下一个规划中 (false once it is adopted), and no earlier
//! state is presumed (止跌, 回到, 增速回升).
//! [`untrue`] checks a rendered text against the facts of its case: no shortfall
//! words for a met grade or a reading above the upper end, no 增长偏慢 for a rate
//! that met its target, no 倒排工期 without a cause in the works.
//! It reads text only; it decides nothing about which rule applies.

/// Words that name an indicator in a rule's source (its variables) or in any text.
pub(super) const SOURCE_NAMES: [&str; 3] = ["{{ name }}", "{{ short_name }}", "指标"];

/// What `text` breaks of the writing rules, one Chinese sentence each; `names`
/// are the words that name an indicator in it (variables in a source, the
/// indicators' names in a rendered text).
pub fn breaches(text: &str, names: &[&str]) -> Vec<String> {
    let text = without_tags(text);
    let mut out = Vec::new();
    for sentence in text.split(['。', '\n']) {
        out.extend(super::sentences::breaches(sentence.trim(), names));
    }
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
        for (phrase, why) in ABSURD {
            if clause.contains(phrase) {
                out.push(format!("“{clause}”{why}"));
            }
        }
        if settles_next_plan(clause) {
            out.push(format!(
                "“{clause}”写下一个五年规划“中”确定或列入什么：规划印发后就不再属实（总结评估可能写在它印发之前或之后），请写“在{{{{ next_plan }}}}实施期间……”或“纳入{{{{ next_plan }}}}统筹推进”"
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

/// Phrases no report prints, with why (in a source or a rendered text alike).
const ABSURD: [(&str, &str); 11] = [
    ("年前完成", "写“……年前完成”有歧义：请写“……年底前完成”"),
    (
        "针对受",
        "把原因放进“针对……的情况”：原因放在句首，写“受……影响，‘……’进度滞后”",
    ),
    (
        "针对因",
        "把原因放进“针对……的情况”：原因放在句首，写“因……，‘……’进度滞后”",
    ),
    (
        "quote }}{{ cause }}",
        "任务名后直接接原因，句子缺少谓语：原因放在句首，写“因……，‘……’尚未启动”",
    ),
    (
        "”因",
        "任务名后直接接原因，句子缺少谓语：原因放在句首，写“因……，‘……’尚未启动”",
    ),
    (
        "两者协调提升",
        "“推动两者协调提升”说不通：写明要达到的关系，如“推动……与……同步”“缩小与……的差距”",
    ),
    (
        "回到",
        "“回到……”假定指标此前达到过要求，数据未必如此：写“推动……达到……”“推动……稳步提高”“推动……保持稳定”",
    ),
    (
        "止跌",
        "“止跌”假定指标已经下降，数据未必如此：写“推动……加快增长”",
    ),
    (
        "增速回升",
        "“增速回升”假定增速此前回落，数据未必如此：写“推动……增速提升”",
    ),
    (
        "增长增长",
        "指标名称以“增长”结尾时不再接“增长”：请改写，如“……低于目标”",
    ),
    ("降低降幅", "指标名称以“降低”结尾时不再接“降幅”：请改写"),
];

/// What a measure's case makes true, for [`untrue`]: the grade, whether the latest
/// reading is past the upper end of its target, whether a growth rate met its target,
/// whether the target is a fall; for a task, what holds it up.
#[derive(Debug, Clone, Copy, Default)]
pub struct Truths<'a> {
    /// The grade's key (`basically_completed`, `behind`, …); empty for a task.
    pub grade_key: &'a str,
    pub beyond_upper: bool,
    pub rate_met: bool,
    /// A target to fall (年均下降): no 增长目标, no 增速回升.
    pub falling: bool,
    /// A task measure: `obstacle_kind` and `works` apply.
    pub task: bool,
    /// The kind of what holds the task up (`funding`, `works`, …; empty for none).
    pub obstacle_kind: &'a str,
    /// The task's account speaks of works under construction.
    pub works: bool,
    /// The report prints the indicator's cause: the measure answers it, never asks for it.
    pub cause_known: bool,
}

/// Grades at which a target counts as met (or met on schedule): no shortfall words.
const MET: [&str; 7] = [
    "exceeded",
    "completed",
    "basically_completed",
    "achieved_early",
    "ahead",
    "on_track",
    "no_data",
];

/// What a rendered measure says that its case makes false, one Chinese sentence each.
pub fn untrue(text: &str, t: &Truths) -> Vec<String> {
    let mut out = Vec::new();
    let mut ban = |when: bool, words: &[&str], why: &str| {
        for w in words.iter().filter(|w| when && text.contains(**w)) {
            out.push(format!("“{w}”{why}：{text}"));
        }
    };
    const SHORT: [&str; 8] = [
        "未达到目标要求",
        "未达到预期的原因",
        "未达预期的原因",
        "未达到规划目标的原因",
        "查找差距",
        "整改",
        "未全面实现",
        "增长偏慢",
    ];
    ban(
        MET.contains(&t.grade_key),
        &SHORT,
        "用于达到或基本达到目标的指标（基本完成只写个别年份未达到年度目标、稳定性有待增强）",
    );
    ban(
        t.beyond_upper,
        &[&SHORT[..], &["未达到预期", "低于目标", "低于目标下限"]].concat(),
        "用于高于目标上限的指标（高于上限不是差距，不写查找差距、整改）",
    );
    ban(
        t.rate_met,
        &[
            "增长偏慢",
            "增速回升",
            "低于目标的原因",
            "降幅小于目标",
            "未实现年均",
        ],
        "用于增速已达到目标的指标（总量滞后时按总量表述）",
    );
    ban(
        t.falling,
        &["增长目标", "增速回升", "增长偏慢"],
        "用于下降类目标（应写“下降目标”“降幅”）",
    );
    ban(
        t.cause_known && !t.task,
        &["的原因", "查明原因", "查找原因", "差距及其原因"],
        "用于原因已经写明的指标（“存在的主要问题”已写明原因）：措施应回应该原因（“针对……等影响……的因素，……”），不再要求分析原因",
    );
    if t.task {
        ban(
            t.obstacle_kind != "works",
            &["倒排工期", "挂图作战"],
            "只适用于工程工期类原因",
        );
        ban(
            !t.obstacle_kind.is_empty(),
            &["认真分析滞后原因", "进度滞后的原因"],
            "用于原因已经写明的任务：措施应回应该原因",
        );
        ban(!t.works, &["在建项目收尾"], "用于不涉及在建工程的任务");
        for (kind, word) in [
            ("funding", "资金"),
            ("approval", "审批"),
            ("policy", "政策"),
        ] {
            if t.obstacle_kind == kind && !text.contains(word) {
                out.push(format!(
                    "原因属于{kind}类，措施未回应（缺“{word}”）：{text}"
                ));
            }
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

/// A clause that settles what the next plan holds (在{{ next_plan }}中……确定、作为……指标):
/// true while it is drafted, false once it is adopted, and a final evaluation may be
/// written on either side. 规划中期 and a plan's content (规划中确定的任务, without 在) pass.
fn settles_next_plan(clause: &str) -> bool {
    let within = ["{{ next_plan }}中", "{{next_plan}}中", "规划中"]
        .iter()
        .any(|w| {
            clause.match_indices(w).any(|(at, _)| {
                !clause[at + w.len()..].starts_with('期') && clause[..at].contains('在')
            })
        });
    within
        && ["确定", "作为", "列入", "编制", "写入"]
            .iter()
            .any(|w| clause.contains(w))
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
        // What only holds while the next plan is drafted, and a state the data do not give.
        for presumed in [
            "建议市统计局在{{ next_plan }}中继续将常住人口作为预期性指标。",
            "我局将在下个规划中结合发展基础合理确定增长目标。",
            "推动固定资产投资止跌回升。",
            "推动城市空气优良天数比例回到考核标准以上。",
            "推动城镇居民人均可支配收入增速回升。",
        ] {
            assert_eq!(breaches(presumed, &names).len(), 1, "{presumed}");
        }
        // Proposals, commitments and the control of a pollution source pass.
        for fine in [
            "建议市人民政府督促各责任单位制定年度工作计划。",
            "我局将加强居民消费价格涨幅的监测分析，做好保供稳价。",
            "建议加强扬尘、机动车尾气和秸秆焚烧管控。",
            "对照上级下达的目标逐项查找差距，确保完成主要任务。",
            "我局将在{{ next_plan }}实施期间分年度明确推进举措和责任。",
            "确保完成规划中确定的任务，做好规划中期评估。",
            "推动常住人口回升至稳定范围。",
        ] {
            assert!(
                breaches(fine, &names).is_empty(),
                "{fine}: {:?}",
                breaches(fine, &names)
            );
        }
    }

    #[test]
    fn the_sentences_the_review_struck_are_found() {
        let names = ["社会消费品零售总额增长"];
        for struck in [
            "建议市交通运输局对“全力建设交通强市”倒排工期、挂图作战，确保2025年前完成规划确定的任务。",
            "针对受上级补助资金下达延后影响的情况，建议市交通运输局加快推进。",
            "“深化‘两山’实践”因交易规则和核算标准尚未出台，建议抓紧制定实施方案。",
            "建议县卫健局分析差距及其原因，采取针对性措施，推动两者协调提升。",
            "推动居民消费率回到目标方向。",
            "建议县商务局查找社会消费品零售总额增长增长偏慢的症结。",
        ] {
            assert_eq!(breaches(struck, &names).len(), 1, "{struck}");
        }
        let met = Truths {
            grade_key: "basically_completed",
            ..Truths::default()
        };
        assert_eq!(
            untrue("我局将研判单位GDP能耗未达到目标要求的原因。", &met).len(),
            1
        );
        assert!(
            untrue(
                "单位GDP能耗规划期内2024年未达到年度目标，稳定性有待增强。",
                &met
            )
            .is_empty()
        );
        let above = Truths {
            grade_key: "behind",
            beyond_upper: true,
            ..Truths::default()
        };
        assert_eq!(
            untrue(
                "建议县农业农村局查明粮食播种面积未达到目标要求的原因，落实整改措施。",
                &above
            )
            .len(),
            2
        );
        let rate = Truths {
            grade_key: "behind",
            rate_met: true,
            ..Truths::default()
        };
        assert_eq!(
            untrue(
                "我局将查找地区生产总值增长偏慢的症结，推动增速回升。",
                &rate
            )
            .len(),
            2
        );
        let falling = Truths {
            grade_key: "basically_completed",
            falling: true,
            ..Truths::default()
        };
        assert_eq!(untrue("结合发展基础合理确定增长目标。", &falling).len(), 1);
        let funding = Truths {
            task: true,
            obstacle_kind: "funding",
            ..Truths::default()
        };
        // 倒排工期 for a funding delay, asked for a cause already known, no word on funds.
        assert_eq!(
            untrue("建议认真分析滞后原因，对“甲”倒排工期、挂图作战。", &funding).len(),
            4
        );
        let works = Truths {
            task: true,
            obstacle_kind: "works",
            works: true,
            ..Truths::default()
        };
        assert!(untrue("对“甲”倒排工期、挂图作战，抓好在建项目收尾。", &works).is_empty());
    }

    #[test]
    fn a_source_is_read_with_both_branches_of_its_tags() {
        let source = "{% if lead_is_self %}{{ self }}将{% else %}建议{{ lead }}{% endif %}建立{{ short_name }}长效管控机制，\n  严格监测。";
        assert_eq!(breaches(source, &SOURCE_NAMES).len(), 1);
    }
}
