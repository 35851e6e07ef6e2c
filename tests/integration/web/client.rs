//! A small HTTP/1.1 client over a TCP socket for the workbench's tests: it sends
//! exactly the bytes asked (a raw `..` in a path, a foreign `Host`), which a full client
//! would tidy away, and a server it starts is stopped when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// `plan-eval serve` on an ephemeral port, stopped when dropped.
pub struct Server {
    child: Child,
    /// The server's standard output, kept open while it runs.
    _stdout: BufReader<std::process::ChildStdout>,
    pub url: String,
    host: String,
}

impl Server {
    /// Starts the server in `ws` (its `data/` served) and waits for its address.
    pub fn start(ws: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plan-eval"))
            .args(["serve", "--port", "0", "--no-open"])
            .args(extra)
            .current_dir(ws)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find_map(|w| w.split("：").find(|p| p.starts_with("http://")))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            _stdout: stdout,
            url,
            host,
        }
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        self.request("GET", path, &self.host, "", &[], cookie)
    }

    /// A file's bytes, as downloaded.
    pub fn get_bytes(&self, path: &str, cookie: Option<&str>) -> Vec<u8> {
        let r = self.request("GET", path, &self.host, "", &[], cookie);
        assert_eq!(r.status, 200, "{path}");
        r.bytes
    }

    pub fn post_form(&self, path: &str, body: &str, cookie: Option<&str>) -> Response {
        self.post(
            path,
            "application/x-www-form-urlencoded",
            body.as_bytes(),
            cookie,
        )
    }

    pub fn post(
        &self,
        path: &str,
        content_type: &str,
        body: &[u8],
        cookie: Option<&str>,
    ) -> Response {
        self.request("POST", path, &self.host, content_type, body, cookie)
    }

    /// One request, as given.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        host: &str,
        content_type: &str,
        body: &[u8],
        cookie: Option<&str>,
    ) -> Response {
        let mut stream = TcpStream::connect(&self.host).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        if let Some(cookie) = cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if method == "POST" {
            head.push_str(&format!(
                "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        // The server may answer and close before a large body is all sent.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Response::parse(&raw)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (names in lower case), body as text.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no response: {}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        let chunked = Response {
            status,
            headers,
            body: String::new(),
            bytes: Vec::new(),
        };
        if chunked.header("transfer-encoding") == Some("chunked") {
            body = dechunk(&body);
        }
        Response {
            body: String::from_utf8_lossy(&body).into_owned(),
            bytes: body,
            ..chunked
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The session cookie set, as `name=value`.
    pub fn cookie(&self) -> Option<String> {
        self.header("set-cookie")
            .map(|c| c.split(';').next().unwrap().to_string())
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

/// The CSRF token of a page's first form.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a token")
        + 19;
    html[at..at + 32].to_string()
}

/// A multipart body of (field, file name, bytes): its content type and bytes.
pub fn multipart(parts: &[(&str, Option<&str>, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "----plan-eval-test-boundary";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Text as a form field's value (UTF-8, percent-encoded).
pub fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
