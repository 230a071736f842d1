"""Where ekko keeps its files, and where the shipped reference data is."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path


def default_db_path() -> Path:
    """ekko.db in the user's data directory (when neither --db nor EKKO_DB names one)."""
    return user_data_path("ekko", appauthor=False) / "ekko.db"


def data_dir() -> Path:
    """The shipped `data/` folder: in the installed wheel, or atop a source checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"
