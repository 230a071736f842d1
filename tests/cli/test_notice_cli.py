"""ekko notice: check names each gap, bad targets refused, publish in each format with versions and
a diff, a clock behind.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import timedelta

import html5lib
from pypdf import PdfReader

from ekko_tui.__main__ import main
from ekko_tui.store import agenda as store_agenda
from ekko_tui.store import notices, registers
from ekko_tui.store import register_writes as writes
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event
from ekko_tui.store.register_models import NoticeVersion
from ekko_tui.store.register_seed import seed_registers
from tests.notice_helpers import complete_registers
from tests.store.test_notice import TODAY, replace_gaps, seeded


def test_check_names_each_gap_and_refuses_until_fixed(db_path, now, tmp_path, capsys) -> None:
    assert main(["--db", str(db_path), "notice", "--check"]) == 1
    out = capsys.readouterr().out
    assert "gap: Controller: no contact e-mail" in out
    assert "gap: Cookie 'Meta Pixel (Facebook): _fbp': duration unknown." in out
    assert "16 gaps: the notice is refused" in out
    target = tmp_path / "notice.html"
    assert main(["--db", str(db_path), "notice", "--out", str(target)]) == 1
    assert "the notice is refused: 16 gaps" in capsys.readouterr().err
    assert not target.exists()
    assert main(["--db", str(db_path), "notice", "--out", str(target), "--draft"]) == 0
    assert "draft with 16 gaps marked" in capsys.readouterr().out
    assert "UTKAST – ikke publiser" in target.read_text("utf-8")
    open_db(db_path)
    try:
        assert NoticeVersion.select().count() == 0  # a draft is never recorded as published
        complete_registers(now)
    finally:
        close_db()
    assert main(["--db", str(db_path), "notice", "--check"]) == 0
    assert "No gaps: the notice can be published." in capsys.readouterr().out


def test_bad_targets_are_refused_without_a_trace(db_path, tmp_path, capsys) -> None:
    for out, words in (
        (tmp_path / "notice.docx", "must end in .html, .md or .pdf"),
        (tmp_path / "missing" / "notice.html", "does not exist"),
    ):
        assert main(["--db", str(db_path), "notice", "--out", str(out), "--draft"]) == 2
        assert words in capsys.readouterr().err
    assert list(tmp_path.glob("notice*")) == []


def test_publish_each_format_record_versions_and_diff(db_path, now, tmp_path, capsys) -> None:
    seeded(db_path, now)
    try:
        complete_registers(now)
    finally:
        close_db()
    assert main(["--db", str(db_path), "notice", "--diff"]) == 1
    assert "No notice has been published from ekko yet" in capsys.readouterr().out
    html = tmp_path / "personvern.html"
    assert main(["--db", str(db_path), "notice", "--out", str(html)]) == 0
    out = capsys.readouterr().out
    digest = hashlib.sha256(html.read_bytes()).hexdigest()
    assert f"sha256 {digest}" in out and "published version recorded" in out
    html5lib.HTMLParser(strict=True).parse(html.read_text("utf-8"))
    # The same content again (another format) is not a new version.
    md = tmp_path / "personvern.md"
    assert main(["--db", str(db_path), "notice", "--out", str(md)]) == 0
    assert "same content as the last published" in capsys.readouterr().out
    assert md.read_text("utf-8").startswith("# Personvernerklæring for ipogs.no")
    pdf = tmp_path / "personvern.pdf"
    assert main(["--db", str(db_path), "notice", "--out", str(pdf)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert (
        "Personvernerklæring for ipogs.no" in text and "Sist oppdatert: 25. november 2026" in text
    )
    assert (
        main(["--db", str(db_path), "notice", "--out", str(tmp_path / "en.md"), "--lang", "en"])
        == 0
    )
    assert main(["--db", str(db_path), "notice", "--diff"]) == 0
    assert "No changes since the notice published on 2026-11-25" in capsys.readouterr().out
    # The registers change: --diff shows the change, the agenda reminds.
    open_db(db_path)
    try:
        assert NoticeVersion.select().count() == 2  # nb and en
        assert store_agenda.agenda(TODAY).group("notice").items == ()
        ga = next(c for c in registers.cookies() if c.key == "google_analytics")
        values = {k: getattr(ga, k) for k in ("key", "name", "provider", "purpose", "category",
                  "consent_required", "service", "party", "sources")}  # fmt: skip
        writes.save_cookie(ga.id, {**values, "duration": "13mo"}, now=now, actor="test")
        item = store_agenda.agenda(TODAY + timedelta(days=1)).group("notice").items[0]
        assert item.detail == "the registers changed after the notice of Wed 25 Nov 2026"
        events = [e.detail for e in Event.select().where(Event.kind == "notice")]
        assert events == [
            f"Privacy notice published (nb, 2026-11-25, sha256 {digest[:12]})",
            events[1],
        ]
    finally:
        close_db()
    assert main(["--db", str(db_path), "notice", "--diff"]) == 1
    diff = capsys.readouterr().out.splitlines()
    old_row = (
        "-| \\_ga | Google Analytics — Google Ireland Limited | Førstepart | "
        "Besøksstatistikk: skille besøkende fra hverandre | 2 år | Statistikk |"
    )
    assert old_row in diff
    assert any(line.startswith("+| \\_ga |") and "13 måneder" in line for line in diff)
    assert diff[-1].startswith("The registers changed since the notice published on 2026-11-25")


def test_clock_behind_and_a_broken_notice_toml(
    db, db_path, now, tmp_path, monkeypatch, capsys
) -> None:
    from ekko_tui import paths
    from ekko_tui.letters.notice_text import notice_markdown

    seed_registers(now, "test")
    complete_registers(now)
    first = notices.current_notice(TODAY)
    assert notices.record_publication(first, notice_markdown(first), "a" * 64, "x", now=now,
                                      actor="t")  # fmt: skip
    assert not notices.record_publication(first, "", "b" * 64, "y", now=now, actor="t")
    writes.set_controller_email("personvern@ipogs.no", now=now, actor="t")
    second = notices.current_notice(TODAY)
    earlier = now - timedelta(days=400)  # the laptop's clock went back
    assert notices.record_publication(second, "", "c" * 64, "z", now=earlier, actor="t")
    last = notices.last_publication()
    assert last is not None and last.file_hash == "c" * 64
    assert [p.file_hash[0] for p in notices.publications()] == ["c", "a"]
    try:
        notices.record_publication(replace_gaps(second), "", "d" * 64, "w", now=now, actor="t")
    except ValueError as exc:
        assert "draft" in str(exc)
    else:
        raise AssertionError("a draft was recorded as published")
    broken = tmp_path / "data"
    shutil.copytree(paths.data_dir(), broken)
    (broken / "notice.toml").write_text("[cookie_rule]\nlaw_nb = 'x'\n", "utf-8")
    monkeypatch.setattr(paths, "data_dir", lambda: broken)
    assert store_agenda.agenda(TODAY).groups[-1].key != "notice"  # the agenda still works
    close_db()
    assert main(["--db", str(db_path), "notice", "--check"]) == 1
    assert "notice.toml cannot be read" in capsys.readouterr().err
