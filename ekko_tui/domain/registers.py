"""The processor register and the record of processing activities: vocabulary, validation and
warnings (GDPR Art. 28, Art. 30, Art. 44-49). Pure: no database, no clock (`today` is passed).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from ekko_tui.domain.dates import DateFormatError, parse_day
from ekko_tui.domain.deadlines import add_months
from ekko_tui.domain.org_numbers import mod11_check_digit as mod11_check_digit
from ekko_tui.domain.org_numbers import normalize_org_nr as normalize_org_nr
from ekko_tui.domain.org_numbers import valid_norwegian_org_nr as valid_norwegian_org_nr
from ekko_tui.domain.requests import ValidationError, clean_text
from ekko_tui.domain.transfer_countries import ADEQUACY_COUNTRIES as ADEQUACY_COUNTRIES
from ekko_tui.domain.transfer_countries import EEA_COUNTRIES as EEA_COUNTRIES

ROLES: dict[str, str] = {
    "processor": "Processor",
    "joint_controller": "Joint controller",
    "independent_controller": "Independent controller",
    "authority": "Public authority",
    "recipient": "Recipient",
}
# Roles that need a written agreement: Art. 28(3) DPA, or the Art. 26 arrangement.
AGREEMENT_ROLES = ("processor", "joint_controller")

DPA_STATUSES: dict[str, str] = {
    "unknown": "unknown — check",
    "missing": "missing",
    "draft": "draft",
    "sent": "sent",
    "signed": "signed",
    "expired": "expired",
    "not_required": "not required",
}
# Statuses that carry a date (when drafted / sent / signed / expired).
DATED_DPA_STATUSES = ("draft", "sent", "signed", "expired")

SAFEGUARDS: dict[str, str] = {
    "eea": "EEA (no transfer)",
    "adequacy": "Adequacy decision",
    "dpf": "EU–US DPF",
    "scc": "SCC 2021/914",
    "bcr": "BCR",
    "art49": "Art. 49 derogation",
    "none": "none",
    "unknown": "unknown — check",
}

LAWFUL_BASES: dict[str, str] = {
    "a": "Art. 6(1)(a) consent",
    "b": "Art. 6(1)(b) contract",
    "c": "Art. 6(1)(c) legal obligation",
    "d": "Art. 6(1)(d) vital interests",
    "e": "Art. 6(1)(e) public task",
    "f": "Art. 6(1)(f) legitimate interests",
}

COOKIE_CATEGORIES: dict[str, str] = {
    "necessary": "Strictly necessary",
    "preferences": "Preferences",
    "statistics": "Statistics",
    "marketing": "Marketing",
}

DPF_CHECK_MONTHS = 12

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


# --- checks ------------------------------------------------------------------------------------


def parse_optional_date(text: str | date | None, field: str, label: str) -> date | None:
    """A date (YYYY-MM-DD or DD.MM.YYYY), or None for an empty field; else a ValidationError."""
    if text is None or isinstance(text, date):
        return text
    if not text.strip():
        return None
    try:
        return parse_day(text)
    except DateFormatError as exc:
        raise ValidationError(field, f"{label}: {exc.reason}") from exc


def clean_line(values: dict[str, Any], name: str) -> str:
    """One line of user text from a form, control characters dropped."""
    return clean_text(str(values.get(name) or ""), multiline=False)


def choice(values: dict[str, Any], name: str, options: dict[str, str], label: str) -> str:
    """A value that must be one of `options`' codes."""
    value = clean_line(values, name)
    if value not in options:
        raise ValidationError(
            name, f"{label}: choose one of {', '.join(options.values())} (got {value!r})."
        )
    return value


def _link(values: dict[str, Any], name: str, label: str) -> str:
    value = clean_line(values, name)
    if value and not re.match(r"^(https?://|mailto:)\S+$", value):
        raise ValidationError(
            name, f"{label}: {value!r} is not a web link. Start it with https://."
        )
    return value


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ä": "a", "ö": "o", "ü": "u", "é": "e"})


def key_from_name(name: str) -> str:
    """`Fiken AS` → `fiken_as`, `Rådgiver Ærø` → `raadgiver_aero`: a key nobody has to invent."""
    folded = name.lower().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:40]


def entry_key(values: dict[str, Any], name: str = "key") -> str:
    """The stable lower-case key other parts of ekko refer to an entry by (made from the
    name when left empty)."""
    value = clean_line(values, name).lower() or key_from_name(clean_line(values, "name"))
    if not KEY_RE.match(value):
        raise ValidationError(
            name,
            "Key: use lower-case letters, digits and _ only (e.g. 'kajabi'); "
            "other parts of ekko refer to the entry by it.",
        )
    return value


