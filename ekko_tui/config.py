"""ekko's configuration, read once: from the command line and the environment, in one place.

`Config.load(os.environ, db=…, demo=…)` is called by `__main__.main` only; everything else gets
the `Config` (or the plain values in it) passed in: `make_app(config.db_path, config=config)`,
the CLI handlers, the store (`open_db(path, encrypt=config.encrypt)`). No module edits the
environment, and no module but this one reads it. Environment variables: EKKO_DB (the
database file), EKKO_NOW (a fixed clock), EKKO_ENCRYPTION=off (plain SQLite), EKKO_DB_KEY and
EKKO_SEAL_KEY (explicit keys), EKKO_LETTERS (where "save as" proposes to write),
EKKO_MAIL_PASSWORD (the mailbox password). The store gets its part as `config.store`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ekko_tui.clock import Clock, default_actor

if TYPE_CHECKING:  # the store is imported when it is opened (`ekko deadline` never is)
    from ekko_tui.store.settings import StoreSettings

OFF = ("off", "0", "no")
HEX = frozenset("0123456789abcdefABCDEF")


def normal_db_key(text: str) -> str:
    """A database key as given (EKKO_DB_KEY): the recovery sheet prints it in groups of 8,
    so a 64-digit hex key loses its spaces and is lower-cased; anything else is kept as is."""
    text = text.strip()
    compact = "".join(text.split())
    if len(compact) == 64 and all(c in HEX for c in compact):
        return compact.lower()
    return text


def normal_seal_key(text: str) -> str:
    """A seal key as given (EKKO_SEAL_KEY), without spaces, lower-cased."""
    return "".join(text.split()).lower()


@dataclass(frozen=True)
class Config:
    """Where the database is, what time it is, who acts, and how the database is kept."""

    db_path: Path
    clock: Clock
    actor: str
    demo: bool = False
    encrypt: bool = True  # False: EKKO_ENCRYPTION=off (or the demo's throwaway plain file)
    db_key: str = ""  # EKKO_DB_KEY (normalised): the database key, before the keychain
    seal_key: str = ""  # EKKO_SEAL_KEY (normalised): the audit seal key, before the keychain
    letters: str = ""  # EKKO_LETTERS: the folder "save as" proposes (else the home folder)
    mail_password: str = ""  # EKKO_MAIL_PASSWORD: the mailbox password, before the keychain

    @property
    def store(self) -> StoreSettings:
        """What the store needs of this configuration (`open_db(path, settings=…)`)."""
        from ekko_tui.store.settings import StoreSettings

        return StoreSettings(
            encrypt=self.encrypt, db_key=self.db_key, seal_key=self.seal_key, letters=self.letters
        )

    @classmethod
    def from_environment(cls, *, db: str | None = None, demo: bool = False) -> Config:
        """The configuration of this process: `load` on its environment (main only)."""
        import os

        return cls.load(os.environ, db=db, demo=demo)

    @classmethod
    def load(
        cls, environ: Mapping[str, str], *, db: str | None = None, demo: bool = False
    ) -> Config:
        """The configuration of one run: `--db` before EKKO_DB before the user data folder;
        EKKO_NOW fixes the clock (a bad value is a ValueError naming it)."""
        if db:
            path = Path(db).expanduser()
        elif environ.get("EKKO_DB", "").strip():
            path = Path(environ["EKKO_DB"].strip()).expanduser()
        else:
            from ekko_tui.paths import default_db_path

            path = default_db_path()
        encrypt = environ.get("EKKO_ENCRYPTION", "on").strip().lower() not in OFF
        return cls(
            db_path=path,
            clock=Clock.from_text(environ.get("EKKO_NOW", "")),
            actor=default_actor(),
            demo=demo,
            encrypt=encrypt and not demo,
            db_key=normal_db_key(environ.get("EKKO_DB_KEY", "")),
            seal_key=normal_seal_key(environ.get("EKKO_SEAL_KEY", "")),
            letters=environ.get("EKKO_LETTERS", "").strip(),
            mail_password=environ.get("EKKO_MAIL_PASSWORD", ""),
        )
