"""The breach register: every change in one transaction with its event in the audit trail.

Events name the breach and the fields changed, never their contents: the trail cannot be
edited, so it must hold no personal data (links to subjects are by id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from ekko_tui.domain import breaches as br
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.breach_letters import erase_subject_letters as erase_subject_letters
from ekko_tui.store.breach_letters import mark_letter as mark_letter
from ekko_tui.store.breach_letters import record_letter as record_letter
from ekko_tui.store.breach_letters import record_saved_copy as record_saved_copy
from ekko_tui.store.breach_models import Breach, BreachFiling, BreachSubject
from ekko_tui.store.breach_queries import EVENT_PREFIX as EVENT_PREFIX
from ekko_tui.store.breach_queries import TEXT_FIELDS as TEXT_FIELDS
from ekko_tui.store.breach_queries import BreachDetail as BreachDetail
from ekko_tui.store.breach_queries import BreachLetterRow as BreachLetterRow
from ekko_tui.store.breach_queries import BreachRow as BreachRow
from ekko_tui.store.breach_queries import Filing as Filing
from ekko_tui.store.breach_queries import LinkedSubject as LinkedSubject
from ekko_tui.store.breach_queries import TimelineEntry as TimelineEntry
from ekko_tui.store.breach_queries import _get
from ekko_tui.store.breach_queries import breach_detail as breach_detail
from ekko_tui.store.breach_queries import breach_rows as breach_rows
from ekko_tui.store.breach_queries import breaches_due as breaches_due
from ekko_tui.store.breach_queries import breaches_for_calendar as breaches_for_calendar
from ekko_tui.store.breach_queries import breaches_recorded as breaches_recorded
from ekko_tui.store.breach_queries import letter_pdf as letter_pdf
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.subject_models import Subject
from ekko_tui.store.times import from_db, to_db


@dataclass(frozen=True)
class NewBreach:
    """A validated new breach."""

    aware_at: datetime  # aware UTC
    summary: str
    source: str = "self"
    types: tuple[str, ...] = ()
    source_detail: str = ""


def new_breach(
    *, aware: str, summary: str, now: datetime, source: str = "self", types: str = ""
) -> tuple[NewBreach, str]:
    """Validate typed input; returns the breach and a note (the autumn-hour choice) or ''."""
    local = br.parse_local(aware, "aware")
    br.check_aware(local.moment, now)
    text = br.clean(summary, "summary", required=True, label="what happened")
    code = br.check_choice(source or "self", br.SOURCES, "source")
    kinds = br.parse_types(types) if types.strip() else ()
    return NewBreach(local.moment, text, code, kinds), local.ambiguity_note()


def _log(b: Breach, what: str, *, now: datetime, actor: str) -> None:
    log_event(None, f"{EVENT_PREFIX}", f"{b.ref}: {what}", now=now, actor=actor)


def _require_open(b: Breach, action: str) -> None:
    if b.closed_at is not None:
        raise ValidationError("ref", f"{b.ref} is closed: it cannot {action} any more.")


# ---------------------------------------------------------------- writes


def create_breach(new: NewBreach, *, now: datetime, actor: str) -> str:
    """Store a new breach with the next reference of its awareness year; returns the ref."""
    year = new.aware_at.astimezone(OSLO).year
    with write():
        last = Breach.select(pw.fn.MAX(Breach.seq)).where(Breach.year == year).scalar() or 0
        b = Breach.create(
            ref=br.format_ref(year, last + 1),
            year=year,
            seq=last + 1,
            aware_at=to_db(new.aware_at),
            source=new.source,
            source_detail=new.source_detail,
            summary=new.summary,
            types=",".join(new.types),
            created_at=to_db(now),
        )
        _log(
            b,
            f"logged; aware {br.iso(new.aware_at)}, notify by {br.iso(br.notify_by(new.aware_at))}",
            now=now,
            actor=actor,
        )
    return b.ref


def update_details(ref: str, changes: Mapping[str, str], *, now: datetime, actor: str) -> list[str]:
    """Change free-text fields, the types, the counts and the period; returns changed names."""
    with write():
        b = _get(ref)
        _require_open(b, "be edited")
        changed: list[str] = []
        for key, raw in changes.items():
            if key in TEXT_FIELDS:
                value: object = br.clean(
                    raw, key, required=key == "summary", label=TEXT_FIELDS[key]
                )
            elif key == "types":
                value = ",".join(br.parse_types(raw)) if raw.strip() else ""
            elif key == "source":
                value = br.check_choice(raw, br.SOURCES, "source")
            elif key in ("people_count", "records_count"):
                value = _count(raw, key)
            elif key in ("occurred_from", "occurred_to", "source_at"):
                value = _moment_or_none(raw, key, now)
            else:
                raise ValidationError(key, f"{key} cannot be edited here.")
            if getattr(b, key) != value:
                setattr(b, key, value)
                changed.append(key)
        if b.occurred_from and b.occurred_to and b.occurred_to < b.occurred_from:
            raise ValidationError("occurred_to", "The breach cannot end before it began.")
        if changed:
            b.save()
            _log(b, "changed " + ", ".join(changed), now=now, actor=actor)
    return changed


def _count(raw: str, field: str) -> int | None:
    text = raw.strip().lstrip("~").replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(field, f"{field.replace('_', ' ')}: a whole number (approximate).")
    return int(text)


def _moment_or_none(raw: str, field: str, now: datetime) -> datetime | None:
    if not raw.strip():
        return None
    local = br.parse_local(raw, field)
    if local.moment > now:
        raise ValidationError(field, f"{raw.strip()} is in the future.")
    return to_db(local.moment)


def assess(ref: str, risk: str, reason: str, *, now: datetime, actor: str) -> None:
    """Record the risk assessment with its reasoning (required)."""
    code = br.check_choice(risk, br.RISKS, "risk")
    if code == "unassessed":
        raise ValidationError("risk", "Choose none, risk or high.")
    text = br.clean(reason, "risk_reason", required=True, label="the reasoning")
    with write():
        b = _get(ref)
        _require_open(b, "be assessed")
        if code == "none" and b.notified_at is None and b.decision == "notify":
            b.decision = "undecided"  # the old decision rested on another assessment
        b.risk, b.risk_reason = code, text
        b.save()
        _log(b, f"risk assessed: {code}", now=now, actor=actor)


def decide(ref: str, decision: str, reason: str, *, now: datetime, actor: str) -> None:
    """Decide to notify Datatilsynet or not; not notifying needs the reason (Art. 33(5))."""
    code = br.check_choice(decision, br.DECISIONS, "decision")
    if code == "undecided":
        raise ValidationError("decision", "Choose notify or not_notify.")
    text = br.clean(reason, "decision_reason", required=code == "not_notify", label="the reason")
    with write():
        b = _get(ref)
        _require_open(b, "be decided")
        if code == "not_notify" and b.risk in ("risk", "high"):
            raise ValidationError(
                "decision",
                f"{b.ref} is assessed as {br.RISKS[b.risk].lower()}: Art. 33(1) requires a "
                "notice. Change the assessment first if it is unlikely to result in a risk.",
            )
        if code == "not_notify" and b.notified_at is not None:
            raise ValidationError("decision", f"{b.ref} has already been notified.")
        b.decision, b.decision_reason = code, text
        b.save()
        _log(b, f"decision: {code}", now=now, actor=actor)


def record_notified(
    ref: str,
    at: datetime,
    reference: str,
    *,
    delay_reason: str = "",
    now: datetime,
    actor: str,
) -> bool:
    """Record the notice sent through Altinn; True when it was late (then reasons required)."""
    ref_text = br.clean(reference, "reference", required=True, label="the Altinn reference")
    with write():
        b = _get(ref)
        _require_open(b, "be notified")
        aware = from_db(b.aware_at)
        br.check_moment_after(at, aware, now, "The notification time")
        if b.notified_at is not None:
            raise ValidationError(
                "at", f"{b.ref} was notified already: add a follow-up filing instead."
            )
        late = br.is_late(at, aware)
        reason = br.clean(
            delay_reason,
            "delay_reason",
            required=late,
            label="the reason for the delay (Art. 33(1))",
        )
        b.notified_at, b.altinn_ref, b.delay_reason = to_db(at), ref_text, reason
        b.decision = "notify"
        b.save()
        BreachFiling.create(breach=b.id, at=to_db(at), kind="notice", reference=ref_text)
        _log(
            b,
            f"notified Datatilsynet {br.iso(at)}" + (" (after 72 h)" if late else ""),
            now=now,
            actor=actor,
        )
    return late


def add_follow_up(
    ref: str, at: datetime, reference: str, note: str, *, now: datetime, actor: str
) -> None:
    """A later filing with more information (Art. 33(4): in phases)."""
    text = br.clean(note, "note", required=True, label="what the follow-up added")
    with write():
        b = _get(ref)
        if b.notified_at is None:
            raise ValidationError("at", f"{b.ref} has not been notified yet: record that first.")
        br.check_moment_after(at, from_db(b.notified_at), now, "The follow-up time")
        BreachFiling.create(
            breach=b.id, at=to_db(at), kind="follow_up", reference=reference.strip(), note=text
        )
        _log(b, f"follow-up filed {br.iso(at)}", now=now, actor=actor)


def record_people_notice(
    ref: str, at: datetime, how: str, to: str, *, now: datetime, actor: str
) -> None:
    """The people affected were told (Art. 34(1))."""
    method = br.check_choice(how, br.NOTICE_METHODS, "how")
    whom = br.clean(to, "to", required=True, label="whom (e.g. the 40 course buyers)")
    with write():
        b = _get(ref)
        _require_open(b, "be changed")
        br.check_moment_after(at, from_db(b.aware_at), now, "The notice time")
        b.people_notice_at, b.people_notice_how, b.people_notice_to = to_db(at), method, whom
        b.art34_ground, b.art34_justification = "", ""
        b.save()
        _log(b, f"people affected told by {method} {br.iso(at)}", now=now, actor=actor)


def record_art34_exemption(
    ref: str, ground: str, justification: str, *, now: datetime, actor: str
) -> None:
    """Not telling the people affected, on an Art. 34(3) ground, with the justification."""
    code = br.check_choice(ground, br.ART34_GROUNDS, "ground")
    text = br.clean(justification, "justification", required=True, label="the justification")
    with write():
        b = _get(ref)
        _require_open(b, "be changed")
        b.art34_ground, b.art34_justification = code, text
        b.save()
        _log(b, f"people not told: Art. 34(3)({code})", now=now, actor=actor)


def close_breach(ref: str, lessons: str, *, now: datetime, actor: str) -> None:
    """Close the record: only once the law's questions are answered."""
    text = br.clean(lessons, "lessons", required=True, label="the lessons learned")
    with write():
        b = _get(ref)
        _require_open(b, "be closed")
        missing = close_blockers(b)
        if missing:
            raise ValidationError("lessons", f"{b.ref} cannot close yet: " + "; ".join(missing))
        b.closed_at, b.lessons = to_db(now), text
        b.save()
        _log(b, "closed", now=now, actor=actor)


