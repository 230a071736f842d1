"""The letter screen's forms on an archived letter: mark it sent (with the step it ends) and
save a copy as a file. Typed forms (`ui/letter_values.py`); each runs its store call inside
the dialog, so an error keeps it open on the field it names."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.letters import DEFAULT_SEND_METHOD
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters.model import LetterError
from ekko_tui.services import letter_archive as archive
from ekko_tui.store import letters as letter_store
from ekko_tui.store.letters import LetterRow
from ekko_tui.ui.letter_values import SaveAsValue, SendValue
from ekko_tui.ui.screens.letter_dialogs import SaveAsDialog, SendDialog, follow_up_label

if TYPE_CHECKING:
    from ekko_tui.ui.screens.letters import LetterScreen


def mark_sent(self: LetterScreen, row: LetterRow) -> None:
    """Ask how and when the highlighted letter went out (and whether that ends its step)."""
    if row.sent_on is not None:
        self.notify(f"Letter #{row.id} was already marked sent.", severity="warning")
        return
    extended = bool(self.ctx and self.ctx.request.deadline != self.ctx.request.first_deadline)
    label = follow_up_label(row.kind, extended)
    channel = self.ctx.request.channel if self.ctx else ""
    method = DEFAULT_SEND_METHOD.get(channel, "post")

    def apply(v: SendValue) -> bool:
        letter_store.mark_sent(
            row.id,
            v.how,
            v.day(),
            close=v.follow_up,
            now=self.ekko.clock.now(),
            actor=self.ekko.actor,
        )
        return True

    def done(result: Any) -> None:
        if result:
            self.refresh_archive(row.id)
            self.notify(f"Letter #{row.id} marked sent.")

    today = self.ekko.clock.now().astimezone(dl.OSLO).date().isoformat()
    self.app.push_screen(
        SendDialog(apply, kind=row.kind, sent_on=today, follow_up=label, method=method), done
    )


def save_as(self: LetterScreen, row: LetterRow) -> None:
    """Ask where to write a copy of the highlighted archived letter, and write it."""
    name = (
        Path(row.path).name if row.path else archive.file_name(row.ref, row.kind, row.generated_at)
    )
    suggestion = str(archive.suggested_path(name, self.ekko.config.letters))

    def apply(v: SaveAsValue) -> tuple[Path, ...]:
        out = v.target()
        try:
            return archive.save_copy(row.id, out, now=self.ekko.clock.now(), actor=self.ekko.actor)
        except LetterError as exc:
            raise ValidationError("file", exc.message) from exc

    def done(result: Any) -> None:
        if result:
            paths = " and ".join(str(p) for p in result)
            self.refresh_archive(row.id)
            self.status(f"Letter #{row.id} saved as {paths} (readable only by you).")
            self.notify(f"Saved: {paths}")

    dialog = SaveAsDialog(
        apply,
        title=f"Save letter #{row.id} as a file",
        value=suggestion,
        intro="The archive stays in the encrypted database; this writes a copy you can "
        "send. Delete it when it is sent.",
    )
    self.app.push_screen(dialog, done)
