"""The agenda: what the law expects and when, grouped for the morning look (pure, `today` in).

Requests become `AgendaItem`s in fixed groups; other registers (processor reviews, DPAs) can
add their own group and items (a date, a title, a detail) without touching this module: pass
extra `GroupSpec`s and items to `build_agenda`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ekko_tui.domain import breaches as br
from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.month_view import items_by_date as items_by_date
from ekko_tui.domain.month_view import month_weeks as month_weeks
from ekko_tui.domain.month_view import shift_month as shift_month
from ekko_tui.domain.request_list import SOON_WORKING_DAYS as SOON_WORKING_DAYS
from ekko_tui.domain.request_list import RequestSummary
from ekko_tui.domain.request_list import types_label as types_label
from ekko_tui.domain.requests import STATUSES

_Date = date  # AgendaItem has a field named `date`; annotations inside it use this name.

# After this many calendar days without an answer the waiting group suggests a reminder.
WAITING_HINT_DAYS = 14


@dataclass(frozen=True)
class GroupSpec:
    """One group of the agenda: a key, a heading, and what it means."""

    key: str
    title: str
    meaning: str


REQUEST_GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("overdue", "Overdue", "the legal deadline has passed: answer now"),
    GroupSpec("today", "Due today", "the deadline is the end of today (Europe/Oslo)"),
    GroupSpec(
        "soon",
        f"Due within {SOON_WORKING_DAYS} working days",
        "deadlines in the coming working week",
    ),
    GroupSpec("later", "Later", "open requests with more time"),
    GroupSpec(
        "waiting",
        "Waiting for the subject",
        "the clock is stopped until the subject answers (Art. 12(6))",
    ),
    GroupSpec(
        "extension",
        "Extension decision due",
        "not extended, first deadline within 5 working days: an extension notice must go "
        "out before it (Art. 12(3))",
    ),
)


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: something due on a date, with the words that explain it."""

    group: str
    date: _Date  # the date that matters for the group (deadline, notice-by, waiting since)
    ref: str  # short identifier: a request reference, later a processor name
    title: str  # who or what: the requester, a processor
    kind: str  # what is due: request types, "DPA review" …
    detail: str  # why the date is what it is, or what to do
    status: str
    working_days_left: int  # from today to `date`; negative when late
    late_days: int = 0  # calendar days past `date` (0 when not late)
    source: str = "request"
    source_id: int | None = None
    explanation: str = ""  # the long form of `detail`, for a detail pane
    attention: bool = False  # needs a nudge beyond its date (e.g. no answer for 14 days)
    since: _Date | None = None  # when the waiting began; orders a group longest-waiting first
    hours_left: float | None = None  # breaches: real hours to the notify-by moment


@dataclass(frozen=True)
class AgendaGroup:
    """A heading with its items, soonest first."""

    spec: GroupSpec
    items: tuple[AgendaItem, ...]

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return self.spec.title


@dataclass(frozen=True)
class Agenda:
    """The whole agenda of one day."""

    today: date
    groups: tuple[AgendaGroup, ...]

    def group(self, key: str) -> AgendaGroup:
        """The group with this key (KeyError if there is none)."""
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(key)

    def items(self) -> list[AgendaItem]:
        """Every item in group order."""
        return [item for g in self.groups for item in g.items]


# ---------------------------------------------------------------- requests → items


def deadline_group(effective: date, today: date) -> str:
    """The time group of a running deadline: overdue, today, soon or later (calendar-exact)."""
    if effective < today:
        return "overdue"
    if effective == today:
        return "today"
    if dl.working_days_between(today, effective) <= SOON_WORKING_DAYS:
        return "soon"
    return "later"


def notice_due(req: RequestSummary, today: date) -> bool:
    """Tell whether an extension decision is due: open, running, not extended, first deadline
    today or within 5 working days."""
    if not req.is_open or req.waiting_since is not None:
        return False
    if dl.extension_refusal(req.deadline, already_extended=req.extended, on=today) is not None:
        return False
    return dl.working_days_between(today, req.deadline.first) <= SOON_WORKING_DAYS


