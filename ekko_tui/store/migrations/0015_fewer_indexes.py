"""Drop three indexes that a wider index already serves (issue 15: every import row paid for
them). Each led with the column the wider one starts with, so every lookup by it keeps an
index: identifier(subject_id) → the unique (subject_id, kind, value, system);
holding(subject_id) → the unique (subject_id, system, external_id); record_seen(record_id) →
its primary key (record_id, seen_at)."""

import peewee as pw


def migrate(db: pw.Database, migrator: object) -> None:
    for name in ("identifier_subject_id", "holding_subject_id", "recordseen_record_id"):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
