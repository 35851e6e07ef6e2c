//! What `archive verify` names: a tampered payload, a deleted middle or latest version, a
//! changed tag file or manifest line, links and empty folders inside a version, and a path
//! that is not an archive or a version. It must not test seals: those are in `seal`.

use super::*;

#[test]
fn tampering_is_named_and_fails_verification() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    let pdf = v1.join("data/report.pdf");
    let mut bytes = fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&pdf, bytes).unwrap();
    fs::remove_file(v1.join("data/inputs/readings.csv")).unwrap();
    fs::write(v1.join("data/note.txt"), "added later").unwrap();
    let info = fs::read_to_string(v1.join("bag-info.txt")).unwrap();
    let recorded = info
        .lines()
        .find_map(|l| l.strip_prefix("Payload-Oxum: "))
        .unwrap()
        .to_string();
    let files: Vec<PathBuf> = walk(&v1.join("data"))
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    let octets: u64 = files.iter().map(|p| fs::metadata(p).unwrap().len()).sum();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  多出文件 data/note.txt\n  文件 data/report.pdf 已被修改（摘要不符）\n  缺少文件 data/inputs/readings.csv\n  Payload-Oxum 不符：记录为 {recorded}，实际为 {octets}.{}\n共核验 1 个版本，1 个有问题。\n",
            files.len()
        )
    );
    assert!(text(&out.stdout).ends_with("共核验 1 个版本，1 个有问题。\n"));
    assert_eq!(text(&out.stderr), "错误：1 个版本未通过核验\n");
}

#[test]
fn a_deleted_middle_version_breaks_the_chain() {
    let dir = temp_dir();
    for date in ["2025-03-01", "2025-03-02", "2025-03-03"] {
        assert!(report(dir.path(), &bundled(), date, &[]).status.success());
    }
    for v in ["v1", "v2", "v3"] {
        bagit_validates(&dir.path().join("archive/2024").join(v));
    }
    let v2 = dir.path().join("archive/2024/v2");
    make_writable(&v2);
    fs::remove_dir_all(&v2).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\narchive/2024/v3  丹江口-十四五-2024-v3  有问题：\n  前一版本 v2 缺失，版本链断裂\narchive/register.txt  有问题：\n  登记的版本 2024/v2 缺失（登记簿第 3 行）\n共核验 2 个版本，1 个有问题；登记簿有 1 处问题。\n"
    );
}

#[test]
fn a_changed_tag_file_breaks_the_chain_of_the_next_version() {
    let dir = temp_dir();
    for date in ["2025-03-01", "2025-03-02"] {
        assert!(report(dir.path(), &bundled(), date, &[]).status.success());
    }
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    // Rewrite v1's reason and recompute its tag manifest as a forger would.
    let info = fs::read_to_string(v1.join("bag-info.txt"))
        .unwrap()
        .replace("首次生成", "伪造");
    fs::write(v1.join("bag-info.txt"), &info).unwrap();
    let manifest = fs::read_to_string(v1.join("tagmanifest-sha256.txt")).unwrap();
    let digest = |b: &[u8]| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b))
    };
    let forged: String = manifest
        .lines()
        .map(|l| {
            let name = l.split_whitespace().nth(1).unwrap();
            format!("{}  {name}\n", digest(&fs::read(v1.join(name)).unwrap()))
        })
        .collect();
    fs::write(v1.join("tagmanifest-sha256.txt"), forged).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("archive/2024/v2  丹江口-十四五-2024-v2  有问题：\n  前一版本 v1 的标签清单与本版本记录的摘要不符，版本链断裂\n"),
        "{}",
        text(&out.stdout)
    );
    // The changed version itself is flagged too, not shown as intact.
    assert!(
        text(&out.stdout).starts_with("archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  本版本的标签清单与下一版本 v2 记录的摘要不符：本版本在下一版本生成后被改动过（或下一版本被改动）\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn verify_pointed_at_the_wrong_place_says_so() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    // A version named from inside the archive, as `archive list` shows it.
    let out = plan_eval(
        &["archive", "verify", "--archive", "archive", "2024/v1"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\n共核验 1 个版本，0 个有问题。\n"
    );
    // A folder holding no version at all (here, a data folder).
    fs::create_dir(dir.path().join("base")).unwrap();
    fs::write(dir.path().join("base/plan.yaml"), "title: x\n").unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "base"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "错误：base 中没有任何归档版本：请用 --archive 指定归档目录（其中应有年度目录和版本目录，如 2024/v1）\n"
    );
}

#[test]
fn links_and_empty_folders_inside_a_version_are_refused() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    // The same content, but through a link pointing outside the archive.
    let outside = dir.path().join("copy.md");
    fs::copy(v1.join("data/report.md"), &outside).unwrap();
    fs::remove_file(v1.join("data/report.md")).unwrap();
    std::os::unix::fs::symlink(&outside, v1.join("data/report.md")).unwrap();
    fs::create_dir(v1.join("data/emptydir")).unwrap();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  data/report.md 是符号链接：归档版本中不得有符号链接（其指向的内容可被随时改动）\n  多出空目录 data/emptydir\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("缺少文件"), "{stdout}");
    assert!(
        stdout.ends_with("共核验 1 个版本，1 个有问题。\n"),
        "{stdout}"
    );
}

