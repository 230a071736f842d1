"""Requests, their pauses, the event timeline and settings.

Models here are frozen copies: a migration never imports models.py, so it keeps meaning the
same schema after models.py moves on.
"""

import peewee as pw


def migrate(db: pw.Database, migrator: object) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class Request(Base):
        ref = pw.CharField(unique=True)
        year = pw.IntegerField()
        seq = pw.IntegerField()
        received_at = pw.DateTimeField(index=True)
        channel = pw.CharField()
        types = pw.CharField()
        requester_name = pw.CharField(default="")
        requester_contact = pw.CharField(default="")
        message = pw.TextField(default="")
        identity_status = pw.CharField(default="unchecked")
        identity_method = pw.CharField(default="")
        identity_evidence = pw.TextField(default="")
        status = pw.CharField(default="new", index=True)
        outcome_note = pw.TextField(default="")
        extension_kind = pw.CharField(null=True)
        extension_reason = pw.TextField(null=True)
        extended_on = pw.DateField(null=True)
        created_at = pw.DateTimeField()
        closed_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "request"
            indexes = ((("year", "seq"), True),)

    class Pause(Base):
        request = pw.ForeignKeyField(Request, backref="pauses", on_delete="CASCADE")
        kind = pw.CharField()
        asked_on = pw.DateField()
        answered_on = pw.DateField(null=True)
        note = pw.TextField(default="")

        class Meta:
            table_name = "pause"

    class Event(Base):
        request = pw.ForeignKeyField(Request, null=True, backref="events", on_delete="SET NULL")
        at = pw.DateTimeField(index=True)
        actor = pw.CharField()
        kind = pw.CharField()
        detail = pw.TextField(default="")

        class Meta:
            table_name = "event"

    class Setting(Base):
        key = pw.CharField(primary_key=True)
        value = pw.TextField()

        class Meta:
            table_name = "setting"

    db.create_tables([Request, Pause, Event, Setting])
