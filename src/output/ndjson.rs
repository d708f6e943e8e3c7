//! `records.ndjson`: one record per line, in path order.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::Staged;

/// The file name in the output folder.
pub const RECORDS_NDJSON: &str = "records.ndjson";

/// Writes records, one JSON object per line, to `records.ndjson`.
#[derive(Debug)]
pub struct NdjsonWriter {
    staged: Staged,
    out: BufWriter<File>,
}

impl NdjsonWriter {
    /// Starts `dir/records.ndjson` (written under a temporary name).
    pub fn create(dir: &Path) -> std::io::Result<NdjsonWriter> {
        let staged = Staged::new(dir, RECORDS_NDJSON)?;
        let out = BufWriter::new(File::create(staged.path())?);
        Ok(NdjsonWriter { staged, out })
    }

    /// Writes one record, already serialized as one line of JSON (no newline).
    pub fn write_line(&mut self, json: &[u8]) -> std::io::Result<()> {
        self.out.write_all(json)?;
        self.out.write_all(b"\n")
    }

    /// Flushes and renames the file into place.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        drop(self.out);
        self.staged.commit()
    }
}