def close_blockers(b: Breach) -> list[str]:
    """What the record still lacks before it can close."""
    out = []
    if b.risk == "unassessed":
        out.append("assess the risk")
    if b.decision == "undecided":
        out.append("decide whether to notify Datatilsynet")
    if b.decision == "notify" and b.notified_at is None:
        out.append("record the notification to Datatilsynet")
    if b.risk == "high" and b.people_notice_at is None and not b.art34_ground:
        out.append("tell the people affected, or record the Art. 34(3) ground")
    if not (b.measures_taken or b.measures_planned):
        out.append("record the measures")
    return out


def link_subject(ref: str, subject_id: int, *, now: datetime, actor: str) -> None:
    """Link a subject as affected (a link, not a copy of their data)."""
    with write():
        b = _get(ref)
        if Subject.get_or_none(Subject.id == subject_id) is None:
            raise ValidationError("subject", f"Subject #{subject_id} does not exist.")
        exists = BreachSubject.get_or_none(
            (BreachSubject.breach == b.id) & (BreachSubject.subject == subject_id)
        )
        if exists is not None:
            raise ValidationError("subject", f"Subject #{subject_id} is already linked.")
        BreachSubject.create(breach=b.id, subject=subject_id, added_at=to_db(now))
        _log(b, f"subject #{subject_id} linked as affected", now=now, actor=actor)


def unlink_subject(ref: str, subject_id: int, *, now: datetime, actor: str) -> None:
    with write():
        b = _get(ref)
        gone = (
            BreachSubject.delete()
            .where((BreachSubject.breach == b.id) & (BreachSubject.subject == subject_id))
            .execute()
        )
        if not gone:
            raise ValidationError("subject", f"Subject #{subject_id} is not linked to {b.ref}.")
        _log(b, f"subject #{subject_id} unlinked", now=now, actor=actor)


# ---------------------------------------------------------------- reads
