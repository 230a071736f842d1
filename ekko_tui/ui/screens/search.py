"""Subject search: everyone EKKO holds data on, found as you type; imports run from here too."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, ProgressBar, Static

from ekko_tui.domain.subjects import SYSTEMS
from ekko_tui.store.db import StoreError
from ekko_tui.store.search_thread import StaleSearch
from ekko_tui.store.subject_queries import (
    SearchResult,
    SubjectHit,
    register_summary,
    search_subjects,
)
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import plain
from ekko_tui.ui.screens.import_flow import ImportingScreen

COLUMNS = ("", "Name", "E-mail", "Phone", "Systems", "Requests")
HINT = (
    "Type a name, e-mail, phone, birth date or customer id: results follow every keystroke. "
    "ASCII finds æøå (orjan → Ørjan); typos are forgiven (≈ marks a near match). "
    "↓ moves to the results, enter opens one."
)


def systems_label(systems: tuple[str, ...]) -> str:
    return ", ".join(SYSTEMS.get(s, s) for s in systems) or "—"


def hit_cells(hit: SubjectHit) -> tuple[Text, ...]:
    name = hit.name or "(no name)"
    if hit.organisation:
        name += " (org)"
    more_mail = f" +{len(hit.emails) - 1}" if len(hit.emails) > 1 else ""
    more_phone = f" +{len(hit.phones) - 1}" if len(hit.phones) > 1 else ""
    return (
        plain("≈" if hit.near else "", "dim"),
        plain(name),
        plain((hit.emails[0] if hit.emails else "—") + more_mail),
        plain((hit.phones[0] if hit.phones else "—") + more_phone),
        plain(systems_label(hit.systems)),
        plain(str(hit.requests) if hit.requests else ""),
    )


class SearchScreen(ImportingScreen):
    """Search as you type over every identifier; enter opens the subject card."""

    BINDINGS = [
        Binding("enter", "choose", "Open", tooltip="Open the highlighted subject's card"),
        Binding(
            "ctrl+o", "import_file", "Import", tooltip="Import an export file into the register"
        ),
        Binding("down", "to_results", "Results", show=False, tooltip="Move to the results"),
        Binding("slash", "focus_query", "Search box", show=False, tooltip="Back to the search box"),
        Binding(
            "escape", "escape", "Clear", tooltip="Clear the search box; on an empty box, leave it"
        ),
    ]

    @dataclass
    class Results(Message):
        seq: int
        result: SearchResult

    title_text = "Subjects"

    def __init__(self, prefill: str = "") -> None:
        super().__init__()
        self.prefill = prefill
        self._seq = 0
        self.hits: tuple[SubjectHit, ...] = ()
        self.last_text = ""

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text), id="search-summary")
        yield Input(self.prefill, placeholder="Search: name, e-mail, phone, date, id…", id="query")
        with Horizontal(id="import-bar", classes="hidden"):
            yield Static("Importing…", id="import-label")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
        table: DataTable[Text] = DataTable(id="subjects", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Text(HINT), id="search-empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label.lower() or "near")
        self.query_one("#query", Input).focus()
        self._search(self.prefill)

    def on_screen_resume(self) -> None:
        if self.last_text:
            self._search(self.last_text)

    # --- searching -----------------------------------------------------------------------------

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        self._seq += 1
        self.last_text = text
        if not text.strip():
            self._show_hits(SearchResult(text, ()))
            return
        self.run_search(text, self._seq)

    @work(exclusive=True, group="subject-search")
    async def run_search(self, text: str, seq: int) -> None:
        """Query on the app's search thread (one connection kept open), so typing never waits
        for the database; a query overtaken by a newer keystroke before it starts is skipped."""
        try:
            result = await self.ekko.search_thread().run(seq, search_subjects, text)
        except StaleSearch:
            return
        except StoreError as exc:
            self.post_message(self.ImportFailed(str(exc)))
            return
        self.post_message(self.Results(seq, result))

    @on(Results)
    def _results(self, message: Results) -> None:
        if message.seq != self._seq:
            return  # a newer keystroke's search is on its way: drop this stale result
        self._show_hits(message.result)

    def _show_hits(self, result: SearchResult) -> None:
        table = self.query_one(DataTable)
        keep = self.current_subject_id()
        table.clear()
        self.hits = result.hits
        for hit in result.hits:
            table.add_row(*hit_cells(hit), key=str(hit.id))
        ids = [h.id for h in result.hits]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        summary = self.query_one("#search-summary", Static)
        empty = self.query_one("#search-empty", Static)
        text = result.text.strip()
        if not text:
            register = register_summary()
            parts = [self.title_text, f"{register.subjects:,} in the register"]
            if register.last_import:
                parts.append(f"last import: {register.last_import}")
            else:
                parts.append("nothing imported yet: ctrl+o imports an export")
            summary.update(Text(" · ".join(parts)))
            empty.update(Text(HINT))
        elif result.hits:
            near = sum(1 for h in result.hits if h.near)
            found = len(result.hits)
            total = f"{result.total:,}{'+' if result.total_capped else ''}"
            parts = [
                self.title_text,
                f"first {found} of {total} for {text!r}: type more to narrow"
                if result.total > found  # more match than the page shows
                else f"{found} found for {text!r}",
            ]
            if near:
                parts.append(f"{near} near match(es) ≈")
            summary.update(Text(" · ".join(parts)))
            empty.update("")
        else:
            summary.update(Text(f"{self.title_text} · nothing found for {text!r}"))
            empty.update(
                Text(
                    f"No subject matches {text!r}. Check the spelling, try part of the e-mail or "
                    "phone, or import the system's export (ctrl+o)."
                )
            )

    def current_subject_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.hits or table.cursor_row is None:
            return None
        if not 0 <= table.cursor_row < len(self.hits):
            return None
        return self.hits[table.cursor_row].id

    # --- keys ----------------------------------------------------------------------------------

    def action_choose(self) -> None:
        sid = self.current_subject_id()
        if sid is None:
            self.notify("No subject to open: type to search first.", severity="warning")
            return
        self.chosen(sid)

    def chosen(self, subject_id: int) -> None:
        """Open the subject's card (the picker subclass returns the subject instead)."""
        from ekko_tui.ui.screens.subject_card import SubjectCardScreen

        self.app.push_screen(SubjectCardScreen(subject_id))

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        self.action_choose()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_choose()

    def action_to_results(self) -> None:
        table = self.query_one(DataTable)
        if self.hits:
            table.focus()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_escape(self) -> None:
        """Clear the box; on an empty box, leave it (so digit keys switch modes again)."""
        box = self.query_one("#query", Input)
        if box.value:
            box.value = ""
            box.focus()
        elif box.has_focus:
            self.query_one(DataTable).focus()
        else:
            box.focus()

    def imported(self) -> None:
        self._search(self.last_text)  # an empty box recounts the register in the summary


class SubjectPickerScreen(SearchScreen):
    """The same search, to choose a subject for something (a request link, a merge)."""

    BINDINGS = [
        Binding("enter", "choose", "Choose", tooltip="Choose the highlighted subject"),
        Binding("down", "to_results", "Results", show=False, tooltip="Move to the results"),
        Binding("slash", "focus_query", "Search box", show=False, tooltip="Back to the search box"),
        Binding("escape", "cancel", "Cancel", tooltip="Back without choosing"),
    ]

    def __init__(self, prefill: str = "", *, title: str, exclude: int | None = None) -> None:
        super().__init__(prefill)
        self.title_text = title
        self.exclude = exclude

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Choosing a subject is not the place to import files (inherited from the search)."""
        return action != "import_file"

    def _show_hits(self, result: SearchResult) -> None:
        """The subject being merged into is never offered as its own duplicate."""
        if self.exclude is not None:
            result = replace(result, hits=tuple(h for h in result.hits if h.id != self.exclude))
        super()._show_hits(result)

    def chosen(self, subject_id: int) -> None:
        if subject_id == self.exclude:
            self.notify("That is this same subject: choose another.", severity="warning")
            return
        self.dismiss(subject_id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_import_file(self) -> None:  # not offered while picking
        return
