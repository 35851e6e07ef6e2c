//! What the units themselves wrote on their tasks: 主要做法和经验 and
//! 存在问题及原因, gathered verbatim (trimmed) with the unit, the task and its
//! section, so the report can write 经验 and problems by theme from them.
//!
//! Never writes a word of its own: no text, no entry.

use serde::Serialize;

use crate::input::progress::{Progress, Report};
use crate::model::vocabulary::EvaluationKind;
use crate::plan::Plan;

/// One unit's words on one task in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voice {
    pub year: i32,
    /// The lead unit as the report writes it (after any reform).
    pub unit: String,
    pub task: String,
    pub task_title: String,
    /// The id and title of the task's section of the plan.
    pub section: String,
    pub section_title: String,
    /// The unit's text, trimmed, unit names spelt as the report spells them.
    pub text: String,
}

/// The experiences and the problems units wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Voices {
    /// The year's for an annual evaluation; every year's of the period so far
    /// for a mid-term or final one (a text repeated in later years once, at its first year).
    pub experiences: Vec<Voice>,
    /// The evaluated year's: the problems as they stand now.
    pub problems: Vec<Voice>,
}

/// The voices of `year` from the task reports.
pub fn gather(plan: &Plan, progress: &Progress, year: i32, kind: EvaluationKind) -> Voices {
    let first = match kind {
        EvaluationKind::Annual => year,
        EvaluationKind::Midterm | EvaluationKind::Final => plan.meta.base_year + 1,
    };
    let mut voices = Voices::default();
    for (section, task) in plan.tasks() {
        let unit = plan.units[plan.unit_in(task.units[0], year)]
            .short_name
            .clone();
        let voice = |r: &Report, text: &str| Voice {
            year: r.year,
            unit: unit.clone(),
            task: task.id.clone(),
            task_title: task.title.clone(),
            section: section.id.clone(),
            section_title: section.title.clone(),
            text: plan.spell_units(text.trim()),
        };
        for y in first..=year {
            let Some(r) = progress.get(&task.id, y) else {
                continue;
            };
            let text = r.experience.trim();
            let repeated = voices
                .experiences
                .iter()
                .any(|v| v.task == task.id && v.text == plan.spell_units(text));
            if !text.is_empty() && !repeated {
                voices.experiences.push(voice(r, text));
            }
        }
        if let Some(r) = progress.get(&task.id, year)
            && !r.problems.trim().is_empty()
        {
            voices.problems.push(voice(r, &r.problems));
        }
    }
    voices
}
