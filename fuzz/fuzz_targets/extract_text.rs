//! The record builder (sections, template matcher, normalisation, checks)
//! on mutated report text: seeded with real reports as text, markdown and
//! HTML, so the mutations stay close to what the matcher sees.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let settings = xxgk::Settings::default();
    let html = data.windows(3).take(4096).any(|w| w.eq_ignore_ascii_case(b"<tr"));
    let name = if html { "report.html" } else { "report.txt" };
    let _ = xxgk::extract_bytes(name, data, &settings);
});
