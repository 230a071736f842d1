"""The breach papers as data: the Altinn fill-in sheet and the Art. 34 letter, in bokmål.

Pure: plain `BreachFacts` in, a `LetterData` out (the renderer lays it out, `letter_text`
gives the copyable text). No clock, no database, no ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ekko_tui.domain import breaches as br
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.letters import kinds
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import (
    Block,
    Bullets,
    Controller,
    Heading,
    LetterData,
    LetterError,
    Para,
)

TYPES_NB = {
    "confidentiality": "brudd på konfidensialitet (uvedkommende fikk tilgang eller innsyn)",
    "integrity": "brudd på integritet (opplysninger ble endret)",
    "availability": "brudd på tilgjengelighet (opplysninger gikk tapt eller var utilgjengelige)",
}
SOURCES_NB = {
    "self": "EKKO oppdaget det selv",
    "processor": "varsel fra en databehandler",
    "customer": "en kunde eller annen person sa fra",
}
RISKS_NB = {
    "unassessed": "ikke vurdert ennå",
    "none": "lite sannsynlig at bruddet medfører en risiko",
    "risk": "risiko for de registrertes rettigheter og friheter",
    "high": "høy risiko for de registrertes rettigheter og friheter",
}
HOW_NB = {
    "email": "e-post",
    "letter": "brev",
    "phone": "telefon",
    "sms": "SMS",
    "public": "offentlig kunngjøring",
}
ART34_NB = {
    "a": "artikkel 34 nr. 3 bokstav a: opplysningene var gjort uleselige (f.eks. kryptert)",
    "b": "artikkel 34 nr. 3 bokstav b: senere tiltak gjør at den høye risikoen ikke lenger "
    "er sannsynlig",
    "c": "artikkel 34 nr. 3 bokstav c: uforholdsmessig stor innsats; offentlig kunngjøring i "
    "stedet",
}
MISSING = "(ikke registrert ennå)"
SHEET_TITLE = "Avviksmelding til Datatilsynet – utfyllingsark for Altinn"
LETTER_TITLE = "Viktig: et sikkerhetsbrudd som gjelder opplysninger om deg"


@dataclass(frozen=True)
class FilingFact:
    at: datetime
    kind: str  # notice | follow_up
    reference: str
    note: str


@dataclass(frozen=True)
class BreachFacts:
    """Everything the papers of one breach draw on (built from the store)."""

    ref: str
    aware_at: datetime
    source: str
    summary: str
    types: tuple[str, ...] = ()
    source_detail: str = ""
    source_at: datetime | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    cause: str = ""
    data_categories: str = ""
    activities: str = ""
    people_count: int | None = None
    records_count: int | None = None
    relationship: str = ""
    data_location: str = ""
    consequences: str = ""
    risk: str = "unassessed"
    risk_reason: str = ""
    decision: str = "undecided"
    decision_reason: str = ""
    notified_at: datetime | None = None
    altinn_ref: str = ""
    delay_reason: str = ""
    people_notice_at: datetime | None = None
    people_notice_how: str = ""
    people_notice_to: str = ""
    art34_ground: str = ""
    art34_justification: str = ""
    measures_taken: str = ""
    measures_planned: str = ""
    contact_person: str = ""
    filings: tuple[FilingFact, ...] = ()

    @property
    def notify_by(self) -> datetime:
        return br.notify_by(self.aware_at)


def moment(m: datetime) -> str:
    """`23. oktober 2026 kl. 10:00` (Oslo)."""
    local = m.astimezone(OSLO)
    return f"{nb.long_date(local.date())} kl. {local:%H:%M}"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace(",", "\n").split("\n") if part.strip())


def _or_missing(text: str, gaps: list[str], name: str) -> str:
    if text.strip():
        return text.strip()
    gaps.append(name)
    return MISSING


def _contact(facts: BreachFacts, c: Controller) -> str:
    person = facts.contact_person.strip() or c.contact_person
    parts = [p for p in (person, c.email, c.phone) if p]
    return ", ".join(parts)


def altinn_sheet(facts: BreachFacts, controller: Controller, today: date) -> LetterData:
    """The record in the order of the Altinn form's sections; gaps listed as warnings."""
    gaps: list[str] = []
    f = facts
    blocks: list[Block] = [
        Para(
            "Dette arket er et hjelpemiddel for å fylle ut Datatilsynets skjema for melding om "
            "brudd på personopplysningssikkerheten i Altinn (innlogging med ID-porten). "
            "Det sendes ikke i posten."
        ),
        Para(
            f"Behandlingsansvarlig: {controller.name}, org.nr. {controller.org_number}.\n"
            f"EKKO ble klar over bruddet {moment(f.aware_at)}. Frist for melding (72 timer, "
            f"artikkel 33 nr. 1): {moment(f.notify_by)}."
        ),
    ]
    if f.notified_at is not None and br.is_late(f.notified_at, f.aware_at):
        blocks.append(
            Para(
                "Meldingen sendes etter 72 timer. Begrunnelse for forsinkelsen: "
                + _or_missing(f.delay_reason, gaps, "reason for the delay")
            )
        )
    source = SOURCES_NB.get(f.source, f.source)
    if f.source_detail:
        source += f" ({f.source_detail})"
    if f.source_at is not None:
        source += f", varselet er datert {moment(f.source_at)}"
    if f.occurred_from is None:
        period = "Ukjent når bruddet begynte."
        gaps.append("when it happened")
    else:
        end = moment(f.occurred_to) if f.occurred_to else "ukjent eller pågår fortsatt"
        period = f"Fra {moment(f.occurred_from)} til {end}."
    count = f"Omtrent {f.people_count} personer" if f.people_count is not None else "Ukjent antall"
    if f.people_count is None:
        gaps.append("number of people")
    records = f", omtrent {f.records_count} registreringer" if f.records_count is not None else ""
    types = [TYPES_NB[t] for t in f.types if t in TYPES_NB]
    if not types:
        gaps.append("type of breach")
    categories = _lines(f.data_categories)
    if not categories:
        gaps.append("types of data")
    told = _people_told(f)
    sections: list[tuple[str, list[Block]]] = [
        ("Årsaken til bruddet", [Para(_or_missing(f.cause, gaps, "cause"))]),
        ("Tidsrommet for bruddet", [Para(period)]),
        (
            "Når bruddet ble oppdaget",
            [Para(f"{moment(f.aware_at)}. Hvordan: {source}.")],
        ),
        ("Antall berørte", [Para(f"{count}{records}.")]),
        (
            "Hva som skjedde, og hvordan",
            [
                Para(f.summary),
                Para("Type brudd: " + (nb.join(types) if types else MISSING) + "."),
            ],
        ),
        (
            "Typer personopplysninger",
            [Bullets(categories)] if categories else [Para(MISSING)],
        ),
        (
            "Forholdet til de berørte",
            [Para(_or_missing(f.relationship, gaps, "relationship to those affected"))],
        ),
        (
            "Hvor opplysningene er nå",
            [Para(_or_missing(f.data_location, gaps, "where the data is now"))],
        ),
        (
            "Konsekvenser",
            [
                Para(_or_missing(f.consequences, gaps, "consequences")),
                Para(
                    f"Vår vurdering: {RISKS_NB.get(f.risk, f.risk)}."
                    + (f" Begrunnelse: {f.risk_reason}" if f.risk_reason else "")
                ),
            ],
        ),
        ("Tiltak", _measures(f, gaps)),
        ("Om de berørte er varslet", [Para(told)]),
        ("Kontaktperson", [Para(_contact(f, controller) or MISSING)]),
    ]
    if not (f.people_notice_at or f.art34_ground or f.risk in ("none", "risk")):
        gaps.append("whether those affected were told")
    for i, (title, body) in enumerate(sections, start=1):
        blocks.append(Heading(f"{i}. {title}"))
        blocks.extend(body)
    if f.filings:
        blocks.append(Heading("Innsendt"))
        blocks.append(
            Bullets(
                tuple(
                    f"{moment(x.at)}: "
                    + ("melding" if x.kind == "notice" else "tilleggsopplysninger")
                    + (f", referanse {x.reference}" if x.reference else "")
                    + (f" – {x.note}" if x.note else "")
                    for x in f.filings
                )
            )
        )
    warnings = (f"Not recorded yet: {', '.join(gaps)}.",) if gaps else ()
    return LetterData(
        kind="breach_sheet",
        title=SHEET_TITLE,
        ref=f.ref,
        date=today,
        sender=controller,
        recipient_lines=("Datatilsynet", "via Altinn (skjema for avviksmelding)"),
        blocks=tuple(blocks),
        closing=(),
        warnings=warnings,
    )


