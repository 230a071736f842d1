"""Benchmark: build and render an access letter with 10 and 200 holdings.

Prints the median time (and range) of each, and the ratio to a bare ReportLab document with
the same number of pages made in the same run (so the ratio, not the seconds, is comparable
between machines), interleaved after a warm-up of both, in a temporary HOME. Says whether
ReportLab's C accelerator (rl_accel) is in use.

The bare document is the same pages in the same embedded typeface (Fira Sans, which every
ekko PDF must embed: æøå and Sámi letters), full of plain paragraphs, on a SimpleDocTemplate:
the ratio is the cost of ekko's letter (builder, letterhead, tables, page numbers) over
ReportLab doing the same pages bare. A second figure, `…_vs_base14`, is the ratio to the
same bare pages in ReportLab's built-in Helvetica (no font to embed), for comparison with
earlier runs.

Times are the CPU time of this process (`time.process_time`): both sides are single-threaded
and write to memory, so CPU time is their whole cost, and it does not count the time other
processes on a shared machine take from them (wall-clock medians swing by 2× under load).
Run: python bench/letters.py [--repeats N]
"""

from __future__ import annotations

import argparse
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import Figures, hermetic_home, interleaved, median, spread  # noqa: E402

hermetic_home()

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate  # noqa: E402

from ekko_tui.letters.builder import build_letter  # noqa: E402
from ekko_tui.letters.fonts import REGULAR, register_fonts  # noqa: E402
from ekko_tui.letters.render import render  # noqa: E402
from tests.letters.scenario import TODAY, many_holdings  # noqa: E402

FILLER = (
    "Vi viser til henvendelsen din og bekrefter at vi behandler personopplysninger om deg. "
) * 4


def bare_document(pages: int, font: str = "Helvetica") -> int:
    """A plain ReportLab document: each page full of body text in `font`, no tables."""
    style = ParagraphStyle("bare", parent=getSampleStyleSheet()["Normal"], fontName=font)
    story = []
    for page in range(pages):
        story += [Paragraph(f"{page + 1}. {FILLER}", style) for _ in range(12)]
        if page < pages - 1:
            story.append(PageBreak())
    doc = SimpleDocTemplate(BytesIO(), pagesize=A4, initialFontName=font)
    doc.build(story)
    return int(doc.page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    try:
        import _rl_accel  # noqa: F401

        accel = "in use"
    except ImportError:
        accel = "NOT installed (pure-Python ReportLab helpers)"
    print(f"ReportLab C accelerator (rl_accel): {accel}")
    figures = Figures()
    register_fonts()
    for holdings in (10, 200):
        ctx = many_holdings(holdings)
        pages = render(build_letter("access", ctx, TODAY), BytesIO())
        assert bare_document(pages, REGULAR) == pages == bare_document(pages)
        samples = interleaved(
            {
                "letter": lambda ctx=ctx: render(build_letter("access", ctx, TODAY), BytesIO()),
                "bare": lambda pages=pages: bare_document(pages, REGULAR),
                "base14": lambda pages=pages: bare_document(pages),
            },
            repeat=args.repeats,
            warmup=2,
            clock=time.process_time,
        )
        letter, bare = median(samples["letter"]), median(samples["bare"])
        base14 = median(samples["base14"])
        print(
            f"{holdings:>4} holdings, {pages} page(s): letter {spread(samples['letter'])}"
            f"   bare ReportLab, Fira Sans {spread(samples['bare'])}   ratio {letter / bare:.2f}x"
            f"   (bare, Helvetica {spread(samples['base14'])}: {letter / base14:.2f}x)"
        )
        figures.add("ms", f"letter_{holdings}_holdings", letter)
        figures.add("ms", f"letter_{holdings}_holdings_bare", bare)
        figures.add("ms", f"letter_{holdings}_holdings_bare_base14", base14)
        figures.add("ratio", f"letter_{holdings}_holdings_vs_base14", letter / base14)
        figures.add("ratio", f"letter_{holdings}_holdings", letter / bare)
    figures.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
