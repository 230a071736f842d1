"""Dialogs of the subject register: import a file, map CSV columns, edit identifiers, the report."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from ekko_tui.domain import subjects as ds
from ekko_tui.domain.imports import ALL_KINDS, MAP_FIELDS, MAX_FILE_BYTES
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.subject_imports import ImportReport
from ekko_tui.store.subject_queries import SubjectCard
from ekko_tui.ui.dialogs import Apply, FormDialog, choice_select, select_value

DETECT = "detect"  # the import dialog's choice "tell from the file's columns"


def check_import_path(raw: str) -> Path:
    """The file to import, or a ValidationError that says what is wrong with the path."""
    text = raw.strip()
    if not text:
        raise ValidationError("path", "Give the path of the exported CSV file.")
    path = Path(text).expanduser()
    if not path.exists():
        raise ValidationError("path", f"There is no file {path}. Check the path.")
    if path.is_dir():
        raise ValidationError("path", f"{path} is a folder: give the CSV file inside it.")
    if not path.is_file():
        raise ValidationError(
            "path", f"{path} is not a regular file (a pipe, device or socket): give a CSV file."
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "path",
            f"{path.name} is {size / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Export a smaller selection "
            "and import the parts.",
        )
    return path


class ImportDialog(FormDialog):
    """Which system's export, and where the file is."""

    title_text = "Import an export file"

    def __init__(self, apply: Apply) -> None:
        super().__init__(
            apply,
            intro="All rows are imported or none; every column of every row is kept as the "
            "person's records. Re-importing the same file changes nothing. Left on 'Detect', "
            "ekko tells the export from its columns and asks before importing. Customers: "
            "Kajabi Contacts › Export, Stripe Customers › Export, Fiken customers as CSV; "
            "documents: Stripe Payments › Export, Kajabi transactions, Fiken invoices as CSV, "
            "Zoom participant or webinar reports (times in Europe/Oslo), Mailchimp audience; "
            "any other CSV: you map its columns next.",
        )

    def fields(self) -> Iterable[Widget]:
        yield self.label("What the file is")
        yield choice_select({DETECT: "Detect from the file's columns", **ALL_KINDS}, DETECT, "kind")
        yield self.label("File (path; ~ is your home folder)")
        yield Input("", placeholder="~/Downloads/contacts.csv", id="path")

    def values(self) -> dict[str, Any]:
        return {
            "kind": select_value(self.query_one("#kind", Select)),
            "path": self.query_one("#path", Input).value,
        }


class MappingDialog(FormDialog):
    """Which column of an unknown CSV holds what."""

    title_text = "Which column is what?"

    def __init__(self, apply: Apply, *, headers: tuple[str, ...], guess: dict[str, str]) -> None:
        super().__init__(
            apply,
            intro="Choose the column for each field the file has; leave the rest empty. "
            "At least an e-mail, phone or id column is needed.",
        )
        self.headers = headers
        self.guess = guess

    def fields(self) -> Iterable[Widget]:
        options = {h: h for h in self.headers if h}
        for key, label in MAP_FIELDS.items():
            yield self.label(label)
            yield choice_select(options, self.guess.get(key), f"map_{key}")

    def values(self) -> dict[str, Any]:
        out = {}
        for key in MAP_FIELDS:
            value = select_value(self.query_one(f"#map_{key}", Select))
            if value:
                out[key] = value
        return out


def identifiers_initial(card: SubjectCard) -> dict[str, str]:
    """The card's identifiers as the edit form shows them: one per line per kind."""

    def lines(kind: str) -> str:
        return "\n".join(i.shown for i in card.identifiers if i.kind == kind)

    return {
        "name": lines("name"),
        "email": lines("email"),
        "phone": lines("phone"),
        "birth_date": lines("birth_date"),
        "external_id": "\n".join(
            f"{i.system}:{i.value}" for i in card.identifiers if i.kind == "external_id"
        ),
    }


def parse_identifier_form(values: dict[str, str]) -> list[tuple[str, str, str]]:
    """Form text → (kind, raw value, system) triples; external ids are written `system:id`."""
    out: list[tuple[str, str, str]] = []
    for kind in ("name", "email", "phone", "birth_date"):
        out += [(kind, line.strip(), "") for line in values.get(kind, "").splitlines()]
    for line in values.get("external_id", "").splitlines():
        if not line.strip():
            continue
        system, sep, value = line.strip().partition(":")
        if not sep:
            raise ValidationError(
                "external_id",
                f"Write external ids as system:id (e.g. stripe:cus_N4x…), not {line.strip()!r}.",
            )
        out.append(("external_id", value.strip(), system.strip().lower()))
    return out


class IdentifiersDialog(FormDialog):
    """Every identifier of one subject, one per line."""

    title_text = "Edit identifiers"

    def __init__(self, apply: Apply, *, initial: dict[str, str]) -> None:
        super().__init__(
            apply,
            intro="One value per line. Phones are stored as +47…; external ids as "
            f"system:id with system one of {', '.join(ds.SYSTEMS)}.",
        )
        self.initial = initial

    def fields(self) -> Iterable[Widget]:
        for kind, label in (
            ("name", "Names"),
            ("email", "E-mails"),
            ("phone", "Phones"),
            ("birth_date", "Birth date (DD.MM.YYYY or YYYY-MM-DD)"),
            ("external_id", "External ids (system:id)"),
        ):
            yield self.label(label)
            area = TextArea(self.initial.get(kind, ""), id=kind, soft_wrap=True)
            area.styles.height = 4
            yield area

    def values(self) -> dict[str, Any]:
        return {
            kind: self.query_one(f"#{kind}", TextArea).text
            for kind in ("name", "email", "phone", "birth_date", "external_id")
        }


class ImportReportScreen(ModalScreen[None]):
    """What an import did: counts, then every skipped row with its reason."""

    BINDINGS = [Binding("escape,enter", "close", "Close", tooltip="Close the report")]
    DEFAULT_CSS = """
    ImportReportScreen { align: center middle; }
    ImportReportScreen #report {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: thick $success; background: $surface; padding: 1 2;
    }
    ImportReportScreen #report-rows { height: auto; max-height: 30; }
    """

    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        r = self.report
        with Vertical(id="report"):
            yield Static(Text("Import finished", style="bold"))
            yield Static(Text(r.summary()), id="report-summary")
            if r.records_summary():
                yield Static(Text(r.records_summary()), id="report-records")
            if r.detail:
                yield Static(Text(f"Read as: {r.detail}."), id="report-detail")
            lines = [f"row {s.line}: skipped: {s.reason}" for s in r.skipped]
            lines += [f"row {line}: {note}" for line, note in r.notes]
            with VerticalScroll(id="report-rows"):
                yield Static(Text("\n".join(lines) or "Every row was imported."))
            yield Static(Text("enter or escape closes", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
