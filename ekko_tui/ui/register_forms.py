"""The register editors: processor, activity, cookie, controller profile, contact e-mail and the
shipped-updates list. Each validates through the store call it is given and stays open on error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from ekko_tui.domain.register_entries import (
    CONTROLLER_FIELDS,
    COOKIE_PARTIES,
)
from ekko_tui.domain.registers import (
    COOKIE_CATEGORIES,
    DPA_STATUSES,
    LAWFUL_BASES,
    ROLES,
    SAFEGUARDS,
)
from ekko_tui.ui.form_dialog import FormDialog, choice_select
from ekko_tui.ui.register_values import (
    ActivityValue,
    ControllerValue,
    CookieValue,
    EmailValue,
    OffersValue,
    ProcessorValue,
    RopaExportValue,
)

R = TypeVar("R")


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


# (field, label, hint) of the one-line inputs of the processor editor, in form order.
PROCESSOR_INPUTS: tuple[tuple[str, str], ...] = (
    ("name", "Name (required)"),
    ("key", "Key: how ekko refers to it (lower-case, e.g. kajabi; empty = made from the name)"),
    ("system", "System key used by subject holdings (e.g. kajabi, stripe)"),
    ("entity", "Legal entity and seat (e.g. Kajabi, LLC, Irvine, California)"),
    ("org_nr", "Org. number (Norwegian: nine digits, MOD11 checked)"),
    ("country", "Country of the entity (two letters: NO, IE, US; empty = unknown)"),
    ("service", "Service"),
    ("data_categories", "Data categories"),
    ("subject_categories", "Data subject categories"),
)
PROCESSOR_INPUTS_2: tuple[tuple[str, str], ...] = (
    ("dpa_date", "DPA date (YYYY-MM-DD or DD.MM.YYYY: drafted / sent / signed / expired)"),
    ("dpa_link", "DPA link (https://…)"),
)
PROCESSOR_INPUTS_3: tuple[tuple[str, str], ...] = (
    ("dpf_checked_on", "DPF list checked on (a date; only for the DPF safeguard)"),
    ("onward_entity", "Onward transfer to (an EEA entity's parent etc., e.g. Stripe, Inc.)"),
    ("onward_country", "Onward transfer country (two letters, e.g. US; empty = none)"),
    ("unnamed_reason", "Only for a category: why no recipient can be named (bokmål, printed)"),
    ("subprocessor_link", "Sub-processor list link (https://…)"),
    ("subprocessors_checked_on", "Sub-processor list checked on (YYYY-MM-DD or DD.MM.YYYY)"),
    ("privacy_contact", "Privacy contact for Art. 19 notices (e-mail, form link or address)"),
    ("next_review", "Next review (YYYY-MM-DD or DD.MM.YYYY)"),
    ("sources", "Sources (public documents the facts come from)"),
)


class ProcessorForm(FormDialog[ProcessorValue, R]):
    """Every field of a processor register entry."""

    title_text = "Processor / recipient"
    Value = ProcessorValue

    def __init__(
        self,
        apply: Callable[[ProcessorValue], R],
        *,
        initial: dict[str, Any],
        title: str | None = None,
    ) -> None:
        super().__init__(
            apply,
            title=title,
            intro="Record only what a document supports; leave unknowns as 'unknown — check'.",
        )
        self.initial = {k: _iso(v) for k, v in initial.items()}

    def _inputs(self, specs: Iterable[tuple[str, str]]) -> Iterable[Widget]:
        for field, label in specs:
            yield self.label(label)
            yield Input(self.initial.get(field, ""), id=field)

    def fields(self) -> Iterable[Widget]:
        init = self.initial
        yield from self._inputs(PROCESSOR_INPUTS[:3])
        yield self.label("Role")
        yield choice_select(ROLES, init.get("role", "processor"), "role")
        yield from self._inputs(PROCESSOR_INPUTS[3:])
        yield self.label("DPA status (Art. 28; for a joint controller the Art. 26 arrangement)")
        yield choice_select(DPA_STATUSES, init.get("dpa_status", "unknown"), "dpa_status")
        yield from self._inputs(PROCESSOR_INPUTS_2)
        yield self.label("Transfer safeguard")
        yield choice_select(SAFEGUARDS, init.get("safeguard", "unknown"), "safeguard")
        yield from self._inputs(PROCESSOR_INPUTS_3)
        yield self.label("Note")
        yield TextArea(init.get("note", ""), id="note", soft_wrap=True)


ACTIVITY_INPUTS: tuple[tuple[str, str], ...] = (
    ("name", "Name (required)"),
    ("key", "Key (lower-case, e.g. bookkeeping; empty = made from the name)"),
    ("purpose", "Purpose (Art. 30(1)(b))"),
    ("basis_note", "Why that basis (e.g. 'bokføringsloven')"),
    ("data_categories", "Personal data categories"),
    ("subject_categories", "Data subject categories"),
    ("retention", "Retention rule (how long, or the criteria)"),
    ("source", "Source (where the data comes from)"),
    ("security", "Security measures (Art. 32), in general terms"),
)


class ActivityForm(FormDialog[ActivityValue, R]):
    """A processing activity: purpose, lawful basis, categories, recipients, retention, source."""

    title_text = "Processing activity"
    Value = ActivityValue

    def __init__(
        self,
        apply: Callable[[ActivityValue], R],
        *,
        initial: dict[str, Any],
        recipients: dict[str, str],
        title: str | None = None,
    ) -> None:
        super().__init__(apply, title=title)
        self.initial = initial
        self.recipients = recipients

    def fields(self) -> Iterable[Widget]:
        init = self.initial
        for field, label in ACTIVITY_INPUTS[:3]:
            yield self.label(label)
            yield Input(str(init.get(field, "")), id=field)
        yield self.label("Lawful basis, Art. 6(1) (space ticks; several allowed)")
        chosen = set(init.get("lawful_basis", ()))
        yield SelectionList[str](
            *[(label, code, code in chosen) for code, label in LAWFUL_BASES.items()],
            id="lawful_basis",
        )
        for field, label in ACTIVITY_INPUTS[3:6]:
            yield self.label(label)
            yield Input(str(init.get(field, "")), id=field)
        yield self.label("Recipients (space ticks; from the processor register)")
        picked = set(init.get("recipients", ()))
        yield SelectionList[str](
            *[(name, key, key in picked) for key, name in self.recipients.items()], id="recipients"
        )
        for field, label in ACTIVITY_INPUTS[6:]:
            yield self.label(label)
            yield Input(str(init.get(field, "")), id=field)


class CookieForm(FormDialog[CookieValue, R]):
    title_text = "Cookie"
    Value = CookieValue

    def __init__(
        self,
        apply: Callable[[CookieValue], R],
        *,
        initial: dict[str, Any],
        providers: dict[str, str],
        title: str | None = None,
    ) -> None:
        super().__init__(apply, title=title)
        self.initial = initial
        self.providers = {"": "ipogs.no itself (first party)", **providers}

    def fields(self) -> Iterable[Widget]:
        init = self.initial
        yield self.label("Cookie name as the browser shows it, e.g. _ga (or unknown)")
        yield Input(str(init.get("name", "")), id="name")
        yield self.label("Service it belongs to, e.g. Google Analytics")
        yield Input(str(init.get("service", "")), id="service")
        yield self.label("Key (lower-case, e.g. google_analytics; empty = made from the name)")
        yield Input(str(init.get("key", "")), id="key")
        yield self.label("Provider")
        yield Select(
            [(label, code) for code, label in self.providers.items()],
            value=init.get("provider", ""),
            allow_blank=False,
            id="provider",
        )
        yield self.label("Party: first = set on ipogs.no's domain, third = on the provider's")
        yield choice_select(COOKIE_PARTIES, init.get("party", "unknown"), "party")
        yield self.label("Purpose")
        yield Input(str(init.get("purpose", "")), id="purpose")
        yield self.label("Duration: session, unknown, or e.g. 30min, 24h, 90d, 13mo, 2y")
        yield Input(str(init.get("duration", "unknown")), id="duration")
        yield self.label("Category")
        yield choice_select(COOKIE_CATEGORIES, init.get("category", "necessary"), "category")
        yield Checkbox(
            "Consent required", bool(init.get("consent_required", True)), id="consent_required"
        )
        yield self.label("Sources (the provider's documents the facts come from)")
        yield Input(str(init.get("sources", "")), id="sources")


CONTROLLER_LABELS = {
    "name": "Company name",
    "org_nr": "Org. number (nine digits, MOD11 checked)",
    "address": "Street address",
    "postcode": "Postcode",
    "city": "City",
    "country": "Country (two letters)",
    "responsible": "Responsible person",
    "website": "Website",
    "email": "Contact e-mail (letters and the record use it)",
}


class ControllerForm(FormDialog[ControllerValue, R]):
    title_text = "Controller profile (behandlingsansvarlig)"
    Value = ControllerValue

    def __init__(self, apply: Callable[[ControllerValue], R], *, initial: dict[str, str]) -> None:
        super().__init__(apply)
        self.initial = initial

    def fields(self) -> Iterable[Widget]:
        for field in CONTROLLER_FIELDS:
            yield self.label(CONTROLLER_LABELS[field])
            yield Input(self.initial.get(field, ""), id=field)


class EmailDialog(FormDialog[EmailValue, R]):
    """Asked once: the controller's contact e-mail, which the published policy hides."""

    title_text = "EKKO's contact e-mail"
    Value = EmailValue

    def __init__(self, apply: Callable[[EmailValue], R]) -> None:
        super().__init__(
            apply,
            intro="The privacy policy's published text hides the contact e-mail, so ekko "
            "cannot read it. Letters and the record of processing activities need it. "
            "Esc skips: you can set it later with c on this screen.",
        )

    def fields(self) -> Iterable[Widget]:
        yield self.label("E-mail address")
        yield Input("", placeholder="name@example.no", id="email")


class OffersDialog(FormDialog[OffersValue, R]):
    """New or changed entries shipped with this release: tick to take over, untick to decline."""

    title_text = "Shipped register updates"
    Value = OffersValue

    def __init__(self, apply: Callable[[OffersValue], R], *, offers: list[tuple[str, str]]) -> None:
        super().__init__(
            apply,
            intro="This version of ekko ships these entries. Ticked ones are stored (an update "
            "replaces the stored entry); unticked ones are declined and not offered again. "
            "Esc decides later; nothing changes until you save.",
        )
        self.offers = offers

    def fields(self) -> Iterable[Widget]:
        yield SelectionList[str](
            *[(Text(label), ident, True) for ident, label in self.offers], id="offers"
        )


class ExportDialog(FormDialog[RopaExportValue, R]):
    title_text = "Export the record of processing activities"
    Value = RopaExportValue

    def __init__(self, apply: Callable[[RopaExportValue], R], *, path: str) -> None:
        super().__init__(
            apply,
            intro="Art. 30(1) record with the controller header and today's date. "
            "The file name decides the format: .pdf or .csv.",
        )
        self.path = path

    def fields(self) -> Iterable[Widget]:
        yield self.label("Save as")
        yield Input(self.path, id="path")
