"""The configuration is read once, from arguments and the environment, into a frozen Config;
no module of ekko changes the environment."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ekko_tui.config import Config

ROOT = Path(__file__).resolve().parents[2] / "ekko_tui"


def test_db_argument_before_ekko_db_before_the_user_data_folder(tmp_path: Path) -> None:
    env = {"EKKO_DB": str(tmp_path / "env.db")}
    assert Config.load(env, db=str(tmp_path / "arg.db")).db_path == tmp_path / "arg.db"
    assert Config.load(env).db_path == tmp_path / "env.db"
    default = Config.load({}).db_path
    assert default.name == "ekko.db" and default.parent.name == "ekko"
    assert Config.load({"EKKO_DB": "  "}).db_path == default  # blank is unset


def test_ekko_now_fixes_the_clock() -> None:
    assert Config.load({"EKKO_NOW": "2026-11-25"}).clock.now() == datetime(
        2026, 11, 25, 11, 0, tzinfo=UTC
    )  # a date alone: 12:00 in Oslo
    assert Config.load({"EKKO_NOW": "2026-11-25T10:00:00+01:00"}).clock.today().day == 25
    assert Config.load({}).clock.fixed is None
    with pytest.raises(ValueError):
        Config.load({"EKKO_NOW": "yesterday"})


@pytest.mark.parametrize(
    ("value", "encrypt"), [("off", False), ("0", False), ("NO", False), ("on", True), ("", True)]
)
def test_encryption_choice(value: str, encrypt: bool) -> None:
    assert Config.load({"EKKO_ENCRYPTION": value}).encrypt is encrypt
    assert Config.load({"EKKO_ENCRYPTION": value}, demo=True).encrypt is False  # the demo


def test_config_is_frozen() -> None:
    config = Config.load({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.demo = True  # type: ignore[misc]


WRITES = re.compile(
    r"os\.environ\s*\[[^\]]*\]\s*=(?!=)|del\s+os\.environ|os\.environ\.(pop|update|setdefault|"
    r"clear)\(|os\.putenv|os\.unsetenv"
)


def test_no_module_edits_the_environment() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if WRITES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_only_config_reads_the_environment() -> None:
    """Every EKKO_ variable (and anything else of the environment) is read in config.py alone."""
    readers = {
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if re.search(r"os\.environ|getenv|environ\[", path.read_text("utf-8"))
    }
    assert readers == {"config.py"}, readers


def test_keys_letters_and_mail_password_come_from_the_environment_once(tmp_path: Path) -> None:
    spaced = " ".join(["0123ABCD"] * 8)  # as the recovery sheet prints it
    config = Config.load(
        {
            "EKKO_DB_KEY": spaced,
            "EKKO_SEAL_KEY": " AB cd ",
            "EKKO_LETTERS": f" {tmp_path} ",
            "EKKO_MAIL_PASSWORD": " pass word ",
        },
        db="x.db",
    )
    assert config.db_key == "0123abcd" * 8 and config.seal_key == "abcd"
    assert config.letters == str(tmp_path) and config.mail_password == " pass word "
    assert config.store.db_key == config.db_key and config.store.seal_key == "abcd"
    assert config.store.letters == str(tmp_path) and config.store.encrypt
    assert Config.load({"EKKO_DB_KEY": "not hex but a passphrase "}).db_key == (
        "not hex but a passphrase"
    )
    assert Config.load({"EKKO_ENCRYPTION": "off"}).store.encrypt is False
    bare = Config.load({})
    assert (bare.db_key, bare.seal_key, bare.letters, bare.mail_password) == ("", "", "", "")
