"""How the store keeps the database: plain values from `Config`, handed to `open_db`.

The store never reads the environment: `Config.load` reads EKKO_ENCRYPTION, EKKO_DB_KEY,
EKKO_SEAL_KEY and EKKO_LETTERS once, and `open_db(path, settings=config.store)` keeps them
for the connection's life (`keys.settings()`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoreSettings:
    """What the store needs to know from outside, for one open database."""

    encrypt: bool = True  # False: plain SQLite (EKKO_ENCRYPTION=off, the demo's throwaway file)
    db_key: str = ""  # an explicit key (EKKO_DB_KEY, config.normal_db_key); "" = kept key
    seal_key: str = ""  # an explicit seal key (EKKO_SEAL_KEY, config.normal_seal_key)
    letters: str = ""  # the folder older versions saved letters in (EKKO_LETTERS), or ""
