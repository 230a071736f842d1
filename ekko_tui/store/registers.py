"""The registers as other parts of ekko read them: frozen rows, a fixed number of queries.

Other helpers call `controller_profile()`, `processors(today)`, `processor_by_system(key,
today)`, `activities(today)`, `cookies()`, `reviews_due(today)` and `ropa_data(today)`.
Changes go through `store.register_writes`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ekko_tui.domain.collation import collation_key
from ekko_tui.domain.register_entries import (
    CONTROLLER_FIELDS,
    ActivityFields,
    ControllerFields,
    CookieFields,
    activity_warnings,
)
from ekko_tui.domain.registers import (
    PROCESSOR_FIELDS,
    ProcessorFields,
    RegisterWarning,
    processor_warnings,
)
from ekko_tui.domain.ropa import Ropa, build_ropa
from ekko_tui.store.models import Event, Setting
from ekko_tui.store.register_models import (
    RegisterActivity,
    RegisterActivityRecipient,
    RegisterCookie,
    RegisterProcessor,
)

EVENT_KIND = "register"
CONTROLLER_PREFIX = "controller."


# --- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProcessorRow(ProcessorFields):
    """A register entry with its id and its warnings as of the `today` it was read for."""

    id: int
    warnings: tuple[RegisterWarning, ...]

    @property
    def fields(self) -> ProcessorFields:
        data = asdict(self)
        return ProcessorFields(**{k: data[k] for k in PROCESSOR_FIELDS})


@dataclass(frozen=True)
class ActivityRow(ActivityFields):
    id: int
    recipient_rows: tuple[ProcessorRow, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class CookieRow(CookieFields):
    id: int
    provider_name: str


def _processor_fields(row: RegisterProcessor) -> ProcessorFields:
    return ProcessorFields(**{name: getattr(row, name) for name in PROCESSOR_FIELDS})


def _processor_row(row: RegisterProcessor, today: date) -> ProcessorRow:
    f = _processor_fields(row)
    return ProcessorRow(**asdict(f), id=row.id, warnings=processor_warnings(f, today))


def _tuples(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a select as plain tuples (typed for mypy, which cannot see peewee's)."""
    return list(query.tuples())


# --- reads ----------------------------------------------------------------------------------------


def controller_profile() -> ControllerFields:
    """The controller (EKKO AS) as stored; fields never set are empty strings."""
    rows = Setting.select().where(Setting.key.startswith(CONTROLLER_PREFIX))
    values = {r.key[len(CONTROLLER_PREFIX) :]: r.value for r in rows}
    return ControllerFields(**{f: values.get(f, "") for f in CONTROLLER_FIELDS})


def processors(today: date) -> tuple[ProcessorRow, ...]:
    """Every register entry, by name in Norwegian order, with its warnings (one query)."""
    rows = sorted(RegisterProcessor.select(), key=lambda r: (collation_key(r.name), r.id))
    return tuple(_processor_row(r, today) for r in rows)


def processor(processor_id: int, today: date) -> ProcessorRow | None:
    row = RegisterProcessor.get_or_none(RegisterProcessor.id == processor_id)
    return _processor_row(row, today) if row else None


def processor_by_system(system: str, today: date) -> tuple[ProcessorRow, ...]:
    """The entries whose `system` key is `system` (e.g. 'kajabi'), for holdings and letters."""
    rows = RegisterProcessor.select().where(RegisterProcessor.system == system)
    return tuple(_processor_row(r, today) for r in rows.order_by(RegisterProcessor.name))


def reviews_due(today: date, within_days: int = 0) -> tuple[ProcessorRow, ...]:
    """Entries with no review date or one on or before `today + within_days`."""
    limit = today + timedelta(days=within_days)
    return tuple(p for p in processors(today) if p.next_review is None or p.next_review <= limit)


