"""Exact content of every letter kind, from the fixed scenario (data, before any PDF)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter, fields_for, letter_text
from ekko_tui.letters.model import Bullets, Heading, Holding, LetterError, Para, Table

from .scenario import CTX, NAME, REQUEST, TODAY, with_types

COMPLAINT = [
    Heading("Klage"),
    Para(
        "Hvis du mener at vi ikke har behandlet henvendelsen din eller personopplysningene dine "
        "i samsvar med regelverket, kan du klage til Datatilsynet (personvernforordningen "
        "artikkel 77):"
    ),
    Para("Datatilsynet\nPostboks 458 Sentrum\n0105 Oslo\nwww.datatilsynet.no"),
    Para("Du kan også bringe saken inn for de alminnelige domstolene (artikkel 79)."),
]
CONTACT = Para(
    "Har du spørsmål, kan du skrive til oss på post@ipogs.no eller til EKKO AS, Trollstubben "
    "9A, 1535 Moss. Oppgi referansen 2026-014."
)


def intro(asked: str) -> Para:
    return Para(
        f"Vi viser til henvendelsen din per e-post, mottatt 24. november 2026, der du ba om "
        f"{asked}."
    )


def tables(letter) -> list[Table]:
    return [b for b in letter.blocks if isinstance(b, Table)]


def headings(letter) -> list[str]:
    return [b.text for b in letter.blocks if isinstance(b, Heading)]


def test_access_letter_blocks_exactly() -> None:
    letter = build_letter("access", CTX, TODAY)
    assert letter.title == "Svar på begjæring om innsyn"
    assert letter.recipient_lines == (NAME, "Čáhcegeaidnu 12", "9730 Kárášjohka")
    assert letter.ref == "2026-014" and letter.date == TODAY
    assert letter.closing == ("Med vennlig hilsen", "EKKO AS", "", "Lars Erik Echoldt")
    assert letter.warnings == (
        "The request came electronically: send this answer electronically too (the PDF by "
        "e-mail), unless the subject asked for paper (Art. 12(3)).",
    )
    assert build_letter("access", with_types("access", channel="letter"), TODAY).warnings == ()
    assert headings(letter) == [
        "1. Opplysningene vi har om deg",
        "2. Hva vi bruker opplysningene til, og hvor lenge vi lagrer dem",
        "3. Hvem vi deler opplysningene med",
        "4. Hvor vi har opplysningene fra",
        "5. Automatiserte avgjørelser",
        "6. Dine rettigheter",
        "Klage",
    ]
    overview, copy, purposes, recipients = tables(letter)
    assert overview.rows == (
        (
            "Kajabi (kurs og medlemskap)",
            "Navn, e-post, telefon, kjøpte kurs, innlogginger",
            "48213",
            "14.03.2021",
            "02.10.2026",
        ),
        (
            "Stripe (betalinger)",
            "Navn, e-post, kortmerke og siste fire sifre, betalinger",
            "cus_Q4xZ8",
            "14.03.2021",
            "15.03.2025",
        ),
        (
            "Fiken (regnskap og fakturaer)",
            "Navn, adresse, e-post, fakturaer",
            "10057",
            "15.03.2021",
            "15.03.2025",
        ),
    )
    assert copy.columns == ("System", "Opplysning", "Innhold")
    assert len(copy.rows) == 13
    assert copy.rows[0] == ("Kajabi (kurs og medlemskap)", "Navn", NAME)
    assert copy.rows[-1] == (
        "Fiken (regnskap og fakturaer)",
        "Fakturaer",
        "1001 (15.03.2021), 1043 (15.03.2025)",
    )
    # (a), (b), (d): only the activities that use Kajabi, Stripe or Fiken.
    assert [r[0] for r in purposes.rows] == [
        "Levere kurs og tjenester du har kjøpt, og gi deg tilgang til dem",
        "Ta imot betaling",
        "Fakturere og føre regnskap",
    ]
    assert purposes.rows[2] == (
        "Fakturere og føre regnskap",
        "Rettslig plikt (artikkel 6 nr. 1 bokstav c), bokføringsloven",
        "Navn, adresse, e-post, fakturaer",
        "5 år etter utgangen av regnskapsåret (bokføringsloven § 13)",
    )
    # (c) and Art. 15(2): named recipients with country and safeguard.
    assert recipients.rows == (
        (
            "Zoom Video Communications, Inc.",
            "Nettmøter og kurs på video",
            "USA",
            "EU–US Data Privacy Framework (kommisjonens beslutning (EU) 2023/1795)",
        ),
        (
            "Kajabi LLC",
            "Kursplattform, medlemskap og nyhetsbrev",
            "USA",
            "Standard personvernbestemmelser (kommisjonens beslutning (EU) 2021/914)",
        ),
        ("Fiken AS", "Regnskap og fakturering", "Norge", "Innenfor EØS"),
        (
            "Stripe Payments Europe, Ltd.",
            "Betalingsformidling",
            "Irland",
            "Innenfor EØS; overføring til Stripe, Inc. i USA etter EU–US Data Privacy "
            "Framework (kommisjonens beslutning (EU) 2023/1795)",
        ),
    )
    blocks = list(letter.blocks)
    assert blocks[0] == intro("innsyn")
    assert (
        Para(
            "Zoom Video Communications, Inc. og Kajabi LLC holder til utenfor EØS. "
            "Overføringen dit bygger på grunnlaget som står i tabellen (artikkel 15 nr. 2 og "
            "artikkel 45 og 46). Du kan be om en kopi av garantiene."
        )
        in blocks
    )
    assert (
        Bullets(
            (
                "Deg selv, da du registrerte deg eller kjøpte",
                "Deg selv, og kortutstederen din gjennom Stripe",
                "Deg selv, da du kjøpte",
            )
        )
        in blocks
    )
    assert (
        Para(
            "Vi treffer ingen avgjørelser om deg som bygger utelukkende på automatisert "
            "behandling, heller ikke profilering (artikkel 15 nr. 1 bokstav h og artikkel 22)."
        )
        in blocks
    )
    rights = next(b for b in blocks if isinstance(b, Bullets) and "artikkel 16" in b.items[0])
    assert [item.rsplit("(", 1)[-1] for item in rights.items] == [
        "artikkel 16)",
        "artikkel 17)",
        "artikkel 18)",
        "artikkel 21)",
        "dataportabilitet, artikkel 20)",
        "artikkel 7 nr. 3)",
    ]
    assert blocks[-5:] == [CONTACT, *COMPLAINT]


def test_letters_never_cite_the_repealed_2000_act() -> None:
    for kind in LETTER_KINDS:
        texts = {"reasons": "x", "question": "x", "granted": "x", "changes": "x", "details": "x"}
        ctx = with_types("access", extended_deadline=date(2027, 2, 24))
        text = letter_text(build_letter(kind, ctx, TODAY, texts))
        assert "§ 18" not in text and "§ 27" not in text and "§ 28" not in text
        assert "personopplysningsloven" not in text
        assert "30 dager" not in text


def test_access_without_holdings_says_so() -> None:
    letter = build_letter("access", replace(CTX, holdings=()), TODAY)
    assert letter.title == "Svar på begjæring om innsyn: vi har ingen opplysninger om deg"
    assert letter.blocks[1] == Para(
        "Vi har søkt etter maret@example.no og +47 912 34 567 i alle systemene våre og fant "
        "ingen personopplysninger om deg hos EKKO AS utover selve henvendelsen din, som vi "
        "oppbevarer for å kunne dokumentere svaret (personvernforordningen artikkel 15)."
    )


def test_extension_notice() -> None:
    ctx = with_types("access", extended_deadline=date(2027, 2, 24), deadline=date(2027, 2, 24))
    reasons = "Vi må hente ut opplysninger fra fem systemer, og to av dem må Kajabi hjelpe oss med."
    letter = build_letter("extension", ctx, TODAY, {"reasons": reasons})
    assert letter.title == "Vi trenger mer tid til å svare deg"
    assert list(letter.blocks) == [
        intro("innsyn"),
        Para(
            "Etter personvernforordningen artikkel 12 nr. 3 skal vi svare deg innen én måned, "
            "det vil si senest torsdag 24. desember 2026. Når en henvendelse er sammensatt, "
            "eller vi har mange henvendelser, kan vi forlenge fristen med inntil to måneder. Da "
            "skal vi si fra til deg, med begrunnelse, før den første fristen går ut."
        ),
        Para("Vi forlenger fristen. Du får svar fra oss senest onsdag 24. februar 2027."),
        Heading("Hvorfor vi trenger mer tid"),
        Para("Henvendelsen din er sammensatt og krever mer arbeid enn vanlig."),
        Para(reasons),
        Para("Vi sender svaret så snart det er klart, og ikke senere enn den nye fristen."),
        CONTACT,
        *COMPLAINT,
    ]
    many = build_letter(
        "extension", ctx, TODAY, {"reasons": reasons, "reason_kind": "number_of_requests"}
    )
    assert Para("Vi har fått mange henvendelser samtidig.") in many.blocks


def test_extension_refused_after_the_first_deadline_and_without_reasons() -> None:
    ctx = with_types("access", extended_deadline=date(2027, 2, 24))
    # On the first deadline itself it is still allowed.
    build_letter("extension", ctx, date(2026, 12, 24), {"reasons": "Mange systemer."})
    with pytest.raises(LetterError, match="first deadline .* has passed") as late:
        build_letter("extension", ctx, date(2026, 12, 27), {"reasons": "Mange systemer."})
    assert late.value.field == "date"
    with pytest.raises(LetterError, match="The concrete reasons") as empty:
        build_letter("extension", ctx, TODAY, {"reasons": "   "})
    assert empty.value.field == "reasons"


def test_identity_and_clarification_questions() -> None:
    letter = build_letter("identity", CTX, TODAY)
    assert letter.title == "Vi trenger å bekrefte hvem du er"
    assert list(letter.blocks) == [
        intro("innsyn"),
        Para(
            "Før vi svarer, må vi være sikre på at henvendelsen kommer fra deg, slik at "
            "opplysningene ikke havner hos feil person (personvernforordningen artikkel 12 nr. 6)."
        ),
        Heading("Dette ber vi deg om"),
        Para(
            "Svar på dette brevet fra e-postadressen du er registrert med hos oss, eller oppgi "
            "kundenummeret ditt og hvilket kurs eller produkt du har kjøpt."
        ),
        Para(
            "Send oss ikke kopi av pass, førerkort eller annen legitimasjon. Vi spør bare om det "
            "vi trenger for å kjenne deg igjen, og vi tar ikke vare på kopier av legitimasjon."
        ),
        Para(
            "Fristen vår for å svare deg stopper fra i dag, 25. november 2026, til vi har fått "
            "svaret ditt. Når vi har fått det, løper fristen videre der den stoppet "
            "(personvernforordningen artikkel 12 nr. 6)."
        ),
        CONTACT,
    ]
    with pytest.raises(LetterError) as missing:
        build_letter("clarification", CTX, TODAY)
    assert missing.value.field == "question"
    clar = build_letter("clarification", CTX, TODAY, {"question": "Gjelder det kurs eller Zoom?"})
    assert Heading("Klage") not in clar.blocks  # a question, not an answer
    assert Para("Gjelder det kurs eller Zoom?") in clar.blocks
    assert Para("Ønsker du alt vi har om deg, holder det å svare nettopp det.") in clar.blocks


def test_refusal_and_partial_refusal() -> None:
    ctx = with_types("erasure")
    reasons = "Fakturaene må vi oppbevare etter bokføringsloven § 13."
    refusal = build_letter("refusal", ctx, TODAY, {"reasons": reasons})
    assert list(refusal.blocks) == [
        intro("sletting"),
        Para("Vi har vurdert henvendelsen og kommet til at vi ikke kan etterkomme den."),
        Heading("Begrunnelse"),
        Para(reasons),
        Para(
            "Vi skal begrunne et avslag og opplyse deg om at du kan klage "
            "(personvernforordningen artikkel 12 nr. 4)."
        ),
        CONTACT,
        *COMPLAINT,
    ]
    partial = build_letter(
        "partial_refusal", ctx, TODAY, {"reasons": reasons, "granted": "Vi sletter kontoen."}
    )
    assert partial.title == "Delvis avslag på henvendelsen din"
    assert headings(partial) == ["Dette gjør vi", "Dette kan vi ikke gjøre, og hvorfor", "Klage"]
    late = build_letter("refusal", ctx, date(2026, 12, 28), {"reasons": reasons})
    assert late.warnings and "after the deadline" in late.warnings[0]


def test_erasure_confirmation_keeps_accounting_records_until_the_right_date() -> None:
    letter = build_letter("erasure", with_types("erasure"), TODAY)
    assert letter.title == "Bekreftelse på sletting"
    erased, kept, notified = tables(letter)
    assert erased.rows == (
        ("Kajabi (kurs og medlemskap)", "Navn, e-post, telefon, kjøpte kurs, innlogginger"),
        (
            "Stripe (betalinger)",
            "Navn, e-post, kortmerke og siste fire sifre, betalinger (unntatt bilagene nedenfor)",
        ),
        (
            "Fiken (regnskap og fakturaer)",
            "Navn, adresse, e-post, fakturaer (unntatt bilagene nedenfor)",
        ),
    )
    primary = "Bokføringsloven § 13: primærdokumentasjon (5 år etter regnskapsårets slutt)"
    assert kept.rows == (
        ("Faktura 1043", "Fiken (regnskap og fakturaer)", "15.03.2025", "31.12.2030", primary),
        (
            "Avtale om kurs",
            "Fiken (regnskap og fakturaer)",
            "15.03.2025",
            "30.06.2029",
            "Bokføringsloven § 13: sekundærdokumentasjon (3 år og 6 måneder etter "
            "regnskapsårets slutt)",
        ),
        ("Betaling 15.03.2025", "Stripe (betalinger)", "15.03.2025", "31.12.2030", primary),
    )
    # Art. 19: who was told, and who is told now.
    assert notified.rows == (
        ("Kajabi LLC", "USA", "25.11.2026"),
        ("Stripe Payments Europe, Ltd.", "Irland", "25.11.2026"),
        ("Fiken AS", "Norge", "varsles nå"),
    )
    assert headings(letter) == [
        "Dette har vi slettet",
        "Dette må vi beholde",
        "Hvem vi har varslet",
        "Klage",
    ]


def test_erasure_without_records_or_recipients() -> None:
    ctx = replace(with_types("erasure"), kept_records=(), notifications=(), holdings=())
    letter = build_letter("erasure", ctx, TODAY)
    assert Para("Vi har ingen regnskapsopplysninger om deg som vi må beholde.") in letter.blocks
    assert (
        Para(
            "Opplysningene var ikke utlevert til andre mottakere som må varsles om slettingen "
            "(artikkel 19)."
        )
        in letter.blocks
    )


def test_rectification_restriction_objection() -> None:
    rect = build_letter(
        "rectification",
        with_types("rectification"),
        TODAY,
        {"changes": "Adressen er endret til Storgata 5, 1531 Moss i Fiken."},
    )
    assert list(rect.blocks[:3]) == [
        intro("retting"),
        Para(
            "Vi har rettet opplysningene om deg slik du ba om (personvernforordningen "
            "artikkel 16). Dette har vi endret:"
        ),
        Para("Adressen er endret til Storgata 5, 1531 Moss i Fiken."),
    ]
    assert "Hvem vi har varslet" in headings(rect)
    restr = build_letter("restriction", with_types("restriction"), TODAY, {"details": "Alt."})
    assert Para("Vi gir deg beskjed før begrensningen blir opphevet (artikkel 18 nr. 3).") in (
        restr.blocks
    )
    obj = build_letter("objection", with_types("objection", "withdraw_consent"), TODAY)
    assert obj.blocks[0] == intro(
        "å protestere mot behandlingen og å trekke tilbake samtykket ditt"
    )
    assert obj.blocks[1] == Para(
        "Vi har tatt protesten din til følge. Vi har sluttet å bruke opplysningene om deg til "
        "markedsføring, og du er fjernet fra nyhetsbrevet og andre utsendelser "
        "(personvernforordningen artikkel 21 nr. 2 og 3)."
    )
    assert (
        Para(
            "At du har trukket tilbake samtykket, påvirker ikke lovligheten av behandlingen før du "
            "gjorde det (artikkel 7 nr. 3)."
        )
        in obj.blocks
    )


def test_portability_covering_letter() -> None:
    letter = build_letter("portability", with_types("portability"), TODAY)
    assert letter.attachments == ("EKKO-2026-014-dataportabilitet.zip",)
    contents, files = tables(letter)
    # Fiken is kept under a legal duty: not portable.
    assert contents.rows == (
        ("Kajabi (kurs og medlemskap)", "Navn, e-post, telefon, kjøpte kurs, innlogginger"),
        ("Stripe (betalinger)", "Navn, e-post, kortmerke og siste fire sifre, betalinger"),
    )
    assert [r[0] for r in files.rows] == ["data.json", "data.csv"]
    assert Para("Filen EKKO-2026-014-dataportabilitet.zip inneholder:") in letter.blocks


def test_free_fields_and_defaults() -> None:
    keys = {k: [f.key for f in fields_for(k, CTX)] for k in LETTER_KINDS}
    assert keys["access"] == ["address", "note"]
    assert keys["extension"] == ["address", "reason_kind", "reasons", "note"]
    assert keys["partial_refusal"] == ["address", "granted", "reasons", "note"]
    ctx = replace(CTX, request=replace(REQUEST, outcome_note="Fordi loven sier det."))
    refusal = build_letter("refusal", ctx, TODAY)
    assert Para("Fordi loven sier det.") in refusal.blocks
    with pytest.raises(LetterError, match="Unknown letter kind"):
        build_letter("poem", CTX, TODAY)
    with pytest.raises(LetterError, match="Choose one of"):
        build_letter(
            "extension",
            with_types("access", extended_deadline=date(2027, 2, 24)),
            TODAY,
            {"reasons": "x", "reason_kind": "effort"},
        )


def test_user_text_is_kept_as_typed() -> None:
    note = "Se <b>vedlegg</b> & <img src=x>\nNy linje"
    letter = build_letter(
        "access", CTX, TODAY, {"note": note, "address": "  Gate 1 \n\n 0150 Oslo "}
    )
    assert Para(note) in letter.blocks
    assert letter.recipient_lines == (NAME, "Gate 1", "0150 Oslo")
    by_post = with_types("access", channel="letter")
    no_address = build_letter("access", by_post, TODAY, {"address": ""})
    assert no_address.recipient_lines == (NAME,)
    assert no_address.warnings == (
        "No postal address: the envelope window will show the name only.",
    )


def test_erasure_keeps_the_request_record_and_does_not_claim_it_erased() -> None:
    inbox = Holding(
        system="inbox",
        categories=("navn", "kontaktopplysninger", "henvendelsen din"),
        external_id="2026-014",
    )
    ctx = replace(with_types("erasure"), holdings=(inbox,), kept_records=(), notifications=())
    letter = build_letter("erasure", ctx, TODAY)
    assert Para("Vi fant ingen opplysninger om deg som kunne slettes.") in letter.blocks
    assert (
        Para(
            "Henvendelsen din og dette svaret beholder vi, slik at vi kan dokumentere at vi har "
            "behandlet saken (artikkel 5 nr. 2 og artikkel 17 nr. 3 bokstav e). Vi bruker dem ikke "
            "til noe annet."
        )
        in letter.blocks
    )
    assert not tables(letter)  # Domeneshop (which hosts the mail) is not told to erase it
