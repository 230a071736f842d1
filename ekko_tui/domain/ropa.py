"""The record of processing activities (GDPR Art. 30(1)) as plain data: every row and sentence
the PDF and CSV show, built from the registers. Pure: `today` is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ekko_tui.domain import bokmal as nb
from ekko_tui.domain.register_entries import (
    ActivityFields,
    ControllerFields,
)
from ekko_tui.domain.registers import ProcessorFields, transfers_outside_eea


@dataclass(frozen=True)
class RopaRecipient:
    name: str
    role: str
    country: str
    third_country: bool
    safeguard: str
    agreement: str
    onward: str = ""  # an EEA entity's onward transfer: `Stripe, Inc. (USA)`; "" = none

    @property
    def line(self) -> str:
        """`Kajabi LLC — Databehandler, USA (overføring ut av EØS: Standard …)`."""
        where = self.country or "land ukjent"
        if self.onward:
            where += f" (overfører videre til {self.onward}, utenfor EØS: {self.safeguard})"
        elif self.third_country:
            where += f" (overføring ut av EØS: {self.safeguard})"
        return f"{self.name} — {self.role}, {where}"

    @property
    def transfer(self) -> str:
        """The transfer out of the EEA this recipient makes, direct or onward ("" = none)."""
        where = f"{self.name} ({self.country or 'land ukjent'})"
        if self.onward:
            return f"{where} videre til {self.onward}: {self.safeguard}"
        return f"{where}: {self.safeguard}" if self.third_country else ""


@dataclass(frozen=True)
class RopaEntry:
    name: str
    purpose: str
    lawful_basis: str
    data_categories: str
    subject_categories: str
    recipients: tuple[RopaRecipient, ...]
    transfers: str
    retention: str
    source: str
    security: str


@dataclass(frozen=True)
class Ropa:
    controller: ControllerFields
    made_on: date
    entries: tuple[RopaEntry, ...]
    processors: tuple[RopaRecipient, ...]
    breach_register: str = ""  # the register of breaches as a security measure, when kept

    @property
    def controller_lines(self) -> tuple[str, ...]:
        c = self.controller
        return tuple(
            line
            for line in (
                f"{c.name}, org.nr. {c.org_nr}",
                f"{c.address}, {c.postcode} {c.city}".strip(", "),
                f"Ansvarlig: {c.responsible}" if c.responsible else "",
                f"Kontakt: {c.email}" if c.email else "Kontakt-e-post: ikke registrert",
                f"Nettsted: {c.website}" if c.website else "",
            )
            if line
        )


def _recipient(p: ProcessorFields) -> RopaRecipient:
    third = transfers_outside_eea(p.country, p.safeguard)
    agreement = nb.DPA_STATUSES.get(p.dpa_status, p.dpa_status)
    if p.dpa_date:
        agreement += f" {p.dpa_date.isoformat()}"
    return RopaRecipient(
        name=p.name,
        role=nb.ROLES.get(p.role, p.role),
        country=nb.country(p.country) if p.country else "",
        third_country=third,
        safeguard=nb.SAFEGUARDS.get(p.safeguard, p.safeguard),
        agreement=agreement,
        onward=(
            f"{p.onward_entity} ({nb.country(p.onward_country) or 'land ukjent'})"
            if p.onward_entity
            else ""
        ),
    )


def bases_label(bases: Sequence[str]) -> str:
    """`avtale (artikkel 6 nr. 1 bokstav b); berettiget interesse (… bokstav f)`."""
    return "; ".join(nb.BASES.get(b, b) for b in bases)


def build_ropa(
    controller: ControllerFields,
    activities: Sequence[tuple[ActivityFields, Sequence[ProcessorFields]]],
    processors: Sequence[ProcessorFields],
    today: date,
    breaches_recorded: int | None = None,
) -> Ropa:
    """The record as of `today`: one entry per activity, recipients named, transfers spelled out."""
    entries = []
    for activity, recips in activities:
        rows = tuple(_recipient(p) for p in recips)
        transfers = "; ".join(r.transfer for r in rows if r.transfer) or "Ingen utenfor EØS"
        basis = bases_label(activity.lawful_basis)
        if activity.basis_note:
            basis += f" — {activity.basis_note}"
        entries.append(
            RopaEntry(
                name=activity.name,
                purpose=activity.purpose,
                lawful_basis=basis,
                data_categories=activity.data_categories,
                subject_categories=activity.subject_categories,
                recipients=rows,
                transfers=transfers,
                retention=activity.retention or "Ikke fastsatt",
                source=activity.source or "Ikke registrert",
                security=activity.security or "Ikke registrert",
            )
        )
    return Ropa(
        controller=controller,
        made_on=today,
        entries=tuple(entries),
        processors=tuple(_recipient(p) for p in processors),
        breach_register=breach_register_line(breaches_recorded, today),
    )


def breach_register_line(recorded: int | None, today: date) -> str:
    """The breach register as an organisational security measure (Art. 32, 33(5)): said only
    when the database keeps one (`recorded` is None where it does not)."""
    if recorded is None:
        return ""
    return (
        "Brudd på personopplysningssikkerheten føres i et avviksregister i ekko (artikkel 33 "
        "nr. 5), med fristen på 72 timer for melding til Datatilsynet; "
        f"{recorded} brudd registrert per {today.isoformat()}."
    )


CSV_COLUMNS = (
    "controller",
    "controller_org_nr",
    "controller_contact",
    "made_on",
    "activity",
    "purpose",
    "lawful_basis",
    "data_subjects",
    "data_categories",
    "recipients",
    "third_country_transfers",
    "retention",
    "source",
    "security_measures",
)


def ropa_csv_rows(ropa: Ropa) -> list[list[str]]:
    """One row per activity, the header first; recipients joined with ` | `."""
    c = ropa.controller
    contact = ", ".join(x for x in (c.address, f"{c.postcode} {c.city}".strip(), c.email) if x)
    rows = [list(CSV_COLUMNS)]
    for e in ropa.entries:
        rows.append(
            [
                c.name,
                c.org_nr,
                contact,
                ropa.made_on.isoformat(),
                e.name,
                e.purpose,
                e.lawful_basis,
                e.subject_categories,
                e.data_categories,
                " | ".join(r.line for r in e.recipients),
                e.transfers,
                e.retention,
                e.source,
                e.security,
            ]
        )
    return rows
