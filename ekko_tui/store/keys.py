"""The database key: OS keychain through keyring, or an explicit, visible fallback.

Order: an explicit key (EKKO_DB_KEY, for scripts and servers without a keychain; read by
`Config` and handed over in `StoreSettings`, this module never reads the environment) → the
keychain
(service `ekko`, one entry per database path) → a key file readable only by the user in the
config directory (used only when the keychain does not work, and said so every time).
EKKO_ENCRYPTION=off stores the database in plain SQLite (tests of raw bytes, debugging).
keyring is imported only when the keychain is asked (not when an explicit key answers).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from platformdirs import user_config_path

from ekko_tui.files import ensure_private_folder, write_atomically
from ekko_tui.store.settings import StoreSettings

SERVICE = "ekko"
ENV_WHERE = "the EKKO_DB_KEY environment variable"


class KeyUnavailable(Exception):
    """No key can be found or stored; the message says what to do."""


@dataclass(frozen=True)
class DatabaseKey:
    """A key and where it lives (shown to the user), with a warning for the fallback."""

    key: str
    where: str
    warning: str = ""


# The settings of the database last opened (open_db, or held_exclusively) from the Config's
# plain values; they stay after close_db, so its state files are still found (compaction).
_settings = StoreSettings()


def use_settings(settings: StoreSettings) -> None:
    """Keep `settings` for the database being opened (open_db and held_exclusively only)."""
    global _settings
    _settings = settings


def settings() -> StoreSettings:
    """The settings of the database being opened, open or last opened."""
    return _settings


def encryption_enabled() -> bool:
    """Whether the database being opened (or last opened) is encrypted, as open_db was
    asked."""
    return _settings.encrypt


def _keyring() -> ModuleType:
    """The keyring package, imported at the first keychain access (~130 ms of start-up that
    an explicit key, a plain database or the demo never pay)."""
    import keyring

    return keyring


def _entry(db_path: Path) -> str:
    return str(db_path.expanduser().resolve())


def key_file(db_path: Path) -> Path:
    """The fallback key file of one database (named by a hash of its path)."""
    digest = hashlib.sha256(_entry(db_path).encode()).hexdigest()[:16]
    return user_config_path("ekko", appauthor=False) / "keys" / f"{digest}.key"


def _reason(exc: Exception) -> str:
    """A short reason for a keychain failure (the library's own text suggests packages)."""
    name = type(exc).__name__
    if name == "NoKeyringError":
        return "no keychain service is running"
    if name == "KeyringLocked":
        return "the keychain is locked"
    first = str(exc).split(".")[0].strip()
    return first or name


FILE_REASON = "it failed when the key was made"


def _fallback_warning(path: Path, reason: str) -> str:
    return (
        f"No working keychain ({reason}): the database key is kept in {path}, readable only by "
        "you. Anyone who can read your files can read it; print the recovery sheet and keep it "
        "safe (ekko key show)."
    )


def _read_key_file(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii").strip().strip('"')
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyUnavailable(f"Cannot read the key file {path}: {exc.strerror}.") from exc
    return text or None


def _write_key_file(path: Path, key: str) -> None:
    ensure_private_folder(path.parent, own=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    os.chmod(path, 0o600)


def env_key() -> str:
    """The explicit key of this run (EKKO_DB_KEY, groups of 8 joined), or ''."""
    return _settings.db_key


def find_key(db_path: Path) -> DatabaseKey | None:
    """The key of an existing database, or None if none is stored anywhere."""
    env = env_key()
    if env:
        return DatabaseKey(env, ENV_WHERE)
    return stored_key(db_path)


def stored_key(db_path: Path) -> DatabaseKey | None:
    """The key kept for this database in the keychain or the key file (EKKO_DB_KEY ignored).

    The key file first: it exists only when the keychain could not keep the key (store_key
    removes it once the keychain does), and reading it costs no keyring import."""
    path = key_file(db_path)
    from_file = _read_key_file(path)
    if from_file:
        return DatabaseKey(from_file, str(path), _fallback_warning(path, FILE_REASON))
    reason = ""
    try:
        stored = _keyring().get_password(SERVICE, _entry(db_path))
        if stored:
            return DatabaseKey(str(stored), "the system keychain")
    except Exception as exc:  # noqa: BLE001 - keychain backends raise their own error types
        reason = _reason(exc)
    from_file = _read_key_file(path)  # written meanwhile by another ekko whose keychain failed
    if from_file:
        return DatabaseKey(from_file, str(path), _fallback_warning(path, reason or "not used"))
    return None


def new_key() -> str:
    """A random 256-bit key, hex encoded."""
    return secrets.token_hex(32)


class KeyExists(KeyUnavailable):
    """A different key is already kept for this database: it is never overwritten."""


def store_key(
    db_path: Path, key: str, *, replace: bool = False, even_with_env: bool = False
) -> DatabaseKey:
    """Keep `key` for this database: in the keychain, or else in the visible fallback file.

    An existing, different key is never overwritten unless `replace` (key rotation only)."""
    if env_key() and not even_with_env:
        return DatabaseKey(key, ENV_WHERE)
    if not replace:
        existing = stored_key(db_path)
        if existing is not None:
            if existing.key != key:
                raise KeyExists(
                    f"A different key for {db_path} is already kept in {existing.where}; ekko "
                    "never replaces a key (only `ekko key rotate` does). Nothing was changed."
                )
            return existing
    try:
        _keyring().set_password(SERVICE, _entry(db_path), key)
        if _keyring().get_password(SERVICE, _entry(db_path)) == key:
            key_file(db_path).unlink(missing_ok=True)
            return DatabaseKey(key, "the system keychain")
        reason = "the keychain did not keep the key"
    except Exception as exc:  # noqa: BLE001 - keychain backends raise their own error types
        reason = _reason(exc)
    path = key_file(db_path)
    try:
        _write_key_file(path, key)
    except OSError as exc:
        raise KeyUnavailable(
            f"Neither the keychain ({reason}) nor the key file {path} can hold the database "
            f"key ({exc.strerror}). Set EKKO_DB_KEY, or unlock the keychain, and try again."
        ) from exc
    return DatabaseKey(key, str(path), _fallback_warning(path, reason))


# A key rotation writes the new key here first, so a crash between `PRAGMA rekey` and saving
# the key in the keychain never leaves a file that no stored key opens.
def _pending_file(db_path: Path) -> Path:
    return key_file(db_path).with_suffix(".next")


def store_pending(db_path: Path, key: str) -> None:
    """Keep the key a rotation is about to switch to (0600 file, removed when done)."""
    _write_key_file(_pending_file(db_path), key)


def pending_key(db_path: Path) -> str | None:
    """The key of an interrupted rotation, if any."""
    return _read_key_file(_pending_file(db_path))


def clear_pending(db_path: Path) -> None:
    """Forget the pending key once the rotation is complete."""
    _pending_file(db_path).unlink(missing_ok=True)


def fingerprint(secret: str) -> str:
    """A short, non-secret name of a key (printed on the sheet, kept with backups)."""
    return hashlib.sha256(("ekko key fingerprint:" + secret).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- files beside the key
# The seal key (HMAC for the audit chain and the suppression list), the audit head, the
# suppression list and the pending-compaction mark live outside the database, so a lost or
# tampered database file cannot take them along.


def state_file(db_path: Path, name: str) -> Path:
    """A small file kept beside this database's key (config dir); beside the database
    itself when encryption is off (debugging and the throwaway demo)."""
    if not encryption_enabled():
        return db_path.with_name(f"{db_path.name}.{name}")
    return key_file(db_path).with_suffix(f".{name}")


def read_state(db_path: Path, name: str) -> object | None:
    """The JSON in a state file, or None if there is none (or it is unreadable)."""
    try:
        value: object = json.loads(state_file(db_path, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value


def write_state(db_path: Path, name: str, value: object) -> None:
    """Replace a state file atomically, readable only by the user."""
    path = state_file(db_path, name)
    ensure_private_folder(path.parent)
    write_atomically(path, json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8"))
    os.chmod(path, 0o600)


STATE_NAMES = ("seal", "head", "suppressed", "compact", "backups")


def adopt_plain_state(db_path: Path) -> None:
    """A plaintext database being encrypted: move its state files from beside it to beside
    its new key (the seal key into the keychain when one works)."""
    for name in STATE_NAMES:
        plain = db_path.with_name(f"{db_path.name}.{name}")
        if not plain.exists():
            continue
        if name == "seal":
            value = _read_key_file(plain)
            if value and find_seal(db_path) is None:
                store_seal(db_path, value)
        elif not state_file(db_path, name).exists():
            ensure_private_folder(state_file(db_path, name).parent)
            plain.replace(state_file(db_path, name))
        plain.unlink(missing_ok=True)


def derived_seal(db_key: str) -> str:
    """The seal key a database gets at creation: derived from its first key, so the key on
    the first recovery sheet alone brings both back."""
    return hmac.new(db_key.encode(), b"ekko seal v1", hashlib.sha256).hexdigest()


def _seal_entry(db_path: Path) -> str:
    return _entry(db_path) + "#seal"


def find_seal(db_path: Path) -> str | None:
    """The seal key of this database (EKKO_SEAL_KEY, keychain, file), or None."""
    env = _settings.seal_key
    if env:
        return env
    return stored_seal(db_path)


def stored_seal(db_path: Path) -> str | None:
    """The seal key kept in the file or the keychain (EKKO_SEAL_KEY ignored), or None. The
    file first, as for the database key: it exists only when the keychain failed."""
    from_file = _read_key_file(state_file(db_path, "seal"))
    if from_file or not encryption_enabled():
        return from_file
    try:
        stored = _keyring().get_password(SERVICE, _seal_entry(db_path))
        if stored:
            return str(stored)
    except Exception:  # noqa: BLE001 - keychain backends raise their own error types
        pass
    return _read_key_file(state_file(db_path, "seal"))  # written meanwhile by another ekko


def store_seal(db_path: Path, seal: str) -> None:
    """Keep the seal key like the database key; an existing one is never replaced."""
    existing = stored_seal(db_path)
    if existing is not None:
        if existing != seal:
            raise KeyExists(f"A different seal key for {db_path} is already kept.")
        return
    if encryption_enabled():
        try:
            _keyring().set_password(SERVICE, _seal_entry(db_path), seal)
            if _keyring().get_password(SERVICE, _seal_entry(db_path)) == seal:
                return
        except Exception:  # noqa: BLE001 - keychain backends raise their own error types
            pass
    try:
        if encryption_enabled():
            _write_key_file(state_file(db_path, "seal"), seal)
        else:  # beside the plain database: no folder permissions to change there
            write_state(db_path, "seal", seal)
    except OSError as exc:
        raise KeyUnavailable(
            f"Cannot keep the seal key of {db_path} ({exc.strerror}). Unlock the keychain "
            "and try again."
        ) from exc
