//! Hostile input: every file here is built in the test by small functions
//! writing raw PDF bytes. Each must give `Ok` or `Err` from
//! `xxgk::extract_bytes`, never a panic, abort or stack overflow, within
//! bounded time and memory. See SECURITY.md.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use xxgk::{Error, Record, Settings};

/// Writes a PDF whose object `i + 1` is `objs[i]`, with a correct
/// cross-reference table and `/Root 1 0 R`.
fn pdf(objs: &[Vec<u8>]) -> Vec<u8> {
    pdf_with_trailer(objs, "")
}

fn pdf_with_trailer(objs: &[Vec<u8>], extra_trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut t = format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1);
    for o in offsets {
        let _ = writeln!(t, "{o:010} 00000 n ");
    }
    let _ = write!(
        t,
        "trailer\n<< /Size {} /Root 1 0 R {extra_trailer} >>\nstartxref\n{xref}\n%%EOF\n",
        objs.len() + 1
    );
    out.extend_from_slice(t.as_bytes());
    out
}

/// A stream object with `dict` entries added to `/Length`.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// One page (object 3) with content object 4, font object 5, and `more`
/// objects from 6 on. `page_extra` goes into the page dictionary,
/// `resources_extra` into its resources.
fn page_doc(
    content: Vec<u8>,
    page_extra: &str,
    resources_extra: &str,
    more: Vec<Vec<u8>>,
) -> Vec<u8> {
    let mut objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(&format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 5 0 R >> {resources_extra} >> /Contents 4 0 R {page_extra} >>"
        )),
        content,
        obj(FONT),
    ];
    objs.extend(more);
    pdf(&objs)
}

/// A zlib stream of `1 + 258 * matches` zero bytes, written by hand with
/// fixed Huffman codes (13 bits per 258 bytes: the best deflate can do), so
/// that gigabyte bombs cost nothing to build.
fn zeros_zlib(matches: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u32,
    }
    impl Bits {
        fn put_lsb(&mut self, v: u32, n: u32) {
            for i in 0..n {
                self.acc |= ((v >> i) & 1) << self.n;
                self.n += 1;
                if self.n == 8 {
                    self.out.push(self.acc as u8);
                    self.acc = 0;
                    self.n = 0;
                }
            }
        }
        /// Huffman codes go most significant bit first.
        fn put_code(&mut self, code: u32, n: u32) {
            for i in (0..n).rev() {
                self.put_lsb((code >> i) & 1, 1);
            }
        }
    }
    let mut b = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    b.put_lsb(1, 1); // BFINAL
    b.put_lsb(1, 2); // fixed Huffman
    b.put_code(0x30, 8); // literal 0
    for _ in 0..matches {
        b.put_code(0b1100_0101, 8); // length 258 (code 285)
        b.put_code(0, 5); // distance 1
    }
    b.put_code(0, 7); // end of block
    if b.n > 0 {
        b.out.push(b.acc as u8);
    }
    let total = 1 + 258 * matches as u64;
    let adler = (((total % 65521) as u32) << 16) | 1;
    b.out.extend_from_slice(&adler.to_be_bytes());
    b.out
}

/// Runs the whole pipeline on a thread with a 2 MiB stack (the default for
/// spawned threads, and smaller than the main thread's), failing the test
/// on a panic or when it does not end. `within` is the time the input
/// takes on an idle machine; the test only fails past twelve times that (a
/// hang detector, not a speed test: a loaded CI machine must not fail it;
/// speed is measured in the benchmarks).
fn extract_within(name: &str, bytes: Vec<u8>, within: Duration) -> Result<Record, Error> {
    let name = name.to_string();
    let start = Instant::now();
    let r = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || xxgk::extract_bytes(&name, &bytes, &Settings::default()))
        .unwrap()
        .join()
        .expect("extract_bytes panicked");
    let took = start.elapsed();
    let limit = within * 12;
    assert!(
        took < limit,
        "took {took:?}, more than {limit:?}: unbounded work?"
    );
    r
}

