"""The body of each letter kind, in plain bokmål, citing GDPR articles (never the 2000 law)."""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.deadlines import format_date
from ekko_tui.domain.request_retention import request_kept_until
from ekko_tui.letters import content
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.copy import with_records_copy
from ekko_tui.letters.model import (
    Activity,
    Block,
    Bullets,
    Heading,
    LetterContext,
    LetterError,
    Para,
    Table,
)
from ekko_tui.letters.recipients import recipients_section
from ekko_tui.letters.recipients_nb import NB, role

Texts = dict[str, str]

DATATILSYNET = ("Datatilsynet", "Postboks 458 Sentrum", "0105 Oslo", "www.datatilsynet.no")


# ---------------------------------------------------------------- shared paragraphs


def intro(ctx: LetterContext) -> Para:
    req = ctx.request
    channel = nb.CHANNELS.get(req.channel, "")
    how = f" {channel}," if channel else ""
    return Para(
        f"Vi viser til henvendelsen din{how} mottatt {nb.long_date(req.received)}, "
        f"der du {nb.asked(req.types)}."
    )


def contact(ctx: LetterContext) -> list[Block]:
    c = ctx.controller
    postal = ", ".join((c.name, *c.address_lines))
    where = f"på {c.email} eller til {postal}" if c.email else f"til {postal}"
    return [
        Para(f"Har du spørsmål, kan du skrive til oss {where}. Oppgi referansen {ctx.request.ref}.")
    ]


def complaint_block() -> list[Block]:
    return [
        Heading("Klage"),
        Para(
            "Hvis du mener at vi ikke har behandlet henvendelsen din eller personopplysningene "
            "dine i samsvar med regelverket, kan du klage til Datatilsynet "
            "(personvernforordningen artikkel 77):"
        ),
        Para("\n".join(DATATILSYNET)),
        Para("Du kan også bringe saken inn for de alminnelige domstolene (artikkel 79)."),
    ]


def _clock_stops(today: date, basis: str) -> Para:
    return Para(
        f"Fristen for svaret vårt løper ikke fra i dag, {nb.long_date(today)}, og til vi har "
        "fått svaret ditt; deretter løper den videre fra der den stanset "
        f"({basis})."
    )


def relevant_activities(ctx: LetterContext) -> tuple[Activity, ...]:
    """The activities that apply to the person (content.relevant_activities)."""
    return content.relevant_activities(ctx)


def notified_block(ctx: LetterContext, what: str, systems: set[str] | None = None) -> list[Block]:
    """Art. 19: who was told of the change, with the date each notice was sent."""
    notices = content.art19_notices(ctx, systems)
    heading = Heading("Beskjed til mottakerne")
    if not notices.sent and not notices.pending:
        return [
            heading,
            Para(
                "Opplysningene var ikke utlevert til andre mottakere som må få beskjed om "
                f"{what} (artikkel 19)."
            ),
        ]
    rows = [
        (name, role(r) if r else "–", nb.short_date(when)) for r, name, when in notices.sent
    ] + [(r.name, role(r), "–") for r in notices.pending]
    if notices.all_sent:
        lead = f"Vi har gitt beskjed om {what} til disse mottakerne (artikkel 19):"
    else:
        lead = (
            f"Vi gir beskjed om {what} til disse mottakerne (artikkel 19). Datoen viser når "
            "beskjeden ble sendt; der det står en strek, er den ikke sendt ennå."
        )
    return [
        heading,
        Para(lead),
        Table(("Mottaker", "Rolle", "Beskjed sendt"), tuple(rows), (0.46, 0.32, 0.22)),
        Para("Du kan be oss om å få vite mer om disse mottakerne."),
    ]


def attachments(kind: str, ctx: LetterContext) -> tuple[str, ...]:
    if kind == "portability":
        return (portability_zip_name(ctx.request.ref),)
    return ()


def portability_zip_name(ref: str) -> str:
    return f"EKKO-{ref}-dataportabilitet.zip"


# ---------------------------------------------------------------- access (Art. 15)

RIGHTS = (
    "få uriktige opplysninger rettet og ufullstendige opplysninger supplert (artikkel 16)",
    "få opplysningene slettet, for eksempel når vi ikke lenger trenger dem (artikkel 17)",
    "kreve begrensning av behandlingen, for eksempel mens vi undersøker om opplysningene er "
    "riktige (artikkel 18)",
    "protestere mot behandling som bygger på berettiget interesse, og når som helst mot direkte "
    "markedsføring (artikkel 21)",
    "få utlevert opplysningene du selv har gitt oss, i et maskinlesbart format "
    "(dataportabilitet, artikkel 20)",
    "trekke tilbake et samtykke når som helst; det påvirker ikke lovligheten av behandlingen før "
    "samtykket ble trukket tilbake (artikkel 7 nr. 3)",
)

