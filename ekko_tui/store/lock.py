"""The lock file beside the database (`ekko.db.lock`): every open ekko holds it shared; creating
a database and its key, restoring a backup and rotating the key hold it exclusively.

`flock` locks belong to an open file, so one process keeps one descriptor per database and
moves it between shared and exclusive; the kernel drops the lock if the process dies (kill -9
included), so a crashed ekko never leaves a stale lock behind. The file itself is never
deleted: removing a lock file while another process holds it would split the lock in two.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from ekko_tui.files import ensure_private_folder

try:
    import fcntl
except ImportError:  # Windows: no flock; the lock is not enforced there (README says so)
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 30.0  # how long opening waits while another ekko creates or restores the file
POLL = 0.05


class DatabaseInUse(Exception):
    """Another ekko holds the lock in a way that conflicts; the message says what to do."""


_fds: dict[Path, int] = {}
_modes: dict[Path, str] = {}  # "shared" | "exclusive"


def lock_path(db_path: Path) -> Path:
    """`ekko.db.lock` beside `ekko.db` (beside the real file, when the path is a symlink)."""
    real = lock_key(db_path)
    return real.with_name(real.name + ".lock")


def lock_key(db_path: Path) -> Path:
    """The real, absolute path that names one database's lock (two names of one file share
    one lock)."""
    return Path(os.path.realpath(db_path.expanduser()))


def _fd(db_path: Path) -> int:
    key = lock_key(db_path)
    if key not in _fds:
        ensure_private_folder(key.parent)  # 0700, like every folder ekko creates
        try:
            _fds[key] = os.open(lock_path(key), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            if exc.errno not in READ_ONLY_ERRORS or not lock_path(key).exists():
                raise
            _fds[key] = os.open(lock_path(key), os.O_RDONLY)  # flock works read-only too
    return _fds[key]


READ_ONLY_ERRORS = (errno.EROFS, errno.EACCES, errno.EPERM)


def mode(db_path: Path) -> str | None:
    """How this process holds the lock now (None: not at all)."""
    return _modes.get(lock_key(db_path))


def try_lock(db_path: Path, exclusive: bool) -> bool:
    """Take (or convert to) the lock without waiting; False if another process conflicts."""
    if fcntl is None:
        _modes[lock_key(db_path)] = "exclusive" if exclusive else "shared"
        return True
    flag = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.flock(_fd(db_path), flag | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    _modes[lock_key(db_path)] = "exclusive" if exclusive else "shared"
    return True


def release(db_path: Path) -> None:
    """Drop this process's lock on the database (the descriptor is closed too)."""
    key = lock_key(db_path)
    fd = _fds.pop(key, None)
    _modes.pop(key, None)
    if fd is not None:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def downgrade(db_path: Path) -> None:
    """Exclusive → shared (others may open again; nobody can take it exclusively meanwhile)."""
    if fcntl is not None:
        fcntl.flock(_fd(db_path), fcntl.LOCK_SH)
    _modes[lock_key(db_path)] = "shared"


def in_use_message(db_path: Path, action: str) -> str:
    """The sentence shown when restore or key rotation meets another open ekko."""
    return (
        f"Another ekko has {db_path} open (the desk, or a command still running): {action} "
        "needs it to itself. Quit the other ekko and run this again. Nothing was changed."
    )


@contextlib.contextmanager
def exclusive(db_path: Path, action: str, *, wait: float = 2.0) -> Iterator[None]:
    """Hold the database to ourselves for `action` (restore, key rotation), or refuse with
    DatabaseInUse after `wait` seconds. Restores the previous mode afterwards."""
    before = mode(db_path)
    deadline = time.monotonic() + wait
    while not try_lock(db_path, exclusive=True):
        if before == "shared":  # a failed conversion may have dropped our shared lock
            try_lock(db_path, exclusive=False)
        if time.monotonic() >= deadline:
            raise DatabaseInUse(in_use_message(db_path, action))
        time.sleep(POLL)
    try:
        yield
    finally:
        if before == "shared":
            downgrade(db_path)
        elif before is None:
            release(db_path)
