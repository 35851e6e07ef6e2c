//! The server's state: the folders served (by index), the sessions and their CSRF
//! tokens, the password, the seal key, and what is kept between two requests (reports
//! being made, returns awaiting confirmation, re-typeset files). It holds no copy of a
//! data file: every page reads the folder afresh.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::archive::seal::SigningKey;
use crate::run::pipeline::Built;

/// One data folder served, with the archive its reports go to (as `report` would put them).
pub(crate) struct Folder {
    pub(crate) data: PathBuf,
    pub(crate) archive: PathBuf,
    /// The folder's name as shown (its last path component).
    pub(crate) name: String,
    /// One write at a time to this folder and its archive (collect, archive, reproduce).
    pub(crate) write: tokio::sync::Mutex<()>,
}

/// A browser's session: its CSRF token and whether it has given the password.
pub(crate) struct Session {
    pub(crate) csrf: String,
    pub(crate) logged_in: bool,
    pub(crate) last_seen: Instant,
}

/// A report being made or made, kept until archived or replaced.
pub(crate) struct Job {
    pub(crate) folder: usize,
    pub(crate) year: i32,
    pub(crate) started: Instant,
    pub(crate) state: JobState,
}

pub(crate) enum JobState {
    Running,
    Failed(String),
    /// The report in memory, with the advice the command line prints; `None` once archived.
    Done {
        built: Option<Box<Built>>,
        advice: Vec<String>,
        seconds: f64,
        files: Vec<(String, Vec<u8>)>,
        /// What archiving it said, once archived.
        archived: Option<String>,
    },
}

/// Returns read and waiting for the officer to confirm the figures they replace.
pub(crate) struct Pending {
    pub(crate) at: Instant,
    pub(crate) folder: usize,
    pub(crate) year: i32,
    pub(crate) uploads: crate::web::uploads::Saved,
}

/// Files made for a browser to download once (re-typeset PDF and Word).
pub(crate) struct Made {
    pub(crate) at: Instant,
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

/// The state shared by every request.
pub(crate) struct App {
    pub(crate) folders: Vec<Folder>,
    /// SHA-256 of the password, when one is required.
    pub(crate) password: Option<[u8; 32]>,
    pub(crate) seal: Option<SigningKey>,
    pub(crate) templates: Option<PathBuf>,
    pub(crate) tera: tera::Tera,
    /// The `Host` headers a request may carry (DNS rebinding), empty for any.
    pub(crate) hosts: Vec<String>,
    pub(crate) sessions: Mutex<HashMap<String, Session>>,
    pub(crate) jobs: Mutex<HashMap<String, Job>>,
    pub(crate) pending: Mutex<HashMap<String, Pending>>,
    pub(crate) made: Mutex<HashMap<String, Made>>,
}

pub(crate) type Shared = Arc<App>;

/// How many sessions, jobs or uploads are kept at most; the oldest go first.
pub(crate) const KEPT: usize = 200;

/// A random token of 32 hex digits from the operating system.
pub(crate) fn token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    hex::encode(bytes)
}

/// Locks a mutex, going on after a panic elsewhere (the maps stay usable).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps at most [`KEPT`] entries, dropping the one of least `worth` first (the oldest,
/// or for sessions, those without a login before those with one).
pub(crate) fn trim<V, K: Ord>(map: &mut HashMap<String, V>, worth: impl Fn(&V) -> K) {
    while map.len() > KEPT {
        let oldest = map
            .iter()
            .min_by_key(|(_, v)| worth(v))
            .map(|(k, _)| k.clone());
        match oldest {
            Some(k) => map.remove(&k),
            None => break,
        };
    }
}

impl App {
    /// The folder of index `i`, if there is one.
    pub(crate) fn folder(&self, i: usize) -> Option<&Folder> {
        self.folders.get(i)
    }
}
