//! Safety limits for untrusted PDFs.
//!
//! Every loop over file data in the PDF reader is bounded by one of these
//! limits, by the size of the file, or by a fixed constant next to the loop
//! (CMap range expansion, grid intersections). The per-document limits stop
//! a file from multiplying a cheap page (or a shared content stream, font or
//! form) thousands of times.

/// Limits that stop a hostile or broken PDF from using unbounded time or
/// memory. Exceeding one gives [`ErrorKind::LimitExceeded`](crate::error::ErrorKind::LimitExceeded).
///
/// ```
/// let l = xxgk::ingest::pdf::Limits::default();
/// assert_eq!(l.max_pages, 5000);
/// ```
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file, in bytes. The default is 256 MiB.
    pub max_input_bytes: usize,
    /// Most pages read. A page tree whose root `/Count` claims more is
    /// refused before any page is read. The default is `5000`.
    pub max_pages: usize,
    /// Most decoded content-stream bytes per page, form XObjects included.
    /// The default is 64 MiB.
    pub max_content_bytes_per_page: usize,
    /// Most decoded stream bytes for the whole document: page contents,
    /// forms, fonts and CMaps (a stream used twice counts twice). The
    /// default is 1 GiB.
    pub max_decoded_bytes: usize,
    /// Most content operations interpreted per page, form XObjects included.
    /// The default is `5_000_000`.
    pub max_operations_per_page: usize,
    /// Most content operations interpreted in the whole document. The
    /// default is `50_000_000`.
    pub max_operations: usize,
    /// Most glyphs per page. The default is `500_000`.
    pub max_glyphs_per_page: usize,
    /// Most glyphs in the whole document. The default is `2_000_000`.
    pub max_glyphs: usize,
    /// Most ruling lines per page. The default is `100_000`.
    pub max_rules_per_page: usize,
    /// Deepest nesting of form XObjects. The default is `16`; a form that
    /// (directly or not) draws itself is skipped, not followed.
    pub max_xobject_depth: usize,
    /// Largest size any single stream may decompress to while the file is
    /// loaded (object and cross-reference streams). The default is 256 MiB.
    pub max_stream_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 << 20,
            max_pages: 5000,
            max_content_bytes_per_page: 64 << 20,
            max_decoded_bytes: 1 << 30,
            max_operations_per_page: 5_000_000,
            max_operations: 50_000_000,
            max_glyphs_per_page: 500_000,
            max_glyphs: 2_000_000,
            max_rules_per_page: 100_000,
            max_xobject_depth: 16,
            max_stream_bytes: 256 << 20,
        }
    }
}
