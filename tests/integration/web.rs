//! `plan-eval serve`, the workbench, against a real server on an ephemeral port: every
//! page answers with its Chinese heading; every refusal holds (a form without its token,
//! a wrong password, an upload past 20 MB, a folder or version outside the ones served, a
//! foreign host name) and writes nothing; and a real browser (Debian's chromium driven by
//! Playwright, `tests/browser/workbench.py`) does the year's work through the pages.

mod browser;
mod client;
mod messages;

use std::fs;

use crate::common;
use crate::common::forms::{bytes_of, data_without};

use client::{Server, csrf_of, multipart};

/// A workspace with the bundled data but its 2024 figures (the returns bring them).
pub(super) fn workspace() -> tempfile::TempDir {
    let ws = common::temp_dir();
    data_without(&ws.path().join("data"), 2024);
    ws
}

/// The pages, each with the heading it must show.
const PAGES: [(&str, &str); 8] = [
    ("/f/0/", "概况"),
    ("/f/0/?year=2023", "概况"),
    ("/f/0/forms", "填报表"),
    ("/f/0/forms?year=2023", "填报表"),
    ("/f/0/check?year=2023", "数据检查"),
    ("/f/0/report", "生成报告"),
    ("/f/0/archive", "归档"),
    ("/f/0/typeset", "重新排版"),
];

#[test]
fn every_page_answers_with_its_chinese_heading_and_the_safe_headers() {
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let first = server.get("/", None);
    assert_eq!(first.status, 303, "{}", first.body);
    assert_eq!(first.header("location"), Some("/f/0/"));
    let cookie = first.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.ends_with("; Path=/; HttpOnly; SameSite=Strict"),
        "{cookie}"
    );
    let session = first.cookie().unwrap();
    for (path, heading) in PAGES {
        let page = server.get(path, Some(&session));
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        assert!(
            page.body.contains(&format!("<h1>{heading}</h1>")),
            "{path}: {}",
            page.body
        );
        let csp = page.header("content-security-policy").unwrap();
        assert!(
            csp.starts_with("default-src 'none'; script-src 'self';"),
            "{csp}"
        );
        assert!(!page.body.contains("<script>"), "{path}: inline script");
        // A session is given once; the same cookie is kept.
        assert_eq!(page.header("set-cookie"), None, "{path}");
    }
    let check = server.get("/f/0/check?year=2023", Some(&session));
    assert!(
        check
            .body
            .contains("检查通过（2023 年度）：未发现错误或警告。"),
        "{}",
        check.body
    );
    let overview = server.get("/f/0/?year=2024", Some(&session));
    assert!(
        overview
            .body
            .contains("2024 年度 19 个牵头单位中，0 个已报齐，19 个尚未报齐，共缺 55 项。"),
        "{}",
        overview.body
    );
    for asset in ["/assets/style.css", "/assets/app.js"] {
        assert_eq!(server.get(asset, None).status, 200, "{asset}");
    }
    let missing = server.get("/nowhere", Some(&session));
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("没有这个页面。"));
}

