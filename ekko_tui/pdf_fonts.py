"""The embedded font of every PDF ekko writes (one place, so the choice is swapped once)."""

from __future__ import annotations

from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "EkkoSans"
BOLD = "EkkoSans-Bold"


def register_fonts() -> tuple[str, str]:
    """Register (once) and return the regular and bold font names."""
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        folder = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))
    return REGULAR, BOLD
