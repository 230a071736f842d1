"""The body of each letter kind, in plain bokmål, citing GDPR articles (never the 2000 law)."""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.deadlines import format_date
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
    Recipient,
    Table,
)

Texts = dict[str, str]

DATATILSYNET = ("Datatilsynet", "Postboks 458 Sentrum", "0105 Oslo", "www.datatilsynet.no")


# ---------------------------------------------------------------- shared paragraphs


def intro(ctx: LetterContext) -> Para:
    req = ctx.request
    asked = nb.join([nb.TYPES.get(t, t) for t in req.types]) or nb.TYPES["other"]
    channel = nb.CHANNELS.get(req.channel, "")
    how = f" {channel}," if channel else ""
    return Para(
        f"Vi viser til henvendelsen din{how} mottatt {nb.long_date(req.received)}, "
        f"der du ba om {asked}."
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


def _clock_stops(today: date) -> Para:
    return Para(
        f"Fristen vår for å svare deg stopper fra i dag, {nb.long_date(today)}, til vi har fått "
        "svaret ditt. Når vi har fått det, løper fristen videre der den stoppet "
        "(personvernforordningen artikkel 12 nr. 6)."
    )


def _systems_of(ctx: LetterContext) -> set[str]:
    return {h.system for h in ctx.holdings}


def relevant_activities(ctx: LetterContext) -> tuple[Activity, ...]:
    """The activities that use a system holding the subject's data (and those tied to none)."""
    systems = _systems_of(ctx)
    return tuple(a for a in ctx.activities if not a.systems or systems & set(a.systems))


def relevant_recipients(ctx: LetterContext) -> tuple[Recipient, ...]:
    """The named recipients of those activities, or of the systems that hold the data."""
    names = {n for a in relevant_activities(ctx) for n in a.recipients}
    systems = _systems_of(ctx)
    return tuple(r for r in ctx.recipients if r.name in names or systems & set(r.systems))


def notified_block(ctx: LetterContext, what: str, systems: set[str] | None = None) -> list[Block]:
    """Art. 19: which recipients were told (or are being told now) of the change."""
    countries = {r.name: r.country for r in ctx.recipients}
    rows = [
        (n.recipient, countries.get(n.recipient, ""), nb.short_date(n.notified_on))
        for n in ctx.notifications
    ]
    told = {n.recipient for n in ctx.notifications}
    systems = _systems_of(ctx) if systems is None else systems
    rows += [
        (r.name, r.country, "varsles nå")
        for r in ctx.recipients
        if r.name not in told and systems & set(r.systems)
    ]
    if not rows:
        return [
            Heading("Hvem vi har varslet"),
            Para(
                "Opplysningene var ikke utlevert til andre mottakere som må varsles om "
                f"{what} (artikkel 19)."
            ),
        ]
    return [
        Heading("Hvem vi har varslet"),
        Para(
            f"Vi har gitt beskjed om {what} til disse mottakerne, som behandler opplysninger "
            "på våre vegne (artikkel 19):"
        ),
        Table(("Mottaker", "Land", "Varslet"), tuple(rows), (0.5, 0.25, 0.25)),
        Para("Du kan be oss om å få vite mer om disse mottakerne."),
    ]


def attachments(kind: str, ctx: LetterContext) -> tuple[str, ...]:
    if kind == "portability":
        return (portability_zip_name(ctx.request.ref),)
    return ()


def portability_zip_name(ref: str) -> str:
    return f"EKKO-{ref}-dataportabilitet.zip"


# ---------------------------------------------------------------- access (Art. 15)


def access(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    c = ctx.controller
    out: list[Block] = [intro(ctx)]
    if not [h for h in ctx.holdings if h.system != "inbox"]:
        # Only the request itself: nothing in any system to copy, no recipient to name.
        searched = nb.join(ctx.subject.identifiers) or "navnet ditt"
        return [
            *out,
            Para(
                f"Vi har søkt etter {searched} i alle systemene våre og fant ingen "
                f"personopplysninger om deg hos {c.name} utover selve henvendelsen din, som vi "
                "oppbevarer for å kunne dokumentere svaret (personvernforordningen artikkel 15)."
            ),
        ]
    out.append(
        Para(
            f"Vi bekrefter at {c.name} behandler personopplysninger om deg. Nedenfor finner du "
            "en kopi av opplysningene, hva vi bruker dem til, hvem vi deler dem med, hvor lenge "
            "vi lagrer dem og hvor vi har dem fra (personvernforordningen artikkel 15). "
            "Denne kopien er gratis."
        )
    )
    searched = nb.join(ctx.subject.identifiers)
    how = f"Vi har søkt etter {searched} i alle systemene våre. " if searched else ""
    out += [
        Heading("1. Opplysningene vi har om deg"),
        Para(f"{how}Vi fant opplysninger om deg i {_count(len(ctx.holdings))}:"),
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
                (nb.system_label(h.system, h.label), field, value)
                for h in ctx.holdings
                for field, value in h.details
            ),
            (0.25, 0.22, 0.53),
        ),
    ]
    out = with_records_copy(out, ctx.copy, today, warnings)  # issue 13: the records themselves
    activities = relevant_activities(ctx)
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
    ]
    recipients = relevant_recipients(ctx)
    out.append(Heading("3. Hvem vi deler opplysningene med"))
    if recipients:
        out += [
            Para(
                "Vi selger ikke opplysningene dine. Disse mottakerne behandler opplysninger om "
                "deg på våre vegne (artikkel 15 nr. 1 bokstav c):"
            ),
            Table(
                ("Mottaker", "Hva de gjør for oss", "Land", "Grunnlag for overføring"),
                tuple((r.name, r.service, r.country, r.safeguard) for r in recipients),
                (0.24, 0.28, 0.12, 0.36),
            ),
        ]
        abroad = [r.name for r in recipients if not r.in_eea and not r.safeguard_missing]
        if abroad:
            out.append(
                Para(
                    f"{nb.join(abroad)} holder til utenfor EØS. Overføringen dit bygger på "
                    "grunnlaget som står i tabellen (artikkel 15 nr. 2 og artikkel 45 og 46). "
                    "Du kan be om en kopi av garantiene."
                )
            )
        unclear = [r.name for r in recipients if not r.in_eea and r.safeguard_missing]
        if unclear:
            warnings.append(
                f"No transfer safeguard is recorded for {', '.join(unclear)} (outside the EEA): "
                "record it in the registers (key 4) before you send this letter."
            )
            out.append(
                Para(
                    f"{nb.join(unclear)} holder til utenfor EØS. Grunnlaget for overføringen "
                    "dit er under avklaring hos oss; du får beskjed når det er på plass "
                    "(artikkel 15 nr. 2)."
                )
            )
    else:
        out.append(Para("Vi har ikke utlevert opplysningene om deg til noen andre."))
    sources = list(dict.fromkeys(a.source for a in activities if a.source))
    out += [
        Heading("4. Hvor vi har opplysningene fra"),
        Para("Opplysningene har vi fått fra (artikkel 15 nr. 1 bokstav g):"),
        Bullets(tuple(sources) or ("Deg selv",)),
        Heading("5. Automatiserte avgjørelser"),
        Para(
            "Vi treffer ingen avgjørelser om deg som bygger utelukkende på automatisert "
            "behandling, heller ikke profilering (artikkel 15 nr. 1 bokstav h og artikkel 22)."
        ),
        Heading("6. Dine rettigheter"),
        Para("Du har rett til å"),
        Bullets(
            (
                "få uriktige opplysninger rettet og ufullstendige opplysninger supplert "
                "(artikkel 16)",
                "få opplysningene slettet, for eksempel når vi ikke lenger trenger dem "
                "(artikkel 17)",
                "kreve at vi begrenser behandlingen, for eksempel mens vi undersøker om "
                "opplysningene er riktige (artikkel 18)",
                "protestere mot behandling som bygger på berettiget interesse, og når som helst "
                "mot direkte markedsføring (artikkel 21)",
                "få utlevert opplysningene du selv har gitt oss, i et maskinlesbart format "
                "(dataportabilitet, artikkel 20)",
                "trekke tilbake et samtykke når som helst; det påvirker ikke behandlingen før "
                "du trakk det tilbake (artikkel 7 nr. 3)",
            )
        ),
    ]
    return out


