"""The letter archive: every generated letter with its file, checksum, and when it went out."""

import peewee as pw


def migrate(db: pw.Database, migrator: object) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class Request(Base):
        class Meta:
            table_name = "request"

    class Letter(Base):
        request = pw.ForeignKeyField(Request, backref="letters", on_delete="CASCADE", index=True)
        kind = pw.CharField()
        path = pw.TextField()
        sha256 = pw.CharField()
        pages = pw.IntegerField()
        size_bytes = pw.IntegerField()
        attachment_path = pw.TextField(null=True)
        attachment_sha256 = pw.CharField(null=True)
        free_texts = pw.TextField(default="{}")  # JSON: the edited paragraphs, to rebuild it
        generated_at = pw.DateTimeField()  # naive UTC
        generated_by = pw.CharField()
        printed_at = pw.DateTimeField(null=True)
        printed_how = pw.CharField(default="")  # printer and job id
        sent_at = pw.DateTimeField(null=True)
        sent_on = pw.DateField(null=True)
        sent_how = pw.CharField(default="")  # post, email, hand, other

        class Meta:
            table_name = "letter"

    db.create_tables([Letter])
