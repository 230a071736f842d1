"""Subjects (the people EKKO holds data on), their identifiers and holdings, imports, merge
suggestions, the search index, and a nullable link from each request to its subject.

The search index is two plain structures written explicitly by the store (never triggers):
`subject_fts` (FTS5, trigram tokenizer, one row per subject, rowid = subject id) for substring
search of three or more characters, and `search_token` (word → subject, B-tree) for prefix
search of one or two characters. Erasing a subject deletes its rows from both.
"""

import peewee as pw


def migrate(db: pw.Database, migrator: object) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class ImportRun(Base):
        kind = pw.CharField()
        system = pw.CharField()
        file_name = pw.CharField()
        sha256 = pw.CharField(index=True)
        at = pw.DateTimeField()
        actor = pw.CharField()
        rows = pw.IntegerField(default=0)
        added = pw.IntegerField(default=0)
        updated = pw.IntegerField(default=0)
        unchanged = pw.IntegerField(default=0)
        skipped = pw.IntegerField(default=0)

        class Meta:
            table_name = "import_run"

    class Subject(Base):
        id = pw.AutoField()
        name = pw.CharField(default="")
        organisation = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "subject"

    class Identifier(Base):
        subject = pw.ForeignKeyField(Subject, backref="identifiers", on_delete="CASCADE")
        kind = pw.CharField()
        value = pw.CharField()
        key = pw.CharField()
        system = pw.CharField(default="")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "identifier"
            indexes = (
                (("kind", "key", "system"), False),
                (("subject", "kind", "value", "system"), True),
            )

    class Holding(Base):
        subject = pw.ForeignKeyField(Subject, backref="holdings", on_delete="CASCADE")
        system = pw.CharField(index=True)
        categories = pw.TextField(default="")
        external_id = pw.CharField(default="")
        first_seen = pw.DateTimeField()
        last_seen = pw.DateTimeField()
        import_run = pw.ForeignKeyField(ImportRun, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "holding"
            indexes = ((("subject", "system", "external_id"), True),)

    class MergeSuggestion(Base):
        subject = pw.ForeignKeyField(Subject, on_delete="CASCADE")
        other = pw.ForeignKeyField(Subject, on_delete="CASCADE")
        reason = pw.CharField()
        status = pw.CharField(default="open")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "merge_suggestion"
            indexes = ((("subject", "other"), True),)

    class SearchToken(Base):
        token = pw.CharField()
        subject = pw.ForeignKeyField(Subject, on_delete="CASCADE", index=True)

        class Meta:
            table_name = "search_token"
            primary_key = pw.CompositeKey("token", "subject")
            without_rowid = True

    db.create_tables([ImportRun, Subject, Identifier, Holding, MergeSuggestion, SearchToken])
    db.execute_sql("CREATE VIRTUAL TABLE subject_fts USING fts5(body, tokenize='trigram')")
    from playhouse.migrate import migrate as run

    run(
        migrator.add_column(  # type: ignore[attr-defined]
            "request",
            "subject_id",
            pw.ForeignKeyField(Subject, null=True, field=Subject.id, on_delete="SET NULL"),
        ),
    )
