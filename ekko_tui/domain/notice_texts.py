"""The privacy notice's sentences in bokmål and English, as data. Pure: no database, no clock.

Every sentence cites the GDPR or the law in force; nothing here may cite the repealed
personopplysningsloven of 2000 or ekomloven 2003 (a test scans every generated document).
"""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.notice_sentences import T as T  # the sentences themselves

LANGS = ("nb", "en")

MONTHS = {
    "nb": (
        "januar", "februar", "mars", "april", "mai", "juni",
        "juli", "august", "september", "oktober", "november", "desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def long_date(d: date, lang: str) -> str:
    """`7. oktober 2019` / `7 October 2019`."""
    month = MONTHS[lang][d.month - 1]
    return f"{d.day}. {month} {d.year}" if lang == "nb" else f"{d.day} {month} {d.year}"


BASES = {
    "nb": {
        "a": "samtykke (personvernforordningen artikkel 6 nr. 1 bokstav a)",
        "b": "avtale (artikkel 6 nr. 1 bokstav b)",
        "c": "rettslig forpliktelse (artikkel 6 nr. 1 bokstav c)",
        "d": "vitale interesser (artikkel 6 nr. 1 bokstav d)",
        "e": "allmennhetens interesse eller offentlig myndighet (artikkel 6 nr. 1 bokstav e)",
        "f": "berettiget interesse (artikkel 6 nr. 1 bokstav f)",
    },
    "en": {
        "a": "consent (GDPR Article 6(1)(a))",
        "b": "contract (Article 6(1)(b))",
        "c": "legal obligation (Article 6(1)(c))",
        "d": "vital interests (Article 6(1)(d))",
        "e": "public interest or official authority (Article 6(1)(e))",
        "f": "legitimate interests (Article 6(1)(f))",
    },
}

# 13(2)(e): whether giving the data is required, and what follows if not, per basis.
REQUIRED = {
    "nb": {
        "a": "Frivillig. Sier du nei, eller trekker du samtykket tilbake, får du ikke dette, "
        "men det har ingen andre følger.",
        "b": "Nødvendig for å inngå og oppfylle avtalen. Uten opplysningene kan vi ikke levere "
        "det du bestiller eller ber om.",
        "c": "Lovpålagt: vi må behandle opplysningene for å oppfylle en plikt i loven.",
        "d": "Nødvendig for å verne noens vitale interesser.",
        "e": "Nødvendig for en oppgave i allmennhetens interesse.",
        "f": "Ikke krevd av lov eller avtale. Du kan protestere mot behandlingen (artikkel 21).",
    },
    "en": {
        "a": "Voluntary. If you say no, or withdraw your consent, you do not get this, with "
        "no other consequence.",
        "b": "Needed to enter into and perform the contract. Without the data we cannot "
        "deliver what you order or ask for.",
        "c": "Required by law: we must process the data to meet a legal obligation.",
        "d": "Needed to protect someone's vital interests.",
        "e": "Needed for a task carried out in the public interest.",
        "f": "Not required by law or contract. You may object to the processing (Article 21).",
    },
}

ROLES = {
    "nb": {
        "processor": "Databehandler",
        "joint_controller": "Felles behandlingsansvarlig",
        "independent_controller": "Selvstendig behandlingsansvarlig",
        "authority": "Offentlig myndighet",
        "recipient": "Mottaker",
    },
    "en": {
        "processor": "Processor",
        "joint_controller": "Joint controller",
        "independent_controller": "Independent controller",
        "authority": "Public authority",
        "recipient": "Recipient",
    },
}

ROLE_MEANING = {
    "nb": {
        "processor": "behandler opplysningene på våre vegne og etter våre instrukser "
        "(artikkel 28).",
        "joint_controller": "bestemmer sammen med oss hvorfor og hvordan opplysningene "
        "behandles (artikkel 26).",
        "independent_controller": "mottar opplysningene og er selv ansvarlig for sin "
        "behandling av dem.",
        "authority": "får opplysningene bare når loven krever det.",
        "recipient": "mottar opplysningene når loven eller avtalen krever det.",
    },
    "en": {
        "processor": "processes the data on our behalf and on our instructions (Article 28).",
        "joint_controller": "decides together with us why and how the data is processed "
        "(Article 26).",
        "independent_controller": "receives the data and is itself responsible for its "
        "processing of it.",
        "authority": "receives the data only where the law requires it.",
        "recipient": "receives the data where the law or the contract requires it.",
    },
}

SAFEGUARDS = {
    "nb": {
        "eea": "Innenfor EØS",
        "adequacy": "Kommisjonens beslutning om tilstrekkelig beskyttelsesnivå (artikkel 45)",
        "dpf": "EU–US Data Privacy Framework (kommisjonens beslutning (EU) 2023/1795)",
        "scc": "Standard personvernbestemmelser (kommisjonens beslutning (EU) 2021/914)",
        "bcr": "Bindende virksomhetsregler (artikkel 47)",
        "art49": "Unntak for særlige situasjoner (artikkel 49)",
    },
    "en": {
        "eea": "Within the EEA",
        "adequacy": "Commission adequacy decision (Article 45)",
        "dpf": "EU–US Data Privacy Framework (Commission Decision (EU) 2023/1795)",
        "scc": "Standard contractual clauses (Commission Decision (EU) 2021/914)",
        "bcr": "Binding corporate rules (Article 47)",
        "art49": "Derogation for specific situations (Article 49)",
    },
}

# Where the person can see or get a copy of the safeguard (13(1)(f)).
SAFEGUARD_COPY = {
    "nb": {
        "adequacy": "Beslutningen er publisert på eur-lex.europa.eu.",
        "dpf": "Om virksomheten er sertifisert, ser du på www.dataprivacyframework.gov.",
        "scc": "Du kan få en kopi av bestemmelsene ved å kontakte oss.",
        "bcr": "Du kan få en kopi av virksomhetsreglene ved å kontakte oss.",
        "art49": "Kontakt oss for å få vite mer om grunnlaget.",
        "eea": "Opplysningene kan sendes videre ut av EØS; kontakt oss for å få vite mer.",
    },
    "en": {
        "adequacy": "The decision is published on eur-lex.europa.eu.",
        "dpf": "Whether the company is certified is shown on www.dataprivacyframework.gov.",
        "scc": "You can get a copy of the clauses by contacting us.",
        "bcr": "You can get a copy of the rules by contacting us.",
        "art49": "Contact us to learn more about the basis.",
        "eea": "The data may be sent on outside the EEA; contact us to learn more.",
    },
}

COUNTRIES_EN = {
    "NO": "Norway", "SE": "Sweden", "DK": "Denmark", "FI": "Finland", "IS": "Iceland",
    "IE": "Ireland", "DE": "Germany", "NL": "the Netherlands", "FR": "France", "BE": "Belgium",
    "LU": "Luxembourg", "AT": "Austria", "ES": "Spain", "IT": "Italy", "PL": "Poland",
    "EE": "Estonia", "LT": "Lithuania", "LV": "Latvia", "PT": "Portugal", "CH": "Switzerland",
    "GB": "the United Kingdom", "US": "the United States", "CA": "Canada", "JP": "Japan",
    "AU": "Australia", "IN": "India", "SG": "Singapore",
}  # fmt: skip

CATEGORIES = {
    "nb": {
        "necessary": "Strengt nødvendig",
        "preferences": "Preferanser",
        "statistics": "Statistikk",
        "marketing": "Markedsføring",
    },
    "en": {
        "necessary": "Strictly necessary",
        "preferences": "Preferences",
        "statistics": "Statistics",
        "marketing": "Marketing",
    },
}

PARTIES = {
    "nb": {"first": "Førstepart", "third": "Tredjepart"},
    "en": {"first": "First party", "third": "Third party"},
}

DURATION_UNITS = {
    "nb": {
        "min": ("minutt", "minutter"),
        "h": ("time", "timer"),
        "d": ("dag", "dager"),
        "mo": ("måned", "måneder"),
        "y": ("år", "år"),
    },
    "en": {
        "min": ("minute", "minutes"),
        "h": ("hour", "hours"),
        "d": ("day", "days"),
        "mo": ("month", "months"),
        "y": ("year", "years"),
    },
}
SESSION = {
    "nb": "Økten (slettes når nettleseren lukkes)",
    "en": "Session (deleted when the browser closes)",
}

# The rights of Art. 15-21, one bullet each.
RIGHTS: dict[str, tuple[str, ...]] = {
    "nb": (
        "Innsyn: du kan få vite hvilke opplysninger vi har om deg, og få en kopi (artikkel 15).",
        "Retting: du kan kreve at feil opplysninger rettes og ufullstendige fullføres "
        "(artikkel 16).",
        "Sletting: du kan kreve at vi sletter opplysningene, med unntak av det loven krever "
        "at vi tar vare på, for eksempel regnskapsmateriale etter bokføringsloven "
        "(artikkel 17).",
        "Begrensning: du kan kreve at vi bare lagrer opplysningene mens noe avklares "
        "(artikkel 18).",
        "Dataportabilitet: opplysninger du har gitt oss etter samtykke eller avtale, kan du "
        "få i et maskinlesbart format (artikkel 20).",
        "Protest: du kan protestere mot behandling som bygger på berettiget interesse. "
        "Mot direkte markedsføring kan du alltid protestere, og da slutter vi "
        "(artikkel 21).",
    ),
    "en": (
        "Access: you can learn what data we hold about you and get a copy (Article 15).",
        "Rectification: you can have wrong data corrected and incomplete data completed "
        "(Article 16).",
        "Erasure: you can have the data erased, except what the law requires us to keep, "
        "such as accounting records under the Norwegian Bookkeeping Act (Article 17).",
        "Restriction: you can have us only store the data while something is clarified "
        "(Article 18).",
        "Portability: data you gave us on the basis of consent or contract you can get in "
        "a machine-readable format (Article 20).",
        "Objection: you can object to processing based on legitimate interests. You can "
        "always object to direct marketing, and then we stop (Article 21).",
    ),
}
