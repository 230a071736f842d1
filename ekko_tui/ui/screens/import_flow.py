"""Importing an export from the subject search (ctrl+o): choose or detect what the file is,
say what was detected and ask before storing, run the import in a thread, show the report."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from ekko_tui.domain.imports import (
    ImportFileError,
    SkippedRow,
    detect_kind,
    guess_mapping,
    read_export_file,
    read_headers,
    stream_export,
)
from ekko_tui.services.threads import close_thread_connection
from ekko_tui.store.db import StoreError
from ekko_tui.store.subject_imports import ImportReport, import_export
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.subject_dialogs import (
    DETECT,
    ImportDialog,
    ImportReportScreen,
    ImportValue,
    MappingDialog,
    MappingValue,
)


class ImportingScreen(Screen[Any]):
    """A screen with an `#import-bar` (label + progress bar) that imports files on ctrl+o."""

    @dataclass
    class ImportProgress(Message):
        done: int
        total: int

    @dataclass
    class ImportDone(Message):
        report: ImportReport

    @dataclass
    class ImportFailed(Message):
        message: str

    @dataclass
    class NeedMapping(Message):
        path: Path
        headers: tuple[str, ...]

    @dataclass
    class Detected(Message):
        """The file's kind was detected from its headers: ask before importing it."""

        kind: str
        path: Path
        detail: str
        rows: int
        skipped: int

    ekko = ekko_app()

    def action_import_file(self) -> None:
        def apply(values: ImportValue) -> tuple[str, Path]:
            return values.validated()

        def chosen(result: tuple[str, Path] | None) -> None:
            if not result:
                return
            kind, path = result
            if kind == DETECT:
                self.run_detect(path)
            else:
                self.start_import(kind, path, None)

        self.app.push_screen(ImportDialog(apply), chosen)

    @work(exclusive=True, thread=True, group="subject-import")
    def run_detect(self, path: Path) -> None:
        """Read the file, tell from its headers what it is, and check every row (no writes;
        the rows are counted as they are read, never held)."""
        try:
            data = read_export_file(path)
            found = detect_kind(data)
            if found is None:
                headers = ", ".join(h for h in read_headers(data)[:8] if h)
                raise ImportFileError(
                    f"Cannot tell which export this is from its columns ({headers} …). "
                    "Choose the system in the import dialog (ctrl+o), or `Any CSV` to map the "
                    "columns yourself. Nothing was imported."
                )
            kind, what = found
            parsed = stream_export(kind, data)
            rows = skipped = 0
            for item in parsed.items():
                rows += 1
                skipped += isinstance(item, SkippedRow)
        except ImportFileError as exc:
            self.post_message(self.ImportFailed(f"{path.name}: {exc}"))
            return
        detail = parsed.detail or what
        self.post_message(self.Detected(kind, path, detail, rows, skipped))

    @on(Detected)
    def _detected(self, message: Detected) -> None:
        question = (
            f"{message.path.name} is a {message.detail} ({message.kind}). Import its "
            f"{message.rows} row(s)?"
        )
        details = (
            f"{message.skipped} row(s) will be skipped; the report names each with its reason. "
            if message.skipped
            else "Every row can be imported. "
        ) + "All rows are stored or none. If it is another export, answer n and choose the "
        details += "system in the import dialog."

        def answer(yes: bool | None) -> None:
            if yes:
                self.start_import(message.kind, message.path, None)

        self.app.push_screen(ConfirmDialog(question, details), answer)

    def start_import(self, kind: str, path: Path, mapping: dict[str, str] | None) -> None:
        self.query_one("#import-label", Static).update(Text(f"Importing {path.name}… "))
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.query_one("#import-bar").remove_class("hidden")
        self.run_import(kind, path, mapping, self.ekko.clock.now(), self.ekko.actor)

    @work(exclusive=True, thread=True, group="subject-import")
    def run_import(
        self, kind: str, path: Path, mapping: dict[str, str] | None, now: datetime, actor: str
    ) -> None:
        """Read, check and store the whole file in a thread; report back with messages."""
        try:
            data = read_export_file(path)
            if kind == "csv" and mapping is None:
                self.post_message(self.NeedMapping(path, read_headers(data)))
                return
            parsed = stream_export(kind, data, mapping)
            report = import_export(
                parsed,
                kind=kind,
                file_name=path.name,
                sha256=hashlib.sha256(data).hexdigest(),
                now=now,
                actor=actor,
                progress=self._post_progress,
                exported_at=datetime.fromtimestamp(path.stat().st_mtime, tz=UTC),
            )
        except ImportFileError as exc:
            self.post_message(self.ImportFailed(f"{path.name}: {exc}"))
            return
        except (StoreError, OSError) as exc:
            self.post_message(self.ImportFailed(f"{path.name}: {exc} Nothing was imported."))
            return
        finally:
            close_thread_connection()
        self.post_message(self.ImportDone(report))

    def _post_progress(self, done: int, total: int) -> None:
        self.post_message(self.ImportProgress(done, total))

    @on(ImportProgress)
    def _progress(self, message: ImportProgress) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    @on(NeedMapping)
    def _need_mapping(self, message: NeedMapping) -> None:
        self.query_one("#import-bar").add_class("hidden")

        def apply(values: MappingValue) -> dict[str, str]:
            return values.mapping()

        def mapped(mapping: dict[str, str] | None) -> None:
            if mapping:
                self.start_import("csv", message.path, mapping)

        dialog = MappingDialog(apply, headers=message.headers, guess=guess_mapping(message.headers))
        self.app.push_screen(dialog, mapped)

    @on(ImportFailed)
    def _failed(self, message: ImportFailed) -> None:
        self.query_one("#import-bar").add_class("hidden")
        self.notify(message.message, severity="error", timeout=15)

    @on(ImportDone)
    def _done(self, message: ImportDone) -> None:
        self.query_one("#import-bar").add_class("hidden")
        self.notify(message.report.summary(), timeout=8)
        self.app.push_screen(ImportReportScreen(message.report))
        self.imported()

    def imported(self) -> None:
        """After an import: the screen refreshes what it shows."""
