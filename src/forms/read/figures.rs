//! The 指标 sheet's filled cells parsed as the readings reader parses them.

use super::*;

/// What a return's 指标 sheet was sent to ask: the unit's duty, the plan, the form's
/// year and, for each row the form sent (0-based), the year it asks for.
pub(super) struct Asked<'a> {
    pub duty: &'a Duty<'a>,
    pub plan: &'a Plan,
    pub year: i32,
    pub rows: &'a [(u32, i32)],
    /// A form of version 1, whose published-late rows asked for the form's own year.
    pub first_version: bool,
}

/// The figures of the 指标 sheet's rows; a row whose value cell is blank is not reported.
/// (Over 80 lines: each row's kind, benchmark, old form's late row or figure, is read in turn.)
pub(super) fn figures(cx: &mut Ctx, sheet: &SheetText, asked: &Asked) -> Vec<Figure> {
    let Asked {
        duty, plan, year, ..
    } = *asked;
    let mut out = Vec::new();
    for &(r, asks) in asked.rows {
        let cols = IndicatorColumns::asking(plan, year, asks);
        let headers = cols.headers();
        let id = sheet.get(r, IndicatorColumns::ID);
        let benchmark = duty.benchmarks.iter().find(|b| b.id == id);
        let line = Line {
            sheet,
            cols: &cols,
            headers: &headers,
            r,
            id: &id,
            plausible: None,
            // A row's own unit and name are set below; a benchmark's are its series'.
            unit: benchmark.map_or("", |b| b.unit.as_str()),
            name: benchmark.map_or("", |b| b.name.as_str()),
        };
        if benchmark.is_some() {
            if let Ok(Some(value)) = line.number(cx, cols.value(), "数值") {
                out.push(Figure {
                    value: crate::forms::table::number(value),
                    ..line.figure(String::new(), asks)
                });
            }
            continue;
        }
        let Some(row) = duty.rows.iter().find(|x| x.id() == id) else {
            line.tell(cx, IndicatorColumns::ID, not_duty(plan, duty, &id, year));
            continue;
        };
        if asked.first_version && row.late() {
            // The old form asked a figure published the next year for the form's own year.
            let cell = sheet.get(r, cols.value());
            if !cell.is_empty() {
                line.tell(
                    cx,
                    cols.value(),
                    format!(
                        "这是旧版填报表：“{}”的数据次年发布，旧版表在“{year}年数值”一栏填写的“{cell}”无法确定是哪一年的数据，未予汇总；请重新下载 {year} 年度填报表，在表下方“{}年数值（次年发布）”一栏填报",
                        row.name(),
                        year - 1
                    ),
                );
            }
            continue;
        }
        let name = row.name();
        let line = Line {
            plausible: row.plausible(),
            unit: row.unit(),
            name: &name,
            ..line
        };
        let value = if row.takes_verdict() {
            line.verdict(cx)
        } else {
            line.number(cx, cols.value(), "数值")
                .map(|v| v.map(crate::forms::table::number))
        };
        let quota = line.quota(cx);
        let (Ok(value), Ok(quota)) = (value, quota) else {
            continue;
        };
        let Some(value) = value else {
            line.unreadable_without_value(cx);
            continue;
        };
        if quota.is_none()
            && row.needs_quota()
            && matches!(row.indicator.target, Target::Quota { .. })
            && asks > plan.meta.base_year
        {
            line.tell(
                cx,
                cols.quota(),
                format!(
                    "{}为完成上级下达指标类，{asks} 年须填写下达目标",
                    line.who()
                ),
            );
            continue;
        }
        let Some((province_average, city_average, rank)) =
            standing(cx, sheet, &cols, &headers, r, &line.who())
        else {
            continue;
        };
        out.push(Figure {
            value,
            quota: quota.unwrap_or_default(),
            province_average,
            city_average,
            rank,
            ..line.figure(String::new(), asks)
        });
    }
    out
}

/// Why a row's indicator `id` is not the returning unit's to report: another unit
/// leads it in `year`, or the plan has no such indicator.
fn not_duty(plan: &Plan, duty: &Duty, id: &str, year: i32) -> String {
    let lead = plan
        .indicator(id.trim_end_matches(crate::input::readings::LEVEL_SUFFIX))
        .map(|i| plan.units[plan.unit_in(i.units[0], year)].name.clone());
    match lead {
        Some(lead) => format!(
            "{}不是指标“{id}”的牵头单位（{year} 年度由{lead}牵头填报），不能填报该指标",
            plan.units[duty.unit].name
        ),
        None => format!("规划中没有编号为“{id}”的指标"),
    }
}

/// One row of the 指标 sheet being read: its cells, their headers, the indicator it
/// reports and the range its figures must fall in.
#[derive(Clone, Copy)]
struct Line<'a> {
    sheet: &'a SheetText,
    cols: &'a IndicatorColumns,
    headers: &'a [String],
    r: u32,
    id: &'a str,
    plausible: Option<&'a crate::plan::Plausible>,
    /// The unit of the row's figures (亿元 for a level series).
    unit: &'a str,
    /// The row's name as the form shows it beside the id (地区生产总值（总量）); empty when
    /// the row is not one the unit was sent.
    name: &'a str,
}

