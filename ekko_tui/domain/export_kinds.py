"""The kinds of export ekko imports and the fields a generic CSV can map: names only, so the
command line can list them in its help without loading the import code (issue 15: `ekko
deadline` and `ekko --help` build every subcommand's parser)."""

from __future__ import annotations

IMPORT_SYSTEMS: dict[str, str] = {
    "kajabi": "Kajabi contacts export",
    "stripe": "Stripe customers export",
    "fiken": "Fiken customers/contacts (CSV)",
    "newsletter": "Newsletter list",
    "csv": "Any CSV (you map the columns)",
}
# The fields a generic CSV can map (`--map email=E-post,name=Navn`).
MAP_FIELDS: dict[str, str] = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "phone": "Phone",
    "birth_date": "Birth date",
    "external_id": "Customer/member id",
}
# import kind → (holding system, what it is)
DOCUMENT_IMPORTS: dict[str, tuple[str, str]] = {
    "stripe-payments": ("stripe", "Stripe payments export"),
    "kajabi-transactions": ("kajabi", "Kajabi transactions export"),
    "fiken-invoices": ("fiken", "Fiken invoices and credit notes (CSV)"),
    "zoom": ("zoom", "Zoom meeting participants or webinar attendee report"),
    "mailchimp": ("newsletter", "Mailchimp audience export"),
}
# Every kind `ekko import` takes, with what it is.
ALL_KINDS: dict[str, str] = {
    **IMPORT_SYSTEMS,
    **{kind: what for kind, (_, what) in DOCUMENT_IMPORTS.items()},
}
