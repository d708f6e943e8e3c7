//! OCR confidence in the record: every value read by OCR gets its
//! confidence in `cells[].ocr`; a reading below the threshold, or one with a
//! mark left unread, becomes null with a warning (never a guess); the
//! report's own arithmetic may then pick one of the engine's alternative
//! readings for such a cell, when exactly one makes every rule over the
//! cell hold. A confident reading is never changed.

use super::{OcrReport, OcrSettings, OcrValue};
use crate::check;
use crate::geom::BBox;
use crate::record::{CellOcr, CheckStatus, Number, Record, Severity};

/// Most alternative readings tried for one uncertain cell.
const MAX_CANDIDATES: usize = 12;

/// Lowest engine confidence for an alternative to be tried.
const MIN_ALTERNATIVE_CONFIDENCE: f32 = 5.0;

fn contains(outer: &BBox, p: (f32, f32), slack: f32) -> bool {
    p.0 >= outer.x0 - slack
        && p.0 <= outer.x1 + slack
        && p.1 >= outer.top - slack
        && p.1 <= outer.bottom + slack
}

/// The OCR reading a record cell came from: the value whose box centre lies
/// in the cell's box, or whose box holds the cell's centre.
fn value_for<'a>(ocr: &'a OcrReport, page_index: usize, bbox: &BBox) -> Option<&'a OcrValue> {
    ocr.values
        .iter()
        .filter(|v| v.page_index == page_index)
        .find(|v| {
            contains(bbox, (v.bbox.center_x(), v.bbox.center_y()), 0.5)
                || contains(&v.bbox, (bbox.center_x(), bbox.center_y()), 0.5)
        })
}

/// The numbers the engine's alternatives allow: the reading with one
/// character replaced by one of its alternatives (digits only).
fn candidates(v: &OcrValue) -> Vec<f64> {
    let chars: Vec<char> = v.text.chars().collect();
    let mut out: Vec<f64> = Vec::new();
    let mut push = |s: String| {
        if let crate::normalize::Value::Number(n) = crate::normalize::parse_cell(&s, None) {
            if !out.contains(&n) && out.len() < MAX_CANDIDATES {
                out.push(n);
            }
        }
    };
    push(v.text.clone());
    for r in &v.other_readings {
        push(r.clone());
    }
    if chars.len() == v.alternatives.len() {
        for (k, alts) in v.alternatives.iter().enumerate() {
            for (alt, conf) in alts {
                if *conf < MIN_ALTERNATIVE_CONFIDENCE || !alt.chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                let mut s: String = chars[..k].iter().collect();
                s.push_str(alt);
                s.extend(&chars[k + 1..]);
                push(s);
            }
        }
    }
    out
}

fn set_value(record: &mut Record, i: usize, value: Option<f64>) {
    let c = &mut record.cells[i];
    c.value = value.map(Number);
    if let Some(slot) = record
        .tables
        .get_mut(&c.table)
        .and_then(|t| t.get_mut(&c.row))
        .and_then(|r| r.get_mut(&c.column))
    {
        *slot = value.map(Number);
    }
}

/// (assessed error-rule instances, failing ones) of the record as it stands.
fn arithmetic(record: &Record) -> (usize, usize) {
    let checks = check::check_record(record);
    let errors = checks.iter().filter(|c| c.severity == Severity::Error);
    let (mut assessed, mut failing) = (0, 0);
    for c in errors {
        match c.status {
            CheckStatus::Pass => assessed += 1,
            CheckStatus::Fail => {
                assessed += 1;
                failing += 1
            }
            CheckStatus::NotAssessable => {}
        }
    }
    (assessed, failing)
}