impl Line<'_> {
    /// The row's figure with `value` for `year`, its source and note as written, no
    /// target, averages or rank.
    fn figure(&self, value: String, year: i32) -> Figure {
        Figure {
            id: self.id.to_string(),
            value,
            quota: String::new(),
            source: self.sheet.get(self.r, self.cols.source()),
            note: self.sheet.get(self.r, self.cols.note()),
            province_average: String::new(),
            city_average: String::new(),
            rank: String::new(),
            row: self.r,
            year,
        }
    }

    /// The row's indicator as messages name it, as the form shows it: the id, and the
    /// name beside it (`指标“gdp”（地区生产总值增长）`), as `check` names an indicator.
    fn who(&self) -> String {
        match self.name {
            "" => format!("指标“{}”", self.id),
            name => format!("指标“{}”（{name}）", self.id),
        }
    }

    /// Tells `message` at the row's cell in column `col`.
    fn tell(&self, cx: &mut Ctx, col: u16, message: String) {
        cx.at(
            layout::INDICATOR_SHEET,
            self.r,
            col,
            &self.headers[col as usize],
            message,
        );
    }

    /// Tells of the cells a row fills beside a blank value (下达目标, 全省平均, 全市平均, 位次):
    /// they are merged only with a value, and would otherwise be dropped unseen.
    fn unreadable_without_value(&self, cx: &mut Ctx) {
        let filled: Vec<&str> = [
            self.cols.quota(),
            self.cols.province_average(),
            self.cols.city_average(),
            self.cols.rank(),
        ]
        .into_iter()
        .filter(|&col| !self.sheet.get(self.r, col).trim().is_empty())
        .map(|col| {
            let header = self.headers[col as usize].as_str();
            header.split("（选填").next().unwrap_or(header)
        })
        .collect();
        if filled.is_empty() {
            return;
        }
        let value = &self.headers[self.cols.value() as usize];
        self.tell(
            cx,
            self.cols.value(),
            format!(
                "{}填写了“{}”，但“{value}”为空：这些数据只随数值一起汇总，未予汇总；请填写数值，或在尚无数值时清空这些单元格",
                self.who(),
                filled.join("”“")
            ),
        );
    }

    /// The number in column `col` (`what` names it in messages); `Err` once told
    /// that it is not a number or not plausible.
    fn number(&self, cx: &mut Ctx, col: u16, what: &str) -> Result<Option<f64>, ()> {
        let cell = self.sheet.get(self.r, col);
        self.percent_fits(cx, col, what, &cell)?;
        match table::parse_value(&cell) {
            Value::Empty => Ok(None),
            Value::Invalid => {
                let who = self.who();
                self.tell(cx, col, format!("{who}的{what}“{cell}”不是数字"));
                Err(())
            }
            Value::Number(v) => match self.plausible.filter(|p| !p.range.contains(v)) {
                Some(p) => {
                    let message = p.message(&self.who(), &format!("{what}“{cell}”"));
                    self.tell(cx, col, message);
                    Err(())
                }
                None => Ok(Some(v)),
            },
        }
    }

    /// `Err` once told that the cell in column `col` (`what`) is shown as a percentage (a
    /// cell formatted `%`, a percent sign) while the row's unit is not one.
    fn percent_fits(&self, cx: &mut Ctx, col: u16, what: &str, cell: &str) -> Result<(), ()> {
        let formatted = self.sheet.shown_as_percent(self.r, col);
        let what = format!("{}的{what}", self.who());
        match table::percent_misfit(&what, cell, formatted, self.unit) {
            Some(message) => {
                self.tell(cx, col, message);
                Err(())
            }
            None => Ok(()),
        }
    }

    /// The lead unit's verdict in the value column, as its label; `Err` once told
    /// that it is none of the three.
    fn verdict(&self, cx: &mut Ctx) -> Result<Option<String>, ()> {
        let col = self.cols.value();
        let cell = self.sheet.get(self.r, col);
        match crate::plan::Verdict::parse(&cell) {
            _ if cell.trim().is_empty() => Ok(None),
            Some(v) => Ok(Some(v.label().to_string())),
            None => {
                self.tell(
                    cx,
                    col,
                    format!(
                        "{}由牵头单位评估，应填 达到预期、基本达到 或 未达到预期，而不是“{cell}”",
                        self.who()
                    ),
                );
                Err(())
            }
        }
    }

    /// The year's target as written in the quota column; `Err` once told that it
    /// is not understood or not plausible.
    fn quota(&self, cx: &mut Ctx) -> Result<Option<String>, ()> {
        let col = self.cols.quota();
        let cell = self.sheet.get(self.r, col);
        self.percent_fits(cx, col, "下达目标", &cell)?;
        match super::target::year_target(&cell) {
            _ if cell.trim().is_empty() => Ok(None),
            Ok((_, t)) if self.plausible.is_some_and(|p| !p.range.contains(t.low)) => {
                let p = self.plausible.expect("checked");
                let message = p.message(&self.who(), &format!("下达目标“{cell}”"));
                self.tell(cx, col, message);
                Err(())
            }
            Ok((written, _)) => Ok(Some(written)),
            Err(why) => {
                self.tell(
                    cx,
                    col,
                    format!(
                        "{}的目标“{cell}”无法识别：{why}；可填 {}",
                        self.who(),
                        super::target::HOW
                    ),
                );
                Err(())
            }
        }
    }
}

/// The row's 全省平均, 全市平均 and 位次 cells, checked as the readings reader checks
/// them; `None` (the problem told at its cell) when one is not understood. `what` names
/// the row's indicator ([`Line::who`]).
fn standing(
    cx: &mut Ctx,
    sheet: &SheetText,
    cols: &IndicatorColumns,
    headers: &[String],
    r: u32,
    what: &str,
) -> Option<(String, String, String)> {
    use crate::input::readings::standing::{average, rank};
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
    let place = cell(cols.rank(), &|t| rank(t, "", what).map(|_| ()));
    ok.then_some((province, city, place))
}
