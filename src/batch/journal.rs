//! The batch journal (`journal.ndjson` in the output folder): the batch's own
//! state, from which every output is rendered.
//!
//! Each processed file appends one whole line, written with one `write` call
//! and flushed at once:
//! `{"xxgk": VERSION, "file": ID, "record": RECORD}` (the record as
//! `xxgk extract` prints it) or `{"xxgk": VERSION, "file": ID, "error":
//! {path, sha256, reason, message}}`. `VERSION` is the xxgk version that
//! made the line (a resume redoes lines of another version) and `ID` the
//! file's identity, its canonical absolute path (so one file given under two
//! spellings is one entry). Lines of journals written before these fields
//! (a bare record, or `{"error": …}`) are still read, as of an unknown
//! version.
//!
//! Lines come in completion order; outputs are sorted when rendered. A line
//! cut short by an interruption (no final newline) is dropped and truncated
//! away when the journal is next opened.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::output::ErrorRow;

/// The journal's file name in the output folder.
pub const JOURNAL: &str = "journal.ndjson";

/// The xxgk version written in every journal line.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where one journal line is and what it is about.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index of the journal file (in a merge, several).
    pub file: usize,
    /// Byte offset of the line.
    pub offset: u64,
    /// Length of the line without its newline.
    pub len: usize,
    /// The path shown in the outputs (`source.path`).
    pub path: String,
    /// The file's identity (its canonical path when it was recorded; the
    /// path for lines of older journals).
    pub id: String,
    /// The file's SHA-256 (empty when it could not be read).
    pub sha256: String,
    /// The xxgk version that made the line (`None` for older journals).
    pub version: Option<String>,
    /// Whether the line is an error row (else a record).
    pub is_error: bool,
}

#[derive(Deserialize)]
struct ProbeSource {
    path: String,
    sha256: String,
}

#[derive(Deserialize)]
struct ProbeRecord {
    source: ProbeSource,
}

#[derive(Deserialize)]
struct Probe<'a> {
    xxgk: Option<String>,
    file: Option<String>,
    #[serde(borrow)]
    record: Option<&'a RawValue>,
    source: Option<ProbeSource>,
    error: Option<ErrorRow>,
}

/// The journal line of a record (`json`, one line of JSON) of the file
/// with identity `id`.
///
/// ```
/// use xxgk::batch::journal::{record_line, record_bytes};
/// let line = record_line("/a/b.txt", r#"{"source":{"path":"b.txt"}}"#);
/// assert_eq!(&line.as_bytes()[record_bytes(line.as_bytes()).unwrap()], br#"{"source":{"path":"b.txt"}}"#);
/// ```
pub fn record_line(id: &str, json: &str) -> String {
    format!(
        "{{\"xxgk\":{},\"file\":{},\"record\":{json}}}",
        serde_json::Value::from(VERSION),
        serde_json::Value::from(id)
    )
}

/// The journal line of an error row of the file with identity `id`.
pub fn error_line(id: &str, e: &ErrorRow) -> String {
    serde_json::json!({ "xxgk": VERSION, "file": id, "error": e }).to_string()
}

/// Parses an error line, `None` for a record line.
pub fn parse_error(line: &[u8]) -> Option<ErrorRow> {
    serde_json::from_slice::<Probe>(line).ok()?.error
}

/// Where the record's JSON lies in a record line: the `record` member of a
/// line written by this version, the whole line for a bare record of an
/// older journal. `None` for an error line or a line that does not parse.
pub fn record_bytes(line: &[u8]) -> Option<Range<usize>> {
    let p = serde_json::from_slice::<Probe>(line).ok()?;
    if p.error.is_some() {
        return None;
    }
    match p.record {
        Some(raw) => {
            let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
            Some(start..start + raw.get().len())
        }
        None => p.source.map(|_| 0..line.len()),
    }
}

