"""Plain data in and out of the letters: the registers' facts in, every paragraph and row out.

Nothing here knows about peewee, Textual or ReportLab: the store fills a `LetterContext`, the
builder turns it into a `LetterData`, and the renderer only lays that out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ekko_tui.domain.registers import is_third_country
from ekko_tui.domain.retention import KeptRecord
from ekko_tui.letters.copy_data import AccessCopy

__all__ = [
    "Activity",
    "Block",
    "Bullets",
    "Controller",
    "FreeField",
    "Heading",
    "Holding",
    "KeptRecord",
    "LetterContext",
    "LetterData",
    "LetterError",
    "Notification",
    "Para",
    "Recipient",
    "RequestInfo",
    "Subject",
    "Table",
]


class LetterError(ValueError):
    """This letter cannot be written as asked (message is user-facing, English)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------- input: the registers


@dataclass(frozen=True)
class Controller:
    """The controller profile (behandlingsansvarlig) printed in the letterhead and signature."""

    name: str
    org_number: str
    address_lines: tuple[str, ...]
    email: str
    website: str
    contact_person: str
    phone: str = ""


@dataclass(frozen=True)
class Recipient:
    """A recipient of personal data from the register: who, in what role, where, on what footing.

    Codes, not words: each letter language says them its own way (letters/content.py decides
    what a letter states about them, once for every language)."""

    name: str
    country: str  # ISO 3166 alpha-2 of the entity, "" = unknown
    service: str  # what it does for EKKO, register prose (bokmål)
    safeguard: str  # register code: eea | adequacy | dpf | scc | bcr | art49 | none | unknown
    systems: tuple[str, ...] = ()  # system keys whose data it holds, e.g. ("kajabi",)
    role: str = "processor"  # processor | joint_controller | independent_controller | authority …
    key: str = ""  # the register key, for `ekko processors set KEY …`
    onward_entity: str = ""  # an EEA entity's onward recipient outside the EEA, e.g. Stripe, Inc.
    onward_country: str = ""  # ISO code of that onward transfer, e.g. "US"
    unnamed_reason: str = ""  # set only for a category: why no recipient can be named

    @property
    def in_eea(self) -> bool:
        return bool(self.country) and not is_third_country(self.country)

    @property
    def is_category(self) -> bool:
        return bool(self.unnamed_reason)


@dataclass(frozen=True)
class Activity:
    """One processing activity (Art. 30): why, on what basis, which data, how long, to whom."""

    purpose: str
    basis: str
    data_categories: tuple[str, ...]
    retention: str
    recipients: tuple[str, ...]  # recipient names
    source: str
    systems: tuple[str, ...] = ()  # system keys this activity uses
    basis_codes: tuple[str, ...] = ()  # Art. 6(1) letters, e.g. ("b",): each language words them


@dataclass(frozen=True)
class Holding:
    """What one system holds on the subject."""

    system: str  # key: kajabi, stripe, fiken, newsletter, inbox …
    categories: tuple[str, ...]
    external_id: str = ""
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    details: tuple[tuple[str, str], ...] = ()  # (field, value) rows: the copy of the data
    portable: bool = False  # provided by the subject, on consent or contract (Art. 20)
    label: str = ""  # display name; the builder falls back to SYSTEM_LABELS


@dataclass(frozen=True)
class Subject:
    """The person the letter is about and is sent to."""

    name: str
    address_lines: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()  # e-mails, phones, customer numbers searched for


@dataclass(frozen=True)
class RequestInfo:
    """The request the letter answers."""

    ref: str
    received: dt.date
    first_deadline: dt.date
    deadline: dt.date  # the effective one
    types: tuple[str, ...]
    channel: str
    extended_deadline: dt.date | None = None  # set, or previewed, when an extension is notified
    extension_kind: str = ""
    extension_reason: str = ""
    outcome_note: str = ""
    identity_method: str = ""


@dataclass(frozen=True)
class Notification:
    """An Art. 19 notice to a recipient about an erasure, rectification or restriction."""

    recipient: str
    notified_on: dt.date


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter may draw on."""

    controller: Controller
    subject: Subject
    request: RequestInfo
    recipients: tuple[Recipient, ...] = ()
    activities: tuple[Activity, ...] = ()
    holdings: tuple[Holding, ...] = ()
    kept_records: tuple[KeptRecord, ...] = ()
    notifications: tuple[Notification, ...] = ()
    # Subjects that might be the requester though not linked ("#3 Bjørn Håland (kajabi): same
    # name"): a no-data access answer is refused while there are any (issue 13).
    no_data_candidates: tuple[str, ...] = ()
    # The records EKKO holds, system by system, and its own records (issue 13): the copy.
    copy: AccessCopy | None = None


# ---------------------------------------------------------------- output: the letter


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    small: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table whose header row repeats on every page it runs onto."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # fractions of the text width, summing to 1

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.columns):
            raise ValueError("one width per column")
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"row {row!r} does not have {len(self.columns)} cells")


Block = Heading | Para | Bullets | Table


@dataclass(frozen=True)
class FreeField:
    """A paragraph the user writes or edits in the preview (reasons, notes, the address)."""

    key: str
    label: str  # English, for the form
    default: str = ""
    required: bool = False
    multiline: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (code, English label) for a pick list


@dataclass(frozen=True)
class LetterData:
    """A whole letter as data: the renderer lays out exactly this and nothing else."""

    kind: str
    title: str
    ref: str
    date: dt.date
    sender: Controller
    recipient_lines: tuple[str, ...]
    blocks: tuple[Block, ...]
    closing: tuple[str, ...]
    received: dt.date | None = None
    attachments: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
    lang: str = "nb"  # the page furniture's language: "nb" (bokmål) or "en"
