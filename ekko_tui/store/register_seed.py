"""The shipped registers in `data/`: loaded into a new database once, and afterwards a later
release's new or changed entries are *offered* (accept / decline), never written over the
user's edits. Each shipped entry is tracked by (kind, key) with the hash of its shipped text.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ekko_tui import paths
from ekko_tui.domain.register_entries import (
    ActivityFields,
    CookieFields,
    cookie_label,
    validate_activity,
    validate_controller,
    validate_cookie,
)
from ekko_tui.domain.registers import (
    ProcessorFields,
    validate_processor,
)
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import registers
from ekko_tui.store.db import StoreError
from ekko_tui.store.models import Setting
from ekko_tui.store.register_models import (
    RegisterActivity,
    RegisterCookie,
    RegisterProcessor,
    RegisterShipped,
)
from ekko_tui.store.register_writes import (
    store_activity,
    store_controller,
    store_cookie,
    store_processor,
)
from ekko_tui.store.registers import EVENT_KIND
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.seed_state import SEEDED, is_seeded
from ekko_tui.store.times import to_db

KINDS = ("processor", "activity", "cookie")  # the order entries must be stored in
KIND_LABELS = {"processor": "Processor", "activity": "Activity", "cookie": "Cookie"}


class ShippedDataError(StoreError):
    """The shipped data/ files are missing or wrong (a packaging bug, not a user error)."""


@dataclass(frozen=True)
class ShippedEntry:
    kind: str
    key: str
    name: str
    hash: str
    version: int
    fields: ProcessorFields | ActivityFields | CookieFields


@dataclass(frozen=True)
class Shipped:
    controller: dict[str, Any]
    entries: tuple[ShippedEntry, ...]

    def of_kind(self, kind: str) -> tuple[ShippedEntry, ...]:
        return tuple(e for e in self.entries if e.kind == kind)


@dataclass(frozen=True)
class Offer:
    """A shipped entry the database does not have (new) or has in another version (changed)."""

    kind: str
    key: str
    name: str
    change: str  # new | changed
    edited: bool  # accepting replaces a stored entry
    entry: ShippedEntry
    differences: tuple[str, ...] = ()  # the fields that would change

    @property
    def label(self) -> str:
        if self.change == "new":
            return f"{KIND_LABELS[self.kind]} new: {self.name}"
        fields = ", ".join(self.differences)
        return (
            f"{KIND_LABELS[self.kind]} updated: {self.name} — {fields} (replaces the stored entry)"
        )


def _entry_hash(raw: dict[str, Any]) -> str:
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ShippedDataError(f"Shipped data file {path} cannot be read: {exc}") from exc


def load_shipped(folder: Path | None = None) -> Shipped:
    """Parse and validate the shipped TOML files (default: the package's data folder)."""
    folder = folder or paths.data_dir()
    controller = _read(folder, "controller.toml").get("controller", {})
    entries: list[ShippedEntry] = []
    sections = (
        ("processor", "processors.toml", "processor"),
        ("activity", "activities.toml", "activity"),
        ("cookie", "cookies.toml", "cookie"),
    )
    keys: set[str] = set()
    for kind, filename, table in sections:
        doc = _read(folder, filename)
        version = int(doc.get("version", 1))
        for raw in doc.get(table, []):
            try:
                if kind == "processor":
                    f: ProcessorFields | ActivityFields | CookieFields = validate_processor(raw)
                    keys.add(f.key)
                elif kind == "activity":
                    f = validate_activity(raw, known_recipients=keys)
                else:
                    f = validate_cookie(raw, known_providers=keys)
            except ValidationError as exc:
                raise ShippedDataError(
                    f"{filename}: entry {raw.get('key', '?')!r}: {exc.message}"
                ) from exc
            label = cookie_label(f) if isinstance(f, CookieFields) else f.name
            entries.append(ShippedEntry(kind, f.key, label, _entry_hash(raw), version, f))
    try:
        validate_controller(controller)
    except ValidationError as exc:
        raise ShippedDataError(f"controller.toml: {exc.message}") from exc
    return Shipped(controller=controller, entries=tuple(entries))


def _store(entry: ShippedEntry, now: datetime) -> None:
    model: dict[str, Any] = {
        "processor": RegisterProcessor,
        "activity": RegisterActivity,
        "cookie": RegisterCookie,
    }
    existing = model[entry.kind].get_or_none(model[entry.kind].key == entry.key)
    rid = existing.id if existing is not None else None
    if entry.kind == "processor":
        assert isinstance(entry.fields, ProcessorFields)
        store_processor(rid, entry.fields, now)
    elif entry.kind == "activity":
        assert isinstance(entry.fields, ActivityFields)
        store_activity(rid, entry.fields, now)
    else:
        assert isinstance(entry.fields, CookieFields)
        store_cookie(rid, entry.fields, now)


def _record(entry: ShippedEntry, state: str, now: datetime) -> None:
    RegisterShipped.insert(
        kind=entry.kind,
        key=entry.key,
        hash=entry.hash,
        version=entry.version,
        state=state,
        decided_at=to_db(now),
    ).on_conflict(
        conflict_target=[RegisterShipped.kind, RegisterShipped.key],
        update={
            RegisterShipped.hash: entry.hash,
            RegisterShipped.version: entry.version,
            RegisterShipped.state: state,
            RegisterShipped.decided_at: to_db(now),
        },
    ).execute()


def seed_registers(now: datetime, actor: str, shipped: Shipped | None = None) -> bool:
    """Load the shipped registers into a database that never had them; True if it did now."""
    if is_seeded():
        return False
    shipped = shipped or load_shipped()
    with write():
        if Setting.get_or_none(Setting.key == SEEDED) is not None:
            return False  # another ekko seeded it meanwhile
        store_controller(validate_controller(shipped.controller), only_missing=True)
        for entry in shipped.entries:  # processors first: activities and cookies link to them
            _store(entry, now)
            _record(entry, "accepted", now)
        Setting.insert(key=SEEDED, value=to_db(now).isoformat()).on_conflict_replace().execute()
        counts = {k: len(shipped.of_kind(k)) for k in KINDS}
        log_event(
            None,
            EVENT_KIND,
            f"Registers loaded from shipped data: {counts['processor']} processors, "
            f"{counts['activity']} activities, {counts['cookie']} cookies",
            now=now,
            actor=actor,
        )
    return True


def _stored_fields() -> dict[tuple[str, str], Any]:
    """The stored entries as the same field dataclasses the shipped files are parsed into."""
    day = date(2000, 1, 1)  # the rows' warnings depend on the day; they are not used here
    out: dict[tuple[str, str], Any] = {}
    for p in registers.processors(day):
        out["processor", p.key] = p.fields
    for a in registers.activities(day):
        out["activity", a.key] = ActivityFields(
            **{f.name: getattr(a, f.name) for f in dataclass_fields(ActivityFields)}
        )
    for c in registers.cookies():
        out["cookie", c.key] = CookieFields(
            **{f.name: getattr(c, f.name) for f in dataclass_fields(CookieFields)}
        )
    return out


def pending_offers(shipped: Shipped | None = None) -> tuple[Offer, ...]:
    """Shipped entries not yet decided on: new keys, and keys whose shipped text changed.

    An entry whose stored copy already equals the new shipped version is not offered.
    """
    if not is_seeded():
        return ()
    shipped = shipped or load_shipped()
    seen = {(r.kind, r.key): r.hash for r in RegisterShipped.select()}
    stored = _stored_fields()
    out = []
    for entry in shipped.entries:
        ident = (entry.kind, entry.key)
        if ident in seen and seen[ident] == entry.hash:
            continue
        current = stored.get(ident)
        if current is None:
            out.append(Offer(entry.kind, entry.key, entry.name, "new", False, entry))
            continue
        differences = tuple(
            f.name
            for f in dataclass_fields(current)
            if getattr(current, f.name) != getattr(entry.fields, f.name)
        )
        if differences:
            # Also a key the user created by hand: accepting replaces it.
            out.append(
                Offer(entry.kind, entry.key, entry.name, "changed", True, entry, differences)
            )
    return tuple(out)


def accept_offer(offer: Offer, *, now: datetime, actor: str) -> None:
    """Take a shipped entry over (creating or replacing the stored one)."""
    with write():
        _store(offer.entry, now)
        _record(offer.entry, "accepted", now)
        log_event(
            None,
            EVENT_KIND,
            f"Shipped {offer.kind} {offer.change} accepted: {offer.key}",
            now=now,
            actor=actor,
        )


def decline_offer(offer: Offer, *, now: datetime, actor: str) -> None:
    """Keep the database as it is; this version of the entry is not offered again."""
    with write():
        _record(offer.entry, "declined", now)
        log_event(
            None,
            EVENT_KIND,
            f"Shipped {offer.kind} {offer.change} declined: {offer.key}",
            now=now,
            actor=actor,
        )


def accept_all(offers: tuple[Offer, ...], *, now: datetime, actor: str) -> int:
    """Accept every offer in dependency order (processors before what links to them).

    Refused before anything is written if an activity or cookie names a processor that is
    neither stored nor among the accepted offers.
    """
    ordered = sorted(offers, key=lambda o: KINDS.index(o.kind))
    known = registers.processor_keys() | {o.key for o in ordered if o.kind == "processor"}
    for offer in ordered:
        f = offer.entry.fields
        needed = (
            f.recipients
            if isinstance(f, ActivityFields)
            else (f.provider,)
            if isinstance(f, CookieFields) and f.provider
            else ()
        )
        missing = [k for k in needed if k not in known]
        if missing:
            raise ValidationError(
                "offers",
                f"{offer.name} needs {', '.join(missing)}, which you did not tick. "
                "Tick it too, or untick this one.",
            )
    for offer in ordered:
        accept_offer(offer, now=now, actor=actor)
    return len(ordered)
