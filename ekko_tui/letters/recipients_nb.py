"""The recipients part of a bokmål letter (Art. 15(1)(c) and 15(2)): each recipient named with
its role, those that may receive the data only when needed, categories with the reason no name
can be given (CJEU C-154/21), and each transfer out of the EEA with its safeguard. The facts come
from content.py; this only words them."""

from __future__ import annotations

from ekko_tui.letters import content
from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import Block, Bullets, Para, Recipient, Table


def role(r: Recipient) -> str:
    return nb.ROLES.get(r.role, nb.ROLES["recipient"])


def country(code: str) -> str:
    return nb.country(code) if code else "–"


def recipients_section(facts: content.RecipientFacts) -> list[Block]:
    """Art. 15(1)(c) and 15(2): every recipient named, with its role; the transfers."""
    out: list[Block] = []
    if not facts.received and not facts.possible:
        return [Para("Vi har ikke utlevert opplysningene om deg til noen andre.")]
    out.append(Para("Vi selger ikke opplysningene dine (artikkel 15 nr. 1 bokstav c)."))
    columns = ("Mottaker", "Rolle", "Hva de gjør for oss", "Land")
    widths = (0.28, 0.22, 0.36, 0.14)
    if facts.received:
        out += [
            Para("Disse har fått opplysninger om deg:"),
            Table(columns, tuple(_row(r) for r in facts.received), widths),
        ]
    if facts.possible:
        out += [
            Para("Disse får opplysninger om deg bare når en sak eller loven krever det:"),
            Table(columns, tuple(_row(r) for r in facts.possible), widths),
        ]
        out += [
            Para(f"{r.name}: vi kan ikke oppgi navnet på mottakeren. {r.unnamed_reason}")
            for r in facts.possible
            if r.is_category
        ]
    out += _roles_explained((*facts.received, *facts.possible))
    if facts.transfers:
        out += [
            Para("Overføring til land utenfor EØS (artikkel 15 nr. 2):"),
            Bullets(tuple(_transfer(t) for t in facts.transfers)),
            Para("Du kan be om en kopi av garantiene for overføringene (artikkel 46)."),
        ]
    return out


def _row(r: Recipient) -> tuple[str, str, str, str]:
    return (r.name, role(r), r.service, country(r.country))


def _roles_explained(recipients: tuple[Recipient, ...]) -> list[Block]:
    def names(code: str) -> str:
        return nb.join([r.name for r in recipients if r.role == code])

    out: list[Block] = []
    if names("processor"):
        out.append(
            Para(
                "En databehandler behandler opplysningene bare på våre vegne og etter våre "
                "instrukser (artikkel 28)."
            )
        )
    if joint := names("joint_controller"):
        out.append(
            Para(
                f"Vi og {joint} er felles behandlingsansvarlige for det vi samler inn og deler "
                "(artikkel 26). Det selskapet gjør med opplysningene etterpå, svarer det selv "
                "for. Du kan få hovedinnholdet i ordningen mellom oss."
            )
        )
    if independent := names("independent_controller"):
        out.append(
            Para(
                f"{independent} bestemmer selv over opplysningene de får, og svarer selv for "
                "behandlingen av dem."
            )
        )
    if authority := names("authority"):
        out.append(Para(f"{authority} får opplysninger fra oss bare når loven krever det."))
    return out


def _transfer(t: content.Transfer) -> str:
    basis = nb.TRANSFER_BASES[t.safeguard]
    r = t.recipient
    if t.onward:
        return (
            f"{r.name} holder til i {nb.country(r.country)}, innenfor EØS, men sender "
            f"opplysningene videre til {t.to} i {nb.country(t.country)}. Den overføringen "
            f"bygger på {basis}."
        )
    return (
        f"{r.name} holder til i {nb.country(t.country)}, utenfor EØS. Overføringen dit bygger "
        f"på {basis}."
    )
