"""The database handle: opening (encrypted with SQLCipher by default), ownership checks,
conversion of an old plaintext file, and the migration runner."""

from __future__ import annotations

import contextlib
import errno
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import peewee
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2 as sqlcipher

from ekko_tui.files import create_private_file, ensure_private_folder, make_private
from ekko_tui.store import keys, lock, migration_runner
from ekko_tui.store.db_errors import _DAMAGED as _DAMAGED
from ekko_tui.store.db_errors import DatabaseBusy as DatabaseBusy
from ekko_tui.store.db_errors import DatabaseDamaged as DatabaseDamaged
from ekko_tui.store.db_errors import DiskFull as DiskFull
from ekko_tui.store.db_errors import NotEkkoDatabase as NotEkkoDatabase
from ekko_tui.store.db_errors import StoreError as StoreError
from ekko_tui.store.db_errors import _nearly_full as _nearly_full
from ekko_tui.store.db_errors import busy_message as busy_message
from ekko_tui.store.db_errors import check_db_path as check_db_path
from ekko_tui.store.db_errors import damaged_message as damaged_message
from ekko_tui.store.db_errors import disk_full_message as disk_full_message
from ekko_tui.store.db_errors import missing_message as missing_message
from ekko_tui.store.db_files import APPLICATION_ID as APPLICATION_ID
from ekko_tui.store.db_files import SQLITE_HEADER as SQLITE_HEADER
from ekko_tui.store.db_files import _check_ours as _check_ours
from ekko_tui.store.db_files import _could_be_encrypted as _could_be_encrypted
from ekko_tui.store.db_files import _header as _header
from ekko_tui.store.db_files import _key_pragma as _key_pragma
from ekko_tui.store.db_files import connect_raw as connect_raw
from ekko_tui.store.db_files import encrypt_in_place as encrypt_in_place
from ekko_tui.store.db_keys import CREATING as CREATING
from ekko_tui.store.db_keys import _load_seal, _ready, _refuse_foreign, _resolve_key, _take_lock
from ekko_tui.store.settings import StoreSettings

P = ParamSpec("P")
R = TypeVar("R")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "secure_delete": "on",
    "busy_timeout": 5000,
}


class EkkoDatabase(SqlCipherDatabase):  # type: ignore[misc]  # playhouse ships no types
    """SQLCipher through Peewee, keyed per connection; no key means plain SQLite."""

    def _connect(self) -> Any:
        params = dict(self.connect_params)
        key = params.pop("passphrase", "")
        conn = sqlcipher.connect(self.database, isolation_level=None, **params)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            if key:
                conn.execute(_key_pragma(key))
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn


db = EkkoDatabase(None, passphrase="")


def explain_database_error(exc: BaseException) -> StoreError:
    """A user-facing StoreError for any database error (damaged, busy, full or other)."""
    if isinstance(exc, StoreError):
        return exc
    if any(word in str(exc).lower() for word in _DAMAGED):
        return DatabaseDamaged(damaged_message(db.database))
    translated = translate_operational(exc)
    if translated is not None:
        return translated
    return StoreError(f"The database {db.database} reported an error ({exc}): nothing was changed.")


DATABASE_ERRORS: tuple[type[BaseException], ...] = (peewee.DatabaseError, sqlcipher.DatabaseError)


def database_failure(error: BaseException) -> StoreError | None:
    """The explained database problem behind `error` (itself, its cause or context, or the
    error a failed worker carries), or None when no database error is behind it."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        exc = todo.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        if isinstance(exc, (StoreError, *DATABASE_ERRORS)):
            return explain_database_error(exc)
        carried = getattr(exc, "error", None)  # textual.worker.WorkerFailed
        todo += [exc.__cause__, exc.__context__]
        if isinstance(carried, BaseException):
            todo.append(carried)
    return None


def explain_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Raise a StoreError the user can read instead of a raw database error (whole-job
    functions such as search and import, whose callers show StoreError messages)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except DATABASE_ERRORS as exc:
            raise explain_database_error(exc) from exc

    return wrapper


def translate_operational(exc: BaseException) -> StoreError | None:
    """A user-facing StoreError for a lock or full-disk OperationalError, else None."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(busy_message(db.database))
    if "disk is full" in text or "no space" in text:
        return DiskFull(disk_full_message(Path(db.database).parent if db.database else None))
    return None


@dataclass(frozen=True)
class OpenInfo:
    """What open_db found: the file, whether it is encrypted, and where its key lives."""

    path: Path
    encrypted: bool
    key_where: str = ""
    warning: str = ""
    converted: bool = False
    notes: tuple[str, ...] = ()  # things done at open the user should hear about
    copies_note: str = ""  # older plaintext backups beside the database, now encrypted


_opened: OpenInfo | None = None


