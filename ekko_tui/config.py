"""ekko's configuration, read once: from the command line and the environment, in one place.

`Config.load(os.environ, db=…, demo=…)` is called by `__main__.main` only; everything else gets
the `Config` (or the plain values in it) passed in: `make_app(config.db_path, config=config)`,
the CLI handlers, the store (`open_db(path, encrypt=config.encrypt)`). No module edits the
environment. Environment variables: EKKO_DB (the database file), EKKO_NOW (a fixed clock),
EKKO_ENCRYPTION=off (plain SQLite); the store's key lookup still honours EKKO_DB_KEY and
EKKO_SEAL_KEY itself (see ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ekko_tui.clock import Clock, default_actor

OFF = ("off", "0", "no")


@dataclass(frozen=True)
class Config:
    """Where the database is, what time it is, who acts, and how the database is kept."""

    db_path: Path
    clock: Clock
    actor: str
    demo: bool = False
    encrypt: bool = True  # False: EKKO_ENCRYPTION=off (or the demo's throwaway plain file)

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
        )