fn extract(bytes: Vec<u8>) -> Result<Record, Error> {
    extract_within("hostile.pdf", bytes, Duration::from_secs(5))
}

fn reason(r: &Result<Record, Error>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.reason_code(),
    }
}

fn assert_limit(r: &Result<Record, Error>, words: &str) {
    match r {
        Err(e) if e.reason_code() == "limit_exceeded" => {
            let msg = e.to_string();
            assert!(msg.contains(words), "{msg:?} should mention {words:?}");
        }
        other => panic!("expected limit_exceeded, got {:?}", reason(other)),
    }
}

const DEEP: usize = 100_000;

#[test]
fn deeply_nested_arrays_and_dictionaries() {
    let arrays = || "[".repeat(DEEP) + &"]".repeat(DEEP);
    let dicts = || "<< /A ".repeat(DEEP) + &">>".repeat(DEEP);
    // In an object, in the page dictionary, in the trailer.
    for body in [arrays(), dicts()] {
        let r = extract(page_doc(
            stream("", b"BT /F1 12 Tf 72 720 Td (x) Tj ET"),
            "",
            "",
            vec![obj(&body)],
        ));
        assert!(
            matches!(
                reason(&r),
                "no_text_layer" | "not_a_report" | "malformed_pdf"
            ),
            "{}",
            reason(&r)
        );
        let r = extract(page_doc(
            stream("", b""),
            &format!("/Deep {body}"),
            "",
            vec![],
        ));
        assert!(r.is_err());
        let objs = [
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj("<< /Type /Pages /Kids [] /Count 0 >>"),
        ];
        assert!(extract(pdf_with_trailer(&objs, &format!("/Deep {body}"))).is_err());
    }
    // In a content stream: as an operand, and as unbalanced brackets.
    for content in [
        arrays() + " Tj",
        "[".repeat(DEEP),
        "<<".repeat(DEEP),
        "(".repeat(DEEP),
        "q ".repeat(DEEP) + &"Q ".repeat(DEEP),
    ] {
        assert!(extract(page_doc(stream("", content.as_bytes()), "", "", vec![])).is_err());
    }
    // With no cross-reference table, so that lopdf scans the file for objects.
    let mut raw = b"%PDF-1.4\n1 0 obj\n".to_vec();
    raw.extend_from_slice(arrays().as_bytes());
    raw.extend_from_slice(b"\nendobj\n%%EOF\n");
    assert!(extract(raw).is_err());
}

#[test]
fn page_tree_and_parent_cycles() {
    let text = || stream("", b"BT /F1 12 Tf 72 720 Td (hello) Tj ET");
    // /Pages whose kids include itself, and a page listed twice.
    let objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R 3 0 R 6 0 R] /Count 3 >>"),
        obj("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
        text(),
        obj(FONT),
        obj("<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 2 0 R] /Count 1 >>"),
    ];
    let r = extract(pdf(&objs));
    assert!(r.is_err());
    // A /Parent cycle with nothing inherited: Resources and MediaBox are
    // looked up through it.
    let objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Parent 6 0 R /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"),
        text(),
        obj(FONT),
        obj("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] >>"),
    ];
    assert!(extract(pdf(&objs)).is_err());
    // A page that is its own parent, and a reference chain that loops.
    let objs = vec![
        obj("<< /Type /Catalog /Pages 3 0 R >>"),
        obj("3 0 R"),
        obj("<< /Type /Page /Parent 3 0 R /Kids [3 0 R] /Resources 2 0 R /Contents 4 0 R /MediaBox 2 0 R >>"),
        text(),
    ];
    assert!(extract(pdf(&objs)).is_err());
    // A chain of 10 000 nested /Pages nodes.
    let mut objs = vec![obj("<< /Type /Catalog /Pages 2 0 R >>")];
    let n = 10_000;
    for i in 0..n {
        let id = i + 2;
        objs.push(obj(&format!(
            "<< /Type /Pages /Kids [{} 0 R] /Count 1 >>",
            id + 1
        )));
    }
    objs.push(obj("<< /Type /Page /Contents 99999 0 R >>"));
    assert!(extract(pdf(&objs)).is_err());
}

