//! Synthetic data folders of any size for the scale bench: a plan with `n`
//! indicators (every target kind, binding and expected, level series, strict
//! limits) and `n` tasks, five years of readings (some missing, some stale,
//! some with notes), four years of task reports (every status, some not
//! reported) and countermeasure rules of every kind. Deterministic: the same
//! `n` always writes the same files, and they pass `plan-eval check`.

use std::fmt::Write as _;
use std::path::Path;

pub const BASE_YEAR: i32 = 2020;
pub const TARGET_YEAR: i32 = 2025;
/// The year evaluated: the readings run from the base year to it.
pub const YEAR: i32 = 2024;

const DOMAINS: [&str; 4] = ["经济发展", "创新驱动", "民生福祉", "绿色生态"];
const TASKS_PER_SECTION: usize = 20;

/// A number in [0, 1) drawn from `i` and `salt` (splitmix64).
fn draw(i: usize, salt: u64) -> f64 {
    let mut z = (i as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// How many responsible units a plan of `n` indicators and tasks has.
pub fn unit_count(n: usize) -> usize {
    (n / 10).max(10)
}

fn unit(u: usize) -> String {
    format!("单位{:05}", u + 1)
}

fn indicator_id(i: usize) -> String {
    format!("ind{:05}", i + 1)
}

/// Writes plan.yaml, readings.csv, task_progress.csv and countermeasures.yaml
/// for `n` indicators and `n` tasks into `dir`.
pub fn write(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("data folder");
    let files = [
        ("plan.yaml", plan(n)),
        ("readings.csv", readings(n)),
        ("task_progress.csv", progress(n)),
        ("countermeasures.yaml", rules()),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write synthetic file");
    }
}

/// The plan of `n` indicators and tasks as YAML. (Over 80 lines: one literal document, a
/// section after another, as `data/plan.yaml` reads.)
fn plan(n: usize) -> String {
    let units = unit_count(n);
    let mut y = String::with_capacity(n * 400);
    y.push_str(
        "plan:
  name: 合成市国民经济和社会发展第十四个五年规划纲要
  full_name: 合成市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要
  short_name: 合成市“十四五”规划纲要
  city: 合成市
  issuer: 合成市人民政府办公室
  document_number: 合政办发〔2022〕1号
  document_title: 合成市人民政府办公室关于印发规划纲要任务分工方案的通知
  issued: 2022-03-04
  base_year: 2020
  target_year: 2025
  evaluator: 单位00001
  addressee: 市人民政府
  addressee_full: 合成市人民政府
  mandate: 单位00001要建立主要指标动态监测和考核制度，每年对落实情况进行评估
general_requirements: |
  坚持分类精准施策，推动规划部署全面落实。
work_requirements:
  - title: 制定计划，细化任务
    text: 各责任单位要制定工作计划，明确任务和完成时限。
  - title: 跟踪落实，确保实效
    text: 各责任单位要对落实情况进行跟踪分析，及时报告进展情况。
units:
",
    );
    for u in 0..units {
        let name = unit(u);
        let _ = writeln!(y, "  - name: {name}\n    full_name: 合成市{name}");
    }
    y.push_str("indicators:\n");
    for i in 0..n {
        let id = indicator_id(i);
        let name = format!("合成指标{:05}", i + 1);
        let category = if i % 3 == 0 { "binding" } else { "expected" };
        let domain = DOMAINS[i % DOMAINS.len()];
        let lead = unit(i % units);
        let support = unit((i * 7 + 3) % units);
        let _ = writeln!(
            y,
            "  - id: {id}\n    name: {name}\n    category: {category}\n    domain: {domain}"
        );
        match i % 5 {
            0 => {
                let _ = writeln!(
                    y,
                    "    wording: {name}年均增长6.5%\n    unit: \"%\"\n    kind: growth\n    target: 6.5\n    direction: higher"
                );
                if i % 10 == 0 {
                    y.push_str("    level: {unit: 亿元, base: 100.0}\n");
                }
            }
            1 => {
                let _ = writeln!(
                    y,
                    "    wording: {name}达到60%\n    unit: \"%\"\n    kind: level\n    target: 60\n    base: 50\n    direction: higher"
                );
            }
            2 => {
                let _ = writeln!(
                    y,
                    "    wording: {name}达到90%以上\n    unit: \"%\"\n    kind: floor\n    target: 90\n    base: 91\n    direction: higher"
                );
            }
            3 => {
                let strict = i % 2 == 0;
                let _ = writeln!(
                    y,
                    "    wording: {name}{}3.8%\n    unit: \"%\"\n    kind: ceiling\n    target: 3.8\n    base: 3.5\n    direction: lower\n    strict: {strict}\n    digits: 2",
                    if strict { "小于" } else { "控制在" }
                );
            }
            _ => {
                let _ = writeln!(
                    y,
                    "    wording: {name}完成上级下达指标\n    unit: \"%\"\n    kind: quota\n    direction: higher"
                );
            }
        }
        if lead == support {
            let _ = writeln!(y, "    units: [{lead}]");
        } else {
            let _ = writeln!(y, "    units: [{lead}, {support}]");
        }
    }
    y.push_str("sections:\n");
    for (s, first) in (0..n).step_by(TASKS_PER_SECTION).enumerate() {
        let _ = writeln!(
            y,
            "  - id: S{}\n    title: 第{}部分重点工作\n    tasks:",
            s + 1,
            s + 1
        );
        for (k, t) in (first..(first + TASKS_PER_SECTION).min(n)).enumerate() {
            let lead = unit((t * 3) % units);
            let support = unit((t * 11 + 5) % units);
            let units_list = if lead == support {
                lead
            } else {
                format!("{lead}, {support}")
            };
            let _ = writeln!(
                y,
                "      - id: T{}-{}\n        title: 推进第{:05}项重点工作\n        text: 围绕规划目标，实施第{:05}项重点工作，按年度计划推进。\n        units: [{units_list}]",
                s + 1,
                k + 1,
                t + 1,
                t + 1
            );
        }
    }
    y
}

/// One indicator's figure for `year` (value, quota), or none when it is missing.
fn reading(i: usize, year: i32) -> Option<(f64, Option<f64>)> {
    // Every 17th indicator has no figure for the evaluated year yet (stale),
    // every 23rd misses one earlier year.
    if (year == YEAR && i % 17 == 5) || (year == 2022 && i % 23 == 7) {
        return None;
    }
    let t = f64::from(year - BASE_YEAR);
    let pace = draw(i, 1);
    let jitter = draw(i, 100 + year as u64) - 0.5;
    let round = |v: f64, d: i32| (v * 10f64.powi(d)).round() / 10f64.powi(d);
    Some(match i % 5 {
        // Yearly growth rates around the 6.5% target.
        0 => (round(2.5 + 6.0 * pace + 2.0 * jitter, 1), None),
        // From 50 towards 60 at a pace between 30% and 140% of schedule.
        1 => (round(50.0 + 2.0 * t * (0.3 + 1.1 * pace) + jitter, 1), None),
        // Around the floor of 90.
        2 => (round(88.5 + 3.5 * pace + jitter, 1), None),
        // Around the ceiling of 3.8.
        3 => (round(3.1 + 0.9 * pace + 0.3 * jitter, 2), None),
        // Against a yearly quota of 3.
        _ => (round(2.6 + 0.8 * pace + 0.4 * jitter, 1), Some(3.0)),
    })
}

fn readings(n: usize) -> String {
    let mut c = String::with_capacity(n * 6 * 60);
    c.push_str("year,indicator,value,quota,source,note\n");
    let mut row = 0usize;
    for year in BASE_YEAR..=YEAR {
        for i in 0..n {
            let Some((value, quota)) = reading(i, year) else {
                continue;
            };
            row += 1;
            let id = indicator_id(i);
            let quota = quota.map(|q| q.to_string()).unwrap_or_default();
            let note = if row.is_multiple_of(20) {
                "初步核算数"
            } else {
                ""
            };
            let _ = writeln!(
                c,
                "{year},{id},{value},{quota},合成市{year}年国民经济和社会发展统计公报,{note}"
            );
            if i % 10 == 0 {
                let level = 100.0 * 1.06f64.powi(year - BASE_YEAR);
                let _ = writeln!(
                    c,
                    "{year},{id}.level,{level:.1},,合成市{year}年国民经济和社会发展统计公报,"
                );
            }
        }
    }
    c
}

fn progress(n: usize) -> String {
    const STATUSES: [&str; 4] = ["已完成", "序时推进", "进度滞后", "未启动"];
    let mut c = String::with_capacity(n * 4 * 100);
    c.push_str("year,task,status,summary\n");
    for year in (BASE_YEAR + 1)..=YEAR {
        for t in 0..n {
            // Every 13th task has not reported for the evaluated year.
            if year == YEAR && t % 13 == 4 {
                continue;
            }
            let (s, k) = (t / TASKS_PER_SECTION, t % TASKS_PER_SECTION);
            let p = draw(t, 200 + year as u64);
            let status = match p {
                p if p < 0.15 => STATUSES[0],
                p if p < 0.75 => STATUSES[1],
                p if p < 0.93 => STATUSES[2],
                _ => STATUSES[3],
            };
            let _ = writeln!(
                c,
                "{year},T{}-{},{status},完成年度计划的{}%，下一步继续推进。",
                s + 1,
                k + 1,
                (p * 100.0).round()
            );
        }
    }
    c
}

fn rules() -> String {
    "indicator_rules:
  - id: first_lagging
    indicators: [ind00002]
    grades: [滞后于序时进度, 明显滞后]
    text: |-
      由{{ lead }}牵头，逐月调度{{ name }}。{{ span }}年均进度为{{ value }}{{ unit }}，
      低于序时进度要求{{ expected }}{{ unit }}。
  - id: growth_lagging
    kinds: [growth]
    grades: [滞后于序时进度, 明显滞后]
    text: |-
      由{{ lead }}牵头，分析{{ name }}增长偏慢的原因。目前年均增长{{ realised }}%，
      低于{{ target }}%的目标，{% if remaining_years == 1 %}{{ target_year }}年需增长{{ needed }}%{% else %}今后{{ remaining_years }}年需年均增长{{ needed }}%{% endif %}。
  - id: green_lagging
    domains: [绿色生态]
    grades: [滞后于序时进度, 明显滞后]
    text: |-
      由{{ lead_full }}牵头，加大{{ name }}治理力度，{{ reason }}。
  - id: level_lagging
    kinds: [level]
    grades: [滞后于序时进度, 明显滞后]
    text: |-
      由{{ lead }}牵头，{{ name }}{{ reading_year }}年为{{ value }}{{ unit }}，按序时进度应达到{{ expected }}{{ unit }}。
  - id: limit_missed
    kinds: [floor, ceiling]
    grades: [滞后于序时进度, 明显滞后]
    text: |-
      由{{ lead }}牵头，{{ name }}{{ grade }}，{{ outlook }}。
  - id: quota_missed
    kinds: [quota]
    grades: [滞后于序时进度, 明显滞后]
    text: |-
      由{{ lead }}牵头，{{ name }}未完成{{ missed_years | join(sep=\"、\") }}年下达目标。
  - id: no_data
    grades: [数据暂缺]
    text: |-
      {{ lead }}要尽快报送{{ name }}数据。
task_rules:
  - id: task_not_reported
    statuses: [未报送]
    text: |-
      {{ lead }}要及时报送{{ task | quote }}{{ year }}年度进展情况。
  - id: task_not_started
    statuses: [未启动]
    text: |-
      {{ lead }}要尽快启动{{ task | quote }}。
  - id: task_behind
    statuses: [进度滞后]
    text: |-
      {{ lead }}要加快推进{{ task | quote }}，确保{{ target_year }}年前完成。
standing:
  - title: 加强组织领导
    text: 各责任单位要把规划实施摆在突出位置。
  - title: 严格监测评估和督查考核
    text: 加强监测评估、督查考核。
"
    .to_string()
}
