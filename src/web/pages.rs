//! The pages that only read: the list of folders, 概况 (the plan, each year's 报送情况,
//! check and archived versions) and 数据检查 (`check` as a table, errors first); and the
//! parsing of the folder index and year every page takes, refused in Chinese when out
//! of range.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::archive;
use crate::forms::status::{self, UnitStatus};
use crate::input::check;

use super::app::Shared;
use super::guard::Sess;
use super::view::{self, Page};

/// `?year=` of a page.
#[derive(Deserialize)]
pub(crate) struct YearQuery {
    pub(crate) year: Option<String>,
}

/// The folder index of a path, or the refusal to show.
pub(crate) fn folder_index(app: &Shared, text: &str) -> Result<usize, Response> {
    text.parse::<usize>()
        .ok()
        .filter(|&i| app.folder(i).is_some())
        .ok_or_else(|| {
            view::refusal(
                StatusCode::NOT_FOUND,
                "没有这个数据目录：工作台只打开启动时用 --data 指定的目录。",
            )
        })
}

/// A year from a path or query, or the refusal to show.
pub(crate) fn year_of(text: &str) -> Result<i32, Response> {
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| {
            view::refusal(
                StatusCode::BAD_REQUEST,
                &format!("“{text}”不是年度，年度应写作四位数字，如 2025"),
            )
        })
}

/// The year a page's `?year=` asks for, `None` when it asks none, or the refusal to show.
pub(crate) fn asked_year(q: &YearQuery) -> Result<Option<i32>, Response> {
    q.year
        .as_deref()
        .filter(|y| !y.is_empty())
        .map(year_of)
        .transpose()
}

/// `/`: the only folder's 概况, or the list of folders.
pub(crate) async fn home(State(app): State<Shared>, Extension(sess): Extension<Sess>) -> Response {
    if app.folders.len() == 1 {
        return Redirect::to("/f/0/").into_response();
    }
    view::render(&app, "folders.html", &sess, None, tera::Context::new())
}

/// Any other address.
pub(crate) async fn not_found() -> Response {
    view::refusal(StatusCode::NOT_FOUND, "没有这个页面。")
}

/// One year's line in 概况.
#[derive(Serialize)]
struct YearLine {
    year: i32,
    status: String,
    check: String,
    passed: bool,
    versions: usize,
}

/// One row of the 报送情况 table.
#[derive(Serialize)]
pub(crate) struct StatusRow {
    number: usize,
    name: String,
    indicators: usize,
    tasks: usize,
    missing: usize,
    words: String,
}

pub(crate) fn status_rows(all: &[UnitStatus]) -> Vec<StatusRow> {
    all.iter()
        .enumerate()
        .map(|(i, s)| StatusRow {
            number: i + 1,
            name: s.name.clone(),
            indicators: s.indicators_due,
            tasks: s.tasks_due,
            missing: s.missing(),
            words: if s.missing() == 0 {
                "已报齐".to_string()
            } else {
                s.missing_words()
            },
        })
        .collect()
}

/// The plan's words for the overview.
#[derive(Serialize)]
struct PlanInfo {
    name: String,
    period: String,
    evaluator: String,
    units: Vec<String>,
}

/// 概况.
pub(crate) async fn overview(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    Query(q): Query<YearQuery>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let asked = asked_year(&q)?;
    let folder = &app.folders[f];
    let (data, archive) = (folder.data.clone(), folder.archive.clone());
    let ctx = view::blocking("页面生成", move || {
        overview_context(&data, &archive, asked)
    })
    .await?
    .map_err(|e| view::failed(&app, &sess, f, &e))?;
    Ok(view::render(&app, "overview.html", &sess, Some(f), ctx))
}

/// The overview from one check of the folder (for the year asked, or the latest year with
/// data): the plan, every year's 报送情况 and versions, and that year's check.
fn overview_context(
    data: &std::path::Path,
    archive_dir: &std::path::Path,
    asked: Option<i32>,
) -> crate::error::Result<tera::Context> {
    let checked = check::check(data, asked);
    let Some(dataset) = &checked.dataset else {
        return Err(crate::error::Error::Invalid(checked.problems.into_vec()));
    };
    let plan = &dataset.plan;
    let meta = &plan.meta;
    let versions = archive::all_versions(archive_dir).unwrap_or_default();
    let year = checked.year.filter(|y| plan.check_year(*y).is_ok());
    let mut years = Vec::new();
    for y in plan.years().filter(|y| plan.check_year(*y).is_ok()) {
        let all = status::of(dataset, y);
        let (check, passed) = if Some(y) == year {
            (checked.summary(), checked.passed())
        } else {
            (String::new(), true)
        };
        years.push(YearLine {
            year: y,
            status: status::summary(y, &all),
            check,
            passed,
            versions: versions.iter().filter(|v| v.year == y).count(),
        });
    }
    let mut ctx = tera::Context::new();
    ctx.insert(
        "plan",
        &PlanInfo {
            name: meta.full_name.clone(),
            period: format!("{}—{} 年", meta.base_year + 1, meta.target_year),
            evaluator: plan.units[plan.unit_in(meta.evaluator, year.unwrap_or(meta.target_year))]
                .full_name
                .clone(),
            units: crate::forms::layout::duties(plan, year.unwrap_or(meta.target_year))
                .iter()
                .map(|d| plan.units[d.unit].name.clone())
                .collect(),
        },
    );
    ctx.insert("years", &years);
    if let Some(year) = year {
        let all = status::of(dataset, year);
        ctx.insert("year", &year);
        ctx.insert("status", &status_rows(&all));
        ctx.insert("status_summary", &status::summary(year, &all));
    }
    Ok(ctx)
}

/// 数据检查.
pub(crate) async fn check(
    State(app): State<Shared>,
    Extension(sess): Extension<Sess>,
    Path(f): Path<String>,
    Query(q): Query<YearQuery>,
) -> Page {
    let f = folder_index(&app, &f)?;
    let asked = asked_year(&q)?;
    let data = app.folders[f].data.clone();
    let checked = view::blocking("检查", move || check::check(&data, asked)).await?;
    let mut ctx = tera::Context::new();
    ctx.insert(
        "rows",
        &view::rows(checked.problems.as_slice(), &view::file_name),
    );
    ctx.insert("summary", &checked.summary());
    ctx.insert("passed", &checked.passed());
    ctx.insert("errors", &checked.problems.errors());
    ctx.insert("warnings", &checked.problems.warnings());
    if let (Some(year), Some(data)) = (checked.year, &checked.dataset) {
        ctx.insert("year", &year);
        if let Err(why) = data.plan.check_year(year) {
            // The year chosen is the mistake, not plan.yaml: said of the year, with the way to
            // choose another on the page, and nothing else checked for it.
            ctx.insert("rows", &Vec::<view::Row>::new());
            ctx.insert(
                "summary",
                &format!("所选{why}；请在上方选择规划期内的年度后再检查。"),
            );
            ctx.insert("outside", &year);
        }
        if data.plan.check_year(year).is_ok() {
            let lines = status::check_lines(year, &status::of(data, year));
            if let Some((head, items)) = lines.split_first() {
                let items: Vec<&str> = items.iter().map(|l| l.trim()).collect();
                ctx.insert("status_head", head);
                ctx.insert("status_items", &items);
            }
        }
        let years: Vec<i32> = data
            .plan
            .years()
            .filter(|y| data.plan.check_year(*y).is_ok())
            .collect();
        ctx.insert("plan_years", &years);
    }
    Ok(view::render(&app, "check.html", &sess, Some(f), ctx))
}