#[test]
fn a_form_posted_without_its_session_token_is_refused_and_writes_nothing() {
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let before = bytes_of(&ws.path().join("data"));
    let token = csrf_of(&server.get("/f/0/forms", Some(&session)).body);
    let refused = "表单已过期或不是由本页面提交（缺少有效的校验码）";
    for (path, body) in [
        ("/f/0/archive/verify", String::new()),
        ("/f/0/archive/verify", "csrf=0000".to_string()),
        ("/f/0/report", "year=2023".to_string()),
        ("/f/0/forms/2024/confirm", "id=x".to_string()),
        ("/f/0/archive/2024/v1/reproduce", String::new()),
    ] {
        let r = server.post_form(path, &body, Some(&session));
        assert_eq!(r.status, 403, "{path}: {}", r.body);
        assert!(r.body.contains(refused), "{path}: {}", r.body);
    }
    // The right token from another session is no token at all.
    let other = server.get("/", None).cookie().unwrap();
    let r = server.post_form(
        "/f/0/report",
        &format!("csrf={token}&year=2023"),
        Some(&other),
    );
    assert_eq!(r.status, 403);
    let (content_type, body) = multipart(&[
        ("csrf", None, b"wrong".to_vec()),
        ("file", Some("a.xlsx"), b"PK".to_vec()),
    ]);
    let r = server.post(
        "/f/0/forms/2024/upload",
        &content_type,
        &body,
        Some(&session),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(bytes_of(&ws.path().join("data")), before);
    assert!(!ws.path().join("reports").exists());
}

#[test]
fn an_upload_past_20_mb_is_refused_in_chinese_and_writes_nothing() {
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let token = csrf_of(&server.get("/f/0/forms", Some(&session)).body);
    let before = bytes_of(&ws.path().join("data"));
    let big = vec![b'x'; 20 * 1024 * 1024 + 1];
    let (content_type, body) = multipart(&[
        ("csrf", None, token.into_bytes()),
        ("file", Some("市教育局回执.xlsx"), big),
    ]);
    let r = server.post(
        "/f/0/forms/2024/upload",
        &content_type,
        &body,
        Some(&session),
    );
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(
        r.body
            .contains("文件“市教育局回执.xlsx”超过 20 MB 的上限，未读取任何文件。"),
        "{}",
        r.body
    );
    assert_eq!(bytes_of(&ws.path().join("data")), before);
}

#[test]
fn a_return_that_is_not_a_form_is_listed_by_its_own_name_and_nothing_is_written() {
    let ws = workspace();
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let token = csrf_of(&server.get("/f/0/forms", Some(&session)).body);
    let before = bytes_of(&ws.path().join("data"));
    let (content_type, body) = multipart(&[
        ("csrf", None, token.clone().into_bytes()),
        (
            "file",
            Some("C:\\Users\\科员\\桌面\\回执.xlsx"),
            b"not a workbook".to_vec(),
        ),
    ]);
    let r = server.post(
        "/f/0/forms/2024/upload",
        &content_type,
        &body,
        Some(&session),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("<h1>填报表未汇总</h1>"), "{}", r.body);
    assert!(r.body.contains("未写入任何数据"), "{}", r.body);
    assert!(r.body.contains("<td>回执.xlsx</td>"), "{}", r.body);
    assert!(
        !r.body.contains("upload-1") && !r.body.contains("plan-eval-upload"),
        "{}",
        r.body
    );
    let (content_type, body) = multipart(&[
        ("csrf", None, token.into_bytes()),
        ("file", Some("报告.docx"), b"PK".to_vec()),
    ]);
    let r = server.post(
        "/f/0/forms/2024/upload",
        &content_type,
        &body,
        Some(&session),
    );
    assert!(
        r.body
            .contains("文件“报告.docx”的类型不对：此处只接受 .xlsx 文件"),
        "{}",
        r.body
    );
    assert_eq!(bytes_of(&ws.path().join("data")), before);
}

#[test]
fn nothing_outside_the_folders_served_is_reached_by_any_parameter() {
    let ws = workspace();
    fs::write(ws.path().join("secret.txt"), "SECRET-TEXT").unwrap();
    // A version whose manifest names a file outside it.
    let version = ws.path().join("reports/2024/v1");
    fs::create_dir_all(version.join("data")).unwrap();
    fs::write(
        version.join("manifest-sha256.txt"),
        "00  data/../../../../secret.txt\n00  data/report.pdf\n",
    )
    .unwrap();
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    for path in [
        "/f/1/",
        "/f/-1/",
        "/f/1/check",
        "/f/99999999999999999999/forms",
        "/f/..%2F..%2F/",
        "/f/%2e%2e/archive",
        "/../secret.txt",
        "/assets/..%2F..%2Fsecret.txt",
        "/f/0/forms/..%2F..%2Fsecret/unit/0",
        "/f/0/forms/2024/unit/99",
        "/f/0/forms/2024/unit/..%2F..%2Fsecret.txt",
        "/f/0/archive/..%2F..%2Fsecret.txt/v1/bag.zip",
        "/f/0/archive/2024/..%2F..%2F..%2Fsecret.txt/bag.zip",
        "/f/0/archive/2024/v01/bag.zip",
        "/f/0/archive/2024/v1/file/..%2F..%2F..%2F..%2Fsecret.txt",
        "/f/0/archive/2024/v1/file/../../../../secret.txt",
        "/f/0/archive/2024/v1/file/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt",
        "/f/0/archive/2024/v1/file/%2Fetc%2Fpasswd",
        "/f/0/archive/diff?year=2024&from=..%2F..%2F..&to=v1",
        "/f/0/check?year=..%2F..%2Fsecret",
        "/f/0/report/..%2F..%2Fsecret.txt",
        "/f/0/typeset/..%2Fsecret/pdf",
    ] {
        let r = server.get(path, Some(&session));
        assert!(
            [400, 404].contains(&r.status),
            "{path}: {} {}",
            r.status,
            r.body
        );
        assert!(
            !r.body.contains("SECRET-TEXT") && !r.body.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn a_password_guards_every_page_and_a_wrong_one_is_refused() {
    let ws = workspace();
    let password = ws.path().join("password.txt");
    fs::write(&password, "正确的密码-2027\n").unwrap();
    let server = Server::start(
        ws.path(),
        &[
            "--listen",
            "127.0.0.1",
            "--password-file",
            password.to_str().unwrap(),
        ],
    );
    let first = server.get("/f/0/", None);
    assert_eq!(first.status, 303);
    assert_eq!(first.header("location"), Some("/login"));
    let session = first.cookie().unwrap();
    for path in ["/f/0/archive", "/f/0/forms/2024/all.zip", "/f/0/report"] {
        let r = server.get(path, Some(&session));
        assert_eq!(
            (r.status, r.header("location")),
            (303, Some("/login")),
            "{path}"
        );
    }
    let login = server.get("/login", Some(&session));
    assert!(login.body.contains("<h1>登录</h1>"));
    let token = csrf_of(&login.body);
    let wrong = server.post_form(
        "/login",
        &format!("csrf={token}&password=guess"),
        Some(&session),
    );
    assert_eq!(wrong.status, 401);
    assert!(
        wrong.body.contains("密码不正确，请重试。"),
        "{}",
        wrong.body
    );
    assert_eq!(server.get("/f/0/", Some(&session)).status, 303);
    let no_token = server.post_form("/login", "password=%E6%AD%A3", Some(&session));
    assert_eq!(no_token.status, 403);
    let right = server.post_form(
        "/login",
        &format!(
            "csrf={token}&password={}",
            client::form_encode("正确的密码-2027")
        ),
        Some(&session),
    );
    assert_eq!(right.status, 303, "{}", right.body);
    let logged_in = right.cookie().unwrap();
    assert_ne!(logged_in, session, "a new session id after the login");
    let page = server.get("/f/0/", Some(&logged_in));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>概况</h1>"));
    // The session known before the login is worth nothing.
    assert_eq!(server.get("/f/0/", Some(&session)).status, 303);
}

#[test]
fn a_network_address_without_a_password_or_a_foreign_host_name_is_refused() {
    let ws = workspace();
    let out = common::plan_eval(
        &["serve", "--listen", "0.0.0.0", "--port", "0", "--no-open"],
        ws.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "错误：监听 0.0.0.0 会让本机以外的电脑也能打开工作台，必须同时用 --password-file 指定密码文件\n"
    );
    let short = ws.path().join("short.txt");
    fs::write(&short, "1234\n").unwrap();
    let out = common::plan_eval(
        &[
            "serve",
            "--port",
            "0",
            "--no-open",
            "--password-file",
            short.to_str().unwrap(),
        ],
        ws.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("至少 8 个字符"));
    let server = Server::start(ws.path(), &[]);
    let r = server.request("GET", "/f/0/", "evil.example:80", "", &[], None);
    assert_eq!(r.status, 421, "{}", r.body);
}

#[test]
fn several_folders_are_listed_and_each_has_its_own_archive() {
    let ws = workspace();
    common::copy_dir(&ws.path().join("data"), &ws.path().join("郧阳"));
    let server = Server::start(ws.path(), &["--data", "data", "--data", "郧阳"]);
    let home = server.get("/", None);
    assert_eq!(home.status, 200, "{}", home.body);
    let session = home.cookie().unwrap();
    assert!(home.body.contains("<h1>数据目录</h1>"), "{}", home.body);
    assert!(
        home.body.contains("<a href=\"/f/0/\">data</a>"),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("<a href=\"/f/1/\">郧阳</a>"),
        "{}",
        home.body
    );
    let second = server.get("/f/1/archive", Some(&session));
    assert_eq!(second.status, 200);
    // As `report --data data --data 郧阳` would put them (Tera escapes the slash).
    assert!(
        second.body.contains("归档目录：reports&#x2F;郧阳。"),
        "{}",
        second.body
    );
    assert!(second.body.contains("数据目录：郧阳"), "{}", second.body);
    assert_eq!(server.get("/f/2/", Some(&session)).status, 404);
}

#[test]
fn the_archive_page_diffs_and_hands_out_versions_as_the_command_line_does() {
    let ws = workspace();
    for date in ["2024-03-04", "2024-03-18"] {
        let out = common::plan_eval(
            &["report", "--year", "2023", "--date", date, "--data", "data"],
            ws.path(),
        );
        common::assert_success(&out);
    }
    let server = Server::start(ws.path(), &[]);
    let session = server.get("/", None).cookie().unwrap();
    let page = server.get("/f/0/archive", Some(&session));
    assert!(
        page.body.contains("<td>2023</td><td>v2</td>"),
        "{}",
        page.body
    );
    let diff = server.get("/f/0/archive/diff?year=2023&from=v1&to=v2", Some(&session));
    assert_eq!(diff.status, 200, "{}", diff.body);
    assert!(
        diff.body.contains("<h1>2023 年度 v1 与 v2 的差异</h1>"),
        "{}",
        diff.body
    );
    let cli = common::plan_eval(&["archive", "diff", "2023", "v1", "v2"], ws.path());
    common::assert_success(&cli);
    for line in String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let shown = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#x27;")
            .replace('/', "&#x2F;");
        assert!(
            diff.body.contains(&shown),
            "{line:?} not in the page: {}",
            diff.body
        );
    }
    let pdf = server.get_bytes("/f/0/archive/2023/v2/file/report.pdf", Some(&session));
    assert!(pdf.starts_with(b"%PDF"));
    let bag = server.get_bytes("/f/0/archive/2023/v1/bag.zip", Some(&session));
    assert!(bag.starts_with(b"PK"));
    let token = csrf_of(&page.body);
    let verified = server.post_form(
        "/f/0/archive/verify",
        &format!("csrf={token}"),
        Some(&session),
    );
    assert!(
        verified.body.contains(
            "共核验 2 个版本，0 个有问题；登记簿 register.txt：2 个版本均已登记，链值相符。"
        ),
        "{}",
        verified.body
    );
}
