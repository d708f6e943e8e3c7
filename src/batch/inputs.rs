//! Turning the command line's inputs (files, folders, glob patterns) into a
//! sorted list of files.

use std::collections::BTreeSet;
use std::path::Path;

/// Expands `inputs` into files: a file is taken as given, a folder is walked
/// recursively (symlinks followed, hidden folders skipped) for every file
/// ([`is_report_name`]), any other
/// argument is read as a glob pattern. Paths keep the spelling they were given
/// in (a relative folder gives relative paths), duplicates are removed and
/// the list is sorted by path text, so the result does not depend on the
/// order of `inputs` or of the file system.
///
/// An input that names nothing (no such file, a pattern matching no file) is
/// returned in `missing`: the batch turns it into an `io` error row so that
/// nothing given is silently dropped.
///
/// ```
/// let found = xxgk::batch::inputs::expand(&["tests/fixtures/text".to_string()]);
/// assert!(found.files.iter().any(|p| p.ends_with("gb2019_2020.txt")));
/// assert!(found.files.windows(2).all(|w| w[0] < w[1]));
/// ```
pub fn expand(inputs: &[String]) -> Expanded {
    let mut files = BTreeSet::new();
    let mut missing = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if path.is_file() {
            files.insert(input.clone());
        } else if path.is_dir() {
            let walk = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0
                        || !e.file_type().is_dir()
                        || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walk {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_report_name(e.path()) => {
                        files.insert(e.path().to_string_lossy().into_owned());
                    }
                    Ok(_) => {}
                    // An unreadable folder or a broken link: an error row, not silence.
                    Err(e) => missing.push(
                        e.path()
                            .map_or_else(|| input.clone(), |p| p.to_string_lossy().into_owned()),
                    ),
                }
            }
        } else {
            let mut any = false;
            if let Ok(paths) = glob::glob(input) {
                for p in paths.filter_map(|p| p.ok()) {
                    if p.is_file() {
                        any = true;
                        files.insert(p.to_string_lossy().into_owned());
                    } else if p.is_dir() {
                        let sub = expand(&[p.to_string_lossy().into_owned()]);
                        any |= !sub.files.is_empty();
                        files.extend(sub.files);
                    }
                }
            }
            if !any {
                missing.push(input.clone());
            }
        }
    }
    Expanded {
        files: files.into_iter().collect(),
        missing,
    }
}

/// Files that operating systems leave in folders; never reports.
const OS_FILES: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini", ".directory"];

/// True when a file found in a folder is taken as an input: every file
/// except the operating system's own (`.DS_Store`, `Thumbs.db`,
/// `desktop.ini`). Whatever its extension (.docx, .ofd, .shtml, .doc,
/// none), each file taken ends as a record or an error row naming why it
/// was refused: nothing in a folder vanishes from the count. (Hidden
/// folders such as `.git` are not walked.)
///
/// ```
/// use std::path::Path;
/// use xxgk::batch::inputs::is_report_name;
/// assert!(is_report_name(Path::new("a/2023年报.PDF")));
/// assert!(is_report_name(Path::new("a/download_123")));
/// assert!(is_report_name(Path::new("a/report.ofd")));
/// assert!(is_report_name(Path::new("a/..x.txt")));
/// assert!(!is_report_name(Path::new("a/.DS_Store")));
/// ```
pub fn is_report_name(path: &Path) -> bool {
    !path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| OS_FILES.iter().any(|o| n.eq_ignore_ascii_case(o)))
}

/// The result of [`expand`].
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// Files found, sorted and without duplicates.
    pub files: Vec<String>,
    /// Inputs that named no file.
    pub missing: Vec<String>,
}
