"""The letter font: DejaVu Sans, embedded, shipped inside matplotlib (a project dependency).

DejaVu Sans covers æøå and every Sámi letter (á č đ ŋ š ŧ ž and capitals); ReportLab's own
Vera lacks the Sámi ones. We locate the TTF files without importing matplotlib (which is slow
and not needed): only its package folder.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ekko_tui.letters.model import LetterError

REGULAR = "EkkoSans"
BOLD = "EkkoSans-Bold"
ITALIC = "EkkoSans-Oblique"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


def font_dir() -> Path:
    """matplotlib's bundled TrueType folder."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise LetterError(
            "The letter font is missing: matplotlib (which ships DejaVu Sans) is not installed. "
            "Reinstall ekko with its dependencies (pip install .)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@cache
def register_fonts() -> str:
    """Register the letter font family with ReportLab once; return the regular font's name."""
    folder = font_dir()
    for name, file in _FILES.items():
        path = folder / file
        if not path.is_file():
            raise LetterError(f"The letter font {path} is missing: reinstall matplotlib.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
