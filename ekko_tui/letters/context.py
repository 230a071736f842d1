"""Store-side: the one place that gathers a request's letter context from the database.

Today it uses the request itself and the controller profile and registers shipped in `data/`
(or the built-in EKKO profile). When the subject search (holdings) and the processor register
land, this function switches to them; nothing else needs to change.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import (
    Activity,
    Controller,
    Holding,
    LetterContext,
    Recipient,
    RequestInfo,
    Subject,
)
from ekko_tui.letters.profile import EKKO_ACTIVITIES, EKKO_CONTROLLER, EKKO_RECIPIENTS
from ekko_tui.paths import data_dir
from ekko_tui.store import queries

MESSAGE_CHARS_IN_LETTER = 2000
_EEA = {
    "norge", "norway", "no", "sverige", "sweden", "se", "danmark", "denmark", "dk", "finland",
    "fi", "island", "iceland", "is", "irland", "ireland", "ie", "tyskland", "germany", "de",
    "nederland", "netherlands", "nl", "frankrike", "france", "fr", "eu", "eøs", "eea",
}  # fmt: skip
_COUNTRY_NB = {"no": "Norge", "us": "USA", "ie": "Irland", "se": "Sverige", "dk": "Danmark"}


def context_for_request(request_id: int, today: date) -> LetterContext:
    """Everything the letters of one request draw on, as of `today`."""
    detail = queries.request_detail(request_id, today)
    if detail is None:
        raise ValidationError("request", f"Request #{request_id} does not exist.")
    row = detail.row
    deadline = row.deadline
    extended = deadline.extended
    if extended is None:
        # The extension notice announces the date the extension would give.
        preview = dl.compute_deadline(
            deadline.received,
            pauses=[dl.PausePeriod(p.asked_on, p.answered_on) for p in detail.pauses],
            extended=True,
            today=today,
        )
        extended = preview.extended
    request = RequestInfo(
        ref=row.ref,
        received=deadline.received,
        first_deadline=deadline.first,
        deadline=deadline.effective,
        types=row.types,
        channel=row.channel,
        extended_deadline=extended,
        extension_kind=detail.extension_kind or "",
        extension_reason=detail.extension_reason or "",
        outcome_note=detail.outcome_note,
        identity_method=detail.identity_method,
    )
    controller, recipients, activities = registers()
    name = row.requester_name or row.requester_contact
    contact = row.requester_contact
    address: tuple[str, ...] = ()
    if row.channel == "letter" and contact and "@" not in contact:
        address = tuple(part.strip() for part in contact.split(",") if part.strip())
    message = detail.message
    if len(message) > MESSAGE_CHARS_IN_LETTER:
        message = message[:MESSAGE_CHARS_IN_LETTER] + " … (forkortet; hele teksten er lagret)"
    inbox = Holding(
        system="inbox",
        categories=("navn", "kontaktopplysninger", "henvendelsen din"),
        external_id=row.ref,
        first_seen=deadline.received,
        last_seen=today,
        details=tuple(
            (k, v)
            for k, v in (
                ("Navn", row.requester_name),
                ("Kontakt", contact),
                ("Mottatt", f"{nb.short_date(deadline.received)} {nb.CHANNELS[row.channel]}"),
                ("Henvendelse", message),
            )
            if v
        ),
    )
    return LetterContext(
        controller=controller,
        subject=Subject(
            name=name,
            address_lines=address,
            identifiers=(contact,) if contact and not address else (),
        ),
        request=request,
        recipients=recipients,
        activities=activities,
        holdings=(inbox,),
    )


# ---------------------------------------------------------------- registers from data/


def registers(
    folder: Path | None = None,
) -> tuple[Controller, tuple[Recipient, ...], tuple[Activity, ...]]:
    """The controller profile, processors and activities from `data/*.toml`, else built in."""
    folder = folder or data_dir()
    controller = _controller(_toml(folder / "controller.toml")) or EKKO_CONTROLLER
    recipients = _recipients(_toml(folder / "processors.toml")) or EKKO_RECIPIENTS
    activities = _activities(_toml(folder / "activities.toml")) or EKKO_ACTIVITIES
    return controller, recipients, activities


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _first(data: dict[str, Any], *keys: str, default: Any = "") -> Any:
    for key in keys:
        if data.get(key) not in (None, ""):
            return data[key]
    return default


def _lines(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(p.strip() for p in value.replace("\n", ",").split(",") if p.strip())
    return tuple(str(v) for v in value or ())


def _controller(data: dict[str, Any]) -> Controller | None:
    data = data.get("controller", data)
    if not isinstance(data, dict) or not data.get("name"):
        return None
    base = EKKO_CONTROLLER
    return replace(
        base,
        name=str(data["name"]),
        org_number=str(_first(data, "org_number", "orgnr", "organization_number", default="")),
        address_lines=_lines(_first(data, "address_lines", "address", default=()))
        or base.address_lines,
        email=str(_first(data, "email", "privacy_email", default=base.email)),
        website=str(_first(data, "website", "web", default=base.website)),
        contact_person=str(_first(data, "contact_person", "responsible", default="")),
    )


def _items(data: dict[str, Any], *keys: str) -> list[dict[str, Any]]:
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            return [v for v in value if isinstance(v, dict)]
    return []


def _recipients(data: dict[str, Any]) -> tuple[Recipient, ...]:
    out = []
    for item in _items(data, "processor", "processors"):
        if not item.get("name"):
            continue
        country = str(_first(item, "country", default=""))
        out.append(
            Recipient(
                name=str(item["name"]),
                country=_COUNTRY_NB.get(country.lower(), country),
                service=str(_first(item, "service", "purpose", default="")),
                safeguard=str(_first(item, "safeguard", "transfer", "transfer_mechanism")),
                systems=_lines(_first(item, "systems", default=())),
                in_eea=bool(item.get("in_eea", country.lower() in _EEA)),
            )
        )
    return tuple(out)


def _activities(data: dict[str, Any]) -> tuple[Activity, ...]:
    out = []
    for item in _items(data, "activity", "activities"):
        if not item.get("purpose"):
            continue
        out.append(
            Activity(
                purpose=str(item["purpose"]),
                basis=str(_first(item, "basis", "legal_basis")),
                data_categories=_lines(_first(item, "data_categories", "categories", default=())),
                retention=str(_first(item, "retention")),
                recipients=_lines(_first(item, "recipients", "processors", default=())),
                source=str(_first(item, "source")),
                systems=_lines(_first(item, "systems", default=())),
            )
        )
    return tuple(out)
