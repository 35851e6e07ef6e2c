//! The evaluation as a plain-text table for the terminal (`evaluate --format table`).

use unicode_width::UnicodeWidthStr;

use crate::evaluate::Evaluation;
use crate::model::numfmt::fixed;
use crate::model::vocabulary::Grade;

/// Lays out rows in columns padded to their display width (CJK counts double).
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub fn render(ev: &Evaluation) -> String {
    let mut rows = vec![
        [
            "编号",
            "指标",
            "属性",
            "数值",
            "年份",
            ev.grade_words.schedule(),
            "评价",
            "完成预判",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for i in &ev.indicators {
        let a = &i.assessment;
        let num = |v: Option<f64>| v.map_or("—".to_string(), |v| fixed(v, i.digits));
        rows.push(vec![
            i.id.clone(),
            i.name.clone(),
            i.category.to_string(),
            num(a.value),
            a.reading_year.map_or("—".to_string(), |y| y.to_string()),
            num(a.expected),
            i.grade_label.clone(),
            a.outlook.label().to_string(),
        ]);
    }
    let mut out = format!("{} 年度主要指标评价\n\n", ev.year);
    out.push_str(&columns(&rows));
    let s = &ev.summary.indicators;
    out.push_str(&format!(
        "\n共 {} 项：{} {} 项，{} {} 项（{} {} 项），数据暂缺 {} 项{}。\n\n",
        s.total,
        ev.grade_words.on_track_phrase(ev.kind),
        s.on_track,
        if ev.kind.is_final() {
            "未完成"
        } else {
            "滞后"
        },
        s.lagging,
        Grade::FarBehind.word(ev.grade_words),
        s.far_behind,
        s.no_data,
        if s.assessed > 0 {
            format!(
                "，由牵头单位评估 {} 项（其中未达到预期 {} 项）",
                s.assessed, s.assessed_lagging
            )
        } else {
            String::new()
        }
    ));
    let mut rows = vec![
        ["编号", "任务", "牵头单位", "进展"]
            .map(String::from)
            .to_vec(),
    ];
    for t in ev.sections.iter().flat_map(|s| &s.tasks) {
        rows.push(vec![
            t.id.clone(),
            t.title.clone(),
            t.lead_unit.clone(),
            t.status.label().to_string(),
        ]);
    }
    out.push_str(&format!("{} 年度主要任务进展\n\n", ev.year));
    out.push_str(&columns(&rows));
    out
}
