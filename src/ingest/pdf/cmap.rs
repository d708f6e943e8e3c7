//! CMap parsing: code space ranges, `bfchar`/`bfrange` (ToUnicode) and
//! `cidchar`/`cidrange` (embedded encoding CMaps).
//!
//! Codes are kept with their byte length, because a one-byte `<41>` and a
//! two-byte `<0041>` are different codes.

use std::collections::HashMap;

/// Largest `bfrange`/`cidrange` expanded entry by entry; bigger ranges are kept
/// as ranges.
const MAX_EXPANDED_RANGE: u32 = 0x1_0000;

/// Most entries one CMap expands ranges into; later ranges are kept as
/// ranges.
const MAX_EXPANDED_TOTAL: usize = 0x2_0000;

/// Most ranges kept unexpanded (`bfrange` and `cidrange` each), since a
/// lookup scans them; later ones are dropped.
const MAX_KEPT_RANGES: usize = 8192;

/// One code space range: codes of `len` bytes whose bytes each lie between the
/// matching bytes of `lo` and `hi`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodespaceRange {
    /// Code length in bytes (1 to 4).
    pub len: usize,
    /// Low bound, one entry per byte.
    pub lo: [u8; 4],
    /// High bound, one entry per byte.
    pub hi: [u8; 4],
}

impl CodespaceRange {
    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() >= self.len
            && (0..self.len).all(|i| bytes[i] >= self.lo[i] && bytes[i] <= self.hi[i])
    }
}

/// A large `bfrange` kept as a range: `lo..=hi` → `base` plus the offset.
#[derive(Debug, Clone)]
struct UnicodeRange {
    len: usize,
    lo: u32,
    hi: u32,
    base: Vec<u16>,
}

/// A parsed CMap: ToUnicode entries, CID entries and the code space.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// The code space ranges, in file order.
    pub codespaces: Vec<CodespaceRange>,
    unicode: HashMap<(u8, u32), Box<str>>,
    unicode_ranges: Vec<UnicodeRange>,
    cids: HashMap<(u8, u32), u32>,
    cid_ranges: Vec<(u8, u32, u32, u32)>,
    /// Name given by `usecmap`, if any (a predefined CMap this one extends).
    pub use_cmap: Option<String>,
}

/// A token of CMap syntax.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Int(i64),
    Name(String),
    Kw(String),
    ArrOpen,
    ArrClose,
}

fn tokenize(data: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = data.len();
    while i < n {
        let c = data[i];
        match c {
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if i + 1 < n && data[i + 1] == b'<' => i += 2,
            b'>' if i + 1 < n && data[i + 1] == b'>' => i += 2,
            b'<' => {
                i += 1;
                let mut nibbles = Vec::new();
                while i < n && data[i] != b'>' {
                    if let Some(v) = (data[i] as char).to_digit(16) {
                        nibbles.push(v as u8);
                    }
                    i += 1;
                }
                i += 1;
                if nibbles.len() % 2 == 1 {
                    nibbles.push(0);
                }
                out.push(Tok::Hex(
                    nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]).collect(),
                ));
            }
            b'[' => {
                out.push(Tok::ArrOpen);
                i += 1;
            }
            b']' => {
                out.push(Tok::ArrClose);
                i += 1;
            }
            b'(' => {
                // Literal strings (CMapName, Registry): skip, honouring nesting and escapes.
                let mut depth = 0;
                while i < n {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'/' => {
                let s = i + 1;
                i += 1;
                while i < n && !is_delim(data[i]) {
                    i += 1;
                }
                out.push(Tok::Name(String::from_utf8_lossy(&data[s..i]).into_owned()));
            }
            _ if c.is_ascii_whitespace() || c == 0 => i += 1,
            _ => {
                let s = i;
                while i < n && !is_delim(data[i]) {
                    i += 1;
                }
                if i == s {
                    i += 1;
                    continue;
                }
                let word = &data[s..i];
                if let Some(v) = std::str::from_utf8(word)
                    .ok()
                    .and_then(|w| w.parse::<i64>().ok())
                {
                    out.push(Tok::Int(v));
                } else {
                    out.push(Tok::Kw(String::from_utf8_lossy(word).into_owned()));
                }
            }
        }
    }
    out
}

fn is_delim(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b) || b == 0
}

fn code_of(bytes: &[u8]) -> (u8, u32) {
    let len = bytes.len().min(4);
    let mut v = 0u32;
    for &b in &bytes[bytes.len() - len..] {
        v = (v << 8) | b as u32;
    }
    (len as u8, v)
}

/// Decodes UTF-16BE bytes (as in a ToUnicode destination) to a string.
///
/// ```
/// use xxgk::ingest::pdf::cmap::utf16be;
/// assert_eq!(utf16be(&[0x5d, 0xe5]), "工");
/// assert_eq!(utf16be(&[0xd8, 0x40, 0xdc, 0x00]), "\u{20000}");
/// ```
pub fn utf16be(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return char::from(bytes[0]).to_string();
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|p| {
            if p.len() == 2 {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                p[0] as u16
            }
        })
        .collect();
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

