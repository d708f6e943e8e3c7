//! Single-byte encodings (WinAnsi, Standard, MacRoman), glyph names, and the
//! predefined Chinese CMaps (UCS-2, UTF-16, GBK/GB-EUC).

/// WinAnsiEncoding for 0x80..=0x9F (the rest is ISO 8859-1).
const WIN_ANSI_80: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

/// The base single-byte encodings of simple fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    /// StandardEncoding (the Type 1 default).
    Standard,
    /// WinAnsiEncoding.
    WinAnsi,
    /// MacRomanEncoding (ASCII part only; the rest is read as WinAnsi).
    MacRoman,
}

impl BaseEncoding {
    /// The character for one byte.
    ///
    /// ```
    /// use xxgk::ingest::pdf::encoding::BaseEncoding;
    /// assert_eq!(BaseEncoding::WinAnsi.decode(0x41), Some('A'));
    /// assert_eq!(BaseEncoding::WinAnsi.decode(0x93), Some('“'));
    /// assert_eq!(BaseEncoding::Standard.decode(0x27), Some('’'));
    /// ```
    pub fn decode(self, b: u8) -> Option<char> {
        match (self, b) {
            (_, 0..=0x1F) => None,
            (BaseEncoding::Standard, 0x27) => Some('’'),
            (BaseEncoding::Standard, 0x60) => Some('‘'),
            (_, 0x20..=0x7E) => Some(b as char),
            (BaseEncoding::Standard, _) => None,
            (_, 0x80..=0x9F) => {
                let c = WIN_ANSI_80[(b - 0x80) as usize];
                (c != '\u{FFFD}').then_some(c)
            }
            (_, 0xA0..=0xFF) => char::from_u32(b as u32),
            _ => None,
        }
    }

    /// The encoding named by `/BaseEncoding` or `/Encoding`.
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            _ => None,
        }
    }
}

/// Adobe glyph names of the printable ASCII range, from 0x20.
const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

/// Other common glyph names.
const OTHER_NAMES: &[(&str, char)] = &[
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("endash", '–'),
    ("emdash", '—'),
    ("bullet", '•'),
    ("ellipsis", '…'),
    ("periodcentered", '·'),
    ("middot", '·'),
    ("degree", '°'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("copyright", '©'),
    ("registered", '®'),
    ("trademark", '™'),
    ("section", '§'),
    ("paragraph", '¶'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("minus", '−'),
    ("nbspace", '\u{A0}'),
    ("nonbreakingspace", '\u{A0}'),
    ("sfthyphen", '\u{AD}'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
    ("percent", '%'),
    ("perthousand", '‰'),
    ("yen", '¥'),
    ("sterling", '£'),
    ("Euro", '€'),
    ("plusminus", '±'),
    ("guillemotleft", '«'),
    ("guillemotright", '»'),
];

/// The character of an Adobe glyph name: `uniXXXX`, `uXXXX[XX]`, ASCII
/// names and a few common others.
///
/// ```
/// use xxgk::ingest::pdf::encoding::glyph_name_to_unicode;
/// assert_eq!(glyph_name_to_unicode("uni5DE5"), Some('工'));
/// assert_eq!(glyph_name_to_unicode("zero"), Some('0'));
/// assert_eq!(glyph_name_to_unicode("g123"), None);
/// ```
pub fn glyph_name_to_unicode(name: &str) -> Option<char> {
    let base = name.split('.').next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.chars().take(4).all(|c| c.is_ascii_hexdigit()) {
            return u32::from_str_radix(&hex[..4], 16)
                .ok()
                .and_then(char::from_u32);
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        }
    }
    if let Some(i) = ASCII_NAMES.iter().position(|n| *n == base) {
        return char::from_u32(0x20 + i as u32);
    }
    OTHER_NAMES
        .iter()
        .find(|(n, _)| *n == base)
        .map(|(_, c)| *c)
}

/// How a predefined (named) CMap turns bytes into codes and Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// Identity-H / Identity-V: two-byte codes equal to CIDs.
    Identity,
    /// Uni*-UCS2-*: two-byte codes that are UCS-2 code points.
    Ucs2,
    /// Uni*-UTF16-*: UTF-16BE, two or four bytes.
    Utf16,
    /// GBK-EUC-*, GB-EUC-*, GBpc-EUC-*, GBK2K-*: one byte below 0x80, else two.
    Gbk,
    /// B5pc-*, ETen-B5-*, HKscs-B5-*: one byte below 0x80, else two (Big5).
    Big5,
}

impl Predefined {
    /// The predefined CMap for an `/Encoding` name, and whether it writes
    /// vertically (`-V`).
    ///
    /// ```
    /// use xxgk::ingest::pdf::encoding::Predefined;
    /// assert_eq!(Predefined::from_name("UniGB-UCS2-V"), Some((Predefined::Ucs2, true)));
    /// assert_eq!(Predefined::from_name("GBK-EUC-H"), Some((Predefined::Gbk, false)));
    /// ```
    pub fn from_name(name: &str) -> Option<(Predefined, bool)> {
        let vertical = name.ends_with("-V");
        let kind = if name.starts_with("Identity") {
            Predefined::Identity
        } else if name.starts_with("Uni") && name.contains("UCS2") {
            Predefined::Ucs2
        } else if name.starts_with("Uni") && name.contains("UTF16") {
            Predefined::Utf16
        } else if name.starts_with("GB") {
            Predefined::Gbk
        } else if name.starts_with("B5") || name.starts_with("ETen") || name.starts_with("HKscs") {
            Predefined::Big5
        } else {
            return None;
        };
        Some((kind, vertical))
    }

    /// The length in bytes of the code at the start of `bytes` (at least 1,
    /// at most `bytes.len()`).
    pub fn next_code_len(self, bytes: &[u8]) -> usize {
        let want = match self {
            Predefined::Identity | Predefined::Ucs2 => 2,
            Predefined::Utf16 => {
                if bytes.len() >= 4 && (0xD8..=0xDB).contains(&bytes[0]) {
                    4
                } else {
                    2
                }
            }
            Predefined::Gbk | Predefined::Big5 => {
                if bytes[0] < 0x80 {
                    1
                } else {
                    2
                }
            }
        };
        want.min(bytes.len()).max(1)
    }

    /// The Unicode text of one code, when the CMap itself implies it (all but
    /// Identity).
    ///
    /// ```
    /// use xxgk::ingest::pdf::encoding::Predefined;
    /// assert_eq!(Predefined::Gbk.decode(&[0xD5, 0xFE]).as_deref(), Some("政"));
    /// assert_eq!(Predefined::Ucs2.decode(&[0x5E, 0x9C]).as_deref(), Some("府"));
    /// ```
    pub fn decode(self, code: &[u8]) -> Option<String> {
        match self {
            Predefined::Identity => None,
            Predefined::Ucs2 | Predefined::Utf16 => {
                if code.len() < 2 {
                    return None;
                }
                let s = super::cmap::utf16be(code);
                (!s.contains('\u{FFFD}')).then_some(s)
            }
            Predefined::Gbk | Predefined::Big5 => {
                let enc = if self == Predefined::Gbk {
                    encoding_rs::GBK
                } else {
                    encoding_rs::BIG5
                };
                let (s, _, bad) = enc.decode(code);
                (!bad).then(|| s.into_owned())
            }
        }
    }
}
