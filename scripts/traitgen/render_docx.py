"""Word documents (python-docx) with real merged cells (w:gridSpan, w:vMerge), table borders
(grid / none / three-line), vertical text (w:textDirection), repeated header rows
(w:tblHeader) and landscape sections."""
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Cm

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
PW, PH = 21.0, 29.7


def _font(run, name, size, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(a), name)


def _para(doc, text, size=12, name=SERIF, bold=False, align=None, indent=False, lr_indent=None):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if lr_indent:
        pf.left_indent = pf.right_indent = Cm(lr_indent)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        r = p.add_run(line)
        _font(r, name, size, bold)
        if i < len(lines) - 1:
            r.add_break()
    return p


def _borders(table, ruling):
    tblPr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement("w:" + edge)
        on = ruling == "grid" or (ruling == "three_line" and edge in ("top", "bottom"))
        e.set(qn("w:val"), "single" if on else "nil")
        if on:
            e.set(qn("w:sz"), "12" if ruling == "three_line" else "4")
            e.set(qn("w:space"), "0")
            e.set(qn("w:color"), "000000")
        b.append(e)
    tblPr.append(b)


def _cell_bottom(tc):
    tcPr = tc._tc.get_or_add_tcPr()
    b = OxmlElement("w:tcBorders")
    e = OxmlElement("w:bottom")
    e.set(qn("w:val"), "single")
    e.set(qn("w:sz"), "6")
    e.set(qn("w:space"), "0")
    e.set(qn("w:color"), "000000")
    b.append(e)
    tcPr.append(b)


def _text_direction(tc, val="tbRl"):
    tcPr = tc._tc.get_or_add_tcPr()
    e = OxmlElement("w:textDirection")
    e.set(qn("w:val"), val)
    tcPr.append(e)


def _repeat_header(row):
    trPr = row._tr.get_or_add_trPr()
    e = OxmlElement("w:tblHeader")
    e.set(qn("w:val"), "true")
    trPr.append(e)


def _footer_page_numbers(section, style):
    if style == "none":
        return
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pre, post = ("- ", " -") if style == "dash" else ("第 ", " 页")
    r = p.add_run(pre)
    _font(r, SERIF, 10)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        r = p.add_run()
        _font(r, SERIF, 10)
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._element.append(fc)
        else:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._element.append(it)
    r = p.add_run(post)
    _font(r, SERIF, 10)


def _orient(section, landscape):
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(PH), Cm(PW)
        section.left_margin = section.right_margin = Cm(1.8)
        section.top_margin = section.bottom_margin = Cm(1.8)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(PW), Cm(PH)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2.4)


def to_docx(blocks, path, page_numbers="dash"):
    doc = Document()
    sec = doc.sections[0]
    _orient(sec, False)
    _footer_page_numbers(sec, page_numbers)
    st = doc.styles["Normal"]
    st.font.name = SERIF
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), SERIF)
    landscape = False
    for i, (kind, val) in enumerate(blocks):
        if kind == "pagebreak":
            nxt = [b for b in blocks[i + 1:] if b[0] == "table"]
            want_land = bool(nxt and nxt[0][1].landscape and not landscape)
            if want_land or landscape:
                s = doc.add_section(WD_SECTION.NEW_PAGE)
                _orient(s, want_land)
                landscape = want_land
            else:
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "dateline":
            _para(doc, val, 10, SERIF, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif kind == "title":
            if val.narrow:
                _para(doc, val.text, 18, SANS, True, WD_ALIGN_PARAGRAPH.CENTER, lr_indent=4.2)
            else:
                _para(doc, "\n".join(val.lines), 18, SANS, True, WD_ALIGN_PARAGRAPH.CENTER)
            _para(doc, "", 12)
        elif kind == "heading":
            _para(doc, val, 13, SANS, True)
        elif kind == "subheading":
            _para(doc, val, 12, SANS, False, indent=True)
        elif kind == "caption":
            _para(doc, val, 12, SANS, True, WD_ALIGN_PARAGRAPH.CENTER)
        elif kind == "para":
            _para(doc, val, 12, SERIF, indent=True)
        elif kind == "sign":
            _para(doc, val, 12, SERIF, align=WD_ALIGN_PARAGRAPH.RIGHT)
        elif kind == "table":
            _table(doc, val, landscape)
    doc.core_properties.author = "traitgen"
    doc.save(path)


def _table(doc, val, landscape):
    placed, nrows, ncols = val.grid()
    t = doc.add_table(rows=nrows, cols=ncols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _borders(t, val.ruling)
    usable = (PH - 3.6) if landscape else (PW - 4.4)
    tot = sum(val.widths)
    widths = [Cm(usable * w / tot) for w in val.widths]
    for i, col in enumerate(t.columns):
        col.width = widths[i]
    for row in t.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    if val.repeat_header:
        for r in range(val.header_rows):
            _repeat_header(t.rows[r])
    for r, c, cell in placed:
        tc = t.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            tc = tc.merge(t.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        tc.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if cell.vertical:
            _text_direction(tc)
        if val.ruling == "three_line" and val.header_rows and r + cell.rowspan == val.header_rows:
            _cell_bottom(tc)
        p = tc.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        lines = cell.text.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            _font(run, SERIF, val.font_size)
            if i < len(lines) - 1:
                run.add_break()
    _para(doc, "", 6)
