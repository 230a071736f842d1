"""Reading a document export (payments, transactions, invoices, Zoom reports, Mailchimp) into
rows ready to store, and telling from its headers which export a file is.

`parse_documents` returns every row (stored, or skipped with its line and reason) or raises
ImportFileError before anything is written, like the contact imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ekko_tui.domain.csv_files import (
    EMAIL_HEADERS,
    ImportFileError,
    RawRows,
    lazy_rows,
    read_rows,
    table_from,
)
from ekko_tui.domain.document_formats import (
    DOCUMENT_IMPORTS,
    DOCUMENT_SIGNATURES,
    RowMapper,
    kajabi_transactions,
    mailchimp,
    stripe_payments,
)
from ekko_tui.domain.export_formats import (
    SIGNATURES,
    Columns,
    ExportRows,
    ParsedExport,
    ParsedRow,
    RowBuilder,
    SkippedRow,
    StreamedExport,
)
from ekko_tui.domain.export_kinds import ALL_KINDS as ALL_KINDS
from ekko_tui.domain.fiken_invoices import fiken_header_index, fiken_invoices
from ekko_tui.domain.record_fields import column_categories, row_fields
from ekko_tui.domain.zoom_reports import is_zoom, map_zoom_row, zoom_rows

DOCUMENT_MAPPERS: dict[str, Callable[[Columns], RowMapper]] = {
    "stripe-payments": stripe_payments,
    "kajabi-transactions": kajabi_transactions,
    "fiken-invoices": fiken_invoices,
    "mailchimp": mailchimp,
}
# Kajabi's `N/A` and Zoom's `--` stand for empty: not values the person has.
PLACEHOLDERS = frozenset({"N/A", "n/a", "--"})
# The rows `detect_rows` reads at most (Zoom's sections: the first 40).
_DETECT_ROWS = 40
# A plain newsletter import of a Mailchimp file is fine (it is a newsletter list).
_COMPATIBLE = {("newsletter", "mailchimp")}


def host_zone(name: str) -> tzinfo:
    """The Zoom host's time zone by IANA name (Europe/Oslo); ImportFileError if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImportFileError(
            f"Unknown time zone {name!r}: give the Zoom host's zone as an IANA name such as "
            "Europe/Oslo. Nothing was imported."
        ) from exc


def _norm_set(row: tuple[str, ...]) -> set[str]:
    from ekko_tui.domain.csv_files import norm_header

    return {norm_header(c) for c in row if c}


def detect_rows(raw: RawRows, *, fallback: bool = True) -> tuple[str, str] | None:
    """(import kind, what was seen) of a file's rows, or None when no export is recognised;
    with `fallback`, a file with an e-mail column and nothing else known is a newsletter list."""
    if zoom := is_zoom(raw):
        what = "a webinar attendee report" if zoom == "webinar" else "a meeting participant list"
        return "zoom", f"Zoom: {what}"
    signatures = {**SIGNATURES, **DOCUMENT_SIGNATURES}
    best: tuple[int, str] | None = None
    for _, row in raw.rows[:30]:
        names = _norm_set(row)
        for kind, signature in signatures.items():
            hits = len(names & set(signature))
            if hits >= 2 and (best is None or hits > best[0]):
                best = (hits, kind)
        if best is not None:
            break  # the first row that names columns is the header
    if best is None:
        header = next((row for _, row in raw.rows[:1]), ())
        if fallback and _norm_set(header) & EMAIL_HEADERS:
            return "newsletter", "newsletter list (an e-mail column, no system's own columns)"
        return None
    return best[1], ALL_KINDS[best[1]]


def detect_kind(data: bytes) -> tuple[str, str] | None:
    """What export a file is, from its headers: (kind, description) or None (the whole file
    is checked; only the first rows, all `detect_rows` looks at, are kept)."""
    return detect_rows(read_rows(data, keep=_DETECT_ROWS))


def check_kind(kind: str, raw: RawRows, *, documents_only: bool = False) -> None:
    """Refuse a file that is clearly another export than the one chosen, naming the right one
    (`documents_only`: only when it is a document export; the contact exports' own rules are
    `export_formats.check_signature`)."""
    found = detect_rows(raw, fallback=False)
    if found is None or found[0] == kind or (kind, found[0]) in _COMPATIBLE:
        return
    if documents_only and found[0] not in DOCUMENT_IMPORTS:
        return
    raise ImportFileError(
        f"This looks like a {found[1]}, not a {ALL_KINDS[kind]}: import it as `{found[0]}`. "
        "Nothing was imported."
    )


