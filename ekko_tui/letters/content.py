"""What a letter states, decided once for every language: which recipients got this person's
data and in what role, which transfers leave the EEA and on what safeguard, which sources apply,
who was told of a change (Art. 19), and what stops a letter from going out.

The wording modules (kinds.py and confirmations.py in bokmål, english*.py in English) only say
these facts; they never choose them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ekko_tui.domain.registers import SAFEGUARDS, is_third_country

# How long the request and the answer are kept after the case is closed (foreldelsesloven § 2):
# stated in the no-data answer, kept by the retention sweep (explicit re-export).
from ekko_tui.domain.request_retention import REQUEST_RECORD_YEARS as REQUEST_RECORD_YEARS
from ekko_tui.letters.model import Activity, LetterContext, LetterError, Recipient

# Channels run by a recipient: a request sent through them reached EKKO through that recipient.
CHANNEL_SYSTEMS = {
    "facebook": ("facebook", "meta"),
    "instagram": ("instagram", "meta"),
    "form": ("domeneshop", "website"),
}
# Safeguard codes that are no safeguard at all.
NO_SAFEGUARD = ("unknown", "none", "eea")
# The request record and the letters: they never count as data "in a system" of the person.
RECORD_SYSTEMS = {"inbox"}
# The codes a user may record with `ekko processors set KEY --safeguard CODE`.
SAFEGUARD_CODES = tuple(c for c in SAFEGUARDS if c not in ("eea", "none", "unknown"))


@dataclass(frozen=True)
class Transfer:
    """Data leaving the EEA: to `to` in `country`, directly or onward through `via`."""

    recipient: Recipient
    to: str  # the entity outside the EEA
    country: str  # its ISO code
    safeguard: str  # register code
    onward: bool  # True: `recipient` is in the EEA and sends the data on


@dataclass(frozen=True)
class RecipientFacts:
    """The recipients one letter names, split by what is true of this person."""

    received: tuple[Recipient, ...]  # hold this person's data (a system they are in)
    possible: tuple[Recipient, ...]  # get it only when a case or a law requires it
    transfers: tuple[Transfer, ...]


def subject_systems(ctx: LetterContext) -> set[str]:
    """The systems that hold the person's data, plus the channel their request came through."""
    systems = {h.system for h in ctx.holdings}
    systems.update(CHANNEL_SYSTEMS.get(ctx.request.channel, ()))
    return systems


def has_data(ctx: LetterContext) -> bool:
    """Whether anything beyond the request itself is held about the person."""
    return any(h.system not in RECORD_SYSTEMS for h in ctx.holdings)


def relevant_activities(ctx: LetterContext) -> tuple[Activity, ...]:
    """The activities that use a system holding the person's data (and those tied to none)."""
    systems = subject_systems(ctx)
    return tuple(a for a in ctx.activities if not a.systems or systems & set(a.systems))


# Systems whose data ekko traces per person (the imports and the request channels): a recipient
# tied to one of these is named only to the people it holds data on. Others (the web host, the
# accountant, advisers, authorities) receive data case by case: named as possible recipients
# where an activity that applies to the person uses them.
PER_PERSON_SYSTEMS = frozenset(
    {"kajabi", "stripe", "fiken", "newsletter", "zoom", "facebook", "instagram", "meta", "google"}
)


def recipient_facts(ctx: LetterContext) -> RecipientFacts:
    """Who got this person's data, who may get it, and the transfers outside the EEA.

    A recipient with a system the person is in received their data. A recipient that keeps no
    per-person system and serves an activity that applies to the person may receive it when
    needed. A recipient with a per-person system the person is not in never got their data: it
    is not named (someone who never paid is not told Stripe has their data)."""
    systems = subject_systems(ctx)
    names = {n for a in relevant_activities(ctx) for n in a.recipients}
    received: list[Recipient] = []
    possible: list[Recipient] = []
    for r in ctx.recipients:
        if systems & set(r.systems):
            received.append(r)
        elif r.name in names and not PER_PERSON_SYSTEMS & set(r.systems):
            possible.append(r)
    transfers = tuple(t for r in (*received, *possible) if (t := _transfer(r)) is not None)
    return RecipientFacts(tuple(received), tuple(possible), transfers)


