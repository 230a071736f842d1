"""Mode 4: the processor register, the processing activities (Art. 30) and the cookie list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.widgets.data_table import CellDoesNotExist

from ekko_tui.domain.registers import (
    warning_summary,
)
from ekko_tui.store import register_seed as seed
from ekko_tui.store import registers as store
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import oslo_time
from ekko_tui.ui.register_actions import RegisterActions
from ekko_tui.ui.register_format import (
    ACTIVITY_COLUMNS,
    COOKIE_COLUMNS,
    OK,
    PROCESSOR_COLUMNS,
    WARN,
    activity_cells,
    activity_detail,
    cookie_cells,
    cookie_detail,
    processor_cells,
    processor_detail,
)

TABLES = {
    "processors": "#processor-table",
    "activities": "#activity-table",
    "cookies": "#cookie-table",
}


class RegistersScreen(RegisterActions):
    """Processors, activities and cookies in tabs; every edit validated and logged."""

    BINDINGS = [
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted entry"),
        Binding("n", "new", "New", tooltip="Add an entry to the current tab"),
        Binding("r", "reviewed", "Reviewed", tooltip="Processor reviewed today: next in 12 months"),
        Binding("w", "export", "Export ROPA", tooltip="Save the Art. 30 record as PDF or CSV"),
        Binding(
            "N", "notice", "Notice", tooltip="Preview and save the privacy notice and cookie list"
        ),
        Binding("u", "offers", "Updates", tooltip="Take over new or changed shipped entries"),
        Binding("c", "controller", "Controller", tooltip="Edit the controller profile and e-mail"),
        Binding(
            "v",
            "dpf_checked",
            "DPF checked",
            show=False,
            tooltip="The processor is on the DPF list today: record the check",
        ),
        Binding("d", "delete", "Delete", show=False, tooltip="Delete the highlighted entry"),
        Binding("p", "tab('processors')", "Processors", show=False, tooltip="Processors tab"),
        Binding("a", "tab('activities')", "Activities", show=False, tooltip="Activities tab"),
        Binding("k", "tab('cookies')", "Cookies", show=False, tooltip="Cookies tab"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.procs: list[store.ProcessorRow] = []
        self.acts: list[store.ActivityRow] = []
        self.cooks: list[store.CookieRow] = []
        self.offers: tuple[seed.Offer, ...] = ()
        self.offer_error = ""

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        yield Static("", id="summary")
        with TabbedContent(id="tabs", initial="processors"):
            for pane_id, title, table_id in (
                ("processors", "Processors", "processor-table"),
                ("activities", "Activities", "activity-table"),
                ("cookies", "Cookies", "cookie-table"),
            ):
                with TabPane(title, id=pane_id):
                    yield DataTable(
                        id=table_id, cursor_type="row", zebra_stripes=True, fixed_columns=1
                    )
        with VerticalScroll(id="detail-scroll"):
            yield Static("", id="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        for selector, columns in (
            ("#processor-table", PROCESSOR_COLUMNS),
            ("#activity-table", ACTIVITY_COLUMNS),
            ("#cookie-table", COOKIE_COLUMNS),
        ):
            table = self.query_one(selector, DataTable)
            for label, width in columns:
                table.add_column(label, key=label.lower(), width=width)
        self.reload()
        self.query_one("#processor-table", DataTable).focus()
        if not store.controller_profile().email and not store.email_asked():
            self.call_after_refresh(self._ask_email)

    def on_screen_resume(self) -> None:
        self.reload()

    # --- data ---------------------------------------------------------------------------------

    @property
    def tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active or "processors"

    def reload(self) -> None:
        """Read the registers and the pending shipped offers, and fill the three tables."""
        today = self.ekko.clock.today()
        self.procs = list(store.processors(today))
        self.acts = list(store.activities(today))
        self.cooks = list(store.cookies())
        try:
            self.offers = seed.pending_offers()
            self.offer_error = ""
        except seed.ShippedDataError as exc:
            self.offers, self.offer_error = (), str(exc)
        self._fill("#processor-table", [(p.id, processor_cells(p)) for p in self.procs])
        self._fill("#activity-table", [(a.id, activity_cells(a)) for a in self.acts])
        self._fill("#cookie-table", [(c.id, cookie_cells(c)) for c in self.cooks])
        self._summary()
        self._show_detail()

    def _fill(self, selector: str, rows: list[tuple[int, tuple[Text, ...]]]) -> None:
        table = self.query_one(selector, DataTable)
        keep = self._current_id(selector)
        table.clear()
        for rid, cells in rows:
            table.add_row(*cells, key=str(rid))
        ids = [rid for rid, _ in rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))

    def _current_id(self, selector: str | None = None) -> int | None:
        table = self.query_one(selector or TABLES[self.tab], DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        except CellDoesNotExist:  # an empty or shrinking table has no current row
            return None
        return int(key.value) if key.value is not None else None

    def _summary(self) -> None:
        warnings = [w for p in self.procs for w in p.warnings]
        parts = [
            f"Registers · {len(self.procs)} processors/recipients",
            f"{len(self.acts)} activities",
            f"{len(self.cooks)} cookies",
        ]
        if not store.controller_profile().email:
            parts.append("contact e-mail missing: press c")
        if self.offers:
            parts.append(f"{len(self.offers)} shipped updates: press u")
        if self.offer_error:
            parts.append(self.offer_error)
        text = Text(" · ".join(parts))
        text.append("\n")
        text.append(
            ("⚠ " if warnings else "") + warning_summary(warnings), style=WARN if warnings else OK
        )
        self.query_one("#summary", Static).update(text)

    def _show_detail(self) -> None:
        rid = self._current_id()
        lines: list[str] = []
        key = ""
        if self.tab == "processors":
            p = next((x for x in self.procs if x.id == rid), None)
            lines, key = (processor_detail(p), p.key) if p else ([], "")
        elif self.tab == "activities":
            a = next((x for x in self.acts if x.id == rid), None)
            lines, key = (activity_detail(a), a.key) if a else ([], "")
        else:
            c = next((x for x in self.cooks if x.id == rid), None)
            if c:
                lines, key = cookie_detail(c), c.key
        if key:
            kind = {"processors": "processor", "activities": "activity"}.get(self.tab, "cookie")
            lines.append("History:")
            lines += [
                f"  {oslo_time(h.at)}  {h.actor}: {h.detail}"
                for h in store.entry_history(kind, key)
            ]
        self.query_one("#detail", Static).update(Text("\n".join(lines)))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.query_one(TABLES[self.tab], DataTable).focus()
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    # --- actions -------------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_notice(self) -> None:
        from ekko_tui.ui.screens.notice import NoticeScreen

        self.app.push_screen(NoticeScreen(), lambda _: self.reload())
