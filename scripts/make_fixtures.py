#!/usr/bin/env python3
"""Regenerate the test fixtures under tests/fixtures/ from a built-in description of
synthetic 政府信息公开工作年度报告 (scripts/fixtures/reports.py).

The project's tests never run this script: its outputs are committed.  It needs

  Debian:  apt-get install libreoffice-writer chromium fonts-noto-cjk fonts-wqy-microhei \
               qpdf poppler-utils poppler-data img2pdf
  PyPI:    pip install reportlab pikepdf python-docx

and the national format's labels from ../shared/spec/template.json (relative to the
repository root; override with --template).

Run from the repository root:

  python3 scripts/make_fixtures.py            # everything
  python3 scripts/make_fixtures.py --check    # only re-verify the committed PDFs against the truth

What it writes (see tests/fixtures/README.md for the manifest):

  tests/fixtures/text/<id>.txt  + .truth.json     plain text, tab-separated tables
  tests/fixtures/html/<id>.html + .truth.json     HTML with <table> (rowspan/colspan)
  tests/fixtures/pdf/<producer>_<id>.pdf + .truth.json
       lo_docx_   python-docx .docx (merged cells) -> LibreOffice --convert-to pdf
       lo_html_   the HTML -> LibreOffice Writer -> pdf
       chrome_    the HTML -> Chromium headless --print-to-pdf
       chrome_type3_  gb2021_2022 in Noto Sans CJK SC -> Chromium: Type 3 fonts, radicals in ToUnicode
       rl_ttf_    reportlab, embedded TrueType subset (WenQuanYi Micro Hei)
       rl_stsong_ reportlab, non-embedded CID font STSong-Light (UniGB-UCS2-H)
       raw_gbk_   hand-written PDF: Type0 SimSun (not embedded), /Encoding /GBK-EUC-H, no ToUnicode
       raw_utf16_ hand-written PDF: Type0 SimSun (not embedded), /Encoding /UniGB-UTF16-H, no ToUnicode
     plus derived variants (pikepdf, qpdf, pdftoppm+img2pdf) and broken files.

Every PDF that has a truth file is checked after generation: `pdftotext -layout` must show
the printed table cells in order (see verify_pdf below).  Bytes of the producer PDFs are not
reproducible (LibreOffice and Chromium write timestamps); their content is.
"""
import argparse
import html as html_mod
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "fixtures"))

sys.dont_write_bytecode = True
import reports as R  # noqa: E402
import render_markup  # noqa: E402
import pdfdraw  # noqa: E402

OUT = os.path.join(ROOT, "tests", "fixtures")
PDF = os.path.join(OUT, "pdf")
TXT = os.path.join(OUT, "text")
HTML = os.path.join(OUT, "html")
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-pdf-header-footer", "--print-to-pdf-no-header"]


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise SystemExit("command failed: %s\n%s\n%s" % (" ".join(cmd), r.stdout.decode(errors="replace"),
                                                         r.stderr.decode(errors="replace")))
    return r.stdout


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_truth(dirpath, stem, ext, rep, tpl, extra_notes=""):
    t = R.truth_record(rep, tpl, stem, stem + "." + ext, extra_notes)
    write_json(os.path.join(dirpath, stem + ".truth.json"), t)


# ------------------------------------------------------------------ long report
def long_report():
    """gb2021_2023 with section 一 padded to ~95 pages: a real 100-page report whose
    tables sit on the last pages."""
    base = dict(R.REPORTS[2])
    rep = dict(base)
    rep["id"] = "long_100pages"
    rep["notes"] = base["notes"] + (" 100-page variant for speed benchmarks: section 一 carries many "
                                    "repeated paragraphs (工作纪实 1..N), the tables are on the last pages.")
    return rep


PAD = ("工作纪实第%d则：本机关持续深化政务公开标准化规范化建设，围绕优化营商环境、民生保障、"
       "市场监管等重点领域，梳理公开事项清单，完善公开流程，健全政策解读与回应关切机制，"
       "组织业务骨干开展专题学习和交流研讨，进一步提升政务公开工作质量和实效，"
       "确保各项工作任务落到实处、取得实效，切实保障人民群众的知情权、参与权、表达权和监督权。")


