"""The request actions shared by the inbox and the detail screen: open a form, store, refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.dates import DATE_HINT
from ekko_tui.domain.requests import (
    CHANNELS,
    EXTENSION_KINDS,
    IDENTITY_STATUSES,
    OUTCOMES,
    PAUSE_KINDS,
    REQUEST_TYPES,
    STATUSES,
    ValidationError,
)
from ekko_tui.store import queries
from ekko_tui.store import requests as store
from ekko_tui.store.db import StoreError
from ekko_tui.ui.ekko_app import ekko_app

# The forms (TextArea, SelectionList, the form dialog) are imported when one opens, not when
# the inbox starts (tests/unit/test_startup_imports.py).
if TYPE_CHECKING:
    from ekko_tui.ui.request_forms import (
        AnswerValue,
        CloseValue,
        ExtendValue,
        IdentityValue,
        NoteValue,
        PauseValue,
        RequestValue,
        TypesValue,
    )

REQUEST_BINDINGS = [
    Binding("n", "new_request", "New", tooltip="Log a new request"),
    Binding(
        "e",
        "edit_request",
        "Edit",
        show=False,
        tooltip="Correct received time, channel, requester, message",
    ),
    Binding("t", "set_types", "Type", tooltip="Set the request type(s)"),
    Binding("i", "identity", "Identity", tooltip="Record the identity check"),
    Binding("p", "pause", "Ask subject", tooltip="Ask for ID or clarification: the clock stops"),
    Binding("a", "answer", "Answer in", tooltip="The subject answered: the clock runs again"),
    Binding("x", "extend", "Extend", tooltip="Extend by two months (before the first deadline)"),
    Binding("c", "close_request", "Close", tooltip="Close with an outcome"),
    Binding("o", "reopen", "Reopen", show=False, tooltip="Reopen a closed request"),
    Binding("m", "note", "Note", show=False, tooltip="Add a note to the timeline"),
    Binding("l", "letter", "Letter", tooltip="Write, preview, print and archive a letter"),
]


class RequestActions(Screen[Any]):
    """A screen that acts on one current request."""

    ekko = ekko_app()

    def current_request_id(self) -> int | None:
        raise NotImplementedError

    def refresh_requests(self, select_id: int | None = None) -> None:
        """Reload what the screen shows after a change."""
        raise NotImplementedError

    # --- helpers -------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.ekko.clock.now()

    def _current(self) -> queries.RequestDetail | None:
        rid = self.current_request_id()
        if rid is None:
            self.notify("No request selected.", severity="warning")
            return None
        detail = queries.request_detail(rid, self.ekko.clock.today())
        if detail is None:
            self.notify("That request no longer exists.", severity="error")
        return detail

    def _done(self, message: str | Callable[[Any], str], rid: int | None) -> Any:
        def callback(result: Any) -> None:
            if result is None or result is False:
                return
            self.refresh_requests(
                rid if rid is not None else (result if isinstance(result, int) else None)
            )
            text = message(result) if callable(message) else message
            self.notify(text)

        return callback

    # --- actions -------------------------------------------------------------------------------

    def action_new_request(self) -> None:
        from ekko_tui.ui.request_forms import RequestForm

        now = self._now()

        def apply(v: RequestValue) -> int:
            new = v.validated(now)
            return store.create_request(new, now=self._now(), actor=self.ekko.actor).id

        initial = {
            "received": now.astimezone(dl.OSLO).strftime("%Y-%m-%d %H:%M"),
            "channel": "email",
        }
        form = RequestForm(apply, channels=CHANNELS, types=REQUEST_TYPES, initial=initial)
        self.app.push_screen(form, self._done(lambda rid: "Request logged.", None))

    def action_edit_request(self) -> None:
        from ekko_tui.ui.request_forms import RequestForm

        detail = self._current()
        if detail is None:
            return
        row = detail.row

        def apply(v: RequestValue) -> bool:
            new = v.validated(self._now())
            store.update_request(row.id, new, now=self._now(), actor=self.ekko.actor)
            return True

        initial = {
            "received": row.received_at.astimezone(dl.OSLO).strftime("%Y-%m-%d %H:%M"),
            "channel": row.channel,
            "types": row.types,
            "requester_name": row.requester_name,
            "requester_contact": row.requester_contact,
            "message": detail.message,
        }
        form = RequestForm(
            apply, channels=CHANNELS, types=REQUEST_TYPES, initial=initial, title=f"Edit {row.ref}"
        )
        self.app.push_screen(form, self._done(f"{row.ref} updated.", row.id))

    def action_set_types(self) -> None:
        from ekko_tui.ui.request_forms import TypesDialog

        detail = self._current()
        if detail is None:
            return
        rid = detail.row.id

        def apply(v: TypesValue) -> bool:
            store.set_types(rid, v.codes(), now=self._now(), actor=self.ekko.actor)
            return True

        dialog = TypesDialog(apply, types=REQUEST_TYPES, chosen=detail.row.types)
        self.app.push_screen(dialog, self._done(f"{detail.row.ref}: type set.", rid))

    def action_identity(self) -> None:
        from ekko_tui.ui.request_forms import IdentityDialog

        detail = self._current()
        if detail is None:
            return
        rid = detail.row.id

        def apply(v: IdentityValue) -> bool:
            store.record_identity(
                rid,
                v.identity_status,
                v.identity_method,
                v.identity_evidence,
                now=self._now(),
                actor=self.ekko.actor,
            )
            return True

        dialog = IdentityDialog(
            apply,
            statuses=IDENTITY_STATUSES,
            status=detail.row.identity_status,
            method=detail.identity_method,
            evidence=detail.identity_evidence,
        )
        self.app.push_screen(dialog, self._done(f"{detail.row.ref}: identity check recorded.", rid))

    def action_pause(self) -> None:
        from ekko_tui.ui.request_forms import PauseDialog

        detail = self._current()
        if detail is None:
            return
        rid, ref = detail.row.id, detail.row.ref

        def apply(v: PauseValue) -> str:
            warning = store.start_pause(
                rid, v.kind, v.asked_date(), v.note, now=self._now(), actor=self.ekko.actor
            )
            return warning or ""

        def done(result: Any) -> None:
            if result is None:
                return
            self.refresh_requests(rid)
            self.notify(f"{ref}: waiting for the subject; the clock is stopped.")
            if result:
                self.notify(result, severity="warning", timeout=10)

        today = self.ekko.clock.today().isoformat()
        self.app.push_screen(PauseDialog(apply, kinds=PAUSE_KINDS, asked_on=today), done)

    def action_answer(self) -> None:
        from ekko_tui.ui.request_forms import AnswerDialog

        detail = self._current()
        if detail is None:
            return
        rid, ref = detail.row.id, detail.row.ref
        if detail.row.status != "waiting":
            self.notify(f"{ref} is not waiting for the subject.", severity="warning")
            return

        def apply(v: AnswerValue) -> int:
            return store.end_pause(rid, v.answered_date(), now=self._now(), actor=self.ekko.actor)

        dialog = AnswerDialog(
            apply,
            label=f"Answer arrived on ({DATE_HINT})",
            value=self.ekko.clock.today().isoformat(),
        )
        self.app.push_screen(
            dialog,
            self._done(lambda days: f"{ref}: clock running again ({days} days paused).", rid),
        )

    def action_extend(self) -> None:
        from ekko_tui.ui.request_forms import ExtendDialog

        detail = self._current()
        if detail is None:
            return
        row = detail.row
        refusal = dl.extension_refusal(
            row.deadline, already_extended=row.extended, on=self.ekko.clock.today()
        )
        if refusal is not None:
            self.notify(f"{row.ref}: {refusal}", severity="error")
            return
        # Computed as if extended, for the words that explain the new date.
        preview = dl.compute_deadline(
            row.deadline.received,
            pauses=[dl.PausePeriod(p.asked_on, p.answered_on) for p in detail.pauses],
            extended=True,
            today=self.ekko.clock.today(),
        )
        intro = (
            f"First deadline {dl.format_date(row.deadline.first)}; extended it becomes "
            f"{dl.format_date(preview.effective)}. Only for complexity or the number of requests, "
            "once, and the subject must be told the reasons before the first deadline."
            f" Why that date: {preview.short_why()}."
        )

        def apply(v: ExtendValue) -> date:
            return store.extend(
                rid, v.kind, v.reason, v.decided_date(), now=self._now(), actor=self.ekko.actor
            )

        rid = row.id
        dialog = ExtendDialog(
            apply,
            kinds=EXTENSION_KINDS,
            decided_on=self.ekko.clock.today().isoformat(),
            intro=intro,
        )
        self.app.push_screen(
            dialog, self._done(lambda d: f"{row.ref} extended to {dl.format_date(d)}.", rid)
        )

    def action_close_request(self) -> None:
        from ekko_tui.ui.request_forms import CloseDialog

        detail = self._current()
        if detail is None:
            return
        rid, ref = detail.row.id, detail.row.ref
        if not detail.row.is_open:
            self.notify(f"{ref} is already closed.", severity="warning")
            return

        def apply(v: CloseValue) -> bool:
            store.close(rid, v.outcome, v.note, now=self._now(), actor=self.ekko.actor)
            return True

        outcomes = {code: STATUSES[code] for code in OUTCOMES}
        self.app.push_screen(
            CloseDialog(apply, outcomes=outcomes), self._done(f"{ref} closed.", rid)
        )

    def action_reopen(self) -> None:
        from ekko_tui.ui.confirm_dialog import ConfirmDialog

        detail = self._current()
        if detail is None:
            return
        rid, ref = detail.row.id, detail.row.ref
        if detail.row.is_open:
            self.notify(f"{ref} is already open.", severity="warning")
            return
        if detail.erased_at is not None:
            self.notify(store.not_reopenable(ref), severity="error")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.reopen(rid, now=self._now(), actor=self.ekko.actor)
            except (ValidationError, StoreError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.refresh_requests(rid)
            self.notify(f"{ref} reopened; its deadline is unchanged.")

        self.app.push_screen(ConfirmDialog(f"Reopen {ref}?"), answered)

    def action_note(self) -> None:
        from ekko_tui.ui.request_forms import NoteDialog

        detail = self._current()
        if detail is None:
            return
        rid = detail.row.id

        def apply(v: NoteValue) -> bool:
            store.add_note(rid, v.note, now=self._now(), actor=self.ekko.actor)
            return True

        self.app.push_screen(NoteDialog(apply), self._done("Note added.", rid))

    def action_letter(self) -> None:
        from ekko_tui.domain.letters import default_kind
        from ekko_tui.ui.screens.letters import LetterKindDialog, LetterScreen

        detail = self._current()
        if detail is None:
            return
        if detail.erased_at is not None:
            self.notify(
                f"The personal data of {detail.row.ref} was erased: there is no one to write to.",
                severity="error",
            )
            return
        rid = detail.row.id

        def chosen(kind: str | None) -> None:
            if kind:
                self.app.push_screen(LetterScreen(rid, kind), lambda _: self.refresh_requests(rid))

        dialog = LetterKindDialog(detail.row.ref, default_kind(detail.row.types))
        self.app.push_screen(dialog, chosen)
