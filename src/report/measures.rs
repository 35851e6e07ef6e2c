//! The countermeasures' texts: each chosen rule's template written with the
//! numbers of its case, and the sentences two measures of one report share
//! (a warning for the officer, not a line of the report).

use std::collections::HashMap;

use serde_json::Value;
use tera::Context;

use crate::error::Result;
use crate::evaluate::{Case, Evaluation};
use crate::input::rules::Rules;

/// The written measures of one evaluation, in the evaluation's order.
#[derive(Debug, Clone, Default)]
pub struct Measures {
    /// One text per countermeasure.
    pub texts: Vec<String>,
    /// One text per standing measure.
    pub standing: Vec<String>,
    /// Sentences repeated between measures, as warnings.
    pub warnings: Vec<String>,
}

/// Writes every measure of `evaluation` with `rules`' texts.
pub fn write(evaluation: &Evaluation, rules: &Rules) -> Result<Measures> {
    let text = |rule: &str, case: &Case| {
        // Only the variables the text reads are copied into its context (a case has about
        // fifty, a text reads a few); should that fall short, the whole case.
        if let Some(reads) = rules.reads(rule) {
            let mut context = Context::new();
            for name in reads {
                if let Some(value) = case.get(name) {
                    context.insert(name.as_str(), value);
                }
            }
            if let Ok(text) = rules.render(rule, &context) {
                return Ok(text);
            }
        }
        let context = Context::from_value(case.to_value()).expect("a case is an object");
        rules.render(rule, &context)
    };
    let texts = evaluation
        .countermeasures
        .iter()
        .map(|c| text(&c.rule, &c.case))
        .collect::<Result<Vec<_>>>()?;
    // The standing measures' case has no plan name: the next plan from the target year,
    // as a countermeasure's case names it when it has one.
    let next_plan = evaluation
        .countermeasures
        .iter()
        .find_map(|c| c.case.get("next_plan").cloned())
        .unwrap_or_else(|| {
            serde_json::Value::from(crate::evaluate::countermeasures::next_plan(
                "",
                evaluation.target_year,
            ))
        });
    let standing = evaluation
        .standing_measures
        .iter()
        .map(|m| {
            let mut case = m.case.clone();
            case.insert("next_plan", &next_plan);
            text(&m.rule, &case)
        })
        .collect::<Result<Vec<_>>>()?;
    let warnings = repeated_sentences(evaluation, &texts, &standing);
    Ok(Measures {
        texts,
        standing,
        warnings,
    })
}

/// Puts each measure's text beside it in the serialized `evaluation`
/// (`countermeasures[i].text`, `standing_measures[i].text`), as the report
/// templates and the JSON output read them.
pub fn attach(evaluation: &mut Value, measures: &Measures) {
    for (key, texts) in [
        ("countermeasures", &measures.texts),
        ("standing_measures", &measures.standing),
    ] {
        if let Some(Value::Array(list)) = evaluation.get_mut(key) {
            for (item, text) in list.iter_mut().zip(texts) {
                if let Value::Object(map) = item {
                    map.insert("text".to_string(), Value::from(text.as_str()));
                }
            }
        }
    }
}

/// Warnings about the measures of one report: a sentence two of them share
/// (two rules, or one rule for two cases, writing the same thing).
fn repeated_sentences(
    evaluation: &Evaluation,
    texts: &[String],
    standing: &[String],
) -> Vec<String> {
    let measures = &evaluation.countermeasures;
    // Labels are only written for the measures a warning names.
    let label = |i: usize| match measures.get(i) {
        Some(c) => format!("“{}”的对策建议（规则 {}）", c.target_name, c.rule),
        None => format!(
            "常设措施“{}”",
            evaluation.standing_measures[i - measures.len()].title
        ),
    };
    let all: Vec<&str> = texts.iter().chain(standing).map(String::as_str).collect();
    shared_sentences(&all)
        .into_iter()
        .map(|(a, b, sentence)| {
            format!(
                "{}与{}有相同的句子“{sentence}”；报告中重复的措施读来像套话，请改写其中一条规则（countermeasures.yaml）",
                label(a),
                label(b)
            )
        })
        .collect()
}

/// Sentences two measures of one report share: (earlier, later, sentence),
/// each measure by its position. A report reads each sentence once.
pub fn shared_sentences(texts: &[&str]) -> Vec<(usize, usize, String)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut shared = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        for sentence in sentence_slices(text) {
            match seen.get(sentence) {
                Some(&first) if first != i => shared.push((first, i, sentence.to_string())),
                Some(_) => {}
                None => {
                    seen.insert(sentence, i);
                }
            }
        }
    }
    shared
}

/// The sentences of a text, ended by 。！？ (short fragments left out).
pub fn sentences(text: &str) -> Vec<String> {
    sentence_slices(text).map(str::to_string).collect()
}

fn sentence_slices(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '！', '？'])
        .map(str::trim)
        .filter(|s| s.chars().count() >= 6)
}
