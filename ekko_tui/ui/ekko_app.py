"""The one typed way for a screen or widget to reach the EkkoApp (its clock, actor, paths)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import getters
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp


class ekko_app(getters.app["EkkoApp"]):  # noqa: N801 (a descriptor, named like Textual's)
    """`ekko = ekko_app()` in a class body: `self.ekko` is the running EkkoApp, typed.

    Textual's `getters.app(EkkoApp)` needs the class when the screen class is defined, but
    app.py imports the screens; this resolves EkkoApp on first use instead.
    """

    def __init__(self) -> None:
        self._app_type: Any = None

    def __get__(self, obj: MessagePump, obj_type: type[MessagePump]) -> EkkoApp:
        if self._app_type is None:
            from ekko_tui.app import EkkoApp

            self._app_type = EkkoApp
        return super().__get__(obj, obj_type)


def ekko_of(node: MessagePump) -> EkkoApp:
    """The running EkkoApp, from a function that is handed a screen or widget."""
    from ekko_tui.app import EkkoApp

    app = node.app
    assert isinstance(app, EkkoApp)
    return app
