"""Processing activities, cookies and the controller profile: what the user may store.
Pure: no database, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ekko_tui.domain.registers import (
    COOKIE_CATEGORIES,
    EMAIL_RE,
    LAWFUL_BASES,
    choice,
    clean_line,
    entry_key,
    normalize_org_nr,
    valid_norwegian_org_nr,
)
from ekko_tui.domain.requests import ValidationError, clean_text

# --- activities and cookies ---------------------------------------------------------------------


def parse_bases(text: str) -> tuple[str, ...]:
    """`b, f` or `6(1)(b),(f)` → ('b', 'f'); refuse anything that is not (a)-(f)."""
    letters = re.findall(r"[a-zA-Z]+", text.replace("6(1)", " ").replace("Art.", " "))
    out: list[str] = []
    for raw in letters:
        code = raw.lower()
        if code not in LAWFUL_BASES:
            raise ValidationError(
                "lawful_basis",
                f"Lawful basis: {raw!r} is not one of a-f (Art. 6(1)). Write e.g. 'b' or 'b,f'.",
            )
        if code not in out:
            out.append(code)
    if not out:
        raise ValidationError(
            "lawful_basis", "Lawful basis is required: one or more of a-f (Art. 6(1)), e.g. 'b'."
        )
    return tuple(sorted(out))


def parse_keys(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """`kajabi, stripe` → ('kajabi', 'stripe') in the given order, without repeats."""
    items = re.split(r"[,\s]+", text) if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        item = item.strip().lower()
        if item and item not in out:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class ActivityFields:
    """A validated processing activity, as stored (recipients are processor keys)."""

    key: str
    name: str
    purpose: str
    lawful_basis: tuple[str, ...]
    basis_note: str
    data_categories: str
    subject_categories: str
    recipients: tuple[str, ...]
    retention: str
    source: str
    security: str


def validate_activity(values: dict[str, Any], *, known_recipients: set[str]) -> ActivityFields:
    """Check an activity; recipients must be keys of entries in the processor register."""
    name = clean_line(values, "name")
    if not name:
        raise ValidationError("name", "Name is required, e.g. 'Bookkeeping'.")
    key = entry_key(values)
    purpose = clean_text(str(values.get("purpose") or ""), multiline=False)
    if not purpose:
        raise ValidationError(
            "purpose", "Purpose is required (Art. 30(1)(b)): why the data is processed."
        )
    bases = parse_bases(str(values.get("lawful_basis") or ""))
    recipients = parse_keys(values.get("recipients") or "")
    unknown = [r for r in recipients if r not in known_recipients]
    if unknown:
        raise ValidationError(
            "recipients",
            f"Recipients: {', '.join(unknown)} not in the processor register. "
            f"Known: {', '.join(sorted(known_recipients))}.",
        )
    data_categories = clean_line(values, "data_categories")
    if not data_categories:
        raise ValidationError("data_categories", "Data categories are required (Art. 30(1)(c)).")
    subjects = clean_line(values, "subject_categories")
    if not subjects:
        raise ValidationError(
            "subject_categories",
            "Subject categories are required (Art. 30(1)(c)), e.g. 'Customers'.",
        )
    return ActivityFields(
        key=key,
        name=name,
        purpose=purpose,
        lawful_basis=bases,
        basis_note=clean_line(values, "basis_note"),
        data_categories=data_categories,
        subject_categories=subjects,
        recipients=recipients,
        retention=clean_line(values, "retention"),
        source=clean_line(values, "source"),
        security=clean_line(values, "security"),
    )


def activity_warnings(a: ActivityFields, unsafe_recipients: Sequence[str] = ()) -> tuple[str, ...]:
    """What the Art. 30 record still lacks for one activity; `unsafe_recipients` names the
    recipients whose transfer outside the EEA has no known safeguard."""
    out = []
    if not a.retention:
        out.append("No retention rule")
    if not a.source:
        out.append("No source")
    if unsafe_recipients:
        out.append("Transfer without known safeguard: " + ", ".join(unsafe_recipients))
    return tuple(out)


COOKIE_PARTIES = {"first": "First party", "third": "Third party", "unknown": "unknown — check"}
UNKNOWN = "unknown"
# session | unknown | <n> followed by min, h, d, mo or y (2y, 90d, 30min).
DURATION_RE = re.compile(r"^(session|unknown|([1-9][0-9]{0,3})(min|h|d|mo|y))$")


def parse_duration(text: str) -> str:
    """`2 y` / `2Y` / `90d` → the stored code; refuse what the notice could not print."""
    code = re.sub(r"\s+", "", text or "").lower() or UNKNOWN
    if not DURATION_RE.match(code):
        raise ValidationError(
            "duration",
            f"Duration {text!r}: write session, unknown, or a number with min, h, d, mo or y "
            "(e.g. 30min, 24h, 90d, 13mo, 2y).",
        )
    return code


@dataclass(frozen=True)
class CookieFields:
    key: str
    name: str  # the cookie's name as the browser shows it, or "unknown"
    provider: str  # processor key, or "" for the site itself
    purpose: str
    category: str
    consent_required: bool
    service: str  # the tracker or function it belongs to, e.g. "Google Analytics"
    party: str  # first | third | unknown
    duration: str  # a code of DURATION_RE
    sources: str  # the documents the facts come from


def cookie_label(f: CookieFields) -> str:
    """`Google Analytics: _ga`, or the service alone while the cookie's name is unknown."""
    if f.name == UNKNOWN:
        return f.service or f.key
    return f"{f.service}: {f.name}" if f.service else f.name


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("yes", "y", "true", "1", "ja"):
        return True
    if text in ("no", "n", "false", "0", "nei", ""):
        return False
    raise ValidationError(field, f"{text!r}: answer yes or no.")