def _transfer(r: Recipient) -> Transfer | None:
    if r.is_category or not r.country:
        return None
    if is_third_country(r.country):
        return Transfer(r, r.name, r.country, r.safeguard, onward=False)
    if r.safeguard != "eea" or r.onward_country:
        return Transfer(r, r.onward_entity, r.onward_country, r.safeguard, onward=True)
    return None


def transfer_blockers(facts: RecipientFacts) -> list[str]:
    """What must be recorded before a letter may state these recipients (user-facing English).

    A letter never tells a person that a transfer's basis is "being clarified": a recipient
    outside the EEA, or an onward transfer, without a safeguard stops the letter."""
    out: list[str] = []
    codes = "|".join(SAFEGUARD_CODES)
    for r in (*facts.received, *facts.possible):
        key = r.key or r.name
        if r.is_category:
            continue
        if not r.country:
            out.append(
                f"{r.name}: no country is recorded, so the letter cannot say where the data "
                f"is. Record it in the registers (key 4, entry '{key}')."
            )
    for t in facts.transfers:
        r = t.recipient
        key = r.key or r.name
        command = f"ekko processors set {key} --safeguard {codes}"
        if t.safeguard in NO_SAFEGUARD:
            where = (
                f"sends the data on outside the EEA ({t.to or 'recipient unknown'}"
                f"{', ' + t.country if t.country else ''})"
                if t.onward
                else f"is outside the EEA ({t.country})"
            )
            out.append(
                f"{r.name} {where} and no transfer safeguard is recorded. Record the one its "
                f"terms give: `{command}` (or in the registers, key 4), then write the letter "
                "again."
            )
        elif t.onward and not (t.to and t.country):
            out.append(
                f"{r.name} sends the data on outside the EEA, but not to whom or where: record "
                f"the onward recipient and country in the registers (key 4, entry '{key}'), "
                "or accept the shipped register update (u) that names them."
            )
    return out


def check_transfers(facts: RecipientFacts) -> None:
    """Raise LetterError with every gap the letter would otherwise have to paper over."""
    blockers = transfer_blockers(facts)
    if blockers:
        raise LetterError(" ".join(blockers), "recipients")


@dataclass(frozen=True)
class Notices:
    """Art. 19: who was told of the change (with the date), and who is still to be told."""

    sent: tuple[tuple[Recipient | None, str, date], ...]  # (register entry, name, sent on)
    pending: tuple[Recipient, ...]

    @property
    def all_sent(self) -> bool:
        return not self.pending


def art19_notices(ctx: LetterContext, systems: set[str] | None = None) -> Notices:
    """Recorded notices first (in the order recorded), then recipients not yet told."""
    by_name = {r.name: r for r in ctx.recipients}
    sent = tuple((by_name.get(n.recipient), n.recipient, n.notified_on) for n in ctx.notifications)
    told = {n.recipient for n in ctx.notifications}
    held = subject_systems(ctx) if systems is None else systems
    pending = tuple(
        r
        for r in ctx.recipients
        if r.name not in told and held & set(r.systems) and r.role != "authority"
    )
    return Notices(sent, pending)


# The register's source texts name the person in the third person; a letter says "you".
_SELF_WORDS = (
    "den registrerte selv",
    "den registrerte",
    "kunden",
    "deltakeren",
    "abonnenten",
    "deg selv",
)


def sources(ctx: LetterContext) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(what came from the person themselves, other sources), from the activities that apply.

    The first holds the details after "Den registrerte selv: …" etc. (possibly empty strings
    for a bare "Kunden"); the second the other sources as the register words them."""
    own: list[str] = []
    other: list[str] = []
    for a in relevant_activities(ctx):
        for part in (p.strip() for p in a.source.split(";")):
            if not part:
                continue
            low = part.lower()
            word = next((w for w in _SELF_WORDS if low.startswith(w)), None)
            if word is None:
                other.append(part)
                continue
            rest = part[len(word) :].strip(" :,-–").strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1]
            if rest.startswith("og "):  # "Deg selv, og kortutstederen din": two sources
                own.append("")
                other.append(rest[3:])
                continue
            own.append(rest)
    return tuple(dict.fromkeys(own)), tuple(dict.fromkeys(other))
