"""The embedded TTF fonts of ekko's PDFs, chosen in one place so the choice can be swapped.

Bitstream Vera ships inside ReportLab itself (reportlab/fonts), so it is installed by the
project's own dependencies on every machine; it covers Norwegian æ ø å (Latin-1). It lacks
some Sámi letters (ŋ ŧ đ): when the letters work picks a font with full coverage, change
`body_fonts()` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str


def body_fonts() -> FontSet:
    """Register (once) and return the regular and bold body fonts, embedded in every PDF."""
    folder = Path(reportlab.__file__).parent / "fonts"
    names = {"EkkoVera": "Vera.ttf", "EkkoVera-Bold": "VeraBd.ttf"}
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in names.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    return FontSet(regular="EkkoVera", bold="EkkoVera-Bold")