# "det tredje året": the year of the retention end, counted from the year the case closed.
ORDINALS_NB = {1: "første", 2: "andre", 3: "tredje", 4: "fjerde", 5: "femte", 10: "tiende"}


def _searched(ctx: LetterContext) -> str:
    return nb.join([nb.identifier(i) for i in ctx.subject.identifiers])


def access(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    c = ctx.controller
    facts = content.recipient_facts(ctx)
    content.check_transfers(facts)
    out: list[Block] = [intro(ctx)]
    if not content.has_data(ctx):
        return [*out, *_only_the_request(ctx, facts, today)]
    out.append(
        Para(
            f"Vi bekrefter at {c.name} behandler personopplysninger om deg. Nedenfor finner du "
            "en kopi av opplysningene, hva vi bruker dem til, hvem vi deler dem med, hvor lenge "
            "vi lagrer dem og hvor vi har dem fra (personvernforordningen artikkel 15). "
            "Denne kopien er gratis."
        )
    )
    searched = _searched(ctx)
    how = f"Vi har søkt etter {searched} i alle systemene våre. " if searched else ""
    count = nb.number(len(ctx.holdings), "system", "systemer", neuter=True)
    out += [
        Heading("1. Opplysningene vi har om deg"),
        Para(f"{how}Vi fant opplysninger om deg i {count}:"),
        Table(
            ("System", "Opplysninger", "Id hos systemet", "Registrert", "Sist endret"),
            tuple(
                (
                    nb.system_label(h.system, h.label),
                    nb.capitalise(", ".join(h.categories)),
                    h.external_id or "–",
                    nb.short_date(h.first_seen),
                    nb.short_date(h.last_seen),
                )
                for h in ctx.holdings
            ),
            (0.25, 0.31, 0.18, 0.13, 0.13),
        ),
        Para("Her er en kopi av opplysningene, system for system:"),
        Table(
            ("System", "Opplysning", "Innhold"),
            tuple(
                (nb.system_label(h.system, h.label), field, nb.phone_field(field, value))
                for h in ctx.holdings
                for field, value in h.details
            ),
            (0.25, 0.22, 0.53),
        ),
    ]
    out = with_records_copy(out, ctx.copy, today, warnings)  # issue 13: the records themselves
    activities = content.relevant_activities(ctx)
    out += [
        Heading("2. Hva vi bruker opplysningene til, og hvor lenge vi lagrer dem"),
        Para(
            "Tabellen viser formålene, det rettslige grunnlaget i personvernforordningen "
            "artikkel 6, hvilke typer opplysninger det gjelder og hvor lenge vi lagrer dem "
            "(artikkel 15 nr. 1 bokstav a, b og d)."
        ),
        Table(
            ("Formål", "Grunnlag", "Opplysninger", "Lagringstid"),
            tuple(
                (a.purpose, a.basis, nb.capitalise(", ".join(a.data_categories)), a.retention)
                for a in activities
            ),
            (0.28, 0.24, 0.24, 0.24),
        ),
        Heading("3. Hvem vi deler opplysningene med"),
        *recipients_section(facts, NB),
        Heading("4. Hvor vi har opplysningene fra"),
        Para("Opplysningene har vi fått fra (artikkel 15 nr. 1 bokstav g):"),
        Bullets(source_items(ctx)),
        Heading("5. Automatiserte avgjørelser"),
        Para(
            "Vi treffer ingen avgjørelser om deg som bygger utelukkende på automatisert "
            "behandling, heller ikke profilering (artikkel 15 nr. 1 bokstav h og artikkel 22)."
        ),
        Heading("6. Dine rettigheter"),
        Para("Du har rett til å"),
        Bullets(RIGHTS),
    ]
    return out


def _only_the_request(
    ctx: LetterContext, facts: content.RecipientFacts, today: date
) -> list[Block]:
    """The no-data answer: the request is all we hold, so say what we do with it (Art. 15)."""
    c = ctx.controller
    searched = _searched(ctx) or "navnet ditt"
    year = ORDINALS_NB.get(content.REQUEST_RECORD_YEARS, f"{content.REQUEST_RECORD_YEARS}.")
    until = nb.long_date(request_kept_until(today))
    out: list[Block] = [
        Para(
            f"Vi har søkt etter {searched} i alle systemene våre. {c.name} har ingen andre "
            "personopplysninger om deg enn det du selv har gitt oss i henvendelsen: navnet "
            "ditt, kontaktopplysningene dine og det du skrev (personvernforordningen "
            "artikkel 15)."
        ),
        Heading("Hva vi gjør med henvendelsen din"),
        Bullets(
            (
                "Formål: Vi bruker opplysningene bare til å svare deg og til å kunne dokumentere "
                "at vi har svart riktig og i tide (artikkel 5 nr. 2 og artikkel 12).",
                "Grunnlag: rettslig forpliktelse (artikkel 6 nr. 1 bokstav c).",
                "Lagringstid: Vi lagrer henvendelsen og svaret vårt til saken er avsluttet, og "
                f"deretter til og med 31. desember i det {year} året etter at den ble avsluttet, "
                "for å kunne dokumentere svaret (foreldelsesloven § 2). Avsluttes saken i "
                f"{today.year}, sletter vi dem etter {until}.",
                "Kilde: deg selv.",
            )
        ),
    ]
    if facts.received:
        out += recipients_section(facts, NB)
    out += [
        Heading("Dine rettigheter"),
        Para(
            "Du har rett til å få opplysningene i henvendelsen rettet (artikkel 16), slettet "
            "når vi ikke lenger trenger dem (artikkel 17), og til å kreve begrensning av "
            "behandlingen (artikkel 18) eller protestere mot den (artikkel 21)."
        ),
    ]
    return out


def source_items(ctx: LetterContext) -> tuple[str, ...]:
    """ "Deg selv: …" first, then the other sources, only those of activities that apply."""
    own, other = content.sources(ctx)
    details = [d for d in own if d]
    items = [f"Deg selv: {'; '.join(details)}" if details else "Deg selv"] if own else []
    items += [nb.capitalise(o) for o in other]
    return tuple(items) or ("Deg selv",)


# ---------------------------------------------------------------- extension, questions

EXTENSION_REASONS = {
    "complexity": "Vi forlenger fristen fordi henvendelsen din er sammensatt.",
    "number_of_requests": "Vi forlenger fristen fordi vi har fått mange henvendelser samtidig.",
}


def extension(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    req = ctx.request
    check_extension(ctx, today)
    assert req.extended_deadline is not None
    return [
        intro(ctx),
        Para(
            "Etter personvernforordningen artikkel 12 nr. 3 skal vi svare deg innen én måned, "
            f"det vil si senest {nb.day_date(req.first_deadline)}. Når en henvendelse er "
            "sammensatt, eller vi har fått mange henvendelser, kan vi forlenge fristen med "
            "inntil to måneder. Da skal vi si fra til deg, med begrunnelse, før den første "
            "fristen går ut."
        ),
        Para(
            "Vi forlenger fristen. Du får svar fra oss senest "
            f"{nb.day_date(req.extended_deadline)}."
        ),
        Heading("Hvorfor vi trenger mer tid"),
        Para(EXTENSION_REASONS[texts["reason_kind"]]),
        Para(texts["reasons"]),
        Para("Vi sender svaret så snart det er klart, og ikke senere enn den nye fristen."),
    ]


def check_extension(ctx: LetterContext, today: date) -> None:
    req = ctx.request
    if today > req.first_deadline:
        raise LetterError(
            f"The first deadline ({format_date(req.first_deadline)}) has passed: an extension "
            "notice must be dated on or before it (Art. 12(3)).",
            "date",
        )
    if req.extended_deadline is None:
        raise LetterError("The request has no extended deadline to announce.", "date")


def identity(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Før vi svarer, må vi være sikre på at henvendelsen kommer fra deg, slik at "
            "opplysningene ikke havner hos feil person (personvernforordningen artikkel 12 "
            "nr. 6)."
        ),
        Heading("Dette ber vi deg om"),
        Para(texts["question"]),
        Para(
            "Send oss ikke kopi av pass, førerkort eller annen legitimasjon. Vi spør bare om det "
            "vi trenger for å kjenne deg igjen, og vi tar ikke vare på kopier av legitimasjon."
        ),
        _clock_stops(today, "personvernforordningen artikkel 12 nr. 6"),
    ]


def clarification(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Vi behandler mange opplysninger om deg. For å gi deg et presist og fullstendig svar "
            "ber vi deg presisere hvilke opplysninger eller hvilken behandling henvendelsen "
            "gjelder (personvernforordningen fortalepunkt 63)."
        ),
        Heading("Dette ber vi deg om"),
        Para(texts["question"]),
        Para("Ønsker du alt vi har om deg, holder det å svare nettopp det."),
        _clock_stops(
            today,
            "fortalepunkt 63 og Personvernrådets retningslinjer 01/2022 om retten til innsyn",
        ),
    ]


# ---------------------------------------------------------------- refusals


def refusal(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Vi har vurdert henvendelsen og kommet til at vi ikke kan etterkomme den "
            "(personvernforordningen artikkel 12 nr. 4)."
        ),
        Heading("Begrunnelse"),
        Para(texts["reasons"]),
    ]


def partial_refusal(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Vi har vurdert henvendelsen og kommet til at vi kan etterkomme den delvis "
            "(personvernforordningen artikkel 12 nr. 4)."
        ),
        Heading("Dette gjør vi"),
        Para(texts["granted"]),
        Heading("Dette kan vi ikke gjøre, og hvorfor"),
        Para(texts["reasons"]),
    ]
