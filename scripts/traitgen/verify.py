"""Read generated files back and check that they show what the truth says.

* tokens: the region from the first 第二十条 to the heading 五 is reduced to its value
  tokens (numbers, '—' '-' '--' '/' '无' standing alone), after dropping page numbers (on a
  line of their own) and label numbering (1. 1、 1． （1）); that sequence must equal the
  figures of the paragraphs in that region and the printed cells of all tables, in document
  order (cells row-major, blank cells excluded).  Units (万元, 元) are compared apart from the numbers, since a narrow cell may
  wrap them onto the next line.
* title: the title (whitespace removed) appears in the text with whitespace removed.
* layout traits of PDFs (pdfplumber / pdftotext per page): landscape pages, ruling lines
  (grid: vertical and horizontal strokes; three_line: horizontal only; none: no strokes),
  table 三 split over two pages, its header repeated, the title on several lines, the
  group label 三、本年度办理结果 not on one line (vertical).
"""
import re
import subprocess

PAGE_NO = re.compile(r"^[ \t]*(?:-[ \t]*\d+[ \t]*-|第[ \t]*\d+[ \t]*页(?:[ \t]*共[ \t]*\d+[ \t]*页)?)[ \t]*$", re.M)
NUMBERING = re.compile(r"(?<![0-9０-９.,])[0-9０-９][.、．](?=[\u4e00-\u9fff“\"])|[（(]\s*[0-9０-９]\s*[）)](?=\s*[\u4e00-\u9fff“\"])")
NUM = re.compile(r"-?[0-9０-９][0-9０-９.,，]*")
UNIT_AFTER = set("年件月日号条次个项人家%％")
MARKERS = {"—", "-", "--", "/", "无", "－", "／", "——"}
FW = {0xFF10 + i: 0x30 + i for i in range(10)}


def region(text):
    start = text.find("第二十条")
    m = None
    for m in re.finditer(r"五、[^\n]{0,20}存在的主要问题", text):
        if m.start() > start:
            break
    if start < 0 or not m or m.start() < start:
        return None
    return text[start:m.start()]


def tokens(text, skip_prose=False):
    reg = region(text)
    if reg is None:
        return None
    return region_tokens(reg, skip_prose)


def region_tokens(reg, skip_prose=False):
    reg = PAGE_NO.sub(" ", reg)
    reg = re.sub(r"^\s*\|?\s*(:?-{3,}:?\s*\|\s*)+$", " ", reg, flags=re.M)   # md separator rows
    reg = reg.replace("|", " ").replace("**", " ")
    reg = NUMBERING.sub(" ", reg)
    out = []
    for m in re.finditer(r"\S+", reg):
        item = m.group(0)
        if item in MARKERS:
            out.append(item)
            continue
        for n in NUM.finditer(item):
            tok = n.group(0).rstrip(".,，")
            if tok in ("-", ""):
                continue
            if n.start() > 0 and item[n.start() - 1].isascii() and item[n.start() - 1].isalpha():
                continue        # Col2, h3: not a value
            # the next character on the same line decides whether a number is a prose figure (12 件)
            rest = item[n.end():] or reg[m.end():m.end() + 4].lstrip(" \t\u3000")
            if skip_prose and rest[:1] in UNIT_AFTER:
                continue
            out.append(tok.translate(FW))
    return out


def strip_unit(tok):
    return re.sub(r"(万元|元)$", "", tok)


def expected(rep):
    """Tokens of the region in document order: the figures of the paragraphs and captions
    between the first 第二十条 and the heading 五, and the printed cells of the tables."""
    out = []
    started = False
    for kind, val in rep.blocks():
        if not started:
            if (kind == "table" and val.role == "art20") or (kind == "caption" and val.startswith("第二十条")):
                started = True
            else:
                continue
        if kind == "heading" and "存在的主要问题" in val:
            break
        if kind == "table":
            placed, _, _ = val.grid()
            for r, c, cell in sorted(placed, key=lambda x: (x[0], x[1])):
                if cell.path and cell.text.strip():
                    out.append(strip_unit(cell.text.strip()))
        elif kind in ("para", "caption", "heading", "subheading"):
            out += [strip_unit(t) for t in region_tokens(val)]
    return out


def check_tokens(text, rep):
    got = tokens(text)
    exp = expected(rep)
    if got is None:
        return False, "tables region not found"
    if got == exp:
        return True, "%d cells" % len(exp)
    for i, (a, b) in enumerate(zip(exp, got)):
        if a != b:
            return False, "cell %d: expected %r got %r (expected %d tokens, got %d)" % (i, a, b, len(exp), len(got))
    return False, "expected %d tokens, got %d" % (len(exp), len(got))


