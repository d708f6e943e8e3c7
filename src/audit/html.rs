//! HTML text: escaping and the page shell (inline CSS, optional inline
//! script). Every page is one self-contained file: no network resource,
//! no external stylesheet, font or script.

use std::fmt::Write;

/// Escapes text for HTML element content and for quoted attribute values.
///
/// ```
/// use xxgk::audit::html::esc;
/// assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// assert_eq!(esc("第 3 页"), "第 3 页");
/// ```
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // control characters other than tab and newline never belong in a page
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet of every audit page (screen and A4 print).
pub const STYLE: &str = include_str!("style.css");

/// The script of the index page: sorting and filtering the report list.
pub const INDEX_SCRIPT: &str = include_str!("index.js");

/// Starts a page: doctype, `<head>` with the title and the inline
/// stylesheet, and the opening `<body>`.
pub fn open_page(out: &mut String, title: &str, body_class: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"xxgk {}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body class=\"{}\">\n",
        env!("CARGO_PKG_VERSION"),
        esc(title),
        STYLE,
        esc(body_class)
    );
}

/// Ends a page, with an inline script when one is given.
pub fn close_page(out: &mut String, script: Option<&str>) {
    if let Some(s) = script {
        let _ = write!(out, "<script>\n{s}</script>\n");
    }
    out.push_str("</body>\n</html>\n");
}
