"""A fixed EKKO scenario (controller, processors, activities) for the letter content tests.

The app itself reads the registers from the database (ekko_tui.services.letter_context); this is a
hand-written copy so that the content tests assert exact sentences from a fixed input.
"""

from __future__ import annotations

from ekko_tui.letters.model import Activity, Controller, Recipient

EKKO_CONTROLLER = Controller(
    name="EKKO AS",
    org_number="917 884 757",
    address_lines=("Trollstubben 9A", "1535 Moss"),
    email="post@ipogs.no",
    website="ipogs.no",
    contact_person="Lars Erik Echoldt",
)

EKKO_RECIPIENTS: tuple[Recipient, ...] = (
    Recipient(
        "Domeneshop AS", "NO", "Nettsted og e-post (webhotell)", "eea",
        systems=("domeneshop",), key="domeneshop",
    ),
    Recipient(
        "Zoom Video Communications, Inc.", "US", "Nettmøter og kurs på video", "dpf",
        systems=("zoom",), key="zoom",
    ),
    Recipient(
        "Kajabi LLC", "US", "Kursplattform, medlemskap og nyhetsbrev", "scc",
        systems=("kajabi", "newsletter"), key="kajabi",
    ),
    Recipient("Fiken AS", "NO", "Regnskap og fakturering", "eea", systems=("fiken",), key="fiken"),
    Recipient(
        "Stripe Payments Europe, Ltd.", "IE", "Betalingsformidling", "dpf",
        systems=("stripe",), key="stripe", onward_entity="Stripe, Inc.", onward_country="US",
    ),
    Recipient(
        "Meta Platforms Ireland Ltd.", "IE",
        "Meldinger på Facebook og Instagram; Facebook Pixel på nettsiden", "dpf",
        systems=("meta",), role="joint_controller", key="meta",
        onward_entity="Meta Platforms, Inc.", onward_country="US",
    ),
    Recipient(
        "Google Ireland Limited", "IE", "Google Analytics og Google Ads på nettsiden", "dpf",
        systems=("google",), key="google", onward_entity="Google LLC", onward_country="US",
    ),
    Recipient(
        "Skatteetaten", "NO", "Kontroll av bokføringen", "eea",
        systems=("authorities",), role="authority", key="authorities",
    ),
    Recipient(
        "Rådgivere (kategori)", "", "Juridisk rådgivning", "unknown",
        systems=("advisers",), role="independent_controller", key="advisers",
        unnamed_reason="Vi bruker rådgivere bare når en bestemt sak krever det.",
    ),
)  # fmt: skip

EKKO_ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        purpose="Levere kurs og tjenester du har kjøpt, og gi deg tilgang til dem",
        basis_codes=("b",),
        basis="Avtale (artikkel 6 nr. 1 bokstav b)",
        data_categories=("navn", "e-post", "telefon", "kjøp", "innlogginger"),
        retention="Så lenge kundeforholdet varer, deretter inntil 12 måneder",
        recipients=("Kajabi LLC", "Zoom Video Communications, Inc."),
        source="Deg selv, da du registrerte deg eller kjøpte",
        systems=("kajabi", "zoom"),
    ),
    Activity(
        purpose="Ta imot betaling",
        basis_codes=("b",),
        basis="Avtale (artikkel 6 nr. 1 bokstav b)",
        data_categories=("navn", "e-post", "kortmerke og siste fire sifre", "beløp og tidspunkt"),
        retention="5 år etter utgangen av regnskapsåret (bokføringsloven § 13)",
        recipients=("Stripe Payments Europe, Ltd.",),
        source="Deg selv, og kortutstederen din gjennom Stripe",
        systems=("stripe",),
    ),
    Activity(
        purpose="Fakturere og føre regnskap",
        basis_codes=("c",),
        basis="Rettslig plikt (artikkel 6 nr. 1 bokstav c), bokføringsloven",
        data_categories=("navn", "adresse", "e-post", "fakturaer"),
        retention="5 år etter utgangen av regnskapsåret (bokføringsloven § 13)",
        recipients=("Fiken AS", "Skatteetaten"),
        source="Kunden, da du kjøpte",
        systems=("fiken",),
    ),
    Activity(
        purpose="Sende nyhetsbrev og tilbud",
        basis_codes=("a",),
        basis="Samtykke (artikkel 6 nr. 1 bokstav a)",
        data_categories=("navn", "e-post", "åpninger og klikk"),
        retention="Til du melder deg av eller trekker samtykket tilbake",
        recipients=("Kajabi LLC",),
        source="Deg selv, da du meldte deg på",
        systems=("newsletter",),
    ),
    Activity(
        purpose="Svare på henvendelser, klager og spørsmål om personvern",
        basis_codes=("c", "f"),
        basis="Rettslig plikt (artikkel 6 nr. 1 bokstav c) og berettiget interesse "
        "(artikkel 6 nr. 1 bokstav f)",
        data_categories=("navn", "kontaktopplysninger", "innholdet i henvendelsen"),
        retention="Til saken er avsluttet, deretter inntil 3 år for å dokumentere svaret",
        recipients=("Domeneshop AS", "Meta Platforms Ireland Ltd.", "Rådgivere (kategori)"),
        source="Den registrerte selv: da du tok kontakt",
        systems=("inbox",),
    ),
    Activity(
        purpose="Måle bruken av nettsiden og markedsføre kurs",
        basis_codes=("a",),
        basis="Samtykke (artikkel 6 nr. 1 bokstav a) gitt i informasjonskapselbanneret",
        data_categories=("nettleser- og enhetsopplysninger", "besøk og klikk på ipogs.no"),
        retention="Inntil 14 måneder",
        recipients=("Google Ireland Limited", "Meta Platforms Ireland Ltd."),
        source="Nettleseren din, da du besøkte ipogs.no",
        systems=("website",),
    ),
)
