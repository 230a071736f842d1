"""Reading customer exports (Kajabi, Stripe, Fiken, newsletter lists, any CSV) into plain rows.

Columns are found by header name, never by position (export formats change their order);
Kajabi's localised form-field labels are matched by their stable `(field_key)` suffix.
Nothing here touches the database: `parse_export` either returns every row (each one ready
to store, or skipped with its reason) or raises ImportFileError before anything is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ekko_tui.domain.subjects import (
    IdentifierError,
    normalize_birth_date,
    normalize_email,
    normalize_external_id,
    normalize_name,
    normalize_phone,
    swap_surname_first,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
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


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    """A decoded CSV file: header, rows (with their 1-based line numbers), how it was read."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    encoding: str


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


@dataclass(frozen=True)
class ParsedExport:
    system: str  # the holding system: kajabi, stripe, fiken, newsletter, other
    table: Table
    rows: tuple[ParsedRow, ...]
    skipped: tuple[SkippedRow, ...]


# --- reading the bytes ------------------------------------------------------------------------


def read_export_file(path: Path) -> bytes:
    """The file's bytes, refusing what cannot be an export before reading it whole."""
    try:
        if path.is_dir():
            raise ImportFileError(f"{path} is a folder, not a file.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB. Export a smaller selection and import "
                "the parts. Nothing was imported."
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


_MAGIC = {
    b"PK\x03\x04": "a ZIP archive or an Excel workbook (.xlsx): open it and save it as CSV",
    b"\xd0\xcf\x11\xe0": "an old Excel/Word file (.xls): open it and save it as CSV",
    b"%PDF": "a PDF: ask the system for a CSV export",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive: unpack it first",
    b"SQLite format 3": "an SQLite database",
    b"{\\rtf": "an RTF document",
}


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "The file is neither UTF-8 nor Windows-1252 text: it is not a CSV export. "
            "Nothing was imported."
        ) from exc


def _check_kind(data: bytes) -> None:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError("The file is empty: there is nothing to import.")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ImportFileError(f"This is {what}, not a CSV file. Nothing was imported.")
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("This is a binary file, not a CSV export. Nothing was imported.")


