"""Deadlines: what the law expects and when, grouped; Enter jumps to the request in the inbox."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl
from ekko_tui.store.agenda import agenda as load_agenda
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import CLOSED, OVERDUE, SOON, WAITING, plain

# Ref holds only references; the Name column holds the requester, the processor of a processor
# chore (whose Ref is empty) and a group heading, so that long names never widen Ref and push
# Why off the screen. Status before Why: the why can be long, and the table scrolls sideways.
COLUMNS = ("Ref", "Name", "Type", "Deadline", "Left", "Status", "Why")
HEADING = "▸"  # the Ref cell of a group heading
# Under COMPACT_BELOW columns: no Why column (the line under the table has it), short headings,
# dates as 24.12.2026.
COMPACT_BELOW = 120
COMPACT_COLUMNS = (
    ("Ref", 9),
    ("Name", 17),
    ("Deadline", 10),
    ("Left", 10),
    ("Status", 11),
    ("Type", 7),
)
# Group headings that fit the compact name column (the line under the table has the full title).
SHORT_TITLES = {
    "soon": "Due ≤ 5 wd",
    "waiting": "Waiting",
    "extension": "Extend by",
    "processors": "Processors",
    "breaches": "Breach 72 h",
    "notice": "Notice",
    "kept": "Kept docs",
    "request_retention": "Past retention",
}
GROUP_STYLES = {
    "overdue": OVERDUE,
    "today": "bold " + SOON,
    "soon": SOON,
    "later": "",
    "waiting": WAITING,
    "extension": "magenta",
    "breaches": SOON,
}


def item_cells(item: ag.AgendaItem, *, compact: bool = False) -> tuple[Text, ...]:
    """The table cells of one agenda item (user text as plain Text, never markup)."""
    style = GROUP_STYLES.get(item.group, "")
    if item.source == "breach" and item.attention:
        style = OVERDUE  # under 24 hours to the Art. 33 notice
    attention = style + (" bold" if item.attention else "")
    ref = "" if item.source == "processor" else item.ref
    name = item.title or item.ref or "—"
    if compact:
        return (
            plain(ref, style),
            plain(name, style),
            plain(f"{item.date:%d.%m.%Y}", style),
            plain(ag.left_label(item), style),
            plain(item.status, attention),
            plain(item.kind, style),
        )
    return (
        plain(ref, style),
        plain(name, style),
        plain(item.kind, style),
        plain(dl.format_date(item.date), style),
        plain(ag.left_label(item), style),
        plain(item.status, style),
        plain(item.detail, attention),
    )


def header_cells(group: ag.AgendaGroup, *, compact: bool = False) -> tuple[Text, ...]:
    """A group heading row: a marker, the title and count, then what the group means."""
    style = ("bold " + GROUP_STYLES.get(group.key, "") if group.items else CLOSED).strip()
    title = SHORT_TITLES.get(group.key, group.title) if compact else group.title
    cells = [plain(HEADING, style), plain(f"{title} ({len(group.items)})", style)]
    if compact:
        return (*cells, *(plain("") for _ in range(4)))
    return (*cells, *(plain("") for _ in COLUMNS[2:-1]), plain(group.spec.meaning, CLOSED))


class DeadlinesScreen(Screen[Any]):
    """The agenda in groups; the highlighted row's full explanation under the table."""

    BINDINGS = [
        # Priority: ahead of the table's own enter, so the action is also in the palette.
        Binding(
            "enter",
            "open_request",
            "Open in inbox",
            tooltip="Jump to the request in the inbox",
            priority=True,
        ),
        Binding("m", "month", "Month", tooltip="Month view: deadlines and public holidays"),
        Binding("e", "export_calendar", "Export .ics", tooltip="Write the deadlines to a calendar"),
        Binding("r", "reload", "Reload", show=False, tooltip="Recount the agenda"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.agenda: ag.Agenda | None = None
        self._row_items: list[ag.AgendaItem | None] = []
        self._row_groups: list[ag.AgendaGroup] = []
        self.compact = False  # set from the terminal width on mount and resize

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        yield Static("", id="deadline-summary")
        table: DataTable[Text] = DataTable(id="deadlines", cursor_type="row")
        yield table
        yield Static("", id="deadline-why")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.compact = self.app.size.width < COMPACT_BELOW
        self._add_columns()
        self.reload()
        table.focus()

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        if self.compact:
            for label, width in COMPACT_COLUMNS:
                table.add_column(label, key=label.lower(), width=width)
        else:
            for label in COLUMNS:
                table.add_column(label, key=label.lower())

    def on_resize(self) -> None:
        compact = self.app.size.width < COMPACT_BELOW
        if compact != self.compact and self.agenda is not None:
            self.compact = compact
            self.query_one(DataTable).clear(columns=True)
            self._add_columns()
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # --- data ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Recompute the agenda for today and keep the highlighted item if it is still there."""
        keep = self.current_item()
        self.agenda = load_agenda(self.ekko.clock.today(), self.ekko.clock.now())
        table = self.query_one(DataTable)
        table.clear()
        self._row_items = []
        self._row_groups = []
        for group in self.agenda.groups:
            if group.key in ("breaches", "kept", "request_retention") and not group.items:
                continue  # shown only while a breach's clock runs / a kept record expired
            table.add_row(*header_cells(group, compact=self.compact))
            self._row_items.append(None)
            self._row_groups.append(group)
            for item in group.items:
                table.add_row(*item_cells(item, compact=self.compact))
                self._row_items.append(item)
                self._row_groups.append(group)
        target = next(
            (
                n
                for n, i in enumerate(self._row_items)
                if i is not None
                and keep is not None
                and (i.group, i.source, i.source_id) == (keep.group, keep.source, keep.source_id)
            ),
            next((n for n, i in enumerate(self._row_items) if i is not None), 0),
        )
        table.move_cursor(row=target)
        summary = ag.summary(self.agenda) or "Nothing overdue and nothing due this week."
        self.query_one("#deadline-summary", Static).update(
            Text(f"Deadlines · {dl.format_date(self.agenda.today)} · {summary}")
        )
        self._show_why()

    def current_item(self) -> ag.AgendaItem | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if row is None or not 0 <= row < len(self._row_items):
            return None
        return self._row_items[row]

    def _show_why(self) -> None:
        item = self.current_item()
        why = self.query_one("#deadline-why", Static)
        if item is None:
            row = self.query_one(DataTable).cursor_row
            if row is not None and 0 <= row < len(self._row_groups):  # a heading: what it means
                group = self._row_groups[row]
                text = Text(f"{group.title} ({len(group.items)})\n", style="bold")
                text.append(group.spec.meaning, style="italic")
                why.update(text)
                return
            why.update(Text("Move to a row to see why its date is what it is.", style=CLOSED))
            return
        text = Text()
        text.append(f"{item.ref} ", style="bold")
        text.append(f"{item.title} · " if item.title else "")
        text.append(f"{item.detail}\n")
        text.append("Why: " + (item.explanation or item.detail), style="italic")
        why.update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_why()

    @on(DataTable.RowSelected)
    async def _selected(self) -> None:
        await self.action_open_request()

    # --- actions -------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.reload()

    async def action_open_request(self) -> None:
        from ekko_tui.ui.jump import show_request_in_inbox

        item = self.current_item()
        if item is not None and item.source == "breach":
            await self.app.run_action("switch_mode('breaches')")
            return
        if item is not None and item.source in ("processor", "notice"):
            await self.app.run_action("switch_mode('registers')")
            return
        if item is not None and item.source == "kept":
            self.ask_erase_expired()
            return
        if item is not None and item.source == "request_retention":
            from ekko_tui.ui.retention_sweep import ask_erase_past_retention

            assert self.agenda is not None
            count = len(self.agenda.group("request_retention").items)
            ask_erase_past_retention(self, count, self.reload)
            return
        if item is None or item.source != "request" or item.source_id is None:
            self.notify("Move to a request row first.", severity="warning")
            return
        await show_request_in_inbox(self.ekko, item.source_id)

    def ask_erase_expired(self) -> None:
        """Enter on a kept document past its keep-until date: erase every such record (y/n)."""
        from ekko_tui.store import erasure
        from ekko_tui.store.db import StoreError
        from ekko_tui.ui.dialogs import ConfirmDialog

        assert self.agenda is not None
        count = len(self.agenda.group("kept").items)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                done = erasure.erase_expired_kept(
                    self.ekko.clock.today(), now=self.ekko.clock.now(), actor=self.ekko.actor
                )
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=15)
                return
            self.reload()
            self.notify(f"{done} kept record(s) erased.")

        self.app.push_screen(
            ConfirmDialog(
                f"Erase the {count} kept record(s) past their keep-until date?",
                "bokføringsloven § 13 no longer requires them; the audit trail keeps the count "
                "and the request references only.",
            ),
            answered,
        )

    def action_month(self) -> None:
        from ekko_tui.ui.screens.deadline_month import DeadlineMonthScreen

        assert self.agenda is not None
        item = self.current_item()
        month = (item.date if item is not None else self.agenda.today).replace(day=1)
        self.app.push_screen(DeadlineMonthScreen(self.agenda, month))

    def action_export_calendar(self) -> None:
        from ekko_tui.ui.calendar_dialog import open_export_dialog

        open_export_dialog(self)
