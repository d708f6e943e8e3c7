//! The whole pipeline (`extract_bytes`) on arbitrary bytes. The first byte
//! picks the file name, so the format sniffer sees `.pdf`, `.txt`, `.html`
//! and nameless inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, body) = match data.split_first() {
        Some((b, rest)) => (
            match b % 4 {
                0 => "report.pdf",
                1 => "report.txt",
                2 => "report.html",
                _ => "report",
            },
            rest,
        ),
        None => ("report", data),
    };
    let _ = xxgk::extract_bytes(name, body, &xxgk::Settings::default());
});