/// Reads the complete lines of a journal. Returns the entries and the length
/// of the good prefix (the end of the last complete line). A missing journal
/// is empty; a complete line that does not parse is skipped.
pub fn scan(path: &Path, file: usize) -> std::io::Result<(Vec<Entry>, u64)> {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::with_capacity(1 << 20, f);
    let mut entries = Vec::new();
    let mut offset = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break; // end, or a line cut short
        }
        let len = n - 1;
        if let Some((path, sha256, is_error, id, version)) = probe(&line[..len]) {
            entries.push(Entry {
                file,
                offset,
                len,
                id: id.unwrap_or_else(|| path.clone()),
                path,
                sha256,
                version,
                is_error,
            });
        }
        offset += n as u64;
    }
    Ok((entries, offset))
}

type Probed = (String, String, bool, Option<String>, Option<String>);

fn probe(line: &[u8]) -> Option<Probed> {
    let p = serde_json::from_slice::<Probe>(line).ok()?;
    let (path, sha256, is_error) = match (p.error, p.record, p.source) {
        (Some(e), _, _) => (e.path, e.sha256, true),
        (None, Some(raw), _) => {
            let r: ProbeRecord = serde_json::from_str(raw.get()).ok()?;
            (r.source.path, r.source.sha256, false)
        }
        (None, None, Some(s)) => (s.path, s.sha256, false),
        (None, None, None) => return None,
    };
    Some((path, sha256, is_error, p.file, p.xxgk))
}

/// Reads one entry's line.
pub fn read_line(file: &mut File, e: &Entry) -> std::io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(e.offset))?;
    let mut buf = vec![0; e.len];
    file.read_exact(&mut buf)?;
    Ok(buf)
}

/// A journal open for appending.
#[derive(Debug)]
pub struct JournalWriter {
    file: File,
}

impl JournalWriter {
    /// Opens `path` for appending after cutting it to `good_len` (dropping
    /// a line cut short by an interruption).
    pub fn open(path: &Path, good_len: u64) -> std::io::Result<JournalWriter> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)?;
        if file.metadata()?.len() != good_len {
            file.set_len(good_len)?;
        }
        let mut file = file;
        file.seek(SeekFrom::End(0))?;
        Ok(JournalWriter { file })
    }

    /// Appends one line whole and flushes it.
    pub fn append(&mut self, line: &str) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line.as_bytes());
        buf.push(b'\n');
        self.file.write_all(&buf)?;
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_old_and_new_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let j = dir.path().join(JOURNAL);
        let row = ErrorRow {
            path: "bad.pdf".into(),
            sha256: String::new(),
            reason: "io".into(),
            message: "m".into(),
        };
        let rec = r#"{"source":{"path":"a.txt","sha256":"ab"},"agency":"甲"}"#;
        let text = format!(
            "{rec}\n{}\n{}\n{}\n{{\"half",
            serde_json::json!({ "error": row }),
            record_line("/x/a.txt", rec),
            error_line("/x/bad.pdf", &row)
        );
        std::fs::write(&j, &text).unwrap();
        let (entries, good) = scan(&j, 0).unwrap();
        assert_eq!(good as usize, text.rfind('\n').unwrap() + 1);
        let got: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.path.as_str(),
                    e.id.as_str(),
                    e.version.as_deref(),
                    e.is_error,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a.txt", "a.txt", None, false),
                ("bad.pdf", "bad.pdf", None, true),
                ("a.txt", "/x/a.txt", Some(VERSION), false),
                ("bad.pdf", "/x/bad.pdf", Some(VERSION), true),
            ]
        );
        let mut f = File::open(&j).unwrap();
        let line = read_line(&mut f, &entries[2]).unwrap();
        assert_eq!(&line[record_bytes(&line).unwrap()], rec.as_bytes());
        let old = read_line(&mut f, &entries[0]).unwrap();
        assert_eq!(record_bytes(&old), Some(0..old.len()));
        let err = read_line(&mut f, &entries[3]).unwrap();
        assert_eq!(record_bytes(&err), None);
        assert_eq!(parse_error(&err).unwrap(), row);
    }
}