fn units_of(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        return vec![bytes[0] as u16];
    }
    bytes
        .chunks(2)
        .map(|p| {
            if p.len() == 2 {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                p[0] as u16
            }
        })
        .collect()
}

fn offset_units(base: &[u16], off: u32) -> String {
    let mut u = base.to_vec();
    if let Some(last) = u.last_mut() {
        *last = last.wrapping_add(off as u16);
    }
    char::decode_utf16(u)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

impl CMap {
    /// Parses CMap text (a ToUnicode stream or an embedded encoding CMap).
    /// Unreadable parts are skipped, never fatal.
    ///
    /// ```
    /// use xxgk::ingest::pdf::cmap::CMap;
    /// let src = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
    ///   2 beginbfchar <0003> <0020> <0611> <653F> endbfchar
    ///   1 beginbfrange <0010> <0012> <0030> endbfrange";
    /// let m = CMap::parse(src);
    /// assert_eq!(m.lookup(&[0x06, 0x11]).as_deref(), Some("政"));
    /// assert_eq!(m.lookup(&[0x00, 0x12]).as_deref(), Some("2"));
    /// assert_eq!(m.next_code_len(&[0x06, 0x11, 0x00]), 2);
    /// ```
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokenize(data);
        let mut m = CMap::default();
        // Entries written by range expansion, overwritten ones included.
        let mut expanded = 0usize;
        let mut i = 0;
        let hex = |t: Option<&Tok>| match t {
            Some(Tok::Hex(h)) => Some(h.clone()),
            Some(Tok::Int(v)) => Some(vec![*v as u8]),
            _ => None,
        };
        while i < toks.len() {
            match &toks[i] {
                Tok::Name(n) if matches!(toks.get(i + 1), Some(Tok::Kw(k)) if k == "usecmap") => {
                    m.use_cmap = Some(n.clone());
                    i += 2;
                }
                Tok::Kw(k) if k == "begincodespacerange" => {
                    i += 1;
                    while i + 1 < toks.len() && toks[i] != Tok::Kw("endcodespacerange".into()) {
                        if let (Some(lo), Some(hi)) = (hex(toks.get(i)), hex(toks.get(i + 1))) {
                            if !lo.is_empty() && lo.len() <= 4 && lo.len() == hi.len() {
                                let mut r = CodespaceRange {
                                    len: lo.len(),
                                    lo: [0; 4],
                                    hi: [0; 4],
                                };
                                r.lo[..lo.len()].copy_from_slice(&lo);
                                r.hi[..hi.len()].copy_from_slice(&hi);
                                m.codespaces.push(r);
                            }
                        }
                        i += 2;
                    }
                }
                Tok::Kw(k) if k == "beginbfchar" => {
                    i += 1;
                    while i + 1 < toks.len() && toks[i] != Tok::Kw("endbfchar".into()) {
                        match (&toks[i], &toks[i + 1]) {
                            (Tok::Hex(src), Tok::Hex(dst)) if !src.is_empty() => {
                                m.unicode.insert(code_of(src), utf16be(dst).into());
                            }
                            (Tok::Hex(src), Tok::Name(name)) if !src.is_empty() => {
                                if let Some(c) = super::encoding::glyph_name_to_unicode(name) {
                                    m.unicode.insert(code_of(src), c.to_string().into());
                                }
                            }
                            _ => {}
                        }
                        i += 2;
                    }
                }
                Tok::Kw(k) if k == "beginbfrange" => {
                    i += 1;
                    while i + 2 < toks.len() && toks[i] != Tok::Kw("endbfrange".into()) {
                        let (Some(lo), Some(hi)) = (hex(toks.get(i)), hex(toks.get(i + 1))) else {
                            i += 1;
                            continue;
                        };
                        if lo.is_empty() {
                            i += 1;
                            continue;
                        }
                        let (len, lo_v) = code_of(&lo);
                        let (_, hi_v) = code_of(&hi);
                        match &toks[i + 2] {
                            Tok::Hex(dst) => {
                                let base = units_of(dst);
                                if hi_v >= lo_v
                                    && hi_v - lo_v < MAX_EXPANDED_RANGE
                                    && expanded + ((hi_v - lo_v) as usize) < MAX_EXPANDED_TOTAL
                                {
                                    expanded += (hi_v - lo_v) as usize + 1;
                                    for c in lo_v..=hi_v {
                                        m.unicode
                                            .insert((len, c), offset_units(&base, c - lo_v).into());
                                    }
                                } else if hi_v >= lo_v && m.unicode_ranges.len() < MAX_KEPT_RANGES {
                                    m.unicode_ranges.push(UnicodeRange {
                                        len: len as usize,
                                        lo: lo_v,
                                        hi: hi_v,
                                        base,
                                    });
                                }
                                i += 3;
                            }
                            Tok::ArrOpen => {
                                let mut j = i + 3;
                                let mut c = lo_v;
                                while j < toks.len() && toks[j] != Tok::ArrClose {
                                    if let Tok::Hex(dst) = &toks[j] {
                                        if c <= hi_v && expanded < MAX_EXPANDED_TOTAL {
                                            expanded += 1;
                                            m.unicode.insert((len, c), utf16be(dst).into());
                                        }
                                        c = c.saturating_add(1);
                                    }
                                    j += 1;
                                }
                                i = j + 1;
                            }
                            _ => i += 3,
                        }
                    }
                }
                Tok::Kw(k) if k == "begincidchar" => {
                    i += 1;
                    while i + 1 < toks.len() && toks[i] != Tok::Kw("endcidchar".into()) {
                        if let (Tok::Hex(src), Tok::Int(cid)) = (&toks[i], &toks[i + 1]) {
                            if !src.is_empty() && *cid >= 0 {
                                m.cids.insert(code_of(src), *cid as u32);
                            }
                        }
                        i += 2;
                    }
                }
                Tok::Kw(k) if k == "begincidrange" => {
                    i += 1;
                    while i + 2 < toks.len() && toks[i] != Tok::Kw("endcidrange".into()) {
                        if let (Tok::Hex(lo), Tok::Hex(hi), Tok::Int(cid)) =
                            (&toks[i], &toks[i + 1], &toks[i + 2])
                        {
                            if !lo.is_empty() && *cid >= 0 {
                                let (len, lo_v) = code_of(lo);
                                let (_, hi_v) = code_of(hi);
                                if hi_v >= lo_v && m.cid_ranges.len() < MAX_KEPT_RANGES {
                                    m.cid_ranges.push((len, lo_v, hi_v, *cid as u32));
                                }
                            }
                        }
                        i += 3;
                    }
                }
                _ => i += 1,
            }
        }
        m
    }

    /// The number of codes and ranges held, a measure of its memory.
    pub fn entries(&self) -> usize {
        self.unicode.len() + self.unicode_ranges.len() + self.cids.len() + self.cid_ranges.len()
    }

    /// True when the CMap maps no code to Unicode.
    pub fn is_empty(&self) -> bool {
        self.unicode.is_empty() && self.unicode_ranges.is_empty()
    }

    /// The length in bytes of the code at the start of `bytes`, from the code
    /// space ranges. When no range matches, the shortest range's length is used
    /// (or `2` if the CMap has no code space). Always between 1 and `bytes.len()`.
    pub fn next_code_len(&self, bytes: &[u8]) -> usize {
        if let Some(r) = self.codespaces.iter().find(|r| r.matches(bytes)) {
            return r.len;
        }
        let shortest = self.codespaces.iter().map(|r| r.len).min().unwrap_or(2);
        shortest.clamp(1, bytes.len().max(1))
    }

    /// The Unicode text of one code (its bytes), if mapped.
    pub fn lookup(&self, code: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
        if code.is_empty() || code.len() > 4 {
            return None;
        }
        let key = code_of(code);
        if let Some(s) = self.unicode.get(&key) {
            return Some(std::borrow::Cow::Borrowed(s));
        }
        self.unicode_ranges
            .iter()
            .find(|r| r.len == code.len() && key.1 >= r.lo && key.1 <= r.hi)
            .map(|r| std::borrow::Cow::Owned(offset_units(&r.base, key.1 - r.lo)))
    }

    /// The Unicode text of a code given as a number and a byte length.
    pub fn lookup_value(&self, len: usize, value: u32) -> Option<std::borrow::Cow<'_, str>> {
        let bytes = value.to_be_bytes();
        self.lookup(&bytes[4 - len.clamp(1, 4)..])
    }

    /// The CID of one code (its bytes), from `cidchar`/`cidrange`.
    pub fn cid(&self, code: &[u8]) -> Option<u32> {
        if code.is_empty() || code.len() > 4 {
            return None;
        }
        let key = code_of(code);
        if let Some(c) = self.cids.get(&key) {
            return Some(*c);
        }
        self.cid_ranges
            .iter()
            .find(|(len, lo, hi, _)| *len == key.0 && key.1 >= *lo && key.1 <= *hi)
            .map(|(_, lo, _, base)| base.saturating_add(key.1 - lo))
    }

    /// True when the CMap maps codes to CIDs (an encoding CMap).
    pub fn has_cids(&self) -> bool {
        !self.cids.is_empty() || !self.cid_ranges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfrange_array_and_codespace() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CMapName /Adobe-Identity-UCS def
            2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
            1 beginbfrange <8141> <8143> [<4E00> <4E8C> <4E09>] endbfrange
            endcmap";
        let m = CMap::parse(src);
        assert_eq!(m.codespaces.len(), 2);
        assert_eq!(m.next_code_len(b"\x41\x81\x41"), 1);
        assert_eq!(m.next_code_len(b"\x81\x41"), 2);
        assert_eq!(m.lookup(b"\x81\x42").as_deref(), Some("二"));
        assert_eq!(m.lookup(b"\x81\x44"), None);
    }
}