# --- processors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcessorFields:
    """A validated processor / recipient entry, as stored."""

    key: str
    system: str
    name: str
    entity: str
    role: str
    org_nr: str
    country: str
    service: str
    data_categories: str
    subject_categories: str
    dpa_status: str
    dpa_date: date | None
    dpa_link: str
    safeguard: str
    dpf_checked_on: date | None
    subprocessor_link: str
    subprocessors_checked_on: date | None
    privacy_contact: str
    next_review: date | None
    sources: str
    note: str
    # An EEA entity that sends the data on outside the EEA (the safeguard above covers it):
    # to whom and where, e.g. "Stripe, Inc." in "US". Empty: no onward transfer recorded.
    onward_entity: str = ""
    onward_country: str = ""
    # Set only for a category of recipients: why no recipient can be named (CJEU C-154/21),
    # in bokmål, printed in the letters. Empty: the entry names a recipient.
    unnamed_reason: str = ""


PROCESSOR_FIELDS = tuple(f.name for f in fields(ProcessorFields))


def validate_processor(values: dict[str, Any], *, today: date | None = None) -> ProcessorFields:
    """Check every field the user can edit; raise ValidationError naming the first bad one."""
    name = clean_line(values, "name")
    if not name:
        raise ValidationError("name", "Name is required: the company or category name.")
    key = entry_key(values)
    system = clean_line(values, "system").lower() or key
    if not KEY_RE.match(system):
        raise ValidationError(
            "system", "System key: lower-case letters, digits and _ only (e.g. 'stripe')."
        )
    role = choice(values, "role", ROLES, "Role")
    country = clean_line(values, "country").upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValidationError(
            "country",
            f"Country: {country!r} is not a two-letter country code (NO, IE, US …). "
            "Leave it empty if unknown.",
        )
    org_nr = normalize_org_nr(clean_line(values, "org_nr"))
    if org_nr and country == "NO" and not valid_norwegian_org_nr(org_nr):
        raise ValidationError(
            "org_nr",
            f"Org. number {org_nr!r} is not a valid Norwegian organisation number "
            "(nine digits with a MOD11 check digit). Copy it from Brønnøysundregistrene, "
            "or leave it empty.",
        )
    dpa_status = choice(values, "dpa_status", DPA_STATUSES, "DPA status")
    dpa_date = parse_optional_date(values.get("dpa_date"), "dpa_date", "DPA date")
    if dpa_status == "signed" and dpa_date is None:
        raise ValidationError(
            "dpa_date", "DPA date: a signed agreement needs the date it was signed (YYYY-MM-DD)."
        )
    if dpa_status not in DATED_DPA_STATUSES and dpa_date is not None:
        raise ValidationError(
            "dpa_date",
            f"DPA date: a DPA that is '{DPA_STATUSES[dpa_status]}' has no date. "
            "Clear the date or change the status.",
        )
    if today is not None and dpa_date is not None and dpa_date > today:
        raise ValidationError("dpa_date", f"DPA date {dpa_date} is in the future.")
    safeguard = choice(values, "safeguard", SAFEGUARDS, "Transfer safeguard")
    if safeguard == "eea" and country and country not in EEA_COUNTRIES:
        raise ValidationError(
            "safeguard",
            f"Transfer safeguard: {country} is outside the EEA. Choose the mechanism "
            "(adequacy, DPF, SCC, BCR, Art. 49) or 'unknown — check'.",
        )
    if safeguard == "adequacy" and country and country not in ADEQUACY_COUNTRIES:
        raise ValidationError(
            "safeguard",
            f"Transfer safeguard: {country} has no adequacy decision"
            + (" (US companies: choose EU–US DPF)." if country == "US" else "."),
        )
    dpf_checked_on = parse_optional_date(
        values.get("dpf_checked_on"), "dpf_checked_on", "DPF list checked on"
    )
    if safeguard != "dpf" and dpf_checked_on is not None:
        raise ValidationError(
            "dpf_checked_on",
            "DPF list checked on: only for the EU–US DPF safeguard. Clear it or choose DPF.",
        )
    sub_checked = parse_optional_date(
        values.get("subprocessors_checked_on"),
        "subprocessors_checked_on",
        "Sub-processors checked on",
    )
    next_review = parse_optional_date(values.get("next_review"), "next_review", "Next review")
    for field, when in (
        ("dpf_checked_on", dpf_checked_on),
        ("subprocessors_checked_on", sub_checked),
    ):
        if today is not None and when is not None and when > today:
            raise ValidationError(
                field, f"{when} is in the future: a check date is when you did it."
            )
    contact = clean_line(values, "privacy_contact")
    if contact and "@" in contact and not EMAIL_RE.match(contact):
        raise ValidationError(
            "privacy_contact",
            f"Privacy contact: {contact!r} is not a valid e-mail address. "
            "Give an e-mail address, a web form link or a postal address.",
        )
    if contact and "@" not in contact and contact.startswith("http"):
        contact = _link(values, "privacy_contact", "Privacy contact")
    onward_entity, onward_country = _onward(values, country, safeguard)
    return ProcessorFields(
        key=key,
        system=system,
        name=name,
        entity=clean_line(values, "entity"),
        role=role,
        org_nr=org_nr,
        country=country,
        service=clean_line(values, "service"),
        data_categories=clean_line(values, "data_categories"),
        subject_categories=clean_line(values, "subject_categories"),
        dpa_status=dpa_status,
        dpa_date=dpa_date,
        dpa_link=_link(values, "dpa_link", "DPA link"),
        safeguard=safeguard,
        dpf_checked_on=dpf_checked_on,
        subprocessor_link=_link(values, "subprocessor_link", "Sub-processor list link"),
        subprocessors_checked_on=sub_checked,
        privacy_contact=contact,
        next_review=next_review,
        sources=clean_line(values, "sources"),
        note=clean_text(str(values.get("note") or ""), multiline=True),
        onward_entity=onward_entity,
        onward_country=onward_country,
        unnamed_reason=clean_line(values, "unnamed_reason"),
    )


