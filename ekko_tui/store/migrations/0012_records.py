"""Records and documents (issue 13): every row an export holds on a person, kept as exported,
with the documents (payments, invoices, meetings …) and their own dates, and when each was seen.

`subject_record` holds one row per record of an export (a contact row, or one document such as
an invoice); `record_seen` the history of the exports that held it; `import_run.exported_at`
when the imported file was exported (its modification time, never later than the import).
"""

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class Subject(Base):
        class Meta:
            table_name = "subject"

    class ImportRun(Base):
        class Meta:
            table_name = "import_run"

    class SubjectRecord(Base):
        subject = pw.ForeignKeyField(Subject, on_delete="CASCADE")
        system = pw.CharField()  # kajabi, stripe, fiken, zoom, newsletter, other
        kind = pw.CharField()  # contact, or a document kind: invoice, credit_note, payment …
        record_key = pw.CharField()  # unique per system and kind: the system's id or number
        number = pw.CharField(default="")  # a document's number or id as exported
        doc_date = pw.CharField(default="")  # ISO date in Oslo ('' for a contact row)
        doc_time = pw.CharField(default="")  # ISO UTC moment where the export gives a time
        amount_minor = pw.BigIntegerField(null=True)  # in minor units (øre, cent)
        currency = pw.CharField(default="")  # upper-case ISO code
        status = pw.CharField(default="")
        reference = pw.CharField(default="")  # the number of the document it refers to
        customer_id = pw.CharField(default="")  # the system's customer id on the document
        description = pw.TextField(default="")  # what the document is for, as exported
        since = pw.CharField(default="")  # ISO date the person became a customer/member
        fields = pw.TextField()  # JSON [[category, label, value], …], values as exported
        fingerprint = pw.CharField()  # SHA-256 of the fields: changed or not
        first_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")
        last_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")
        first_seen = pw.DateTimeField()  # naive UTC export moments
        last_seen = pw.DateTimeField()

        class Meta:
            table_name = "subject_record"
            indexes = ((("system", "kind", "record_key"), True),)

    class RecordSeen(Base):
        record = pw.ForeignKeyField(SubjectRecord, on_delete="CASCADE")
        seen_at = pw.DateTimeField()  # the export moment (naive UTC)
        import_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "record_seen"
            primary_key = pw.CompositeKey("record", "seen_at")
            without_rowid = True

    db.create_tables([SubjectRecord, RecordSeen])
    run(migrator.add_column("import_run", "exported_at", pw.DateTimeField(null=True)))
