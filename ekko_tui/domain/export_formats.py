"""The export formats: which column holds what in Kajabi, Stripe, Fiken, newsletter lists and
any CSV, found by header name (never by position), and how one row becomes a ParsedRow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ekko_tui.domain.csv_files import EMAIL_HEADERS, ImportFileError, norm_header
from ekko_tui.domain.subjects import (
    IdentifierError,
    normalize_birth_date,
    normalize_email,
    normalize_external_id,
    normalize_name,
    normalize_phone,
    swap_surname_first,
)

IMPORT_SYSTEMS: dict[str, str] = {
    "kajabi": "Kajabi contacts export",
    "stripe": "Stripe customers export",
    "fiken": "Fiken customers/contacts (CSV)",
    "newsletter": "Newsletter list",
    "csv": "Any CSV (you map the columns)",
}
# The fields a generic CSV can map (`--map email=E-post,name=Navn`).
MAP_FIELDS: dict[str, str] = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "phone": "Phone",
    "birth_date": "Birth date",
    "external_id": "Customer/member id",
}


@dataclass(frozen=True)
class ParsedRow:
    """One data row, normalised: the identifiers it carries and what data the system holds."""

    line: int
    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    birth_date: str = ""
    external_ids: tuple[str, ...] = ()  # of this system
    categories: tuple[str, ...] = ()
    organisation: bool = False
    notes: tuple[str, ...] = ()  # identifiers left out of an otherwise good row, with reason


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str


# --- finding columns by name ------------------------------------------------------------------


_FIELD_KEY = re.compile(r"\(([a-z0-9_]+)\)\s*$")


class Columns:
    """Column lookup by header name (case-, space- and dash-insensitive) or Kajabi field key."""

    def __init__(self, headers: tuple[str, ...]) -> None:
        self.headers = headers
        self.by_name: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        for i, h in enumerate(headers):
            self.by_name.setdefault(norm_header(h), i)
            m = _FIELD_KEY.search(h)
            if m:
                self.by_key.setdefault(m.group(1), i)

    def find(self, *names: str) -> int | None:
        for name in names:
            i = self.by_name.get(norm_header(name))
            if i is not None:
                return i
        return None

    def key(self, field_key: str) -> int | None:
        return self.by_key.get(field_key)

    def metadata(self, *keys: str) -> list[int]:
        """Stripe `<key> (metadata)` columns whose key is one of `keys`."""
        out = []
        for i, h in enumerate(self.headers):
            n = norm_header(h)
            if n.endswith("(metadata)") and n[: -len("(metadata)")].strip() in keys:
                out.append(i)
        return out


def _cell(row: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


# Headers only that system's export has: how a file is recognised (and a wrong choice caught).
SIGNATURES: dict[str, tuple[str, ...]] = {
    "kajabi": (
        "member id",
        "products",
        "tags",
        "sign in count",
        "last sign in at",
        "member created at",
    ),
    "stripe": ("created (utc)", "delinquent", "card id", "total spend", "payment count"),
    "fiken": ("navn", "orgnr", "postnr", "poststed", "kundenummer", "medlemsnummer"),
}


def identify_export(headers: tuple[str, ...]) -> str | None:
    """Which system's export these headers come from (kajabi, stripe, fiken), if any."""
    names = {norm_header(h) for h in headers}
    best, hits = None, 1
    for system, signature in SIGNATURES.items():
        n = len(names & set(signature))
        if n > hits:
            best, hits = system, n
    return best


def check_signature(kind: str, headers: tuple[str, ...]) -> None:
    found = identify_export(headers)
    if found is not None and found != kind:
        raise ImportFileError(
            f"This looks like a {IMPORT_SYSTEMS[found]}, not a {IMPORT_SYSTEMS[kind]}: "
            f"import it as `{found}`. Nothing was imported."
        )
    if kind in SIGNATURES and found is None:
        names = {norm_header(h) for h in headers}
        if not names & set(SIGNATURES[kind]) and not (
            kind == "kajabi" and any(_FIELD_KEY.search(h) for h in headers)
        ):
            wanted = ", ".join(f"'{h}'" for h in SIGNATURES[kind][:3])
            shown = ", ".join(h for h in headers[:12] if h)
            raise ImportFileError(
                f"This does not look like a {IMPORT_SYSTEMS[kind]}: none of its usual columns "
                f"({wanted} …) is there. Columns found: {shown}. Choose the right system, or "
                "import it as `newsletter` or `csv`. Nothing was imported."
            )


