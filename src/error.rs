//! Errors: why a file could not be turned into a record.
//!
//! A failed consistency check is *not* an error: it is data in the record.
//! An [`Error`] means no record could be made. Its `Display` is one sentence
//! without the file name; the binary prints `xxgk: FILE: reason`.

use std::fmt;

/// Why a file could not be read as a report.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// The kinds of [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read from disk.
    Io(std::io::Error),
    /// The file is not in a format xxgk reads (not a PDF, text or HTML file).
    UnsupportedFormat {
        /// What was seen instead.
        detail: String,
    },
    /// The PDF is damaged or truncated beyond repair.
    MalformedPdf {
        /// What the parser reported.
        detail: String,
    },
    /// The PDF needs a user password to open.
    Encrypted,
    /// No page has a text layer (a scanned document).
    NoTextLayer,
    /// A page needed OCR but could not be read (engine or model missing,
    /// page image not readable).
    OcrUnavailable {
        /// What was missing or failed.
        detail: String,
    },
    /// Text was decoded but does not read as Chinese report text (wrong font map).
    UnreliableText {
        /// What was expected and missing.
        detail: String,
    },
    /// The document is readable but is not a 政府信息公开工作年度报告.
    NotAReport {
        /// What was missing.
        detail: String,
    },
    /// The file exceeds a safety limit (size, page count, stream expansion).
    LimitExceeded {
        /// Which limit.
        detail: String,
    },
    /// Processing took longer than the time limit.
    Timeout {
        /// The limit in seconds.
        seconds: u64,
    },
    /// A parser panicked on this file; the panic was contained.
    Internal {
        /// The panic message.
        detail: String,
    },
}

/// Broad classes of errors, used for exit codes and batch summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The file could not be read.
    Io,
    /// The file is not a readable document (format, damage, password, no text).
    Input,
    /// The document is readable but is not such a report.
    NotAReport,
    /// A limit or an internal failure.
    Internal,
}

impl Error {
    /// Wraps a kind.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// The broad class of the error.
    ///
    /// ```
    /// use xxgk::error::{Category, Error, ErrorKind};
    /// assert_eq!(Error::new(ErrorKind::Encrypted).category(), Category::Input);
    /// ```
    pub fn category(&self) -> Category {
        match &*self.0 {
            ErrorKind::Io(_) => Category::Io,
            ErrorKind::UnsupportedFormat { .. }
            | ErrorKind::MalformedPdf { .. }
            | ErrorKind::Encrypted
            | ErrorKind::NoTextLayer
            | ErrorKind::OcrUnavailable { .. }
            | ErrorKind::UnreliableText { .. } => Category::Input,
            ErrorKind::NotAReport { .. } => Category::NotAReport,
            ErrorKind::LimitExceeded { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::Internal { .. } => Category::Internal,
        }
    }

    /// A short stable name for the reason, for summaries and `errors.csv`.
    pub fn reason_code(&self) -> &'static str {
        match &*self.0 {
            ErrorKind::Io(_) => "io",
            ErrorKind::UnsupportedFormat { .. } => "unsupported_format",
            ErrorKind::MalformedPdf { .. } => "malformed_pdf",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::NoTextLayer => "no_text_layer",
            ErrorKind::OcrUnavailable { .. } => "ocr_unavailable",
            ErrorKind::UnreliableText { .. } => "unreliable_text",
            ErrorKind::NotAReport { .. } => "not_a_report",
            ErrorKind::LimitExceeded { .. } => "limit_exceeded",
            ErrorKind::Timeout { .. } => "timeout",
            ErrorKind::Internal { .. } => "internal",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Io(e) => write!(f, "cannot read file: {e}"),
            ErrorKind::UnsupportedFormat { detail } => {
                write!(f, "not a PDF, text or HTML report ({detail})")
            }
            ErrorKind::MalformedPdf { detail } => write!(f, "damaged or truncated PDF: {detail}"),
            ErrorKind::Encrypted => write!(f, "encrypted PDF needs a user password"),
            ErrorKind::NoTextLayer => {
                write!(
                    f,
                    "no text layer and no page image to read (OCR off, or nothing to OCR)"
                )
            }
            ErrorKind::OcrUnavailable { detail } => {
                write!(f, "scanned pages could not be read: {detail}")
            }
            ErrorKind::UnreliableText { detail } => {
                write!(
                    f,
                    "text layer is unreliable (wrong font encoding?): {detail}"
                )
            }
            ErrorKind::NotAReport { detail } => {
                write!(f, "not a 政府信息公开工作年度报告 ({detail})")
            }
            ErrorKind::LimitExceeded { detail } => write!(f, "refused: {detail}"),
            ErrorKind::Timeout { seconds } => write!(f, "gave up after {seconds} s"),
            ErrorKind::Internal { detail } => write!(f, "internal error (contained): {detail}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

impl From<ErrorKind> for Error {
    fn from(k: ErrorKind) -> Error {
        Error::new(k)
    }
}

/// A `Result` whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
