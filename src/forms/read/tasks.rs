//! The 任务 sheet's filled cells parsed as the task reports reader parses them.

use super::*;

/// The task reports of the 任务 sheet's lead rows; a row with neither status
/// nor account is not reported.
pub(super) fn tasks(
    cx: &mut Ctx,
    sheet: &SheetText,
    duty: &Duty,
    year: i32,
    rows: &[(u32, String, bool)],
) -> Vec<TaskFill> {
    let headers = TaskColumns::headers(year);
    let mut out = Vec::new();
    for (r, id, lead) in rows {
        if !lead {
            continue;
        }
        let Some(task) = duty.tasks.iter().find(|t| &t.id == id) else {
            cx.at(
                layout::TASK_SHEET,
                *r,
                TaskColumns::ID,
                &headers[0],
                format!("本单位在 {year} 年度不牵头任务“{id}”，不能填报该任务"),
            );
            continue;
        };
        // The task as the form shows it, id and title, as `check` names one.
        let who = format!("任务“{id}”（{}）", task.title);
        let status_cell = sheet.get(*r, TaskColumns::STATUS);
        let summary = sheet.get(*r, TaskColumns::SUMMARY);
        let experience = sheet.get(*r, TaskColumns::EXPERIENCE);
        let problems = sheet.get(*r, TaskColumns::PROBLEMS);
        if status_cell.is_empty()
            && summary.is_empty()
            && experience.is_empty()
            && problems.is_empty()
        {
            continue;
        }
        let allowed = layout::STATUSES.join("、");
        let status = match Status::from_label(&status_cell) {
            Some(s) if s != Status::NotReported => s,
            _ => {
                let message = if status_cell.is_empty() {
                    format!("{who}填写了进展情况，但没有选择进展状态，应为：{allowed}")
                } else {
                    format!("{who}的进展状态“{status_cell}”无法识别，应为：{allowed}")
                };
                cx.at(
                    layout::TASK_SHEET,
                    *r,
                    TaskColumns::STATUS,
                    &headers[TaskColumns::STATUS as usize],
                    message,
                );
                continue;
            }
        };
        out.push(TaskFill {
            id: id.clone(),
            status,
            summary,
            experience,
            problems,
            row: *r,
        });
    }
    out
}
