"""Reading an export file: size and type checks, encoding and delimiter detection, CSV rows.

Pure Python (no database): everything that can be wrong with a file as a whole is found here,
before anything is stored, and raised as ImportFileError with what to do about it.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    """A decoded CSV file: header, rows (with their 1-based line numbers), how it was read."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    encoding: str


def norm_header(header: str) -> str:
    """A header as compared: case-, space-, dash- and underscore-insensitive."""
    return " ".join(header.casefold().replace("_", " ").replace("-", " ").split())


EMAIL_HEADERS = {
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


# --- reading the bytes ------------------------------------------------------------------------


def read_export_file(path: Path) -> bytes:
    """The file's bytes, refusing what cannot be an export before reading it whole.

    Only a regular file is read (a FIFO would hang, `/dev/zero` would never end), opened
    without blocking and read with a cap, so a file that grows or lies about its size cannot
    exhaust memory.
    """
    try:
        if path.is_dir():
            raise ImportFileError(f"{path} is a folder, not a file.")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ImportFileError(
                    f"{path} is not a regular file (a pipe, device or socket): save the export "
                    "as a file and import that. Nothing was imported."
                )
            if info.st_size > MAX_FILE_BYTES:
                raise _too_big(path.name, info.st_size)
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise _too_big(path.name, None)
        return data
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def _too_big(name: str, size: int | None) -> ImportFileError:
    """`size` None: the file grew past the limit while it was read."""
    limit = MAX_FILE_BYTES // 1024 // 1024
    how = f"{size / 1024 / 1024:.0f} MB" if size is not None else f"over {limit} MB"
    return ImportFileError(
        f"{name} is {how}; the limit is {limit} MB. Export a smaller selection and import "
        "the parts. Nothing was imported."
    )


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


def _line_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _not_utf8_lines(data: bytes) -> tuple[list[int], bool]:
    """The 1-based line numbers that are not UTF-8, and whether any other line uses UTF-8's
    multi-byte letters (then the file is UTF-8 with damaged lines, not Windows-1252)."""
    bad: list[int] = []
    utf8_letters = False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
        else:
            utf8_letters = utf8_letters or not line.isascii()
    return bad, utf8_letters


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252.

    A file that is UTF-8 except for some lines (one stray byte) is refused with those lines,
    never silently read as Windows-1252 (which would garble every æøå in it).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if len(data) % 2:
            raise ImportFileError(
                "The file starts as UTF-16 text but has an odd number of bytes: it is cut off "
                "or damaged. Export it again (as UTF-8 CSV if you can). Nothing was imported."
            )
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
            raise ImportFileError(
                f"The file is UTF-16 text but is damaged at line {line}. Export it again (as "
                "UTF-8 CSV if you can). Nothing was imported."
            ) from exc
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    bad, utf8_letters = _not_utf8_lines(body)
    if bom or utf8_letters:
        those = "those lines" if len(bad) > 1 else "that line"
        raise ImportFileError(
            f"The file is UTF-8 text except {_line_list(bad)}: fix or delete {those} (or save "
            "the file again as UTF-8) and import it again. Nothing was imported."
        )
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


@dataclass(frozen=True)
class RawRows:
    """A decoded CSV file as rows (1-based line, cells), before any header is chosen: for
    exports with a preamble or sections (Fiken reports, Zoom)."""

    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    encoding: str


def read_rows(data: bytes) -> RawRows:
    """Decode and split a CSV export into non-empty rows; ImportFileError for a non-CSV."""
    delimiter, encoding, numbered = _split(data)
    rows = tuple(
        (n, tuple(c.strip().strip("\ufeff") for c in r))
        for n, r in numbered
        if any(c.strip() for c in r)
    )
    if not rows:
        raise ImportFileError("The file is empty: there is nothing to import.")
    return RawRows(rows, delimiter, encoding)


def table_from(raw: RawRows, header_index: int) -> Table:
    """The table whose header is raw row `header_index` (the rows before it are preamble)."""
    _, header = raw.rows[header_index]
    return Table(header, raw.rows[header_index + 1 :], raw.delimiter, raw.encoding)


def read_table(data: bytes) -> Table:
    """Decode and split a CSV export; ImportFileError for anything that isn't one."""
    delimiter, encoding, records = _split(data)
    numbered = list(records)
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


def _split(data: bytes) -> tuple[str, str, list[tuple[int, list[str]]]]:
    """Check, decode and split the bytes: (delimiter, encoding, numbered records)."""
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
    start = text.lstrip()[:200].lower()
    for prefix, what in (
        (("{", "["), "JSON"),
        (("<!doctype html", "<html"), "a web page (HTML)"),
        (("<?xml", "<"), "XML"),
    ):
        if start.startswith(prefix):
            raise ImportFileError(
                f"This is {what}, not a CSV file: export the list as CSV. Nothing was imported."
            )
    delimiter = detect_delimiter(text)
    records: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        first_line = 1
        header_row: list[str] = []
        # Where the file ends, and whether its last value is closed by a quote (computed once:
        # a file with many multi-line values must not be rescanned for each).
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        ends_quoted = text.rstrip("\r\n").endswith('"')
        for record in reader:
            records.append((first_line, record))
            if not header_row and any(c.strip() for c in record):
                header_row = record
            if reader.line_num > first_line:
                unclosed = reader.line_num >= last_line and not ends_quoted
                _check_quotes(record, first_line, reader.line_num, header_row, delimiter, unclosed)
            first_line = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise ImportFileError(
                f'Line {first_line}: a quote (") opens a value that never ends (it runs on for '
                "more than 128 KB, swallowing the rows after it). Fix that quote and import "
                "again. Nothing was imported."
            ) from exc
        raise ImportFileError(
            f"Line {first_line}: the file is not valid CSV ({exc}). Nothing was imported."
        ) from exc
    return delimiter, encoding, records


def _check_quotes(
    record: list[str], first: int, last: int, header: list[str], delimiter: str, unclosed: bool
) -> None:
    """Refuse a quote that opens a field and swallows the rows after it (to a later stray
    quote or to the end of the file), naming the line where it opened.

    A value may legitimately run over lines (an address); it is refused only when a line
    inside it looks like a row of its own, or it runs to the end of the file unclosed.
    """
    columns = max(len(header), 1)
    for value in record:
        if "\n" not in value:
            continue
        inner = value.split("\n")[1:]
        looks_like_rows = columns == 1 or any(
            line.count(delimiter) >= columns - 1 for line in inner
        )
        if looks_like_rows or unclosed:
            to = "the end of the file" if unclosed else f"line {last}"
            raise ImportFileError(
                f'Line {first}: a quote (") opens a value that runs to {to}, swallowing the '
                'rows in between. Fix that quote (close it, or double it as "" inside a '
                "value) and import again. Nothing was imported."
            )


def _looks_like_header(headers: tuple[str, ...]) -> bool:
    return any(norm_header(h) in EMAIL_HEADERS for h in headers)
