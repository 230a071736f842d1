"""The letter archive inside the encrypted database: one row per file of a letter (the PDF,
and the ZIP of a portability answer) with its SHA-256.

Letters archived by older versions as files are read in when the file is still there and its
SHA-256 still matches the archive; `migrated_from` remembers the file so that ekko removes it
from its own letters folder once this migration is committed
(store.letter_migration.forget_migrated_files). A file that is missing or was changed is left alone
and its letter has no stored copy.
"""

import hashlib
from pathlib import Path

import peewee as pw
from playhouse.migrate import SqliteMigrator


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    db.execute_sql(
        "CREATE TABLE letter_file ("
        " id INTEGER PRIMARY KEY,"
        " letter_id INTEGER NOT NULL REFERENCES letter (id) ON DELETE CASCADE,"
        " role TEXT NOT NULL,"  # pdf | attachment
        " name TEXT NOT NULL,"  # the file name it is saved under
        " sha256 TEXT NOT NULL,"
        " size_bytes INTEGER NOT NULL,"
        " data BLOB NOT NULL,"
        " migrated_from TEXT NOT NULL DEFAULT '',"
        " UNIQUE (letter_id, role))"
    )
    rows = db.execute_sql(
        "SELECT id, path, sha256, attachment_path, attachment_sha256 FROM letter"
    ).fetchall()
    for letter_id, path, sha, attachment_path, attachment_sha in rows:
        for role, file, digest in (
            ("pdf", path, sha),
            ("attachment", attachment_path, attachment_sha),
        ):
            if not file or not digest:
                continue
            try:
                data = Path(file).read_bytes()
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() != digest:
                continue
            db.execute_sql(
                "INSERT INTO letter_file (letter_id, role, name, sha256, size_bytes, data,"
                " migrated_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (letter_id, role, Path(file).name, digest, len(data), data, file),
            )
