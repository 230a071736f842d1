"""One subject: identifiers, where their data is (by system), their requests; act on them."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import (
    CHANNELS,
    OPEN_STATUSES,
    REQUEST_TYPES,
    ValidationError,
)
from ekko_tui.domain.subjects import SYSTEMS
from ekko_tui.store import queries
from ekko_tui.store import requests as reqstore
from ekko_tui.store import subjects as store
from ekko_tui.store.db import StoreError
from ekko_tui.store.records import holdings_of
from ekko_tui.store.subject_queries import SubjectCard, subject_card
from ekko_tui.ui.dialogs import ConfirmDialog, RequestForm, RequestValue
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.screens.search import SubjectPickerScreen
from ekko_tui.ui.subject_card_view import (
    render_holdings,
    render_identifiers,
    render_requests,
    render_suggestions,
)
from ekko_tui.ui.subject_dialogs import (
    IdentifiersDialog,
    IdentifiersValue,
    identifiers_initial,
    parse_identifier_form,
)
from ekko_tui.ui.subject_records_view import render_records


class SubjectCardScreen(Screen[None]):
    """Everything ekko knows about one person, and the actions that start from them."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the search"),
        Binding("n", "new_request", "New request", tooltip="Log a request from this person"),
        Binding(
            "l",
            "link_request",
            "Link request",
            tooltip="Link the request highlighted in the inbox to this person",
        ),
        Binding("m", "merge", "Merge", tooltip="Merge another subject into this one"),
        Binding("e", "edit_identifiers", "Edit ids", tooltip="Edit names, e-mails, phones, ids"),
        Binding(
            "E",
            "erase",
            "Erase…",
            tooltip="Erase this person (Art. 17): shows what goes and what the law keeps first",
        ),
        Binding(
            "d",
            "dismiss_suggestion",
            "Not a duplicate",
            show=False,
            tooltip="Dismiss the first merge suggestion: they are different people",
        ),
    ]

    def __init__(self, subject_id: int) -> None:
        super().__init__()
        self.subject_id = subject_id
        self.card: SubjectCard | None = None

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="card-scroll"):
            yield Static(id="card-head")
            yield Static(id="card-identifiers")
            yield Static(id="card-holdings")
            yield Static(id="card-requests")
            yield Static(id="card-suggestions")
            yield Static(id="card-records")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_card()
        self.query_one("#card-scroll").focus()

    def on_screen_resume(self) -> None:
        self.refresh_card()

    def refresh_card(self) -> None:
        self.card = subject_card(self.subject_id)
        head = self.query_one("#card-head", Static)
        if self.card is None:
            head.update(Text("This subject no longer exists (merged or erased). Escape goes back."))
            for part in ("identifiers", "holdings", "requests", "suggestions", "records"):
                self.query_one(f"#card-{part}", Static).update("")
            return
        card = self.card
        text = Text()
        text.append(card.name or "(no name)", style="bold")
        text.append(f"   subject #{card.id}", style="dim")
        if card.organisation:
            text.append("   organisation (not a natural person)", style="yellow")
        systems = sorted(
            {h.system for h in card.holdings} | ({"inbox"} if card.requests else set())
        )
        text.append("\nData held in: " + (", ".join(SYSTEMS.get(s, s) for s in systems) or "—"))
        head.update(text)
        self.query_one("#card-identifiers", Static).update(render_identifiers(card))
        self.query_one("#card-holdings", Static).update(render_holdings(card))
        self.query_one("#card-requests", Static).update(render_requests(card))
        self.query_one("#card-suggestions", Static).update(render_suggestions(card))
        self.query_one("#card-records", Static).update(render_records(holdings_of(card.id)))

    # --- actions -------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _card(self) -> SubjectCard | None:
        if self.card is None:
            self.notify("This subject no longer exists.", severity="error")
        return self.card

    def action_new_request(self) -> None:
        card = self._card()
        if card is None:
            return
        now = self.ekko.clock.now()
        emails = [i.value for i in card.identifiers if i.kind == "email"]
        phones = [i.shown for i in card.identifiers if i.kind == "phone"]
        sid = card.id

        def apply(values: RequestValue) -> int:
            new = values.validated(now)
            rid = reqstore.create_request(new, now=self.ekko.clock.now(), actor=self.ekko.actor).id
            store.link_request(rid, sid, now=self.ekko.clock.now(), actor=self.ekko.actor)
            return rid

        initial = {
            "received": now.astimezone(dl.OSLO).strftime("%Y-%m-%d %H:%M"),
            "channel": "email" if emails else "phone",
            "requester_name": card.name,
            "requester_contact": (emails or phones or [""])[0],
        }
        form = RequestForm(
            apply,
            channels=CHANNELS,
            types=REQUEST_TYPES,
            initial=initial,
            title=f"New request from {card.name or 'this subject'}",
        )

        def done(rid: Any) -> None:
            if isinstance(rid, int):
                self.refresh_card()
                self.notify("Request logged and linked to this subject.")

        self.app.push_screen(form, done)

    def action_link_request(self) -> None:
        card = self._card()
        if card is None:
            return
        current = self.ekko.inbox_request_id
        detail = queries.request_detail(current, self.ekko.clock.today()) if current else None
        if detail is None:
            self.notify(
                "No request is highlighted in the inbox: highlight one there (1), "
                "or use 'find subject' (s) in its detail.",
                severity="warning",
            )
            return
        rid, ref = detail.row.id, detail.row.ref
        who = detail.row.requester_name or detail.row.requester_contact

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                store.link_request(rid, card.id, now=self.ekko.clock.now(), actor=self.ekko.actor)
            except (ValidationError, StoreError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.refresh_card()
            self.notify(f"{ref} linked to {card.name or 'this subject'}.")

        question = f"Link {ref} ({who}) to {card.name or f'subject #{card.id}'}?"
        self.app.push_screen(ConfirmDialog(question), answered)

    def action_erase(self) -> None:
        from ekko_tui.store import erasure

        card = self._card()
        if card is None:
            return
        # The newest open erasure request of this person is the one the erasure answers.
        answering = next(
            (
                r
                for r in sorted(card.requests, key=lambda r: r.received_at, reverse=True)
                if "erasure" in r.types and r.status in OPEN_STATUSES
            ),
            None,
        )
        today = self.ekko.clock.today()
        rid = answering.id if answering else None
        plan = erasure.plan_erasure(card.id, today, request_id=rid)
        refusal = plan.refusal()
        if refusal:  # checked before asking, not after "yes"
            self.notify(refusal, severity="error", timeout=15)
            return
        question = f"Erase {card.name or f'subject #{card.id}'} for good?"
        details = (
            f"{erasure.describe(plan)}\n\n"
            + (f"This answers {answering.ref}. " if answering else "No open erasure request. ")
            + "Write the confirmation letter first (l on the request): stored letter copies "
            "are deleted too."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                done = erasure.erase_subject(
                    card.id,
                    reason=erasure.REASON_REQUEST,
                    now=self.ekko.clock.now(),
                    actor=self.ekko.actor,
                    request_id=rid,
                )
            except (ValidationError, StoreError) as exc:
                self.refresh_card()  # a failed compaction comes after the committed erasure
                self.notify(str(exc), severity="error", timeout=15)
                return
            self.refresh_card()
            told = ", ".join(plan.notify) or "nobody"
            missed = [b for b in done.backups if not b.erased]
            if done.compaction:
                self.notify(f"NOT fully erased yet. {done.compaction}", severity="error")
            if missed:
                listed = "; ".join(f"{b.path}: {b.detail}" for b in missed)
                self.notify(
                    f"Not erased from {len(missed)} backup(s): {listed}. Erase or delete them "
                    "yourself.",
                    severity="error",
                    timeout=30,
                )
            first = "Erased" if done.complete else "Erased from the database"
            self.notify(
                f"{first}. Tell the recipients (Art. 19): {told}; record it with `ekko notices`.",
                timeout=15,
            )

        self.app.push_screen(ConfirmDialog(question, details), answered)

    def action_merge(self) -> None:
        card = self._card()
        if card is None:
            return
        prefill = card.suggestions[0].other_name if card.suggestions else ""
        picker = SubjectPickerScreen(
            prefill,
            title=f"Merge into {card.name or f'subject #{card.id}'}: choose the duplicate",
            exclude=card.id,
        )

        def picked(other: int | None) -> None:
            if other is None:
                return
            other_card = subject_card(other)
            if other_card is None:
                return

            def answered(yes: bool | None) -> None:
                if not yes:
                    return
                try:
                    store.merge_subjects(
                        card.id, other, now=self.ekko.clock.now(), actor=self.ekko.actor
                    )
                except (ValidationError, StoreError) as exc:
                    self.notify(str(exc), severity="error")
                    return
                self.refresh_card()
                self.notify("Merged: one subject now.")

            question = (
                f"Merge {other_card.name or f'subject #{other}'} (#{other}: "
                f"{len(other_card.identifiers)} identifiers, {len(other_card.holdings)} "
                f"holdings, {len(other_card.requests)} requests) into "
                f"{card.name or f'subject #{card.id}'} (#{card.id})? This cannot be undone."
            )
            self.app.push_screen(ConfirmDialog(question), answered)

        self.app.push_screen(picker, picked)

    def action_edit_identifiers(self) -> None:
        card = self._card()
        if card is None:
            return
        sid = card.id

        def apply(values: IdentifiersValue) -> bool:
            store.set_identifiers(
                sid,
                parse_identifier_form(values),
                now=self.ekko.clock.now(),
                actor=self.ekko.actor,
            )
            return True

        def done(result: Any) -> None:
            if result:
                self.refresh_card()
                self.notify("Identifiers saved.")

        self.app.push_screen(IdentifiersDialog(apply, initial=identifiers_initial(card)), done)

    def action_dismiss_suggestion(self) -> None:
        card = self._card()
        if card is None or not card.suggestions:
            self.notify("No merge suggestion to dismiss.", severity="warning")
            return
        suggestion = card.suggestions[0]
        store.dismiss_suggestion(suggestion.id, now=self.ekko.clock.now(), actor=self.ekko.actor)
        self.refresh_card()
        self.notify(f"Noted: not the same person as {suggestion.other_name or 'that subject'}.")