#[test]
fn xobject_self_reference_and_fan_out() {
    // A form that draws itself, and two forms that draw each other: read
    // once, not followed.
    let form = |content: &str, res: &str| {
        stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << {res} >>"),
            content.as_bytes(),
        )
    };
    let r = extract(page_doc(
        stream("", b"/X Do"),
        "",
        "/XObject << /X 6 0 R >>",
        vec![
            form(
                "BT /F1 12 Tf 72 720 Td (self) Tj ET /X Do /Y Do",
                "/XObject << /X 6 0 R /Y 7 0 R >> /Font << /F1 5 0 R >>",
            ),
            form("/X Do /Y Do", "/XObject << /X 6 0 R /Y 7 0 R >>"),
        ],
    ));
    assert_eq!(reason(&r), "not_a_report");
    // Fan-out without a cycle: 15 levels, each drawing the next 8 times
    // (8^15 draws): the operation limit stops it.
    let levels = 15;
    let mut more = Vec::new();
    for i in 0..levels {
        let id = 6 + i;
        let body = if i + 1 < levels {
            "/N Do ".repeat(8)
        } else {
            "1 0 0 1 0 0 cm".into()
        };
        more.push(form(&body, &format!("/XObject << /N {} 0 R >>", id + 1)));
    }
    let r = extract(page_doc(
        stream("", b"/N Do"),
        "",
        "/XObject << /N 6 0 R >>",
        more,
    ));
    assert_limit(&r, "operations");
    // Forms nested deeper than the limit.
    let mut more = Vec::new();
    for i in 0..40 {
        more.push(form(
            "/N Do",
            &format!("/XObject << /N {} 0 R >>", 6 + i + 1),
        ));
    }
    assert_limit(
        &extract(page_doc(
            stream("", b"/N Do"),
            "",
            "/XObject << /N 6 0 R >>",
            more,
        )),
        "nested",
    );
}

#[test]
fn huge_negative_and_non_finite_numbers() {
    let odd = [
        "2147483647",
        "-2147483648",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999999999",
        "1e999",
        "-1e38",
        "3.4e38",
        "-.",
        ".",
        "-0",
        "....pdf",
        "1.#INF",
    ];
    for v in odd {
        // Counts, boxes, rotation, widths, font sizes and matrices.
        let content = format!(
            "{v} {v} {v} {v} {v} {v} cm BT /F1 {v} Tf {v} Tz {v} TL {v} Tc {v} Ts \
             {v} {v} {v} {v} {v} {v} Tm (abc) Tj [({v}) {v} (d)] TJ T* ET \
             {v} {v} {v} {v} re f {v} {v} m {v} {v} l S"
        );
        let objs = vec![
            obj("<< /Type /Catalog /Pages 2 0 R >>"),
            obj(&format!("<< /Type /Pages /Kids [3 0 R] /Count {v} /Rotate {v} >>")),
            obj(&format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [{v} {v} {v} {v}] /UserUnit {v} \
                 /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>"
            )),
            stream("", content.as_bytes()),
            obj(&format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar {v} /LastChar {v} \
                 /Widths [{v} -1000 {v}] /FontDescriptor << /Ascent {v} /Descent {v} /MissingWidth {v} /Flags {v} >> \
                 /Encoding << /Differences [{v} /a {v} /b] >> >>"
            )),
            obj(&format!(
                "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /Subtype /CIDFontType2 \
                 /W [{v} [{v} -5] 0 {v} {v} 4294967295 [1 2 3]] /W2 [{v} [{v} {v} {v}] 4294967295 [1 2 3 4 5 6]] \
                 /DW {v} /DW2 [{v} {v}] >>] >>"
            )),
        ];
        let r = extract(pdf(&objs));
        assert!(r.is_err(), "{v}");
    }
    // The same numbers through a Type3 font and a CID font actually used.
    for v in ["1e38", "-1e38", "0", "2147483647"] {
        let content =
            format!("BT /F2 {v} Tf 1 0 0 1 {v} {v} Tm <0001FFFF> Tj /F3 12 Tf (ab) Tj ET");
        let r = extract(page_doc(
            stream("", content.as_bytes()),
            "",
            "/Font << /F2 6 0 R /F3 7 0 R >>",
            vec![
                obj(&format!(
                    "<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /Subtype /CIDFontType2 \
                     /W [0 [{v} {v}] 65535 65535 {v}] /DW {v} >>] >>"
                )),
                obj(&format!(
                    "<< /Type /Font /Subtype /Type3 /FontMatrix [{v} 0 0 {v} 0 0] /FirstChar 0 /LastChar 255 \
                     /Widths [{v}] /CharProcs << >> /Encoding << /Differences [97 /a /b] >> >>"
                )),
            ],
        ));
        assert!(r.is_err(), "{v}");
    }
}

