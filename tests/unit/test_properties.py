"""Property tests: no typed or mailed input crashes ekko; every rejection says why."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from hypothesis import event, given, settings
from hypothesis import strategies as st

from ekko_tui.domain.eml import EmlError, ParsedMail, parse_eml
from ekko_tui.domain.requests import (
    CHANNELS,
    MAX_CONTACT_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_NAME_CHARS,
    REQUEST_TYPES,
    NewRequest,
    ValidationError,
    validate_new_request,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


# Mostly well-formed fields (a valid receipt time in the past, a known channel and types), each
# sometimes replaced by any text (one branch in four): so every check after the first field is
# reached too, and most examples get through to the end.
_any = st.text(max_size=30)


def _mostly(valid: st.SearchStrategy[str], other: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.integers(0, 3).flatmap(lambda i: other if i == 0 else valid)


_received = _mostly(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 24, 23, 59)).map(
        lambda d: d.strftime("%Y-%m-%d %H:%M")
    ),
    _any,
)
_channel = _mostly(st.sampled_from(sorted(CHANNELS)), _any)
_types = _mostly(
    st.lists(st.sampled_from(sorted(REQUEST_TYPES)), min_size=1, max_size=3).map(",".join), _any
)
_name = _mostly(st.text(max_size=60), st.text(min_size=MAX_NAME_CHARS + 1, max_size=260))
_word = st.text(alphabet="abcxyzæøå0123456789-", min_size=1, max_size=12)
_contact = _mostly(
    st.builds("{}@{}.no".format, _word, _word),
    st.one_of(
        st.text(max_size=40),
        st.just("no-dot@example"),
        st.text(min_size=MAX_CONTACT_CHARS + 1, max_size=400),
    ),
)
# One over-long message (the limit is 2 million characters) is enough: it is slow to clean.
_message = st.one_of(
    st.text(max_size=400),
    st.integers(0, 40).map(lambda i: "x" * (MAX_MESSAGE_CHARS + 1) if i == 0 else ""),
)

OUTCOMES: Counter[str] = Counter()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    received=_received,
    channel=_channel,
    types=_types,
    name=_name,
    contact=_contact,
    message=_message,
)
def request_fields_never_crash(received, channel, types, name, contact, message) -> None:
    """No field content crashes validation; a refusal names its field; an accepted request is
    whole and clean."""
    try:
        new = validate_new_request(
            received=received,
            channel=channel,
            types=types,
            requester_name=name,
            requester_contact=contact,
            message=message,
            now=NOW,
        )
    except ValidationError as exc:
        assert exc.message and exc.field
        outcome = f"refused {exc.field}"
    else:
        assert isinstance(new, NewRequest)
        assert new.requester_name or new.requester_contact
        assert "\x00" not in new.message
        assert new.received_at <= NOW and new.channel in CHANNELS
        assert set(new.types) <= set(REQUEST_TYPES)
        outcome = "accepted"
    event(outcome)
    OUTCOMES[outcome] += 1


def test_request_fields_never_crash_and_reach_every_check() -> None:
    """Run the property, then check the examples exercised every field's check and the accepted
    path (not only the first field's refusal)."""
    OUTCOMES.clear()
    request_fields_never_crash()
    assert set(OUTCOMES) >= {
        "accepted",
        "refused received",
        "refused channel",
        "refused types",
        "refused requester_name",
        "refused requester_contact",
        "refused message",
    }
    assert OUTCOMES["accepted"] >= 40, OUTCOMES  # far from all refused at the first field


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_either_parse_or_are_refused_as_eml(raw: bytes) -> None:
    try:
        mail = parse_eml(raw)
    except EmlError as exc:
        assert str(exc)
    else:
        assert isinstance(mail, ParsedMail) and mail.sender_email


@settings(max_examples=200, deadline=None)
@given(
    # Real header text holds no control characters or line separators.
    subject=st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85"),
        max_size=60,
    ),
    body=st.text(max_size=500),
)
def test_generated_mails_keep_their_text(subject: str, body: str) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "person@example.no"
    msg["Date"] = "Tue, 24 Nov 2026 10:00:00 +0100"
    try:
        msg["Subject"] = subject
        msg.set_content(body)
    except (ValueError, TypeError):
        return  # text the e-mail library itself refuses to put in a header
    mail = parse_eml(msg.as_bytes())
    assert mail.sender_email == "person@example.no"
    assert mail.received_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert mail.body == body.replace("\r\n", "\n").replace("\r", "\n").strip() or not body.strip()


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=120),
    contact=st.text(max_size=60),
    message=st.text(max_size=3000),
    received=st.one_of(st.text(max_size=20), st.sampled_from(["2026-11-24 10:00", "2026-02-29"])),
)
def test_storing_is_whole_or_nothing(tmp_path_factory, name, contact, message, received) -> None:
    """Whatever the form holds: a complete request and its event are stored, or nothing is."""
    from ekko_tui.store import requests as store
    from ekko_tui.store.db import close_db, open_db
    from ekko_tui.store.models import Event, Request

    path = tmp_path_factory.getbasetemp() / "properties.db"
    open_db(path)
    try:
        before = (Request.select().count(), Event.select().count())
        try:
            new = validate_new_request(
                received=received,
                channel="email",
                types="access",
                requester_name=name,
                requester_contact=contact,
                message=message,
                now=NOW,
            )
        except ValidationError:
            assert (Request.select().count(), Event.select().count()) == before
            return
        req = store.create_request(new, now=NOW, actor="t")
        stored = Request.get_by_id(req.id)
        assert (stored.requester_name, stored.requester_contact, stored.message) == (
            new.requester_name,
            new.requester_contact,
            new.message,
        )
        assert (Request.select().count(), Event.select().count()) == (before[0] + 1, before[1] + 1)
    finally:
        close_db()