def _measures(f: BreachFacts, gaps: list[str]) -> list[Block]:
    if not (f.measures_taken or f.measures_planned):
        gaps.append("measures")
        return [Para(MISSING)]
    out: list[Block] = []
    if f.measures_taken:
        out.append(Para("Tiltak som er gjort: " + f.measures_taken))
    if f.measures_planned:
        out.append(Para("Tiltak som er planlagt: " + f.measures_planned))
    return out


def _people_told(f: BreachFacts) -> str:
    if f.people_notice_at is not None:
        how = HOW_NB.get(f.people_notice_how, f.people_notice_how)
        return f"Ja, {moment(f.people_notice_at)} per {how}, til {f.people_notice_to}."
    if f.art34_ground:
        return (
            f"Nei, med grunnlag i {ART34_NB.get(f.art34_ground, f.art34_ground)}. "
            f"Begrunnelse: {f.art34_justification}"
        )
    if f.risk == "high":
        return "Ikke ennå: de berørte skal varsles uten ugrunnet opphold (artikkel 34 nr. 1)."
    return "Nei: bruddet er ikke vurdert å medføre høy risiko (artikkel 34 nr. 1)."


def letter_fields_missing(f: BreachFacts) -> list[str]:
    """What the Art. 34 letter needs that the record lacks (34(2) with 33(3)(b)–(d))."""
    out = []
    if not f.consequences.strip():
        out.append("the likely consequences")
    if not (f.measures_taken.strip() or f.measures_planned.strip()):
        out.append("the measures taken or planned")
    return out


