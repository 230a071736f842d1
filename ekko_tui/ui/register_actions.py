"""The registers screen's editing: the processor, activity and cookie editors, deletion, the
review and DPF checks, the controller profile and e-mail, the shipped updates and the Art. 30
export. Each opens a typed form whose value is stored through `register_writes`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import register_seed as seed
from ekko_tui.store import register_writes as writes
from ekko_tui.store import registers as store
from ekko_tui.store.db import StoreError
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.register_forms import (
    ActivityForm,
    ControllerForm,
    CookieForm,
    EmailDialog,
    ExportDialog,
    OffersDialog,
    ProcessorForm,
)
from ekko_tui.ui.register_values import (
    ActivityValue,
    ControllerValue,
    CookieValue,
    EmailValue,
    OffersValue,
    ProcessorValue,
    RopaExportValue,
)


class RegisterActions(Screen[Any]):
    """The editing half of the registers screen (`RegistersScreen` holds the tables)."""

    ekko = ekko_app()
    procs: list[store.ProcessorRow]
    acts: list[store.ActivityRow]
    cooks: list[store.CookieRow]
    offers: tuple[seed.Offer, ...]

    @property
    def tab(self) -> str:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _current_id(self, selector: str | None = None) -> int | None:
        raise NotImplementedError

    @dataclass
    class ExportDone(Message):
        path: Path
        error: str

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
