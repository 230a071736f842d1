"""The calendar export form: one file name, remembered for the next export."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from ekko_tui.calendar_ics import ExportResult, export_calendar
from ekko_tui.store.agenda import last_export_path, record_calendar_export
from ekko_tui.ui.dialogs import FormDialog

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp

DEFAULT_FILE = "ekko-deadlines.ics"


class CalendarExportDialog(FormDialog):
    """Ask for the .ics file to write."""

    title_text = "Export deadlines to a calendar (.ics)"

    def __init__(self, apply: Any, *, path: str) -> None:
        super().__init__(
            apply,
            intro=(
                "One all-day event per open deadline and per extension decision, with "
                "reminders 5 and 1 working days before. Export to the same file again and "
                "re-import it: events are updated, closed requests cancelled. No names are "
                "written, only references."
            ),
        )
        self.path = path

    def fields(self) -> Iterable[Widget]:
        yield self.label("File")
        yield Input(self.path, id="path")

    def values(self) -> dict[str, Any]:
        return {"path": self.query_one("#path", Input).value}


def open_export_dialog(screen: Screen[Any]) -> None:
    """Open the form; on save write the file, remember it, and say what was written."""
    app = cast("EkkoApp", screen.app)

    def apply(values: dict[str, Any]) -> ExportResult:
        now = app.clock.now()
        result = export_calendar(values["path"], today=app.clock.today(), now=now)
        record_calendar_export(
            str(result.path),
            result.log_detail(),
            now=now,
            actor=app.actor,
        )
        return result

    def done(result: ExportResult | None) -> None:
        if isinstance(result, ExportResult):
            screen.notify(result.message(), title="Calendar")

    path = last_export_path() or str(Path.home() / DEFAULT_FILE)
    app.push_screen(CalendarExportDialog(apply, path=path), done)