/// Puts the OCR report into the record: `source.ocr`, `cells[].ocr`,
/// uncertain values nulled with a warning, alternatives chosen by the
/// report's arithmetic where only one fits, and the checks evaluated again.
pub fn apply(record: &mut Record, ocr: &OcrReport, settings: &OcrSettings) {
    record.source.ocr = ocr.pages.clone();
    record.warnings.extend(ocr.warnings.iter().cloned());
    if ocr.pages.is_empty() {
        return;
    }
    if let Some(engine) = &ocr.engine {
        record.warnings.push(format!(
            "pages {} read by OCR ({engine}); values below confidence {} are left null",
            ocr.pages
                .iter()
                .map(|p| (p + 1).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            settings.min_confidence
        ));
    }
    let mut uncertain: Vec<(usize, &OcrValue)> = Vec::new();
    for i in 0..record.cells.len() {
        let c = &record.cells[i];
        let Some(page) = c.page_index else {
            continue;
        };
        if !ocr.pages.contains(&page) {
            continue;
        }
        // A value with no box on a scanned page (cut out of a line of text
        // by a fallback) cannot be tied to any digits reading.
        let v = c.bbox.and_then(|bbox| value_for(ocr, page, &bbox));
        let Some(v) = v else {
            // A number that only the page pass read (the Chinese model over
            // prose, outside any table cell found in the image) was never
            // read as digits: it is not trusted.
            if let Some(n) = c.value {
                record.cells[i].ocr = Some(CellOcr {
                    confidence: 0.0,
                    uncertain: true,
                    reading: Some(if c.raw.is_empty() {
                        n.0.to_string()
                    } else {
                        c.raw.clone()
                    }),
                    chosen_from: Vec::new(),
                });
                let c = &record.cells[i];
                record.warnings.push(format!(
                    "page {}: {}/{}/{}: OCR read '{}' only as running text, not as digits in a table cell; left null",
                    page + 1,
                    c.table,
                    c.row,
                    c.column,
                    c.raw
                ));
                set_value(record, i, None);
            }
            continue;
        };
        let low = v.confidence < settings.min_confidence;
        let doubtful = low || v.problem.is_some();
        record.cells[i].ocr = Some(CellOcr {
            confidence: (v.confidence * 10.0).round() / 10.0,
            uncertain: doubtful,
            reading: doubtful.then(|| v.text.clone()),
            chosen_from: Vec::new(),
        });
        if doubtful {
            let c = &record.cells[i];
            let why = match &v.problem {
                Some(p) => p.clone(),
                None => format!(
                    "confidence {:.0} < {}",
                    v.confidence, settings.min_confidence
                ),
            };
            record.warnings.push(format!(
                "page {}: {}/{}/{}: OCR read '{}' but {why}; left null",
                page + 1,
                c.table,
                c.row,
                c.column,
                v.text
            ));
            if c.value.is_some() {
                set_value(record, i, None);
            }
            uncertain.push((i, v));
        }
    }
    // The report's arithmetic may choose among the engine's own readings.
    for (i, v) in uncertain {
        if v.problem.is_some() && v.other_readings.is_empty() {
            continue; // a mark was not read: no reading to choose from
        }
        let cands = candidates(v);
        if cands.len() < 2 {
            continue;
        }
        let (base_assessed, base_failing) = arithmetic(record);
        let mut fits = Vec::new();
        for &n in &cands {
            set_value(record, i, Some(n));
            let (assessed, failing) = arithmetic(record);
            if assessed > base_assessed && failing == base_failing {
                fits.push(n);
            }
        }
        if fits.len() == 1 {
            set_value(record, i, Some(fits[0]));
            let c = &mut record.cells[i];
            if let Some(o) = c.ocr.as_mut() {
                o.chosen_from = cands.clone();
            }
            record.warnings.push(format!(
                "page {}: {}/{}/{}: OCR reading '{}' was uncertain; {} chosen among the engine's readings {:?} because only it satisfies the report's totals",
                c.page_index.map(|p| p + 1).unwrap_or(0),
                c.table,
                c.row,
                c.column,
                v.text,
                fits[0],
                cands
            ));
        } else {
            set_value(record, i, None);
        }
    }
    record.checks = check::check_record(record);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;

    fn record() -> Record {
        let text = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/text/gb2019_2020.txt"
        ))
        .unwrap();
        crate::extract_bytes("gb2019_2020.txt", &text, &crate::Settings::default()).unwrap()
    }

    /// Pretends the cell was read by OCR on page 0 at a box, and returns
    /// its index and printed value.
    fn scanned_cell(r: &mut Record, row: &str, column: &str) -> (usize, f64) {
        let i = r
            .cells
            .iter()
            .position(|c| c.table == "applications" && c.row == row && c.column == column)
            .unwrap();
        r.cells[i].page_index = Some(0);
        r.cells[i].bbox = Some(BBox::new(100.0, 100.0, 110.0, 110.0));
        (i, r.cells[i].value.unwrap().0)
    }

    fn reading(text: &str, confidence: f32, alternatives: Vec<Vec<(String, f32)>>) -> OcrReport {
        OcrReport {
            pages: vec![0],
            values: vec![OcrValue {
                page_index: 0,
                bbox: BBox::new(101.0, 101.0, 109.0, 109.0),
                text: text.into(),
                confidence,
                alternatives,
                other_readings: Vec::new(),
                problem: None,
            }],
            warnings: Vec::new(),
            engine: Some("test".into()),
        }
    }

    /// A number on a scanned page that no digits reading covers (read only
    /// by the page pass, as running text) is not trusted.
    #[test]
    fn a_number_read_only_as_running_text_is_null() {
        let mut r = record();
        let (i, printed) = scanned_cell(&mut r, "new_received", "natural_person");
        let mut ocr = reading("7", 99.0, Vec::new());
        ocr.values[0].bbox = BBox::new(300.0, 300.0, 310.0, 310.0); // elsewhere
        apply(&mut r, &ocr, &OcrSettings::default());
        assert_eq!(r.cells[i].value, None, "printed {printed}");
        let o = r.cells[i].ocr.as_ref().unwrap();
        assert!(o.uncertain);
        assert!(r
            .warnings
            .iter()
            .any(|w| w.contains("only as running text") && w.contains("new_received")));
    }

    /// A value with no box on a scanned page (a fallback cut it out of a
    /// line of text) is not trusted either.
    #[test]
    fn a_number_without_a_box_on_a_scanned_page_is_null() {
        let mut r = record();
        let (i, _) = scanned_cell(&mut r, "new_received", "natural_person");
        r.cells[i].bbox = None;
        apply(
            &mut r,
            &reading("7", 99.0, Vec::new()),
            &OcrSettings::default(),
        );
        assert_eq!(r.cells[i].value, None);
        assert!(r.cells[i].ocr.as_ref().unwrap().uncertain);
    }

    #[test]
    fn an_uncertain_reading_is_null_and_its_checks_not_assessable() {
        let mut r = record();
        let (i, printed) = scanned_cell(&mut r, "new_received", "natural_person");
        let wrong = format!("{}", printed as i64 + 5);
        apply(
            &mut r,
            &reading(&wrong, 40.0, Vec::new()),
            &OcrSettings::default(),
        );
        assert_eq!(r.cells[i].value, None);
        assert!(r.cells[i].ocr.as_ref().unwrap().uncertain);
        let balance = r
            .checks
            .iter()
            .find(|c| c.rule == "applications.balance" && c.location.ends_with("/natural_person"))
            .unwrap();
        assert_eq!(balance.status, CheckStatus::NotAssessable);
        assert!(
            balance.message_en.contains("uncertain OCR reading"),
            "{}",
            balance.message_en
        );
        assert_eq!(r.source.ocr, vec![0]);
    }

    #[test]
    fn the_reports_arithmetic_chooses_among_the_engines_readings() {
        let mut r = record();
        let (i, printed) = scanned_cell(&mut r, "new_received", "natural_person");
        let printed = printed as i64;
        assert!((10..100).contains(&printed), "a two-digit cell: {printed}");
        let (tens, units) = (printed / 10, printed % 10);
        let misread = tens * 10 + (units + 1) % 10;
        // The engine read the units digit wrong, with the right one among
        // its alternatives for that digit.
        let alts = vec![
            Vec::new(),
            vec![(units.to_string(), 30.0), ("7".to_string(), 20.0)],
        ];
        apply(
            &mut r,
            &reading(&misread.to_string(), 50.0, alts),
            &OcrSettings::default(),
        );
        assert_eq!(r.cells[i].value.map(|n| n.0 as i64), Some(printed));
        assert!(!r.cells[i].ocr.as_ref().unwrap().chosen_from.is_empty());
        assert!(r.warnings.iter().any(|w| w.contains("chosen among")));
    }

    #[test]
    fn a_confident_reading_is_kept_even_when_totals_disagree() {
        let mut r = record();
        let (i, printed) = scanned_cell(&mut r, "new_received", "natural_person");
        apply(
            &mut r,
            &reading(&format!("{}", printed as i64), 97.0, Vec::new()),
            &OcrSettings::default(),
        );
        assert_eq!(r.cells[i].value.map(|n| n.0), Some(printed));
        assert!(!r.cells[i].ocr.as_ref().unwrap().uncertain);
    }
}
