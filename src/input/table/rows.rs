//! Checks of a table's body rows against its header, before they become records: a row wider
//! or narrower than the header (a CSV misread), characters that reorder text, and control
//! characters a damaged file holds. It reports; it does not map columns or emit records.

use std::path::Path;

use crate::error::Problems;

use super::Row;

/// Each row's width against the header's. A cell beyond the header's last column is not
/// read: in a CSV file it is most often a value split at an unquoted comma (1,234), whose
/// first part would be read alone. A row with fewer fields was cut off.
pub(super) fn check_widths(path: &Path, header: &[String], body: &[Row], problems: &mut Problems) {
    const ADVICE: &str = "数值中的千位分隔逗号（如 1,234）须去掉或给整个数值加英文引号，文字中的英文逗号请改为中文逗号";
    let width = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    for row in body {
        let extra = row
            .cells
            .iter()
            .enumerate()
            .skip(width)
            .find(|(_, c)| !c.is_empty());
        let (col, message) = match extra {
            Some((col, extra)) => (
                col,
                format!(
                    "本行第 {} 列有内容“{extra}”，但表头只有 {width} 列，多出的内容不会被读取：{ADVICE}",
                    col + 1
                ),
            ),
            // More fields than the header row, though empty: the cells have moved along.
            None if row.cells.len() > header.len() => (
                header.len(),
                format!(
                    "本行有 {} 个字段，比表头的 {} 个多，各列的内容可能错了位：{ADVICE}",
                    row.cells.len(),
                    header.len()
                ),
            ),
            // Fewer fields than the header: the row was cut off, or lost its separators.
            None if row.cells.len() < width => {
                problems.report(
                    path,
                    Some(row.line),
                    &header[row.cells.len()],
                    format!(
                        "本行只有 {} 个字段，比表头的 {width} 个少，缺少“{}”及其后的列：文件可能不完整（被截断），或本行少了分隔符；请补全该行（没有的数据留空，但要保留逗号）",
                        row.cells.len(),
                        header[row.cells.len()]
                    ),
                );
                continue;
            }
            None => continue,
        };
        problems.report(path, Some(row.line), &format!("第{}列", col + 1), message);
    }
}

/// Hidden characters that reorder text are dropped in print; the staff are told where.
pub(super) fn warn_hidden(path: &Path, header: &[String], body: &[Row], problems: &mut Problems) {
    for row in body {
        for (col, text) in row.cells.iter().enumerate() {
            if let Some(c) = text
                .chars()
                .find(|&c| crate::escape::markdown::is_hidden_format(c))
            {
                let field = header
                    .get(col)
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("第{}列", col + 1));
                problems.warn(
                    path,
                    Some(row.line),
                    &field,
                    format!(
                        "含有不可见的文字方向控制字符（U+{:04X}），它会让文字显示的顺序与实际不同；报告中已将其去除，请核对该处文字",
                        c as u32
                    ),
                );
            }
        }
    }
}

/// Control characters (a NUL byte and the like, never typed by hand) mean a file damaged in
/// export or transfer, or written by another program: each cell holding one is an error,
/// told with the characters shown (`\u{0000}`), and they are taken out of the cell so that no later
/// message about it echoes them raw.
pub(super) fn refuse_control(
    path: &Path,
    header: &[String],
    body: &mut [Row],
    problems: &mut Problems,
) {
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    for row in body {
        for (col, text) in row.cells.iter_mut().enumerate() {
            let Some(c) = text.chars().find(|&c| control(c)) else {
                continue;
            };
            let field = header
                .get(col)
                .filter(|h| !h.is_empty())
                .cloned()
                .unwrap_or_else(|| format!("第{}列", col + 1));
            problems.report(
                path,
                Some(row.line),
                &field,
                format!(
                    "单元格“{}”中有不可见的控制字符（U+{:04X}），文件可能在导出或传输中损坏；请在 Excel 或 WPS 中删除该字符，或重新导出文件",
                    super::cells::shown(text),
                    c as u32
                ),
            );
            text.retain(|c| !control(c));
        }
    }
}