def waiting_detail(since: date, today: date) -> str:
    """`asked Mon 9 Nov, clock stopped 16 days`, with a hint after 14 days without answer."""
    days = (today - since).days
    text = f"asked {dl.format_date(since)}, clock stopped {_days(days)}"
    if days > WAITING_HINT_DAYS:
        text += (
            f"; no answer for over {WAITING_HINT_DAYS} days: send a reminder, or close the "
            "request as withdrawn if the subject has given up"
        )
    return text


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def request_items(requests: Iterable[RequestSummary], today: date) -> list[AgendaItem]:
    """The agenda items of the open requests (closed ones have nothing due)."""
    items: list[AgendaItem] = []
    for req in requests:
        if not req.is_open:
            continue
        d = req.deadline
        status = STATUSES.get(req.status, req.status)
        common = {
            "ref": req.ref,
            "title": req.requester,
            "kind": types_label(req.types),
            "status": status,
            "source_id": req.id,
            "explanation": d.explain(holiday_names="nb"),
        }
        since = req.waiting_since
        if since is not None:
            items.append(
                AgendaItem(
                    group="waiting",
                    date=d.effective,
                    detail=waiting_detail(since, today),
                    attention=(today - since).days > WAITING_HINT_DAYS,
                    since=since,
                    working_days_left=dl.working_days_between(today, d.effective),
                    **common,  # type: ignore[arg-type]
                )
            )
            continue
        effective = d.effective
        items.append(
            AgendaItem(
                group=deadline_group(effective, today),
                date=effective,
                detail=d.short_why(holiday_names="nb"),
                working_days_left=dl.working_days_between(today, effective),
                late_days=max(0, (today - effective).days),
                **common,  # type: ignore[arg-type]
            )
        )
        if notice_due(req, today):
            would_be = dl.compute_deadline(
                req.received, pauses=req.pauses, extended=True, today=today
            ).extended
            assert would_be is not None
            items.append(
                AgendaItem(
                    group="extension",
                    date=d.first,
                    detail=(
                        f"notice with reasons by {dl.format_date(d.first)}; "
                        f"extended deadline would be {dl.format_date(would_be)}"
                    ),
                    working_days_left=dl.working_days_between(today, d.first),
                    **common,  # type: ignore[arg-type]
                )
            )
    return items


def build_agenda(
    items: Iterable[AgendaItem],
    today: date,
    extra_groups: Sequence[GroupSpec] = (),
    first_groups: Sequence[GroupSpec] = (),
) -> Agenda:
    """Sort items into the request groups plus any extra groups, soonest (or oldest) first."""
    specs = (*first_groups, *REQUEST_GROUPS, *extra_groups)
    buckets: dict[str, list[AgendaItem]] = {s.key: [] for s in specs}
    for item in items:
        if item.group not in buckets:
            raise ValueError(f"agenda item {item.ref!r} names an unknown group {item.group!r}")
        buckets[item.group].append(item)
    groups = tuple(
        AgendaGroup(
            s,
            tuple(
                sorted(
                    buckets[s.key],
                    key=lambda i: (i.since or i.date, i.date, i.hours_left or 0.0, i.ref),
                )
            ),
        )
        for s in specs
    )
    return Agenda(today=today, groups=groups)


def request_agenda(requests: Iterable[RequestSummary], today: date) -> Agenda:
    """The agenda of the requests alone."""
    return build_agenda(request_items(requests, today), today)


PROCESSOR_GROUP = GroupSpec(
    "processors",
    "Processor reviews and agreements due",
    "no signed data-processing agreement, or the review date has come (Art. 28)",
)


@dataclass(frozen=True)
class ProcessorDue:
    """Plain data about one register entry, as the agenda needs it (built by the store)."""

    id: int
    name: str
    next_review: date | None
    warnings: tuple[tuple[str, str], ...]  # (kind, message) from the register's warnings


def processor_items(entries: Iterable[ProcessorDue], today: date) -> list[AgendaItem]:
    """An item for each entry whose DPA is not signed or whose review falls due within 5
    working days (or has no date)."""
    horizon = dl.add_working_days(today, SOON_WORKING_DAYS)
    out = []
    for entry in entries:
        dpa = [m for kind, m in entry.warnings if kind == "dpa"]
        review_due = entry.next_review is None or entry.next_review <= horizon
        if not dpa and not review_due:
            continue
        when = entry.next_review if entry.next_review and review_due else today
        what = " and ".join(w for w, on in (("DPA", bool(dpa)), ("review", review_due)) if on)
        reasons = [*dpa]
        if review_due:
            reasons.append(
                "no review date set"
                if entry.next_review is None
                else f"review due {dl.format_date(entry.next_review)}"
            )
        late = max(0, (today - when).days)
        out.append(
            AgendaItem(
                group=PROCESSOR_GROUP.key,
                date=when,
                ref=entry.name,
                title=entry.name,
                kind=what,
                detail="; ".join(reasons),
                status="",
                working_days_left=dl.working_days_between(today, when),
                late_days=late,
                source="processor",
                source_id=entry.id,
                explanation="; ".join(reasons) + ". Open the registers (key 4) to record it.",
            )
        )
    return out


