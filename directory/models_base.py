"""What the tables of every area are made of: the typed base, the id, the timestamps, the
moderation columns and foreign keys to an ``id`` (cookiecutter-flask's ``PkModel`` and
``reference_col``, Indico's mixins), and the many-to-many tables' one shape.

A mixin's columns are copied into each table that uses it, after the table's own columns
(the id is put first); the names, types, defaults and nullability are those every table
had written out before.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from .extensions import Base, db
from .timeutil import utcnow

# db.Model is made at run time: mypy sees the declarative base it derives from.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


class PkModel(Model):
    """A table whose primary key is an integer ``id``."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)


class CreatedAt:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UpdatedAt:
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Timestamps(CreatedAt, UpdatedAt):
    """When the row was made and when it last changed."""


class Hideable:
    """Officers may hide a record from the public, with the reason its owners are shown."""

    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(Text)


def reference_col(table: str, *, ondelete: str | None = None, **column: Any) -> MappedColumn[Any]:
    """A column that refers to ``table``'s ``id``; nullable when its annotation says so."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete=ondelete), **column)


def link_table(name: str, *keys: tuple[str, str, str | None]) -> Table:
    """A many-to-many table: one primary-key column per (column, column it refers to,
    ondelete)."""
    columns: list[Column[Any]] = [
        Column(column, ForeignKey(target, ondelete=ondelete), primary_key=True)
        for column, target, ondelete in keys
    ]
    return Table(name, db.metadata, *columns)