def opened() -> OpenInfo | None:
    """Facts about the database open now (None if none is)."""
    return _opened


def current_key() -> str:
    """The key of the open database ('' when it is plain SQLite)."""
    return str(db.connect_params.get("passphrase", "") or "")


def applied_migrations() -> list[str]:
    """Names of the migrations recorded in the open database, oldest first."""
    return migration_runner.applied_names(db)


def migrate(upto: str | None = None) -> list[str]:
    """Apply the migrations not yet applied (up to and including `upto`); return their names."""
    return migration_runner.migrate(db, upto)


def open_db(
    path: str | Path,
    *,
    upto: str | None = None,
    settings: StoreSettings | None = None,
    encrypt: bool | None = None,
    kept_key: bool = False,
) -> peewee.Database:
    """Open (creating if needed) the ekko database at `path` and bring its schema up to date.
    `settings` (from `Config.store`: encryption, an explicit key or seal key, the old letters
    folder) are kept until close_db; the defaults: encrypted, key from the keychain.
    `encrypt` given alone overrides `settings.encrypt` (False: a plain SQLite file, the
    demo's throwaway database). `kept_key=True` opens it with the key kept for it, whatever
    explicit key was given (see _resolve_key).

    The lock beside it is held (shared) until close_db."""
    global _opened
    path = Path(path).expanduser()
    close_db()
    if settings is None:  # inside held_exclusively: the hold's settings
        settings = keys.settings() if _holding(path) else StoreSettings()
    chosen = settings
    if encrypt is not None:
        chosen = replace(chosen, encrypt=encrypt)
    keys.use_settings(chosen)
    check_db_path(path)  # before a lock file, key or folder is created
    _refuse_foreign(path)  # another program's file gets no lock file beside it either
    try:
        _take_lock(path)
    except OSError as exc:
        if exc.errno not in lock.READ_ONLY_ERRORS or not _ready(path):
            raise StoreError(
                f"Cannot use the folder of the database {path}: {exc.strerror or exc}."
            ) from exc
        # A read-only folder without a lock file: nothing can be created or replaced there,
        # so there is no race to guard against; open what is there.
    creating = lock.mode(path) == "exclusive" and _held_for_creation(path)  # or converting
    try:
        info = _open_locked(path, upto, kept_key=kept_key)
    except BaseException:
        if not db.is_closed():
            db.close()
        if _held_for_creation(path):
            lock.release(path)
        raise
    if creating:
        if keys.encryption_enabled():
            keys.state_file(path, CREATING).unlink(missing_ok=True)
        lock.downgrade(path)  # the file and its key exist now: others may open it
    _opened = info
    return db


_exclusive_callers: set[Path] = set()


def _holding(path: Path) -> bool:
    """True inside held_exclusively(path): its settings stay for the opens inside."""
    return lock.lock_key(path) in _exclusive_callers


def _held_for_creation(path: Path) -> bool:
    """True when the exclusive lock was taken by open_db itself (not by restore or rotate)."""
    return lock.lock_key(path) not in _exclusive_callers


def _open_locked(path: Path, upto: str | None, *, kept_key: bool) -> OpenInfo:
    try:
        key, convert = _resolve_key(path, kept_key=kept_key)
    except keys.KeyUnavailable as exc:
        raise StoreError(str(exc)) from exc
    try:
        ensure_private_folder(path.parent)
        if not path.exists():
            create_private_file(path)  # 0600 before SQLite makes it (and its -wal, -shm)
        for own_file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(OSError):  # a read-only or foreign file stays as it is
                make_private(own_file)  # an older ekko left them 0644
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(disk_full_message(path.parent)) from exc
        raise StoreError(f"Cannot create the folder for the database {path}: {exc}") from exc
    if convert and key is not None:
        try:
            encrypt_in_place(path, key.key)
        except (OSError, peewee.DatabaseError, sqlcipher.DatabaseError) as exc:
            path.with_name(path.name + ".encrypting").unlink(missing_ok=True)
            if _nearly_full(path.parent) or isinstance(exc, OSError):
                raise DiskFull(disk_full_message(path.parent)) from exc
            raise explain_database_error(exc) from exc
        keys.adopt_plain_state(path)
    db.init(str(path), pragmas=PRAGMAS, passphrase=key.key if key else "")
    try:
        db.connect()
        app_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(upto)
        notes: tuple[str, ...] = ()
        if upto is None:
            from ekko_tui.store import audit
            from ekko_tui.store.letter_migration import forget_migrated_files

            try:
                audit.set_seal(_load_seal(path, key))
            except keys.KeyUnavailable as exc:
                raise StoreError(str(exc)) from exc
            audit.seal_chain()
            audit.anchor(path)
            forget_migrated_files(path)  # letter files now kept in the database (0008)
            notes = _finish_pending(path)
    except peewee.OperationalError as exc:
        translated = translate_operational(exc)
        if translated is None and _nearly_full(path.parent):
            # A first open on a nearly full disk fails as "disk I/O error" or "cannot
            # rollback": each migration is one transaction, so the next open, with space,
            # carries on from the last one that was stored.
            translated = DiskFull(disk_full_message(path.parent))
        if translated is not None:
            raise translated from exc
        raise StoreError(f"Cannot open the database {path}: {exc}") from exc
    except peewee.DatabaseError as exc:
        if any(word in str(exc).lower() for word in ("malformed", "corrupt")):
            raise DatabaseDamaged(damaged_message(path)) from exc
        raise NotEkkoDatabase(f"{path} is not a usable ekko database ({exc}).") from exc
    return OpenInfo(
        path=path,
        encrypted=key is not None,
        key_where=key.where if key else "",
        warning=key.warning if key else "",
        converted=convert,
        notes=notes,
        copies_note=_encrypt_plain_copies(path, key.key) if key is not None else "",
    )


