"""Every change to a request: one transaction that updates the row and appends an event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import peewee as pw

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import lifecycle as lc
from ekko_tui.domain.requests import (
    CHANNELS,
    EXTENSION_KINDS,
    IDENTITY_STATUSES,
    OPEN_STATUSES,
    OUTCOMES,
    PAUSE_KINDS,
    STATUSES,
    NewRequest,
    ValidationError,
    clean_text,
    format_ref,
)
from ekko_tui.store.models import Note, Pause, Request
from ekko_tui.store.request_log import DeadlineColumns as DeadlineColumns
from ekko_tui.store.request_log import _get, _require_open, _start_work
from ekko_tui.store.request_log import deadline_of as deadline_of
from ekko_tui.store.request_log import log_event as log_event
from ekko_tui.store.request_log import stored_deadline as stored_deadline
from ekko_tui.store.request_log import write as write
from ekko_tui.store.times import to_db


class DuplicateMessage(Exception):
    """A request with this e-mail's Message-ID is already logged; `ref` names it."""

    def __init__(self, request_id: int, ref: str) -> None:
        super().__init__(f"This e-mail is already logged as {ref}.")
        self.request_id = request_id
        self.ref = ref


def create_request(
    new: NewRequest,
    *,
    now: datetime,
    actor: str,
    message_id: str = "",
    intake_warning: str = "",
    types_suggested: bool = False,
    intake_notes: Sequence[str] = (),
) -> Request:
    """Store a validated request with the next reference of its receipt year.

    `message_id` makes mail intake idempotent: a second request with the same Message-ID raises
    DuplicateMessage (checked inside the write lock, so two processes cannot both log it).
    `intake_notes` become notes on the timeline (e.g. who forwarded the mail); the warnings are
    kept in the row (shown in the detail, cleared by erasure), the timeline counts them.
    """
    year = new.received_at.astimezone(dl.OSLO).year
    with write():
        if message_id:
            existing = Request.get_or_none(Request.message_id == message_id)
            if existing is not None:
                raise DuplicateMessage(existing.id, existing.ref)
        last = Request.select(pw.fn.MAX(Request.seq)).where(Request.year == year).scalar() or 0
        req = Request.create(
            ref=format_ref(year, last + 1),
            year=year,
            seq=last + 1,
            received_at=to_db(new.received_at),
            channel=new.channel,
            types=",".join(new.types),
            requester_name=new.requester_name,
            requester_contact=new.requester_contact,
            message=new.message,
            created_at=to_db(now),
            message_id=message_id or None,
            intake_warning=intake_warning,
            types_suggested=types_suggested,
        )
        suggested = " (suggested from the text)" if types_suggested else ""
        log_event(
            req.id,
            "created",
            f"Logged: received {new.received_at.astimezone(dl.OSLO):%Y-%m-%d %H:%M} by "
            f"{CHANNELS[new.channel]}; {', '.join(new.types)}{suggested}",
            now=now,
            actor=actor,
        )
        # Intake notes name people (who forwarded it): their text lives in `note`, outside the
        # hash chain, so erasure can remove it (as add_note does).
        for text in intake_notes:
            note = Note.create(request=req.id, at=to_db(now), actor=actor, text=text)
            log_event(req.id, "note", f"Note #{note.id} added at intake", now=now, actor=actor)
        if intake_warning:
            count = len(intake_warning.splitlines())
            log_event(
                req.id,
                "intake",
                f"Intake warnings: {count} (see the request detail)",
                now=now,
                actor=actor,
            )
        from ekko_tui.store.subjects import link_at_intake  # subjects imports this module

        link_at_intake(req.id, now=now, actor=actor)
    return req


def update_request(request_id: int, new: NewRequest, *, now: datetime, actor: str) -> None:
    """Correct the intake fields; the event names the fields changed, not their values."""
    with write():
        req = _get(request_id)
        changes = {
            "received time": (req.received_at, to_db(new.received_at)),
            "channel": (req.channel, new.channel),
            "types": (req.types, ",".join(new.types)),
            "requester name": (req.requester_name, new.requester_name),
            "requester contact": (req.requester_contact, new.requester_contact),
            "message": (req.message, new.message),
        }
        changed = [label for label, (old, value) in changes.items() if old != value]
        if not changed:
            return
        req.received_at = to_db(new.received_at)
        _check_still_lawful(req, now.astimezone(dl.OSLO).date())
        req.channel = new.channel
        if req.types != ",".join(new.types):
            req.types_suggested = False  # chosen by hand: no longer a suggestion
        req.types = ",".join(new.types)
        req.requester_name = new.requester_name
        req.requester_contact = new.requester_contact
        req.message = new.message
        req.save()
        log_event(req.id, "edited", "Changed: " + ", ".join(changed), now=now, actor=actor)


