//! Runs that meet each other or are cut short: concurrent runs make distinct, valid versions,
//! and a run killed at any moment leaves no partial version and no typst still running.

use super::*;

#[test]
fn concurrent_runs_make_distinct_valid_versions() {
    let dir = temp_dir();
    let children: Vec<_> = (1..=8)
        .map(|day| {
            Command::new(env!("CARGO_BIN_EXE_plan-eval"))
                .args([
                    "report",
                    "--year",
                    "2024",
                    "--date",
                    &format!("2025-03-{day:02}"),
                    "--data",
                    bundled().to_str().unwrap(),
                    "--archive",
                    "archive",
                ])
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_success(&out);
    }
    assert_eq!(
        versions(dir.path()),
        ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]
    );
    let mut dates: Vec<String> = (1..=8)
        .map(|n| {
            let info =
                fs::read_to_string(dir.path().join(format!("archive/2024/v{n}/bag-info.txt")))
                    .unwrap();
            assert!(info.contains(&format!("External-Identifier: 丹江口-十四五-2024-v{n}\n")));
            info.lines()
                .find(|l| l.starts_with("Report-Date: "))
                .unwrap()
                .to_string()
        })
        .collect();
    dates.sort();
    dates.dedup();
    assert_eq!(dates.len(), 8, "each run is its own version");
    let verify = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert!(verify.status.success(), "{}", text(&verify.stdout));
    for n in 1..=8 {
        bagit_validates(&dir.path().join(format!("archive/2024/v{n}")));
    }
}

/// The processes of process group `group` still running (a zombie has
/// ended), as (pid, name), from /proc.
fn running_in_group(group: u32) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // A process may end while it is read.
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (name) state ppid pgrp …"; the name may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        if fields.len() > 2 && fields[2] == group.to_string() && fields[0] != "Z" {
            found.push((pid, stat[open + 1..close].to_string()));
        }
    }
    found
}

/// Fails unless every process of `group` (plan-eval, and the typst it ran)
/// is gone at once after the kill: a killed run leaves no typst behind. (A
/// typst left running would print for a second or more.)
fn assert_group_ends(group: u32, delay: u64) {
    let deadline = std::time::Instant::now() + Duration::from_millis(500);
    loop {
        let left = running_in_group(group);
        if left.is_empty() {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "after a kill at {delay} ms, still running in the group: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_run_killed_at_any_moment_leaves_no_partial_version() {
    let dir = temp_dir();
    // A killed run cannot remove typst's temporary folder: it goes in the test's own.
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let mut completed = 0;
    for (i, delay) in [0u64, 20, 60, 120, 200, 300, 400, 500, 650, 800, 1000, 1300]
        .into_iter()
        .enumerate()
    {
        // In a process group of its own, so that the kill reaches the typst
        // it may be running too, as a kill of the job would.
        let mut child = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
            .args([
                "report",
                "--year",
                "2024",
                "--date",
                &format!("2025-04-{:02}", i + 1),
                "--data",
                bundled().to_str().unwrap(),
                "--archive",
                "archive",
            ])
            .current_dir(dir.path())
            .env("TMPDIR", &tmp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let group = child.id();
        std::thread::sleep(Duration::from_millis(delay));
        // Until it is waited for, the child holds its group's id even when it
        // has finished, so the kill cannot reach another group. Spelt with
        // `--`: procps-ng 4.0.2 reads `kill -9 -PGID` as `kill -9 -1`, which
        // is every process of the user.
        assert!(group > 1);
        Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{group}")])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_group_ends(group, delay);
        let status = child.wait().unwrap();
        completed += usize::from(status.success());
        // Whatever the moment, every version present is complete and verifies.
        let found = versions(dir.path());
        assert_eq!(
            found.len(),
            completed,
            "after a kill at {delay} ms: {found:?}"
        );
        if !found.is_empty() {
            let verify = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
            assert!(
                verify.status.success(),
                "after a kill at {delay} ms: {}",
                text(&verify.stdout)
            );
            bagit_validates(&dir.path().join("archive/2024").join(found.last().unwrap()));
        }
    }
    // A later run cleans up what the killed ones left in staging and numbers on.
    let out = report(dir.path(), &bundled(), "2025-05-01", &[]);
    assert_success(&out);
    let leftovers: Vec<String> = fs::read_dir(dir.path().join("archive/2024"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(versions(dir.path()).len(), completed + 1);
    assert!(
        completed < 12,
        "at least one run must have been killed for the test to mean anything"
    );
}
