#!/usr/bin/env python3
"""Writes the hand-made inputs of tests/regression/ (the fuzzer's minimized
crashes are copied there as they are). Each file pins one fixed defect; see
tests/regression.rs for what each one did before the fix."""
import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "regression")


def pdf(objs):
    out = b"%PDF-1.7\n"
    offs = []
    for i, b in enumerate(objs):
        offs.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + b + b"\nendobj\n"
    x = len(out)
    t = f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n"
    for o in offs:
        t += f"{o:010} 00000 n \n"
    t += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n"
    return out + t.encode()


def stream(d, data, flate=True):
    if flate:
        data = zlib.compress(data, 9)
        d += " /Filter /FlateDecode"
    return f"<< /Length {len(data)} {d} >>\nstream\n".encode() + data + b"\nendstream"


def page(content, resources=b"", more=()):
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
        + resources + b" >> /Contents 4 0 R >>",
        stream("", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more,
    ])


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes")


# 3000 bfranges writing the same 65 535 codes: the expansion cap counted
# distinct codes, so every range was expanded again (minutes).
cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + \
    b"1 beginbfrange <0000> <FFFE> <4E00> endbfrange\n" * 3000
write("cmap-bfrange-overwrite-flood.pdf", page(
    b"BT /F2 12 Tf <4E004E01> Tj ET", b"/Font << /F1 5 0 R /F2 6 0 R >>",
    [b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 7 0 R "
     b"/DescendantFonts [<< /Subtype /CIDFontType2 >>] >>", stream("", cmap)]))

# cidrange base and /W2 first CID near 2^32: u32 overflow (a panic with
# overflow checks, a wrong CID without).
cmap = (b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 begincidrange <0000> <FFFF> 4294967295 endcidrange\n")
write("cmap-cidrange-base-overflow.pdf", page(
    b"BT /F2 12 Tf <00010002FFFF> Tj ET", b"/Font << /F1 5 0 R /F2 6 0 R >>",
    [b"<< /Type /Font /Subtype /Type0 /Encoding 7 0 R /DescendantFonts [<< /Subtype /CIDFontType0 "
     b"/W2 [4294967295 [1 2 3 4 5 6]] >>] >>", stream("", cmap)]))

# A 400 x 400 ruled grid: cell finding was quadratic in intersections (34 s).
c = b""
for i in range(400):
    p = 20 + i * 6
    c += f"20 {p} m 2420 {p} l S {p} 20 m {p} 2420 l S ".encode()
c += b"BT /F1 5 Tf 21 21 Td (x) Tj ET"
write("grid-400x400-rules.pdf", page(c))

# One page drawing a 16 MB blank form 20 000 times: each draw decoded the
# form again, unbounded in total (hours).
form = stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1]", b" " * (16 << 20))
write("form-redrawn-decode-flood.pdf", page(b"/X Do\n" * 20000, b"/XObject << /X 6 0 R >>", [form]))

# A form drawing itself through a second one: refused at depth 16 before,
# now read once.
f6 = stream("/Subtype /Form /Resources << /XObject << /Y 7 0 R >> /Font << /F1 5 0 R >> >>",
            b"BT /F1 12 Tf 72 720 Td (loop) Tj ET /Y Do", flate=False)
f7 = stream("/Subtype /Form /Resources << /XObject << /X 6 0 R >> >>", b"/X Do", flate=False)
write("form-xobject-cycle.pdf", page(b"/X Do", b"/XObject << /X 6 0 R >>", [f6, f7]))

# One Tj of 3 million glyphs: the glyph limit was checked only after the
# operation, so the page first held them all.
write("glyph-flood-one-string.pdf", page(b"BT /F1 1 Tf (" + b"A" * 3_000_000 + b") Tj ET"))
