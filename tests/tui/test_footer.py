"""The footer builds its keys once per real change of what it shows (issue 15: it was built six
times while the inbox started), and still follows every change of the keys: a key hidden or
shown, a key disabled, a screen pushed and popped, a mode switched. Its keys are one widget
(KeyStrip) that looks as Textual's FooterKeys did (the snapshots) and acts as they did: a click
runs the key (a disabled one rings), the key under the mouse shows its tooltip."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.key_strip import KeyStrip
from ekko_tui.ui.screens.detail import RequestDetailScreen
from ekko_tui.ui.screens.inbox import InboxScreen

from ..conftest import add_request


def footer_keys(app) -> list[tuple[str, bool]]:
    """The keys the current screen's footer shows, in order, with whether each is enabled."""
    footer = app.screen.query_one(KeyFooter)
    keys = [(key.key, key.enabled) for strip in footer.query(KeyStrip) for key in strip.keys]
    palette = [(k.key, not k.has_class("-disabled")) for k in footer.query(FooterKey)]
    return keys + palette


async def test_the_inbox_footer_is_built_once_with_every_key(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        footer = inbox.query_one(KeyFooter)
        keys = [key for key, _ in footer_keys(app)]
        # The first build already has the list's keys: the list has the focus from the start
        # (the hidden find box never takes it, which showed only `/` in the first frame).
        assert inbox.focused is inbox.query_one(DataTable)
        assert keys[:2] == ["question_mark", "q"]
        assert {"n", "f", "slash", "1", "5", "ctrl+p"} <= set(keys)
        assert footer.composes == 1
        # The bindings are published again (focus, a refresh of the keys, a cursor move) with
        # the same keys: nothing is rebuilt.
        inbox.refresh_bindings()
        await pilot.press("down", "up")
        inbox.query_one(DataTable).focus()
        await pilot.pause()
        await pilot.pause()
        assert footer.composes == 1
        assert [key for key, _ in footer_keys(app)] == keys


async def test_the_footer_follows_a_key_shown_hidden_and_disabled(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        inbox = app.screen
        footer = inbox.query_one(KeyFooter)
        assert "g" not in dict(footer_keys(app))  # no mailbox: no "Get mail" key
        inbox._has_mailbox = True  # as on_mount finds a configured mailbox
        inbox.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert dict(footer_keys(app))["g"] is True
        assert footer.composes == 2

        # A key whose action is not possible now is shown disabled (check_action → None).
        inbox.check_action = lambda action, parameters: None if action == "cycle_filter" else True
        inbox.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert dict(footer_keys(app))["f"] is False
        assert footer.composes == 3

        del inbox.check_action  # the class's own again: no mailbox, every key enabled
        inbox._has_mailbox = False
        inbox.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        shown = dict(footer_keys(app))
        assert "g" not in shown and shown["f"] is True
        assert footer.composes == 4


async def test_each_screen_shows_its_own_keys_after_push_pop_and_switch(app, now) -> None:
    add_request(now)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        inbox_keys = footer_keys(app)
        assert "n" in dict(inbox_keys)

        await pilot.press("enter")  # the request's detail, pushed over the inbox
        await pilot.pause()
        assert isinstance(app.screen, RequestDetailScreen)
        detail = dict(footer_keys(app))
        assert "escape" in detail and "n" not in detail  # Back; no new request from here

        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert footer_keys(app) == inbox_keys

        await pilot.press("3")  # the deadlines mode: its own footer and keys
        await pilot.pause()
        deadlines = dict(footer_keys(app))
        assert "n" not in deadlines and "3" in deadlines
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == inbox_keys


async def test_the_footer_at_80_columns_keeps_help_and_quit_first(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        assert [key for key, _ in footer_keys(app)][:2] == ["question_mark", "q"]
        assert footer.composes == 1


def strip_column(app, key: str) -> int:
    """A column inside `key`'s label in the footer's strip."""
    strip = app.screen.query_one(KeyStrip)
    for index, shown in enumerate(strip.keys):
        if shown.key == key:
            start, end = strip._spans[index]
            return (start + end) // 2
    raise AssertionError(f"{key} is not in the footer")


async def test_a_click_on_a_footer_key_runs_it_and_the_mouse_shows_its_tooltip(app) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        inbox = app.screen
        assert inbox.filter == "open"
        strip = inbox.query_one(KeyStrip)
        column = strip_column(app, "f")
        await pilot.hover(KeyStrip, offset=(column, 0))
        await pilot.pause()
        assert strip.key_at(column).action == "cycle_filter"
        assert strip.tooltip == "Open / all / overdue / waiting"
        assert strip.hovered == [k.key for k in strip.keys].index("f")
        backgrounds = {
            seg.text.strip(): seg.style.bgcolor for seg in strip.render().render(app.console)
        }
        assert backgrounds["f"] == backgrounds["Filter"] != backgrounds["n"]  # only `f` lit
        await pilot.click(KeyStrip, offset=(column, 0))
        await pilot.pause()
        assert inbox.filter == "all"  # `f` ran: the next filter

        # A disabled key does not run (the bell rings instead).
        inbox.check_action = lambda action, parameters: None if action == "cycle_filter" else True
        inbox.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert dict(footer_keys(app))["f"] is False
        strip = inbox.query_one(KeyStrip)
        dim = {seg.text.strip(): seg.style.dim for seg in strip.render().render(app.console)}
        assert dim["Filter"] and dim["f"] and not dim["New"]  # drawn dim, as a disabled key
        await pilot.click(KeyStrip, offset=(strip_column(app, "f"), 0))
        await pilot.pause()
        assert inbox.filter == "all"

        await pilot.click(KeyStrip, offset=(strip_column(app, "2"), 0))  # a mode key
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"