def _onward(values: dict[str, Any], country: str, safeguard: str) -> tuple[str, str]:
    """The onward transfer of an EEA entity: (entity, country code), checked."""
    entity = clean_line(values, "onward_entity")
    onward = clean_line(values, "onward_country").upper()
    if not entity and not onward:
        return "", ""
    if onward and not re.fullmatch(r"[A-Z]{2}", onward):
        raise ValidationError(
            "onward_country",
            f"Onward country: {onward!r} is not a two-letter country code (US, GB …).",
        )
    if onward and onward in EEA_COUNTRIES:
        raise ValidationError(
            "onward_country",
            f"Onward country: {onward} is in the EEA, so it is no transfer. Clear it.",
        )
    if is_third_country(country):
        raise ValidationError(
            "onward_country",
            "Onward transfer: only for an entity in the EEA that sends the data on; "
            f"{country or 'this entity'} is itself outside the EEA. Clear the onward fields.",
        )
    if safeguard == "eea":
        raise ValidationError(
            "safeguard",
            "Transfer safeguard: an onward transfer outside the EEA needs its safeguard "
            "(DPF, SCC, BCR …) or 'unknown — check', not 'EEA'.",
        )
    return entity, onward


@dataclass(frozen=True)
class RegisterWarning:
    """One thing to fix in the register; `kind` groups them for the summary line."""

    kind: str  # dpa | transfer | dpf | review
    message: str


WARNING_KINDS: dict[str, str] = {
    "dpa": "no signed DPA",
    "transfer": "third-country transfer without safeguard",
    "dpf": "DPF check over 12 months old",
    "review": "review overdue or not set",
}


def transfers_outside_eea(country: str, safeguard: str) -> bool:
    """True if the data leaves the EEA: a third-country entity, or an onward transfer."""
    return is_third_country(country) or safeguard != "eea"


def is_third_country(country: str) -> bool:
    """A transfer outside the EEA (an unknown country counts: it must be checked)."""
    return not country or country not in EEA_COUNTRIES


def processor_warnings(p: ProcessorFields, today: date) -> tuple[RegisterWarning, ...]:
    """What is wrong with one entry as of `today`, in a fixed order."""
    out: list[RegisterWarning] = []
    agreement = "Art. 26 arrangement" if p.role == "joint_controller" else "DPA"
    if p.role in AGREEMENT_ROLES:
        if p.dpa_status == "signed":
            pass
        elif p.dpa_status == "expired":
            out.append(RegisterWarning("dpa", f"{agreement} expired: renew it"))
        elif p.dpa_status in ("unknown", "not_required"):
            out.append(RegisterWarning("dpa", f"{agreement} status unknown — check"))
        else:
            out.append(
                RegisterWarning("dpa", f"No signed {agreement} ({DPA_STATUSES[p.dpa_status]})")
            )
    if is_third_country(p.country):
        where = p.country or "country unknown"
        if p.safeguard in ("none", "unknown", "eea"):
            out.append(RegisterWarning("transfer", f"Transfer ({where}) without a known safeguard"))
        elif p.safeguard == "adequacy" and p.country not in ADEQUACY_COUNTRIES:
            out.append(RegisterWarning("transfer", f"No adequacy decision for {where}"))
    elif p.safeguard in ("unknown", "none") and p.role != "recipient":
        # An EEA entity may still send the data on (e.g. to a US parent): say which way.
        out.append(RegisterWarning("transfer", "Onward transfer outside the EEA: unknown — check"))
    if p.safeguard == "dpf":
        limit = add_months(today, -DPF_CHECK_MONTHS)
        if p.dpf_checked_on is None:
            out.append(RegisterWarning("dpf", "DPF list never checked"))
        elif p.dpf_checked_on < limit:
            out.append(
                RegisterWarning("dpf", f"DPF list last checked {p.dpf_checked_on}: over 12 months")
            )
    if p.next_review is None:
        out.append(RegisterWarning("review", "No review date"))
    elif p.next_review < today:
        out.append(RegisterWarning("review", f"Review overdue since {p.next_review}"))
    return tuple(out)


def warning_summary(warnings: list[RegisterWarning] | tuple[RegisterWarning, ...]) -> str:
    """`2 no signed DPA · 1 review overdue`, or `no warnings`."""
    counts = Counter(w.kind for w in warnings)
    parts = [f"{counts[k]} {label}" for k, label in WARNING_KINDS.items() if counts[k]]
    return " · ".join(parts) if parts else "no warnings"