#[test]
fn flate_bombs_are_bounded() {
    let filter = "/Filter /FlateDecode";
    // 10 MB of zeros in 63 KB (fixed Huffman codes), and in 9 KB through
    // two Flate filters: under the limits, read as blank.
    let ten_mb = zeros_zlib(10_000_000 / 258);
    assert!(ten_mb.len() < 64_000, "{}", ten_mb.len());
    assert_eq!(
        reason(&extract(page_doc(stream(filter, &ten_mb), "", "", vec![]))),
        "no_text_layer"
    );
    let mut twice = lopdf::Stream::new(lopdf::Dictionary::new(), ten_mb.clone());
    twice.compress().unwrap();
    assert!(twice.content.len() < 10_000, "{}", twice.content.len());
    let r = extract(page_doc(
        stream("/Filter [/FlateDecode /FlateDecode]", &twice.content),
        "",
        "",
        vec![],
    ));
    assert_eq!(reason(&r), "no_text_layer");
    // 512 MB of zeros in 3 MB (and in 30 KB through two filters) as the page
    // content: refused at 64 MiB.
    let one_gb = zeros_zlib(512_000_000 / 258);
    let mut twice = lopdf::Stream::new(lopdf::Dictionary::new(), one_gb.clone());
    twice.compress().unwrap();
    let r = extract(page_doc(
        stream("/Filter [/FlateDecode /FlateDecode]", &twice.content),
        "",
        "",
        vec![],
    ));
    assert_limit(&r, "content");
    assert_limit(
        &extract(page_doc(stream(filter, &one_gb), "", "", vec![])),
        "content",
    );
    // ... as a form XObject, a ToUnicode CMap, a font program, and an object stream.
    let r = extract(page_doc(
        stream("", b"/X Do"),
        "",
        "/XObject << /X 6 0 R >>",
        vec![stream(
            &format!("{filter} /Subtype /Form /BBox [0 0 1 1]"),
            &one_gb,
        )],
    ));
    assert_limit(&r, "content");
    let r = extract(page_doc(
        stream("", b"BT /F2 12 Tf (abc) Tj ET"),
        "",
        "/Font << /F2 6 0 R >>",
        vec![
            obj("<< /Type /Font /Subtype /TrueType /ToUnicode 7 0 R /FontDescriptor << /FontFile2 7 0 R >> >>"),
            stream(filter, &one_gb),
        ],
    ));
    assert!(
        matches!(reason(&r), "not_a_report" | "unreliable_text"),
        "{}",
        reason(&r)
    );
    let objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [] /Count 0 >>"),
        stream(&format!("{filter} /Type /ObjStm /N 1 /First 4"), &one_gb),
    ];
    assert!(extract(pdf(&objs)).is_err());
    // 2000 pages sharing one 60 MB content stream (60 KB compressed): the
    // document's decoding budget stops it after a few pages.
    let sixty_mb = zeros_zlib(60_000_000 / 258);
    let pages = 2000;
    let mut objs = vec![obj("<< /Type /Catalog /Pages 2 0 R >>")];
    let kids: String = (0..pages).map(|i| format!("{} 0 R ", i + 4)).collect();
    objs.push(obj(&format!(
        "<< /Type /Pages /Kids [{kids}] /Count {pages} >>"
    )));
    objs.push(stream(filter, &sixty_mb));
    for _ in 0..pages {
        objs.push(obj("<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"));
    }
    assert_limit(
        &extract_within("shared.pdf", pdf(&objs), Duration::from_secs(8)),
        "bytes",
    );
}

