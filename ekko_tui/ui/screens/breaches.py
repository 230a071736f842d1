"""The breach register (key 5): breaches by notify-by with hours left; enter opens the detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ekko_tui.domain import agenda as ag
from ekko_tui.domain import breaches as br
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import breaches as store
from ekko_tui.ui.breach_forms import BreachForm, Field, NewBreachValue
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.format import CLOSED, OVERDUE, SOON, oslo_time, plain

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp

COLUMNS = ("Ref", "Notify by", "Left", "Status", "Risk", "What happened")


def row_style(row: store.BreachRow, now: Any) -> str:
    """Red under 24 hours (or late), yellow while the clock runs, dim once closed."""
    hours = row.hours_left(now)
    if hours is not None:
        return OVERDUE if hours < br.URGENT_HOURS else SOON
    return CLOSED if row.status == "closed" else ""


def row_cells(row: store.BreachRow, now: Any) -> tuple[Text, ...]:
    style = row_style(row, now)
    hours = row.hours_left(now)
    first_line = row.summary.splitlines()[0] if row.summary else ""
    return (
        plain(row.ref, style),
        plain(oslo_time(row.notify_by), style),
        plain(ag.hours_label(hours) if hours is not None else "—", style),
        plain(br.STATUSES[row.status], style),
        plain(row.risk if row.risk != "unassessed" else "?", style),
        plain(first_line, style),
    )


def new_breach_form(ekko: EkkoApp, default_aware: str) -> BreachForm[NewBreachValue, str]:
    """The form of `n`: awareness time, what happened, the source, the types. An autumn
    repeated hour is asked about once; saving again keeps the first (CEST)."""
    asked: dict[str, str] = {}

    def apply(v: NewBreachValue) -> str:
        now = ekko.clock.now()
        new, note = store.new_breach(
            aware=v.aware, summary=v.summary, now=now, source=v.source, types=",".join(v.types)
        )
        if note and asked.get("aware") != v.aware:
            asked["aware"] = v.aware
            raise ValidationError("aware", note + " Press Save again to keep the first.")
        return store.create_breach(new, now=now, actor=ekko.actor)

    return BreachForm(
        apply,
        value_type=NewBreachValue,
        title="Log a personal data breach",
        intro="The 72 hours to Datatilsynet run from when EKKO became aware (Art. 33(1)).",
        fields=(
            Field(
                "aware",
                "Became aware (Oslo, YYYY-MM-DD HH:MM; CET/CEST in the autumn hour)",
                value=default_aware,
            ),
            Field("summary", "What happened", "text"),
            Field("source", "How EKKO learned of it", "choice", "self", tuple(br.SOURCES.items())),
            Field("types", "Type (several allowed)", "many", "", tuple(br.BREACH_TYPES.items())),
        ),
    )


class BreachesScreen(Screen[Any]):
    """Every breach by notify-by; the clock in hours, red under 24."""

    BINDINGS = [
        Binding("n", "new_breach", "New", tooltip="Log a new breach (awareness time, what)"),
        Binding(
            "enter",
            "open_breach",
            "Open",
            tooltip="The breach's record and timeline",
            priority=True,
        ),
        Binding("l", "letter", "Letter", tooltip="Art. 34 letter to the people affected"),
        Binding("p", "sheet", "Altinn sheet", tooltip="The fill-in sheet for Datatilsynet's form"),
        Binding("a", "toggle_closed", "All/open", tooltip="Show closed breaches too, or not"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_closed = False
        self.refs: list[str] = []

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        yield Static("", id="breach-summary")
        table: DataTable[Text] = DataTable(id="breaches", cursor_type="row")
        yield table
        yield Static("", id="breach-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label.lower())
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        keep = select or self.current_ref()
        now = self.ekko.clock.now()
        rows = store.breach_rows(include_closed=self.show_closed)
        table = self.query_one(DataTable)
        table.clear()
        self.refs = [r.ref for r in rows]
        for r in rows:
            table.add_row(*row_cells(r, now), key=r.ref)
        if keep in self.refs:
            table.move_cursor(row=self.refs.index(keep))
        running = [r for r in rows if r.hours_left(now) is not None]
        urgent = [r for r in running if (r.hours_left(now) or 0) < br.URGENT_HOURS]
        scope = "all" if self.show_closed else "open"
        summary = f"Breaches · {len(rows)} {scope} · {len(running)} with the 72-hour clock running"
        if urgent:
            summary += f" · {len(urgent)} under 24 h"
        self.query_one("#breach-summary", Static).update(Text(summary))
        empty = self.query_one("#breach-empty", Static)
        empty.update(
            Text("No breaches recorded. n logs one the moment EKKO becomes aware of it.")
            if not rows
            else ""
        )
        empty.display = not rows

    def current_ref(self) -> str | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if not self.refs or row is None or not 0 <= row < len(self.refs):
            return None
        return self.refs[row]

    def _need_ref(self) -> str | None:
        ref = self.current_ref()
        if ref is None:
            self.notify("No breach here yet: n logs one.", severity="warning")
        return ref

    # --- actions -------------------------------------------------------------------------------

    def action_new_breach(self) -> None:
        default = oslo_time(self.ekko.clock.now())

        def done(ref: str | None) -> None:
            if not ref:
                return
            self.reload(ref)
            row = next(r for r in store.breach_rows() if r.ref == ref)
            self.notify(
                f"{ref} logged: notify Datatilsynet by {br.format_moment(row.notify_by)} "
                f"({br.left_text(row.notify_by, self.ekko.clock.now())})."
            )

        self.app.push_screen(new_breach_form(self.ekko, default), done)

    def action_open_breach(self) -> None:
        from ekko_tui.ui.screens.breach_detail import BreachDetailScreen

        ref = self._need_ref()
        if ref is not None:
            self.app.push_screen(BreachDetailScreen(ref))

    def action_letter(self) -> None:
        from ekko_tui.ui.screens.breach_papers import BreachLetterScreen

        ref = self._need_ref()
        if ref is not None:
            self.app.push_screen(BreachLetterScreen(ref))

    def action_sheet(self) -> None:
        from ekko_tui.ui.screens.breach_papers import AltinnSheetScreen

        ref = self._need_ref()
        if ref is not None:
            self.app.push_screen(AltinnSheetScreen(ref))

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.reload()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open_breach()
