"""Hermetic tests: a temporary home, database and clock; nothing touches the real user files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ekko_tui.clock import Clock
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.store.db import close_db, open_db

# Wednesday 25 November 2026, 10:00 in Oslo: the fixed "now" of every test.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=OSLO).astimezone(UTC)


@pytest.fixture(autouse=True)
def hermetic_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("EKKO_NOW", NOW.isoformat())
    monkeypatch.delenv("EKKO_DB", raising=False)
    return home


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ekko.db"


@pytest.fixture
def db(db_path: Path):
    database = open_db(db_path)
    yield database
    close_db()
