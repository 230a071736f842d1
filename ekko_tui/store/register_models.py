"""Live Peewee models of the registers; the schema is defined by migration 0003_registers."""

from __future__ import annotations

import peewee as pw

from ekko_tui.store.models import BaseModel


class RegisterProcessor(BaseModel):
    id = pw.AutoField()
    key = pw.CharField(unique=True)
    system = pw.CharField()
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
    onward_entity = pw.CharField(default="")  # 0014
    onward_country = pw.CharField(default="")  # 0014
    unnamed_reason = pw.TextField(default="")  # 0014
    updated_at = pw.DateTimeField()  # naive UTC

    class Meta:
        table_name = "register_processor"


class RegisterActivity(BaseModel):
    id = pw.AutoField()
    key = pw.CharField(unique=True)
    name = pw.CharField()
    purpose = pw.TextField(default="")
    lawful_basis = pw.CharField(default="")
    basis_note = pw.TextField(default="")
    data_categories = pw.TextField(default="")
    subject_categories = pw.TextField(default="")
    retention = pw.TextField(default="")
    source = pw.TextField(default="")
    security = pw.TextField(default="")
    updated_at = pw.DateTimeField()

    class Meta:
        table_name = "register_activity"


class RegisterActivityRecipient(BaseModel):
    id = pw.AutoField()
    activity = pw.ForeignKeyField(RegisterActivity, on_delete="CASCADE")
    processor = pw.ForeignKeyField(RegisterProcessor, on_delete="CASCADE")
    position = pw.IntegerField(default=0)

    class Meta:
        table_name = "register_activity_recipient"


class RegisterCookie(BaseModel):
    id = pw.AutoField()
    key = pw.CharField(unique=True)
    name = pw.CharField()
    provider = pw.ForeignKeyField(RegisterProcessor, null=True, on_delete="SET NULL")
    purpose = pw.TextField(default="")
    category = pw.CharField(default="necessary")
    consent_required = pw.BooleanField(default=True)
    service = pw.TextField(default="")  # migration 0011
    party = pw.CharField(default="unknown")
    duration = pw.CharField(default="unknown")
    sources = pw.TextField(default="")
    updated_at = pw.DateTimeField()

    class Meta:
        table_name = "register_cookie"


class NoticeVersion(BaseModel):
    """A published privacy notice (migration 0011_notice)."""

    id = pw.AutoField()
    published_at = pw.DateTimeField()  # naive UTC
    made_on = pw.DateField()
    lang = pw.CharField()
    content_hash = pw.CharField()
    file_hash = pw.CharField()
    path = pw.TextField(default="")
    text = pw.TextField()

    class Meta:
        table_name = "notice_version"


class RegisterShipped(BaseModel):
    id = pw.AutoField()
    kind = pw.CharField()
    key = pw.CharField()
    hash = pw.CharField()
    version = pw.IntegerField(default=1)
    state = pw.CharField(default="accepted")
    decided_at = pw.DateTimeField()

    class Meta:
        table_name = "register_shipped"
