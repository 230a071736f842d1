"""Store-side: the one place that gathers a request's letter context from the database.

The controller profile, recipients and activities come from the registers (mode 4); the data
copy comes from the request itself and the subject's holdings.
"""

from __future__ import annotations

from datetime import date

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.language import guess_language
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import (
    Activity,
    Controller,
    Holding,
    KeptRecord,
    LetterContext,
    LetterError,
    Notification,
    Recipient,
    RequestInfo,
    Subject,
)
from ekko_tui.services.subject_records import access_copy
from ekko_tui.store import erasure, queries
from ekko_tui.store import registers as reg
from ekko_tui.store.no_data import open_candidates
from ekko_tui.store.subject_queries import (
    HoldingRow,
    SubjectCard,
    request_subject,
    subject_card,
)

MESSAGE_CHARS_IN_LETTER = 2000


def proposed_language(request_id: int, today: date) -> str:
    """The letter language to propose: English for a request written in English, else bokmål."""
    detail = queries.request_detail(request_id, today)
    if detail is None or detail.erased_at is not None:
        return "nb"
    return guess_language(detail.message)


def context_for_request(request_id: int, today: date) -> LetterContext:
    """Everything the letters of one request draw on, as of `today`."""
    detail = queries.request_detail(request_id, today)
    if detail is None:
        raise ValidationError("request", f"Request #{request_id} does not exist.")
    if detail.erased_at is not None:
        raise LetterError(
            f"The personal data of {detail.row.ref} was erased on "
            f"{dl.oslo_date(detail.erased_at):%Y-%m-%d}: there is no one to write to. "
            "Write the confirmation before erasing (its date and checksum stay archived)."
        )
    row = detail.row
    deadline = row.deadline
    extended = deadline.if_extended  # the notice announces the date the extension gives
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
    card = _linked_card(request_id)
    searched: tuple[str, ...] = (contact,) if contact and not address else ()
    holdings: tuple[Holding, ...] = (inbox,)
    if card is not None:
        searched = tuple(
            dict.fromkeys(
                [*searched, *(i.value for i in card.identifiers if i.kind in ("email", "phone"))]
            )
        )
        holdings = (*subject_holdings(card), inbox)
    kept, notified = _kept_and_notified(row.ref, card, today)
    candidates: tuple[str, ...] = ()
    if not [h for h in holdings if h.system != "inbox"]:  # a no-data answer: anyone else?
        candidates = tuple(c.line() for c in open_candidates(request_id))
    return LetterContext(
        controller=controller,
        subject=Subject(name=name, address_lines=address, identifiers=searched),
        request=request,
        recipients=recipients,
        activities=activities,
        holdings=holdings,
        kept_records=kept,
        notifications=notified,
        no_data_candidates=candidates,
        copy=access_copy(card.id, request_id) if card is not None else None,
    )


def _kept_and_notified(
    ref: str, card: SubjectCard | None, today: date
) -> tuple[tuple[KeptRecord, ...], tuple[Notification, ...]]:
    """What bokføringsloven § 13 keeps and who was told (Art. 19): recorded by an erasure
    already done for this request, or else what erasing the linked subject would keep."""
    retained = erasure.retained_records(ref)
    kept = tuple(KeptRecord(r.system, r.description, r.document_date, r.kind) for r in retained)
    if not kept and card is not None:
        plan = erasure.plan_erasure(card.id, today)
        kept = tuple(
            KeptRecord(k.system, k.description, k.document_date, k.kind) for k in plan.kept
        )
    notified = tuple(
        Notification(n.processor, n.notified_on)
        for n in erasure.notices(ref)
        if n.notified_on is not None
    )
    return kept, notified


# ---------------------------------------------------------------- the subject's holdings

# The import's category labels in the letters' words.
CATEGORIES_NB = {
    "name": "navn",
    "e-mail": "e-postadresse",
    "phone": "telefonnummer",
    "birth date": "fødselsdato",
    "address": "adresse",
    "purchases (products)": "kjøp (produkter)",
    "tags": "merkelapper",
    "login activity": "innloggingsaktivitet",
    "form answers": "svar i skjemaer",
    "payment card (brand/last 4/expiry)": "betalingskort (type, fire siste siffer, utløp)",
    "card billing address": "fakturaadresse for kortet",
    "payments": "betalinger",
    "invoices": "fakturaer",
    "newsletter subscription": "abonnement på nyhetsbrev",
    "meetings": "møter og webinarer",
}
# Which identifiers belong in a system's copy, by the categories the system holds.
_IDENTIFIER_CATEGORY = {
    "name": "name",
    "email": "e-mail",
    "phone": "phone",
    "birth_date": "birth date",
}
_IDENTIFIER_LABEL = {
    "name": "Navn",
    "email": "E-post",
    "phone": "Telefon",
    "birth_date": "Fødselsdato",
}
# Data the subject gave us on consent or contract (Art. 20): what the course platform,
# payments and newsletter hold; the accounting system holds our own records.
_PORTABLE_SYSTEMS = {"kajabi", "stripe", "newsletter", "zoom"}


def _linked_card(request_id: int) -> SubjectCard | None:
    info = request_subject(request_id)
    if info is None or info.subject is None:
        return None
    return subject_card(info.subject.id)


def subject_holdings(card: SubjectCard) -> tuple[Holding, ...]:
    """One Holding per system that holds the subject's data, with the copy of what it holds.
    A system the person is in twice (Kajabi's contacts and its transactions) is one holding."""
    by_system: dict[str, list[HoldingRow]] = {}
    for h in card.holdings:
        by_system.setdefault(h.system, []).append(h)
    out = []
    for system, held in by_system.items():
        categories = list(dict.fromkeys(c for h in held for c in h.categories))
        details: list[tuple[str, str]] = []
        for ident in card.identifiers:
            if ident.kind == "external_id":
                if ident.system == system:
                    details.append(("Kunde-id", ident.value))
            elif _IDENTIFIER_CATEGORY.get(ident.kind) in categories:
                details.append((_IDENTIFIER_LABEL[ident.kind], ident.value))
        out.append(
            Holding(
                system=system,
                categories=tuple(CATEGORIES_NB.get(c, c) for c in categories),
                external_id=", ".join(dict.fromkeys(h.external_id for h in held if h.external_id)),
                first_seen=dl.oslo_date(min(h.first_seen for h in held)),
                last_seen=dl.oslo_date(max(h.last_seen for h in held)),
                details=tuple(dict.fromkeys(details)),
                portable=system in _PORTABLE_SYSTEMS,
            )
        )
    return tuple(out)


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
            basis_codes=tuple(row.lawful_basis),
        )
        for row in reg.activities(today)
    )
    return controller, recipients, activities


def _recipient(row: reg.ProcessorRow) -> Recipient:
    """A register entry as a recipient: named (CJEU C-154/21), its role, where, on what footing;
    the letters (content.py) decide what to state and what blocks a letter."""
    return Recipient(
        name=row.name,
        country=row.country,
        service=row.service,
        safeguard=row.safeguard,
        systems=(row.system,) if row.system else (),
        role=row.role,
        key=row.key,
        onward_entity=row.onward_entity,
        onward_country=row.onward_country,
        unnamed_reason=row.unnamed_reason,
    )


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _spaced_org_nr(org_nr: str) -> str:
    digits = org_nr.replace(" ", "")
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return org_nr
