"""Which column of an export is what: a category per header, and a row's non-empty cells as
(category, header, value) with card numbers masked (the fields of a record, `domain.records`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

# --- which column is what ----------------------------------------------------------------------

_CARD_NUMBER = re.compile(r"^\D*(?:\d[ -]?){12,18}\d\D*$")


def mask_card_number(value: str) -> str:
    """A value that looks like a full card number (13–19 digits) as its last four."""
    if len(value) < 13 or not _CARD_NUMBER.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    return f"•••• {digits[-4:]}" if 13 <= len(digits) <= 19 else value


# Header (normalised: case-folded, _ and - as spaces) → category; checked whole, then by the
# first rule whose words all appear in it.
_EXACT: dict[str, str] = {
    "name": "identity",
    "navn": "identity",
    "first name": "identity",
    "last name": "identity",
    "fornavn": "identity",
    "etternavn": "identity",
    "id": "identity",
    "member id": "identity",
    "external user id": "identity",
    "customer id": "identity",
    "kundenummer": "identity",
    "kundenr": "identity",
    "medlemsnummer": "identity",
    "orgnr": "identity",
    "description": "free_text",
    "customer description": "free_text",
    "notes": "free_text",
    "beskrivelse": "free_text",
    "products": "purchases",
    "plan": "purchases",
    "average order": "payments",
    "offer title": "purchases",
    "offer id": "purchases",
    "quantity": "purchases",
    "coupon used": "purchases",
    "order no.": "purchases",
    "tags": "tags",
    "created at": "account",
    "member created at": "account",
    "created (utc)": "account",
    "status": "account",
    "delinquent": "account",
    "leid": "identity",
    "euid": "identity",
    "member rating": "account",
    "last changed": "account",
    "optin time": "consent",
    "optin ip": "consent",
    "confirm time": "consent",
    "confirm ip": "consent",
    "unsub time": "consent",
    "unsub campaign title": "consent",
    "unsub reason": "consent",
    "checkout promotional consent": "consent",
    "checkout terms of service consent": "consent",
    "recording disclaimer response": "consent",
    "recording disclaimer": "consent",
    "latitude": "address",
    "longitude": "address",
    "cc": "address",
    "region": "address",
    "timezone": "address",
    "gmtoff": "address",
    "dstoff": "address",
    "land": "address",
    "country": "address",
    "country/region name": "address",
    "topic": "meetings",
    "host": "meetings",
    "guest": "meetings",
    "is guest": "meetings",
    "attended": "meetings",
    "in waiting room": "meetings",
    "approval status": "meetings",
    "registration time": "meetings",
}
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("(custom",), "form"),
    (("checkout custom field",), "form"),
    (("consent",), "consent"),
    (("card",), "card"),
    (("fingerprint",), "card"),
    (("email",), "contact"),
    (("e post",), "contact"),
    (("epost",), "contact"),
    (("phone",), "contact"),
    (("telefon",), "contact"),
    (("mobil",), "contact"),
    (("address",), "address"),
    (("adresse",), "address"),
    (("city",), "address"),
    (("zip",), "address"),
    (("postnr",), "address"),
    (("poststed",), "address"),
    (("statement",), "payments"),
    (("state",), "address"),
    (("shipping",), "address"),
    (("sign in",), "login"),
    (("last activity",), "login"),
    (("login",), "login"),
    (("join time",), "meetings"),
    (("leave time",), "meetings"),
    (("duration",), "meetings"),
    (("time in session",), "meetings"),
    (("meeting",), "meetings"),
    (("webinar",), "meetings"),
    (("amount",), "payments"),
    (("refund",), "payments"),
    (("spend",), "payments"),
    (("payment",), "payments"),
    (("balance",), "payments"),
    (("currency",), "payments"),
    (("fee",), "payments"),
    (("tax",), "payments"),
    (("vat",), "payments"),
    (("mva",), "payments"),
    (("invoice",), "payments"),
    (("faktura",), "payments"),
    (("beløp",), "payments"),
    (("netto",), "payments"),
    (("brutto",), "payments"),
    (("betalt",), "payments"),
    (("utestående",), "payments"),
    (("kid",), "payments"),
    (("forfall",), "payments"),
    (("dispute",), "payments"),
    (("decline",), "payments"),
    (("failure",), "payments"),
    (("charge",), "payments"),
    (("provider",), "payments"),
    (("transfer",), "payments"),
    (("captured",), "payments"),
    (("order",), "purchases"),
    (("product",), "purchases"),
    (("offer",), "purchases"),
    (("subscription",), "purchases"),
    (("business number",), "identity"),
    (("name",), "identity"),
    (("navn",), "identity"),
    (("created",), "account"),
    (("date",), "account"),
    (("dato",), "account"),
)


def _norm(header: str) -> str:
    return " ".join(header.casefold().replace("_", " ").replace("-", " ").split())


def column_category(header: str) -> str:
    """The category of a column, by its header; "other" when ekko does not know it."""
    h = _norm(header)
    if h in _EXACT:
        return _EXACT[h]
    for words, category in _RULES:
        if all(w in h for w in words):
            return category
    return "other"


def column_categories(headers: Sequence[str]) -> tuple[str, ...]:
    """One category per column (computed once per file)."""
    return tuple(column_category(h) for h in headers)


class FieldRow:
    """The non-empty cells of one export row as (category, header, value), card numbers
    masked, made when iterated: a 100,000-row import keeps only the row's own cells (shared
    with the parsed table) and the file's one header and category list, not a tuple per cell.

    Extra cells beyond the header (a row longer than its header) are kept as "other" under
    `column N`; empty-header columns under `column N` too.
    """

    __slots__ = ("categories", "cells", "headers", "skip")

    def __init__(
        self,
        headers: Sequence[str],
        categories: Sequence[str],
        cells: Sequence[str],
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self.headers = headers
        self.categories = categories
        self.cells = cells
        self.skip = skip  # values that stand for empty (Kajabi's N/A)

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        n = len(self.headers)
        for i, value in enumerate(self.cells):
            if not value or value in self.skip:
                continue
            if i < n:
                label = self.headers[i] or f"column {i + 1}"
                category = self.categories[i]
            else:
                label, category = f"column {i + 1}", "other"
            if category in _MASKED and len(value) >= 13:
                value = mask_card_number(value)
            yield (category, label, value)

    def __bool__(self) -> bool:
        return any(c and c not in self.skip for c in self.cells)

    def __repr__(self) -> str:
        return f"FieldRow({tuple(self)!r})"


_MASKED = frozenset({"card", "other", "payments", "free_text"})


def row_fields(
    headers: Sequence[str],
    categories: Sequence[str],
    cells: Sequence[str],
    skip: frozenset[str] = frozenset(),
) -> FieldRow:
    """The non-empty cells of a row as (category, header, value): see FieldRow."""
    return FieldRow(headers, categories, cells, skip)
