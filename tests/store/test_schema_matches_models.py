"""The schema the migrations build is the schema the models describe (a missing or extra
column, a wrong NOT NULL or primary key would only show as a crash on some user's database)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import peewee as pw
import pytest

import ekko_tui.store
from ekko_tui.store import models
from ekko_tui.store.db import close_db, db, open_db


def _all_models() -> list[type[pw.Model]]:
    """Every model of the store (each *_models module is imported, so new ones count too)."""
    for info in pkgutil.iter_modules(ekko_tui.store.__path__, "ekko_tui.store."):
        if info.name.endswith("models"):
            importlib.import_module(info.name)
    found: list[type[pw.Model]] = []
    todo = list(models.BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        found.append(model)
        todo.extend(model.__subclasses__())
    return sorted(found, key=lambda m: m._meta.table_name)


MODELS = _all_models()


def _columns(table: str) -> dict[str, tuple[bool, bool]]:
    """column → (NOT NULL, part of the primary key), as SQLite has it."""
    rows = db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
    return {r[1]: (bool(r[3]), bool(r[5])) for r in rows}


def _unique_columns(table: str) -> set[str]:
    """The columns that carry a one-column UNIQUE index."""
    unique: set[str] = set()
    for index in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
        name, is_unique = index[1], bool(index[2])
        cols = [c[2] for c in db.execute_sql(f'PRAGMA index_info("{name}")').fetchall()]
        if is_unique and len(cols) == 1:
            unique.add(cols[0])
    return unique


def _schema(path: Path, *, from_0001: bool) -> dict[str, object]:
    if from_0001:
        open_db(path, upto="0001_initial")
        close_db()
    open_db(path)
    try:
        return {
            m._meta.table_name: (_columns(m._meta.table_name), _unique_columns(m._meta.table_name))
            for m in MODELS
        }
    finally:
        close_db()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return _schema(tmp_path_factory.mktemp("schema") / "old.db", from_0001=True)


def test_every_model_is_checked() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"Request", "Subject", "RegisterProcessor", "NoticeVersion", "Breach"} <= names


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_migrated_table_matches_model(model: type[pw.Model], migrated: dict) -> None:
    columns, unique = migrated[model._meta.table_name]
    assert columns, f"no table {model._meta.table_name}"
    fields = model._meta.sorted_fields
    assert set(columns) == {f.column_name for f in fields}
    key = model._meta.primary_key
    if isinstance(key, pw.CompositeKey):
        pk = {model._meta.fields[name].column_name for name in key.field_names}
    else:
        pk = {key.column_name}
    assert {c for c, (_, in_pk) in columns.items() if in_pk} == pk
    for field in fields:
        not_null, _ = columns[field.column_name]
        if field.column_name not in pk:  # SQLite reports an INTEGER PRIMARY KEY as nullable
            assert not_null == (not field.null), field.column_name
        if field.unique:
            assert field.column_name in unique, field.column_name


def test_upgraded_database_equals_a_new_one(tmp_path: Path, migrated: dict) -> None:
    assert _schema(tmp_path / "new.db", from_0001=False) == migrated
