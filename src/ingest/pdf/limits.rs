//! Safety limits for untrusted PDFs.

/// Limits that stop a hostile or broken PDF from using unbounded time or
/// memory. Exceeding one gives [`ErrorKind::LimitExceeded`](crate::error::ErrorKind::LimitExceeded).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Most pages read. The default is `5000`.
    pub max_pages: usize,
    /// Most decoded content-stream bytes per page (and per form XObject).
    /// The default is 64 MiB.
    pub max_content_bytes_per_page: usize,
    /// Most content operations interpreted per page, form XObjects included.
    /// The default is `5_000_000`.
    pub max_operations_per_page: usize,
    /// Most glyphs per page. The default is `500_000`.
    pub max_glyphs_per_page: usize,
    /// Deepest nesting of form XObjects. The default is `16`.
    pub max_xobject_depth: usize,
    /// Largest size any single stream may decompress to while the file is
    /// loaded. The default is 256 MiB.
    pub max_stream_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 5000,
            max_content_bytes_per_page: 64 << 20,
            max_operations_per_page: 5_000_000,
            max_glyphs_per_page: 500_000,
            max_xobject_depth: 16,
            max_stream_bytes: 256 << 20,
        }
    }
}
