"""The bokmål words of a letter's recipients part (the structure is letters/recipients.py)."""

from __future__ import annotations

from ekko_tui.letters import norsk as nb
from ekko_tui.letters.model import Recipient
from ekko_tui.letters.recipients import RecipientWords

NB = RecipientWords(
    roles=nb.ROLES,
    country=nb.country,
    join=nb.join,
    bases=nb.TRANSFER_BASES,
    nobody="Vi har ikke utlevert opplysningene om deg til noen andre.",
    not_sold="Vi selger ikke opplysningene dine (artikkel 15 nr. 1 bokstav c).",
    columns=("Mottaker", "Rolle", "Hva de gjør for oss", "Land"),
    received="Disse har fått opplysninger om deg:",
    possible="Disse får opplysninger om deg bare når en sak eller loven krever det:",
    unnamed=lambda r: f"{r.name}: vi kan ikke oppgi navnet på mottakeren. {r.unnamed_reason}",
    processor=(
        "En databehandler behandler opplysningene bare på våre vegne og etter våre "
        "instrukser (artikkel 28)."
    ),
    joint=lambda names: (
        f"Vi og {names} er felles behandlingsansvarlige for det vi samler inn og deler "
        "(artikkel 26). Det selskapet gjør med opplysningene etterpå, svarer det selv "
        "for. Du kan få hovedinnholdet i ordningen mellom oss."
    ),
    independent=lambda names: (
        f"{names} bestemmer selv over opplysningene de får, og svarer selv for behandlingen av dem."
    ),
    authority=lambda names: f"{names} får opplysninger fra oss bare når loven krever det.",
    transfers="Overføring til land utenfor EØS (artikkel 15 nr. 2):",
    onward=lambda name, home, to, country, basis: (
        f"{name} holder til i {home}, innenfor EØS, men sender opplysningene videre til {to} "
        f"i {country}. Den overføringen bygger på {basis}."
    ),
    direct=lambda name, country, basis: (
        f"{name} holder til i {country}, utenfor EØS. Overføringen dit bygger på {basis}."
    ),
    safeguard_copy="Du kan be om en kopi av garantiene for overføringene (artikkel 46).",
)


def role(r: Recipient) -> str:
    return NB.role(r)