def _not_this(system: str, missing: str, headers: tuple[str, ...]) -> ImportFileError:
    shown = ", ".join(h for h in headers[:12] if h) or "(none)"
    more = " …" if len(headers) > 12 else ""
    return ImportFileError(
        f"This does not look like a {IMPORT_SYSTEMS[system]}: it has no {missing} column. "
        f"Columns found: {shown}{more}. Choose the right system, or import it as `csv` "
        "and map the columns. Nothing was imported."
    )


_PHONE_HEADERS = ("phone", "telefon", "tlf", "mobil", "mobile", "phone number", "mobilnummer")
_NAME_HEADERS = ("name", "navn", "full name", "fullt navn")
_FIRST_HEADERS = ("first name", "fornavn", "firstname")
_LAST_HEADERS = ("last name", "etternavn", "lastname", "surname")


# --- building rows -------------------------------------------------------------------------


@dataclass
class RowBuilder:
    line: int
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    birth_date: str = ""
    external_ids: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    organisation: bool = False
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def name(self, raw: str, *, surname_first: bool = False) -> None:
        if not raw:
            return
        try:
            value = normalize_name(swap_surname_first(raw) if surname_first else raw)
        except IdentifierError as exc:
            self.notes.append(f"name left out: {exc}")
            return
        if value and value not in self.names:
            self.names.append(value)
            self.category("name")

    def email(self, raw: str) -> None:
        if not raw:
            return
        try:
            value = normalize_email(raw)
        except IdentifierError as exc:
            self.errors.append(str(exc))
            return
        if value not in self.emails:
            self.emails.append(value)
            self.category("e-mail")

    def phone(self, raw: str) -> None:
        if not raw:
            return
        try:
            value = normalize_phone(raw)
        except IdentifierError as exc:
            self.notes.append(f"phone left out: {exc}")
            return
        if value not in self.phones:
            self.phones.append(value)
            self.category("phone")

    def birth(self, raw: str) -> None:
        if not raw:
            return
        try:
            self.birth_date = normalize_birth_date(raw)
            self.category("birth date")
        except IdentifierError as exc:
            self.notes.append(f"birth date left out: {exc}")

    def external(self, raw: str) -> None:
        if not raw:
            return
        try:
            value = normalize_external_id(raw)
        except IdentifierError as exc:
            self.notes.append(f"id left out: {exc}")
            return
        if value not in self.external_ids:
            self.external_ids.append(value)

    def category(self, label: str) -> None:
        if label not in self.categories:
            self.categories.append(label)

    def build(self) -> ParsedRow | SkippedRow:
        if self.errors:
            return SkippedRow(self.line, "; ".join(self.errors))
        if not (self.emails or self.phones or self.external_ids):
            if self.names:
                return SkippedRow(
                    self.line, "only a name: no e-mail, phone or id to tell who it is"
                )
            return SkippedRow(self.line, "no e-mail, phone, name or id")
        return ParsedRow(
            self.line,
            tuple(self.names),
            tuple(self.emails),
            tuple(self.phones),
            self.birth_date,
            tuple(self.external_ids),
            tuple(self.categories),
            self.organisation,
            tuple(self.notes),
        )


RowMapper = Callable[[RowBuilder, tuple[str, ...]], None]


def _kajabi(cols: Columns) -> RowMapper:
    email = cols.find("Email")
    if email is None:
        email = cols.key("email")
    if email is None:
        raise _not_this("kajabi", "Email", cols.headers)
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

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        full = _cell(row, name) or " ".join(p for p in (_cell(row, first), _cell(row, last)) if p)
        b.name(full or _cell(row, form_name))
        b.email(_cell(row, email))
        for i in phones:
            b.phone(_cell(row, i))
        for i in ids:
            b.external(_cell(row, i))
        if any(_cell(row, i) for i in address):
            b.category("address")
        if _cell(row, products):
            b.category("purchases (products)")
        if _cell(row, tags):
            b.category("tags")
        if any(_cell(row, i) not in ("", "0") for i in activity):
            b.category("login activity")
        if any(_cell(row, i) for i in customs):
            b.category("form answers")

    return mapper


