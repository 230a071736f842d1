"""The inbox: every request, by legal deadline, worked from the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.widgets import DataTable, Input, Static

from ekko_tui.domain.collation import collation_key
from ekko_tui.domain.request_list import SOON_WORKING_DAYS, RequestSummary
from ekko_tui.store import queries
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import inbox_cells, requester_label
from ekko_tui.ui.mail_fetch import (
    FETCH_EVERY_SECONDS,
    MailFetched,
    configured_mailbox,
    fetch_in_thread,
)
from ekko_tui.ui.request_actions import REQUEST_BINDINGS, RequestActions
from ekko_tui.ui.widgets.text_table import Cell, TextTable

COLUMNS = ("Ref", "Received", "Channel", "Type", "Requester", "Status", "Deadline", "Left")
# Under COMPACT_BELOW columns the deadline columns win: Received and Channel go (they are in the
# detail), long values end in an ellipsis, and Ref stays fixed when scrolling sideways.
COMPACT_BELOW = 120
COMPACT_COLUMNS = (
    ("Ref", None),
    ("Type", 10),
    ("Requester", 14),
    ("Status", 11),
    ("Deadline", 11),
    ("Left", 10),
)
SORTS = ("deadline", "received", "ref", "requester", "status")


class InboxScreen(RequestActions):
    """Requests sorted by deadline; colour shows overdue, due soon and waiting."""

    # The list has the focus from the start: Textual's default ("*") focused the hidden find
    # box first, so the first frame's footer was built for the box (only `/`) and built again.
    AUTO_FOCUS = "#requests"
    BINDINGS = [
        Binding(
            "enter", "open_detail", "Open", tooltip="Open the request: all fields and timeline"
        ),
        *REQUEST_BINDINGS,
        Binding("f", "cycle_filter", "Filter", tooltip="Open / all / overdue / waiting"),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            show=False,
            tooltip="Sort by deadline, received, ref, requester, status",
        ),
        Binding("slash", "find", "Find", tooltip="Find in the list"),
        Binding("escape", "clear_find", "Clear find", show=False),
        Binding("g", "fetch_mail", "Get mail", tooltip="Fetch new requests from the mailbox now"),
    ]

    # What the list shows: set by the keys here or by another screen (ui/jump.py reveals a
    # request through `reveal_request`); each change reloads or redraws the list once.
    filter: var[str] = var("open", init=False)
    sort: var[str] = var("deadline", init=False)
    find_text: var[str] = var("", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RequestSummary] = []
        self._ids: list[int] = []  # request ids of the table's rows, in order
        self._mail_error = ""  # the last fetch failure shown (said once, not every 5 minutes)
        self._has_mailbox = False
        self.compact = False  # set from the terminal width on mount and resize
        self._fresh_from_mount = False
        self._cells: dict[int, tuple[Cell, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="summary")
        yield Input(placeholder="Find: ref, name, contact, type…", id="find", classes="hidden")
        table = TextTable(id="requests", cursor_type="row", zebra_stripes=True, fixed_columns=1)
        yield table
        yield Static("", id="empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.compact = self.app.size.width < COMPACT_BELOW
        self._add_columns()
        self.refresh_requests()
        # The first ScreenResume follows mount at once: the rows just loaded are current.
        self._fresh_from_mount = True
        table.focus()
        self._has_mailbox = configured_mailbox() is not None
        if self._has_mailbox:  # no mailbox: nothing runs, nothing is said
            self.call_after_refresh(self._fetch, False)
            self.set_interval(FETCH_EVERY_SECONDS, lambda: self._fetch(False))

    def _add_columns(self) -> None:
        # Labels as Text: a str label is parsed as markup, whose emoji step imports rich's
        # emoji table (about 12 ms of the first frame) for words that never hold one.
        table = self.query_one(DataTable)
        if self.compact:
            for label, width in COMPACT_COLUMNS:
                table.add_column(Text(label), key=label.lower(), width=width)
        else:
            for label in COLUMNS:
                table.add_column(Text(label), key=label.lower())

    def on_resize(self) -> None:
        compact = self.app.size.width < COMPACT_BELOW
        if compact != getattr(self, "compact", compact):
            self.compact = compact
            self._cells.clear()  # the cells differ between the two layouts
            keep = self.current_request_id()
            self.query_one(DataTable).clear(columns=True)
            self._add_columns()
            self._fill(keep)

    def on_screen_resume(self) -> None:
        if self._fresh_from_mount:
            self._fresh_from_mount = False
            return
        self.refresh_requests(self.current_request_id())

    def watch_filter(self) -> None:
        self.refresh_requests()

    def watch_sort(self) -> None:
        self._fill()

    def watch_find_text(self) -> None:
        self._fill()

    def reveal_request(self, request_id: int) -> None:
        """Show this request selected: the find cleared and, if the filter hides it, 'all'."""
        box = self.query_one("#find", Input)
        box.value = ""
        box.add_class("hidden")
        self.set_reactive(InboxScreen.find_text, "")
        self.refresh_requests(select_id=request_id)
        if request_id not in self._ids:
            self.set_reactive(InboxScreen.filter, "all")
            self.refresh_requests(select_id=request_id)
        self.query_one(DataTable).focus()

    # --- data ----------------------------------------------------------------------------------

    def refresh_requests(self, select_id: int | None = None) -> None:
        self.rows = queries.request_rows(self.ekko.clock.today(), self.filter)
        self._cells.clear()  # the rows' cells are built again, once, by _fill
        self._fill(select_id)

    def _visible(self) -> list[RequestSummary]:
        rows = self.rows
        if self.find_text:
            needle = self.find_text.casefold()
            rows = [
                r
                for r in rows
                if needle
                in " ".join(
                    (r.ref, r.requester_name, r.requester_contact, " ".join(r.types), r.status)
                ).casefold()
            ]
        return sort_rows(rows, self.sort)

    def _fill(self, select_id: int | None = None) -> None:
        table = self.query_one(DataTable)
        keep = select_id if select_id is not None else self.current_request_id()
        table.clear()
        visible = self._visible()
        # A re-sort or a find reuses the cells of the rows loaded (a Cell is not changed by the
        # table), so only a reload pays for building them.
        cells, compact = self._cells, self.compact
        table.add_rows(
            [
                cells.get(r.id) or cells.setdefault(r.id, inbox_cells(r, compact=compact))
                for r in visible
            ]
        )
        # DataTable.add_rows gives generated keys; map them back to request ids by position.
        self._ids = [r.id for r in visible]
        if keep in self._ids:
            table.move_cursor(row=self._ids.index(keep))
        self._update_summary(visible)

    def _update_summary(self, visible: list[RequestSummary]) -> None:
        """Counts of the rows shown (under find, only those that match)."""
        shown = len(visible)
        open_rows = [r for r in visible if r.is_open]
        overdue = sum(1 for r in open_rows if r.overdue)
        soon = sum(
            1
            for r in open_rows
            if not r.waiting and not r.overdue and r.working_days_left <= SOON_WORKING_DAYS
        )
        waiting = sum(1 for r in open_rows if r.waiting)
        parts = [
            f"Inbox · {self.filter}",
            f"{shown} shown",
            f"{overdue} overdue",
            f"{soon} due ≤ {SOON_WORKING_DAYS} wd"
            if self.compact
            else f"{soon} due within {SOON_WORKING_DAYS} working days",
            f"{waiting} waiting",
            f"by {self.sort}" if self.compact else f"sorted by {self.sort}",
        ]
        if self.find_text:
            parts.append(f"find: {self.find_text}")
        self.query_one("#summary", Static).update(Text(" · ".join(parts)))
        empty = self.query_one("#empty", Static)
        if shown:
            empty.update("")
        elif self.find_text:
            empty.update(Text(f"No request matches {self.find_text!r}. Esc clears the search."))
        else:
            empty.update(Text(f"No {self.filter} requests. Press n to log one."))

    def current_request_id(self) -> int | None:
        table = self.query_one(DataTable)
        ids = self._ids
        if not ids or table.cursor_row is None or not 0 <= table.cursor_row < len(ids):
            return None
        return ids[table.cursor_row]

    # --- the mailbox ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The fetch key is offered only where a mailbox is set up."""
        if action == "fetch_mail":
            return self._has_mailbox
        return True

    def action_fetch_mail(self) -> None:
        self._fetch(True)

    def _fetch(self, manual: bool) -> None:
        settings = configured_mailbox()
        if settings is None:
            return
        if manual:
            self.notify(f"Fetching mail from {settings.host}…", title="Mailbox", timeout=3)
        self.fetch_mail(settings, self.ekko.clock.now(), self.ekko.actor, manual)

    @work(thread=True, exclusive=True, group="mail-fetch")
    def fetch_mail(self, settings, now, actor, manual: bool) -> None:  # type: ignore[no-untyped-def]
        """Fetch in a thread on plain data; the result comes back as a message."""
        password = self.ekko.config.mail_password
        self.post_message(fetch_in_thread(settings, now, actor, manual, password))

    @on(MailFetched)
    def _mail_fetched(self, message: MailFetched) -> None:
        if message.busy:
            if message.manual:
                self.notify(
                    "Another ekko is fetching this mailbox right now: try again in a moment.",
                    title="Mailbox",
                )
            return
        if message.error:
            if message.manual or message.error != self._mail_error:
                self.notify(message.error, title="Mailbox", severity="error", timeout=15)
            self._mail_error = message.error
            return
        self._mail_error = ""
        if message.logged:
            self.refresh_requests()
            refs = ", ".join(message.logged)
            self.notify(f"Fetched {len(message.logged)} new: {refs}.", title="Mailbox")
        elif message.manual:
            self.notify("No new mail.", title="Mailbox")
        if message.left:
            self.notify(
                f"{len(message.left)} message(s) could not be read and stay in the mailbox: "
                + "; ".join(message.left),
                title="Mailbox",
                severity="warning",
                timeout=20,
            )

    # --- actions -------------------------------------------------------------------------------

    def action_open_detail(self) -> None:
        from ekko_tui.ui.screens.detail import RequestDetailScreen

        rid = self.current_request_id()
        if rid is None:
            self.notify("No request selected.", severity="warning")
            return
        self.app.push_screen(RequestDetailScreen(rid))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_detail()

    @on(DataTable.RowHighlighted)
    def _remember_highlighted(self) -> None:
        """The subject card links 'the inbox's current request': the one highlighted here."""
        self.ekko.inbox_request_id = self.current_request_id()

    def action_cycle_filter(self) -> None:
        self.filter = queries.FILTERS[
            (queries.FILTERS.index(self.filter) + 1) % len(queries.FILTERS)
        ]

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]

    def action_find(self) -> None:
        box = self.query_one("#find", Input)
        box.remove_class("hidden")
        box.focus()

    def action_clear_find(self) -> None:
        box = self.query_one("#find", Input)
        box.value = ""
        box.add_class("hidden")
        self.find_text = ""
        self.query_one(DataTable).focus()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        self.find_text = event.value.strip()

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        self.query_one(DataTable).focus()


def sort_rows(rows: list[RequestSummary], sort: str) -> list[RequestSummary]:
    """Rows in the chosen order; open requests first, deadline as tie-break."""
    keys = {
        "deadline": lambda r: (not r.is_open, r.deadline.effective, r.ref),
        "received": lambda r: (r.received_at, r.ref),
        "ref": lambda r: (r.ref,),
        "requester": lambda r: (collation_key(requester_label(r)), r.ref),
        "status": lambda r: (r.status, r.deadline.effective, r.ref),
    }
    return sorted(rows, key=keys[sort])