KAJABI_HEADER = "Name,Email,Phone Number (phone_number),ID,Created At\n"
_cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=25)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(["kajabi", "stripe", "fiken", "newsletter"]),
    raw=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.lists(_cell, min_size=1, max_size=6), max_size=8).map(
            lambda rows: (KAJABI_HEADER + "\n".join(",".join(r) for r in rows)).encode()
        ),
        st.lists(st.lists(_cell, min_size=1, max_size=6), max_size=8).map(
            lambda rows: ("Navn;E-post;Telefon\n" + "\n".join(";".join(r) for r in rows)).encode(
                "cp1252", errors="replace"
            )
        ),
    ),
)
def test_any_file_is_parsed_or_refused_with_a_reason(kind: str, raw: bytes) -> None:
    from ekko_tui.domain.csv_files import ImportFileError
    from ekko_tui.domain.imports import parse_export

    try:
        parsed = parse_export(kind, raw)
    except ImportFileError as exc:
        assert str(exc)
        return
    for row in parsed.rows:
        assert row.emails or row.phones or row.names or row.external_ids
    for skipped in parsed.skipped:
        assert skipped.reason


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_cell, min_size=5, max_size=5), min_size=1, max_size=6))
def test_an_import_is_whole_or_nothing(tmp_path_factory, rows) -> None:
    """Whatever the rows hold: the import stores every good row, or raises and stores none."""
    import hashlib

    from ekko_tui.domain.csv_files import ImportFileError
    from ekko_tui.domain.imports import parse_export
    from ekko_tui.store import subject_imports
    from ekko_tui.store.db import close_db, open_db
    from ekko_tui.store.subject_models import ImportRun, Subject

    data = (KAJABI_HEADER + "\n".join(",".join(r) for r in rows)).encode()
    open_db(tmp_path_factory.getbasetemp() / "imports.db")
    try:
        before = (Subject.select().count(), ImportRun.select().count())
        try:
            parsed = parse_export("kajabi", data)
        except ImportFileError:
            assert (Subject.select().count(), ImportRun.select().count()) == before
            return
        report = subject_imports.import_export(
            parsed,
            kind="kajabi",
            file_name="x.csv",
            sha256=hashlib.sha256(data).hexdigest(),
            now=NOW,
            actor="t",
        )
        assert ImportRun.select().count() == before[1] + 1
        assert Subject.select().count() == before[0] + report.added
        assert report.rows == len(parsed.rows) + len(parsed.skipped)
    finally:
        close_db()
