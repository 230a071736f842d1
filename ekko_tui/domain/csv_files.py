"""Reading an export file: size and type checks, encoding and delimiter detection, CSV rows.

Pure Python (no database): everything that can be wrong with a file as a whole is found here
(the checks themselves are in `csv_scan`), before anything is stored, and raised as
ImportFileError with what to do about it. `read_table` and `read_rows` hold the whole file's
rows (previews, detection, document imports); `lazy_table` checks the file in one pass that
keeps no rows and reads them again, one at a time, when asked (the contact imports).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ekko_tui.domain.csv_scan import MAX_FILE_BYTES as MAX_FILE_BYTES
from ekko_tui.domain.csv_scan import CsvSource, scan_csv
from ekko_tui.domain.csv_scan import ImportFileError as ImportFileError
from ekko_tui.domain.csv_scan import decode as decode
from ekko_tui.domain.csv_scan import detect_delimiter as detect_delimiter


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


@dataclass(frozen=True)
class RawRows:
    """A decoded CSV file as rows (1-based line, cells), before any header is chosen: for
    exports with a preamble or sections (Fiken reports, Zoom)."""

    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    encoding: str


def read_rows(data: bytes, *, keep: int | None = None) -> RawRows:
    """Decode and split a CSV export into non-empty rows; ImportFileError for a non-CSV.

    `keep`: check every row but keep only the first `keep` (enough to tell what a file is).
    """
    source = scan_csv(data)
    rows: list[tuple[int, tuple[str, ...]]] = []
    _raw_walk(source, rows, keep)
    return RawRows(tuple(rows), source.delimiter, source.encoding)


@dataclass(frozen=True)
class LazyRows:
    """A checked CSV export as `read_rows` gives it, its rows read again at each `rows()`:
    the first rows (`head`, to tell what the file is and find its header) and how many."""

    head: RawRows
    count: int  # every non-empty row
    source: CsvSource = field(repr=False)

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        for n, r in self.source.records():
            if any(c.strip() for c in r):
                yield n, tuple(c.strip().strip("\ufeff") for c in r)


def lazy_rows(data: bytes, keep: int) -> LazyRows:
    """Check a CSV export in one pass that keeps only its first `keep` non-empty rows."""
    source = scan_csv(data)
    head: list[tuple[int, tuple[str, ...]]] = []
    count = _raw_walk(source, head, keep)
    return LazyRows(RawRows(tuple(head), source.delimiter, source.encoding), count, source)


def _raw_walk(source: CsvSource, keep: list[tuple[int, tuple[str, ...]]], limit: int | None) -> int:
    """Read every record (the checks raise at the first bad one); the first `limit` non-empty
    rows go to `keep`; how many non-empty rows there are (ImportFileError when none)."""
    count = 0
    for n, r in source.records():
        if any(c.strip() for c in r):
            count += 1
            if limit is None or len(keep) < limit:
                keep.append((n, tuple(c.strip().strip("\ufeff") for c in r)))
    if not count:
        raise ImportFileError("The file is empty: there is nothing to import.")
    return count


def table_from(raw: RawRows, header_index: int) -> Table:
    """The table whose header is raw row `header_index` (the rows before it are preamble)."""
    _, header = raw.rows[header_index]
    return Table(header, raw.rows[header_index + 1 :], raw.delimiter, raw.encoding)


def read_table(data: bytes) -> Table:
    """Decode and split a CSV export; ImportFileError for anything that isn't one."""
    rows: list[tuple[int, tuple[str, ...]]] = []
    source = scan_csv(data)
    _, headers, _ = _walk(source, rows)
    return Table(headers, tuple(rows), source.delimiter, source.encoding)


@dataclass(frozen=True)
class LazyTable:
    """A checked CSV export whose rows are read again, one at a time, at each `rows()`:
    the header, how the file is read, and how many data rows it has."""

    headers: tuple[str, ...]
    delimiter: str
    encoding: str
    count: int  # the data rows (every non-blank line after the header)
    header_line: int
    source: CsvSource = field(repr=False)

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """The data rows as `read_table` gives them: (1-based line, stripped cells)."""
        records = self.source.records()
        for n, _ in records:
            if n == self.header_line:
                break
        for n, r in records:
            if r:
                yield n, tuple(c.strip() for c in r)


def lazy_table(data: bytes) -> LazyTable:
    """Check a CSV export in one pass that keeps no rows (ImportFileError as `read_table`)."""
    source = scan_csv(data)
    header_line, headers, count = _walk(source, None)
    return LazyTable(headers, source.delimiter, source.encoding, count, header_line, source)


def read_headers(data: bytes) -> tuple[str, ...]:
    """The column names of a CSV export, the whole file checked as `read_table` checks it,
    without holding its rows (for the column mapping and messages)."""
    return lazy_table(data).headers


def _walk(
    source: CsvSource, keep: list[tuple[int, tuple[str, ...]]] | None
) -> tuple[int, tuple[str, ...], int]:
    """Read every record (the checks raise at the first bad one), then check the header:
    (its line, the column names, the number of data rows); the data rows go to `keep`.

    The header is the first record with a value; blank lines are not rows, a line of empty
    values (`;;;`) is one."""
    header: list[str] | None = None
    header_line = count = 0
    for n, r in source.records():
        if header is None:
            if any(c.strip() for c in r):
                header, header_line = r, n
            continue
        if r:
            count += 1
            if keep is not None:
                keep.append((n, tuple(c.strip() for c in r)))
    if header is None:
        raise ImportFileError("The file is empty: there is nothing to import.")
    headers = tuple(h.strip().strip("\ufeff") for h in header)
    if len([h for h in headers if h]) < 1 or (len(headers) < 2 and not _looks_like_header(headers)):
        raise ImportFileError(
            "No columns found: the first line should name the columns (e.g. Email, Name). "
            "Is this really a CSV export? Nothing was imported."
        )
    return header_line, headers, count


def _looks_like_header(headers: tuple[str, ...]) -> bool:
    return any(norm_header(h) in EMAIL_HEADERS for h in headers)
