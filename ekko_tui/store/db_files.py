"""The database file itself, below the open handle: raw SQLCipher connections, what a file
is (plain SQLite, encrypted, ekko's or another program's), and the in-place encryption of an
old plaintext file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from ekko_tui.files import create_private_file
from ekko_tui.store.db_errors import NotEkkoDatabase, StoreError

# PRAGMA application_id marks a file as ours: "EKKO" in ASCII.
# PRAGMA application_id marks a file as ours: "EKKO" in ASCII.
APPLICATION_ID = 0x454B4B4F


SQLITE_HEADER = b"SQLite format 3\x00"


def connect_raw(path: str | Path, key: str | None) -> Any:
    """A plain DB-API connection through SQLCipher, keyed if `key`, with its stderr log silenced."""
    con = sqlcipher.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if key:
            con.execute(_key_pragma(key))
    except BaseException:
        con.close()
        raise
    return con


def _is_hex(key: str) -> bool:
    return len(key) == 64 and all(c in "0123456789abcdef" for c in key.lower())


def _key_text(key: str) -> str:
    """Hex keys are raw 256-bit keys (no key derivation); other text is a passphrase."""
    return f"x'{key}'" if _is_hex(key) else key


def _key_pragma(key: str) -> str:
    return "PRAGMA key = '{}'".format(_key_text(key).replace("'", "''"))


def _header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)


def _could_be_encrypted(path: Path) -> bool:
    """An SQLCipher file is whole pages of random-looking bytes; text and short files are not."""
    size = path.stat().st_size
    if size < 1024 or size % 512:
        return False
    head = _header(path)
    return sum(32 <= b < 127 for b in head) < len(head)


def _check_ours(path: Path, key: str | None) -> None:
    """Refuse a file that is not ours: not SQLite, another program's SQLite, or the wrong key."""
    try:
        con = connect_raw(path, key)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlcipher.DatabaseError as exc:
        if key:
            raise NotEkkoDatabase(
                f"{path} cannot be opened with its key: the key is wrong, or the file is not an "
                "ekko database. Check EKKO_DB_KEY or the keychain entry 'ekko', or choose another "
                "file with --db PATH."
            ) from exc
        raise NotEkkoDatabase(
            f"{path} is not an ekko database ({exc}). "
            "Choose another file with --db PATH or EKKO_DB, or move this one away."
        ) from exc
    # A plaintext file without our id is another program's, even with no tables yet (only a
    # zero-length file is a new database); an encrypted one our key opens can only be ours.
    if app_id != APPLICATION_ID and (tables or key is None):
        raise NotEkkoDatabase(
            f"{path} is an SQLite database of another program, not ekko's. "
            "Choose another file with --db PATH or EKKO_DB."
        )


def encrypt_in_place(path: Path, key: str) -> None:
    """Convert a plaintext ekko database to SQLCipher: copy encrypted, verify, then swap."""
    staging = path.with_name(path.name + ".encrypting")
    staging.unlink(missing_ok=True)
    create_private_file(staging)
    plain = connect_raw(path, None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _table_counts(plain)
        app_id = plain.execute("PRAGMA application_id").fetchone()[0]
        plain.execute("ATTACH DATABASE ? AS enc KEY ?", (str(staging), _key_text(key)))
        plain.execute("SELECT sqlcipher_export('enc')")
        plain.execute(f"PRAGMA enc.application_id = {int(app_id)}")
        plain.execute("DETACH DATABASE enc")
    finally:
        plain.close()
    check = connect_raw(staging, key)
    try:
        if _table_counts(check) != counts:
            raise StoreError(f"Encrypting {path} did not copy every row; the file is unchanged.")
        if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(
                f"The encrypted copy of {path} failed its check; the file is unchanged."
            )
    finally:
        check.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    staging.replace(path)


def _table_counts(con: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if not r[0].startswith("sqlite_")
    ]
    return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
