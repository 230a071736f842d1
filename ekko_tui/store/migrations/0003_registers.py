"""The processor register, processing activities (Art. 30), cookies, and shipped-entry tracking.

Frozen models: this migration keeps meaning the same schema after models.py moves on.
"""

import peewee as pw


def migrate(db: pw.Database, migrator: object) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class RegisterProcessor(Base):
        key = pw.CharField(unique=True)
        system = pw.CharField(index=True)
        name = pw.CharField()
        entity = pw.CharField(default="")
        role = pw.CharField()
        org_nr = pw.CharField(default="")
        country = pw.CharField(default="")
        service = pw.TextField(default="")
        data_categories = pw.TextField(default="")
        subject_categories = pw.TextField(default="")
        dpa_status = pw.CharField(default="unknown")
        dpa_date = pw.DateField(null=True)
        dpa_link = pw.TextField(default="")
        safeguard = pw.CharField(default="unknown")
        dpf_checked_on = pw.DateField(null=True)
        subprocessor_link = pw.TextField(default="")
        subprocessors_checked_on = pw.DateField(null=True)
        privacy_contact = pw.TextField(default="")
        next_review = pw.DateField(null=True)
        sources = pw.TextField(default="")
        note = pw.TextField(default="")
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "register_processor"

    class RegisterActivity(Base):
        key = pw.CharField(unique=True)
        name = pw.CharField()
        purpose = pw.TextField(default="")
        lawful_basis = pw.CharField(default="")  # comma-joined letters a-f
        basis_note = pw.TextField(default="")
        data_categories = pw.TextField(default="")
        subject_categories = pw.TextField(default="")
        retention = pw.TextField(default="")
        source = pw.TextField(default="")
        security = pw.TextField(default="")
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "register_activity"

    class RegisterActivityRecipient(Base):
        activity = pw.ForeignKeyField(RegisterActivity, on_delete="CASCADE")
        processor = pw.ForeignKeyField(RegisterProcessor, on_delete="CASCADE")
        position = pw.IntegerField(default=0)

        class Meta:
            table_name = "register_activity_recipient"
            indexes = ((("activity", "processor"), True),)

    class RegisterCookie(Base):
        key = pw.CharField(unique=True)
        name = pw.CharField()
        provider = pw.ForeignKeyField(RegisterProcessor, null=True, on_delete="SET NULL")
        purpose = pw.TextField(default="")
        category = pw.CharField(default="necessary")
        consent_required = pw.BooleanField(default=True)
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "register_cookie"

    class RegisterShipped(Base):
        """Which shipped entry (kind, key) the database has seen, with the hash it had then.

        state: accepted (loaded or taken over), declined (the user said no), deleted (the
        user removed the entry; never offered again unless the shipped content changes).
        """

        kind = pw.CharField()  # processor | activity | cookie
        key = pw.CharField()
        hash = pw.CharField()
        version = pw.IntegerField(default=1)
        state = pw.CharField(default="accepted")
        decided_at = pw.DateTimeField()

        class Meta:
            table_name = "register_shipped"
            indexes = ((("kind", "key"), True),)

    db.create_tables(
        [
            RegisterProcessor,
            RegisterActivity,
            RegisterActivityRecipient,
            RegisterCookie,
            RegisterShipped,
        ]
    )
