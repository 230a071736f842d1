"""The privacy notice: the cookie register gets what a cookie declaration prints (service,
first/third party, duration, sources), and each published notice is kept (hash, date, text)."""

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class NoticeVersion(Base):
        published_at = pw.DateTimeField()  # naive UTC
        made_on = pw.DateField()  # the "Sist oppdatert" date printed in it
        lang = pw.CharField()  # nb | en
        content_hash = pw.CharField(index=True)  # SHA-256 of the text without its date
        file_hash = pw.CharField()  # SHA-256 of the file written
        path = pw.TextField(default="")
        text = pw.TextField()  # the notice as Markdown without its date, for `--diff`

        class Meta:
            table_name = "notice_version"

    db.create_tables([NoticeVersion])
    run(
        migrator.add_column("register_cookie", "service", pw.TextField(default="")),
        migrator.add_column("register_cookie", "party", pw.CharField(default="unknown")),
        migrator.add_column("register_cookie", "duration", pw.CharField(default="unknown")),
        migrator.add_column("register_cookie", "sources", pw.TextField(default="")),
    )
