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

    class Meta:
        table_name = "event"


class Setting(BaseModel):
    key = pw.CharField(primary_key=True)
    value = pw.TextField()

    class Meta:
        table_name = "setting"


# --- subjects (migration 0002) -------------------------------------------------------------


class ImportRun(BaseModel):
    id = pw.AutoField()
    kind = pw.CharField()  # kajabi, stripe, fiken, newsletter, csv
    system = pw.CharField()  # the holding system it fed
    file_name = pw.CharField()
    sha256 = pw.CharField()
    at = pw.DateTimeField()  # naive UTC
    actor = pw.CharField()
    rows = pw.IntegerField(default=0)
    added = pw.IntegerField(default=0)
    updated = pw.IntegerField(default=0)
    unchanged = pw.IntegerField(default=0)
    skipped = pw.IntegerField(default=0)

    class Meta:
        table_name = "import_run"


class Subject(BaseModel):
    id = pw.AutoField()
    name = pw.CharField(default="")  # the name shown; the first name identifier
    organisation = pw.BooleanField(default=False)
    created_at = pw.DateTimeField()
    updated_at = pw.DateTimeField()

    class Meta:
        table_name = "subject"


class Identifier(BaseModel):
    id = pw.AutoField()
    subject = pw.ForeignKeyField(Subject, backref="identifiers", on_delete="CASCADE")
    kind = pw.CharField()  # name, email, phone, birth_date, external_id
    value = pw.CharField()  # normalised: e-mail lower-case, phone E.164, date ISO
    key = pw.CharField()  # what matching compares: the value, or a name folded (name_key)
    system = pw.CharField(default="")  # for external ids: whose id it is
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "identifier"


class Holding(BaseModel):
    id = pw.AutoField()
    subject = pw.ForeignKeyField(Subject, backref="holdings", on_delete="CASCADE")
    system = pw.CharField()  # a plain key (kajabi, stripe, …): the processor register links it
    categories = pw.TextField(default="")  # comma-joined
    external_id = pw.CharField(default="")
    first_seen = pw.DateTimeField()
    last_seen = pw.DateTimeField()
    import_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "holding"


class MergeSuggestion(BaseModel):
    id = pw.AutoField()
    subject = pw.ForeignKeyField(Subject, on_delete="CASCADE")
    other = pw.ForeignKeyField(Subject, on_delete="CASCADE")
    reason = pw.CharField()
    status = pw.CharField(default="open")  # open, merged, dismissed
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "merge_suggestion"


class SearchToken(BaseModel):
    token = pw.CharField()
    subject = pw.ForeignKeyField(Subject, on_delete="CASCADE")

    class Meta:
        table_name = "search_token"
        primary_key = pw.CompositeKey("token", "subject")
        without_rowid = True
