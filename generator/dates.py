"""EDTF dates: ordering and honest wording for readers.

Dates are written in the Library of Congress Extended Date/Time Format (ISO 8601-2:2019),
levels 0 and 1, and parsed with the ``edtf`` package. This module adds what a timeline
needs: a sort key and a plain-English rendering that keeps approximation visible
("approximately 2010", "autumn 2013", "on or before 12 May 2015").
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from edtf import parse_edtf as _parse_edtf

_SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
_QUALIFIERS = {"~": "approximately ", "?": "possibly ", "%": "possibly, approximately, "}


@lru_cache(maxsize=4096)
def parse_edtf(value: str) -> Any:
    """``edtf.parse_edtf``, memoised: the schema and the timeline parse the same dates, and
    each parse costs milliseconds (pyparsing). Raises what ``edtf`` raises for bad text."""
    return _parse_edtf(value)


def sort_key(value: str) -> tuple[date, date]:
    """``(earliest, latest)`` calendar dates the EDTF value may mean, for chronological order.

    An open start (``../2015-05-12``) sorts at its end date, an open end at its start. Raises ``ValueError`` for text
    that is not EDTF (the schema has rejected such text before this is called).
    """
    parsed = parse_edtf(value)
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    start = None if isinstance(lower, float) else date(*lower[:3])
    end = None if isinstance(upper, float) else date(*upper[:3])
    if start is None and end is None:
        raise ValueError(f"date has neither start nor end: {value!r}")
    return (start or end, end or start)  # type: ignore[return-value]


def _single(text: str) -> str:
    qualifier = ""
    if text and text[-1] in _QUALIFIERS:
        qualifier, text = _QUALIFIERS[text[-1]], text[:-1]
    parts = text.split("-")
    if len(parts) == 2 and parts[1] in _SEASONS:
        return f"{qualifier}{_SEASONS[parts[1]]} {parts[0]}"
    if len(parts) == 3:
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        return f"{qualifier}{day.day} {day:%B %Y}"
    if len(parts) == 2:
        return f"{qualifier}{date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return f"{qualifier}{parts[0]}"


def describe(value: str) -> str:
    """Plain English for an EDTF value: ``"2013-23"`` → ``"autumn 2013"``,
    ``"2015-05-11/2015-05-12"`` → ``"11 May 2015 to 12 May 2015"``,
    ``"../2015-05-12"`` → ``"on or before 12 May 2015"``.
    """
    if "/" in value:
        start, end = value.split("/", 1)
        if start in ("", ".."):
            return f"on or before {_single(end)}"
        if end in ("", ".."):
            return f"on or after {_single(start)}"
        return f"{_single(start)} to {_single(end)}"
    return _single(value)