def padded_blocks(rep, tpl, pages_wanted=100):
    blocks = R.build_doc(rep, tpl)
    # insert padding paragraphs after the last paragraph of section 一
    idx = [i for i, (k, v) in enumerate(blocks) if k == "heading"][1]
    n = 1
    while True:
        pad = [("para", PAD % i) for i in range(1, n + 1)]
        b = blocks[:idx] + pad + blocks[idx:]
        pages = pdfdraw.layout(b)
        if len(pages) >= pages_wanted:
            # shrink to exactly pages_wanted
            while len(pages) > pages_wanted:
                n -= 1
                pad = [("para", PAD % i) for i in range(1, n + 1)]
                b = blocks[:idx] + pad + blocks[idx:]
                pages = pdfdraw.layout(b)
            return b, pages
        n += max(1, n // 2) if len(pages) < pages_wanted * 0.8 else 4


# ------------------------------------------------------------------ verification
TOKEN = re.compile(r"-?[0-9０-９][0-9０-９.,]*(?:万元)?|—+")
NUMBERING = re.compile(r"[0-9０-９][.、．](?=[\u4e00-\u9fff“\"])")
PAGE_NO = re.compile(r"-\s*\d+\s*-")


def expected_tokens(rep, tpl_all):
    tpl = tpl_all["versions"][rep["template"]]
    blocks = R.build_doc(rep, tpl_all)
    p = R.printed_tables(rep, tpl)
    toks = []
    for kind, val in blocks:
        if kind != "table":
            continue
        placed, nrows, ncols = val.grid()
        data_cells = set()
        for tk, rows in p.items():
            pass
        for r, c, cell in sorted(placed, key=lambda x: (x[0], x[1])):
            s = cell.text.strip()
            if TOKEN.fullmatch(s):
                toks.append(s)
    return toks


def found_tokens(text):
    start = text.find("第二十条")
    end = text.find("五、存在的主要问题")
    if start < 0 or end < 0:
        return None
    region = text[start:end]
    region = PAGE_NO.sub(" ", region)
    region = NUMBERING.sub(" ", region)
    region = re.sub(r"(?<=[0-9０-９])\s+(?=万元)", "", region)
    out = []
    for m in TOKEN.finditer(region):
        after = region[m.end():m.end() + 3].lstrip(" ")[:1]
        if after in ("年", "件", "月", "日", "号"):
            continue
        out.append(m.group(0))
    return out


def pdftotext(path, password=None):
    cmd = ["pdftotext", "-layout"]
    if password:
        cmd += ["-upw", password]
    return run(cmd + [path, "-"]).decode("utf-8")


def verify_pdf(path, rep, tpl_all, password=None):
    text = pdftotext(path, password)
    if os.path.basename(path).startswith("raw_gbk_"):
        # GBK-EUC-H maps the single bytes 0x21-0x7E to Adobe-GB1 CIDs 814-907, which
        # Adobe-GB1-UCS2 maps to the full-width forms U+FF01-FF5E: "2020" reads "２０２０".
        text = text.translate(R.FW_ALL)
    exp = expected_tokens(rep, tpl_all)
    if os.path.basename(path).startswith("raw_gbk_"):
        exp = [t.translate(R.FW_ALL) for t in exp]
    got = found_tokens(text)
    ok = got == exp
    title = R.title(rep)
    title_ok = title in re.sub(r"\s+", "", text)
    return ok and title_ok, exp, got, title_ok


# ------------------------------------------------------------------ producers
def lo_convert(inputs, outdir, profile, infilter=None, filt="pdf"):
    cmd = ["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--norestore"]
    if infilter:
        cmd += ["--infilter=" + infilter]
    cmd += ["--convert-to", filt, "--outdir", outdir] + inputs
    run(cmd, timeout=600)


def chrome_pdf(html_path, out_path, profile):
    cmd = ["chromium"] + CHROME_FLAGS + ["--user-data-dir=" + profile,
                                         "--print-to-pdf=" + out_path, "file://" + html_path]
    run(cmd, timeout=300)


def chrome_type3(tpl_all, tmp):
    """chrome_type3_gb2021_2022.pdf: the gb2021_2022 report printed by Chromium in Noto Sans CJK SC.
    Skia writes the CFF-based Noto CJK as Type 3 fonts (one per 256-glyph window, glyphs as paths)
    and builds their ToUnicode from the font's cmap taking the lowest code point of each glyph:
    glyphs shared with a Kangxi radical or a CJK Radicals Supplement form come out as radicals
    (工 → U+2F2F ⼯, 民 → U+2EA0 ⺠, 示 → U+2F70 ⽰).  To stay small, only the opening paragraph (中华人民共和国)
    and the paragraphs stating the narrative figures are kept (tables, headings, title, signature unchanged; the truth is the same)
    and qpdf packs the objects into object streams (fonts and content streams untouched)."""
    rep = next(r for r in R.REPORTS if r["id"] == "gb2021_2022")
    blocks = R.build_doc(rep, tpl_all)
    _, narr = R.prose(rep, R.truth_tables(rep, tpl_all["versions"][rep["template"]])[0])
    blocks = [b for b in blocks if b[0] != "para" or b[1].startswith("本报告根据《中华人民共和国")
              or any(n["text"] in b[1] for n in narr)]
    html_path = os.path.join(tmp, "chrome_type3.html")
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(render_markup.to_html(blocks, R.title(rep), font="Noto Sans CJK SC"))
    raw = os.path.join(tmp, "chrome_type3_raw.pdf")
    chrome_pdf(html_path, raw, os.path.join(tmp, "chrome_profile"))
    out = os.path.join(PDF, "chrome_type3_gb2021_2022.pdf")
    run(["qpdf", "--object-streams=generate", raw, out])
    fonts = run(["pdffonts", out]).decode()
    assert "Type 3" in fonts, fonts
    write_truth(PDF, "chrome_type3_gb2021_2022", "pdf", rep, tpl_all,
                "Chromium print-to-PDF in Noto Sans CJK SC: Type 3 fonts whose ToUnicode maps shared glyphs to "
                "Kangxi radicals / CJK Radicals Supplement (⼯ U+2F2F for 工, ⺠ U+2EA0 for 民); of the prose only the "
                "opening paragraph and the paragraphs with the narrative figures are printed.")


def rl_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(TTFont("WQYMicroHei", WQY, subfontIndex=0))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def main():
    global PDF, TXT, HTML
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", default=os.path.join(os.path.dirname(ROOT), "shared", "spec", "template.json"))
    ap.add_argument("--check", action="store_true", help="only verify the committed PDFs")
    ap.add_argument("--only", action="append", metavar="REGEX",
                    help="copy only the generated files whose 'pdf/NAME', 'text/NAME' or 'html/NAME' matches")
    args = ap.parse_args()
    tpl_all = R.load_template(args.template)
    for d in (PDF, TXT, HTML):
        os.makedirs(d, exist_ok=True)
    if args.check:
        return check_all(tpl_all)
    tmp = tempfile.mkdtemp(prefix="xxgk_fixtures_")
    final = {"pdf": PDF, "text": TXT, "html": HTML}
    try:
        # everything is made in a staging folder, then the files selected by --only are copied
        # (so that regenerating one producer does not rewrite the others' timestamped bytes)
        stage = os.path.join(tmp, "stage")
        PDF, TXT, HTML = (os.path.join(stage, k) for k in ("pdf", "text", "html"))
        for d in (PDF, TXT, HTML):
            os.makedirs(d)
        generate(tpl_all, tmp)
        n = 0
        for sub, dest in final.items():
            for fn in sorted(os.listdir(os.path.join(stage, sub))):
                if args.only and not any(re.search(p, sub + "/" + fn) for p in args.only):
                    continue
                shutil.copyfile(os.path.join(stage, sub, fn), os.path.join(dest, fn))
                n += 1
        print("copied %d file(s) into tests/fixtures" % n)
    finally:
        PDF, TXT, HTML = final["pdf"], final["text"], final["html"]
        shutil.rmtree(tmp, ignore_errors=True)
    return check_all(tpl_all)


def generate(tpl_all, tmp):
    from render_docx import to_docx
    rl_fonts()
    profile_lo = os.path.join(tmp, "lo_profile")
    reps = {rep["id"]: rep for rep in R.REPORTS}
    docx_dir = os.path.join(tmp, "docx")
    html_tmp = os.path.join(tmp, "html")
    os.makedirs(docx_dir)
    os.makedirs(html_tmp)
    for rep in R.REPORTS:
        rid = rep["id"]
        blocks = R.build_doc(rep, tpl_all)
        with open(os.path.join(TXT, rid + ".txt"), "w", encoding="utf-8") as f:
            f.write(render_markup.to_text(blocks))
        write_truth(TXT, rid, "txt", rep, tpl_all)
        h = render_markup.to_html(blocks, R.title(rep))
        with open(os.path.join(HTML, rid + ".html"), "w", encoding="utf-8") as f:
            f.write(h)
        # the producers get the same HTML with a TrueType CJK font (WenQuanYi Micro Hei):
        # with the CFF-based Noto CJK, Chromium writes Type 3 fonts (500+ KB per file)
        h = render_markup.to_html(blocks, R.title(rep), font="WenQuanYi Micro Hei")
        write_truth(HTML, rid, "html", rep, tpl_all)
        # producers' inputs, named like the outputs
        to_docx(blocks, os.path.join(docx_dir, "lo_docx_%s.docx" % rid))
        with open(os.path.join(html_tmp, "lo_html_%s.html" % rid), "w", encoding="utf-8") as f:
            # LibreOffice's HTML import ignores CSS borders on cells: use the border attribute
            f.write(h.replace("<table>", "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\">"))
        if rid == "gb2021_2022":
            # CSS-only borders: LibreOffice draws no ruling at all (a table made of text positions)
            with open(os.path.join(html_tmp, "lo_html_noborder_%s.html" % rid), "w", encoding="utf-8") as f:
                f.write(h)
            write_truth(PDF, "lo_html_noborder_%s" % rid, "pdf", rep, tpl_all,
                        "LibreOffice from HTML whose table borders are CSS only: no ruling lines in the PDF.")
        # reportlab and raw
        pages = pdfdraw.layout(blocks)
        pdfdraw.render_reportlab(pages, os.path.join(PDF, "rl_ttf_%s.pdf" % rid), "WQYMicroHei", R.title(rep))
        pdfdraw.render_reportlab(pages, os.path.join(PDF, "rl_stsong_%s.pdf" % rid), "STSong-Light", R.title(rep))
        pdfdraw.render_raw(pages, os.path.join(PDF, "raw_gbk_%s.pdf" % rid), "GBK-EUC-H", R.title(rep))
        pdfdraw.render_raw(pages, os.path.join(PDF, "raw_utf16_%s.pdf" % rid), "UniGB-UTF16-H", R.title(rep))
        # chromium
        chrome_pdf(os.path.join(html_tmp, "lo_html_%s.html" % rid), os.path.join(PDF, "chrome_%s.pdf" % rid),
                   os.path.join(tmp, "chrome_profile"))
        for prod, ext in (("lo_docx", "pdf"), ("lo_html", "pdf"), ("rl_ttf", "pdf"), ("rl_stsong", "pdf"),
                          ("raw_gbk", "pdf"), ("raw_utf16", "pdf"), ("chrome", "pdf")):
            write_truth(PDF, "%s_%s" % (prod, rid), ext, rep, tpl_all)

    chrome_type3(tpl_all, tmp)

    # not a report: a short notice, through Word/LibreOffice
    notice = [
        ("title", "关于举办2023年度政务公开业务培训班的通知"),
        ("para", "各乡镇人民政府，县政府各部门："),
        ("para", "为进一步提升政务公开工作人员业务能力，经研究，决定举办2023年度政务公开业务培训班。现将有关事项通知如下："),
        ("heading", "一、培训时间和地点"),
        ("para", "培训时间为2023年6月15日至16日，地点为示例县行政中心三楼会议室。"),
        ("heading", "二、参训人员"),
        ("para", "各单位分管政务公开工作的负责同志及具体工作人员各1名。"),
        ("heading", "三、有关要求"),
        ("para", "请各单位于6月10日前将参训人员名单报县政务公开办公室。联系电话：0000-1234567。"),
        ("sign", "示例县人民政府办公室"),
        ("sign", "2023年6月1日"),
    ]
    to_docx(notice, os.path.join(docx_dir, "not_a_report.docx"))
    lo_convert(sorted(os.path.join(docx_dir, f) for f in os.listdir(docx_dir)), PDF, profile_lo)
    lo_convert(sorted(os.path.join(html_tmp, f) for f in os.listdir(html_tmp)), PDF, profile_lo,
               infilter="HTML (StarWriter)", filt="pdf:writer_pdf_Export")

    # long document (non-embedded STSong: small)
    lrep = long_report()
    lblocks, lpages = padded_blocks(lrep, tpl_all)
    pdfdraw.render_reportlab(lpages, os.path.join(PDF, "long_100pages.pdf"), "STSong-Light", R.title(lrep))
    write_truth(PDF, "long_100pages", "pdf", lrep, tpl_all)

    # ---- variants with pikepdf
    import pikepdf
    src = os.path.join(PDF, "lo_docx_gb2021_2022.pdf")
    for suffix, action in (("notounicode", "delete"), ("tounicode_null", "null")):
        with pikepdf.open(src) as pdf:
            n = 0
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font \
                        and "/ToUnicode" in obj:
                    if action == "delete":
                        del obj["/ToUnicode"]
                    else:
                        # pikepdf cannot store a literal null: write a marker name and
                        # patch it to `null` (same length, so the xref offsets stay valid)
                        obj["/ToUnicode"] = pikepdf.Name("/ZZnullZZ")
                    n += 1
            assert n > 0
            out = os.path.join(PDF, "lo_docx_gb2021_2022_%s.pdf" % suffix)
            pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        if action == "null":
            with open(out, "rb") as f:
                data = f.read()
            assert b"/ZZnullZZ" in data
            data = data.replace(b"/ZZnullZZ", b"null     ")
            with open(out, "wb") as f:
                f.write(data)
            run(["qpdf", "--check", out])
    # Chromium writes CID TrueType Identity-H fonts, as WPS and Word do: without ToUnicode
    # only the embedded font's own cmap (if kept in the subset) can tell what the glyphs are
    src = os.path.join(PDF, "chrome_gb2021_2022.pdf")
    with pikepdf.open(src) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font \
                    and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
        pdf.remove_unreferenced_resources()
        pdf.save(os.path.join(PDF, "chrome_gb2021_2022_notounicode.pdf"), deterministic_id=True)
    src = os.path.join(PDF, "rl_ttf_gb2019_2020.pdf")
    with pikepdf.open(src) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font \
                    and "/ToUnicode" in obj:
                del obj["/ToUnicode"]
        pdf.save(os.path.join(PDF, "rl_ttf_gb2019_2020_notounicode.pdf"), deterministic_id=True)

    # ---- encryption with qpdf
    src = os.path.join(PDF, "lo_docx_gb2021_2023.pdf")
    run(["qpdf", "--encrypt", "", "owner-secret", "256", "--",
         src, os.path.join(PDF, "enc_owner_gb2021_2023.pdf")])
    write_truth(PDF, "enc_owner_gb2021_2023", "pdf", reps["gb2021_2023"], tpl_all,
                "Encrypted with qpdf (AES-256), owner password only: opens with the empty user password.")
    run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--",
         src, os.path.join(PDF, "enc_user_gb2021_2023.pdf")])

    # ---- scanned: page images only
    scan_dir = os.path.join(tmp, "scan")
    os.makedirs(scan_dir)
    run(["pdftoppm", "-r", "60", "-gray", "-jpeg", "-jpegopt", "quality=35",
         os.path.join(PDF, "lo_docx_gb2019_2020.pdf"), os.path.join(scan_dir, "p")])
    imgs = sorted(os.path.join(scan_dir, f) for f in os.listdir(scan_dir))
    run(["img2pdf", "--pagesize", "A4", "-o", os.path.join(PDF, "scanned_gb2019_2020.pdf")] + imgs)

    # ---- broken files
    open(os.path.join(PDF, "empty.pdf"), "wb").close()
    with open(os.path.join(PDF, "rl_stsong_gb2021_2022.pdf"), "rb") as f:
        data = f.read()
    with open(os.path.join(PDF, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(PDF, "not_pdf.pdf"), "w", encoding="utf-8") as f:
        f.write("这不是PDF文件。\nThis is a plain text file with a .pdf name.\n")


# ------------------------------------------------------------------ manifest
PRODUCERS = {
    "lo_docx": "python-docx .docx (merged cells) → LibreOffice Writer --convert-to pdf",
    "lo_html_noborder": "HTML with CSS-only borders → LibreOffice Writer (HTML (StarWriter) filter) → pdf: no ruling lines",
    "lo_html": "HTML (<table border=1>) → LibreOffice Writer (HTML (StarWriter) filter) → pdf",
    "chrome": "HTML → Chromium headless --print-to-pdf (Skia/PDF)",
    "rl_ttf": "reportlab, embedded TrueType subset, grid lines drawn as strokes",
    "rl_stsong": "reportlab, non-embedded CID font STSong-Light (UniGB-UCS2-H)",
    "raw_gbk": "hand-written PDF (Python): Type0 SimSun, not embedded, /Encoding /GBK-EUC-H, no ToUnicode",
    "raw_utf16": "hand-written PDF (Python): Type0 SimSun, not embedded, /Encoding /UniGB-UTF16-H, no ToUnicode",
}

REPORT_WHAT = {
    "gb2019_2020": "gb2019, year 2020; labels numbered 1、; 区别处理 variant; negative 本年增/减; 采购总金额 \"126.5万元\"",
    "gb2021_2022": "gb2021, year 2022; source error: （七）总计/自然人 printed 29 (sum 28) → 3 failing checks; 规章 row \"—\" (0); \"１２６\" full-width",
    "gb2021h_2024": "hybrid: gb2021 (year 2024) with a single （六）其他处理 row → other_handling; 23 data rows in 三",
    "gb2021_2023": "gb2021, year 2023; one blank cell (结转下年度/法律服务机构 → null, values.complete warning, 2 checks not_assessable); labels numbered 1．; wrapped label 5.要求行政机关确认或重新出具⏎已获取信息",
}

SPECIAL = {
    "lo_docx_gb2021_2022_notounicode.pdf": ("pikepdf from lo_docx_gb2021_2022.pdf: /ToUnicode deleted from every font",
        "no usable text (simple Type1/CFF fonts, builtin encoding, codes are subset indices)",
        "error: text not extractable (or a record only if glyph names of the embedded fonts are decoded)"),
    "lo_docx_gb2021_2022_tounicode_null.pdf": ("pikepdf from lo_docx_gb2021_2022.pdf: /ToUnicode null in every font",
        "same as above; `/ToUnicode null` must not crash the parser",
        "error: text not extractable (no crash)"),
    "chrome_gb2021_2022_notounicode.pdf": ("pikepdf from chrome_gb2021_2022.pdf: /ToUnicode deleted",
        "CID TrueType Identity-H without ToUnicode (as in some WPS/Word exports): glyph ids only",
        "error: text not extractable, unless the embedded TrueType cmap is used to map glyph ids back (then the gb2021_2022 truth applies)"),
    "rl_ttf_gb2019_2020_notounicode.pdf": ("pikepdf from rl_ttf_gb2019_2020.pdf: /ToUnicode deleted",
        "reportlab's simple TrueType subsets (256-glyph chunks, custom codes) without ToUnicode",
        "error: text not extractable"),
    "enc_owner_gb2021_2023.pdf": ("qpdf --encrypt '' owner 256 from lo_docx_gb2021_2023.pdf",
        "AES-256, owner password only: opens with the empty user password",
        "record, as the gb2021_2023 truth"),
    "enc_user_gb2021_2023.pdf": ("qpdf --encrypt user-secret owner-secret 256 from lo_docx_gb2021_2023.pdf",
        "AES-256 with a user password",
        "error: encrypted, password required (no truth)"),
    "scanned_gb2019_2020.pdf": ("pdftoppm -r 60 -gray -jpeg of lo_docx_gb2019_2020.pdf → img2pdf",
        "page images only, no text layer",
        "error: no text layer (scanned; OCR not supported)"),
    "not_a_report.pdf": ("python-docx → LibreOffice", "readable Chinese notice 关于举办…培训班的通知, not an annual report",
        "error: not a 政府信息公开工作年度报告 (no title/sections/tables)"),
    "empty.pdf": ("—", "0 bytes", "error: empty file"),
    "truncated.pdf": ("first half of rl_stsong_gb2021_2022.pdf", "no xref, no trailer, cut content stream",
        "error: damaged PDF (or a partial record, if the reader recovers page 1; never a panic)"),
    "not_pdf.pdf": ("text file", "a UTF-8 text file named .pdf", "error: not a PDF"),
    "chrome_type3_gb2021_2022.pdf": ("HTML in Noto Sans CJK SC (CFF) → Chromium headless --print-to-pdf (Skia/PDF, tagged) → qpdf --object-streams=generate",
        "Type 3 fonts (glyphs as paths, one font per 256-glyph window); their ToUnicode maps glyphs shared with radicals to "
        "Kangxi radicals / CJK Radicals Supplement (⼯ U+2F2F for 工, ⺠ U+2EA0 for 民, ⽰ U+2F70 for 示), which must come back as "
        "ideographs while （ ） stay full-width (pdftotext 22.12 already shows the ideographs); " + REPORT_WHAT["gb2021_2022"] +
        "; prose shortened to the opening and the narrative-figure paragraphs",
        "record, equal to the truth"),
    "long_100pages.pdf": ("reportlab, STSong-Light (not embedded)",
        "100 pages: gb2021_2023 with section 一 padded by repeated paragraphs; tables on the last pages; speed benchmark",
        "record, as its truth (= gb2021_2023)"),
}


def pdffonts_summary(path):
    r = subprocess.run(["pdffonts", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return "—"
    kinds = {}
    for line in r.stdout.decode("utf-8", "replace").splitlines()[2:]:
        m = re.match(r"^(.*?)\s+(Type 3|Type 1C?|CID TrueType|CID Type 0C?|TrueType|Type 0)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)",
                     line)
        if not m:
            continue
        name = re.sub(r"^[A-Z]{6}\+", "", m.group(1).strip())
        key = "%s %s, %s%s, ToUnicode %s" % (m.group(2), m.group(3), "embedded" if m.group(4) == "yes" else "not embedded",
                                            " subset" if m.group(5) == "yes" else "", m.group(6))
        kinds.setdefault(key, set()).add(name)
    return "; ".join("%s (%s)" % (k, ", ".join(sorted(v))) for k, v in sorted(kinds.items())) or "none"


def write_manifest(check_lines):
    rows = []
    for fn in sorted(os.listdir(PDF)):
        if not fn.endswith(".pdf"):
            continue
        path = os.path.join(PDF, fn)
        stem = fn[:-4]
        truth = stem + ".truth.json" if os.path.exists(os.path.join(PDF, stem + ".truth.json")) else "—"
        size = "%d KB" % ((os.path.getsize(path) + 1023) // 1024)
        fonts = pdffonts_summary(path) if fn not in ("empty.pdf", "not_pdf.pdf", "truncated.pdf") else "—"
        if fn in SPECIAL:
            prod, what, exp = SPECIAL[fn]
        else:
            prefix = next(p for p in PRODUCERS if stem.startswith(p + "_"))
            rid = stem[len(prefix) + 1:]
            prod, what, exp = PRODUCERS[prefix], REPORT_WHAT[rid], "record, equal to the truth"
        if fn == "enc_user_gb2021_2023.pdf":
            fonts = "(encrypted; same as lo_docx_gb2021_2023.pdf)"
        rows.append("| pdf/%s | %s | %s | %s | %s | %s | %s |" % (fn, size, prod, fonts, what, exp, truth))
    for sub, ext, what in (("text", "txt", "plain text, tab-separated tables (spreadsheet-style: a spanned cell's text in its first position, covered positions empty), like seed_guyuan_2020.txt"),
                           ("html", "html", "HTML page with <table> using rowspan/colspan, as the Chromium/LibreOffice inputs")):
        for fn in sorted(os.listdir(os.path.join(OUT, sub))):
            if fn.endswith("." + ext):
                stem = fn[: -len(ext) - 1]
                rows.append("| %s/%s | %d KB | make_fixtures.py | — | %s; %s | record, equal to the truth | %s.truth.json |"
                            % (sub, fn, (os.path.getsize(os.path.join(OUT, sub, fn)) + 1023) // 1024, what,
                               REPORT_WHAT[stem], stem))
    with open(os.path.join(HERE, "fixtures", "README.template.md"), encoding="utf-8") as f:
        tmpl = f.read()
    text = tmpl.replace("{{MANIFEST}}", "\n".join(rows)).replace("{{CHECK}}", "\n".join(check_lines))
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write(text)


def check_all(tpl_all):
    reps = {rep["id"]: rep for rep in R.REPORTS}
    reps["long_100pages"] = long_report()
    bad = 0
    lines = []
    for fn in sorted(os.listdir(PDF)):
        if not fn.endswith(".truth.json"):
            continue
        stem = fn[: -len(".truth.json")]
        pdf = os.path.join(PDF, stem + ".pdf")
        rid = next((k for k in reps if stem.endswith(k)), None)
        rep = reps[rid]
        ok, exp, got, title_ok = verify_pdf(pdf, rep, tpl_all)
        lines.append("%-40s %s (%d cells, title %s)" % (stem + ".pdf", "OK" if ok else "MISMATCH",
                                                        len(exp), "found" if title_ok else "MISSING"))
        if not ok:
            bad += 1
            if got is None:
                lines.append("   tables region not found in pdftotext output")
            else:
                for i, (a, b) in enumerate(zip(exp, got)):
                    if a != b:
                        lines.append("   first difference at cell %d: expected %r got %r" % (i, a, b))
                        break
                lines.append("   expected %d tokens, got %d" % (len(exp), len(got)))
    for sub, ext in (("text", "txt"), ("html", "html")):
        for fn in sorted(os.listdir(os.path.join(OUT, sub))):
            if not fn.endswith("." + ext):
                continue
            stem = fn[: -len(ext) - 1]
            with open(os.path.join(OUT, sub, fn), encoding="utf-8") as f:
                text = f.read()
            if ext == "html":
                text = html_mod.unescape(re.sub(r"<[^>]+>", " ", text))
            exp = expected_tokens(reps[stem], tpl_all)
            got = found_tokens(text)
            ok = got == exp and R.title(reps[stem]) in text
            if not ok:
                bad += 1
            lines.append("%-40s %s (%d cells)" % (sub + "/" + fn, "OK" if ok else "MISMATCH", len(exp)))
    lines.append("%d file(s) with truth checked, %d mismatch(es)" % (sum(1 for l in lines if not l.startswith(" ")), bad))
    print("\n".join(lines))
    write_manifest(lines)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
