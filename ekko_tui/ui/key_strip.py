"""The footer's keys drawn as one widget: the same text as Textual's FooterKeys side by side.

A FooterKey is a widget per key (styled, measured and drawn on its own): the inbox's 17 keys
were about 16 ms of its first frame. KeyStrip draws them as one line with the FooterKey's own
component styles, and finds the key under the mouse by column for the hover, the tooltip and
the click. The footer is never compact in ekko; the strip has no compact layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from ekko_tui.ui.footer import ShownKey

_DIM = Style(dim=True)


class KeyStrip(Widget):
    """The shown keys, each ` key description `, in order; a disabled key dim."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "key-strip--hover"}
    # FooterKey's rules (Textual 8.2.8), so each key looks as a FooterKey does; the hover is
    # the key's own (a FooterKey's :hover colours the whole widget, here one key).
    DEFAULT_CSS = """
    KeyStrip {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-strip--hover {
            background: $block-hover-background;
        }
        &:hover {
            pointer: pointer;
        }
    }
    """

    def __init__(self, keys: Sequence[ShownKey]) -> None:
        super().__init__()
        self.keys = tuple(keys)
        self.hovered: int | None = None  # index of the key under the mouse
        self._spans: list[tuple[int, int]] = []  # each key's first and end column
        self.set_reactive(Widget.shrink, False)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        text = Text()
        spans: list[tuple[int, int]] = []
        for key in self.keys:
            start = text.cell_len
            text.append(" " * key_padding.left + key.display + " " * key_padding.right, key_style)
            if key.description:
                text.append(
                    " " * description_padding.left
                    + key.description
                    + " " * description_padding.right,
                    description_style,
                )
            spans.append((start, text.cell_len))
        self._spans = spans
        for index, key in enumerate(self.keys):
            if not key.enabled:
                text.stylize(_DIM, *self._chars(text, spans[index]))
        if self.hovered is not None and self.hovered < len(spans):
            # The key under the mouse on the hover background (its colours kept), as a
            # hovered FooterKey.
            hover = self.get_component_rich_style("key-strip--hover")
            text.stylize(Style(bgcolor=hover.bgcolor), *self._chars(text, spans[self.hovered]))
        text.stylize_before(self.rich_style)
        return text

    @staticmethod
    def _chars(text: Text, span: tuple[int, int]) -> tuple[int, int]:
        """Character offsets of a column span (the keys may hold wide characters)."""
        plain, column, start = text.plain, 0, None
        for offset, char in enumerate(plain):
            if start is None and column >= span[0]:
                start = offset
            if column >= span[1]:
                return start or 0, offset
            column += cell_len(char)
        return (start if start is not None else len(plain)), len(plain)

    def key_at(self, x: int) -> ShownKey | None:
        """The key drawn at column `x` of the strip."""
        for index, (start, end) in enumerate(self._spans):
            if start <= x < end:
                return self.keys[index]
        return None

    def _hover(self, x: int | None) -> None:
        key = None if x is None else self.key_at(x)
        index = None if key is None else self.keys.index(key)
        if index != self.hovered:
            self.hovered = index
            self.tooltip = (key.tooltip or None) if key is not None else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(event.x)

    def on_leave(self) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