def _check_still_lawful(req: Request, today: date) -> None:
    """A corrected receipt time must not make a recorded pause or extension unlawful."""
    received = dl.oslo_date(req.received_at.replace(tzinfo=UTC))
    first_pause = Pause.select(pw.fn.MIN(Pause.asked_on)).where(Pause.request == req.id).scalar()
    if first_pause is not None and first_pause < received:
        raise ValidationError(
            "received",
            f"The subject was asked on {first_pause:%Y-%m-%d}, before that receipt time: "
            "check the date.",
        )
    if req.extended_on is not None and req.extended_on > deadline_of(req, today).first:
        raise ValidationError(
            "received",
            "With that receipt time the extension notice "
            f"({req.extended_on:%Y-%m-%d}) would come after the first deadline: check the date.",
        )


def set_types(request_id: int, types: tuple[str, ...], *, now: datetime, actor: str) -> None:
    """Replace the request's types."""
    if not types:
        raise ValidationError("types", "Choose at least one request type.")
    with write():
        req = _get(request_id)
        value = ",".join(types)
        if value == req.types and not req.types_suggested:
            return
        confirmed = " (confirmed)" if value == req.types else ""
        req.types = value
        req.types_suggested = False
        _start_work(req)
        req.save()
        log_event(req.id, "types", "Types: " + ", ".join(types) + confirmed, now=now, actor=actor)


def record_identity(
    request_id: int, status: str, method: str, evidence: str, *, now: datetime, actor: str
) -> None:
    """Record how the requester's identity was checked (never an ID copy)."""
    if status not in IDENTITY_STATUSES:
        raise ValidationError("identity_status", f"Unknown identity status {status!r}.")
    method = clean_text(method, multiline=False)
    evidence = clean_text(evidence, multiline=True)
    if status in ("verified", "not_needed") and not method:
        raise ValidationError(
            "identity_method",
            "Say how identity was checked, e.g. 'e-mail matches Kajabi member since 2021'.",
        )
    with write():
        req = _get(request_id)
        req.identity_status = status
        req.identity_method = method
        req.identity_evidence = evidence
        _start_work(req)
        req.save()
        log_event(
            req.id, "identity", f"Identity: {IDENTITY_STATUSES[status]}", now=now, actor=actor
        )


def start_pause(
    request_id: int, kind: str, asked_on: date, note: str, *, now: datetime, actor: str
) -> str | None:
    """Record that the subject was asked (ID or clarification); returns a warning."""
    if kind not in PAUSE_KINDS:
        raise ValidationError("kind", f"Unknown question kind {kind!r}.")
    today = now.astimezone(dl.OSLO).date()
    if asked_on > today:
        raise ValidationError("asked_on", "The question cannot have been sent in the future.")
    with write():
        req = _get(request_id)
        _require_open(req, "ask the subject")
        if Pause.select().where(Pause.request == req.id, Pause.answered_on.is_null()).exists():
            raise ValidationError(
                "kind", f"{req.ref} is already waiting for the subject: record the answer first."
            )
        received = dl.oslo_date(req.received_at.replace(tzinfo=UTC))
        try:
            warning = dl.pause_warning(received, asked_on)
        except dl.DeadlineError as exc:
            raise ValidationError("asked_on", str(exc)) from exc
        last_answer = (
            Pause.select(pw.fn.MAX(Pause.answered_on)).where(Pause.request == req.id).scalar()
        )
        if last_answer is not None and asked_on < last_answer:
            raise ValidationError(
                "asked_on", "The question cannot start before the previous answer arrived."
            )
        if asked_on > deadline_of(req, today).effective:
            raise ValidationError(
                "asked_on", "The deadline had already passed on that day: a pause cannot revive it."
            )
        Pause.create(
            request=req.id, kind=kind, asked_on=asked_on, note=clean_text(note, multiline=True)
        )
        req.status = lc.after_pause(req.status)
        req.save()
        detail = (
            f"Asked the subject ({PAUSE_KINDS[kind].lower()}) on {asked_on:%Y-%m-%d}: clock paused"
        )
        if warning:
            detail += f". Warning: {warning}"
        log_event(req.id, "paused", detail, now=now, actor=actor)
    return warning


