"""Page layout for the reportlab producers (embedded TrueType, non-embedded STSong-Light).

A fixed metric (CJK 1 em, ASCII 0.5 em) places text; tables are drawn with individual
strokes in one of three rulings (grid, none, three_line), may break across pages between
rows (with or without the header rows repeated), may sit on a landscape page, and cells
flagged vertical (or too narrow for two characters) are written one character per line.
"""
A4 = (595.0, 842.0)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 64.0, 70.0, 64.0


def char_w(ch):
    return 0.5 if ord(ch) < 128 else 1.0


def text_w(s, size):
    return sum(char_w(c) for c in s) * size


def wrap(text, width, size):
    lines = []
    for part in text.split("\n"):
        cur, w = "", 0.0
        for ch in part:
            cw = char_w(ch) * size
            if cur and w + cw > width + 0.01:
                lines.append(cur)
                cur, w = "", 0.0
            cur += ch
            w += cw
        lines.append(cur)
    return lines


class Page:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.ops = []

    def text(self, x, y, size, s):
        if s:
            self.ops.append(("text", x, y, size, s))

    def line(self, x1, y1, x2, y2, width=0.6):
        self.ops.append(("line", x1, y1, x2, y2, width))


class Layout:
    def __init__(self, page_numbers="dash", body_size=12):
        self.pages = []
        self.body = body_size
        self.page_numbers = page_numbers
        self.landscape = False
        self.new_page()

    @property
    def width(self):
        return self.page.w - 2 * MARGIN_X

    def new_page(self, landscape=None):
        if landscape is not None:
            self.landscape = landscape
        w, h = (A4[1], A4[0]) if self.landscape else A4
        self.page = Page(w, h)
        self.pages.append(self.page)
        self.y = h - MARGIN_TOP

    def at_top(self):
        return self.y >= self.page.h - MARGIN_TOP - 0.5

    def need(self, h):
        if self.y - h < MARGIN_BOTTOM:
            self.new_page()

    def lines(self, lines, size, align="left", indent=0.0, lead=1.6):
        lh = size * lead
        for i, ln in enumerate(lines):
            self.need(lh)
            self.y -= lh
            ind = indent if i == 0 else 0.0
            if align == "center":
                x = MARGIN_X + (self.width - text_w(ln, size)) / 2
            elif align == "right":
                x = MARGIN_X + self.width - text_w(ln, size)
            else:
                x = MARGIN_X + ind
            self.page.text(x, self.y + size * 0.25, size, ln)

    def para(self, text, size=None, indent=True):
        size = size or self.body
        ind = 2 * size if indent else 0.0
        first = wrap(text, self.width - ind, size)[0] if text else ""
        rest = text[len(first):]
        ls = [first] + (wrap(rest, self.width, size) if rest else [])
        self.lines(ls, size, indent=ind)

    def run(self, blocks):
        for i, (kind, val) in enumerate(blocks):
            if kind == "pagebreak":
                nxt = [b for b in blocks[i + 1:] if b[0] == "table"]
                land = bool(nxt and nxt[0][1].landscape and not self.landscape)
                self.new_page(landscape=land)
            elif kind == "dateline":
                self.lines(wrap(val, self.width, 10), 10, align="center")
            elif kind == "title":
                self.y -= 10
                if val.narrow:
                    ls = wrap(val.text, 13 * 17, 17)
                else:
                    ls = []
                    for ln in val.lines:
                        ls += wrap(ln, self.width, 17)
                self.lines(ls, 17, align="center", lead=1.5)
                self.y -= 12
            elif kind == "heading":
                self.y -= 4
                self.lines(wrap(val, self.width, 13), 13)
            elif kind == "subheading":
                self.lines(wrap(val, self.width - 24, 12), 12, indent=24)
            elif kind == "caption":
                self.y -= 2
                self.lines(wrap(val, self.width, 11), 11, align="center")
            elif kind == "para":
                self.para(val)
            elif kind == "sign":
                self.lines([val], self.body, align="right")
            elif kind == "table":
                self.table(val)
        return self.finish()

    # ------------------------------------------------------------ tables
    def table(self, t):
        size = t.font_size
        pad = 2.5
        placed, nrows, ncols = t.grid()
        tot = sum(t.widths)
        cw = [self.width * w / tot for w in t.widths]
        cx = [MARGIN_X]
        for w in cw:
            cx.append(cx[-1] + w)
        lh = size * 1.3
        heights = [lh + 2 * pad] * nrows
        wrapped = {}
        for r, c, cell in placed:
            w = sum(cw[c:c + cell.colspan]) - 2 * pad
            if cell.vertical or w < 2 * size:
                ls = [ch for ch in cell.text.replace("\n", "")]   # one character per line
            else:
                ls = wrap(cell.text, w, size)
            wrapped[(r, c)] = ls
            need = len(ls) * lh + 2 * pad
            if cell.rowspan == 1:
                heights[r] = max(heights[r], need)
        for r, c, cell in placed:
            if cell.rowspan > 1:
                need = len(wrapped[(r, c)]) * lh + 2 * pad
                have = sum(heights[r:r + cell.rowspan])
                if need > have:
                    heights[r + cell.rowspan - 1] += need - have
        hdr = t.header_rows
        keep = [False] * nrows
        for r, c, cell in placed:
            if 1 < cell.rowspan <= 3:
                for k in range(r, r + cell.rowspan - 1):
                    keep[k] = True
        for k in range(max(0, hdr)):
            keep[k] = True          # header rows stay with the first data row
        segments = []               # [page, first_row, last_row, top_y, repeated_header]
        r = 0
        self.y -= 4
        hdr_h = sum(heights[:hdr])
        while r < nrows:
            run_end = r
            while keep[run_end] and run_end + 1 < nrows:
                run_end += 1
            h = sum(heights[r:run_end + 1])
            if self.y - h < MARGIN_BOTTOM and not self.at_top():
                self.new_page()
                if t.repeat_header and hdr and r >= hdr:
                    segments.append([self.page, r, r - 1, self.y, True])
                    self.y -= hdr_h
            if not segments or segments[-1][0] is not self.page:
                segments.append([self.page, r, r - 1, self.y, False])
            for k in range(r, run_end + 1):
                self.y -= heights[k]
            segments[-1][2] = run_end
            r = run_end + 1
        for page, r0, r1, top, rep in segments:
            y = top
            rows_here = []
            if rep:
                rows_here += [(k, True) for k in range(hdr)]
            rows_here += [(k, False) for k in range(r0, r1 + 1)]
            ytop = {}
            for k, is_rep in rows_here:
                ytop[(k, is_rep)] = y
                y -= heights[k]
            bottom = y
            self._draw_segment(page, t, placed, wrapped, heights, cx, ytop, rows_here, lh, size, pad)
            if t.ruling == "three_line":
                page.line(cx[0], top, cx[-1], top, 1.2)
                page.line(cx[0], bottom, cx[-1], bottom, 1.2)
                if hdr and any(k == hdr - 1 for k, _ in rows_here):
                    key = (hdr - 1, True) if rep else (hdr - 1, False)
                    yb = ytop[key] - heights[hdr - 1]
                    page.line(cx[0], yb, cx[-1], yb, 0.5)
        self.y -= 6

    def _draw_segment(self, page, t, placed, wrapped, heights, cx, ytop, rows_here, lh, size, pad):
        keys = [k for k, _ in rows_here]
        rep_flag = {k: f for k, f in rows_here}
        for r, c, cell in placed:
            ra, rb = r, r + cell.rowspan - 1
            part = [k for k in keys if ra <= k <= rb]
            if not part:
                continue
            lo, hi = part[0], part[-1]
            x0, x1 = cx[c], cx[c + cell.colspan]
            y0 = ytop[(lo, rep_flag[lo])]
            y1 = ytop[(hi, rep_flag[hi])] - heights[hi]
            if t.ruling == "grid":
                page.line(x0, y0, x1, y0)
                page.line(x0, y1, x1, y1)
                page.line(x0, y0, x0, y1)
                page.line(x1, y0, x1, y1)
            ls = wrapped[(r, c)]
            block_h = len(ls) * lh
            # a cell split over pages: its text goes where the largest part of it is
            if cell.rowspan > 1 and (ra not in keys or rb not in keys):
                mine = sum(heights[k] for k in part)
                total_parts = sum(heights[k] for k in range(ra, rb + 1))
                if mine < total_parts / 2.0 or (mine == total_parts / 2.0 and ra not in keys):
                    continue
            ty = y0 - ((y0 - y1) - block_h) / 2
            for ln in ls:
                ty -= lh
                if cell.align == "left":
                    tx = x0 + pad
                else:
                    tx = x0 + ((x1 - x0) - text_w(ln, size)) / 2
                page.text(tx, ty + size * 0.3, size, ln)

    def finish(self):
        n = len(self.pages)
        for i, p in enumerate(self.pages):
            if self.page_numbers == "dash":
                s = "- %d -" % (i + 1)
            elif self.page_numbers == "di_ye":
                s = "第 %d 页 共 %d 页" % (i + 1, n)
            else:
                continue
            p.text((p.w - text_w(s, 10)) / 2, 36, 10, s)
        return self.pages


def render_reportlab(pages, path, font_name, title):
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("traitgen")
    for p in pages:
        c.setPageSize((p.w, p.h))
        for op in p.ops:
            if op[0] == "text":
                _, x, y, size, s = op
                c.setFont(font_name, size)
                c.drawString(x, y, s)
        for op in p.ops:
            if op[0] == "line":
                _, x1, y1, x2, y2, w = op
                c.setLineWidth(w)
                c.line(x1, y1, x2, y2)
        c.showPage()
    c.save()
