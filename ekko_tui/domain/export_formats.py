"""The export formats: which column holds what in Kajabi, Stripe, Fiken, newsletter lists and
any CSV, found by header name (never by position), and how one row becomes a ParsedRow.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ekko_tui.domain.csv_files import ImportFileError, Table, norm_header
from ekko_tui.domain.export_kinds import IMPORT_SYSTEMS as IMPORT_SYSTEMS
from ekko_tui.domain.export_kinds import MAP_FIELDS as MAP_FIELDS
from ekko_tui.domain.records import Fields, ParsedDocument
from ekko_tui.domain.subjects import (
    IdentifierError,
    normalize_birth_date,
    normalize_email,
    normalize_external_id,
    normalize_name,
    normalize_phone,
    swap_surname_first,
)


@dataclass(frozen=True, slots=True)  # slots: a 100,000-row export holds one per row
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
    # The record of this row (issue 13): every non-empty column; none for document-only rows.
    record_key: str = ""
    fields: Fields = ()
    since: str = ""  # ISO date the person became a customer/member, from the row
    documents: tuple[ParsedDocument, ...] = ()


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str


@dataclass(frozen=True)
class ParsedExport:
    system: str  # the holding system: kajabi, stripe, fiken, zoom, newsletter, other
    table: Table
    rows: tuple[ParsedRow, ...]
    skipped: tuple[SkippedRow, ...]
    detail: str = ""  # what was detected, e.g. "Zoom webinar attendee report"

    @property
    def encoding(self) -> str:
        return self.table.encoding

    @property
    def delimiter(self) -> str:
        return self.table.delimiter

    @property
    def count(self) -> int:
        """The data rows: every row, stored or skipped."""
        return len(self.rows) + len(self.skipped)

    def items(self) -> Iterator[ParsedRow | SkippedRow]:
        """The rows in their order, then the skipped rows."""
        yield from self.rows
        yield from self.skipped


@dataclass(frozen=True)
class StreamedExport:
    """An export whose file-level checks have all passed: each `items()` reads its rows from
    the file's bytes again, one at a time, in file order (the same rows as parsed whole)."""

    system: str
    encoding: str
    delimiter: str
    count: int  # the data rows, counted by the checking pass
    read: Callable[[], Iterator[ParsedRow | SkippedRow]] = field(repr=False, compare=False)
    detail: str = ""

    def items(self) -> Iterator[ParsedRow | SkippedRow]:
        return self.read()


class ExportRows(Protocol):
    """What an import stores: a ParsedExport held whole, or a StreamedExport read from its
    file one row at a time."""

    @property
    def system(self) -> str: ...
    @property
    def detail(self) -> str: ...
    @property
    def encoding(self) -> str: ...
    @property
    def delimiter(self) -> str: ...
    @property
    def count(self) -> int:
        """How many data rows `items()` gives (stored or skipped), known before reading them."""
        ...

    def items(self) -> Iterator[ParsedRow | SkippedRow]:
        """Every data row once, as a row to store or a skipped row (a fresh pass each call)."""
        ...


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


def cell(row: tuple[str, ...], index: int | None) -> str:
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


def not_this_export(system: str, missing: str, headers: tuple[str, ...]) -> ImportFileError:
    shown = ", ".join(h for h in headers[:12] if h) or "(none)"
    more = " …" if len(headers) > 12 else ""
    return ImportFileError(
        f"This does not look like a {IMPORT_SYSTEMS[system]}: it has no {missing} column. "
        f"Columns found: {shown}{more}. Choose the right system, or import it as `csv` "
        "and map the columns. Nothing was imported."
    )


PHONE_HEADERS = ("phone", "telefon", "tlf", "mobil", "mobile", "phone number", "mobilnummer")
NAME_HEADERS = ("name", "navn", "full name", "fullt navn")
FIRST_HEADERS = ("first name", "fornavn", "firstname")
LAST_HEADERS = ("last name", "etternavn", "lastname", "surname")


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
    record_key: str = ""
    fields: Fields = ()
    since: str = ""
    documents: list[ParsedDocument] = field(default_factory=list)

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
            self.record_key or self._key(),
            self.fields,
            self.since,
            tuple(self.documents),
        )

    def _key(self) -> str:
        """A contact record's key when the system gives no id: the e-mail, phone or row."""
        if self.external_ids:
            return self.external_ids[0]
        if self.emails:
            return f"email:{self.emails[0]}"
        if self.phones:
            return f"phone:{self.phones[0]}"
        joined = "\x1f".join(f"{label}={value}" for _, label, value in self.fields)
        return "row:" + hashlib.sha256(joined.encode()).hexdigest()[:32]
