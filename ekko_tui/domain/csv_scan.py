"""Checking an export's bytes and splitting them into CSV records, one record at a time.

Everything that can be wrong with a file as a whole (size, type, encoding, NUL characters,
JSON/HTML/XML, a quote that swallows rows, invalid CSV) is found by `scan_csv` and by a full
pass over `CsvSource.records()`, and raised as ImportFileError with what to do about it. The
source keeps only the bytes: every pass decodes them afresh, a piece at a time, so reading a
100,000-row export never holds its text or its rows whole (issue 15).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_FILE_BYTES = 50 * 1024 * 1024
_PIECE = 1 << 16  # bytes decoded at a time when checking the text


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


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


def _pieces(data: bytes, encoding: str) -> Iterator[str]:
    """The text of `data` a piece at a time (UnicodeDecodeError where it does not decode)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    for start in range(0, len(data), _PIECE):
        yield decoder.decode(data[start : start + _PIECE])
    yield decoder.decode(b"", final=True)


# A byte that is not blank, NUL or part of a BOM: found without copying the file (as
# `data.strip(…)` would, 30 MB for a 100,000-row export).
_NOT_BLANK = re.compile(b"[^ \t\r\n\x00\xef\xbb\xbf]")


def _check_kind(data: bytes) -> None:
    if _NOT_BLANK.search(data) is None:
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
class _TextFacts:
    """What the checks need from the whole text, gathered in one pass that keeps none of it."""

    head: str  # enough of the start for the type check and the delimiter (20 lines)
    nul: bool
    last_line: int  # the number of the file's last line
    ends_quoted: bool  # its last value is closed by a quote


def _head_is_enough(head: str) -> bool:
    """The start holds 200 characters after any blank ones and more than 20 lines: what
    `scan_csv` reads of it equals what it would read of the whole text."""
    return len(head.lstrip()) >= 200 and len(head.splitlines()) > 20


def _text_facts(data: bytes, encoding: str) -> _TextFacts:
    head: list[str] = []
    head_size, check_at, head_done = 0, _PIECE, False
    newlines, last_char, last_kept, nul = 0, "", "", False
    for piece in _pieces(data, encoding):
        if not piece:
            continue
        nul = nul or "\x00" in piece
        newlines += piece.count("\n")
        last_char = piece[-1]
        kept = piece.rstrip("\r\n")
        if kept:
            last_kept = kept[-1]
        if not head_done:
            head.append(piece)
            head_size += len(piece)
            if head_size >= check_at:  # checked as the head doubles: linear in all
                check_at *= 2
                head = ["".join(head)]
                head_done = _head_is_enough(head[0])
    return _TextFacts(
        head="".join(head),
        nul=nul,
        last_line=newlines + (0 if last_char == "\n" else 1),
        ends_quoted=last_kept == '"',
    )


def detect_encoding(data: bytes) -> str:
    """What `decode` would answer, without holding the text when the file is UTF-8 or UTF-16:
    a file that does not decode cleanly is handed to `decode`, which names its bad lines (or
    reads it as Windows-1252)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidate = "" if len(data) % 2 else "utf-16"
    else:
        candidate = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    if candidate:
        try:
            for _ in _pieces(data, candidate):
                pass
        except UnicodeDecodeError:
            pass
        else:
            return candidate
    return decode(data)[1]


@dataclass(frozen=True)
class CsvSource:
    """A checked export: its bytes, how they are read, and what the quote checks need."""

    encoding: str
    delimiter: str
    last_line: int
    ends_quoted: bool
    data: bytes = field(repr=False)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Every CSV record with the 1-based line it starts on, decoded afresh from the bytes;
        ImportFileError (naming the line) at the first quote that swallows rows or the first
        record that is not valid CSV. A whole pass raises the same error at every pass."""
        handle = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")
        reader = csv.reader(handle, delimiter=self.delimiter)
        first_line = 1
        header_row: list[str] = []
        try:
            for record in reader:
                if not header_row and any(c.strip() for c in record):
                    header_row = record
                unclosed = reader.line_num >= self.last_line and not self.ends_quoted
                # A record over several lines, or the last one: a quote left open on the last
                # line swallows its line break (`a@b.no,"Kari,+47…⏎`), a value cut short.
                if reader.line_num > first_line or unclosed:
                    _check_quotes(
                        record, first_line, reader.line_num, header_row, self.delimiter, unclosed
                    )
                yield first_line, record
                first_line = reader.line_num + 1
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise ImportFileError(
                    f'Line {first_line}: a quote (") opens a value that never ends (it runs on '
                    "for more than 128 KB, swallowing the rows after it). Fix that quote and "
                    "import again. Nothing was imported."
                ) from exc
            raise ImportFileError(
                f"Line {first_line}: the file is not valid CSV ({exc}). Nothing was imported."
            ) from exc


def scan_csv(data: bytes) -> CsvSource:
    """Check the bytes and the text as a whole (size, type, encoding, NUL, JSON/HTML/XML) and
    choose the delimiter; the records are checked as `CsvSource.records()` reads them."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Export a smaller selection (e.g. by year) "
            "and import the parts. Nothing was imported."
        )
    _check_kind(data)
    encoding = detect_encoding(data)
    facts = _text_facts(data, encoding)
    if facts.nul:
        raise ImportFileError("The file contains NUL characters: it is not a CSV export.")
    start = facts.head.lstrip()[:200].lower()
    for prefix, what in (
        (("{", "["), "JSON"),
        (("<!doctype html", "<html"), "a web page (HTML)"),
        (("<?xml", "<"), "XML"),
    ):
        if start.startswith(prefix):
            raise ImportFileError(
                f"This is {what}, not a CSV file: export the list as CSV. Nothing was imported."
            )
    return CsvSource(
        encoding, detect_delimiter(facts.head), facts.last_line, facts.ends_quoted, data
    )


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
