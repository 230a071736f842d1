"""Pilot: N in the registers previews the privacy notice, l switches language, s saves it."""

from __future__ import annotations

from textual.widgets import Input, Static

from ekko_tui.store.register_models import NoticeVersion
from ekko_tui.ui.screens.notice import NoticeSaveDialog, NoticeScreen
from ekko_tui.ui.screens.registers import RegistersScreen
from tests.notice_helpers import complete_registers

from .conftest import screen_text
from .test_registers import open_registers


def markdown_source(app) -> str:
    shown = str(app.screen.query_one("#notice-text", Static).content)
    assert shown.splitlines()[0] == app.screen.markdown.splitlines()[0].removeprefix("# ")
    return app.screen.markdown


async def save_as(pilot, app, path) -> None:
    await pilot.press("s")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, NoticeSaveDialog)
    form.query_one("#path", Input).value = str(path)
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_preview_shows_gaps_and_saves_a_draft(app, tmp_path) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await open_registers(pilot, app)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        gaps = str(app.screen.query_one("#notice-gaps", Static).content)
        assert "16 gaps: the notice can only be saved as a draft" in gaps
        assert "Never published from ekko." in gaps
        assert markdown_source(app).startswith("# Personvernerklæring for ipogs.no")
        await pilot.press("l")
        await pilot.pause()
        assert markdown_source(app).startswith("# Privacy notice for ipogs.no")
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NoticeSaveDialog)
        form.query_one("#path", Input).value = str(tmp_path / "notice.docx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "must end in .html, .md or .pdf" in str(form.query_one("#error", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # throw away the typed file name
        await pilot.pause()
        await save_as(pilot, app, tmp_path / "draft.html")
        assert isinstance(app.screen, NoticeScreen)
        assert "DRAFT – do not publish" in (tmp_path / "draft.html").read_text("utf-8")
        assert NoticeVersion.select().count() == 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RegistersScreen)


async def test_complete_registers_publish_from_the_screen(app, tmp_path, now) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_registers(pilot, app)
        complete_registers(now)
        await pilot.press("N")
        await pilot.pause()
        assert "No gaps: saving publishes this version." in screen_text(app)
        await save_as(pilot, app, tmp_path / "personvern.pdf")
        assert (tmp_path / "personvern.pdf").read_bytes().startswith(b"%PDF")
        (version,) = NoticeVersion.select()
        assert version.lang == "nb" and version.path == str(tmp_path / "personvern.pdf")
        assert "Same as the version published 2026-11-25." in screen_text(app)


def test_preview_text_shows_register_text_literally() -> None:
    from ekko_tui.letters.notice_text import md_escape
    from ekko_tui.ui.screens.notice import preview_text

    hostile = "[bold]x[/bold] <b>y</b> _ga_ | *z* # not a heading"
    md = f"# Title\n\n## Cookies\n\n| Navn | Formål |\n|---|---|\n| {md_escape(hostile)} | b |\n"
    text = preview_text(md)
    assert text.plain.splitlines() == [
        "Title",
        "",
        "Cookies",
        "",
        "| Navn | Formål |",
        f"| {hostile} | b |",
    ]
