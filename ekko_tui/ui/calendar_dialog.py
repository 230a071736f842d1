"""The calendar export form: one file name, remembered for the next export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from ekko_tui.domain.requests import ValidationError
from ekko_tui.exports.calendar_ics import ExportResult, check_path, write_calendar
from ekko_tui.services.calendar import calendar_data
from ekko_tui.store.agenda import last_export_path, record_calendar_export
from ekko_tui.store.db import StoreError
from ekko_tui.ui.ekko_app import ekko_of
from ekko_tui.ui.form_dialog import FormDialog

DEFAULT_FILE = "ekko-deadlines.ics"


@dataclass(frozen=True)
class CalendarExportValue:
    path: str

    def target(self) -> Path:
        """The .ics file to write, or a ValidationError naming `path` (the form stays open)."""
        return check_path(self.path)


class CalendarExportDialog(FormDialog[CalendarExportValue, Path]):
    """Ask for the .ics file to write."""

    title_text = "Export deadlines to a calendar (.ics)"
    Value = CalendarExportValue

    def __init__(self, apply: Callable[[CalendarExportValue], Path], *, path: str) -> None:
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


def open_export_dialog(screen: Screen[Any]) -> None:
    """Open the form; on save write the file in a worker thread and say what was written."""
    app = ekko_of(screen)

    def apply(value: CalendarExportValue) -> Path:
        return value.target()  # a bad name keeps the form open with the reason

    def done(path: Path | None) -> None:
        if not isinstance(path, Path):
            return
        now = app.clock.now()
        # The read is quick and stays on the app's thread; building and writing run in a worker
        # on plain data.
        requests, breaches = calendar_data(app.clock.today(), now)

        def finished(result: ExportResult) -> None:
            try:
                record_calendar_export(
                    str(result.path), result.log_detail(), now=now, actor=app.actor
                )
            except StoreError as exc:
                app.notify(f"{result.message()}, but not remembered: {exc}", severity="warning")
                return
            app.notify(result.message(), title="Calendar")

        def export() -> None:
            try:
                result = write_calendar(path, requests, now=now, breaches=breaches)
            except ValidationError as exc:
                app.call_from_thread(app.notify, exc.message, severity="error", title="Calendar")
                return
            app.call_from_thread(finished, result)

        app.run_worker(export, name="calendar-export", group="calendar", thread=True)

    path = last_export_path() or str(Path.home() / DEFAULT_FILE)
    app.push_screen(CalendarExportDialog(apply, path=path), done)