def activities(today: date) -> tuple[ActivityRow, ...]:
    """Every processing activity with its recipients resolved (three queries, no N+1)."""
    procs = {p.id: p for p in processors(today)}
    links: dict[int, list[tuple[int, int]]] = defaultdict(list)
    link_rows = RegisterActivityRecipient.select(
        RegisterActivityRecipient.activity,
        RegisterActivityRecipient.position,
        RegisterActivityRecipient.processor,
    )
    for activity_id, position, processor_id in _tuples(link_rows):
        links[activity_id].append((position, processor_id))
    out = []
    for row in RegisterActivity.select().order_by(RegisterActivity.id):
        recips = tuple(procs[pid] for _, pid in sorted(links[row.id]) if pid in procs)
        fields = ActivityFields(
            key=row.key,
            name=row.name,
            purpose=row.purpose,
            lawful_basis=tuple(b for b in row.lawful_basis.split(",") if b),
            basis_note=row.basis_note,
            data_categories=row.data_categories,
            subject_categories=row.subject_categories,
            recipients=tuple(p.key for p in recips),
            retention=row.retention,
            source=row.source,
            security=row.security,
        )
        out.append(
            ActivityRow(
                **asdict(fields),
                id=row.id,
                recipient_rows=recips,
                warnings=activity_warnings(
                    fields,
                    [r.name for r in recips if any(w.kind == "transfer" for w in r.warnings)],
                ),
            )
        )
    return tuple(out)


def cookies() -> tuple[CookieRow, ...]:
    """Every cookie with its provider's key and name (two queries)."""
    names = {
        pid: (key, name)
        for pid, key, name in _tuples(
            RegisterProcessor.select(
                RegisterProcessor.id, RegisterProcessor.key, RegisterProcessor.name
            )
        )
    }
    query = RegisterCookie.select(
        RegisterCookie.id,
        RegisterCookie.key,
        RegisterCookie.name,
        RegisterCookie.provider,
        RegisterCookie.purpose,
        RegisterCookie.category,
        RegisterCookie.consent_required,
        RegisterCookie.service,
        RegisterCookie.party,
        RegisterCookie.duration,
        RegisterCookie.sources,
    ).order_by(RegisterCookie.id)
    out = []
    for row in _tuples(query):
        cid, key, name, provider_id, purpose, category, consent = row[:7]
        service, party, duration, sources = row[7:]
        provider = names.get(provider_id) if provider_id is not None else None
        out.append(
            CookieRow(
                key=key,
                name=name,
                provider=provider[0] if provider else "",
                purpose=purpose,
                category=category,
                consent_required=bool(consent),
                service=service,
                party=party,
                duration=duration,
                sources=sources,
                id=cid,
                provider_name=provider[1] if provider else "ipogs.no (first party)",
            )
        )
    return tuple(out)


def processor_keys() -> set[str]:
    return {r.key for r in RegisterProcessor.select(RegisterProcessor.key)}


EMAIL_ASKED = "registers.email_asked"


def email_asked() -> bool:
    return Setting.get_or_none(Setting.key == EMAIL_ASKED) is not None


@dataclass(frozen=True)
class HistoryLine:
    at: datetime  # aware UTC
    actor: str
    detail: str


def entry_history(kind: str, key: str, limit: int = 8) -> tuple[HistoryLine, ...]:
    """The latest register events about one entry (kind: processor / activity / cookie)."""
    word = re.compile(rf"\b{re.escape(kind)}\b", re.IGNORECASE)
    name = re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w-])")
    rows = (
        Event.select(Event.at, Event.actor, Event.detail)
        .where((Event.kind == EVENT_KIND) & Event.detail.contains(key))
        .order_by(Event.id.desc())
    )
    out = []
    for at, actor, detail in _tuples(rows):
        if word.search(detail) and name.search(detail):
            out.append(HistoryLine(at.replace(tzinfo=UTC), actor, detail))
            if len(out) == limit:
                break
    return tuple(out)


def ropa_data(today: date) -> Ropa:
    """The record of processing activities as of `today`, ready for the PDF and CSV."""
    from ekko_tui.store.breaches import breaches_recorded

    acts = activities(today)
    return build_ropa(
        controller_profile(),
        [(a, a.recipient_rows) for a in acts],
        processors(today),
        today,
        breaches_recorded=breaches_recorded(),
    )
