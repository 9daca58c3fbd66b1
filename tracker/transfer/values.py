"""One value between the database and the file, both ways, for each kind of column.

In the file: dates as `2026-03-15`, timestamps as ISO 8601 in UTC with the offset
(`2026-03-15T09:30:00.123456+00:00`), JSON columns as JSON values, the rest as JSON's own
strings, numbers and booleans. Reading the file, a value of the wrong type raises
`ValueError` with the Swedish description of what was expected.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from piccolo.utils.encoding import dump_json

from tracker.text import control_character_problem
from tracker.transfer.schema import ColumnSpec


def to_file(value: Any, kind: str) -> Any:
    """A value read from the database, as it is written to the file."""
    if value is None:
        return None
    if kind == "timestamp":
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if kind == "datetime":
        return (datetime.fromisoformat(value) if isinstance(value, str) else value).isoformat()
    if kind == "date":
        return (date.fromisoformat(value) if isinstance(value, str) else value).isoformat()
    if kind == "json":
        return json.loads(value) if isinstance(value, (str, bytes)) else value
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def from_file(value: Any, column: ColumnSpec) -> Any:
    """A value from the file, checked, as it is given to the database driver."""
    kind = column.kind
    if kind == "int":
        if type(value) is not int:
            raise ValueError(f"väntade ett heltal, fick {_shown(value)}")
        low, high = column.int_range or (-(2**63), 2**63 - 1)
        if not low <= value <= high:
            raise ValueError(f"talet {value} är utanför det tillåtna intervallet")
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise ValueError(f"väntade en text, fick {_shown(value)}")
        if column.max_length is not None and len(value) > column.max_length:
            raise ValueError(f"texten är längre än {column.max_length} tecken")
        if "\x00" in value:
            raise ValueError("texten innehåller ett nolltecken (\\u0000)")
        if control_character_problem(value):
            raise ValueError("texten innehåller ett styrtecken (som ESC) som inte kan sparas")
        return value
    if kind == "bool":
        if type(value) is not bool:
            raise ValueError(f"väntade true eller false, fick {_shown(value)}")
        return value
    if kind == "date":
        return _date(value)
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "datetime":
        if not isinstance(value, str):
            raise ValueError(f"väntade en tidpunkt som text, fick {_shown(value)}")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            expected = f"väntade en tidpunkt som 2026-03-15T09:30:00, fick {_shown(value)}"
            raise ValueError(expected) from None
    if kind == "json":
        return dump_json(value)
    if kind == "float":
        if type(value) not in (int, float):
            raise ValueError(f"väntade ett tal, fick {_shown(value)}")
        return float(value)
    raise ValueError(f"okänd kolumntyp {kind}")


def _date(value: Any) -> date:
    expected = f"väntade ett datum som 2026-03-15, fick {_shown(value)}"
    if not isinstance(value, str):
        raise ValueError(expected)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError(expected) from None
    if parsed.isoformat() != value:
        raise ValueError(expected)
    return parsed


def _timestamp(value: Any) -> datetime:
    expected = (
        f"väntade en tidpunkt med tidszon som 2026-03-15T09:30:00+00:00, fick {_shown(value)}"
    )
    if not isinstance(value, str) or "T" not in value:
        raise ValueError(expected)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(expected) from None
    if parsed.tzinfo is None:
        raise ValueError(expected)
    return parsed.astimezone(UTC)
