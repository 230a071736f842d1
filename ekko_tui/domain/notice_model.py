"""The privacy notice as plain data: what building it takes (`NoticeInput`: the registers and
the cookie rule) and what it gives (`Notice`: sections of paragraphs, bullets, tables and facts,
and the gaps that keep it from being lawful). `domain/notice.py` builds it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from ekko_tui.domain.register_entries import ActivityFields, ControllerFields, CookieFields
from ekko_tui.domain.registers import ProcessorFields


@dataclass(frozen=True)
class CookieRule:
    """The law the cookie declaration rests on, read from data (data/notice.toml)."""

    law_nb: str
    law_en: str
    law_id: str
    in_force: date
    section: str  # e.g. "3-15"; printed only when verified
    section_verified: bool
    url: str


@dataclass(frozen=True)
class Authority:
    """The supervisory authority for complaints (Art. 77)."""

    name: str
    address: str
    website: str


@dataclass(frozen=True)
class NoticeCookie:
    fields: CookieFields
    provider_name: str  # "" for the site itself


@dataclass(frozen=True)
class NoticeInput:
    controller: ControllerFields
    activities: tuple[tuple[ActivityFields, tuple[ProcessorFields, ...]], ...]
    cookies: tuple[NoticeCookie, ...]
    rule: CookieRule
    authority: Authority


@dataclass(frozen=True)
class Gap:
    """Something the registers lack for a lawful notice: `message` is English for the user."""

    where: str  # controller | activity | recipient | cookie
    name: str
    message: str


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = "para"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: str = "table"


@dataclass(frozen=True)
class Facts:
    """A titled list of label/value pairs (one processing activity)."""

    title: str
    rows: tuple[tuple[str, str], ...]
    kind: str = "facts"


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Notice:
    lang: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    updated_on: date
    updated_line: str
    gaps: tuple[Gap, ...]
    warnings: tuple[str, ...] = field(default=())
    draft_banner: str = ""

    @property
    def complete(self) -> bool:
        return not self.gaps

    @property
    def content_hash(self) -> str:
        """SHA-256 of what the notice says, its date left out."""
        body = {"lang": self.lang, "title": self.title, "intro": self.intro}
        body["sections"] = [asdict(s) for s in self.sections]  # type: ignore[assignment]
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


Block = Para | Bullets | Table | Facts