def parse_documents(kind: str, data: bytes, zone: tzinfo | None = None) -> ParsedExport:
    """Read a whole document export of `kind` (see DOCUMENT_IMPORTS); `zone` is the Zoom
    host's time zone (Europe/Oslo when not given)."""
    _check_known(kind)
    raw = read_rows(data)
    check_kind(kind, raw)
    if kind == "zoom":
        return _parse_zoom(raw, zone or ZoneInfo("Europe/Oslo"))
    start, detail = _header_index(kind, raw)
    table = table_from(raw, start)
    mapper = DOCUMENT_MAPPERS[kind](Columns(table.headers))
    rows: list[ParsedRow] = []
    skipped: list[SkippedRow] = []
    for item in _document_items(table.headers, mapper, table.rows):
        (skipped if isinstance(item, SkippedRow) else rows).append(item)  # type: ignore[arg-type]
    if not rows and not skipped:
        raise _no_rows()
    return ParsedExport(DOCUMENT_IMPORTS[kind][0], table, tuple(rows), tuple(skipped), detail)


def stream_documents(kind: str, data: bytes, zone: tzinfo | None = None) -> ExportRows:
    """A document export checked as `parse_documents` checks it (the same ImportFileErrors,
    before anything is stored) in one pass that keeps only its first rows, its rows read again
    one at a time by each `items()`. A Zoom report (sections, people over several rows) is
    read whole."""
    _check_known(kind)
    if kind == "zoom":
        return parse_documents(kind, data, zone)
    lazy = lazy_rows(data, _DETECT_ROWS)
    check_kind(kind, lazy.head)
    start, detail = _header_index(kind, lazy.head)
    header_line, headers = lazy.head.rows[start]
    mapper = DOCUMENT_MAPPERS[kind](Columns(headers))
    count = lazy.count - start - 1
    if not count:
        raise _no_rows()

    def read() -> Iterator[ParsedRow | SkippedRow]:
        after = ((n, r) for n, r in lazy.rows() if n > header_line)
        return _document_items(headers, mapper, after)

    head = lazy.head
    return StreamedExport(
        DOCUMENT_IMPORTS[kind][0], head.encoding, head.delimiter, count, read, detail
    )


def _check_known(kind: str) -> None:
    if kind not in DOCUMENT_IMPORTS:
        raise ImportFileError(f"Unknown export kind {kind!r}; use {', '.join(ALL_KINDS)}.")


def _no_rows() -> ImportFileError:
    return ImportFileError("The file has column names but no rows: nothing to import.")


def _header_index(kind: str, raw: RawRows) -> tuple[int, str]:
    """Which of the first rows is the header (a Fiken report may have a preamble), and what
    the file was read as."""
    detail = DOCUMENT_IMPORTS[kind][1]
    if kind != "fiken-invoices":
        return 0, detail
    found = fiken_header_index(raw.rows)
    if found:
        detail += f" (the header is on line {raw.rows[found][0]}, after a preamble)"
    return found or 0, detail


def _document_items(
    headers: tuple[str, ...], mapper: RowMapper, rows: Iterable[tuple[int, tuple[str, ...]]]
) -> Iterator[ParsedRow | SkippedRow]:
    """Each data row as a row to store or a skipped row, in order."""
    categories = column_categories(headers)
    for line, cells in rows:
        builder = RowBuilder(line)
        builder.fields = row_fields(headers, categories, cells, PLACEHOLDERS)
        mapper(builder, cells)
        yield _result(builder)


def _result(builder: RowBuilder) -> ParsedRow | SkippedRow:
    if builder.errors:
        return SkippedRow(builder.line, "; ".join(builder.errors))
    return builder.build()


def _keep(builder: RowBuilder, rows: list[ParsedRow], skipped: list[SkippedRow]) -> None:
    result = _result(builder)
    if isinstance(result, SkippedRow):
        skipped.append(result)
    else:
        rows.append(result)


def _parse_zoom(raw: RawRows, zone: tzinfo) -> ParsedExport:
    kind, people, table = zoom_rows(raw)
    rows: list[ParsedRow] = []
    skipped: list[SkippedRow] = []
    for z in people:
        builder = RowBuilder(z.line)
        map_zoom_row(builder, z, kind, zone)
        _keep(builder, rows, skipped)
    if not rows and not skipped:
        raise ImportFileError("The Zoom report lists nobody: nothing to import.")
    what = "webinar attendee report" if kind == "webinar" else "meeting participant list"
    zone_name = getattr(zone, "key", str(zone))
    detail = f"Zoom {what}, times read in {zone_name} (the host's time zone)"
    return ParsedExport("zoom", table, tuple(rows), tuple(skipped), detail)
