"""What the export holds, read from the registered Piccolo tables (tracker/piccolo_conf.py).

Nothing here lists tables by hand: a table added to any app is exported and imported from the
day it is registered. The order parents-before-children comes from the foreign keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    Real,
    Serial,
    SmallInt,
    Text,
    Timestamp,
    Timestamptz,
    Varchar,
)
from piccolo.columns.column_types import BigSerial
from piccolo.conf.apps import Finder
from piccolo.table import Table, sort_table_classes

from tracker.db import MAX_ID
from tracker.transfer.errors import TransferError

INT32 = (-MAX_ID - 1, MAX_ID)  # PostgreSQL's integer, the largest id a record can have
INT64 = (-(2**63), 2**63 - 1)
INT16 = (-(2**15), 2**15 - 1)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str  # the database column name, also the key in the file
    kind: str  # int | str | bool | date | timestamp | datetime | json | float
    nullable: bool
    unique: bool
    max_length: int | None = None  # Varchar
    int_range: tuple[int, int] | None = None
    references: tuple[str, str] | None = None  # (table, column) of a foreign key


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    table: type[Table]
    primary_key: str
    columns: tuple[ColumnSpec, ...]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _kind(column: Column) -> tuple[str, tuple[int, int] | None]:
    # Subclasses before their bases: BigInt and SmallInt are Integers, JSONB is a JSON.
    if isinstance(column, (BigInt, BigSerial)):
        return "int", INT64
    if isinstance(column, SmallInt):
        return "int", INT16
    if isinstance(column, (Integer, Serial)):
        return "int", INT32
    if isinstance(column, Boolean):
        return "bool", None
    if isinstance(column, Timestamptz):
        return "timestamp", None
    if isinstance(column, Timestamp):
        return "datetime", None
    if isinstance(column, Date):
        return "date", None
    if isinstance(column, JSON):
        return "json", None
    if isinstance(column, (Varchar, Text)):
        return "str", None
    if isinstance(column, Real):
        return "float", None
    raise TransferError(
        f"Kolumntypen {type(column).__name__} ({column._meta.table._meta.tablename}."
        f"{column._meta.db_column_name}) stöds inte av exporten – lägg till den i "
        "tracker/transfer/schema.py."
    )


def _column_spec(column: Column) -> ColumnSpec:
    references = None
    if isinstance(column, ForeignKey):
        target = column._foreign_key_meta.resolved_target_column
        references = (target._meta.table._meta.tablename, target._meta.db_column_name)
        kind, int_range = _kind(target)
    else:
        kind, int_range = _kind(column)
    return ColumnSpec(
        name=column._meta.db_column_name,
        kind=kind,
        nullable=bool(column._meta.null),
        unique=bool(column._meta.unique) or bool(column._meta.primary_key),
        max_length=column.length if isinstance(column, Varchar) else None,
        int_range=int_range,
        references=references,
    )


@cache
def table_specs() -> tuple[TableSpec, ...]:
    """Every registered table, parents before the tables whose foreign keys point at them."""
    specs = []
    for table in sort_table_classes(Finder().get_table_classes()):
        columns = tuple(_column_spec(column) for column in table._meta.columns)
        specs.append(
            TableSpec(
                name=table._meta.tablename,
                table=table,
                primary_key=table._meta.primary_key._meta.db_column_name,
                columns=columns,
            )
        )
    return tuple(specs)


def specs_by_name() -> dict[str, TableSpec]:
    return {spec.name: spec for spec in table_specs()}
