"""HTML rendering of a block document (rowspan/colspan tables).

flavour:
  'web'     the page itself (html/ folder): CSS borders, <thead> when the header repeats
  'chrome'  input of Chromium --print-to-pdf: as 'web', plus named landscape pages
  'lo'      input of LibreOffice's HTML import, which ignores CSS borders on cells and
            CSS pages: ruling through the table's border/frame/rules attributes
"""
import html

CSS = """
@page { size: A4; margin: 2.2cm 2cm; }
@page land { size: A4 landscape; margin: 1.6cm 1.8cm; }
.land { page: land; }
body { font-family: "%(serif)s", serif; font-size: 12pt; line-height: 1.6; }
h1 { font-family: "%(sans)s", sans-serif; font-size: 18pt; text-align: center; font-weight: %(bold)s; margin: 0.6em auto; }
h1.narrow { max-width: 13em; }
h2 { font-family: "%(sans)s", sans-serif; font-size: 13pt; font-weight: %(bold)s; margin: 0.8em 0 0.3em 0; }
h3 { font-size: 12pt; font-weight: %(bold)s; margin: 0.3em 0; text-indent: 2em; }
p { text-indent: 2em; margin: 0.2em 0; }
p.sign { text-align: right; text-indent: 0; }
p.dateline { text-align: center; text-indent: 0; font-size: 10pt; color: #444; }
p.caption { text-align: center; text-indent: 0; font-weight: %(bold)s; }
table { border-collapse: collapse; width: 100%%; margin: 0.5em 0; font-size: 9pt; line-height: 1.3; }
td, th { padding: 2px 3px; text-align: center; vertical-align: middle; font-weight: normal; }
table.grid td, table.grid th { border: 1px solid #000; }
table.three_line { border-top: 1.5px solid #000; border-bottom: 1.5px solid #000; }
table.three_line thead tr:last-child td, table.three_line tr.hlast td { border-bottom: 0.75px solid #000; }
td.l { text-align: left; }
td.v { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 0.1em; }
div.pb { page-break-before: always; break-before: page; }
"""


def to_html(blocks, title_text, flavour="web", font=None):
    serif = font or "Noto Serif CJK SC"
    sans = font or "Noto Sans CJK SC"
    css = CSS % {"serif": serif, "sans": sans, "bold": "normal" if font else "bold"}
    out = ["<!DOCTYPE html>", "<html lang=\"zh-CN\">", "<head>", "<meta charset=\"utf-8\">",
           "<title>%s</title>" % html.escape(title_text), "<style>%s</style>" % css, "</head>", "<body>"]
    in_land = False
    for i, (kind, val) in enumerate(blocks):
        if kind == "pagebreak":
            nxt = [b for b in blocks[i + 1:] if b[0] == "table"]
            starts_land = flavour == "chrome" and nxt and nxt[0][1].landscape and not in_land
            if in_land:
                out.append("</div>")
                in_land = False
            if starts_land:
                out.append("<div class=\"land\">")
                in_land = True
            else:
                out.append("<div class=\"pb\"></div>" if flavour != "lo" else
                           "<p style=\"page-break-before: always\"></p>")
        elif kind == "dateline":
            out.append("<p class=\"dateline\">%s</p>" % html.escape(val))
        elif kind == "title":
            cls = " class=\"narrow\"" if val.narrow else ""
            if flavour == "lo" and val.narrow:
                # LibreOffice ignores max-width on headings: narrow block = a one-cell borderless table
                out.append("<table width=\"55%%\" align=\"center\" border=\"0\"><tr><td><h1>%s</h1></td></tr></table>"
                           % html.escape(val.text))
            else:
                out.append("<h1%s>%s</h1>" % (cls, "<br>".join(html.escape(x) for x in val.lines)))
        elif kind == "heading":
            out.append("<h2>%s</h2>" % html.escape(val))
        elif kind == "subheading":
            out.append("<h3>%s</h3>" % html.escape(val))
        elif kind == "caption":
            out.append("<p class=\"caption\">%s</p>" % html.escape(val))
        elif kind == "para":
            out.append("<p>%s</p>" % html.escape(val))
        elif kind == "sign":
            out.append("<p class=\"sign\">%s</p>" % html.escape(val))
        elif kind == "table":
            out.append(table_html(val, flavour))
    if in_land:
        out.append("</div>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def table_html(t, flavour):
    tot = sum(t.widths)
    if flavour == "lo":
        attrs = {"grid": " border=\"1\" cellspacing=\"0\" cellpadding=\"2\"",
                 "none": " border=\"0\" cellspacing=\"0\" cellpadding=\"2\"",
                 "three_line": " border=\"1\" frame=\"hsides\" rules=\"groups\" cellspacing=\"0\" cellpadding=\"2\""}[t.ruling]
        out = ["<table width=\"100%%\"%s>" % attrs]
    else:
        out = ["<table class=\"%s\">" % t.ruling]
    out.append("<colgroup>%s</colgroup>" % "".join(
        "<col style=\"width:%.1f%%\" width=\"%d%%\">" % (100.0 * w / tot, round(100.0 * w / tot)) for w in t.widths))
    use_thead = t.header_rows and (t.repeat_header or t.ruling == "three_line")
    for i, row in enumerate(t.rows):
        if use_thead and i == 0:
            out.append("<thead>")
        if use_thead and i == t.header_rows:
            out.append("</thead><tbody>")
        cells = []
        for c in row:
            attrs = ""
            if c.rowspan > 1:
                attrs += " rowspan=\"%d\"" % c.rowspan
            if c.colspan > 1:
                attrs += " colspan=\"%d\"" % c.colspan
            cls = []
            if c.align == "left":
                cls.append("l")
            if c.vertical and flavour != "lo":
                cls.append("v")
            if cls:
                attrs += " class=\"%s\"" % " ".join(cls)
            if flavour == "lo" and c.align == "left":
                attrs += " align=\"left\""
            text = "<br>".join(html.escape(x) for x in c.text.split("\n"))
            cells.append("<td%s>%s</td>" % (attrs, text))
        trc = " class=\"hlast\"" if (not use_thead and t.header_rows and i == t.header_rows - 1) else ""
        out.append("<tr%s>%s</tr>" % (trc, "".join(cells)))
    if use_thead:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)
