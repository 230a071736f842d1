"""The mailbox password: keychain first, else a file only the user can read (said once)."""

from __future__ import annotations

import stat

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from ekko_tui.config import Config
from ekko_tui.services.mailbox import find_password, password_file, store_password

ACCOUNT = "post@ipogs.no@imap.example.no:993"


def test_keychain_holds_it(memory_keyring) -> None:
    where, warning = store_password(ACCOUNT, "hemmelig")
    assert (where, warning) == ("the system keychain", "")
    assert memory_keyring.store[("ekko-mail", ACCOUNT)] == "hemmelig"
    assert find_password(ACCOUNT) == "hemmelig"
    assert not password_file(ACCOUNT).exists()


def test_no_keychain_means_a_private_file_and_a_warning(monkeypatch) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        where, warning = store_password(ACCOUNT, "hemmelig-ørret")
        path = password_file(ACCOUNT)
        assert where == str(path) and "readable only by you" in warning
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert find_password(ACCOUNT) == "hemmelig-ørret"
        explicit = Config.load({"EKKO_MAIL_PASSWORD": "fra-miljøet"}, db="x.db").mail_password
        assert find_password(ACCOUNT, explicit) == "fra-miljøet"  # the variable comes first
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("account", [ACCOUNT, "other@imap.example.no:993"])
def test_nothing_stored_is_none(account: str) -> None:
    assert find_password(account) is None