def squash(s):
    return re.sub(r"\s+", "", s)


def squash_md(s):
    return re.sub(r"[\s#*]+", "", s)


def check_title(text, rep):
    return rep.title().text in squash_md(text)


DASH_CLASS = {"—": "-", "--": "-", "－": "-", "——": "-"}


def check_tokens_converted(text, rep):
    """For markdown made by a converter from a PDF: a spanned cell may be repeated in every
    position it covers (pymupdf4llm does so), and a dash may come out as another dash.  The
    printed cells must appear in order; a token may only repeat the cell just matched."""
    got = tokens(text)
    exp = expected(rep)
    if got is None:
        return False, "tables region not found"
    norm = lambda t: DASH_CLASS.get(t, t)
    i, last, repeats = 0, None, 0
    for k, g in enumerate(got):
        g = norm(g)
        if i < len(exp) and g == norm(exp[i]):
            last = g
            i += 1
        elif g == last:
            repeats += 1
        else:
            return False, "token %d %r: expected %r (cell %d of %d)" % (k, g, exp[i] if i < len(exp) else None, i, len(exp))
    if i < len(exp):
        return False, "only %d of %d cells found" % (i, len(exp))
    return True, "%d cells (%d repeated spanned cells)" % (len(exp), repeats)


def pdftotext_pages(path):
    out = subprocess.run(["pdftotext", "-layout", path, "-"], stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    return out.split("\f")


def pdf_traits(path, rep):
    """Which layout traits the PDF really shows: {trait: bool}."""
    import pdfplumber
    res = {}
    pages = pdftotext_pages(path)
    full = "\f".join(pages)
    o = rep.opts
    with pdfplumber.open(path) as pdf:
        land = [p.width > p.height for p in pdf.pages]
        vert = horiz = 0
        for p in pdf.pages:
            for e in p.edges:
                if e["orientation"] == "v" and e["height"] > 4:
                    vert += 1
                elif e["orientation"] == "h" and e["width"] > 4:
                    horiz += 1
    res["landscape_table3"] = any(land)
    if o["ruling"] == "grid":
        res["ruling_grid"] = vert > 20 and horiz > 20
    elif o["ruling"] == "none":
        res["ruling_none"] = vert == 0 and horiz == 0
    else:
        res["ruling_three_line"] = vert == 0 and horiz >= 2
    first = next((i for i, t in enumerate(pages) if "一、本年新收" in squash(t)), None)
    last = next((i for i, t in enumerate(pages) if "四、结转下年度" in squash(t)), None)
    split = first is not None and last is not None and last > first
    res["table3_split"] = split
    res["table3_split_repeat_header"] = split and "法人或其他组织" in squash(pages[last])
    title = rep.title().text
    lines = [squash(l) for l in full.splitlines()]
    res["title_on_several_lines"] = title in squash(full) and not any(title in l for l in lines)
    res["group_label_vertical"] = not any("三、本年度办理结果" in l for l in lines)
    return res


def realised_traits(rep, found):
    """Map the checks of pdf_traits onto the report's traits: (kept, missing)."""
    missing = []
    o = rep.opts
    for tr in rep.traits:
        if tr == "landscape_table3" and not found["landscape_table3"]:
            missing.append(tr)
        elif tr.startswith("ruling_") and not found.get(tr, True):
            missing.append(tr)
        elif tr == "table3_split" and not found["table3_split"]:
            missing.append(tr)
        elif tr == "table3_split_repeat_header" and not found["table3_split_repeat_header"]:
            missing.append(tr)
        elif tr.startswith("title_wrapped_") and not found["title_on_several_lines"]:
            missing.append(tr)
        elif tr in ("group_labels_stacked", "group_labels_rotated") and not found["group_label_vertical"]:
            missing.append(tr)
    extra = []
    if o["split"] == "pagebreak_before" and found["table3_split"]:
        extra.append("table3_split_repeat_header" if found["table3_split_repeat_header"] else "table3_split")
    if o["split"] == "natural" and found["table3_split_repeat_header"]:
        extra.append("table3_split_repeat_header")
    if o["title_wrap"] == "none" and found["title_on_several_lines"]:
        extra.append("title_wrapped_by_producer")
    if o["vertical_groups"] == "horizontal" and found["group_label_vertical"]:
        extra.append("group_label_wrapped")
    return missing, extra
