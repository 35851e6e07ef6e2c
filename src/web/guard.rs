//! What every request passes before a page sees it: the `Host` it names (a page bound to
//! the loopback answers only to loopback names, against DNS rebinding), its session
//! cookie (`HttpOnly`, `SameSite=Strict`), the login when a password is set, and the
//! security headers of every answer (Content-Security-Policy and its companions).
//! It must not read or write a data folder.

use std::time::{Duration, Instant};

use axum::extract::{Form, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::app::{Session, Shared, lock, token, trim};
use super::view;

/// The session cookie's name.
pub(crate) const COOKIE: &str = "plan_eval_session";

/// The policy of every page: nothing but this server, no inline script or style; the
/// report's PDF may be framed by our own pages only.
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     frame-src 'self'; object-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'self'; base-uri 'none'";

/// The session a page is served in.
#[derive(Clone)]
pub(crate) struct Sess {
    pub(crate) csrf: String,
}

/// Checks the host, finds or starts the session, asks for the login, and adds the headers.
pub(crate) async fn guard(State(app): State<Shared>, mut req: Request, next: Next) -> Response {
    if !host_allowed(&app.hosts, req.headers()) {
        let mut r = (StatusCode::MISDIRECTED_REQUEST, "请求的主机名不是本机地址").into_response();
        secure(r.headers_mut());
        return r;
    }
    let cookie = cookie_of(req.headers());
    let (id, csrf, logged_in, fresh) = {
        let mut sessions = lock(&app.sessions);
        match cookie
            .as_ref()
            .and_then(|c| sessions.get_mut(c).map(|s| (c, s)))
        {
            Some((id, s)) => {
                s.last_seen = Instant::now();
                (id.clone(), s.csrf.clone(), s.logged_in, false)
            }
            None => {
                let id = token();
                let csrf = token();
                sessions.insert(
                    id.clone(),
                    Session {
                        csrf: csrf.clone(),
                        logged_in: false,
                        last_seen: Instant::now(),
                    },
                );
                trim(&mut sessions, |s| (s.logged_in, s.last_seen));
                (id, csrf, false, true)
            }
        }
    };
    let path = req.uri().path().to_string();
    let open = path == "/login" || path.starts_with("/assets/");
    let mut response = if app.password.is_some() && !logged_in && !open {
        Redirect::to("/login").into_response()
    } else {
        req.extensions_mut().insert(Sess { csrf });
        req.extensions_mut().insert(SessionId(id.clone()));
        next.run(req).await
    };
    if fresh {
        set_cookie(response.headers_mut(), &id);
    }
    secure(response.headers_mut());
    response
}

/// The session's id, for the login to mark it.
#[derive(Clone)]
pub(crate) struct SessionId(pub(crate) String);

fn set_cookie(headers: &mut HeaderMap, id: &str) {
    let value = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict");
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.append(header::SET_COOKIE, v);
    }
}

/// The headers every answer carries.
fn secure(headers: &mut HeaderMap) {
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

fn cookie_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

fn host_allowed(hosts: &[String], headers: &HeaderMap) -> bool {
    if hosts.is_empty() {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
}

/// Whether a form's token is the session's: every POST checks it before anything else.
pub(crate) fn csrf_ok(sess: &Sess, given: &str) -> bool {
    let (a, b) = (Sha256::digest(sess.csrf.as_bytes()), Sha256::digest(given));
    a == b && !given.is_empty()
}

/// The session's token checked in a form: `Err` the refusal of a form without it.
pub(crate) fn csrf(sess: &Sess, given: &str) -> Result<(), Response> {
    if csrf_ok(sess, given) {
        Ok(())
    } else {
        Err(csrf_refused())
    }
}

/// The refusal of a form without the session's token.
pub(crate) fn csrf_refused() -> Response {
    view::refusal(
        StatusCode::FORBIDDEN,
        "表单已过期或不是由本页面提交（缺少有效的校验码）。请返回重新打开页面后再提交。",
    )
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

/// The login page.
pub(crate) async fn login_page(
    State(app): State<Shared>,
    axum::Extension(sess): axum::Extension<Sess>,
) -> Response {
    view::render(&app, "login.html", &sess, None, tera::Context::new())
}

/// Checks the password: a wrong one waits a second and says so.
pub(crate) async fn login(
    State(app): State<Shared>,
    axum::Extension(sess): axum::Extension<Sess>,
    axum::Extension(id): axum::Extension<SessionId>,
    Form(form): Form<LoginForm>,
) -> Response {
    if !csrf_ok(&sess, &form.csrf) {
        return csrf_refused();
    }
    let Some(want) = app.password else {
        return Redirect::to("/").into_response();
    };
    let given: [u8; 32] = Sha256::digest(form.password.as_bytes()).into();
    if given != want {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let mut ctx = tera::Context::new();
        ctx.insert("failed", &true);
        let mut r = view::render(&app, "login.html", &sess, None, ctx);
        *r.status_mut() = StatusCode::UNAUTHORIZED;
        return r;
    }
    // A new session id after the login, so an id known before it is worth nothing.
    let mut sessions = lock(&app.sessions);
    sessions.remove(&id.0);
    let new = token();
    sessions.insert(
        new.clone(),
        Session {
            csrf: token(),
            logged_in: true,
            last_seen: Instant::now(),
        },
    );
    let mut r = Redirect::to("/").into_response();
    set_cookie(r.headers_mut(), &new);
    r
}
