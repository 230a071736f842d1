"""Benchmark: build and render an access letter with 10 and 200 holdings.

Prints the median time of each, and the ratio to a bare ReportLab document with the same
number of pages made in the same run (so the ratio, not the seconds, is comparable between
machines). Run: python bench/letters.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

from ekko_tui.letters.builder import build_letter  # noqa: E402
from ekko_tui.letters.render import render  # noqa: E402
from tests.letters.scenario import TODAY, many_holdings  # noqa: E402


def median_seconds(job, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


FILLER = (
    "Vi viser til henvendelsen din og bekrefter at vi behandler personopplysninger om deg. "
) * 4


def bare_document(pages: int) -> int:
    """A plain ReportLab document: each page full of body text, built-in font, no tables."""
    style = getSampleStyleSheet()["Normal"]
    story = []
    for page in range(pages):
        story += [Paragraph(f"{page + 1}. {FILLER}", style) for _ in range(12)]
        if page < pages - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(BytesIO(), pagesize=A4)
    doc.build(story)
    return int(doc.page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(f"{'holdings':>8}  {'pages':>5}  {'letter (median)':>15}  {'bare RL':>9}  {'ratio':>6}")
    for holdings in (10, 200):
        ctx = many_holdings(holdings)
        pages = 0

        def letter_job(ctx=ctx) -> None:
            nonlocal pages
            pages = render(build_letter("access", ctx, TODAY), BytesIO())

        letter_job()  # warm-up: font loading and subsetting caches
        letter = median_seconds(letter_job, args.repeats)
        bare_pages = bare_document(pages)
        assert bare_pages == pages
        bare = median_seconds(lambda pages=pages: bare_document(pages), args.repeats)
        print(
            f"{holdings:>8}  {pages:>5}  {letter * 1000:>12.1f} ms  {bare * 1000:>6.1f} ms"
            f"  {letter / bare:>5.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
