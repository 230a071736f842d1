"""The footer of every screen: `?` (help) and `q` (quit) first, so a narrow terminal shows them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Global keys that must stay visible at 80 columns, where the footer's right end is cut off.
FIRST = ("toggle_help", "quit")


class KeyFooter(Footer):
    """Textual's footer (one key per action, the palette key at the right) with FIRST leading."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown: dict[str, tuple] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        order = sorted(shown, key=lambda action: FIRST.index(action) if action in FIRST else 9)
        self.styles.grid_size_columns = len(order)
        for action in order:
            binding, enabled, tooltip = shown[action]
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                yield FooterKey(
                    palette.binding.key,
                    self.app.get_key_display(palette.binding),
                    palette.binding.description,
                    palette.binding.action,
                    classes="-command-palette",
                    disabled=not palette.enabled,
                    tooltip=palette.binding.tooltip or palette.binding.description,
                )
