"""Live models of the records and documents held on subjects (schema: migration 0012_records)."""

from __future__ import annotations

import peewee as pw

from ekko_tui.store.models import BaseModel
from ekko_tui.store.subject_models import ImportRun, Subject


class SubjectRecord(BaseModel):
    id = pw.AutoField()
    subject = pw.ForeignKeyField(Subject, backref="records", on_delete="CASCADE")
    subject_id: int
    system = pw.CharField()
    kind = pw.CharField()  # contact, or a document kind (domain.records.DOCUMENT_KINDS)
    record_key = pw.CharField()
    number = pw.CharField(default="")
    doc_date = pw.CharField(default="")
    doc_time = pw.CharField(default="")
    amount_minor = pw.BigIntegerField(null=True)
    currency = pw.CharField(default="")
    status = pw.CharField(default="")
    reference = pw.CharField(default="")
    customer_id = pw.CharField(default="")
    description = pw.TextField(default="")
    since = pw.CharField(default="")
    fields = pw.TextField()
    fingerprint = pw.CharField()
    first_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")
    last_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")
    first_seen = pw.DateTimeField()
    last_seen = pw.DateTimeField()

    class Meta:
        table_name = "subject_record"
        indexes = ((("system", "kind", "record_key"), True),)


class RecordSeen(BaseModel):
    # No index of its own: the primary key (record, seen_at) leads with it.
    record = pw.ForeignKeyField(
        SubjectRecord, backref="sightings", on_delete="CASCADE", index=False
    )
    seen_at = pw.DateTimeField()
    import_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "record_seen"
        primary_key = pw.CompositeKey("record", "seen_at")
        without_rowid = True
