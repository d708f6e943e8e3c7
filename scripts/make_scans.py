#!/usr/bin/env python3
"""Make scanned-report fixtures from the project's born-digital PDFs.

Each source PDF (with a truth file beside it) is rendered page by page with
poppler's pdftoppm, degraded as a scanner and a careless upload would
(rotation by a small angle, sensor noise, blur, JPEG compression, a
resolution between 150 and 300 dpi), and wrapped back into a PDF whose pages
are one image each, at the original page size:

  jpeg   8-bit grey JPEG (DCTDecode), via img2pdf
  g4     1-bit CCITT Group 4 (CCITTFaxDecode), via a G4 TIFF and img2pdf
  flate  1-bit PNG (FlateDecode with PNG predictors), via img2pdf
  mixed  the first page keeps its text layer, the other pages are JPEG scans
         (needs qpdf)

The truth file of the source is copied with the new case name: a scan prints
the same cells.

usage:
  scripts/make_scans.py --out DIR [--seed N] [--dpi 150,200,300]
                        [--variant jpeg] SOURCE.pdf ...
  scripts/make_scans.py --fixtures      # the committed set in tests/fixtures/scanned

Needs (only to make fixtures; the tests use the committed files): Debian
poppler-utils, qpdf; PyPI pillow, numpy, img2pdf.
"""
import argparse
import io
import json
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile

import img2pdf
import numpy as np
from PIL import Image, ImageFilter

ROOT = pathlib.Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "tests" / "fixtures" / "pdf"

# The committed fixtures: (case, source, variant, dpi, seed). Each one
# exercises a different image filter or degradation; tuning used these
# sources, so the held-out set below uses other producers and seeds.
FIXTURES = [
    ("scan_jpeg200_lo_docx_gb2021_2022", "lo_docx_gb2021_2022", "jpeg", 200, 11),
    ("scan_jpeg150_chrome_gb2019_2020", "chrome_gb2019_2020", "jpeg", 150, 12),
    ("scan_g4_300_lo_docx_gb2021_2023", "lo_docx_gb2021_2023", "g4", 300, 13),
    ("scan_flate200_chrome_gb2021h_2024", "chrome_gb2021h_2024", "flate", 200, 14),
    ("scan_mixed_chrome_gb2021_2022", "chrome_gb2021_2022", "mixed", 200, 15),
    # Light grey 0.5 pt borders: thresholding leaves them dashed, one pixel
    # wide and stepped, and drops most horizontal ones on turned pages.
    ("scan_g4_300_lo_html_gb2021_2023", "lo_html_gb2021_2023", "g4", 300, 16),
]


def render(pdf, dpi, tmp):
    """Renders every page to 8-bit grey PGM; returns (images, page sizes in pt)."""
    prefix = pathlib.Path(tmp) / "p"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(prefix)], check=True)
    pages = sorted(pathlib.Path(tmp).glob("p-*.pgm"))
    images = [Image.open(p).convert("L") for p in pages]
    sizes = [(im.width * 72.0 / dpi, im.height * 72.0 / dpi) for im in images]
    return images, sizes


