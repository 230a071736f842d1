"""The footer of every screen: `?` (help) and `q` (quit) first, so a narrow terminal shows them."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ekko_tui.ui.key_strip import KeyStrip

# Global keys that must stay visible at 80 columns, where the footer's right end is cut off.
FIRST = ("toggle_help", "quit")


class ShownKey(NamedTuple):
    """One key as the footer shows it (what a FooterKey is made from)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


class KeyFooter(Footer):
    """Textual's footer (one key per action, the palette key at the right) with FIRST leading.

    Textual's Footer recomposes (every key a new widget, styled again) on each change of the
    screen's bindings, which fires several times while a screen starts (mount, focus, the app's
    own checks) with the same keys; this one recomposes only when what it shows changed, and
    draws the keys as one KeyStrip (the palette key stays a FooterKey). ekko's footers are
    never compact (the strip has no compact layout).
    """

    def __init__(self) -> None:
        super().__init__()
        # What the last compose showed; None before the first compose with bindings.
        self.shown: tuple[tuple[ShownKey, ...], ShownKey | None] | None = None
        self.composes = 0  # how many times the keys were built (tests)

    def shown_keys(self) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The keys to show, in order, and the palette key (None when not shown)."""
        active = self.screen.active_bindings
        app = self.app
        shown: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = ShownKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    tooltip,
                )
        order = sorted(shown, key=lambda action: FIRST.index(action) if action in FIRST else 9)
        palette: ShownKey | None = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                palette = ShownKey(
                    found.binding.key,
                    app.get_key_display(found.binding),
                    found.binding.description,
                    found.binding.action,
                    found.enabled,
                    found.binding.tooltip or found.binding.description,
                )
        return tuple(shown[action] for action in order), palette

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys, palette = self.shown = self.shown_keys()
        self.composes += 1
        if keys:
            # One widget for every key (KeyStrip), not a FooterKey each: the same text.
            yield KeyStrip(keys)
        if palette is not None:
            yield FooterKey(
                palette.key,
                palette.display,
                palette.description,
                palette.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=palette.tooltip,
            )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached or self.shown_keys() == self.shown:
            return
        await self.recompose()
