//! What the notice does not give is marked sample: every bundled data file, and each column
//! beyond what a unit must report, says so in its first line and in SAMPLE_DATA.txt.

use super::*;

/// The bundled table `name`: its first line, its header and its rows (naive split: the bundled
/// files quote no cell).
fn sample_table(name: &str) -> (String, Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(format!("{}/data/{name}", root())).unwrap();
    let first = text.lines().next().unwrap().to_string();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let split = |l: &str| l.split(',').map(str::to_string).collect::<Vec<_>>();
    let header = split(lines.next().unwrap());
    let rows = lines.map(split).collect();
    (first, header, rows)
}

/// The notice gives the plan, not its figures: every data file says in its first line that it is
/// sample data, and each column beyond what a unit must report (the averages and rank a
/// comparison needs, the units' own experience and problems) is named as sample where it is
/// filled — in the file's first line and in SAMPLE_DATA.txt — so none is taken for a published figure.
#[test]
fn data_beyond_the_notice_is_marked_sample() {
    let note = std::fs::read_to_string(format!("{}/data/SAMPLE_DATA.txt", root())).unwrap();
    // (file, column, how the first line names it)
    let optional = [
        ("readings.csv", "province_average", "全省平均"),
        ("readings.csv", "city_average", "全市平均"),
        ("readings.csv", "rank", "位次"),
        ("task_progress.csv", "experience", "主要做法和经验"),
        ("task_progress.csv", "problems", "存在问题及原因"),
    ];
    let mut filled_columns = 0;
    for file in ["readings.csv", "task_progress.csv", "project_progress.csv"] {
        let (first, header, rows) = sample_table(file);
        assert!(first.starts_with("# 示例数据："), "{file}: {first}");
        assert!(note.contains(file), "SAMPLE_DATA.txt does not name {file}");
        for row in &rows {
            assert_eq!(row.len(), header.len(), "{file}: {row:?}");
        }
        for &(_, column, named) in optional.iter().filter(|(f, _, _)| *f == file) {
            let Some(c) = header.iter().position(|h| h == column) else {
                continue;
            };
            if !rows.iter().any(|r| !r[c].trim().is_empty()) {
                continue;
            }
            filled_columns += 1;
            assert!(
                first.contains(named),
                "{file}: first line does not name {named}: {first}"
            );
            assert!(
                note.contains(&format!("（{column}）")),
                "SAMPLE_DATA.txt does not name {file}'s filled column {column}"
            );
        }
    }
    // The bundled data fill at least the province average, the rank, the experience and the problems.
    assert!(filled_columns >= 4, "{filled_columns}");
}
