"""The agenda's check of records kept after an erasure (bokføringsloven § 13): those whose
keep-until date has passed must now be erased too (pure: the store passes the rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.agenda import Agenda, AgendaGroup, AgendaItem, GroupSpec

KEPT_GROUP = GroupSpec(
    "kept",
    "Kept documents to erase",
    "records kept after an erasure because bokføringsloven § 13 required it, whose keep-until "
    "date has passed: erase them now (enter here, or `ekko erase --expired`)",
)


@dataclass(frozen=True)
class KeptDue:
    """One kept record, as the agenda needs it (no personal data: a reference and a number)."""

    id: int
    request_ref: str
    system: str
    description: str
    document_date: date
    kept_until: date


def kept_items(rows: Iterable[KeptDue], today: date) -> list[AgendaItem]:
    """One item per kept record whose keep-until date is before `today`, oldest first."""
    items = []
    for row in sorted(rows, key=lambda r: (r.kept_until, r.id)):
        if row.kept_until >= today:
            continue
        items.append(
            AgendaItem(
                group=KEPT_GROUP.key,
                date=row.kept_until,
                ref=row.request_ref or "—",
                title=row.description,
                kind=row.system,
                detail=f"kept until {dl.format_date(row.kept_until)}",
                status="erase now",
                working_days_left=0,
                late_days=(today - row.kept_until).days,
                source="kept",
                source_id=row.id,
                explanation=(
                    f"{row.description} ({row.system}), dated "
                    f"{dl.format_date(row.document_date)}, was kept after the erasure "
                    f"{row.request_ref or ''} because bokføringsloven § 13 required it, until "
                    f"{dl.format_date(row.kept_until)}. That date has passed: erase it "
                    "(enter in the deadlines screen, or `ekko erase --expired`)."
                ),
            )
        )
    return items


def with_kept(agenda: Agenda, items: list[AgendaItem]) -> Agenda:
    """The agenda with the kept-documents group appended (empty when none has expired)."""
    return replace(agenda, groups=(*agenda.groups, AgendaGroup(KEPT_GROUP, tuple(items))))
