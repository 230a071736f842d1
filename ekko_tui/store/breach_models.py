"""Live models of the breach register (schema: migrations/0010_breaches.py)."""

from __future__ import annotations

import peewee as pw

from ekko_tui.store.models import BaseModel
from ekko_tui.store.subject_models import Subject


class Breach(BaseModel):
    id = pw.AutoField()
    ref = pw.CharField(unique=True)
    year = pw.IntegerField()
    seq = pw.IntegerField()
    aware_at = pw.DateTimeField()  # naive UTC
    source = pw.CharField(default="self")
    source_detail = pw.TextField(default="")
    source_at = pw.DateTimeField(null=True)
    occurred_from = pw.DateTimeField(null=True)
    occurred_to = pw.DateTimeField(null=True)
    summary = pw.TextField()
    cause = pw.TextField(default="")
    types = pw.CharField(default="")
    data_categories = pw.TextField(default="")
    activities = pw.TextField(default="")
    people_count = pw.IntegerField(null=True)
    records_count = pw.IntegerField(null=True)
    relationship = pw.TextField(default="")
    data_location = pw.TextField(default="")
    consequences = pw.TextField(default="")
    risk = pw.CharField(default="unassessed")
    risk_reason = pw.TextField(default="")
    decision = pw.CharField(default="undecided")
    decision_reason = pw.TextField(default="")
    notified_at = pw.DateTimeField(null=True)
    altinn_ref = pw.CharField(default="")
    delay_reason = pw.TextField(default="")
    people_notice_at = pw.DateTimeField(null=True)
    people_notice_how = pw.CharField(default="")
    people_notice_to = pw.TextField(default="")
    art34_ground = pw.CharField(default="")
    art34_justification = pw.TextField(default="")
    measures_taken = pw.TextField(default="")
    measures_planned = pw.TextField(default="")
    contact_person = pw.TextField(default="")
    closed_at = pw.DateTimeField(null=True)
    lessons = pw.TextField(default="")
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "breach"


class BreachSubject(BaseModel):
    id = pw.AutoField()
    breach = pw.ForeignKeyField(Breach, on_delete="CASCADE")
    subject = pw.ForeignKeyField(Subject, on_delete="CASCADE")
    subject_id: int
    added_at = pw.DateTimeField()

    class Meta:
        table_name = "breach_subject"


class BreachFiling(BaseModel):
    id = pw.AutoField()
    breach = pw.ForeignKeyField(Breach, on_delete="CASCADE")
    at = pw.DateTimeField()
    kind = pw.CharField()
    reference = pw.CharField(default="")
    note = pw.TextField(default="")

    class Meta:
        table_name = "breach_filing"


class BreachLetter(BaseModel):
    id = pw.AutoField()
    breach = pw.ForeignKeyField(Breach, on_delete="CASCADE")
    breach_id: int
    subject = pw.ForeignKeyField(Subject, null=True, on_delete="SET NULL")
    subject_id: int | None
    path = pw.TextField(default="")  # where a copy was saved, if asked
    pdf = pw.BlobField(null=True)  # the letter itself; erased with the person
    sha256 = pw.CharField()
    pages = pw.IntegerField()
    size_bytes = pw.IntegerField()
    generated_at = pw.DateTimeField()
    generated_by = pw.CharField()
    printed_at = pw.DateTimeField(null=True)
    printed_how = pw.CharField(default="")
    sent_at = pw.DateTimeField(null=True)
    sent_how = pw.CharField(default="")

    class Meta:
        table_name = "breach_letter"
