"""Live Peewee models; the schema itself is defined by the numbered migrations."""

from __future__ import annotations

import peewee as pw

from ekko_tui.store.db import db


class BaseModel(pw.Model):
    class Meta:
        database = db


class Request(BaseModel):
    id = pw.AutoField()
    ref = pw.CharField(unique=True)
    year = pw.IntegerField()
    seq = pw.IntegerField()
    received_at = pw.DateTimeField()  # naive UTC
    channel = pw.CharField()
    types = pw.CharField()  # comma-joined type codes, canonical order
    requester_name = pw.CharField(default="")
    requester_contact = pw.CharField(default="")
    message = pw.TextField(default="")
    identity_status = pw.CharField(default="unchecked")
    identity_method = pw.CharField(default="")
    identity_evidence = pw.TextField(default="")
    status = pw.CharField(default="new")
    outcome_note = pw.TextField(default="")
    extension_kind = pw.CharField(null=True)
    extension_reason = pw.TextField(null=True)
    extended_on = pw.DateField(null=True)
    created_at = pw.DateTimeField()
    closed_at = pw.DateTimeField(null=True)
    subject_id = pw.IntegerField(null=True)  # → subject.id, ON DELETE SET NULL (migration 0002)
    erased_at = pw.DateTimeField(null=True)  # personal data removed (migration 0006)
    message_id = pw.CharField(null=True, unique=True)  # the e-mail's Message-ID (0009)
    intake_warning = pw.TextField(default="")  # what intake could not trust (0009)
    types_suggested = pw.BooleanField(default=False)  # read from the text, not confirmed (0009)

    class Meta:
        table_name = "request"


class Pause(BaseModel):
    id = pw.AutoField()
    request = pw.ForeignKeyField(Request, backref="pauses", on_delete="CASCADE")
    kind = pw.CharField()
    asked_on = pw.DateField()
    answered_on = pw.DateField(null=True)
    note = pw.TextField(default="")

    class Meta:
        table_name = "pause"


class Event(BaseModel):
    id = pw.AutoField()
    request = pw.ForeignKeyField(Request, null=True, backref="events", on_delete="SET NULL")
    at = pw.DateTimeField()  # naive UTC
    actor = pw.CharField()
    kind = pw.CharField()
    detail = pw.TextField(default="")
    request_ref = pw.CharField(default="")  # kept when a request is erased
    prev_hash = pw.CharField(default="")
    hash = pw.CharField(default="")
    state = pw.TextField(default="")  # the request's deadline-deciding fields after the event

    class Meta:
        table_name = "event"


class Setting(BaseModel):
    key = pw.CharField(primary_key=True)
    value = pw.TextField()

    class Meta:
        table_name = "setting"


class Note(BaseModel):
    """A free note on a request's timeline: kept out of the hash-chained events so that
    erasure can remove it without breaking the chain."""

    id = pw.AutoField()
    request = pw.ForeignKeyField(Request, backref="notes", on_delete="CASCADE")
    at = pw.DateTimeField()  # naive UTC
    actor = pw.CharField()
    text = pw.TextField()

    class Meta:
        table_name = "note"


class Suppression(BaseModel):
    """An erased person's e-mail or phone, as a salted hash: a later import warns, not re-adds."""

    id = pw.AutoField()
    kind = pw.CharField()
    digest = pw.CharField()
    added_on = pw.DateField()
    reason = pw.CharField()
    request_ref = pw.CharField(default="")
    scheme = pw.CharField(default="hmac-sha256")  # older entries: "salted-sha256"

    class Meta:
        table_name = "suppression"


class RetainedRecord(BaseModel):
    """Data kept after erasure because a law requires it (bokføringsloven § 13), restricted."""

    id = pw.AutoField()
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


class ErasureNotice(BaseModel):
    """An Art. 19 notice owed to a recipient after an erasure; `notified_on` once sent."""

    id = pw.AutoField()
    request_ref = pw.CharField(default="")
    processor = pw.CharField()
    system = pw.CharField(default="")
    notified_on = pw.DateField(null=True)
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "erasure_notice"