BREACH_GROUP = GroupSpec(
    "breaches",
    "Breach notices due (72 hours)",
    "notify Datatilsynet within 72 hours of awareness, or record why not (Art. 33)",
)


def breach_items(breaches: Iterable[br.BreachDue], now: datetime) -> list[AgendaItem]:
    """An item for each breach whose 72-hour clock runs, dated by its notify-by moment."""
    today = now.astimezone(dl.OSLO).date()
    out = []
    for b in breaches:
        deadline = b.notify_by
        hours = b.hours_left(now)
        day = deadline.date()
        out.append(
            AgendaItem(
                group=BREACH_GROUP.key,
                date=day,
                ref=b.ref,
                title=b.summary.splitlines()[0] if b.summary else "",
                kind="Art. 33 notice",
                detail=f"notify by {br.format_moment(deadline)}; {br.left_text(deadline, now)}",
                status=br.STATUSES.get(b.status, b.status),
                working_days_left=dl.working_days_between(today, day),
                late_days=max(0, (today - day).days),
                source="breach",
                source_id=b.id,
                explanation=(
                    f"Aware {br.format_moment(b.aware_at)} + 72 real hours = "
                    f"{br.format_moment(deadline)} (never rolled past weekends or holidays). "
                    "Notify Datatilsynet in Altinn, or record the decision not to with its "
                    "reason: the breach register, key 5."
                ),
                attention=hours < br.URGENT_HOURS,
                hours_left=hours,
            )
        )
    return out


def full_agenda(
    requests: Iterable[RequestSummary],
    processors: Iterable[ProcessorDue],
    today: date,
    *,
    breaches: Iterable[br.BreachDue] = (),
    now: datetime | None = None,
) -> Agenda:
    """The requests' agenda plus the processor reviews and agreements due, and (given `now`)
    the breaches whose 72-hour clock runs, first."""
    items = [*request_items(requests, today), *processor_items(processors, today)]
    if now is not None:
        items += breach_items(breaches, now)
    return build_agenda(items, today, extra_groups=(PROCESSOR_GROUP,), first_groups=(BREACH_GROUP,))


def hours_label(hours: float) -> str:
    """`48 h`, `30 min` under an hour, `3 h late`."""
    if hours >= 1:
        return f"{math.floor(hours)} h"
    if hours >= 0:
        return f"{round(hours * 60)} min"
    return f"{math.ceil(-hours)} h late"


# ---------------------------------------------------------------- words


def left_label(item: AgendaItem) -> str:
    """`3 wd`, `today`, `2 wd late` (or `1 day late` over a weekend), `paused`; breaches in
    hours (`48 h`)."""
    if item.hours_left is not None:
        return hours_label(item.hours_left)
    if item.group == "waiting":
        return "paused"
    n = item.working_days_left
    if item.late_days:
        return f"{-n} wd late" if n < 0 else f"{_days(item.late_days)} late"
    if n == 0:
        return "today"
    return f"{n} wd"


def summary(agenda: Agenda) -> str:
    """One line for the start-up reminder, or "" when no request needs attention this week.

    The breach notices due and the legal deadlines of requests: the processor register's
    chores wait in their group.
    """
    parts: list[str] = []
    breaches = [i for g in agenda.groups if g.key == BREACH_GROUP.key for i in g.items]
    if breaches:
        soonest = breaches[0]
        parts.append(
            f"{len(breaches)} breach notice(s) due ({soonest.ref}: "
            f"{hours_label(soonest.hours_left or 0.0)}"
            + (" left" if (soonest.hours_left or 0) >= 0 else "")
            + (f" +{len(breaches) - 1}" if len(breaches) > 1 else "")
            + ")"
        )

    def refs(items: Sequence[AgendaItem], limit: int = 4) -> str:
        shown = ", ".join(i.ref for i in items[:limit])
        return shown + (f" +{len(items) - limit}" if len(items) > limit else "")

    overdue = agenda.group("overdue").items
    if overdue:
        parts.append(f"{len(overdue)} overdue ({refs(overdue)})")
    today = agenda.group("today").items
    if today:
        parts.append(f"{len(today)} due today ({refs(today)})")
    soon = agenda.group("soon").items
    if soon:
        parts.append(f"{len(soon)} due within {SOON_WORKING_DAYS} working days ({refs(soon)})")
    notices = agenda.group("extension").items
    if notices:
        parts.append(f"{len(notices)} extension decision(s) due ({refs(notices)})")
    stale = [i for i in agenda.group("waiting").items if i.attention]
    if stale:
        parts.append(f"{len(stale)} waiting over {WAITING_HINT_DAYS} days ({refs(stale)})")
    return "; ".join(parts)