def _stripe(cols: Columns) -> RowMapper:
    cid, email = cols.find("id"), cols.find("Email")
    if email is None:
        raise _not_this("stripe", "Email", cols.headers)
    if cid is None:
        raise _not_this("stripe", "id", cols.headers)
    name = cols.find("Name")
    meta_phones = cols.metadata("phone", "telefon", "mobile", "mobil", "tlf", "phone number")
    card = cols.find("Card Last4", "Card ID")
    address = cols.find("Card Address Line1", "Card Address Zip")
    spend = cols.find("Total Spend", "Payment Count")
    vat = cols.find("Business Vat ID")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        raw_name = _cell(row, name)
        if raw_name and re.fullmatch(r"[+\d\s()-]{8,}", raw_name):
            b.phone(raw_name)  # phone-only customers have their number in Name
        else:
            b.name(raw_name)
        b.email(_cell(row, email))
        for i in meta_phones:
            b.phone(_cell(row, i))
        b.external(_cell(row, cid))
        if _cell(row, card):
            b.category("payment card (brand/last 4/expiry)")
        if _cell(row, address):
            b.category("card billing address")
        if _cell(row, spend) not in ("", "0", "0.00"):
            b.category("payments")
        if _cell(row, vat):
            b.organisation = True

    return mapper


def _fiken(cols: Columns) -> RowMapper:
    name, email = cols.find("Navn", "Name"), cols.find("E-post", "Epost", "Email")
    if name is None and email is None:
        raise _not_this("fiken", "Navn or E-post", cols.headers)
    phone = cols.find("Telefon", "Mobil", "Phone", "phoneNumber")
    orgnr = cols.find("Orgnr", "Organisasjonsnummer", "organizationNumber")
    ids = [
        i
        for i in (cols.find("Kundenummer", "customerNumber"), cols.find("Medlemsnummer"))
        if i is not None
    ]
    address = cols.find("Adresse", "Postnr", "Poststed")

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        b.organisation = bool(_cell(row, orgnr))
        b.name(_cell(row, name), surname_first=not b.organisation)
        b.email(_cell(row, email))
        b.phone(_cell(row, phone))
        for i in ids:
            b.external(_cell(row, i))
        if _cell(row, address):
            b.category("address")
        b.category("invoices")

    return mapper


def _newsletter(cols: Columns) -> RowMapper:
    email = next((i for i, h in enumerate(cols.headers) if norm_header(h) in EMAIL_HEADERS), None)
    if email is None:
        raise _not_this("newsletter", "e-mail", cols.headers)
    name = cols.find(*_NAME_HEADERS)
    first, last = cols.find(*_FIRST_HEADERS), cols.find(*_LAST_HEADERS)
    phone = cols.find(*_PHONE_HEADERS)

    def mapper(b: RowBuilder, row: tuple[str, ...]) -> None:
        full = _cell(row, name) or " ".join(p for p in (_cell(row, first), _cell(row, last)) if p)
        b.name(full)
        b.email(_cell(row, email))
        b.phone(_cell(row, phone))
        b.category("newsletter subscription")

    return mapper


def guess_mapping(headers: tuple[str, ...]) -> dict[str, str]:
    """The obvious columns of an unknown CSV (a starting point the user confirms)."""
    cols = Columns(headers)
    guesses = {
        "name": cols.find(*_NAME_HEADERS),
        "first_name": cols.find(*_FIRST_HEADERS),
        "last_name": cols.find(*_LAST_HEADERS),
        "email": next((i for i, h in enumerate(headers) if norm_header(h) in EMAIL_HEADERS), None),
        "phone": cols.find(*_PHONE_HEADERS),
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
        full = _cell(row, index.get("name")) or " ".join(
            p
            for p in (_cell(row, index.get("first_name")), _cell(row, index.get("last_name")))
            if p
        )
        b.name(full)
        b.email(_cell(row, index.get("email")))
        b.phone(_cell(row, index.get("phone")))
        b.birth(_cell(row, index.get("birth_date")))
        b.external(_cell(row, index.get("external_id")))

    return mapper


MAPPERS: dict[str, Callable[[Columns], RowMapper]] = {
    "kajabi": _kajabi,
    "stripe": _stripe,
    "fiken": _fiken,
    "newsletter": _newsletter,
}
