"""The values of the letter screen's forms and of the notice's save form: one frozen dataclass
per form, field names = widget ids, with the checks Save runs (a ValidationError names one of
the fields, so the form focuses it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ekko_tui.domain.requests import ValidationError, parse_date

NOTICE_FORMATS = (".html", ".htm", ".md", ".pdf")  # what the notice can be saved as


@dataclass(frozen=True)
class SendValue:
    """How and when a letter went out, and whether that ends its step (`follow_up` is False
    when the kind has no step to end: its checkbox is hidden)."""

    how: str
    sent_on: str
    follow_up: bool

    def day(self) -> date:
        return parse_date(self.sent_on, "sent_on")


@dataclass(frozen=True)
class SaveAsValue:
    """The file a copy of an archived letter is written to."""

    file: str

    def target(self) -> Path:
        """The new PDF file: given, ending in .pdf, not there yet."""
        text = self.file.strip()
        if not text:
            raise ValidationError("file", "Give the file to write, e.g. ~/svar.pdf.")
        out = Path(text).expanduser()
        if out.suffix.lower() != ".pdf":
            raise ValidationError("file", "Give a file name ending in .pdf.")
        if out.exists():
            raise ValidationError("file", f"{out} exists: choose another name.")
        return out


@dataclass(frozen=True)
class PrinterValue:
    """The CUPS printer letters go to."""

    printer: str

    def chosen(self) -> str:
        if not self.printer:
            raise ValidationError("printer", "Choose a printer.")
        return self.printer


@dataclass(frozen=True)
class NoticeSaveValue:
    """The file the privacy notice is saved as; its ending decides the format."""

    path: str

    def target(self) -> Path:
        path = Path(self.path.strip()).expanduser()
        if path.suffix.lower() not in NOTICE_FORMATS:
            raise ValidationError("path", "The file name must end in .html, .md or .pdf.")
        if not path.parent.is_dir():
            raise ValidationError("path", f"The folder {path.parent} does not exist.")
        return path