def validate_cookie(values: dict[str, Any], *, known_providers: set[str]) -> CookieFields:
    """Check a cookie entry; a strictly necessary cookie may skip consent, no other may."""
    name = clean_line(values, "name") or UNKNOWN
    service = clean_line(values, "service")
    if name == UNKNOWN and not service:
        raise ValidationError(
            "name", "Name or service is required, e.g. '_ga' of 'Google Analytics'."
        )
    key = entry_key({**values, "name": name if name != UNKNOWN else service})
    provider = clean_line(values, "provider").lower()
    if provider and provider not in known_providers:
        raise ValidationError(
            "provider",
            f"Provider {provider!r} is not in the processor register. Leave empty for ipogs.no "
            "itself, or add the provider first.",
        )
    category = choice(values, "category", COOKIE_CATEGORIES, "Category")
    consent = _bool(values.get("consent_required"), "consent_required")
    if category != "necessary" and not consent:
        raise ValidationError(
            "consent_required",
            "Only strictly necessary cookies may be set without consent. Tick 'consent "
            "required' or change the category.",
        )
    party = choice({"party": values.get("party") or UNKNOWN}, "party", COOKIE_PARTIES, "Party")
    return CookieFields(
        key=key,
        name=name,
        provider=provider,
        purpose=clean_line(values, "purpose"),
        category=category,
        consent_required=consent,
        service=service,
        party=party,
        duration=parse_duration(str(values.get("duration") or "")),
        sources=clean_line(values, "sources"),
    )


# --- controller profile -------------------------------------------------------------------------


CONTROLLER_FIELDS = (
    "name",
    "org_nr",
    "address",
    "postcode",
    "city",
    "country",
    "responsible",
    "website",
    "email",
)


@dataclass(frozen=True)
class ControllerFields:
    name: str
    org_nr: str
    address: str
    postcode: str
    city: str
    country: str
    responsible: str
    website: str
    email: str


def validate_email(text: str, field: str = "email") -> str:
    """A plausible e-mail address, trimmed; refuse typos like `@@` and `..`."""
    value = clean_text(text, multiline=False).strip()
    if not EMAIL_RE.match(value) or ".." in value:
        raise ValidationError(field, f"{value!r} is not an e-mail address (name@example.no).")
    return value


def validate_controller(values: dict[str, Any]) -> ControllerFields:
    """The controller profile; the org. number must pass MOD11, the e-mail may be empty."""
    name = clean_line(values, "name")
    if not name:
        raise ValidationError("name", "Name is required: the company name.")
    org_nr = normalize_org_nr(clean_line(values, "org_nr"))
    if not valid_norwegian_org_nr(org_nr):
        raise ValidationError(
            "org_nr",
            f"Org. number {org_nr!r} is not a valid Norwegian organisation number "
            "(nine digits with a MOD11 check digit).",
        )
    postcode = clean_line(values, "postcode")
    if postcode and not re.fullmatch(r"\d{4}", postcode):
        raise ValidationError("postcode", f"Postcode {postcode!r}: four digits, e.g. 1535.")
    email = clean_line(values, "email")
    if email:
        email = validate_email(email)
    return ControllerFields(
        name=name,
        org_nr=org_nr,
        address=clean_line(values, "address"),
        postcode=postcode,
        city=clean_line(values, "city"),
        country=clean_line(values, "country").upper() or "NO",
        responsible=clean_line(values, "responsible"),
        website=clean_line(values, "website"),
        email=email,
    )
