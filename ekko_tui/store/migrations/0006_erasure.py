"""Erasure that erases: notes out of the (hash-chained) events, the suppression list, the
records kept under bokføringsloven § 13, Art. 19 notices, and the erased mark on requests."""

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class Request(Base):
        class Meta:
            table_name = "request"

    class Note(Base):
        request = pw.ForeignKeyField(Request, backref="notes", on_delete="CASCADE")
        at = pw.DateTimeField()
        actor = pw.CharField()
        text = pw.TextField()

        class Meta:
            table_name = "note"

    class Suppression(Base):
        kind = pw.CharField()  # email | phone
        digest = pw.CharField()  # salted SHA-256 of the normalised value
        added_on = pw.DateField()
        reason = pw.CharField()
        request_ref = pw.CharField(default="")

        class Meta:
            table_name = "suppression"
            indexes = ((("kind", "digest"), True),)

    class RetainedRecord(Base):
        request_ref = pw.CharField(default="")
        system = pw.CharField()
        external_id = pw.CharField(default="")
        description = pw.CharField()
        document_date = pw.DateField()
        kind = pw.CharField(default="primary")
        kept_until = pw.DateField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "retained_record"

    class ErasureNotice(Base):
        request_ref = pw.CharField(default="")
        processor = pw.CharField()
        system = pw.CharField(default="")
        notified_on = pw.DateField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "erasure_notice"

    db.create_tables([Note, Suppression, RetainedRecord, ErasureNotice])
    run(migrator.add_column("request", "erased_at", pw.DateTimeField(null=True)))
