"""Reading an export a piece at a time (issue 15) gives exactly what reading it whole gave:
the same rows, and for a bad file the same refusal with the same line.

The oracle is the reader as it was before streaming (decode the whole text, `csv.reader` over
it, the same quote checks): `read_table` must agree with it on every file, also when the text
is decoded in pieces of a few bytes (so a piece boundary falls inside a CRLF, a multi-byte
letter, a quoted value and the first 20 lines that choose the delimiter).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekko_tui.domain import csv_scan
from ekko_tui.domain.csv_files import (
    Table,
    _looks_like_header,
    lazy_table,
    read_headers,
    read_rows,
    read_table,
)
from ekko_tui.domain.csv_scan import (
    ImportFileError,
    _check_kind,
    _check_quotes,
    decode,
    detect_delimiter,
)
from ekko_tui.domain.document_imports import detect_kind
from ekko_tui.domain.export_formats import ParsedExport, ParsedRow, SkippedRow
from ekko_tui.domain.imports import parse_export, stream_export

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"
HEADER = "Email,Name,Phone\n"
ROW = "ase{n}@example.no,Åse Ødegård {n},+4791234{n:03d}\n"


def oracle(data: bytes) -> Table:
    """The eager reader as it was before issue 15 (ImportFileError as it raised them)."""
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
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        ends_quoted = text.rstrip("\r\n").endswith('"')
        for record in reader:
            records.append((first_line, record))
            if not header_row and any(c.strip() for c in record):
                header_row = record
            unclosed = reader.line_num >= last_line and not ends_quoted
            # Issue 15 added `or unclosed`: a quote left open on the last line is refused too.
            if reader.line_num > first_line or unclosed:
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
    numbered = [(n, r) for n, r in records if any(c.strip() for c in r) or r]
    while numbered and not any(c.strip() for c in numbered[0][1]):
        numbered.pop(0)
    if not numbered:
        raise ImportFileError("The file is empty: there is nothing to import.")
    headers = tuple(h.strip().strip("\ufeff") for h in numbered[0][1])
    if len([h for h in headers if h]) < 1 or (len(headers) < 2 and not _looks_like_header(headers)):
        raise ImportFileError(
            "No columns found: the first line should name the columns (e.g. Email, Name). "
            "Is this really a CSV export? Nothing was imported."
        )
    rows = tuple((n, tuple(c.strip() for c in r)) for n, r in numbered[1:])
    return Table(headers, rows, delimiter, encoding)


def outcome(read, data: bytes) -> object:
    """What a reader makes of `data`: its table, or its refusal."""
    try:
        result = read(data)
    except ImportFileError as exc:
        return ("refused", str(exc))
    found = result.rows() if callable(result.rows) else result.rows
    return result.headers, list(found), result.delimiter, result.encoding


def rows(count: int) -> str:
    return "".join(ROW.format(n=n) for n in range(1, count + 1))


CASES = {
    "plain": (HEADER + rows(30)).encode(),
    "crlf": (HEADER + rows(30)).replace("\n", "\r\n").encode(),
    "mac": (HEADER + rows(5)).replace("\n", "\r").encode(),
    "bom": b"\xef\xbb\xbf" + (HEADER + rows(5)).encode(),
    "utf16": (HEADER + rows(25)).encode("utf-16"),
    "utf16-be": b"\xfe\xff" + (HEADER + rows(4)).encode("utf-16-be"),
    "cp1252": ("Navn;E-post\r\n" + "Åse Ås;ase@example.no\r\n" * 30).encode("cp1252"),
    "tabs-after-21-lines": ("a\tb\n" * 25 + "x,y,z,w\n" * 5).encode(),
    "blank-start": ("\n\n ,  ,\n" + HEADER + rows(3) + "\n\n,,\n").encode(),
    "leading-spaces-then-json": (" " * 300 + '[{"email": "a@b.no"}]').encode(),
    "multiline-value": (
        'Email,Name,Address\nase@example.no,Åse,"Storgata 5\n1531 Moss"\nola@x.no,Ola,Moss\n'
    ).encode(),
    "quote-on-the-last-line": (HEADER + rows(40) + '"kari@example.no,Kari,+4790000000\n').encode(),
    "quote-closed-later": (
        HEADER + rows(3) + 'x@example.no,"Åse,1\n' + rows(3) + 'y@example.no,Ola",2\n'
    ).encode(),
    "quote-runs-over-field-limit": (HEADER + '"a,' + "x" * 200_000 + "\n" + rows(2)).encode(),
    "no-final-newline-quoted": (HEADER + rows(3) + 'a@b.no,"Kari",1').encode(),
    "nul-late": (HEADER + rows(30) + "a@b.no,\x00,1\n").encode(),
    "only-header": HEADER.encode(),
    "one-column-no-header": b"just some words\nin a text file\n",
    "stray-byte": (HEADER + rows(10)).encode().replace(b"example", b"ex\x92ample", 1),
}


@pytest.mark.parametrize("piece", [1, 3, 7, 1 << 16])
@pytest.mark.parametrize("name", sorted(CASES))
def test_read_table_agrees_with_the_whole_file_reader(monkeypatch, name: str, piece: int) -> None:
    data = CASES[name]
    expected = outcome(oracle, data)
    monkeypatch.setattr(csv_scan, "_PIECE", piece)
    assert outcome(read_table, data) == expected
    assert outcome(lazy_table, data) == expected
    if expected[0] != "refused":  # type: ignore[index]
        table = lazy_table(data)
        assert table.count == len(expected[1])  # type: ignore[index]
        assert list(table.rows()) == expected[1]  # type: ignore[index]  # read again: the same
        assert read_headers(data) == expected[0]  # type: ignore[index]


@given(
    st.lists(
        st.text(alphabet='ab,;\t"\r\n æ€', max_size=12),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    st.sampled_from([1, 2, 5]),
)
def test_any_text_reads_as_the_whole_file_reader_reads_it(
    lines: list[str], encoding: str, piece: int
) -> None:
    data = ("Email,Name\n" + "\n".join(lines)).encode(encoding)
    expected = outcome(oracle, data)
    old = csv_scan._PIECE
    csv_scan._PIECE = piece
    try:
        assert outcome(read_table, data) == expected
    finally:
        csv_scan._PIECE = old


def test_detection_checks_the_whole_file_but_keeps_only_its_first_rows() -> None:
    data = (HEADER + rows(500)).encode()
    assert len(read_rows(data, keep=40).rows) == 40
    assert len(read_rows(data).rows) == 501
    assert detect_kind(data) == detect_kind(data[: len(HEADER) + 10 * len(ROW)])
    bad = data + b'"kari@example.no,Kari,+4790000000\n'  # a quote left open on the last line
    with pytest.raises(ImportFileError, match="Line 502:"):
        detect_kind(bad)


def _plain(items) -> list[ParsedRow | SkippedRow]:
    """Rows comparable by value (a row's fields are made when iterated)."""
    return [replace(i, fields=tuple(i.fields)) if isinstance(i, ParsedRow) else i for i in items]


def _file_order(parsed) -> list[ParsedRow | SkippedRow]:
    return _plain(sorted([*parsed.rows, *parsed.skipped], key=lambda r: r.line))


SAMPLES = [
    ("kajabi", "kajabi_contacts.csv"),
    ("stripe", "stripe_unified_customers.csv"),
    ("stripe", "stripe_customers_default.csv"),
    ("fiken", "fiken_kunder.csv"),
    ("newsletter", "newsletter_mailchimp.tsv"),
    ("csv", "kunder_generisk.csv"),
]


@pytest.mark.parametrize(("kind", "name"), SAMPLES)
def test_a_streamed_export_gives_the_parsed_rows_in_file_order(kind: str, name: str) -> None:
    data = (EXPORTS / name).read_bytes()
    mapping = (
        {"email": "E-post adresse", "name": "Kunde", "phone": "Mobil"} if kind == "csv" else None
    )
    parsed = parse_export(kind, data, mapping)
    streamed = stream_export(kind, data, mapping)
    assert (streamed.system, streamed.encoding, streamed.delimiter, streamed.detail) == (
        parsed.system,
        parsed.table.encoding,
        parsed.table.delimiter,
        parsed.detail,
    )
    assert streamed.count == parsed.count == len(parsed.rows) + len(parsed.skipped)
    assert _plain(streamed.items()) == _file_order(parsed)
    assert _plain(streamed.items()) == _file_order(parsed)  # a second pass: the same rows


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("newsletter", CASES["quote-on-the-last-line"]),
        ("newsletter", CASES["nul-late"]),
        ("newsletter", CASES["only-header"]),
        ("newsletter", b"Navn;Telefon\nOla;91234567\n"),
        ("stripe", b"Email,Name\nola@example.no,Ola\n"),
        ("kajabi", (EXPORTS / "stripe_unified_customers.csv").read_bytes()),
        ("csv", b"Kunde,Epost\nOla,ola@example.no\n"),
        ("nonsense", HEADER.encode()),
        ("newsletter", b"PK\x03\x04 an xlsx"),
        ("newsletter", b""),
    ],
)
def test_a_streamed_export_is_refused_as_the_parsed_one_is(kind: str, data: bytes) -> None:
    with pytest.raises(ImportFileError) as parsed:
        parse_export(kind, data)
    with pytest.raises(ImportFileError) as streamed:
        stream_export(kind, data)
    assert str(streamed.value) == str(parsed.value)


