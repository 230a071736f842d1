"""The privacy notice's inputs from the registers, and the published versions (hash, date, text).

`notice_input()` gathers plain data for `domain.notice.build_notice`; `record_publication`
keeps each published version, `last_publication` returns the newest for `--diff` and the
agenda's reminder.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path

from ekko_tui import paths
from ekko_tui.domain.notice import (
    Authority,
    CookieRule,
    Notice,
    NoticeCookie,
    NoticeInput,
    build_notice,
)
from ekko_tui.domain.register_entries import ActivityFields, CookieFields
from ekko_tui.store import registers
from ekko_tui.store.db import StoreError
from ekko_tui.store.register_models import NoticeVersion
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.times import from_db, to_db

EVENT_KIND = "notice"


@dataclass(frozen=True)
class Publication:
    id: int
    published_at: datetime  # aware UTC
    made_on: date
    lang: str
    content_hash: str
    file_hash: str
    path: str
    text: str


def notice_facts(folder: Path | None = None) -> tuple[CookieRule, Authority]:
    """The law the cookie declaration cites and the complaint authority, from data/notice.toml."""
    path = (folder or paths.data_dir()) / "notice.toml"
    try:
        with path.open("rb") as fh:
            doc = tomllib.load(fh)
        r, a = doc["cookie_rule"], doc["authority"]
        rule = CookieRule(
            law_nb=str(r["law_nb"]),
            law_en=str(r["law_en"]),
            law_id=str(r["law_id"]),
            in_force=date.fromisoformat(str(r["in_force"])),
            section=str(r.get("section", "")),
            section_verified=bool(r.get("section_verified", False)),
            url=str(r.get("url", "")),
        )
        return rule, Authority(str(a["name"]), str(a["address"]), str(a["website"]))
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
        raise StoreError(f"Shipped data file {path} cannot be read: {exc}") from exc


def notice_input(today: date) -> NoticeInput:
    """Everything the notice says, read from the registers (a fixed number of queries)."""
    acts = registers.activities(today)
    activity_fields = tuple(
        (
            ActivityFields(**{f.name: getattr(a, f.name) for f in fields(ActivityFields)}),
            tuple(r.fields for r in a.recipient_rows),
        )
        for a in acts
    )
    cookies = tuple(
        NoticeCookie(
            CookieFields(**{f.name: getattr(c, f.name) for f in fields(CookieFields)}),
            c.provider_name if c.provider else "",
        )
        for c in registers.cookies()
    )
    rule, authority = notice_facts()
    return NoticeInput(
        controller=registers.controller_profile(),
        activities=activity_fields,
        cookies=cookies,
        rule=rule,
        authority=authority,
    )


def current_notice(today: date, lang: str = "nb") -> Notice:
    return build_notice(notice_input(today), today, lang)


def _publication(row: NoticeVersion) -> Publication:
    return Publication(
        id=row.id,
        published_at=from_db(row.published_at),
        made_on=row.made_on,
        lang=row.lang,
        content_hash=row.content_hash,
        file_hash=row.file_hash,
        path=row.path,
        text=row.text,
    )


def last_publication(lang: str = "nb") -> Publication | None:
    """The newest published notice in `lang`, or None."""
    row = (
        NoticeVersion.select()
        .where(NoticeVersion.lang == lang)
        .order_by(NoticeVersion.id.desc())  # insertion order: true even if the clock went back
        .first()
    )
    return _publication(row) if row is not None else None


def publications() -> tuple[Publication, ...]:
    """Every published version, newest first."""
    rows = NoticeVersion.select().order_by(NoticeVersion.id.desc())
    return tuple(_publication(r) for r in rows)


def record_publication(
    notice: Notice, text: str, file_hash: str, path: str, *, now: datetime, actor: str
) -> bool:
    """Keep a published version; False (nothing stored) if it says what the last one said."""
    if not notice.complete:
        raise ValueError("a notice with gaps is a draft and is never recorded as published")
    with write():
        last = last_publication(notice.lang)
        if last is not None and last.content_hash == notice.content_hash:
            return False
        NoticeVersion.create(
            published_at=to_db(now),
            made_on=notice.updated_on,
            lang=notice.lang,
            content_hash=notice.content_hash,
            file_hash=file_hash,
            path=path,
            text=text,
        )
        log_event(
            None,
            EVENT_KIND,
            f"Privacy notice published ({notice.lang}, {notice.updated_on.isoformat()}, "
            f"sha256 {file_hash[:12]})",
            now=now,
            actor=actor,
        )
    return True


@dataclass(frozen=True)
class NoticeStatus:
    """Whether the published notice still says what the registers say (for the agenda)."""

    last: Publication | None
    current_hash: str
    complete: bool

    @property
    def outdated(self) -> bool:
        return self.last is None or self.last.content_hash != self.current_hash


def notice_status(today: date, lang: str = "nb") -> NoticeStatus:
    notice = current_notice(today, lang)
    return NoticeStatus(last_publication(lang), notice.content_hash, notice.complete)
