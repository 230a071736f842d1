"""Reading customer exports (Kajabi, Stripe, Fiken, newsletter lists, any CSV) into plain rows.

`parse_export` either returns every row (each one ready to store, or skipped with its reason)
or raises ImportFileError before anything is written. `stream_export` raises the same errors
just as early, after one pass over the file that keeps no rows, and gives the rows one at a
time when the import asks for them (issue 15: a 100,000-row export is never held parsed).
The file checks are in `csv_files`, the column rules of each system in `export_formats`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import tzinfo

from ekko_tui.domain.csv_files import (
    MAX_FILE_BYTES,
    ImportFileError,
    LazyTable,
    RawRows,
    Table,
    lazy_table,
    read_export_file,
    read_headers,
    read_table,
)
from ekko_tui.domain.document_formats import DOCUMENT_IMPORTS, RowMapper
from ekko_tui.domain.document_imports import (
    ALL_KINDS,
    check_kind,
    detect_kind,
    host_zone,
    parse_documents,
    stream_documents,
)
from ekko_tui.domain.export_formats import (
    IMPORT_SYSTEMS,
    MAP_FIELDS,
    SIGNATURES,
    Columns,
    ExportRows,
    ParsedExport,
    ParsedRow,
    RowBuilder,
    SkippedRow,
    StreamedExport,
    check_signature,
    identify_export,
)
from ekko_tui.domain.export_mappers import MAPPERS, generic_mapper, guess_mapping
from ekko_tui.domain.record_fields import column_categories, row_fields

__all__ = [
    "ALL_KINDS",
    "DOCUMENT_IMPORTS",
    "detect_kind",
    "host_zone",
    "IMPORT_SYSTEMS",
    "MAP_FIELDS",
    "MAX_FILE_BYTES",
    "ExportRows",
    "ImportFileError",
    "ParsedExport",
    "ParsedRow",
    "SkippedRow",
    "StreamedExport",
    "Table",
    "guess_mapping",
    "identify_export",
    "parse_export",
    "parse_mapping",
    "read_export_file",
    "read_headers",
    "read_table",
    "stream_export",
]


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


def parse_export(
    kind: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    *,
    zone: tzinfo | None = None,
) -> ParsedExport:
    """Read a whole export of `kind` (a contact export: kajabi, stripe, fiken, newsletter, csv;
    or a document export, see DOCUMENT_IMPORTS; `zone` is the Zoom host's time zone)."""
    if kind in DOCUMENT_IMPORTS:
        return parse_documents(kind, data, zone)
    _check_known(kind)
    table = read_table(data)
    mapper = _mapper(kind, table, mapping)
    rows: list[ParsedRow] = []
    skipped: list[SkippedRow] = []
    for item in _row_items(table.headers, mapper, table.rows):
        (skipped if isinstance(item, SkippedRow) else rows).append(item)  # type: ignore[arg-type]
    if not rows and not skipped:
        raise _no_rows()
    return ParsedExport(_system(kind), table, tuple(rows), tuple(skipped))


def stream_export(
    kind: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    *,
    zone: tzinfo | None = None,
) -> ExportRows:
    """An export of `kind` ready to import, checked in one pass that keeps no rows and read
    again one row at a time as it is stored (a StreamedExport; a Zoom report, made of
    sections, is read whole). Every ImportFileError `parse_export` raises is raised here,
    before anything is stored."""
    if kind in DOCUMENT_IMPORTS:
        return stream_documents(kind, data, zone)
    _check_known(kind)
    table = lazy_table(data)
    mapper = _mapper(kind, table, mapping)
    if not table.count:
        raise _no_rows()

    def read() -> Iterator[ParsedRow | SkippedRow]:
        return _row_items(table.headers, mapper, table.rows())

    return StreamedExport(_system(kind), table.encoding, table.delimiter, table.count, read)


def _check_known(kind: str) -> None:
    if kind not in IMPORT_SYSTEMS:
        raise ImportFileError(f"Unknown export kind {kind!r}; use {', '.join(ALL_KINDS)}.")


def _system(kind: str) -> str:
    return "other" if kind == "csv" else kind


def _no_rows() -> ImportFileError:
    return ImportFileError("The file has column names but no rows: nothing to import.")


def _mapper(kind: str, table: Table | LazyTable, mapping: Mapping[str, str] | None) -> RowMapper:
    """The row mapper of a contact export, after the checks that the file is that export."""
    headers = table.headers
    cols = Columns(headers)
    if kind != "csv":
        # Only the header is needed to tell a document export chosen as a contact export.
        header = RawRows(((1, headers),), table.delimiter, table.encoding)
        check_kind(kind, header, documents_only=True)
    if kind in SIGNATURES:
        check_signature(kind, headers)
    return generic_mapper(cols, mapping or {}) if kind == "csv" else MAPPERS[kind](cols)


def _row_items(
    headers: tuple[str, ...], mapper: RowMapper, rows: Iterable[tuple[int, tuple[str, ...]]]
) -> Iterator[ParsedRow | SkippedRow]:
    """Each data row as a row to store or a skipped row (an empty row, or what RowBuilder
    refuses), in order."""
    categories = column_categories(headers)
    for line, cells in rows:
        if not any(cells):
            yield SkippedRow(line, "empty row")
            continue
        builder = RowBuilder(line)
        builder.fields = row_fields(headers, categories, cells)
        mapper(builder, cells)
        yield builder.build()
