"""Where ekko keeps its files, and where the shipped reference data is."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path


def default_db_path() -> Path:
    """EKKO_DB if set, else ekko.db in the user's data directory."""
    env = os.environ.get("EKKO_DB", "").strip()
    if env:
        return Path(env).expanduser()
    return user_data_path("ekko", appauthor=False) / "ekko.db"


def data_dir() -> Path:
    """The shipped `data/` folder: in the installed wheel, or atop a source checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"
