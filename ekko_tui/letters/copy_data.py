"""The plain data of an access copy (Art. 15(3)): what each system's records hold, which
systems were searched and how fresh their exports are, and EKKO's own records about the person.
Filled by services/subject_records.py; laid out by letters/copy.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ekko_tui.domain.records import SubjectRecords


@dataclass(frozen=True)
class OwnRequest:
    """One request the person made to EKKO, as EKKO logged it."""

    ref: str
    received: date
    types: tuple[str, ...]
    status: str  # a STATUSES key
    identity: str  # how identity was checked ("" when not recorded)


@dataclass(frozen=True)
class OwnLetter:
    """One letter EKKO wrote to the person."""

    ref: str
    kind: str  # a LETTER_KINDS key
    written: date
    sent: date | None


@dataclass(frozen=True)
class OwnSuppression:
    """A suppression entry that matches one of the person's e-mails or phones."""

    kind: str  # "email" | "phone"
    added_on: date
    reason: str  # the fixed vocabulary of store.suppression
    request_ref: str


@dataclass(frozen=True)
class AccessCopy:
    """Everything the copy in an access letter holds."""

    records: SubjectRecords
    searched: tuple[tuple[str, date | None], ...]  # every system searched, newest export date
    requests: tuple[OwnRequest, ...] = ()
    letters: tuple[OwnLetter, ...] = ()
    suppressions: tuple[OwnSuppression, ...] = ()