def detect_delimiter(text: str) -> str:
    """`,` `;` or tab: the one that splits the first lines into the most consistent columns."""
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    best, best_score = ",", (0, 0)
    for delim in (",", ";", "\t"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def read_table(data: bytes) -> Table:
    """Decode and split a CSV export; ImportFileError for anything that isn't one."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Export a smaller selection (e.g. by year) "
            "and import the parts. Nothing was imported."
        )
    _check_kind(data)
    text, encoding = decode(data)
    if "\x00" in text:
        raise ImportFileError("The file contains NUL characters: it is not a CSV export.")
    delimiter = detect_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(f"The file is not valid CSV ({exc}). Nothing was imported.") from exc
    numbered = [(i + 1, r) for i, r in enumerate(records)]
    numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r) or r]
    while numbered and not any(c.strip() for c in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise ImportFileError("The file is empty: there is nothing to import.")
    header_line, header = numbered[0]
    headers = tuple(h.strip().strip("\ufeff") for h in header)
    if len([h for h in headers if h]) < 1 or (len(headers) < 2 and not _looks_like_header(headers)):
        raise ImportFileError(
            "No columns found: the first line should name the columns (e.g. Email, Name). "
            "Is this really a CSV export? Nothing was imported."
        )
    rows = tuple((n, tuple(c.strip() for c in r)) for n, r in numbered[1:])
    return Table(headers, rows, delimiter, encoding)


def _looks_like_header(headers: tuple[str, ...]) -> bool:
    return any(_norm(h) in _EMAIL_HEADERS for h in headers)


# --- finding columns by name ------------------------------------------------------------------


def _norm(header: str) -> str:
    return " ".join(header.casefold().replace("_", " ").replace("-", " ").split())


_FIELD_KEY = re.compile(r"\(([a-z0-9_]+)\)\s*$")


class Columns:
    """Column lookup by header name (case-, space- and dash-insensitive) or Kajabi field key."""

    def __init__(self, headers: tuple[str, ...]) -> None:
        self.headers = headers
        self.by_name: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        for i, h in enumerate(headers):
            self.by_name.setdefault(_norm(h), i)
            m = _FIELD_KEY.search(h)
            if m:
                self.by_key.setdefault(m.group(1), i)

    def find(self, *names: str) -> int | None:
        for name in names:
            i = self.by_name.get(_norm(name))
            if i is not None:
                return i
        return None

    def key(self, field_key: str) -> int | None:
        return self.by_key.get(field_key)

    def metadata(self, *keys: str) -> list[int]:
        """Stripe `<key> (metadata)` columns whose key is one of `keys`."""
        out = []
        for i, h in enumerate(self.headers):
            n = _norm(h)
            if n.endswith("(metadata)") and n[: -len("(metadata)")].strip() in keys:
                out.append(i)
        return out


def _cell(row: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


# Headers only that system's export has: how a file is recognised (and a wrong choice caught).
_SIGNATURES: dict[str, tuple[str, ...]] = {
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
    names = {_norm(h) for h in headers}
    best, hits = None, 1
    for system, signature in _SIGNATURES.items():
        n = len(names & set(signature))
        if n > hits:
            best, hits = system, n
    return best


def _check_signature(kind: str, headers: tuple[str, ...]) -> None:
    found = identify_export(headers)
    if found is not None and found != kind:
        raise ImportFileError(
            f"This looks like a {IMPORT_SYSTEMS[found]}, not a {IMPORT_SYSTEMS[kind]}: "
            f"import it as `{found}`. Nothing was imported."
        )
    if kind in _SIGNATURES and found is None:
        names = {_norm(h) for h in headers}
        if not names & set(_SIGNATURES[kind]) and not (
            kind == "kajabi" and any(_FIELD_KEY.search(h) for h in headers)
        ):
            wanted = ", ".join(f"'{h}'" for h in _SIGNATURES[kind][:3])
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


_EMAIL_HEADERS = {
    "email",
    "e mail",
    "e post",
    "epost",
    "email address",
    "e mail address",
    "e postadresse",
    "e post adresse",
    "epostadresse",
    "mail",
}
_PHONE_HEADERS = ("phone", "telefon", "tlf", "mobil", "mobile", "phone number", "mobilnummer")
_NAME_HEADERS = ("name", "navn", "full name", "fullt navn")
_FIRST_HEADERS = ("first name", "fornavn", "firstname")
_LAST_HEADERS = ("last name", "etternavn", "lastname", "surname")


# --- building rows -------------------------------------------------------------------------


@dataclass
class _RowBuilder:
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


RowMapper = Callable[[_RowBuilder, tuple[str, ...]], None]


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

    def mapper(b: _RowBuilder, row: tuple[str, ...]) -> None:
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

    def mapper(b: _RowBuilder, row: tuple[str, ...]) -> None:
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

    def mapper(b: _RowBuilder, row: tuple[str, ...]) -> None:
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
    email = next((i for i, h in enumerate(cols.headers) if _norm(h) in _EMAIL_HEADERS), None)
    if email is None:
        raise _not_this("newsletter", "e-mail", cols.headers)
    name = cols.find(*_NAME_HEADERS)
    first, last = cols.find(*_FIRST_HEADERS), cols.find(*_LAST_HEADERS)
    phone = cols.find(*_PHONE_HEADERS)

    def mapper(b: _RowBuilder, row: tuple[str, ...]) -> None:
        full = _cell(row, name) or " ".join(p for p in (_cell(row, first), _cell(row, last)) if p)
        b.name(full)
        b.email(_cell(row, email))
        b.phone(_cell(row, phone))
        b.category("newsletter subscription")

    return mapper


def parse_mapping(text: str) -> dict[str, str]:
    """`email=E-post,name=Navn` → {"email": "E-post", "name": "Navn"}; errors name the fix."""
    mapping: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, header = part.partition("=")
        key = key.strip()
        if not sep or not header.strip():
            raise ImportFileError(f"--map: write FIELD=Column header, not {part!r}.")
        if key not in MAP_FIELDS:
            raise ImportFileError(f"--map: unknown field {key!r}; use {', '.join(MAP_FIELDS)}.")
        mapping[key] = header.strip()
    return mapping


def guess_mapping(headers: tuple[str, ...]) -> dict[str, str]:
    """The obvious columns of an unknown CSV (a starting point the user confirms)."""
    cols = Columns(headers)
    guesses = {
        "name": cols.find(*_NAME_HEADERS),
        "first_name": cols.find(*_FIRST_HEADERS),
        "last_name": cols.find(*_LAST_HEADERS),
        "email": next((i for i, h in enumerate(headers) if _norm(h) in _EMAIL_HEADERS), None),
        "phone": cols.find(*_PHONE_HEADERS),
        "birth_date": cols.find("birth date", "fødselsdato", "birthday", "date of birth", "dob"),
        "external_id": cols.find("id", "customer id", "kundenummer", "member id", "medlemsnummer"),
    }
    return {k: headers[i] for k, i in guesses.items() if i is not None}


def _generic(cols: Columns, mapping: Mapping[str, str]) -> RowMapper:
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

    def mapper(b: _RowBuilder, row: tuple[str, ...]) -> None:
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


def parse_export(kind: str, data: bytes, mapping: Mapping[str, str] | None = None) -> ParsedExport:
    """Read a whole export of `kind` (kajabi, stripe, fiken, newsletter, csv)."""
    if kind not in IMPORT_SYSTEMS:
        raise ImportFileError(f"Unknown export kind {kind!r}; use {', '.join(IMPORT_SYSTEMS)}.")
    table = read_table(data)
    cols = Columns(table.headers)
    mappers: dict[str, Callable[[Columns], RowMapper]] = {
        "kajabi": _kajabi,
        "stripe": _stripe,
        "fiken": _fiken,
        "newsletter": _newsletter,
    }
    if kind in _SIGNATURES:
        _check_signature(kind, table.headers)
    mapper = _generic(cols, mapping or {}) if kind == "csv" else mappers[kind](cols)
    rows: list[ParsedRow] = []
    skipped: list[SkippedRow] = []
    for line, cells in table.rows:
        if not any(cells):
            skipped.append(SkippedRow(line, "empty row"))
            continue
        builder = _RowBuilder(line)
        mapper(builder, cells)
        result = builder.build()
        (skipped if isinstance(result, SkippedRow) else rows).append(result)  # type: ignore[arg-type]
    if not rows and not skipped:
        raise ImportFileError("The file has column names but no rows: nothing to import.")
    return ParsedExport("other" if kind == "csv" else kind, table, tuple(rows), tuple(skipped))