#[test]
fn a_million_pages_are_refused() {
    // The page tree claims a million pages.
    let objs = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>"),
        obj("<< /Type /Page /Parent 2 0 R >>"),
    ];
    let r = extract(pdf(&objs));
    assert_limit(&r, "1000000 pages (limit 5000)");
    // It lies (Count 1) but holds 5001 pages.
    let n = 5001;
    let mut objs = vec![obj("<< /Type /Catalog /Pages 2 0 R >>")];
    let kids: String = (0..n).map(|i| format!("{} 0 R ", i + 3)).collect();
    objs.push(obj(&format!("<< /Type /Pages /Kids [{kids}] /Count 1 >>")));
    for _ in 0..n {
        objs.push(obj("<< /Type /Page /Parent 2 0 R >>"));
    }
    assert_limit(&extract(pdf(&objs)), "more than 5000 pages");
}

#[test]
fn glyph_rule_and_grid_floods_are_bounded() {
    // 2 MB string shown by one Tj: 2 million glyphs, stopped at 500 000.
    let mut content = b"BT /F1 1 Tf (".to_vec();
    content.extend(std::iter::repeat_n(b'A', 2_000_000));
    content.extend_from_slice(b") Tj ET");
    assert_limit(
        &extract(page_doc(stream("", &content), "", "", vec![])),
        "glyphs",
    );
    // 200 000 ruling lines.
    let content = "0 0 m 100 0 l S ".repeat(200_000);
    assert_limit(
        &extract(page_doc(stream("", content.as_bytes()), "", "", vec![])),
        "ruling lines",
    );
    // Ruled grids of 99 × 99 and 400 × 400 lines (160 000 intersections;
    // this took 34 s a page before the grid caps) with text in them.
    for n in [99, 400] {
        let mut c = String::new();
        for i in 0..n {
            let p = 20.0 + i as f32 * 6.0;
            let _ = write!(c, "20 {p} m 2420 {p} l S {p} 20 m {p} 2420 l S ");
        }
        c.push_str("BT /F1 5 Tf 21 21 Td (x) Tj 100 100 Td (y) Tj ET");
        let r = extract_within(
            "grid.pdf",
            page_doc(stream("", c.as_bytes()), "", "", vec![]),
            Duration::from_secs(2),
        );
        assert_eq!(reason(&r), "not_a_report");
    }
}

#[test]
fn cmap_range_floods_are_bounded() {
    // 20 000 full-size bfranges and cidranges in a ToUnicode / encoding CMap.
    let mut cmap = String::from("1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    for i in 0..20_000u32 {
        let _ = writeln!(
            cmap,
            "1 beginbfrange <0000> <FFFE> <{:04X}> endbfrange",
            i % 0xFFFF
        );
        let _ = writeln!(
            cmap,
            "1 begincidrange <0000> <FFFF> {} endcidrange",
            u32::MAX - i
        );
        let _ = writeln!(
            cmap,
            "1 beginbfrange <{:08X}> <FFFFFFFF> <D800> endbfrange",
            i
        );
    }
    let content = format!("BT /F2 12 Tf <{}> Tj ET", "FFFF0001".repeat(5000));
    let r = extract(page_doc(
        stream("", content.as_bytes()),
        "",
        "/Font << /F2 6 0 R >>",
        vec![
            obj("<< /Type /Font /Subtype /Type0 /Encoding 7 0 R /ToUnicode 7 0 R /DescendantFonts [<< /Subtype /CIDFontType0 >>] >>"),
            stream("", cmap.as_bytes()),
        ],
    ));
    assert!(r.is_err());
}

