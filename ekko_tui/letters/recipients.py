"""The recipients part of a letter (Art. 15(1)(c) and 15(2)), in either language: each
recipient named with its role, those that may receive the data only when needed, categories
with the reason no name can be given (CJEU C-154/21), each role explained, and each transfer out
of the EEA with its safeguard. The facts come from content.py; the structure is here once, and
each language gives its words (`RecipientWords`: recipients_nb.NB, english_access.EN)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ekko_tui.letters import content
from ekko_tui.letters.model import Block, Bullets, Para, Recipient, Table

_WIDTHS = (0.28, 0.22, 0.36, 0.14)


@dataclass(frozen=True)
class RecipientWords:
    """One language's words for the recipients part."""

    roles: Mapping[str, str]  # register role code → its name ("recipient" is the default)
    country: Callable[[str], str]  # ISO code → name
    join: Callable[[Sequence[str]], str]  # `a, b and c`
    bases: Mapping[str, str]  # safeguard code → what a transfer relies on
    nobody: str
    not_sold: str
    columns: tuple[str, str, str, str]
    received: str
    possible: str
    unnamed: Callable[[Recipient], str]  # a category: why no name can be given
    processor: str
    joint: Callable[[str], str]  # the joint controllers' names → the sentence
    independent: Callable[[str], str]
    authority: Callable[[str], str]
    transfers: str
    onward: Callable[[str, str, str, str, str], str]  # name, its country, to, country, basis
    direct: Callable[[str, str, str], str]  # name, country, basis
    safeguard_copy: str

    def role(self, r: Recipient) -> str:
        return self.roles.get(r.role, self.roles["recipient"])

    def country_or_dash(self, code: str) -> str:
        return self.country(code) if code else "–"


def recipients_section(facts: content.RecipientFacts, w: RecipientWords) -> list[Block]:
    """Art. 15(1)(c) and 15(2): every recipient named, with its role; the transfers."""
    if not facts.received and not facts.possible:
        return [Para(w.nobody)]
    out: list[Block] = [Para(w.not_sold)]
    for heading, group in ((w.received, facts.received), (w.possible, facts.possible)):
        if group:
            rows = tuple(
                (r.name, w.role(r), r.service, w.country_or_dash(r.country)) for r in group
            )
            out += [Para(heading), Table(w.columns, rows, _WIDTHS)]
    out += [Para(w.unnamed(r)) for r in facts.possible if r.is_category]
    out += _roles_explained((*facts.received, *facts.possible), w)
    if facts.transfers:
        out += [
            Para(w.transfers),
            Bullets(tuple(_transfer(t, w) for t in facts.transfers)),
            Para(w.safeguard_copy),
        ]
    return out


def _roles_explained(recipients: tuple[Recipient, ...], w: RecipientWords) -> list[Block]:
    def names(code: str) -> str:
        return w.join([r.name for r in recipients if r.role == code])

    out: list[Block] = []
    if names("processor"):
        out.append(Para(w.processor))
    if joint := names("joint_controller"):
        out.append(Para(w.joint(joint)))
    if independent := names("independent_controller"):
        out.append(Para(w.independent(independent)))
    if authority := names("authority"):
        out.append(Para(w.authority(authority)))
    return out


def _transfer(t: content.Transfer, w: RecipientWords) -> str:
    basis, r = w.bases[t.safeguard], t.recipient
    if t.onward:
        return w.onward(r.name, w.country(r.country), t.to, w.country(t.country), basis)
    return w.direct(r.name, w.country(t.country), basis)
