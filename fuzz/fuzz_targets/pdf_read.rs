//! PDF ingest on arbitrary bytes: lopdf, the content-stream interpreter,
//! fonts and CMaps, then line layout.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let settings = xxgk::Settings::default();
    // `read_document` runs `read_pages` and then the layout code.
    let _ = xxgk::ingest::pdf::read_document(data, &settings);
});
