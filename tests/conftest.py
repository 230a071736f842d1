"""Hermetic tests: a temporary home, database and clock; nothing touches the real user files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from hypothesis import settings

from ekko_tui.clock import Clock
from ekko_tui.domain.deadlines import OSLO
from ekko_tui.store import keys
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.settings import StoreSettings
from tests.memkeyring import MemoryKeyring

# CI runs the same property examples every time (stable); locally they vary and explore.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
    monkeypatch.delenv("EKKO_DB_KEY", raising=False)
    monkeypatch.delenv("EKKO_ENCRYPTION", raising=False)
    # The store's settings (encryption, explicit keys) start as a fresh process's.
    keys.use_settings(StoreSettings())
    # Subprocesses must never reach the real keychain either.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keychain for this test's in-process code."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


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


def raw_connect(path: Path):
    """A DB-API connection to an ekko file as it is on disk, opened with its own key."""
    from ekko_tui.store.db import connect_raw

    found = keys.find_key(path) if keys.encryption_enabled() else None
    return connect_raw(path, found.key if found else None)


def add_request(
    now: datetime,
    received: str = "2026-11-24 10:00",
    name: str = "Åse",
    *,
    types: str = "access",
    channel: str = "email",
    contact: str = "",
    message: str = "",
) -> int:
    """Store a valid request through the real validation and store path; returns its id."""
    from ekko_tui.domain.requests import validate_new_request
    from ekko_tui.store import requests as store

    new = validate_new_request(
        received=received,
        channel=channel,
        types=types,
        requester_name=name,
        requester_contact=contact,
        message=message,
        now=now,
    )
    return store.create_request(new, now=now, actor="t").id
