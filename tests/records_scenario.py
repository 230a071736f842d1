"""One person in Kajabi (contacts + transactions), Stripe (customers + payments), Fiken
(customers + invoices incl. a credit note) and Zoom, imported the real way: the scenario the
card, the access copy, the portability package and the erasure tests share (issue 13)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from ekko_tui.domain.imports import parse_export
from ekko_tui.store import registers as register_store
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.store.register_writes import save_processor
from ekko_tui.store.subject_imports import import_export
from ekko_tui.store.subject_models import Identifier
from tests import document_samples as S

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
BJORN = "bjorn.haland@example.no"


def _import(kind: str, data: bytes, now: datetime) -> None:
    import_export(
        parse_export(kind, data),
        kind=kind,
        file_name=f"{kind}.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        now=now,
        actor="t",
    )


def record_safeguard(key: str, code: str, now: datetime) -> None:
    """What `ekko processors set KEY --safeguard CODE` records: without it, a letter to a
    person whose data went to a recipient outside the EEA is refused (issue 19)."""
    entry = next(p for p in register_store.processors(now.date()) if p.key == key)
    values = {**asdict(entry.fields), "safeguard": code}
    save_processor(entry.id, values, now=now, actor="t")


def seed_person(now: datetime, *, registers: bool = True) -> int:
    """Import every export of the scenario; returns Bjørn Håland's subject id."""
    if registers:
        seed_registers(now, "t")
        record_safeguard("zoom", "scc", now)  # the shipped register leaves it to be checked
    _import("kajabi", (EXPORTS / "kajabi_contacts.csv").read_bytes(), now)
    _import("kajabi-transactions", S.kajabi_transactions(S.KAJABI_CHARGE, S.KAJABI_REFUND), now)
    _import("stripe", (EXPORTS / "stripe_unified_customers.csv").read_bytes(), now)
    _import(
        "stripe-payments",
        S.stripe_payments(S.STRIPE_PAID, S.STRIPE_PARTIAL_REFUND, S.STRIPE_FAILED),
        now,
    )
    _import("fiken", (EXPORTS / "fiken_kunder.csv").read_bytes(), now)
    _import("fiken-invoices", S.fiken_invoices(S.FIKEN_INVOICE, S.FIKEN_CREDIT, S.FIKEN_SUM), now)
    _import("zoom", S.ZOOM_PARTICIPANTS.encode(), now)
    return Identifier.get(Identifier.kind == "email", Identifier.value == BJORN).subject_id
