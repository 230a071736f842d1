"""The processor register says where an EEA recipient sends the data on (e.g. Stripe Payments
Europe to Stripe, Inc. in the US) and, for a category of recipients, why no one can be named:
the letters state both (GDPR Art. 15(1)(c) and 15(2); CJEU C-154/21)."""

import peewee as pw
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run


def migrate(db: pw.Database, migrator: SqliteMigrator) -> None:
    run(
        migrator.add_column("register_processor", "onward_entity", pw.CharField(default="")),
        migrator.add_column("register_processor", "onward_country", pw.CharField(default="")),
        migrator.add_column("register_processor", "unnamed_reason", pw.TextField(default="")),
    )
