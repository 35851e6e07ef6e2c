//! The evening out of breaking columns on the tables of real reports: short names no longer
//! take three or four lines where a neighbour has room, a column of figures gives way to long
//! names, and no table gets taller for it.

use super::balance::{balance, bounds};
use super::widths::column_widths_pt;
use super::*;

/// Each column's lines per row as the fitted table sets them (the header's first): an `auto`
/// column takes its cells on one line.
fn fitted_lines(rows: &[Vec<&str>]) -> Vec<Vec<usize>> {
    let widths = column_widths_pt(rows, false);
    let columns: Vec<ColumnWidth> = (0..widths.len())
        .map(|i| {
            let mut c = ColumnWidth::default();
            for row in rows {
                c.add_cell(row.get(i).copied().unwrap_or(""));
            }
            c
        })
        .collect();
    let spec = column_spec(&columns, PORTRAIT).expect("the table does not fit on one line");
    columns
        .iter()
        .zip(&widths)
        .zip(&spec)
        .map(|((c, w), s)| {
            if s == "auto" {
                vec![1; c.cell_count()]
            } else {
                c.lines_at((w - 6.0) / PORTRAIT.type_pt + 1e-6).collect()
            }
        })
        .collect()
}

fn table(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect()
        })
        .collect()
}

/// Table 2 of the bundled 2024 report (预期性指标完成情况).
const ANNUAL_2024: &str = "\
| 序号 | 指标 | 规划目标 | 2024年 | 进度要求 | 评价 | 完成预判 |
| 1 | 地区生产总值（GDP） | 全市地区生产总值（GDP）年均增长10.7% | 5.3%（年均6.8%） | 年均10.7% | 滞后于预期 | 完成难度很大 |
| 2 | 全员劳动生产率 | 年均增长大于8% | 6.6%（年均8.1%） | 年均8% | 基本符合预期 | 预计能够完成 |
| 3 | 常住人口城镇化率 | 达到60% | 59.3% | 58.7% | 快于预期 | 预计能够完成 |
| 4 | 研发经费投入 | 年均增长大于5.5% | 5.6%（年均6.5%） | 年均5.5% | 快于预期 | 预计能够完成 |
| 5 | 科技进步贡献率 | 达到60% | 56.5% | 58.4% | 滞后于预期 | 完成难度很大 |
| 6 | 固定资产投资 | 年均增长10% | -3.2%（年均2.2%） | 年均10% | 明显滞后于预期 | 完成难度很大 |
| 7 | 城镇居民人均可支配收入 | 年均增长7% | 5.1%（年均6.3%） | 年均7% | 滞后于预期 | 完成难度较大 |
| 8 | 农村居民人均可支配收入 | 年均增长8% | 6.9%（年均8.2%） | 年均8% | 基本符合预期 | 预计能够完成 |
| 9 | 城镇调查失业率 | 小于3.8% | 3.4% | 低于3.8% | 基本符合预期 | 预计能够完成 |
| 10 | 基本养老保险参保率 | 达到98% | 97.1% | 97.0% | 基本符合预期 | 预计能够完成 |
| 11 | 每千人口执业（助理）医师数 | 达到3.5人 | 3.56人 | 3.34人 | 提前实现 | 已实现 |
| 12 | 人均预期寿命 | 达到76岁 | 75.62岁（2023年） | 75.68岁 | 滞后于预期 | 完成难度较大 |
| 13 | 每千人拥有0-3岁婴儿托位数 | 达到4.5个 | 3.60个 | 3.84个 | 滞后于预期 | 完成难度较大 |";

/// Table 1 of the national15 fixture's 2028 mid-term report (约束性指标).
const MIDTERM_2028: &str = "\
| 序号 | 指标 | 规划目标 | 2028年 | 进度要求 | 评价 | 完成预判 |
| 1 | 单位地区生产总值二氧化碳排放累计降低 | 17%左右 | 累计9.7% | 累计10.2% | 滞后于预期 | 完成难度较大 |
| 2 | 单位地区生产总值能源消耗降低 | 完成“十五五”省下达考核目标 | 3.1% | — | 数据暂缺 | — |
| 3 | 主要污染物重点工程减排量 | 完成“十五五”市下达考核目标 | 累计860吨 | 900吨 | 基本符合预期 | 预计能够完成 |
| 4 | 万元地区生产总值用水量降低 | 完成市下达年度目标 | 2.4% | 2.5% | 明显滞后于预期 | 完成难度很大 |
| 5 | 粮食综合生产能力 | 稳定在32万吨以上 | 31.6万吨 | 不低于32万吨 | 明显滞后于预期 | 完成难度很大 |
| 6 | 能源综合生产能力 | 保持稳定 | 81.8万吨标准煤 | — | 明显滞后于预期 | 不作预判 |
| 7 | 粮食播种面积 | 保持在58万亩左右 | 59.3万亩 | 57～59万亩 | 滞后于预期 | 完成难度很大 |";

