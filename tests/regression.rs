//! Regression inputs: each file in tests/regression/ pinned a crash, hang
//! or runaway memory use (found by fuzzing or by the hostile-input work; see
//! SECURITY.md). `xxgk::extract_bytes` must return, `Ok` or `Err`, without a
//! panic and within bounded time, on every one of them, and on each file
//! that has an expected outcome below, give that outcome.
//!
//! Hand-made inputs are written by fuzz/make_regression.py; minimized
//! fuzzer inputs are copied in as they are.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Expected outcome (a [`xxgk::Error::reason_code`], or "ok") per file,
/// and what the file did before its fix.
const EXPECTED: &[(&str, &str)] = &[
    // Minutes of HashMap inserts: 3000 ranges over the same 65 535 codes.
    ("cmap-bfrange-overwrite-flood.pdf", "not_a_report"),
    // u32 overflow of a cidrange base and a /W2 first CID.
    ("cmap-cidrange-base-overflow.pdf", "not_a_report"),
    // 34 s per page finding cells among 160 000 intersections.
    ("grid-400x400-rules.pdf", "not_a_report"),
    // A 16 MB form decoded 20 000 times.
    ("form-redrawn-decode-flood.pdf", "limit_exceeded"),
    // A two-form cycle: refused at depth 16, now read once.
    ("form-xobject-cycle.pdf", "not_a_report"),
    // 3 million glyphs held before the limit was checked.
    ("glyph-flood-one-string.pdf", "limit_exceeded"),
];

/// The longest any one file may take (in a release build; debug builds are
/// given ten times as long).
const WITHIN: Duration = Duration::from_secs(3);

fn inputs() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regression");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// The reason code, or "ok", from a thread with a 2 MiB stack; a panic
/// fails the test.
fn outcome(path: &std::path::Path) -> (&'static str, Duration) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let start = Instant::now();
    let r = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || xxgk::extract_bytes(&name, &bytes, &xxgk::Settings::default()))
        .unwrap()
        .join()
        .unwrap_or_else(|_| panic!("{} panicked", path.display()));
    let reason = match r {
        Ok(_) => "ok",
        Err(e) => e.reason_code(),
    };
    (reason, start.elapsed())
}

#[test]
fn every_regression_input_returns_in_bounded_time() {
    let within = if cfg!(debug_assertions) {
        WITHIN * 10
    } else {
        WITHIN
    };
    let files = inputs();
    assert!(files.len() >= EXPECTED.len());
    for path in files {
        let (reason, took) = outcome(&path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(took < within, "{name}: took {took:?}");
        if let Some((_, want)) = EXPECTED.iter().find(|(n, _)| *n == name) {
            assert_eq!(reason, *want, "{name}");
        }
    }
}

#[test]
fn every_expected_file_is_there() {
    let names: Vec<String> = inputs()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for (n, _) in EXPECTED {
        assert!(names.iter().any(|x| x == n), "missing tests/regression/{n}");
    }
}
