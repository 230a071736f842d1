"""What the first frame waits for (issue 15, cold start): only the inbox's rules are parsed before
it; every other screen's rules (screens.tcss) are added just after it, or before a mode switch
typed ahead of it, and style those screens as before (the snapshots compare their look)."""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

from ekko_tui.app import EkkoApp


def later_css_loaded(app: EkkoApp) -> bool:
    return app.stylesheet.has_source(str(EkkoApp.LATER_CSS_PATH), "")


def leading_names(stylesheet: Stylesheet) -> set[str]:
    """The first name of every selector parsed (`DeadlinesScreen` of `DeadlinesScreen #x`)."""
    return {
        selector_set.selectors[0].name
        for rule in stylesheet.rules
        for selector_set in rule.selector_set
        if selector_set.selectors
    }


def parsed_selectors(app: EkkoApp) -> set[str]:
    return leading_names(app.stylesheet)


async def test_the_other_screens_rules_are_parsed_after_the_first_frame(app, monkeypatch) -> None:
    at_first_paint: list[tuple[bool, set[str]]] = []
    original = EkkoApp._after_first_paint

    def probe(self: EkkoApp) -> None:
        at_first_paint.append((later_css_loaded(self), parsed_selectors(self)))
        original(self)

    monkeypatch.setattr(EkkoApp, "_after_first_paint", probe)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert len(at_first_paint) == 1
        loaded, selectors = at_first_paint[0]
        assert not loaded
        assert "InboxScreen" in selectors and "DeadlinesScreen" not in selectors
        # Just after the first frame: every screen's rules, once.
        assert later_css_loaded(app)
        assert {"DeadlinesScreen", "LetterScreen", "SearchScreen"} <= parsed_selectors(app)
        sources = [key for key in app.stylesheet.source if key[0].endswith("screens.tcss")]
        assert len(sources) == 1
        app.load_later_css()  # again: nothing added
        assert [k for k in app.stylesheet.source if k[0].endswith("screens.tcss")] == sources


async def test_a_mode_switch_typed_before_the_first_frame_has_its_rules(app, monkeypatch) -> None:
    # The first frame's follow-up never runs here: only the switch can have loaded the rules.
    monkeypatch.setattr(EkkoApp, "_after_first_paint", lambda self: None)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert not later_css_loaded(app)
        await pilot.press("3")
        await pilot.pause()
        assert type(app.screen).__name__ == "DeadlinesScreen"
        assert later_css_loaded(app)
        # The deadlines table fills the screen (its `height: 1fr` rule is in screens.tcss).
        table = app.screen.query_one("#deadlines")
        assert table.styles.height is not None and table.styles.height.is_fraction


def test_screens_css_parses_and_holds_no_inbox_rule() -> None:
    """The split is by screen: the inbox's rules stay in app.tcss, the rest parse on their own."""
    from textual.app import App

    later = Stylesheet(variables=App().get_css_variables())  # the theme's $boost, $primary…
    later.read(EkkoApp.LATER_CSS_PATH)
    later.parse()
    names = leading_names(later)
    assert "InboxScreen" not in names and {"RequestDetailScreen", "BreachLetterScreen"} <= names
