"""The live models of the letter archive: `letter` (one row per generated letter) and
`letter_file` (its PDF and attachment, kept in the database)."""

from __future__ import annotations

import peewee as pw

from ekko_tui.store.models import BaseModel, Request


class Letter(BaseModel):
    """Live model of the `letter` table (schema: migrations/0004_letters.py)."""

    id = pw.AutoField()
    request = pw.ForeignKeyField(Request, backref="letters", on_delete="CASCADE")
    request_id: int  # peewee's accessor for the foreign key's value
    kind = pw.CharField()
    path = pw.TextField()
    sha256 = pw.CharField()
    pages = pw.IntegerField()
    size_bytes = pw.IntegerField()
    attachment_path = pw.TextField(null=True)
    attachment_sha256 = pw.CharField(null=True)
    free_texts = pw.TextField(default="{}")
    generated_at = pw.DateTimeField()
    generated_by = pw.CharField()
    printed_at = pw.DateTimeField(null=True)
    printed_how = pw.CharField(default="")
    sent_at = pw.DateTimeField(null=True)
    sent_on = pw.DateField(null=True)
    sent_how = pw.CharField(default="")

    class Meta:
        table_name = "letter"


class LetterFile(BaseModel):
    """A file of an archived letter, kept in the database (schema: 0008_letter_archive.py)."""

    id = pw.AutoField()
    letter = pw.ForeignKeyField(Letter, backref="files", on_delete="CASCADE")
    letter_id: int
    role = pw.CharField()  # pdf | attachment
    name = pw.TextField()
    sha256 = pw.CharField()
    size_bytes = pw.IntegerField()
    data = pw.BlobField()
    migrated_from = pw.TextField(default="")

    class Meta:
        table_name = "letter_file"
