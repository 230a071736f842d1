"""Before a database is opened: the lock beside it, whether the file is ekko's, the key that
opens it (kept, EKKO_DB_KEY, or new for a new file) and its audit seal key."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from ekko_tui.store import keys, lock
from ekko_tui.store.db_errors import DatabaseBusy, NotEkkoDatabase, StoreError, missing_message
from ekko_tui.store.db_files import (
    SQLITE_HEADER,
    _check_ours,
    _could_be_encrypted,
    _header,
)


def _ready(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


# Marks a first open that stored a new key but has not finished creating the file (a full
# disk, a kill): the next open carries on with that key instead of calling the file missing.
CREATING = "creating"


def _creation_interrupted(path: Path) -> bool:
    return keys.encryption_enabled() and keys.read_state(path, CREATING) is not None


def _has_kept_key(path: Path) -> bool:
    if not keys.encryption_enabled() or _creation_interrupted(path):
        return False
    return keys.stored_key(path) is not None or keys.pending_key(path) is not None


def _take_lock(path: Path) -> None:
    """Hold the lock beside the database: shared for an existing file, exclusive while a new
    file and its key are created (a second ekko waits, then opens what the first made).
    A missing file whose key is kept is an error, never a fresh start."""
    if lock.mode(path) == "exclusive":
        return  # restore or key rotation already holds it
    deadline = time.monotonic() + lock.WAIT_SECONDS
    while True:
        if _ready(path):
            # A plaintext file about to be encrypted is converted once, by one ekko alone.
            convert = keys.encryption_enabled() and _header(path) == SQLITE_HEADER
            if lock.try_lock(path, exclusive=convert):
                return
        elif lock.try_lock(path, exclusive=True):
            if _has_kept_key(path):  # nobody is creating it: it is missing
                lock.release(path)
                raise StoreError(missing_message(path))
            return
        elif lock.try_lock(path, exclusive=False):
            # Others have it open, nobody is creating or restoring it.
            if _ready(path):
                return
            lock.release(path)
            if _has_kept_key(path):
                raise StoreError(missing_message(path))
        if time.monotonic() >= deadline:
            raise DatabaseBusy(
                f"Another ekko is creating or restoring {path} and has not finished after "
                f"{lock.WAIT_SECONDS:.0f} seconds. Nothing was changed; try again."
            )
        time.sleep(lock.POLL)


def _refuse_foreign(path: Path) -> None:
    """Refuse an existing file that is neither our SQLite nor could be our encrypted file."""
    if not _ready(path):
        return
    if _header(path) == SQLITE_HEADER:
        _check_ours(path, None)
    elif not _could_be_encrypted(path):
        raise NotEkkoDatabase(
            f"{path} is not an ekko database (neither SQLite nor an encrypted ekko file). "
            "Choose another file with --db PATH or EKKO_DB, or move this one away."
        )


def _resolve_key(path: Path, *, kept_key: bool) -> tuple[keys.DatabaseKey | None, bool]:
    """Check the file is ours; return the key to open it with (None: plain SQLite) and whether
    a plaintext file must be converted first. A new key is stored only for a file we accept,
    only under the exclusive lock, and never over an existing key. `kept_key`: use the key
    kept for it, not EKKO_DB_KEY (a restore, whose variable may hold the backup's older key)."""
    exists = _ready(path)
    plaintext = exists and _header(path) == SQLITE_HEADER
    _refuse_foreign(path)
    if not keys.encryption_enabled():
        if exists and not plaintext:
            raise NotEkkoDatabase(
                f"{path} is encrypted (or not a database) and EKKO_ENCRYPTION is off. "
                "Unset EKKO_ENCRYPTION to open it with its key."
            )
        return None, False
    found = keys.stored_key(path) if kept_key else keys.find_key(path)
    if exists and not plaintext:
        try:
            if found is None:
                raise NotEkkoDatabase(
                    f"{path} is encrypted (or not a database) and no key for it was found: not "
                    "in the keychain, not in EKKO_DB_KEY, not in a key file. Set EKKO_DB_KEY to "
                    "the key from your recovery sheet, or choose another file with --db PATH."
                )
            _check_ours(path, found.key)
        except NotEkkoDatabase:
            pending = keys.pending_key(path)
            if pending is None:
                raise
            _check_ours(path, pending)  # an interrupted rotation: its new key opens the file
            found = keys.store_key(path, pending, replace=True)
            keys.clear_pending(path)
        return found, False
    if not exists and _has_kept_key(path):
        raise StoreError(missing_message(path))  # checked again under the lock
    if found is not None and not exists and _creation_interrupted(path):
        return found, False  # the key an interrupted first open made for this very file
    if found is None or found.where != keys.ENV_WHERE:
        # A new database (or a plaintext one being converted) gets a fresh key; store_key
        # refuses to replace a key that is already kept.
        if not exists:
            keys.write_state(path, CREATING, True)  # cleared once the first open succeeds
        found = keys.store_key(path, keys.new_key(), even_with_env=kept_key)
    return found, plaintext


def _load_seal(path: Path, key: keys.DatabaseKey | None) -> str:
    """The seal key of the open database: kept beside its key; made (derived from the key)
    the first time. A sealed database whose seal key is not here is refused: new events
    signed with another key would make its trail unverifiable."""
    from ekko_tui.store import audit

    seal = keys.find_seal(path)
    if seal is not None:
        if keys.stored_seal(path) is None:  # from EKKO_SEAL_KEY: checked, then kept
            if audit.is_sealed() and not audit.seal_matches(seal):
                raise StoreError(
                    f"EKKO_SEAL_KEY is not the seal key of {path}'s audit trail. Check it "
                    "against the recovery sheet. Nothing was changed."
                )
            keys.store_seal(path, seal)
        return seal  # a trail that does not match it is what `ekko verify` reports
    candidate = keys.derived_seal(key.key) if key else secrets.token_hex(32)
    if audit.is_sealed() and not audit.seal_matches(candidate):
        raise StoreError(
            f"The audit trail of {path} was sealed with a key that is not on this machine. "
            "Set EKKO_SEAL_KEY to the seal key from your recovery sheet and try again."
        )
    keys.store_seal(path, candidate)
    return candidate
