"""How long a closed request's personal data is kept, and the agenda's check of those past it.

The no-data answer promises: the request and our answer are kept until the case is closed, then
for `REQUEST_RECORD_YEARS` to document the answer (foreldelsesloven § 2), then deleted. The
period runs from the end of the year the case was closed, as the limitation period is counted
in whole years: the last day kept is 31 December of the year `REQUEST_RECORD_YEARS` later.
Pure: the store passes the rows and today's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.agenda import Agenda, AgendaGroup, AgendaItem, GroupSpec

# The general limitation period (foreldelsesloven § 2): the letters state it, the sweep keeps it.
REQUEST_RECORD_YEARS = 3

REQUESTS_GROUP = GroupSpec(
    "request_retention",
    "Requests past retention",
    f"closed requests kept {REQUEST_RECORD_YEARS} years after the year they closed "
    "(foreldelsesloven § 2, as the letters promise), now past that: erase their personal data "
    "(enter here, or `ekko erase --expired`)",
)


def request_kept_until(closed_on: date) -> date:
    """The last day a request closed on `closed_on` (Oslo date) keeps its personal data."""
    return date(closed_on.year + REQUEST_RECORD_YEARS, 12, 31)


@dataclass(frozen=True)
class RequestDue:
    """A closed request whose personal data is still stored (no personal data here)."""

    id: int
    ref: str
    types: tuple[str, ...]
    closed_on: date

    @property
    def kept_until(self) -> date:
        return request_kept_until(self.closed_on)


def past_retention(rows: Iterable[RequestDue], today: date) -> list[RequestDue]:
    """The rows whose last kept day is before `today`, oldest retention end first."""
    due = [r for r in rows if r.kept_until < today]
    return sorted(due, key=lambda r: (r.kept_until, r.closed_on, r.ref))


def request_items(rows: Iterable[RequestDue], today: date) -> list[AgendaItem]:
    """One agenda item per closed request past its retention end."""
    items = []
    for row in past_retention(rows, today):
        closed, until = dl.format_date(row.closed_on), dl.format_date(row.kept_until)
        items.append(
            AgendaItem(
                group=REQUESTS_GROUP.key,
                date=row.kept_until,
                ref=row.ref,
                title=f"closed {row.closed_on:%d.%m.%Y}",
                kind=", ".join(row.types),
                detail=f"closed {closed}, kept until {until}",
                status="erase now",
                working_days_left=0,
                late_days=(today - row.kept_until).days,
                source="request_retention",
                source_id=row.id,
                explanation=(
                    f"{row.ref} was closed on {closed}. Its personal data (name, contact, "
                    f"message, notes, letter copies) is kept for {REQUEST_RECORD_YEARS} years "
                    f"after that year, until {until} (foreldelsesloven § 2), as the letters "
                    "promise. That date has passed: erase it (enter in the deadlines screen, or "
                    "`ekko erase --expired`). The audit trail keeps the reference only."
                ),
            )
        )
    return items


def with_requests(agenda: Agenda, items: list[AgendaItem]) -> Agenda:
    """The agenda with the requests-past-retention group appended (empty when none is due)."""
    return replace(agenda, groups=(*agenda.groups, AgendaGroup(REQUESTS_GROUP, tuple(items))))
