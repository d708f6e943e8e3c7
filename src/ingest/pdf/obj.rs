//! Small helpers over lopdf objects: dereferencing, numbers, names, streams.

use lopdf::{Document, Object};

/// Follows references (at most 32 hops) to a direct object; a dangling
/// reference gives `Null`.
pub fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..32 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(t) => o = t,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

/// A number (integer or real).
pub fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A name, dereferenced, as a string.
pub fn name_of(doc: &Document, o: Option<&Object>) -> Option<String> {
    match deref(doc, o?) {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// An array with each element dereferenced (empty when not an array).
pub fn array_deref(doc: &Document, o: &Object) -> Vec<Object> {
    match deref(doc, o) {
        Object::Array(a) => a.iter().map(|e| deref(doc, e).clone()).collect(),
        _ => Vec::new(),
    }
}

/// The decoded bytes of a stream, at most `limit` bytes; `None` when `o` is
/// not a stream or cannot be decoded.
pub fn stream_bytes(doc: &Document, o: &Object, limit: usize) -> Option<Vec<u8>> {
    let s = deref(doc, o).as_stream().ok()?;
    s.get_plain_content_with_limit(limit).ok()
}

/// A numeric array of `n` entries (e.g. a matrix or a box).
pub fn nums(doc: &Document, o: &Object, n: usize) -> Option<Vec<f32>> {
    let a = array_deref(doc, o);
    let v: Vec<f32> = a.iter().filter_map(num).collect();
    (v.len() == n && a.len() == n).then_some(v)
}
