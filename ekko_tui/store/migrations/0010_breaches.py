"""The breach register (Art. 33(5)): one row per breach, links to the subjects affected (not
copies of their data), the filings to Datatilsynet (Art. 33(4): in phases), and the archived
Art. 34 letters. Every change is also an event in the hash-chained timeline."""

import peewee as pw


def migrate(db: pw.Database, migrator: object) -> None:
    class Base(pw.Model):
        class Meta:
            database = db

    class Subject(Base):
        class Meta:
            table_name = "subject"

    class Breach(Base):
        ref = pw.CharField(unique=True)  # B-2026-01
        year = pw.IntegerField()
        seq = pw.IntegerField()
        aware_at = pw.DateTimeField()  # naive UTC
        source = pw.CharField(default="self")  # self | processor | customer
        source_detail = pw.TextField(default="")  # who told us (a processor's name)
        source_at = pw.DateTimeField(null=True)  # the processor's own notice time
        occurred_from = pw.DateTimeField(null=True)  # null: unknown
        occurred_to = pw.DateTimeField(null=True)
        summary = pw.TextField()  # what happened
        cause = pw.TextField(default="")
        types = pw.CharField(default="")  # comma-joined: confidentiality,integrity,availability
        data_categories = pw.TextField(default="")  # one per line, from the Art. 30 record
        activities = pw.TextField(default="")  # processing activities, one per line
        people_count = pw.IntegerField(null=True)  # approximate
        records_count = pw.IntegerField(null=True)
        relationship = pw.TextField(default="")  # customers, newsletter readers …
        data_location = pw.TextField(default="")  # where the data is now
        consequences = pw.TextField(default="")
        risk = pw.CharField(default="unassessed")  # unassessed | none | risk | high
        risk_reason = pw.TextField(default="")
        decision = pw.CharField(default="undecided")  # undecided | notify | not_notify
        decision_reason = pw.TextField(default="")
        notified_at = pw.DateTimeField(null=True)
        altinn_ref = pw.CharField(default="")
        delay_reason = pw.TextField(default="")
        people_notice_at = pw.DateTimeField(null=True)
        people_notice_how = pw.CharField(default="")
        people_notice_to = pw.TextField(default="")
        art34_ground = pw.CharField(default="")  # a | b | c
        art34_justification = pw.TextField(default="")
        measures_taken = pw.TextField(default="")
        measures_planned = pw.TextField(default="")
        contact_person = pw.TextField(default="")
        closed_at = pw.DateTimeField(null=True)
        lessons = pw.TextField(default="")
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "breach"
            indexes = ((("year", "seq"), True),)

    class BreachSubject(Base):
        breach = pw.ForeignKeyField(Breach, on_delete="CASCADE")
        subject = pw.ForeignKeyField(Subject, on_delete="CASCADE")
        added_at = pw.DateTimeField()

        class Meta:
            table_name = "breach_subject"
            indexes = ((("breach", "subject"), True),)

    class BreachFiling(Base):
        breach = pw.ForeignKeyField(Breach, on_delete="CASCADE", index=True)
        at = pw.DateTimeField()  # naive UTC
        kind = pw.CharField()  # notice | follow_up
        reference = pw.CharField(default="")
        note = pw.TextField(default="")

        class Meta:
            table_name = "breach_filing"

    class BreachLetter(Base):
        breach = pw.ForeignKeyField(Breach, on_delete="CASCADE", index=True)
        subject = pw.ForeignKeyField(Subject, null=True, on_delete="SET NULL")
        path = pw.TextField(default="")  # where a copy was saved, if asked
        pdf = pw.BlobField(null=True)  # the letter itself; erased with the person
        sha256 = pw.CharField()
        pages = pw.IntegerField()
        size_bytes = pw.IntegerField()
        generated_at = pw.DateTimeField()
        generated_by = pw.CharField()
        printed_at = pw.DateTimeField(null=True)
        printed_how = pw.CharField(default="")
        sent_at = pw.DateTimeField(null=True)
        sent_how = pw.CharField(default="")

        class Meta:
            table_name = "breach_letter"

    db.create_tables([Breach, BreachSubject, BreachFiling, BreachLetter])