def _documents_plain(items) -> list[object]:
    """Rows with their documents comparable by value (fields are made when iterated)."""
    return [
        replace(
            i,
            fields=tuple(i.fields),
            documents=tuple(replace(d, fields=tuple(d.fields)) for d in i.documents),
        )
        if isinstance(i, ParsedRow)
        else i
        for i in items
    ]


def _document_samples() -> list[tuple[str, bytes]]:
    from tests import document_samples as S

    return [
        (
            "stripe-payments",
            S.stripe_payments(
                S.STRIPE_PAID, S.STRIPE_PARTIAL_REFUND, S.STRIPE_GUEST, S.STRIPE_FAILED
            ),
        ),
        ("kajabi-transactions", S.kajabi_transactions(S.KAJABI_CHARGE, S.KAJABI_REFUND)),
        ("fiken-invoices", S.fiken_invoices(S.FIKEN_INVOICE, S.FIKEN_CREDIT, S.FIKEN_SUM)),
        ("fiken-invoices", S.fiken_invoices(S.FIKEN_INVOICE, preamble=False, encoding="utf-8")),
        ("mailchimp", S.MAILCHIMP.encode()),
    ]


@pytest.mark.parametrize("case", range(5))
def test_a_streamed_document_export_gives_the_parsed_rows(case: int) -> None:
    kind, data = _document_samples()[case]
    parsed = parse_export(kind, data)
    streamed = stream_export(kind, data)
    assert not isinstance(streamed, ParsedExport)
    assert (streamed.system, streamed.encoding, streamed.delimiter, streamed.detail) == (
        parsed.system,
        parsed.table.encoding,
        parsed.table.delimiter,
        parsed.detail,
    )
    assert streamed.count == parsed.count
    expected = _documents_plain(sorted([*parsed.rows, *parsed.skipped], key=lambda r: r.line))
    assert _documents_plain(streamed.items()) == expected
    assert _documents_plain(streamed.items()) == expected  # a second pass: the same rows


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("stripe-payments", b"id,Amount\nch_1,1\n"),  # no customer column
        ("fiken-invoices", "Dato;Kunde;Beløp\n1.1.2024;A;1\n".encode()),
        ("kajabi-transactions", b""),
        ("mailchimp", b"Email Address,First Name\n"),  # column names but no rows
        ("stripe-payments", (EXPORTS / "kajabi_contacts.csv").read_bytes()),
    ],
)
def test_a_streamed_document_export_is_refused_as_the_parsed_one_is(kind, data) -> None:
    with pytest.raises(ImportFileError) as parsed:
        parse_export(kind, data)
    with pytest.raises(ImportFileError) as streamed:
        stream_export(kind, data)
    assert str(streamed.value) == str(parsed.value)