def end_pause(request_id: int, answered_on: date, *, now: datetime, actor: str) -> int:
    """Record the subject's answer: the clock runs again. Returns the days paused."""
    today = now.astimezone(dl.OSLO).date()
    if answered_on > today:
        raise ValidationError("answered_on", "The answer cannot have arrived in the future.")
    with write():
        req = _get(request_id)
        pause = Pause.get_or_none(Pause.request == req.id, Pause.answered_on.is_null())
        if pause is None:
            raise ValidationError("answered_on", f"{req.ref} is not waiting for the subject.")
        if answered_on < pause.asked_on:
            raise ValidationError(
                "answered_on",
                "The answer cannot arrive before the question was sent "
                f"({pause.asked_on:%Y-%m-%d}).",
            )
        pause.answered_on = answered_on
        pause.save()
        req.status = lc.after_resume(req.status)
        req.save()
        days = (answered_on - pause.asked_on).days
        new_deadline = deadline_of(req, today).effective
        log_event(
            req.id,
            "resumed",
            f"Answer received {answered_on:%Y-%m-%d}: {days} days paused; "
            f"deadline now {dl.format_date(new_deadline)}",
            now=now,
            actor=actor,
        )
    return days


def extend(
    request_id: int, kind: str, reason: str, decided_on: date, *, now: datetime, actor: str
) -> date:
    """Extend by two further months (once, before the first deadline). Returns the new deadline."""
    reason = clean_text(reason, multiline=True)
    today = now.astimezone(dl.OSLO).date()
    if decided_on > today:
        raise ValidationError("decided_on", "The extension notice cannot be dated in the future.")
    with write():
        req = _get(request_id)
        _require_open(req, "extend it")
        current = deadline_of(req, today)
        try:
            dl.check_extension(
                current,
                decided_on=decided_on,
                already_extended=req.extended_on is not None,
                reason_kind=kind,
                reason=reason,
            )
        except dl.DeadlineError as exc:
            raise ValidationError(exc.field or "extension", str(exc)) from exc
        req.extension_kind = kind
        req.extension_reason = reason
        req.extended_on = decided_on
        _start_work(req)
        req.save()
        new = deadline_of(req, today)
        assert new.extended is not None
        log_event(
            req.id,
            "extended",
            f"Extended ({EXTENSION_KINDS[kind].lower()}), notice dated {decided_on:%Y-%m-%d}: "
            f"deadline {dl.format_date(current.first)} → {dl.format_date(new.extended)}",
            now=now,
            actor=actor,
        )
    return new.extended


def close(request_id: int, outcome: str, note: str, *, now: datetime, actor: str) -> None:
    """Close the request with an outcome (answered, partly refused, refused, withdrawn)."""
    if outcome not in OUTCOMES:
        raise ValidationError("outcome", f"Unknown outcome {outcome!r}.")
    note = clean_text(note, multiline=True)
    if outcome in ("refused", "partly_refused") and not note:
        raise ValidationError(
            "note", "A refusal needs its reasons (Art. 12(4)): write them in the note."
        )
    with write():
        req = _get(request_id)
        _require_open(req, "close it")
        open_pause = Pause.get_or_none(Pause.request == req.id, Pause.answered_on.is_null())
        if open_pause is not None:
            open_pause.answered_on = max(open_pause.asked_on, now.astimezone(dl.OSLO).date())
            open_pause.save()
        req.status = lc.after_close(req.status, outcome)
        req.outcome_note = note
        req.closed_at = to_db(now)
        req.save()
        log_event(req.id, "closed", f"Closed: {STATUSES[outcome]}", now=now, actor=actor)
        if outcome == "answered":  # granted: do what the objection letter promises (issue 13)
            from ekko_tui.store.marketing import is_marketing_request, stop_marketing

            if is_marketing_request(req.types):
                stop_marketing(req, now=now, actor=actor)


def not_reopenable(ref: str) -> str:
    """Why an erased request cannot be reopened, and what to do instead."""
    return (
        f"{ref} cannot be reopened: its personal data was erased (only the reference, dates "
        "and timeline remain). Log a new request if the person asks again."
    )


def reopen(request_id: int, *, now: datetime, actor: str) -> None:
    """Reopen a closed request; its deadline is unchanged by law."""
    with write():
        req = _get(request_id)
        if req.status in OPEN_STATUSES:
            raise ValidationError("status", f"{req.ref} is already open.")
        if req.erased_at is not None:
            raise ValidationError("status", not_reopenable(req.ref))
        previous = STATUSES[req.status]
        req.status = lc.after_reopen(req.status)
        req.closed_at = None
        req.save()
        log_event(req.id, "reopened", f"Reopened (was {previous})", now=now, actor=actor)


def add_note(request_id: int, text: str, *, now: datetime, actor: str) -> None:
    """A free note (calls made, mails sent outside ekko …): its text lives in `note`, the
    chained timeline only says a note was added, so erasure can remove the text."""
    text = clean_text(text, multiline=True)
    if not text:
        raise ValidationError("note", "The note is empty.")
    with write():
        req = _get(request_id)
        note = Note.create(request=req.id, at=to_db(now), actor=actor, text=text)
        log_event(req.id, "note", f"Note #{note.id} added", now=now, actor=actor)
