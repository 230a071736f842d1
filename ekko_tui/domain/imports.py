"""Reading customer exports (Kajabi, Stripe, Fiken, newsletter lists, any CSV) into plain rows.

`parse_export` either returns every row (each one ready to store, or skipped with its reason)
or raises ImportFileError before anything is written. The file checks are in `csv_files`, the
column rules of each system in `export_formats`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo

from ekko_tui.domain.csv_files import (
    MAX_FILE_BYTES,
    ImportFileError,
    RawRows,
    Table,
    read_export_file,
    read_table,
)
from ekko_tui.domain.document_formats import DOCUMENT_IMPORTS
from ekko_tui.domain.document_imports import (
    ALL_KINDS,
    check_kind,
    detect_kind,
    host_zone,
    parse_documents,
)
from ekko_tui.domain.export_formats import (
    IMPORT_SYSTEMS,
    MAP_FIELDS,
    SIGNATURES,
    Columns,
    ParsedExport,
    ParsedRow,
    RowBuilder,
    SkippedRow,
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
    "ImportFileError",
    "ParsedExport",
    "ParsedRow",
    "SkippedRow",
    "Table",
    "guess_mapping",
    "identify_export",
    "parse_export",
    "parse_mapping",
    "read_export_file",
    "read_table",
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
    if kind not in IMPORT_SYSTEMS:
        raise ImportFileError(f"Unknown export kind {kind!r}; use {', '.join(ALL_KINDS)}.")
    table = read_table(data)
    cols = Columns(table.headers)
    if kind != "csv":
        header = RawRows(((1, table.headers),), table.delimiter, table.encoding)
        check_kind(kind, header, documents_only=True)
    if kind in SIGNATURES:
        check_signature(kind, table.headers)
    mapper = generic_mapper(cols, mapping or {}) if kind == "csv" else MAPPERS[kind](cols)
    rows: list[ParsedRow] = []
    skipped: list[SkippedRow] = []
    headers = table.headers
    categories = column_categories(headers)
    for line, cells in table.rows:
        if not any(cells):
            skipped.append(SkippedRow(line, "empty row"))
            continue
        builder = RowBuilder(line)
        builder.fields = row_fields(headers, categories, cells)
        mapper(builder, cells)
        result = builder.build()
        (skipped if isinstance(result, SkippedRow) else rows).append(result)  # type: ignore[arg-type]
    if not rows and not skipped:
        raise ImportFileError("The file has column names but no rows: nothing to import.")
    return ParsedExport("other" if kind == "csv" else kind, table, tuple(rows), tuple(skipped))
