"""The inbox's mailbox fetch: on start, every few minutes, and on a key, in a thread worker.

No mailbox set up: nothing runs and nothing is said. A failure (login refused, no answer) is one
notification, repeated only when it changes or when the user asked (key g); the inbox stays
usable throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ekko_tui.store.mail_settings import MailSettings

FETCH_EVERY_SECONDS = 300.0


@dataclass
class MailFetched(Message):
    """What one fetch did, posted from the worker thread to the inbox."""

    manual: bool
    logged: tuple[str, ...] = ()  # refs of the new requests
    already: int = 0
    left: tuple[str, ...] = field(default_factory=tuple)  # "subject: reason" per message left
    error: str = ""
    busy: bool = False  # another ekko is fetching this mailbox right now


def configured_mailbox() -> MailSettings | None:
    from ekko_tui.store.mail_settings import load_settings

    return load_settings()


def fetch_in_thread(
    settings: MailSettings, now: datetime, actor: str, manual: bool, password: str = ""
) -> MailFetched:
    """One fetch with its own database connection (closed at the end); never raises.
    `password`: an explicit one (EKKO_MAIL_PASSWORD), else the kept one."""
    from ekko_tui.domain.eml import EmlError
    from ekko_tui.domain.requests import ValidationError
    from ekko_tui.services.mailbox import FetchBusy, MailboxError, fetch_new, find_password
    from ekko_tui.store.db import StoreError, db
    from ekko_tui.store.intake import log_eml

    try:
        report = fetch_new(
            settings,
            find_password(settings.account, password),
            lambda raw: log_eml(raw, now=now, actor=actor),
            not_mail=(EmlError, ValidationError),
        )
    except FetchBusy:
        return MailFetched(manual, busy=True)
    except (MailboxError, StoreError) as exc:
        return MailFetched(manual, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a thread must report, not die with a traceback
        return MailFetched(manual, error=f"Fetching mail failed: {type(exc).__name__}: {exc}")
    finally:
        db.close()
    return MailFetched(
        manual,
        logged=tuple(r.ref for _, r in report.logged),
        already=len(report.already),
        left=tuple(f"{f.subject or '(no subject)'}: {f.reason}" for f in report.failed),
    )
