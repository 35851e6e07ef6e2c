//! The 指标 sheet's filled cells parsed as the readings reader parses them.

use super::*;

/// The figures of the 指标 sheet's rows; a row whose value cell is blank is not reported.
pub(super) fn figures(
    cx: &mut Ctx,
    sheet: &SheetText,
    duty: &Duty,
    plan: &Plan,
    year: i32,
    rows: u32,
) -> Vec<Figure> {
    let cols = IndicatorColumns::new(plan, year);
    let headers = cols.headers();
    let mut out = Vec::new();
    for r in 1..=rows {
        let id = sheet.get(r, IndicatorColumns::ID);
        let Some(row) = duty.rows.iter().find(|x| x.id() == id) else {
            let lead = plan
                .indicator(id.trim_end_matches(crate::input::readings::LEVEL_SUFFIX))
                .map(|i| plan.units[plan.unit_in(i.units[0], year)].name.clone());
            let message = match lead {
                Some(lead) => format!(
                    "{}不是指标“{id}”的牵头单位（{year} 年度由{lead}牵头填报），不能填报该指标",
                    plan.units[duty.unit].name
                ),
                None => format!("规划中没有编号为“{id}”的指标"),
            };
            cx.at(
                layout::INDICATOR_SHEET,
                r,
                IndicatorColumns::ID,
                &headers[0],
                message,
            );
            continue;
        };
        let plausible = row.plausible();
        let number = |cx: &mut Ctx, col: u16, what: &str| -> Result<Option<f64>, ()> {
            let cell = sheet.get(r, col);
            let header = &headers[col as usize];
            match table::parse_value(&cell) {
                Value::Empty => Ok(None),
                Value::Invalid => {
                    cx.at(
                        layout::INDICATOR_SHEET,
                        r,
                        col,
                        header,
                        format!("指标“{id}”的{what}“{cell}”不是数字"),
                    );
                    Err(())
                }
                Value::Number(v) => match plausible.filter(|p| !p.range.contains(v)) {
                    Some(p) => {
                        cx.at(
                            layout::INDICATOR_SHEET,
                            r,
                            col,
                            header,
                            p.message(&id, &format!("{what}“{cell}”")),
                        );
                        Err(())
                    }
                    None => Ok(Some(v)),
                },
            }
        };
        let value = if row.takes_verdict() {
            let cell = sheet.get(r, cols.value());
            match crate::plan::Verdict::parse(&cell) {
                _ if cell.trim().is_empty() => Ok(None),
                Some(v) => Ok(Some(v.label().to_string())),
                None => {
                    cx.at(
                        layout::INDICATOR_SHEET,
                        r,
                        cols.value(),
                        &headers[cols.value() as usize],
                        format!("指标“{id}”由牵头单位评估，应填 达到预期、基本达到 或 未达到预期，而不是“{cell}”"),
                    );
                    Err(())
                }
            }
        } else {
            number(cx, cols.value(), "数值").map(|v| v.map(crate::forms::table::number))
        };
        let quota = {
            let cell = sheet.get(r, cols.quota());
            match super::target::year_target(&cell) {
                _ if cell.trim().is_empty() => Ok(None),
                Ok((_, t)) if plausible.is_some_and(|p| !p.range.contains(t.low)) => {
                    let p = plausible.expect("checked");
                    cx.at(
                        layout::INDICATOR_SHEET,
                        r,
                        cols.quota(),
                        &headers[cols.quota() as usize],
                        p.message(&id, &format!("下达目标“{cell}”")),
                    );
                    Err(())
                }
                Ok((written, _)) => Ok(Some(written)),
                Err(why) => {
                    cx.at(
                        layout::INDICATOR_SHEET,
                        r,
                        cols.quota(),
                        &headers[cols.quota() as usize],
                        format!(
                            "指标“{id}”的目标“{cell}”无法识别：{why}；可填 {}",
                            super::target::HOW
                        ),
                    );
                    Err(())
                }
            }
        };
        let (Ok(value), Ok(quota)) = (value, quota) else {
            continue;
        };
        let Some(value) = value else {
            continue;
        };
        if quota.is_none()
            && row.needs_quota()
            && matches!(row.indicator.target, Target::Quota { .. })
            && year > plan.meta.base_year
        {
            cx.at(
                layout::INDICATOR_SHEET,
                r,
                cols.quota(),
                &headers[cols.quota() as usize],
                format!("指标“{id}”为完成上级下达指标类，{year} 年须填写下达目标（quota）"),
            );
            continue;
        }
        let Some((province_average, city_average, rank)) =
            standing(cx, sheet, &cols, &headers, r, &id)
        else {
            continue;
        };
        out.push(Figure {
            id: id.clone(),
            value,
            quota: quota.unwrap_or_default(),
            source: sheet.get(r, cols.source()),
            note: sheet.get(r, cols.note()),
            province_average,
            city_average,
            rank,
            row: r,
        });
    }
    out
}

/// The row's 全省平均, 全市平均 and 位次 cells, checked as the readings reader checks
/// them; `None` (the problem told at its cell) when one is not understood.
fn standing(
    cx: &mut Ctx,
    sheet: &SheetText,
    cols: &IndicatorColumns,
    headers: &[String],
    r: u32,
    id: &str,
) -> Option<(String, String, String)> {
    use crate::input::readings::standing::{average, rank};
    let what = format!("指标“{id}”");
    let mut ok = true;
    let mut cell = |col: u16, check: &dyn Fn(&str) -> Result<(), String>| {
        let text = sheet.get(r, col);
        if let Err(message) = check(&text) {
            cx.at(
                layout::INDICATOR_SHEET,
                r,
                col,
                &headers[col as usize],
                message,
            );
            ok = false;
        }
        text
    };
    let province = cell(cols.province_average(), &|t| {
        average(t, &format!("{what}的全省平均")).map(|_| ())
    });
    let city = cell(cols.city_average(), &|t| {
        average(t, &format!("{what}的全市平均")).map(|_| ())
    });
    let place = cell(cols.rank(), &|t| rank(t, "", &what).map(|_| ()));
    ok.then_some((province, city, place))
}
