"""Reading an export file: size and type checks, encoding and delimiter detection, CSV rows.

Pure Python (no database): everything that can be wrong with a file as a whole is found here,
before anything is stored, and raised as ImportFileError with what to do about it.
"""

from __future__ import annotations

import csv
import io
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
    return any(norm_header(h) in EMAIL_HEADERS for h in headers)