def test_a_zoom_report_is_still_read_whole() -> None:
    from tests import document_samples as S

    data = S.ZOOM_WEBINAR.encode()
    export = stream_export("zoom", data)
    parsed = parse_export("zoom", data)
    assert isinstance(export, ParsedExport)
    assert export.count == parsed.count > 0
    assert list(export.items()) == [*export.rows, *export.skipped]


@pytest.mark.parametrize(
    ("data", "empty"),
    [
        (b"", True),
        (b"\xef\xbb\xbf \r\n\t\x00\n", True),
        (b"\n\n x\n", False),  # one letter: not empty (refused for another reason)
        (b"\xef\xbb\xbfEmail\n", False),
    ],
)
def test_an_empty_file_is_told_from_one_with_a_letter(data: bytes, empty: bool) -> None:
    with pytest.raises(ImportFileError) as refused:
        stream_export("newsletter", data)
    assert ("The file is empty" in str(refused.value)) is empty


def test_checking_a_file_copies_none_of_it() -> None:
    """The checking pass holds no copy of the file (the bytes, their text, their rows)."""
    import tracemalloc

    data = (HEADER + rows(100_000)).encode()  # 5 MB
    tracemalloc.start()
    try:
        export = stream_export("newsletter", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert export.count == 100_000
    assert peak < len(data) / 4, (peak, len(data))
