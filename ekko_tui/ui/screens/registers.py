"""Mode 4: the processor register, the processing activities (Art. 30) and the cookie list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.widgets.data_table import CellDoesNotExist

from ekko_tui.domain.registers import (
    warning_summary,
)
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import register_seed as seed
from ekko_tui.store import register_writes as writes
from ekko_tui.store import registers as store
from ekko_tui.store.db import StoreError
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import oslo_time
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
from ekko_tui.ui.register_forms import (
    ActivityForm,
    ActivityValue,
    ControllerForm,
    ControllerValue,
    CookieForm,
    CookieValue,
    EmailDialog,
    EmailValue,
    ExportDialog,
    OffersDialog,
    OffersValue,
    ProcessorForm,
    ProcessorValue,
    RopaExportValue,
)

TABLES = {
    "processors": "#processor-table",
    "activities": "#activity-table",
    "cookies": "#cookie-table",
}


class RegistersScreen(Screen[Any]):
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

    @dataclass
    class ExportDone(Message):
        path: Path
        error: str

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

    def _after(self, message: str) -> Any:
        def callback(result: Any) -> None:
            if result is None or result is False:
                return
            self.reload()
            self._say(message)

        return callback

    def _say(self, message: str, **kwargs: Any) -> None:
        """A notification; names and paths in it are user text, never markup."""
        self.notify(message, markup=False, **kwargs)

    def _now(self) -> Any:
        return self.ekko.clock.now()

    def action_edit(self, new: bool = False) -> None:
        rid = None if new else self._current_id()
        if not new and rid is None:
            self._say("Nothing selected.", severity="warning")
            return
        actor = self.ekko.actor
        if self.tab == "processors":
            p = next((x for x in self.procs if x.id == rid), None)
            initial: dict[str, Any] = (
                {k: getattr(p.fields, k) for k in p.fields.__dataclass_fields__} if p else {}
            )
            if not p:
                initial = {"role": "processor", "dpa_status": "unknown", "safeguard": "unknown"}

            def apply_p(v: ProcessorValue) -> int:
                return writes.save_processor(rid, v.as_fields(), now=self._now(), actor=actor)

            title = f"Edit {p.name}" if p else "New processor / recipient"
            self.app.push_screen(
                ProcessorForm(apply_p, initial=initial, title=title), self._after("Saved.")
            )
        elif self.tab == "activities":
            a = next((x for x in self.acts if x.id == rid), None)
            init_a: dict[str, Any] = {}
            if a:
                init_a = {k: getattr(a, k) for k in a.__dataclass_fields__}

            def apply_a(v: ActivityValue) -> int:
                return writes.save_activity(rid, v.as_fields(), now=self._now(), actor=actor)

            names = {p.key: p.name for p in self.procs}
            title = f"Edit {a.name}" if a else "New processing activity"
            self.app.push_screen(
                ActivityForm(apply_a, initial=init_a, recipients=names, title=title),
                self._after("Saved."),
            )
        else:
            c = next((x for x in self.cooks if x.id == rid), None)
            init_c: dict[str, Any] = {k: getattr(c, k) for k in c.__dataclass_fields__} if c else {}

            def apply_c(v: CookieValue) -> int:
                return writes.save_cookie(rid, v.as_fields(), now=self._now(), actor=actor)

            providers = {p.key: p.name for p in self.procs}
            title = f"Edit {c.name}" if c else "New cookie"
            self.app.push_screen(
                CookieForm(apply_c, initial=init_c, providers=providers, title=title),
                self._after("Saved."),
            )

    def action_new(self) -> None:
        self.action_edit(new=True)

    def action_delete(self) -> None:
        rid = self._current_id()
        if rid is None:
            self._say("Nothing selected.", severity="warning")
            return
        tab = self.tab
        rows: list[Any] = (
            self.procs if tab == "processors" else self.acts if tab == "activities" else self.cooks
        )
        row = next((x for x in rows if x.id == rid), None)
        if row is None:
            return
        remove = {
            "processors": writes.delete_processor,
            "activities": writes.delete_activity,
            "cookies": writes.delete_cookie,
        }[tab]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove(rid, now=self._now(), actor=self.ekko.actor)
            except (ValidationError, StoreError) as exc:
                self._say(str(exc), severity="error", timeout=10)
                return
            self.reload()
            self._say(f"Deleted {row.name}.")

        refusal = writes.processor_delete_refusal(rid) if tab == "processors" else None
        if refusal:  # checked before asking, not after "yes"
            self._say(refusal, severity="error", timeout=10)
            return
        self.app.push_screen(
            ConfirmDialog(f"Delete {row.name}?", "A shipped entry is not offered again."),
            answered,
        )

    def action_reviewed(self) -> None:
        if self.tab != "processors":
            self._say("Reviews are for processors: press p first.", severity="warning")
            return
        rid = self._current_id()
        if rid is None:
            self._say("Nothing selected.", severity="warning")
            return
        try:
            due = writes.mark_reviewed(rid, now=self._now(), actor=self.ekko.actor)
        except (ValidationError, StoreError) as exc:
            self._say(str(exc), severity="error")
            return
        self.reload()
        self._say(f"Reviewed today; next review {due}.")

    def action_dpf_checked(self) -> None:
        rid = self._current_id() if self.tab == "processors" else None
        if rid is None:
            self._say("Highlight a processor first (p).", severity="warning")
            return
        try:
            day = writes.mark_dpf_checked(rid, now=self._now(), actor=self.ekko.actor)
        except (ValidationError, StoreError) as exc:
            self._say(str(exc), severity="error", timeout=8)
            return
        self.reload()
        self._say(f"DPF list checked on {day}.")

    def action_controller(self) -> None:
        profile = store.controller_profile()
        initial = {k: getattr(profile, k) for k in profile.__dataclass_fields__}

        def apply(v: ControllerValue) -> bool:
            writes.save_controller(v.as_fields(), now=self._now(), actor=self.ekko.actor)
            return True

        self.app.push_screen(ControllerForm(apply, initial=initial), self._after("Saved."))

    def _ask_email(self) -> None:
        def apply(v: EmailValue) -> bool:
            writes.set_controller_email(v.email, now=self._now(), actor=self.ekko.actor)
            return True

        def done(result: Any) -> None:
            writes.mark_email_asked()
            self.reload()
            if result:
                self._say("Contact e-mail saved.")

        self.app.push_screen(EmailDialog(apply), done)

    def action_offers(self) -> None:
        if not self.offers:
            self._say("No shipped updates: the registers match this version's data.")
            return
        offers = {f"{o.kind}:{o.key}": o for o in self.offers}

        def apply(v: OffersValue) -> int:
            chosen = set(v.offers)
            accepted = tuple(o for ident, o in offers.items() if ident in chosen)
            seed.accept_all(accepted, now=self._now(), actor=self.ekko.actor)
            for ident, o in offers.items():
                if ident not in chosen:
                    seed.decline_offer(o, now=self._now(), actor=self.ekko.actor)
            return len(accepted) or -1

        self.app.push_screen(
            OffersDialog(apply, offers=[(ident, o.label) for ident, o in offers.items()]),
            self._after("Shipped updates decided."),
        )

    def action_notice(self) -> None:
        from ekko_tui.ui.screens.notice import NoticeScreen

        self.app.push_screen(NoticeScreen(), lambda _: self.reload())

    def action_export(self) -> None:
        today = self.ekko.clock.today()
        default = Path.home() / f"ekko-ropa-{today.isoformat()}.pdf"

        def apply(v: RopaExportValue) -> Path:
            return v.target()

        def chosen(path: Path | None) -> None:
            if path:
                self._write_ropa(store.ropa_data(today), path)

        self.app.push_screen(ExportDialog(apply, path=str(default)), chosen)

    @work(thread=True, exclusive=True, group="ropa")
    def _write_ropa(self, data: Any, path: Path) -> None:
        """Render off the UI thread: plain data in, a message back."""
        from ekko_tui.letters.ropa import write_ropa

        try:
            write_ropa(data, path)
        except (OSError, ValueError) as exc:
            self.post_message(self.ExportDone(path, str(exc)))
            return
        self.post_message(self.ExportDone(path, ""))

    @on(ExportDone)
    def _export_done(self, message: ExportDone) -> None:
        if message.error:
            self._say(f"Not saved: {message.error}", severity="error", timeout=10)
        else:
            self._say(f"Record of processing activities saved: {message.path}", timeout=8)
