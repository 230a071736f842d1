"""The pages as pictures (pdftoppm): ink where the envelope window is, nothing off the page."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.render import render
from tests.tools import require_tool

from .scenario import TODAY, with_types

DPI = 60
PX_PER_MM = DPI / 25.4


def _pdftoppm() -> str:
    return require_tool("pdftoppm", "poppler-utils")


def _ink(image: Image.Image, box_mm: tuple[float, float, float, float]) -> int:
    """Dark pixels inside a box given in mm from the top-left corner."""
    x0, y0, x1, y1 = (round(v * PX_PER_MM) for v in box_mm)
    region = image.convert("L").crop((x0, y0, x1, y1))
    return sum(region.histogram()[:128])


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_each_kind_first_page_looks_like_a_letter(kind: str, tmp_path: Path) -> None:
    tool = _pdftoppm()
    ctx = with_types("access", extended_deadline=date(2027, 2, 24))
    texts = {"reasons": "x", "question": "x", "granted": "x", "changes": "x", "details": "x"}
    pdf = tmp_path / f"{kind}.pdf"
    render(build_letter(kind, ctx, TODAY, texts), pdf)
    subprocess.run(
        [tool, "-png", "-r", str(DPI), "-f", "1", "-l", "1", pdf, tmp_path / "p"], check=True
    )
    page = Image.open(next(tmp_path.glob("p-*.png")))
    assert abs(page.size[0] / PX_PER_MM - 210) < 1 and abs(page.size[1] / PX_PER_MM - 297) < 1
    assert _ink(page, (25, 60, 105, 85)) > 50  # the address, inside the window (20–110, 45–90)
    assert _ink(page, (20, 90, 110, 97)) == 0  # nothing between the window and the body
    assert _ink(page, (125, 48, 190, 85)) > 50  # date and reference block
    assert _ink(page, (25, 100, 190, 120)) > 50  # title and first paragraph
    assert _ink(page, (0, 0, 210, 8)) == 0 and _ink(page, (0, 290, 210, 297)) == 0  # margins
