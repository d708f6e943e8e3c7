//! Processing one file inside a batch: read, hash, extract under a time
//! limit with panics contained.
//!
//! **Time limit design.** Each batch worker hands its files' extraction to a
//! helper thread of its own and waits on a channel with `recv_timeout`. When
//! the limit passes it writes a `timeout` error row, abandons that helper
//! (a fresh one takes the next file) and moves on. Rust cannot kill a
//! thread, so the abandoned extraction keeps its core until it returns (the
//! PDF reader's own safety limits bound how long that can be) and dies with
//! the process at the end of the batch. The batch itself is never stalled.
//! Helpers are reused from file to file (not one thread per file), which
//! keeps the allocator's per-thread arenas, and so peak memory, small.
//! (The alternative, one `xxgk extract` child process per file killed on
//! timeout, bounds CPU too but costs a process start per file and needs
//! the binary; it is not used.)

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::output::ErrorRow;
use crate::{Error, ErrorKind, Record, Settings};

/// The function that turns a file's bytes into a record: by default
/// [`extract_bytes`](crate::extract_bytes). Tests substitute one that hangs
/// or panics.
pub type Extractor = Arc<dyn Fn(&str, &[u8]) -> crate::Result<Record> + Send + Sync>;

/// The default extractor with these settings.
pub fn default_extractor(settings: Settings) -> Extractor {
    Arc::new(move |name: &str, bytes: &[u8]| crate::extract_bytes(name, bytes, &settings))
}

/// What became of one input file.
#[derive(Debug)]
pub enum Outcome {
    /// A record, serialized as one line of JSON.
    Record {
        /// The record's JSON, one line.
        json: String,
        /// The same, parsed (made in the worker so rendering stays light).
        value: Arc<serde_json::Value>,
    },
    /// No record.
    Error(ErrorRow),
    /// Already recorded by an earlier run (same path and SHA-256).
    Skipped,
}

pub use crate::record::sha256_hex;

fn error_row(path: &str, sha256: &str, e: &Error) -> ErrorRow {
    ErrorRow {
        path: path.to_string(),
        sha256: sha256.to_string(),
        reason: e.reason_code().to_string(),
        message: e.to_string(),
    }
}

/// The text of a contained panic.
pub fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

type Job = (String, Vec<u8>, Extractor);
type JobResult = std::result::Result<crate::Result<(String, serde_json::Value)>, String>;

/// A batch worker's extraction thread.
struct Helper {
    jobs: mpsc::Sender<Job>,
    results: mpsc::Receiver<JobResult>,
}

impl Helper {
    fn spawn() -> std::io::Result<Helper> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel::<JobResult>();
        std::thread::Builder::new()
            .name("xxgk-extract".into())
            .spawn(move || {
                for (name, bytes, ex) in job_rx {
                    let r = catch_unwind(AssertUnwindSafe(|| {
                        ex(&name, &bytes).map(|rec| {
                            // the text is what `xxgk extract` prints; the value is parsed
                            // back from it (f32 boxes would print differently via to_value)
                            let json = serde_json::to_string(&rec).expect("records serialize");
                            let value = serde_json::from_str(&json).expect("own JSON parses");
                            (json, value)
                        })
                    }));
                    if result_tx.send(r.map_err(|p| panic_text(&*p))).is_err() {
                        break; // abandoned after a timeout
                    }
                }
            })?;
        Ok(Helper { jobs, results })
    }
}

thread_local! {
    static HELPER: std::cell::RefCell<Option<Helper>> = const { std::cell::RefCell::new(None) };
}

/// Processes one file: reads it, skips it when `already(sha256)` says it is
/// recorded, else extracts it in a thread under `timeout`, a panic becoming
/// an `internal` error row and an overrun a `timeout` row.
pub fn process_file(
    path: &str,
    already: &dyn Fn(&str) -> bool,
    extractor: &Extractor,
    timeout: Duration,
) -> Outcome {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Outcome::Error(error_row(path, "", &Error::from(e))),
    };
    let sha = sha256_hex(&bytes);
    if already(&sha) {
        return Outcome::Skipped;
    }
    let received = HELPER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(Helper::spawn()?);
        }
        let helper = slot.as_ref().expect("helper just made");
        let job = (path.to_string(), bytes, extractor.clone());
        if helper.jobs.send(job).is_err() {
            *slot = None;
            return Ok(Err(mpsc::RecvTimeoutError::Disconnected));
        }
        let r = helper.results.recv_timeout(timeout);
        if r.is_err() {
            *slot = None; // abandon a helper that overran or died
        }
        Ok::<_, std::io::Error>(r)
    });
    let received = match received {
        Ok(r) => r,
        Err(e) => return Outcome::Error(error_row(path, &sha, &Error::from(e))),
    };
    match received {
        Ok(Ok(Ok((json, value)))) => Outcome::Record {
            json,
            value: Arc::new(value),
        },
        Ok(Ok(Err(e))) => Outcome::Error(error_row(path, &sha, &e)),
        Ok(Err(detail)) => Outcome::Error(error_row(
            path,
            &sha,
            &Error::new(ErrorKind::Internal { detail }),
        )),
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::Error(error_row(
            path,
            &sha,
            &Error::new(ErrorKind::Timeout {
                seconds: timeout.as_secs(),
            }),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Outcome::Error(error_row(
            path,
            &sha,
            &Error::new(ErrorKind::Internal {
                detail: "extraction thread ended without a result".into(),
            }),
        )),
    }
}
