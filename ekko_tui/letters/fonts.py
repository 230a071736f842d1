"""The embedded font of every PDF ekko writes: Fira Sans, chosen in this one place.

Fira Sans (SIL Open Font License) covers æøå and every Sámi letter (á č đ ŋ š ŧ ž and capitals);
ReportLab's own Vera lacks ŋ, ŧ and đ. It comes from the `fontpkg-fira-sans` package (static
TTF files, a few MB), a project dependency, so no system font is needed and PDFs look the same
on every machine. The version is pinned: byte-stable test PDFs depend on the font file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "EkkoSans"
BOLD = "EkkoSans-Bold"
ITALIC = "EkkoSans-Italic"
BOLD_ITALIC = "EkkoSans-BoldItalic"
_FILES = {
    REGULAR: "FiraSans-Regular.ttf",
    BOLD: "FiraSans-Bold.ttf",
    ITALIC: "FiraSans-Italic.ttf",
    BOLD_ITALIC: "FiraSans-BoldItalic.ttf",
}


class FontMissing(RuntimeError):
    """The font files are not installed (a broken installation)."""


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str


def font_dir() -> Path:
    """The folder of the Fira Sans TTF files."""
    try:
        import fontpkg_fira_sans
    except ImportError as exc:
        raise FontMissing(
            "The PDF font is missing: the fontpkg-fira-sans package is not installed. "
            "Reinstall ekko with its dependencies (pip install .)."
        ) from exc
    return Path(fontpkg_fira_sans.ROOT) / "files"


@cache
def register_fonts() -> str:
    """Register the font family with ReportLab once; return the regular font's name."""
    folder = font_dir()
    for name, file in _FILES.items():
        path = folder / file
        if not path.is_file():
            raise FontMissing(f"The PDF font {path} is missing: reinstall fontpkg-fira-sans.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD_ITALIC)
    return REGULAR


def body_fonts() -> FontSet:
    """The regular and bold font names, registered."""
    register_fonts()
    return FontSet(regular=REGULAR, bold=BOLD)