def _finish_pending(path: Path) -> tuple[str, ...]:
    """Finish a compaction an erasure could not (killed, or a reader held the WAL)."""
    if keys.read_state(path, "compact") is None:
        return ()
    from ekko_tui.store import erasure

    try:
        erasure.compact(path)
    except StoreError as exc:
        return (str(exc),)
    return (
        "An earlier erasure's compaction had not finished; it is done now: no deleted data "
        "is left in the file or its WAL.",
    )


def _encrypt_plain_copies(path: Path, key: str) -> str:
    from ekko_tui.store.plain_copies import encrypt_plain_copies

    return encrypt_plain_copies(path, key)


def rekey(path: Path) -> str:
    """Re-encrypt the open database with a new key; keep the new key; return where it is kept.

    The caller holds the lock exclusively (no other ekko has the file open)."""
    global _opened
    old, new = current_key(), keys.new_key()
    keys.store_pending(path, new)  # first, so a crash after the rekey still finds the key
    db.execute_sql(_key_pragma(new).replace("PRAGMA key", "PRAGMA rekey", 1))
    try:
        stored = keys.store_key(path, new, replace=True)
    except keys.KeyUnavailable:
        db.execute_sql(_key_pragma(old).replace("PRAGMA key", "PRAGMA rekey", 1))
        keys.clear_pending(path)
        raise
    keys.clear_pending(path)
    db.connect_params["passphrase"] = new
    if _opened is not None:
        _opened = OpenInfo(path, True, stored.where, stored.warning, False)
    return stored.where


@contextlib.contextmanager
def held_exclusively(
    path: Path, action: str, settings: StoreSettings | None = None
) -> Iterator[None]:
    """Hold the database to ourselves (restore, key rotation): DatabaseInUse if another
    ekko has it open. open_db inside keeps the exclusive lock; `settings` count for the
    whole hold (the key lookups before and between the opens inside)."""
    path = Path(path).expanduser()
    k = lock.lock_key(path)
    close_db()
    keys.use_settings(settings or StoreSettings())
    try:
        with lock.exclusive(path, action):
            _exclusive_callers.add(k)
            try:
                yield
            finally:
                _exclusive_callers.discard(k)
    except lock.DatabaseInUse as exc:
        raise StoreError(str(exc)) from exc


def close_db() -> None:
    """Close the connection if open, and let go of the lock open_db took."""
    global _opened
    if not db.is_closed():
        if _opened is not None:
            from ekko_tui.store import audit

            with contextlib.suppress(peewee.PeeweeException):
                audit.anchor(_opened.path)  # events written outside write(), if any
        db.close()
    if db.database:
        path = Path(db.database)
        if lock.lock_key(path) not in _exclusive_callers:
            lock.release(path)
    _opened = None  # keys.settings() stay: the files beside a closed database are found


@contextlib.contextmanager
def switched_to(path: Path, key: str | None) -> Iterator[None]:
    """Point the store at another ekko file (a backup) for a moment, then back at the open
    database. Used to apply an erasure to backups; the backup is migrated (and an older
    backup's trail sealed) first."""
    from ekko_tui.store import audit

    saved = (db.database, dict(db.connect_params), audit.seal_key())
    if not db.is_closed():
        db.close()
    db.init(str(path), pragmas=PRAGMAS, passphrase=key or "")
    audit.set_anchoring(False)
    try:
        db.connect()
        migrate()
        audit.seal_chain()  # an older backup's unkeyed chain, with the database's seal key
        yield
    finally:
        audit.set_anchoring(True)
        if not db.is_closed():
            db.close()
        database, params, seal = saved
        db.init(database, pragmas=PRAGMAS, **params)
        audit.set_seal(seal)
        if database:
            db.connect()
