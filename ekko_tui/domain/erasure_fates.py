"""What an erasure does to each record EKKO holds on the person (pure): contact rows and
non-accounting documents are erased; accounting documents are kept, restricted, until their
own keep-until date under bokføringsloven § 13, and erased with the rest once it has passed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ekko_tui.domain.deadlines import oslo_date
from ekko_tui.domain.records import Document, SubjectRecords
from ekko_tui.domain.retention import document_fate

# The document kinds in bokmål, as the erasure letter names the kept ones ("Faktura 10023").
DOCUMENT_NB: dict[str, str] = {
    "invoice": "Faktura",
    "credit_note": "Kreditnota",
    "payment": "Betaling",
    "refund": "Refusjon",
    "transaction": "Transaksjon",
    "subscription": "Abonnement",
    "meeting": "Møtedeltakelse",
    "webinar": "Webinardeltakelse",
    "newsletter": "Nyhetsbrevmedlemskap",
}


@dataclass(frozen=True)
class RecordFate:
    """One record or document of the person and what the erasure does to it."""

    system: str
    what: str  # "contact record", or the document in bokmål with its number ("Faktura 10023")
    number: str  # the document's number ('' for a contact record)
    document_date: date | None  # the document's own date (None for a contact record)
    outcome: str  # "erased" | "kept" | "expired" (kept no longer: erased) | "not accounting"
    record_kind: str | None = None  # "primary" | "secondary" for accounting documents
    kept_until: date | None = None

    @property
    def kept(self) -> bool:
        return self.outcome == "kept"

    def explain(self) -> str:
        """The fate in plain English (the plan shown before erasing)."""
        if self.outcome == "kept":
            return (
                f"kept until {self.kept_until} (bokføringsloven § 13, dated "
                f"{self.document_date}), restricted"
            )
        if self.outcome == "expired":
            return f"erased: its keep-until date {self.kept_until} has passed"
        if self.outcome == "not accounting":
            return "erased: not accounting material"
        return "erased"


def document_label(doc: Document) -> str:
    """ "Faktura 10023": the kind in bokmål and the document's number."""
    kind = DOCUMENT_NB.get(doc.kind, doc.kind_label)
    return f"{kind} {doc.number}".strip()


def record_fates(held: SubjectRecords, today: date) -> tuple[RecordFate, ...]:
    """Every record and document of the person, system by system, with its fate."""
    out: list[RecordFate] = []
    for system in held.systems:
        out += [RecordFate(system.system, "contact record", "", None, "erased")] * len(
            system.records
        )
        for doc in system.documents:
            # A document without a date of its own counts from the export that held it:
            # later than its real date, so never too short.
            on = doc.on or oslo_date(doc.exported_at)
            fate = document_fate(doc.kind, on, today, status=doc.status)
            out.append(
                RecordFate(
                    system.system,
                    document_label(doc),
                    doc.number,
                    on,
                    fate.why,
                    fate.record_kind,
                    fate.keep_until,
                )
            )
    return tuple(out)
