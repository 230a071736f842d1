"""The letter files versions before migration 0008 saved in their own folder: deleted at
open once the database holds a verified copy. Kept apart from store.letters so that opening a
database loads only this (tests/unit/test_startup_imports.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ekko_tui.store import keys
from ekko_tui.store.letter_models import Letter, LetterFile
from ekko_tui.store.request_log import write


def letters_dir(db_path: Path) -> Path:
    """The folder where versions before 0008 saved every letter: EKKO_LETTERS (handed over in
    the open database's settings), else `letters/` beside the database."""
    folder = keys.settings().letters.strip()
    if folder:
        return Path(folder).expanduser()
    return db_path.expanduser().resolve().parent / "letters"


def forget_migrated_files(db_path: Path) -> int:
    """Delete the letter files an older version wrote into its own letters folder once the
    database holds a verified copy (migration 0008); return how many. Files elsewhere (a
    `--out` the user chose) are kept. Runs after the migration committed, so a failed
    migration never costs a file."""
    root = letters_dir(db_path).resolve()
    pending = list(LetterFile.select().where(LetterFile.migrated_from != ""))
    removed = 0
    for row in pending:
        file = Path(row.migrated_from)
        inside = False
        try:
            inside = file.resolve().is_relative_to(root)
            if inside and hashlib.sha256(file.read_bytes()).hexdigest() == row.sha256:
                file.unlink()
                removed += 1
                for folder in (file.parent, file.parent.parent):
                    if folder.resolve().is_relative_to(root):
                        folder.rmdir()  # only when empty: OSError otherwise
        except OSError:
            pass
        with write():
            LetterFile.update(migrated_from="").where(LetterFile.id == row.id).execute()
            letter = Letter.get_by_id(row.letter_id)
            if inside and not file.exists():
                if letter.path == str(file):
                    letter.path = ""
                if letter.attachment_path == str(file):
                    letter.attachment_path = None
                letter.save()
    return removed