def degrade(im, rng, skew_deg, noise_sigma, blur):
    """A scan: rotated by skew_deg around the centre (white corners), a little
    blur, Gaussian noise and a slightly grey background."""
    im = im.rotate(skew_deg, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if blur > 0:
        im = im.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(im).astype(np.float32)
    a = a * 0.92 + 8.0  # paper is not white, ink is not black
    a += np.asarray(rng.normal(0.0, noise_sigma, a.shape), dtype=np.float32)
    # speckle: a few dark dots
    n = int(a.size * 0.00005)
    ys = rng.integers(0, a.shape[0], n)
    xs = rng.integers(0, a.shape[1], n)
    a[ys, xs] = rng.uniform(0, 120, n)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def binarize(im):
    a = np.asarray(im)
    return Image.fromarray(((a > 150) * 255).astype(np.uint8), "L").convert("1")


def encode(im, variant, quality, dpi):
    """One page image as bytes img2pdf embeds without re-encoding."""
    buf = io.BytesIO()
    if variant == "jpeg":
        im.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    elif variant == "g4":
        binarize(im).save(buf, "TIFF", compression="group4", dpi=(dpi, dpi))
    elif variant == "flate":
        binarize(im).save(buf, "PNG", dpi=(dpi, dpi))
    else:
        raise ValueError(variant)
    return buf.getvalue()


def make_scan(src, out_pdf, variant, dpi, seed):
    rng = np.random.default_rng(seed)
    prng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        images, sizes = render(src, dpi, tmp)
        blobs = []
        for im in images:
            skew = prng.uniform(0.5, 2.0) * prng.choice([-1, 1])
            noise = prng.uniform(4.0, 12.0)
            blur = prng.uniform(0.0, 0.8) if dpi >= 200 else prng.uniform(0.0, 0.4)
            quality = prng.randint(45, 80)
            page_variant = "jpeg" if variant == "mixed" else variant
            blobs.append(encode(degrade(im, rng, skew, noise, blur), page_variant, quality, dpi))
        w, h = sizes[0]
        layout = img2pdf.get_layout_fun((img2pdf.in_to_pt(w / 72.0), img2pdf.in_to_pt(h / 72.0)))
        scanned = img2pdf.convert(blobs, layout_fun=layout)
        if variant != "mixed":
            out_pdf.write_bytes(scanned)
            return
        # Mixed: page 1 from the source (text layer), the rest scanned.
        scan_tmp = pathlib.Path(tmp) / "scan.pdf"
        scan_tmp.write_bytes(scanned)
        n = len(images)
        subprocess.run(
            ["qpdf", "--empty", "--pages", str(src), "1", str(scan_tmp), f"2-{n}", "--", str(out_pdf)],
            check=True,
        )


def copy_truth(src_pdf, out_pdf, case, note):
    truth_src = src_pdf.with_suffix(".truth.json")
    truth = json.loads(truth_src.read_text())
    truth["case"] = case
    truth["source"] = out_pdf.name
    truth.setdefault("notes", [])
    if isinstance(truth["notes"], list):
        truth["notes"] = truth["notes"] + [note]
    else:
        truth["notes"] = f"{truth['notes']} {note}".strip()
    out_pdf.with_suffix("").with_suffix(".truth.json")
    (out_pdf.parent / f"{case}.truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sources", nargs="*", type=pathlib.Path)
    ap.add_argument("--out", type=pathlib.Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dpi", default="150,200,300", help="dpi values, one drawn per file")
    ap.add_argument("--variant", default="jpeg", choices=["jpeg", "g4", "flate", "mixed"])
    ap.add_argument("--fixtures", action="store_true", help="(re)make tests/fixtures/scanned")
    a = ap.parse_args()
    if a.fixtures:
        out = ROOT / "tests" / "fixtures" / "scanned"
        out.mkdir(parents=True, exist_ok=True)
        for case, source, variant, dpi, seed in FIXTURES:
            src = PDF_DIR / f"{source}.pdf"
            pdf = out / f"{case}.pdf"
            make_scan(src, pdf, variant, dpi, seed)
            copy_truth(src, pdf, case, f"scan of {source}.pdf: {variant}, {dpi} dpi, seed {seed} (scripts/make_scans.py)")
            print(f"{pdf.relative_to(ROOT)}  {pdf.stat().st_size // 1024} KB")
        return
    if not a.out or not a.sources:
        ap.error("give --out and source PDFs, or --fixtures")
    a.out.mkdir(parents=True, exist_ok=True)
    dpis = [int(d) for d in a.dpi.split(",")]
    prng = random.Random(a.seed)
    for i, src in enumerate(a.sources):
        dpi = prng.choice(dpis)
        seed = a.seed * 1000 + i
        case = f"scan_{a.variant}{dpi}_{src.stem}_s{a.seed}"
        pdf = a.out / f"{case}.pdf"
        make_scan(src, pdf, a.variant, dpi, seed)
        copy_truth(src, pdf, case, f"scan of {src.name}: {a.variant}, {dpi} dpi, seed {seed} (scripts/make_scans.py)")
        print(f"{pdf}  {pdf.stat().st_size // 1024} KB")


if __name__ == "__main__":
    sys.exit(main())
