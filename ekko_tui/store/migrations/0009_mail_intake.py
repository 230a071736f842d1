"""Mail intake: the Message-ID a request came with (one request per message), the intake's
warnings (dates that cannot be the receipt, broken bodies), and whether the types are only
suggested from the text until the user confirms them."""

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    run(
        migrator.add_column("request", "message_id", pw.CharField(null=True)),
        migrator.add_column("request", "intake_warning", pw.TextField(default="")),
        migrator.add_column("request", "types_suggested", pw.BooleanField(default=False)),
        migrator.add_index("request", ("message_id",), True),
    )