#[test]
fn a_deleted_latest_version_is_found_through_the_register() {
    let dir = temp_dir();
    for date in ["2025-03-01", "2025-03-02"] {
        assert!(report(dir.path(), &bundled(), date, &[]).status.success());
    }
    let register = fs::read_to_string(dir.path().join("archive/register.txt")).unwrap();
    let lines: Vec<&str> = register.lines().collect();
    assert_eq!(lines.len(), 3, "{register}");
    assert!(lines[0].starts_with("# plan-eval 归档登记簿"), "{register}");
    for (line, v) in lines[1..].iter().zip(["v1", "v2"]) {
        let tags = fs::read(
            dir.path()
                .join("archive/2024")
                .join(v)
                .join("tagmanifest-sha256.txt"),
        )
        .unwrap();
        use sha2::Digest;
        let digest = hex::encode(sha2::Sha256::digest(&tags));
        assert!(
            line.starts_with(&format!("2024/{v}  {digest}  ")),
            "{register}"
        );
    }
    let info = fs::read_to_string(dir.path().join("archive/2024/v1/bag-info.txt")).unwrap();
    assert!(info.contains("Archive-Register: register.txt\n"), "{info}");
    let v2 = dir.path().join("archive/2024/v2");
    make_writable(&v2);
    fs::remove_dir_all(&v2).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  完好\narchive/register.txt  有问题：\n  登记的版本 2024/v2 缺失（登记簿第 3 行）\n共核验 1 个版本，0 个有问题；登记簿有 1 处问题。\n"
    );
    assert_eq!(text(&out.stderr), "错误：登记簿有 1 处问题\n");
    // A changed line breaks the register's chain.
    let edited = {
        let mut l: Vec<String> = register.lines().map(str::to_string).collect();
        let fields: Vec<&str> = l[1].split("  ").collect();
        let last = if fields[1].ends_with('0') { '1' } else { '0' };
        let digest = format!("{}{last}", &fields[1][..63]);
        l[1] = format!("{}  {digest}  {}", fields[0], fields[2]);
        l.join("\n") + "\n"
    };
    fs::write(dir.path().join("archive/register.txt"), edited).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("  第 2 行的链值不符：登记簿被改动过\n  版本 2024/v1 的标签清单与登记簿第 2 行记录的摘要不符\n"),
        "{}",
        text(&out.stdout)
    );
    // The register itself deleted: the versions record that they are in it.
    fs::remove_file(dir.path().join("archive/register.txt")).unwrap();
    let out = plan_eval(&["archive", "verify", "--archive", "archive"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("archive/register.txt  有问题：\n  登记簿 register.txt 缺失，而版本 2024/v1 记录已登记\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_changed_manifest_line_is_named_as_such() {
    let dir = temp_dir();
    assert!(
        report(dir.path(), &bundled(), "2025-03-04", &[])
            .status
            .success()
    );
    let v1 = dir.path().join("archive/2024/v1");
    make_writable(&v1);
    let manifest = v1.join("manifest-sha256.txt");
    let original = fs::read_to_string(&manifest).unwrap();
    let first = if original.starts_with('0') { "1" } else { "0" };
    fs::write(&manifest, format!("{first}{}", &original[1..])).unwrap();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  manifest-sha256.txt 中 data/charts/growth.svg 的摘要与文件不符，而文件与另一清单相符：被改动的是 manifest-sha256.txt 的这一行\n  标签文件 manifest-sha256.txt 与 tagmanifest-sha256.txt 记录的摘要不符\n共核验 1 个版本，1 个有问题。\n"
    );
    // A changed bagit.txt is named once.
    fs::write(&manifest, original).unwrap();
    let bagit = v1.join("bagit.txt");
    fs::write(&bagit, fs::read_to_string(&bagit).unwrap() + " \n").unwrap();
    let out = plan_eval(&["archive", "verify", "archive/2024/v1"], dir.path());
    assert_eq!(
        text(&out.stdout),
        "archive/2024/v1  丹江口-十四五-2024-v1  有问题：\n  文件 bagit.txt 已被修改（摘要不符）\n共核验 1 个版本，1 个有问题。\n"
    );
}
