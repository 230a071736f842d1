"""How each system's export becomes rows: the column rules of Kajabi, Stripe, Fiken and
newsletter lists, and of any CSV with a column mapping (built on export_formats' columns and
row builder)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC

from ekko_tui.domain.csv_files import EMAIL_HEADERS, ImportFileError, norm_header
from ekko_tui.domain.export_formats import (
    FIRST_HEADERS,
    LAST_HEADERS,
    MAP_FIELDS,
    NAME_HEADERS,
    PHONE_HEADERS,
    Columns,
    RowBuilder,
    cell,
    not_this_export,
)
from ekko_tui.domain.export_values import OSLO, earliest_date

RowMapper = Callable[[RowBuilder, tuple[str, ...]], None]


def _kajabi(cols: Columns) -> RowMapper:
    email = cols.find("Email")
    if email is None:
        email = cols.key("email")
    if email is None:
        raise not_this_export("kajabi", "Email", cols.headers)
    name, first, last = cols.find("Name"), cols.find("First Name"), cols.find("Last Name")
    form_name = cols.key("name")
    phones = [
        i for i in (cols.key("phone_number"), cols.key("mobile_phone_number")) if i is not None
    ]
    ids = [i for i in (cols.find("ID"), cols.find("Member ID")) if i is not None]
    address = [cols.key(k) for k in ("address_line_1", "address_city", "address_zip")]
    products, tags = cols.find("Products"), cols.find("Tags")
    activity = [cols.find(h) for h in ("Sign In Count", "Last Activity", "Last Sign In At")]
    customs = [i for i, h in enumerate(cols.headers) if re.search(r"\(custom_\d+\)\s*$", h)]
    created = [
        i for i in (cols.find("Created At"), cols.find("Member Created At")) if i is not None
    ]

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        full = cell(row, name) or " ".join(p for p in (cell(row, first), cell(row, last)) if p)
        b.name(full or cell(row, form_name))
        b.email(cell(row, email))
        for i in phones:
            b.phone(cell(row, i))
        for i in ids:
            b.external(cell(row, i))
        if any(cell(row, i) for i in address):
            b.category("address")
        if cell(row, products):
            b.category("purchases (products)")
        if cell(row, tags):
            b.category("tags")
        if any(cell(row, i) not in ("", "0") for i in activity):
            b.category("login activity")
        if any(cell(row, i) for i in customs):
            b.category("form answers")
        b.since = earliest_date([cell(row, i) for i in created], OSLO)

    return mapper


def _stripe(cols: Columns) -> RowMapper:
    cid, email = cols.find("id"), cols.find("Email")
    if email is None:
        raise not_this_export("stripe", "Email", cols.headers)
    if cid is None:
        raise not_this_export("stripe", "id", cols.headers)
    name = cols.find("Name")
    meta_phones = cols.metadata("phone", "telefon", "mobile", "mobil", "tlf", "phone number")
    card = cols.find("Card Last4", "Card ID")
    address = cols.find("Card Address Line1", "Card Address Zip")
    spend = cols.find("Total Spend", "Payment Count")
    vat = cols.find("Business Vat ID")
    created = cols.find("Created (UTC)", "Created date (UTC)", "Created")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        raw_name = cell(row, name)
        if raw_name and re.fullmatch(r"[+\d\s()-]{8,}", raw_name):
            b.phone(raw_name)  # phone-only customers have their number in Name
        else:
            b.name(raw_name)
        b.email(cell(row, email))
        for i in meta_phones:
            b.phone(cell(row, i))
        b.external(cell(row, cid))
        if cell(row, card):
            b.category("payment card (brand/last 4/expiry)")
        if cell(row, address):
            b.category("card billing address")
        if cell(row, spend) not in ("", "0", "0.00"):
            b.category("payments")
        if cell(row, vat):
            b.organisation = True
        b.since = earliest_date([cell(row, created)], UTC)

    return mapper


def _fiken(cols: Columns) -> RowMapper:
    name, email = cols.find("Navn", "Name"), cols.find("E-post", "Epost", "Email")
    if name is None and email is None:
        raise not_this_export("fiken", "Navn or E-post", cols.headers)
    phone = cols.find("Telefon", "Mobil", "Phone", "phoneNumber")
    orgnr = cols.find("Orgnr", "Organisasjonsnummer", "organizationNumber")
    ids = [
        i
        for i in (cols.find("Kundenummer", "customerNumber"), cols.find("Medlemsnummer"))
        if i is not None
    ]
    address = cols.find("Adresse", "Postnr", "Poststed")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        b.organisation = bool(cell(row, orgnr))
        b.name(cell(row, name), surname_first=not b.organisation)
        b.email(cell(row, email))
        b.phone(cell(row, phone))
        for i in ids:
            b.external(cell(row, i))
        if cell(row, address):
            b.category("address")
        b.category("invoices")

    return mapper


def _newsletter(cols: Columns) -> RowMapper:
    email = next((i for i, h in enumerate(cols.headers) if norm_header(h) in EMAIL_HEADERS), None)
    if email is None:
        raise not_this_export("newsletter", "e-mail", cols.headers)
    name = cols.find(*NAME_HEADERS)
    first, last = cols.find(*FIRST_HEADERS), cols.find(*LAST_HEADERS)
    phone = cols.find(*PHONE_HEADERS)

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        full = cell(row, name) or " ".join(p for p in (cell(row, first), cell(row, last)) if p)
        b.name(full)
        b.email(cell(row, email))
        b.phone(cell(row, phone))
        b.category("newsletter subscription")

    return mapper


def guess_mapping(headers: tuple[str, ...]) -> dict[str, str]:
    """The obvious columns of an unknown CSV (a starting point the user confirms)."""
    cols = Columns(headers)
    guesses = {
        "name": cols.find(*NAME_HEADERS),
        "first_name": cols.find(*FIRST_HEADERS),
        "last_name": cols.find(*LAST_HEADERS),
        "email": next((i for i, h in enumerate(headers) if norm_header(h) in EMAIL_HEADERS), None),
        "phone": cols.find(*PHONE_HEADERS),
        "birth_date": cols.find("birth date", "fødselsdato", "birthday", "date of birth", "dob"),
        "external_id": cols.find("id", "customer id", "kundenummer", "member id", "medlemsnummer"),
    }
    return {k: headers[i] for k, i in guesses.items() if i is not None}


def generic_mapper(cols: Columns, mapping: Mapping[str, str]) -> RowMapper:
    if not mapping:
        raise ImportFileError(
            "A generic CSV needs a column mapping, e.g. --map email=E-post,name=Navn. "
            f"Columns found: {', '.join(h for h in cols.headers if h)}."
        )
    index: dict[str, int] = {}
    for key, header in mapping.items():
        i = cols.find(header)
        if i is None:
            raise ImportFileError(
                f"The mapping names the column {header!r} ({MAP_FIELDS[key]}), which the file "
                f"does not have. Columns found: {', '.join(h for h in cols.headers if h)}."
            )
        index[key] = i
    if not {"email", "phone", "external_id"} & index.keys():
        raise ImportFileError(
            "Map at least one of e-mail, phone or id: a name alone cannot tell people apart."
        )

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        full = cell(row, index.get("name")) or " ".join(
            p for p in (cell(row, index.get("first_name")), cell(row, index.get("last_name"))) if p
        )
        b.name(full)
        b.email(cell(row, index.get("email")))
        b.phone(cell(row, index.get("phone")))
        b.birth(cell(row, index.get("birth_date")))
        b.external(cell(row, index.get("external_id")))

    return mapper


MAPPERS: dict[str, Callable[[Columns], RowMapper]] = {
    "kajabi": _kajabi,
    "stripe": _stripe,
    "fiken": _fiken,
    "newsletter": _newsletter,
}
