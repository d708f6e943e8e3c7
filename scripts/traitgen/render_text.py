"""Plain text with tab-separated tables (spreadsheet style, like a copy from a web page or a
spreadsheet: a spanned cell's text in its first position, covered positions empty) and
hand-style markdown with pipe tables (like a web page saved as markdown)."""


def grid_strings(table):
    placed, nrows, ncols = table.grid()
    g = [[""] * ncols for _ in range(nrows)]
    is_data = [False] * nrows
    for r, c, cell in placed:
        g[r][c] = cell.text.replace("\n", "")
        if cell.path:
            is_data[r] = True
    return g, is_data


def to_tsv(blocks, short_rows=False):
    """short_rows: trailing empty fields are dropped (a row with blank last cells is shorter)."""
    out = []
    shortened = False
    for kind, val in blocks:
        if kind == "title":
            out += ["", val.text if val.narrow else "\n".join(val.lines), ""]
        elif kind in ("heading", "subheading", "para", "sign", "caption", "dateline"):
            out += [val, ""]
        elif kind == "table":
            g, is_data = grid_strings(val)
            for row, d in zip(g, is_data):
                line = "\t".join(row)
                if short_rows:
                    s = line.rstrip("\t")
                    if d and s != line:
                        shortened = True
                    line = s
                out.append(line)
            out.append("")
    return "\n".join(out) + "\n", shortened


def _md_cell(s):
    return s.replace("|", "\\|")


def to_markdown(blocks, short_rows=False, heading_marks=True):
    out = []
    shortened = False
    for kind, val in blocks:
        if kind == "title":
            if val.narrow:
                out += ["# " + val.text, ""]
            else:
                out += ["# " + ln for ln in val.lines] + [""]
        elif kind == "heading":
            out += [("## " if heading_marks else "") + val, ""]
        elif kind == "subheading":
            out += [("### " if heading_marks else "") + val, ""]
        elif kind == "caption":
            out += ["**%s**" % val, ""]
        elif kind in ("para", "sign", "dateline"):
            out += [val, ""]
        elif kind == "table":
            g, is_data = grid_strings(val)
            ncols = len(g[0])
            for i, (row, d) in enumerate(zip(g, is_data)):
                cells = [_md_cell(x) for x in row]
                if short_rows and d:
                    n = len(cells)
                    while cells and cells[-1] == "":
                        cells.pop()
                    if len(cells) < n:
                        shortened = True
                out.append("| " + " | ".join(cells) + " |")
                if i == 0:
                    out.append("|" + "---|" * ncols)
            out.append("")
    return "\n".join(out) + "\n", shortened