fn height(lines: &[Vec<usize>]) -> usize {
    let rows = lines.iter().map(Vec::len).max().unwrap_or(0);
    (0..rows)
        .map(|r| {
            lines
                .iter()
                .filter_map(|l| l.get(r))
                .copied()
                .max()
                .unwrap_or(1)
        })
        .sum()
}

#[test]
fn short_names_take_at_most_two_lines_in_the_bundled_progress_table() {
    let rows = table(ANNUAL_2024);
    let lines = fitted_lines(&rows);
    // 每千人口执业（助理）医师数 and 每千人拥有0-3岁婴儿托位数 took three lines each, the
    // target column having the room to give.
    assert!(lines[1].iter().all(|&n| n <= 2), "{:?}", lines[1]);
    // Labels and the progress column stay whole.
    for i in [0, 4, 5, 6] {
        assert!(
            lines[i].iter().all(|&n| n == 1),
            "column {i}: {:?}",
            lines[i]
        );
    }
    // The table is lower than the 30 lines it took.
    assert!(height(&lines) <= 27, "{lines:?}");
}

#[test]
fn a_column_of_figures_gives_way_to_long_names_in_an_upright_table() {
    let rows = table(MIDTERM_2028);
    let lines = fitted_lines(&rows);
    // 单位地区生产总值二氧化碳排放累计降低 took four lines beside a whole 81.8万吨标准煤.
    assert!(lines[1].iter().all(|&n| n <= 3), "{:?}", lines[1]);
    assert!(lines[3].contains(&2), "{:?}", lines[3]);
    // Labels (评价, 完成预判) never break in an upright table, though they vary.
    for i in [5, 6] {
        assert!(
            lines[i].iter().all(|&n| n == 1),
            "column {i}: {:?}",
            lines[i]
        );
    }
    assert!(height(&lines) <= 18, "{lines:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Balancing keeps the room the columns share and each column's bounds, and never makes
    /// the table taller (rows and tallest row added up).
    #[test]
    fn balancing_keeps_the_room_and_never_makes_a_table_taller(
        table in proptest::collection::vec(
            proptest::collection::vec("[一-龥]{1,20}|[0-9.%]{1,6}", 1..8),
            2..6,
        ),
        halves in proptest::collection::vec(8u32..40, 6),
    ) {
        let columns: Vec<ColumnWidth> = table
            .iter()
            .map(|cells| {
                let mut c = ColumnWidth::default();
                for cell in cells {
                    c.add_cell(cell);
                }
                c
            })
            .collect();
        let start: Vec<Option<f64>> = columns
            .iter()
            .zip(&halves)
            .map(|(c, &h)| Some((f64::from(h) / 2.0).max(c.breakable_min(3.0))))
            .collect();
        let rows = columns.iter().map(|c| c.cell_count()).max().unwrap_or(0);
        let lines_of = |widths: &[Option<f64>]| -> Vec<Vec<usize>> {
            columns
                .iter()
                .zip(widths)
                .map(|(c, w)| c.lines_at(w.unwrap_or(0.0)).collect())
                .collect()
        };
        let cost = |lines: &[Vec<usize>]| height(lines) + lines
            .iter()
            .map(|l| l.iter().copied().max().unwrap_or(1))
            .max()
            .unwrap_or(1);
        let before = lines_of(&start);
        let mut widths = start.clone();
        let limits = bounds(&columns, &widths, 3.0);
        balance(&mut widths, &limits, rows, |i, w| columns[i].lines_at(w).collect());
        let after = lines_of(&widths);
        let sum = |w: &[Option<f64>]| w.iter().flatten().sum::<f64>();
        proptest::prop_assert!((sum(&widths) - sum(&start)).abs() < 1e-6);
        for (w, (lo, hi)) in widths.iter().flatten().zip(&limits) {
            proptest::prop_assert!(*w >= lo - 1e-6 && *w <= hi + 1e-6);
        }
        proptest::prop_assert!(cost(&after) <= cost(&before), "{before:?} -> {after:?}");
    }
}
