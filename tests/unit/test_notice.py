"""The privacy notice built from plain register data: every Art. 13/14 element, the gaps, the
cookie table, escaping, and HTML that an HTML5 parser accepts without errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import html5lib
import pytest

from ekko_tui.domain.notice import (
    Authority,
    CookieRule,
    Facts,
    NoticeCookie,
    NoticeInput,
    Table,
    build_notice,
    duration_text,
)
from ekko_tui.domain.register_entries import (
    ActivityFields,
    ControllerFields,
    CookieFields,
    parse_duration,
    validate_cookie,
)
from ekko_tui.domain.registers import ProcessorFields
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters.notice_text import md_escape, notice_html, notice_markdown

TODAY = date(2026, 11, 25)
CONTROLLER = ControllerFields(
    name="EKKO AS",
    org_nr="917884757",
    address="Trollstubben 9A",
    postcode="1535",
    city="Moss",
    country="NO",
    responsible="Lars Erik Echoldt",
    website="ipogs.no",
    email="post@ipogs.no",
)


def processor(key: str, name: str, country: str, safeguard: str, role: str = "processor"):
    return ProcessorFields(
        key=key, system=key, name=name, entity=name, role=role, org_nr="", country=country,
        service=f"{name} service", data_categories="", subject_categories="",
        dpa_status="signed", dpa_date=date(2025, 1, 1), dpa_link="", safeguard=safeguard,
        dpf_checked_on=date(2026, 1, 1) if safeguard == "dpf" else None, subprocessor_link="",
        subprocessors_checked_on=None, privacy_contact="", next_review=date(2027, 1, 1),
        sources="", note="",
    )  # fmt: skip


KAJABI = processor("kajabi", "Kajabi LLC", "US", "scc")
ZOOM = processor("zoom", "Zoom Video Communications, Inc.", "US", "dpf")
FIKEN = processor("fiken", "Fiken AS", "NO", "eea")
META = processor("meta", "Meta Platforms Ireland Ltd.", "IE", "dpf", "joint_controller")


def activity(key: str, name: str, bases: tuple[str, ...], **changes) -> ActivityFields:
    base = ActivityFields(
        key=key, name=name, purpose=f"Formålet med {name}", lawful_basis=bases,
        basis_note="", data_categories="navn, e-post", subject_categories="Kunder",
        recipients=(), retention=f"Lagres i 3 år ({name})", source="Kunden selv",
        security="",
    )  # fmt: skip
    return replace(base, **changes)


def cookie(key: str, name: str, **changes) -> NoticeCookie:
    f = CookieFields(
        key=key, name=name, provider="google", purpose="Statistikk", category="statistics",
        consent_required=True, service="Google Analytics", party="first", duration="2y",
        sources="",
    )  # fmt: skip
    f = replace(f, **changes)
    return NoticeCookie(f, "Google Ireland Ltd." if f.provider else "")


RULE = CookieRule(
    law_nb="lov om elektronisk kommunikasjon (ekomloven)",
    law_en="the Electronic Communications Act (ekomloven)",
    law_id="LOV-2024-12-13-76",
    in_force=date(2025, 1, 1),
    section="",
    section_verified=False,
    url="https://lovdata.no/dokument/NL/lov/2024-12-13-76",
)
AUTHORITY = Authority("Datatilsynet", "Postboks 458 Sentrum, 0105 Oslo", "www.datatilsynet.no")


def complete_input(**changes) -> NoticeInput:
    data = NoticeInput(
        controller=CONTROLLER,
        activities=(
            (
                activity(
                    "customers", "Kundekommunikasjon", ("b", "f"),
                    basis_note="å svare dem som skriver til oss",
                ),
                (KAJABI, ZOOM),
            ),
            (activity("bookkeeping", "Bokføring", ("c",)), (FIKEN,)),
            (activity("newsletter", "Nyhetsbrev", ("a",), source=""), (KAJABI, META)),
        ),
        cookies=(cookie("ga", "_ga"), cookie("login", "session", provider="", party="first",
                 category="necessary", consent_required=False, duration="session",
                 service="Innlogging")),
        rule=RULE,
        authority=AUTHORITY,
    )  # fmt: skip
    return replace(data, **changes)


def section(notice, n: int):
    return notice.sections[n]


def all_text(notice) -> str:
    return notice_markdown(notice)


def test_complete_registers_give_every_art_13_element() -> None:
    n = build_notice(complete_input(), TODAY)
    assert n.complete and n.gaps == ()
    headings = [s.heading for s in n.sections]
    assert headings == [
        "Behandlingsansvarlig",
        "Hva vi bruker opplysningene til, og grunnlaget",
        "Hvem vi deler opplysningene med",
        "Overføring til land utenfor EØS",
        "Hvor lenge vi lagrer opplysningene",
        "Dine rettigheter",
        "Automatiserte avgjørelser",
        "Informasjonskapsler (cookies)",
        "Endringer",
    ]
    controller = " ".join(b.text for b in section(n, 0).blocks)  # 13(1)(a)
    assert "EKKO AS (org.nr. 917884757), Trollstubben 9A, 1535 Moss" in controller
    assert "post@ipogs.no" in controller and "Lars Erik Echoldt" in controller
    facts = {b.title: dict(b.rows) for b in section(n, 1).blocks if isinstance(b, Facts)}
    customers = facts["Kundekommunikasjon"]
    assert "artikkel 6 nr. 1 bokstav b" in customers["Behandlingsgrunnlag"]
    assert "bokstav f" in customers["Behandlingsgrunnlag"]
    assert customers["Vår berettigede interesse"] == "å svare dem som skriver til oss"  # 13(1)(d)
    assert customers["Mottakere"] == "Kajabi LLC, Zoom Video Communications, Inc."  # 13(1)(e)
    assert customers["Opplysninger"] == "navn, e-post"  # 14(1)(d)
    assert customers["Hvor opplysningene kommer fra"] == "Kunden selv"  # 14(2)(f)
    assert "Nødvendig for å inngå og oppfylle avtalen" in customers["Må du gi oss opplysningene?"]
    assert "Vår berettigede interesse" not in facts["Bokføring"]
    assert "Lovpålagt" in facts["Bokføring"]["Må du gi oss opplysningene?"]  # 13(2)(e)
    assert "Frivillig" in facts["Nyhetsbrev"]["Må du gi oss opplysningene?"]
    recipients = next(b for b in section(n, 2).blocks if isinstance(b, Table))
    assert ("Meta Platforms Ireland Ltd.", "Felles behandlingsansvarlig", "Meta Platforms Ireland "
            "Ltd. service", "Irland") in recipients.rows  # fmt: skip
    transfers = section(n, 3).blocks[1].items  # 13(1)(f): each safeguard and how to get it
    assert len(transfers) == 3  # Kajabi, Meta (onward, DPF), Zoom; never Fiken
    kajabi = next(t for t in transfers if t.startswith("Kajabi LLC (USA)"))
    assert "2021/914" in kajabi and "kopi" in kajabi
    assert any("Zoom" in t and "2023/1795" in t and "dataprivacyframework" for t in transfers)
    retention = section(n, 4).blocks[1]  # 13(2)(a)
    assert ("Bokføring", "Lagres i 3 år (Bokføring)") in retention.rows
    rights = " ".join(section(n, 5).blocks[0].items)  # 13(2)(b)-(d)
    for article in ("15", "16", "17", "18", "20", "21", "7 nr. 3"):
        assert f"(artikkel {article})" in rights
    complaint = section(n, 5).blocks[-1].text
    assert "Datatilsynet, Postboks 458 Sentrum, 0105 Oslo" in complaint and "77" in complaint
    assert "én måned" in section(n, 5).blocks[1].text
    assert "artikkel 22" in section(n, 6).blocks[0].text  # 13(2)(f): none
    assert n.updated_line == "Sist oppdatert: 25. november 2026."


def test_cookie_declaration_table_and_rule() -> None:
    n = build_notice(complete_input(), TODAY)
    cookies = section(n, 7)
    rule = cookies.blocks[0].text
    assert "LOV-2024-12-13-76" in rule and "1. januar 2025" in rule
    assert "§" not in rule  # an unverified section number is never printed
    assert any("not verified" in w for w in n.warnings)
    assert any("no source recorded" in w for w in n.warnings)
    table = cookies.blocks[2]
    assert table.header == ("Navn", "Tjeneste og leverandør", "Part", "Formål", "Varighet",
                            "Kategori")  # fmt: skip
    assert table.rows[0] == (
        "_ga", "Google Analytics — Google Ireland Ltd.", "Førstepart", "Statistikk", "2 år",
        "Statistikk",
    )  # fmt: skip
    assert table.rows[1][1] == "Innlogging — ipogs.no selv"
    assert table.rows[1][4] == "Økten (slettes når nettleseren lukkes)"
    assert table.rows[1][5] == "Strengt nødvendig"
    verified = replace(RULE, section="3-15", section_verified=True)
    rule2 = build_notice(complete_input(rule=verified), TODAY).sections[7].blocks[0].text
    assert "(ekomloven) § 3-15 (LOV-2024-12-13-76)" in rule2


def test_english_notice() -> None:
    n = build_notice(complete_input(), TODAY, "en")
    assert n.title == "Privacy notice for ipogs.no"
    assert n.sections[7].blocks[2].rows[0][2:] == ("First party", "Statistikk", "2 years",
                                                   "Statistics")  # fmt: skip
    assert n.updated_line == "Last updated: 25 November 2026."
    assert "within one month" in notice_markdown(n)


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"controller": replace(CONTROLLER, email="")}, "controller", "contact e-mail"),
        (
            {"activities": ((activity("x", "Klager", ("b",), retention=""), ()),)},
            "activity",
            "retention",
        ),
        ({"activities": ((activity("x", "Klager", ()), ()),)}, "activity", "no legal basis"),
        (
            {"activities": ((activity("x", "Klager", ("f",)), ()),)},
            "activity",
            "interest is not stated",
        ),
        (
            {
                "activities": (
                    (activity("x", "Møter", ("b",)), (replace(ZOOM, safeguard="unknown"),)),
                )
            },
            "recipient",
            "without a known safeguard",
        ),
        (
            {"activities": ((activity("x", "Møter", ("b",)), (replace(FIKEN, country=""),)),)},
            "recipient",
            "country unknown",
        ),
        ({"cookies": (cookie("ga", "_ga", duration="unknown"),)}, "cookie", "duration unknown"),
        ({"cookies": (cookie("ig", "unknown"),)}, "cookie", "name is unknown"),
        ({"cookies": (cookie("ga", "_ga", party="unknown"),)}, "cookie", "third party unknown"),
    ],
)
def test_each_gap_is_named_and_marked(change, where, words) -> None:
    n = build_notice(complete_input(**change), TODAY)
    assert not n.complete
    assert [g.where for g in n.gaps] == [where]
    assert words in n.gaps[0].message
    text = notice_markdown(n)
    assert "UTKAST – ikke publiser" in text and "⚠ MANGLER:" in text


def test_content_hash_ignores_the_date_and_follows_the_content() -> None:
    a = build_notice(complete_input(), TODAY)
    b = build_notice(complete_input(), date(2027, 3, 1))
    assert a.content_hash == b.content_hash
    assert a.updated_line != b.updated_line
    changed = complete_input(cookies=(cookie("ga", "_ga", duration="13mo"),))
    assert build_notice(changed, TODAY).content_hash != a.content_hash
    assert build_notice(complete_input(), TODAY, "en").content_hash != a.content_hash


@pytest.mark.parametrize(
    ("code", "nb", "en"),
    [
        ("2y", "2 år", "2 years"),
        ("1y", "1 år", "1 year"),
        ("90d", "90 dager", "90 days"),
        ("1d", "1 dag", "1 day"),
        ("13mo", "13 måneder", "13 months"),
        ("30min", "30 minutter", "30 minutes"),
        ("24h", "24 timer", "24 hours"),
        ("unknown", "", ""),
    ],
)
def test_durations(code, nb, en) -> None:
    assert duration_text(code, "nb") == nb
    assert duration_text(code, "en") == en


def test_duration_and_cookie_validation() -> None:
    assert parse_duration(" 2 Y ") == "2y"
    assert parse_duration("") == "unknown"
    for bad in ("forever", "0d", "2 weeks", "-1y", "1.5y"):
        with pytest.raises(ValidationError) as exc:
            parse_duration(bad)
        assert exc.value.field == "duration"
    f = validate_cookie(
        {"name": "", "service": "Instagram", "category": "marketing", "consent_required": True},
        known_providers=set(),
    )
    assert (f.name, f.key, f.party, f.duration) == ("unknown", "instagram", "unknown", "unknown")
    with pytest.raises(ValidationError):
        validate_cookie({"name": "", "category": "necessary"}, known_providers=set())
    with pytest.raises(ValidationError):
        validate_cookie(
            {"name": "_x", "category": "necessary", "party": "second"}, known_providers=set()
        )


HOSTILE = '<script>alert("x")</script> & <b>fet</b> | *stjerne* _ga_ [lenke](http://x)'


def hostile_input() -> NoticeInput:
    act = activity("x", HOSTILE, ("b",), purpose=HOSTILE, source="ه RTL עברית 🍪")
    return complete_input(
        activities=((act, (replace(KAJABI, name=HOSTILE),)),),
        cookies=(cookie("ga", HOSTILE, purpose=HOSTILE),),
    )


def test_html_is_valid_self_contained_and_escapes_register_text() -> None:
    for lang in ("nb", "en"):
        for data in (complete_input(), hostile_input(), complete_input(controller=replace(
                CONTROLLER, email=""))):  # fmt: skip
            page = notice_html(build_notice(data, TODAY, lang))
            parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
            doc = parser.parse(page)  # raises on any parse error
            assert doc.find("head/title") is not None
            assert doc.get("lang") == lang
            assert "<script" not in page and "http-equiv" not in page
            assert "src=" not in page and "<link" not in page  # nothing fetched from outside
    page = notice_html(build_notice(hostile_input(), TODAY))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    tables = html5lib.parse(page, namespaceHTMLElements=False).findall(".//table")
    cookie_rows = tables[-1].findall("tbody/tr")
    assert "".join(cookie_rows[0].find("td").itertext()) == HOSTILE


def test_markdown_escapes_register_text() -> None:
    assert md_escape("a|b *c* <d>\nx") == r"a\|b \*c\* \<d\> x"
    text = notice_markdown(build_notice(hostile_input(), TODAY))
    assert "<script>" not in text and "\\<script\\>" in text
    table_lines = [line for line in text.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == table_lines[0].count(" | ") for line in table_lines[:2])


def test_pdf_prints_register_text_literally() -> None:
    import io

    from pypdf import PdfReader

    from ekko_tui.letters.notice_pdf import notice_bytes

    data = notice_bytes(build_notice(hostile_input(), TODAY), ".pdf", controller=CONTROLLER)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert '<script>alert("x")</script> & <b>fet</b>' in text
    assert data == notice_bytes(build_notice(hostile_input(), TODAY), ".pdf", controller=CONTROLLER)


def test_pdf_is_dated_the_day_the_notice_was_updated() -> None:
    import io

    from pypdf import PdfReader

    from ekko_tui.letters.notice_pdf import notice_bytes

    notice = build_notice(hostile_input(), TODAY)
    info = PdfReader(io.BytesIO(notice_bytes(notice, ".pdf", controller=CONTROLLER))).metadata
    assert info is not None and info.creation_date is not None
    assert info.creation_date.date() == notice.updated_on
    assert (info.title, info.author) == (notice.title, CONTROLLER.name)
