//! The batch journal (`journal.ndjson` in the output folder): the batch's own
//! state, from which every output is rendered.
//!
//! Each processed file appends one whole line, written with one `write` call
//! and flushed at once: either the record itself (a record's JSON, as
//! `xxgk extract` prints it) or `{"error": {path, sha256, reason, message}}`.
//! Lines come in completion order; outputs are sorted when rendered. A line
//! cut short by an interruption (no final newline) is dropped and truncated
//! away when the journal is next opened.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::Deserialize;

use crate::output::ErrorRow;

/// The journal's file name in the output folder.
pub const JOURNAL: &str = "journal.ndjson";

/// Where one journal line is and what it is about.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index of the journal file (in a merge, several).
    pub file: usize,
    /// Byte offset of the line.
    pub offset: u64,
    /// Length of the line without its newline.
    pub len: usize,
    /// The input path.
    pub path: String,
    /// The file's SHA-256 (empty when it could not be read).
    pub sha256: String,
    /// Whether the line is an error row (else a record).
    pub is_error: bool,
}

#[derive(Deserialize)]
struct ProbeSource {
    path: String,
    sha256: String,
}

#[derive(Deserialize)]
struct Probe {
    source: Option<ProbeSource>,
    error: Option<ErrorRow>,
}

/// The line of an error row.
pub fn error_line(e: &ErrorRow) -> String {
    serde_json::json!({ "error": e }).to_string()
}

/// Parses an error line, `None` for a record line.
pub fn parse_error(line: &[u8]) -> Option<ErrorRow> {
    serde_json::from_slice::<Probe>(line).ok()?.error
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
        if let Ok(p) = serde_json::from_slice::<Probe>(&line[..len]) {
            let (path, sha256, is_error) = match (p.source, p.error) {
                (_, Some(e)) => (e.path, e.sha256, true),
                (Some(s), None) => (s.path, s.sha256, false),
                (None, None) => {
                    offset += n as u64;
                    continue;
                }
            };
            entries.push(Entry {
                file,
                offset,
                len,
                path,
                sha256,
                is_error,
            });
        }
        offset += n as u64;
    }
    Ok((entries, offset))
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
