"""Register of 10,000 chronicle entries → PDF: our canvas engine against a naive
platypus LongTable of Paragraph cells over the same entries, same run.

Prints pages, seconds, pages/s, the ratio, peak memory and PDF bytes per page.
Targets (issue 4): ≥ 50 pages/s and ≥ 3× the naive rendering.
Usage: python bench/bench_print.py [--entries N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

from paizhu_desktop.core.keyslots import KdfCost

#: The demo database's key slots are not what is measured here: make them cheap.
CHEAP_KDF = KdfCost(memory_kib=1024, iterations=1, lanes=1)


def _status(field: str) -> int:
    """A /proc/self/status figure in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def peak_start() -> int:
    """Reset the process's peak RSS (Linux clear_refs) and return the current RSS."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def peak_since(base: int) -> int:
    return max(0, _status("VmHWM") - base)


def naive(entries, desc, fs) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Platypus LongTable of Paragraph cells (STACK.md's baseline), same columns and fonts."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from paizhu_desktop.core.printing.register import register_columns

    cols = register_columns(desc)
    style = ParagraphStyle("cell", fontName=fs.font_for("body"), fontSize=9, leading=12,
                           wordWrap="CJK")
    head = ParagraphStyle("head", parent=style, fontName=fs.font_for("heading1"))
    rows = [[Paragraph(c.label, head) for c in cols]]
    for n, e in enumerate(entries, start=1):
        rows.append([Paragraph(str(n) if c.key == "seq" else c.text(e), style) for c in cols])
    usable = landscape(A4)[0] - 42 * mm
    total = sum(c.weight for c in cols)
    table = LongTable(rows, colWidths=[usable * c.weight / total for c in cols], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out = io.BytesIO()
    pages: list[int] = []
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=30 * mm,
                            rightMargin=12 * mm, topMargin=16 * mm, bottomMargin=16 * mm)
    doc.build([table], onLaterPages=lambda c, d: pages.append(1),
              onFirstPage=lambda c, d: pages.append(1))
    return len(pages), len(out.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=10_000)
    args = ap.parse_args()

    from paizhu_desktop.core.demo import make_demo
    from paizhu_desktop.core.printing.context import job_fonts
    from paizhu_desktop.core.printing.jobs import new_job
    from paizhu_desktop.core.printing.register import render_register
    from paizhu_desktop.core.regulations.catalog import CATALOG

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        session = make_demo(db, "Jizhun-2026!", entries=args.entries, kdf=CHEAP_KDF)
        print(f"demo database with {args.entries} chronicle entries: "
              f"{time.perf_counter() - t:.1f} s")
        entries = session.ledgers.list("chronicle")
        desc = CATALOG.ledger("chronicle")
        t = time.perf_counter()
        fs = job_fonts(session)
        first_fonts_s = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(20):
            job_fonts(session)
        fonts_s = (time.perf_counter() - t) / 20

        # Memory growth with page count: the peak of a quarter and of the whole register.
        peaks = []
        for part in (entries[: len(entries) // 4], entries):
            base = peak_start()
            job = new_job(session, "大事记登记簿（基准）", "chronicle", "register", part)
            render_register(job, desc, fs, group=session.group_name, year_label="2026年",
                            printed_by="基准")
            peaks.append((job.pages, peak_since(base), len(job.pdf)))
            del job

        # As a print job runs: it loads its own faces (parsed files are cached).
        t = time.perf_counter()
        job = new_job(session, "大事记登记簿（基准）", "chronicle", "register", entries)
        render_register(job, desc, job_fonts(session), group=session.group_name,
                        year_label="2026年", printed_by="基准")
        ours_s = time.perf_counter() - t
        ours_pages, ours_bytes = job.pages, len(job.pdf)
        del job

        base = peak_start()
        t = time.perf_counter()
        naive_pages, naive_bytes = naive(entries, desc, fs)
        naive_s = time.perf_counter() - t
        naive_peak = peak_since(base)
        session.close()

    ours_rate, naive_rate = ours_pages / ours_s, naive_pages / naive_s
    print(f"fonts: first job {first_fonts_s * 1000:.0f} ms (files parsed), "
          f"each later job {fonts_s * 1000:.1f} ms")
    print(f"ours : {ours_pages} pages in {ours_s:.2f} s = {ours_rate:.1f} pages/s "
          f"(target ≥ 50); {ours_bytes / ours_pages / 1024:.1f} KB/page "
          f"({ours_bytes / 1e6:.1f} MB with the embedded font subsets)")
    for pages, peak, size in peaks:
        print(f"       peak memory rendering {pages} pages: +{peak / 1e6:.0f} MB "
              f"(the PDF itself {size / 1e6:.1f} MB)")
    print(f"naive: {naive_pages} pages in {naive_s:.2f} s = {naive_rate:.1f} pages/s; "
          f"peak memory +{naive_peak / 1e6:.0f} MB; "
          f"{naive_bytes / naive_pages / 1024:.1f} KB/page")
    print(f"ratio: {ours_rate / naive_rate:.1f}× (target ≥ 3×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
