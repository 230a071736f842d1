"""Deadlines: what the law expects and when, grouped; Enter jumps to the request in the inbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl
from ekko_tui.store.agenda import agenda as load_agenda
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.format import CLOSED, OVERDUE, SOON, WAITING, plain

if TYPE_CHECKING:
    pass

# Status before Why: the why can be long, and the table scrolls sideways rather than hide status.
COLUMNS = ("Ref", "Requester", "Type", "Deadline", "Left", "Status", "Why")
GROUP_STYLES = {
    "overdue": OVERDUE,
    "today": "bold " + SOON,
    "soon": SOON,
    "later": "",
    "waiting": WAITING,
    "extension": "magenta",
    "breaches": SOON,
}


def item_cells(item: ag.AgendaItem) -> tuple[Text, ...]:
    """The table cells of one agenda item (user text as plain Text, never markup)."""
    style = GROUP_STYLES.get(item.group, "")
    if item.source == "breach" and item.attention:
        style = OVERDUE  # under 24 hours to the Art. 33 notice
    attention = style + (" bold" if item.attention else "")
    return (
        plain(item.ref, style),
        plain(item.title or "—", style),
        plain(item.kind, style),
        plain(dl.format_date(item.date), style),
        plain(ag.left_label(item), style),
        plain(item.status, style),
        plain(item.detail, attention),
    )


def header_cells(group: ag.AgendaGroup) -> tuple[Text, ...]:
    """A group heading row: title and count, then what the group means."""
    style = "bold " + GROUP_STYLES.get(group.key, "") if group.items else CLOSED
    return (
        plain(f"▸ {group.title} ({len(group.items)})", style.strip()),
        *(plain("") for _ in COLUMNS[1:-1]),
        plain(group.spec.meaning, CLOSED),
    )


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

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        yield Static("", id="deadline-summary")
        table: DataTable[Text] = DataTable(id="deadlines", cursor_type="row")
        yield table
        yield Static("", id="deadline-why")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label.lower())
        self.reload()
        table.focus()

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
        for group in self.agenda.groups:
            if group.key == "breaches" and not group.items:
                continue  # shown only while a breach's 72-hour clock runs
            table.add_row(*header_cells(group))
            self._row_items.append(None)
            for item in group.items:
                table.add_row(*item_cells(item))
                self._row_items.append(item)
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
        if item is None or item.source != "request" or item.source_id is None:
            self.notify("Move to a request row first.", severity="warning")
            return
        await show_request_in_inbox(self.ekko, item.source_id)

    def action_month(self) -> None:
        from ekko_tui.ui.screens.deadline_month import DeadlineMonthScreen

        assert self.agenda is not None
        item = self.current_item()
        month = (item.date if item is not None else self.agenda.today).replace(day=1)
        self.app.push_screen(DeadlineMonthScreen(self.agenda, month))

    def action_export_calendar(self) -> None:
        from ekko_tui.ui.calendar_dialog import open_export_dialog

        open_export_dialog(self)
