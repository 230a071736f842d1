"""Files that hold a key or personal data: private (0600 in 0700 folders), whole or not at all.

Every file ekko writes that holds a key or personal data (recovery sheet, backups, letters,
portability ZIPs, `.ics`, the record of processing, the database itself) goes through this
module, whatever the umask. Folders ekko creates are 0700; a folder that already exists and
that the user chose (`--out ~/Documents/x.pdf`) is left as it is, but ekko's own folders
(`ensure_private_folder(..., own=True)`) are tightened to 0700.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def ensure_private_folder(folder: Path, *, own: bool = False) -> Path:
    """Create `folder` and any missing parents as 0700; with `own`, also tighten it if it exists.

    Only folders created here (and, with `own`, the folder itself) are changed: a parent that
    already exists, e.g. the user's home or Documents, keeps its mode.
    """
    folder = folder.expanduser()
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            pass  # another process made it at the same moment
        else:
            os.chmod(path, FOLDER_MODE)  # the umask may have taken bits away (or none)
    if own and folder.is_dir() and stat.S_IMODE(folder.stat().st_mode) & 0o077:
        with contextlib.suppress(PermissionError):  # not ours to change (another owner)
            os.chmod(folder, FOLDER_MODE)
    return folder


def make_private(path: Path) -> None:
    """Set an existing file to 0600 (a file SQLite or another library created)."""
    if path.exists():
        os.chmod(path, FILE_MODE)


def create_private_file(path: Path) -> None:
    """Create `path` empty and 0600 (or make an existing one 0600) before a library writes it.

    SQLite gives its `-wal`/`-shm`/journal files the mode of the database file, so a database
    or backup created empty here stays private with everything beside it.
    """
    path = path.expanduser()
    parent = path.parent if str(path.parent) else Path(".")
    ensure_private_folder(parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write privately via a temporary file in the same folder, then rename: a full disk or a
    crash leaves the old file (or none), never half a file; the file is 0600."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    ensure_private_folder(folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), FILE_MODE)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def staged_private_files(files: list[tuple[Path, bytes]]) -> Iterator[None]:
    """Write each file privately beside its target first; put them in place only when the
    block succeeds (e.g. the database archived them), else remove them: a failure leaves no
    file behind."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            path = path.expanduser()
            folder = path.parent if str(path.parent) else Path(".")
            ensure_private_folder(folder)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), FILE_MODE)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        yield
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
