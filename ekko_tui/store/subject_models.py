"""Live models of the subject register (schema: migration 0002_subjects)."""

from __future__ import annotations

import peewee as pw

from ekko_tui.store.models import BaseModel


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
    exported_at = pw.DateTimeField(null=True)  # naive UTC: when the file was exported (0012)

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
    # No index of its own: the unique (subject, kind, value, system) index leads with it.
    subject = pw.ForeignKeyField(Subject, backref="identifiers", on_delete="CASCADE", index=False)
    subject_id: int  # peewee's accessor for the foreign key's value
    kind = pw.CharField()  # name, email, phone, birth_date, external_id
    value = pw.CharField()  # normalised: e-mail lower-case, phone E.164, date ISO
    key = pw.CharField()  # what matching compares: the value, or a name folded (name_key)
    system = pw.CharField(default="")  # for external ids: whose id it is
    created_at = pw.DateTimeField()

    class Meta:
        table_name = "identifier"


class Holding(BaseModel):
    id = pw.AutoField()
    # No index of its own: the unique (subject, system, external_id) index leads with it.
    subject = pw.ForeignKeyField(Subject, backref="holdings", on_delete="CASCADE", index=False)
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
