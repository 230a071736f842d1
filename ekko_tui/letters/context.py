"""Store-side: the one place that gathers a request's letter context from the database.

The controller profile, recipients and activities come from the registers (mode 4); the data
copy comes from the request itself and the subject's holdings.
"""

from __future__ import annotations

from datetime import date

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.registers import is_third_country
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
from ekko_tui.store import queries
from ekko_tui.store import registers as reg

MESSAGE_CHARS_IN_LETTER = 2000


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
    controller, recipients, activities = registers(today)
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


# ---------------------------------------------------------------- registers from the store


def registers(today: date) -> tuple[Controller, tuple[Recipient, ...], tuple[Activity, ...]]:
    """The controller profile, the named recipients and the activities, from the registers."""
    profile = reg.controller_profile()
    controller = Controller(
        name=profile.name,
        org_number=_spaced_org_nr(profile.org_nr),
        address_lines=tuple(
            line for line in (profile.address, f"{profile.postcode} {profile.city}".strip()) if line
        ),
        email=profile.email,
        website=profile.website,
        contact_person=profile.responsible,
    )
    rows = reg.processors(today)
    recipients = tuple(_recipient(row) for row in rows)
    activities = tuple(
        Activity(
            purpose=row.purpose,
            basis=nb.join([nb.BASES.get(code, code) for code in row.lawful_basis]),
            data_categories=_split(row.data_categories),
            retention=row.retention,
            recipients=tuple(r.name for r in row.recipient_rows),
            source=row.source,
            systems=tuple(r.system for r in row.recipient_rows if r.system),
        )
        for row in reg.activities(today)
    )
    return controller, recipients, activities


def _recipient(row: reg.ProcessorRow) -> Recipient:
    return Recipient(
        name=row.entity or row.name,
        country=nb.country(row.country) if row.country else "",
        service=row.service,
        safeguard=nb.SAFEGUARDS.get(row.safeguard, row.safeguard),
        systems=(row.system,) if row.system else (),
        in_eea=not is_third_country(row.country),
    )


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _spaced_org_nr(org_nr: str) -> str:
    digits = org_nr.replace(" ", "")
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return org_nr