def _count(n: int) -> str:
    words = {1: "ett system", 2: "to systemer", 3: "tre systemer", 4: "fire systemer"}
    return words.get(n, f"{n} systemer")


# ---------------------------------------------------------------- extension, questions


def extension(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    req = ctx.request
    if today > req.first_deadline:
        raise LetterError(
            f"The first deadline ({format_date(req.first_deadline)}) has passed: an extension "
            "notice must be dated on or before it (Art. 12(3)).",
            "date",
        )
    if req.extended_deadline is None:
        raise LetterError("The request has no extended deadline to announce.", "date")
    why = (
        "Henvendelsen din er sammensatt og krever mer arbeid enn vanlig."
        if texts["reason_kind"] == "complexity"
        else "Vi har fått mange henvendelser samtidig."
    )
    return [
        intro(ctx),
        Para(
            "Etter personvernforordningen artikkel 12 nr. 3 skal vi svare deg innen én måned, "
            f"det vil si senest {nb.day_date(req.first_deadline)}. Når en henvendelse er "
            "sammensatt, eller vi har mange henvendelser, kan vi forlenge fristen med inntil to "
            "måneder. Da skal vi si fra til deg, med begrunnelse, før den første fristen går ut."
        ),
        Para(
            "Vi forlenger fristen. Du får svar fra oss senest "
            f"{nb.day_date(req.extended_deadline or req.deadline)}."
        ),
        Heading("Hvorfor vi trenger mer tid"),
        Para(why),
        Para(texts["reasons"]),
        Para("Vi sender svaret så snart det er klart, og ikke senere enn den nye fristen."),
    ]


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
        _clock_stops(today),
    ]


def clarification(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Vi har en del opplysninger om deg. For å gi deg et presist og fullstendig svar ber "
            "vi deg presisere hvilke opplysninger eller hvilken behandling henvendelsen gjelder "
            "(personvernforordningen fortalepunkt 63)."
        ),
        Heading("Dette ber vi deg om"),
        Para(texts["question"]),
        Para("Ønsker du alt vi har om deg, holder det å svare nettopp det."),
        _clock_stops(today),
    ]


# ---------------------------------------------------------------- refusals


def refusal(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para("Vi har vurdert henvendelsen og kommet til at vi ikke kan etterkomme den."),
        Heading("Begrunnelse"),
        Para(texts["reasons"]),
        Para(
            "Vi skal begrunne et avslag og opplyse deg om at du kan klage "
            "(personvernforordningen artikkel 12 nr. 4)."
        ),
    ]


def partial_refusal(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para("Vi har vurdert henvendelsen og kommet til at vi kan etterkomme den delvis."),
        Heading("Dette gjør vi"),
        Para(texts["granted"]),
        Heading("Dette kan vi ikke gjøre, og hvorfor"),
        Para(texts["reasons"]),
        Para(
            "Vi skal begrunne et avslag og opplyse deg om at du kan klage "
            "(personvernforordningen artikkel 12 nr. 4)."
        ),
    ]