#[test]
fn hostile_text_and_html() {
    let long = Duration::from_secs(5);
    let big_line = "一、总体情况\t".repeat(200_000);
    let r = extract_within("a.txt", big_line.into_bytes(), long);
    assert!(r.is_err());
    let many_lines = "| 规章 | 0 | 1 |\n".repeat(200_000);
    assert!(extract_within("a.md", many_lines.into_bytes(), long).is_err());
    let tags = "<table><tr><td>".repeat(100_000) + &"<".repeat(100_000);
    assert!(extract_within("a.html", tags.into_bytes(), long).is_err());
    let script = "<script>".to_string() + &"<p>".repeat(100_000);
    assert!(extract_within("a.html", script.into_bytes(), long).is_err());
    // Over the text size cap.
    let huge = vec![b'a'; xxgk::ingest::MAX_TEXT_INPUT_BYTES + 1];
    assert_limit(&extract_within("a.txt", huge, long), "text or HTML");
}

/// Every file under `dir`, relative to it.
fn tree(dir: &std::path::Path) -> std::collections::BTreeSet<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn batch_writes_only_into_the_out_folder_whatever_the_names() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let deep = input.join("a").join("b");
    std::fs::create_dir_all(&deep).unwrap();
    let report = std::fs::read("tests/fixtures/text/gb2019_2020.txt").unwrap();
    let names = [
        "..x.txt",
        "....pdf",
        "line\nbreak.txt",
        "car\rriage.txt",
        "quo\"te's.txt",
        "semi;colon; rm -rf ..;.txt",
        "$(touch pwned).txt",
        "-rf.txt",
        "报告 2020（终稿）.txt",
        "tab\there.pdf",
        ",comma,.txt",
        "=cmd|' \\C calc'!A0.txt",
    ];
    for (i, n) in names.iter().enumerate() {
        let body: &[u8] = if i % 2 == 0 {
            &report
        } else {
            b"%PDF-1.4 broken"
        };
        std::fs::write(deep.join(n), body).unwrap();
    }
    std::fs::write(input.join("top.txt"), &report).unwrap();
    let before = tree(tmp.path());
    let out = tmp.path().join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_xxgk"))
        .current_dir(&deep)
        .arg("batch")
        .arg(&input)
        // The same file again through `..` segments: still one file.
        .arg(deep.join("..").join("..").join("top.txt"))
        .args(["--jobs", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Nothing new outside `out`, nothing changed inside `in`.
    let after = tree(tmp.path());
    let outside: Vec<_> = after
        .iter()
        .filter(|p| !p.starts_with("out") && !before.contains(*p))
        .collect();
    assert!(outside.is_empty(), "written outside --out: {outside:?}");
    assert!(before.iter().all(|p| after.contains(p)));
    assert!(
        tree(&out).iter().all(|p| p.components().count() == 1),
        "{:?}",
        tree(&out)
    );
    // Each input is named by exactly its record or its error row.
    let mut named: Vec<String> = Vec::new();
    let ndjson = std::fs::read_to_string(out.join("records.ndjson")).unwrap();
    for line in ndjson.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        named.push(v["source"]["path"].as_str().unwrap().to_string());
    }
    let mut errors = csv::Reader::from_path(out.join("errors.csv")).unwrap();
    let path_col = errors
        .headers()
        .unwrap()
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == "path")
        .unwrap();
    for row in errors.records() {
        named.push(row.unwrap()[path_col].to_string());
    }
    for n in names.iter().chain(["top.txt"].iter()) {
        // paths below the folder the batch ran in are relative to it
        let hits = named
            .iter()
            .filter(|p| *p == n || p.ends_with(&format!("/{n}")))
            .count();
        assert!(hits >= 1, "{n:?} is not named in the outputs: {named:?}");
    }
}
