"""Confirmation letters: erasure, rectification, restriction, objection, portability."""

from __future__ import annotations

from datetime import date

from ekko_tui.domain.retention import RECORD_KIND_NB, keep_until
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.kinds import Texts, intro, notified_block, portability_zip_name
from ekko_tui.letters.model import Block, Heading, LetterContext, Para, Table
from ekko_tui.letters.portability import package_files

# The request record itself is kept to document the answer (accountability), not erased.
RECORD_SYSTEMS = {"inbox"}


def erasure(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    kept_systems = {k.system for k in ctx.kept_records}
    erased = [h for h in ctx.holdings if h.system not in RECORD_SYSTEMS]
    out: list[Block] = [
        intro(ctx),
        Para(
            "Vi har slettet personopplysningene om deg, med de unntakene som står nedenfor "
            "(personvernforordningen artikkel 17)."
        ),
        Heading("Dette har vi slettet"),
    ]
    if erased:
        out.append(
            Table(
                ("System", "Opplysninger"),
                tuple(
                    (
                        nb.system_label(h.system, h.label),
                        nb.capitalise(", ".join(h.categories))
                        + (" (unntatt bilagene nedenfor)" if h.system in kept_systems else ""),
                    )
                    for h in erased
                ),
                (0.35, 0.65),
            )
        )
    else:
        out.append(Para("Vi fant ingen opplysninger om deg som kunne slettes."))
    out.append(Heading("Dette må vi beholde"))
    if ctx.kept_records:
        out += [
            Para(
                "Bokføringsloven § 13 pålegger oss å oppbevare regnskapsmateriale i en bestemt "
                "tid. Disse opplysningene kan vi derfor ikke slette ennå (artikkel 17 nr. 3 "
                "bokstav b). Fram til fristen bruker vi dem bare til å oppfylle "
                "bokføringsplikten, og ikke til noe annet. Deretter sletter vi dem."
            ),
            Table(
                ("Bilag", "System", "Dato", "Oppbevares til", "Hvorfor"),
                tuple(
                    (
                        k.description,
                        nb.system_label(k.system),
                        nb.short_date(k.document_date),
                        nb.short_date(keep_until(k.document_date, k.kind)),
                        "Bokføringsloven § 13: " + RECORD_KIND_NB[k.kind],
                    )
                    for k in sorted(ctx.kept_records, key=lambda k: (k.document_date, k.system))
                ),
                (0.2, 0.2, 0.13, 0.15, 0.32),
            ),
        ]
    else:
        out.append(Para("Vi har ingen regnskapsopplysninger om deg som vi må beholde."))
    out += [
        Heading("Dette sletter vi også"),
        Para(
            "Når du har fått dette brevet, sletter vi også henvendelsen din og brevene vi har "
            "sendt deg. Om saken beholder vi bare en linje i loggen vår med referansen "
            f"{ctx.request.ref}, datoene, hva vi gjorde og en hashverdi av dette brevet. Linjen "
            "inneholder ingen personopplysninger om deg, verken navnet ditt eller noe annet. Vi "
            "beholder den i loggen vår for å kunne dokumentere at vi har slettet opplysningene "
            "(artikkel 5 nr. 2)."
        ),
    ]
    out += notified_block(ctx, "slettingen", {h.system for h in erased})
    return out


def rectification(
    ctx: LetterContext, today: date, texts: Texts, warnings: list[str]
) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Vi har rettet opplysningene om deg slik du ba om (personvernforordningen "
            "artikkel 16). Dette har vi endret:"
        ),
        Para(texts["changes"]),
        *notified_block(ctx, "rettingen"),
    ]


def restriction(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    return [
        intro(ctx),
        Para(
            "Vi har begrenset behandlingen av opplysningene om deg (personvernforordningen "
            "artikkel 18). Vi lagrer dem fortsatt, men bruker dem ikke til noe annet enn det du "
            "samtykker til, eller det som trengs for å fastsette, gjøre gjeldende eller forsvare "
            "et rettskrav eller for å beskytte andres rettigheter."
        ),
        Heading("Dette gjelder begrensningen"),
        Para(texts["details"]),
        Para("Vi gir deg beskjed før begrensningen blir opphevet (artikkel 18 nr. 3)."),
        *notified_block(ctx, "begrensningen"),
    ]


def objection(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    out: list[Block] = [
        intro(ctx),
        Para(
            "Vi har tatt protesten din til følge. Vi har sluttet å bruke opplysningene om deg "
            "til markedsføring, og du er fjernet fra nyhetsbrevet og andre utsendelser "
            "(personvernforordningen artikkel 21 nr. 2 og 3)."
        ),
        Para(
            "For at du ikke skal bli lagt inn igjen når vi senere henter inn kundelister, har vi "
            "lagret en sperreoppføring: en hashverdi av e-postadressen din, datoen og årsaken. "
            "Den kan ikke brukes til å sende deg noe."
        ),
        Para(
            "Du kan fortsatt få e-post som er nødvendig for noe du har kjøpt, for eksempel "
            "kvitteringer og beskjeder om kurs du er påmeldt."
        ),
    ]
    if "withdraw_consent" in ctx.request.types:
        out.append(
            Para(
                "At du har trukket tilbake samtykket, påvirker ikke lovligheten av behandlingen "
                "før samtykket ble trukket tilbake (artikkel 7 nr. 3)."
            )
        )
    return out


def portability(ctx: LetterContext, today: date, texts: Texts, warnings: list[str]) -> list[Block]:
    portable = [h for h in ctx.holdings if h.portable]
    zip_name = portability_zip_name(ctx.request.ref)
    out: list[Block] = [intro(ctx)]
    if not portable:
        warnings.append("No holding is marked as provided by the subject: the files are empty.")
        out.append(
            Para(
                "Vi har ingen opplysninger som du selv har gitt oss, og som vi behandler på "
                "grunnlag av samtykke eller avtale. Vedlegget er derfor tomt."
            )
        )
    else:
        out += [
            Para(
                "Vedlagt er opplysningene du selv har gitt oss, og som vi behandler på grunnlag "
                "av samtykke eller avtale, i et strukturert og maskinlesbart format "
                "(personvernforordningen artikkel 20). Du kan ta dem med deg til en annen "
                "tjeneste."
            ),
            Heading("Hva filene inneholder"),
            Table(
                ("System", "Opplysninger"),
                tuple(
                    (nb.system_label(h.system, h.label), nb.capitalise(", ".join(h.categories)))
                    for h in portable
                ),
                (0.35, 0.65),
            ),
        ]
    out += [
        Heading("Vedlegg"),
        Para(f"Filen {zip_name} inneholder:"),
        Table(
            ("Fil", "Format"),
            package_files(ctx),  # issue 13: an index and one JSON + CSV per system
            (0.3, 0.7),
        ),
        Para(
            "Opplysninger vi har fått fra andre, eller som vi behandler fordi loven krever det "
            "(for eksempel regnskapsbilag), omfattes ikke av retten til dataportabilitet. Du kan "
            "likevel få innsyn i dem (artikkel 15)."
        ),
    ]
    return out
