"""A keyed audit trail and suppression list: events carry the deadline-deciding state of their
request, and suppression entries say how their digest was made (older ones: salted SHA-256,
which cannot be re-keyed without the erased values). The chain itself is re-sealed with the
seal key by the store after migrating (a migration never sees keys)."""

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    run(
        migrator.add_column("event", "state", pw.TextField(default="")),
        migrator.add_column("suppression", "scheme", pw.CharField(default="salted-sha256")),
    )
