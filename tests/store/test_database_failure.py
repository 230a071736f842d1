"""What the desk's safety net finds behind an error: the database problem, explained, wherever
it sits (the error itself, its cause or context, a failed worker's error), and nothing else."""

from __future__ import annotations

import sqlcipher3
from textual.worker import WorkerFailed

from ekko_tui.store.db import database_failure
from ekko_tui.store.db_errors import DatabaseBusy, DatabaseDamaged, StoreError


def _raised_from(outer: Exception, inner: BaseException) -> Exception:
    try:
        try:
            raise inner
        except BaseException as exc:
            raise outer from exc
    except Exception as caught:
        return caught


def test_a_database_error_is_found_and_explained_wherever_it_sits() -> None:
    damaged = sqlcipher3.DatabaseError("database disk image is malformed")
    assert isinstance(database_failure(damaged), DatabaseDamaged)
    assert isinstance(database_failure(_raised_from(KeyError("x"), damaged)), DatabaseDamaged)
    assert isinstance(database_failure(WorkerFailed(damaged)), DatabaseDamaged)
    busy = sqlcipher3.OperationalError("database is locked")
    assert isinstance(
        database_failure(WorkerFailed(_raised_from(ValueError(), busy))), DatabaseBusy
    )
    explained = StoreError("The disk holding x is full.")
    assert database_failure(explained) is explained


def test_other_errors_are_left_to_textual() -> None:
    assert database_failure(KeyError("x")) is None
    assert database_failure(WorkerFailed(ZeroDivisionError())) is None
    loop = ValueError("a")
    loop.__context__ = loop  # a cycle ends the walk
    assert database_failure(loop) is None
