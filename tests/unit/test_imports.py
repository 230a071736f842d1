"""Parsing real export files (headers as the systems write them) and refusing bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekko_tui.domain.imports import (
    MAX_FILE_BYTES,
    ImportFileError,
    guess_mapping,
    identify_export,
    parse_export,
    parse_mapping,
    read_table,
)

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"


def _read(name: str) -> bytes:
    return (EXPORTS / name).read_bytes()


def test_kajabi_contacts() -> None:
    parsed = parse_export("kajabi", _read("kajabi_contacts.csv"))
    assert parsed.system == "kajabi"
    assert (parsed.table.delimiter, parsed.table.encoding) == (",", "utf-8")
    first = parsed.rows[0]
    assert first.names == ("Bjørn Tore Håland",)  # Name keeps the middle name
    assert first.emails == ("bjorn.haland@example.no",)
    assert first.phones == ("+4791234567",)
    assert first.external_ids == ("2234567", "998877")  # contact ID, member ID
    assert set(first.categories) >= {
        "address",
        "purchases (products)",
        "tags",
        "login activity",
        "form answers",
    }
    # Phone found by its form-field key although the label is Norwegian.
    assert parsed.rows[1].phones == ("+4798765432",)
    assert parsed.rows[2].phones == ("+4793322110",)
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (5, "'kari@@example.no' is not an e-mail address (it needs exactly one @)")
    ]


def test_stripe_customers_all_columns() -> None:
    parsed = parse_export("stripe", _read("stripe_unified_customers.csv"))
    by_line = {r.line: r for r in parsed.rows}
    bjorn = by_line[2]
    assert bjorn.external_ids == ("cus_P1aB2cD3eF4gH5",)
    assert "payment card (brand/last 4/expiry)" in bjorn.categories
    assert "payments" in bjorn.categories
    assert by_line[3].phones == ("+4741555666",)  # from the `phone (metadata)` column
    phone_only = by_line[4]
    assert phone_only.names == () and phone_only.phones == ("+4790011222",)  # phone in Name
    guest = by_line[5]
    assert guest.external_ids == () and guest.emails == ("gjest@example.no",)
    assert by_line[6].organisation  # has a business VAT id
    assert parsed.skipped == ()


def test_stripe_default_export_has_fewer_columns() -> None:
    parsed = parse_export("stripe", _read("stripe_customers_default.csv"))
    assert parsed.rows[0].external_ids == ("cus_P1aB2cD3eF4gH5",)


def test_fiken_semicolon_cp1252_surname_first() -> None:
    parsed = parse_export("fiken", _read("fiken_kunder.csv"))
    assert (parsed.table.delimiter, parsed.table.encoding) == (";", "cp1252")
    by_line = {r.line: r for r in parsed.rows}
    assert by_line[2].names == ("Bjørn Håland",)
    assert by_line[2].phones == ("+4791234567",)  # Excel dropped the "+"
    assert by_line[2].external_ids == ("10001",)
    assert by_line[3].phones == ("+4793322110",)
    org = by_line[4]
    assert org.organisation and org.names == ("EKKO Bedrift AS",)
    ero = by_line[5]
    assert ero.names == ("Ærø Hansen",) and ero.phones == ()
    assert "scientific notation" in ero.notes[0]
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (6, "empty row"),
        (7, "only a name: no e-mail, phone or id to tell who it is"),
        (8, "'lise@@example.no' is not an e-mail address (it needs exactly one @)"),
    ]


def test_newsletter_tab_separated_utf8_bom() -> None:
    parsed = parse_export("newsletter", _read("newsletter_mailchimp.tsv"))
    assert (parsed.table.delimiter, parsed.table.encoding) == ("\t", "utf-8-sig")
    assert parsed.table.headers[0] == "Email Address"
    assert [r.emails for r in parsed.rows] == [
        ("ase.bjornstad@example.no",),
        ("ny.adresse@example.no",),
        ("kari.nordmann@example.no",),  # spaces and a zero-width space removed
    ]
    assert parsed.rows[1].names == ("Bjørn Tore Håland",)


def test_generic_csv_with_mapping() -> None:
    mapping = parse_mapping("name=Kunde, email=E-post adresse,phone=Mobil,birth_date=Fødselsdato")
    parsed = parse_export("csv", _read("kunder_generisk.csv"), mapping)
    assert parsed.system == "other"
    marit, lars = parsed.rows
    assert (marit.names, marit.phones, marit.birth_date) == (
        ("Marit Ås",),
        ("+4793322119",),
        "1985-03-14",
    )
    assert lars.phones == ("+4798765431",) and lars.birth_date == ""
    assert "1990-02-30" in lars.notes[0]


def test_generic_csv_mapping_errors() -> None:
    data = _read("kunder_generisk.csv")
    with pytest.raises(ImportFileError, match="needs a column mapping"):
        parse_export("csv", data)
    with pytest.raises(ImportFileError, match="'Epost'.*does not have"):
        parse_export("csv", data, {"email": "Epost"})
    with pytest.raises(ImportFileError, match="at least one of e-mail, phone or id"):
        parse_export("csv", data, {"name": "Kunde"})
    with pytest.raises(ImportFileError, match="unknown field 'mail'"):
        parse_mapping("mail=E-post")
    with pytest.raises(ImportFileError, match="FIELD=Column"):
        parse_mapping("email")


def test_guess_mapping_finds_obvious_columns() -> None:
    headers = ("Kundenummer", "Fornavn", "Etternavn", "E-post", "Mobil")
    assert guess_mapping(headers) == {
        "first_name": "Fornavn",
        "last_name": "Etternavn",
        "email": "E-post",
        "phone": "Mobil",
        "external_id": "Kundenummer",
    }


@pytest.mark.parametrize(
    ("name", "kind", "found"),
    [
        ("stripe_unified_customers.csv", "kajabi", "Stripe customers export"),
        ("kajabi_contacts.csv", "stripe", "Kajabi contacts export"),
        ("fiken_kunder.csv", "newsletter", None),
        ("fiken_kunder.csv", "kajabi", "Fiken customers"),
    ],
)
def test_wrong_system_is_named(name: str, kind: str, found: str | None) -> None:
    data = _read(name)
    if found is None:  # a newsletter list may be anything with an e-mail column
        assert parse_export(kind, data).rows
        return
    with pytest.raises(ImportFileError, match=f"looks like a {found}.*Nothing was imported"):
        parse_export(kind, data)


def test_identify_export() -> None:
    assert identify_export(read_table(_read("kajabi_contacts.csv")).headers) == "kajabi"
    assert identify_export(read_table(_read("stripe_unified_customers.csv")).headers) == "stripe"
    assert identify_export(read_table(_read("fiken_kunder.csv")).headers) == "fiken"
    assert identify_export(("Email", "Name")) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n", "empty"),
        (b"\xef\xbb\xbf", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel"),
        (b"%PDF-1.7\n%binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00\x01\x02\x03binary", "binary file"),
        (b"\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),
        (b"Email,Name\n", "no rows"),
        (b'[{"email": "ola@example.no"}]', "JSON"),
        (b"<!DOCTYPE html><html><body>Login</body></html>", "web page"),
        (b'<?xml version="1.0"?><contacts/>', "XML"),
        (b"just some words\nin a text file\n", "No columns found"),
        (b"Navn;Telefon\nOla;91234567\n", "no e-mail column"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        parse_export("newsletter", data)


def test_stripe_without_its_columns() -> None:
    with pytest.raises(ImportFileError, match="does not look like a Stripe customers export"):
        parse_export("stripe", b"Email,Name\nola@example.no,Ola\n")


def test_file_over_50_mb_is_refused_before_parsing() -> None:
    data = b"Email\n" + b"x" * (MAX_FILE_BYTES + 1)
    with pytest.raises(ImportFileError, match="the limit is 50 MB"):
        read_table(data)


def test_excel_empty_formatted_rows_and_crlf() -> None:
    data = "Navn;E-post\r\nÅse;ase@example.no\r\n;\r\n;;;\r\n".encode("cp1252")
    parsed = parse_export("fiken", data)
    assert [r.emails for r in parsed.rows] == [("ase@example.no",)]
    assert [s.reason for s in parsed.skipped] == ["empty row", "empty row"]


def test_quoted_fields_with_the_delimiter_inside() -> None:
    data = b'Email,Name,Tags\nola@example.no,"Nordmann, Ola","a, b"\n'
    parsed = parse_export("newsletter", data)
    assert parsed.rows[0].names == ("Nordmann, Ola",)


def test_excel_unicode_text_utf16_tab() -> None:
    text = "E-post\tNavn\r\nåse@example.no\tÅse Ås\r\n"
    parsed = parse_export("newsletter", b"\xff\xfe" + text.encode("utf-16-le"))
    assert (parsed.table.delimiter, parsed.table.encoding) == ("\t", "utf-16")
    assert parsed.rows[0].names == ("Åse Ås",)
    assert parsed.rows[0].emails == ("åse@example.no",)  # internationalised addresses exist


def test_mac_line_endings_and_single_column_list() -> None:
    parsed = parse_export("newsletter", b"Email\rola@example.no\rkari@example.no\r")
    assert [r.emails for r in parsed.rows] == [("ola@example.no",), ("kari@example.no",)]
