//! Text layer speed: glyphs and rules (`read_pages`) and the full
//! `read_document` (with layout) on the hongze report and the 100-page fixture.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;

fn inputs() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared/corpus/002_hongze_2023.pdf"),
        root.join("tests/fixtures/pdf/long_100pages.pdf"),
        root.join("tests/fixtures/pdf/chrome_gb2021_2023.pdf"),
    ]
    .into_iter()
    .filter_map(|p| {
        let name = p.file_name()?.to_string_lossy().into_owned();
        std::fs::read(&p).ok().map(|b| (name, b))
    })
    .collect()
}

fn bench(c: &mut Criterion) {
    let settings = xxgk::Settings::default();
    for (name, bytes) in inputs() {
        c.bench_function(&format!("read_pages/{name}"), |b| {
            b.iter(|| xxgk::ingest::pdf::read_pages(&bytes).unwrap())
        });
        c.bench_function(&format!("read_document/{name}"), |b| {
            b.iter(|| xxgk::ingest::pdf::read_document(&bytes, &settings).unwrap())
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
