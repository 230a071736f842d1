"""The document information every PDF of ekko carries: title, author (the controller's name
from the register), subject, and a creation date that is the document's own date (the date of
the letter, the record, the notice), not the moment the file happened to be made. So a copy
made again later says the same, and byte-stable test PDFs stay stable."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.pdfgen.canvas import Canvas


def pdf_date(day: date) -> str:
    """A PDF date string for a whole day (PDF 1.7 § 7.9.4: the omitted time is midnight UT)."""
    return f"D:{day:%Y%m%d}"


def date_canvas(canvas: Canvas, day: date) -> None:
    """Make `canvas` write `day` as the creation and modification date."""
    canvas.setDateFormatter(lambda *_: pdf_date(day))


def dated_canvasmaker(day: date) -> Any:
    """A canvasmaker for `doc.build(...)` whose PDFs are dated `day`."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        date_canvas(canvas, day)
        return canvas

    return make