def art34_letter(
    facts: BreachFacts,
    controller: Controller,
    today: date,
    *,
    name: str,
    address: str = "",
    advice: str = "",
) -> LetterData:
    """The letter to one person affected, in plain bokmål (Art. 34(2))."""
    f = facts
    missing = letter_fields_missing(f)
    if missing:
        raise LetterError(
            f"Record {nb.join(missing).replace(' og ', ' and ')} in {f.ref} before the letter "
            "can go (Art. 34(2)): press e in the breach detail.",
            "consequences" if "the likely consequences" in missing else "measures_taken",
        )
    if f.people_notice_at is None and f.risk != "high":
        warnings: tuple[str, ...] = (
            f"{f.ref} is not assessed as high risk: Art. 34 does not require this letter "
            "(it may still be right to send it).",
        )
    else:
        warnings = ()
    categories = _lines(f.data_categories)
    blocks: list[Block] = [
        Para(
            f"Vi skriver til deg fordi {controller.name} har hatt et brudd på sikkerheten for "
            f"personopplysninger, og bruddet gjelder også opplysninger om deg. Vi ble klar over "
            f"det {moment(f.aware_at)}. Vi forteller deg dette slik personvernforordningen "
            "artikkel 34 krever."
        ),
        Heading("Hva som har skjedd"),
        Para(f.summary),
    ]
    if f.cause.strip():
        blocks.append(Para("Årsak: " + f.cause.strip()))
    if categories:
        blocks.append(Para("Opplysninger om deg som er berørt:"))
        blocks.append(Bullets(categories))
    blocks += [
        Heading("Hva det kan bety for deg"),
        Para(f.consequences.strip()),
        Heading("Hva vi har gjort, og hva vi skal gjøre"),
    ]
    if f.measures_taken.strip():
        blocks.append(Para(f.measures_taken.strip()))
    if f.measures_planned.strip():
        blocks.append(Para("Videre skal vi: " + f.measures_planned.strip()))
    if advice.strip():
        blocks += [Heading("Hva du selv kan gjøre"), Para(advice.strip())]
    contact = _contact(f, controller)
    postal = ", ".join((controller.name, *controller.address_lines))
    blocks += [
        Heading("Kontaktpunkt"),
        Para(
            f"Har du spørsmål om bruddet, kontakt {contact or controller.name}, "
            f"{postal}. Oppgi referansen {f.ref}."
        ),
    ]
    blocks += [
        Heading("Klage"),
        Para(
            "Mener du at vi ikke har behandlet personopplysningene dine i samsvar med "
            "regelverket, kan du klage til Datatilsynet (personvernforordningen artikkel 77):"
        ),
        Para("\n".join(kinds.DATATILSYNET)),
    ]
    address_lines = tuple(line.strip() for line in address.split("\n") if line.strip())
    if not address_lines:
        warnings = (*warnings, "No postal address: the envelope window will show the name only.")
    return LetterData(
        kind="breach_art34",
        title=LETTER_TITLE,
        ref=f.ref,
        date=today,
        sender=controller,
        recipient_lines=(name, *address_lines) if name else address_lines,
        blocks=tuple(blocks),
        closing=("Med vennlig hilsen", controller.name, "", controller.contact_person),
        warnings=warnings,
    )
