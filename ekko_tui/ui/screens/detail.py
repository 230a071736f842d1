"""One request: every field, the deadline with its reasons, pauses and the timeline."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import (
    CHANNELS,
    EXTENSION_KINDS,
    IDENTITY_STATUSES,
    PAUSE_KINDS,
    REQUEST_TYPES,
    STATUSES,
    ValidationError,
)
from ekko_tui.store import erasure, queries
from ekko_tui.store.db import StoreError
from ekko_tui.store.subject_queries import request_subject
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import days_left_label, oslo_time, row_style
from ekko_tui.ui.request_actions import REQUEST_BINDINGS, RequestActions
from ekko_tui.ui.subject_link import SUBJECT_BINDINGS, SubjectLinkActions, render_subject


class RequestDetailScreen(RequestActions, SubjectLinkActions):
    """All of one request; the same keys as the inbox act on it."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the inbox"),
        *[b for b in REQUEST_BINDINGS if b.action != "new_request"],
        *SUBJECT_BINDINGS,
        Binding(
            "N",
            "notices_sent",
            "Notices sent",
            show=False,
            tooltip="Record today that the recipients were told of the erasure (Art. 19)",
        ),
    ]

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="head")
            yield Static(id="fields")
            yield Static(id="subject")
            yield Static(id="notices")
            yield Static(id="message")
            yield Static(id="timeline")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.ekko.inbox_request_id = self.request_id
        self.refresh_requests()
        self.query_one("#detail-scroll").focus()

    def current_request_id(self) -> int | None:
        return self.request_id

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_notices_sent(self) -> None:
        detail = queries.request_detail(self.request_id, self.ekko.clock.today())
        if detail is None:
            return
        ref = detail.row.ref
        pending = [n for n in erasure.notices(ref) if n.notified_on is None]
        if not pending:
            self.notify(f"{ref} has no notices waiting to be sent.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            today = self.ekko.clock.today()
            try:
                erasure.mark_notified(ref, today, now=self.ekko.clock.now(), actor=self.ekko.actor)
            except (ValidationError, StoreError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.refresh_requests()
            self.notify(f"{len(pending)} notice(s) recorded as sent today.")

        names = ", ".join(n.processor for n in pending)
        self.app.push_screen(ConfirmDialog(f"Were {names} told of the erasure today?"), answered)

    def refresh_requests(self, select_id: int | None = None) -> None:
        detail = queries.request_detail(self.request_id, self.ekko.clock.today())
        if detail is None:
            self.query_one("#head", Static).update(Text("This request no longer exists."))
            return
        self.query_one("#head", Static).update(render_head(detail))
        self.query_one("#fields", Static).update(render_fields(detail))
        self.query_one("#subject", Static).update(render_subject(request_subject(self.request_id)))
        self.query_one("#notices", Static).update(render_notices(erasure.notices(detail.row.ref)))
        self.query_one("#message", Static).update(render_message(detail))
        self.query_one("#timeline", Static).update(render_timeline(detail))


def render_notices(rows: tuple[erasure.NoticeRow, ...]) -> Text:
    """`Art. 19 notices: Kajabi LLC (sent 2026-11-25), Fiken AS (not yet — N records)`."""
    if not rows:
        return Text()
    text = Text("Art. 19   ", style="bold")
    for i, row in enumerate(rows):
        if i:
            text.append(", ")
        text.append(row.processor)
        if row.notified_on:
            text.append(f" (told {row.notified_on:%Y-%m-%d})", style="green")
        else:
            text.append(" (not yet told)", style="yellow")
    if any(r.notified_on is None for r in rows):
        text.append("   N records them as told today", style="dim")
    return text


def render_head(detail: queries.RequestDetail) -> Text:
    row = detail.row
    d = row.deadline
    text = Text()
    text.append(f"{row.ref}  ", style="bold")
    text.append(STATUSES[row.status], style="bold " + row_style(row))
    text.append("\nDeadline: ")
    text.append(dl.format_date(d.effective), style="bold " + row_style(row))
    text.append(f"  ({days_left_label(row)})")
    if d.extended is not None:
        text.append(f"  extended from {dl.format_date(d.first)}")
    if d.paused_now:
        text.append("  clock stopped: waiting for the subject", style="cyan")
    # Holidays named in bokmål (`2. juledag`), as on the deadlines screen.
    text.append("\nWhy: " + d.explain(holiday_names="nb"), style="italic")
    if detail.erased_at is not None:
        why = (
            "its keep period ended"
            if detail.erased_at_retention_end
            else "Art. 17, the person's erasure"
        )
        text.append(
            f"\nPersonal data erased {oslo_time(detail.erased_at)} ({why}): "
            "the reference, dates and timeline remain.",
            style="magenta",
        )
    return text


def render_fields(detail: queries.RequestDetail) -> Table:
    row = detail.row
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()

    def add(label: str, value: str) -> None:
        table.add_row(label, Text(value))

    add("Received", f"{oslo_time(row.received_at)} (Europe/Oslo)")
    add("Channel", CHANNELS.get(row.channel, row.channel))
    types = ", ".join(REQUEST_TYPES.get(t, t) for t in row.types)
    if row.types_suggested:
        types += " — suggested from the text; t confirms or changes it"
    add("Type", types)
    for event in detail.events:  # the forward, kept beside the original's receipt time
        if event.kind == "note" and event.detail.startswith("Note: Forwarded by"):
            add("Forwarded", event.detail.removeprefix("Note: "))
    for warning in row.intake_warning.splitlines():
        table.add_row(Text("Warning", style="bold yellow"), Text(warning, style="yellow"))
    add("Requester", row.requester_name or "—")
    add("Contact", row.requester_contact or "—")
    identity = IDENTITY_STATUSES.get(row.identity_status, row.identity_status)
    if detail.identity_method:
        identity += f" — {detail.identity_method}"
    add("Identity", identity)
    if detail.identity_evidence:
        add("", detail.identity_evidence)
    for p in detail.pauses:
        until = f"answered {p.answered_on:%Y-%m-%d}" if p.answered_on else "no answer yet"
        line = f"{PAUSE_KINDS.get(p.kind, p.kind)} asked {p.asked_on:%Y-%m-%d}, {until}"
        add("Paused", line + (f" — {p.note}" if p.note else ""))
    if detail.extended_on:
        kind = EXTENSION_KINDS.get(detail.extension_kind or "", "")
        add("Extended", f"notice {detail.extended_on:%Y-%m-%d} ({kind}): {detail.extension_reason}")
    if detail.outcome_note and not row.is_open:  # a reopened request's old outcome is history
        add("Outcome", detail.outcome_note)
    return table


def render_message(detail: queries.RequestDetail) -> Text:
    text = Text("\nMessage\n", style="bold")
    body = detail.message or "(no message text)"
    limit = 20_000
    if len(body) > limit:
        body = body[:limit] + f"\n… ({len(detail.message) - limit:,} more characters)"
    text.append(Text(body))
    return text


def render_timeline(detail: queries.RequestDetail) -> Table:
    table = Table(title="Timeline", title_justify="left", expand=True, show_edge=False)
    table.add_column("When", no_wrap=True)
    table.add_column("Who", no_wrap=True)
    table.add_column("What")
    for e in detail.events:
        table.add_row(oslo_time(e.at), Text(e.actor), Text(e.detail))
    return table
