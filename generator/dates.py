"""EDTF dates: ordering and honest wording for readers.

Dates are written in the Library of Congress Extended Date/Time Format (ISO 8601-2:2019),
levels 0 and 1, and parsed with the ``edtf`` package. This module adds what a timeline
needs: a sort key and a plain-English rendering that keeps approximation visible
("approximately 2010", "autumn 2013", "on or before 12 May 2015"), in full and in a compact form for rows.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from edtf import parse_edtf as _parse_edtf

_SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
#: The season numbers in words, for messages and the JSON Schema.
SEASONS_IN_WORDS = "21 spring, 22 summer, 23 autumn, 24 winter"
#: Examples of every form this project reads, in words (messages and the JSON Schema).
EXAMPLES = ("2015-05-12 (a day), 2015-05 (May 2015), 2014 (a year), "
            f"2013-23 (autumn 2013: a month number from 21 to 24 is a season: {SEASONS_IN_WORDS}), "
            "2010~ (approximately 2010), 2015-02? (possibly February 2015), "
            "2015-05-11/2015-05-12 (from one date to another), ../2015-05-12 (on or before)")
_QUALIFIERS = {"~": "approximately ", "?": "possibly ", "%": "possibly, approximately, "}


@lru_cache(maxsize=4096)
def parse_edtf(value: str) -> Any:
    """``edtf.parse_edtf``, memoised: the schema and the timeline parse the same dates, and
    each parse costs milliseconds (pyparsing). Raises what ``edtf`` raises for bad text."""
    return _parse_edtf(value)


Day = tuple[int, int, int]
#: The common forms, read without pyparsing: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, each
#: optionally qualified (``~ ? %``), alone or as either end of an interval (``..`` open).
_COMMON = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?[~?%]?")


def _common(text: str) -> tuple[Day, Day] | None:
    """Strict bounds of one common date, or ``None`` to leave it to ``edtf`` (other forms,
    year 0000, a day the month does not have: ``edtf`` decides what those mean)."""
    match = _COMMON.fullmatch(text)
    if match is None:
        return None
    year = int(match[1])
    if year == 0:
        return None
    if match[2] is None:
        return (year, 1, 1), (year, 12, 31)
    month = int(match[2])
    last = calendar.monthrange(year, month)[1]
    if match[3] is None:
        return (year, month, 1), (year, month, last)
    day = int(match[3])
    return ((year, month, day), (year, month, day)) if 1 <= day <= last else None


def _fast_bounds(value: str) -> tuple[Day | None, Day | None] | None:
    """:func:`bounds` for the common forms without ``edtf``; ``None`` for every other form."""
    if "/" not in value:
        single = _common(value)
        return single
    start_text, end_text = value.split("/", 1)
    start = None if start_text == ".." else _common(start_text)
    end = None if end_text == ".." else _common(end_text)
    if (start is None and start_text != "..") or (end is None and end_text != "..") or start is end is None:
        return None
    return (start[0] if start else None), (end[1] if end else None)


def bounds(value: str) -> tuple[Day | None, Day | None]:
    """Strict ``(earliest, latest)`` ``(year, month, day)`` an EDTF value may mean; ``None``
    for an open end (``../2015``). These are not checked against the calendar (``edtf``
    accepts ``2015-02-29``). The common forms are read by a regular expression, every other
    form by the ``edtf`` package, which is the reference: the tests check that both give the
    same bounds for every form the project accepts. Raises what ``edtf`` raises for text it
    refuses.
    """
    fast = _fast_bounds(value)
    if fast is not None:
        return fast
    parsed = parse_edtf(value)
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    return (None if isinstance(lower, float) else (lower[0], lower[1], lower[2]),
            None if isinstance(upper, float) else (upper[0], upper[1], upper[2]))


def sort_key(value: str) -> tuple[date, date]:
    """``(earliest, latest)`` calendar dates the EDTF value may mean, for chronological order.

    An open start (``../2015-05-12``) sorts at its end date, an open end at its start. Raises ``ValueError`` for text
    that is not EDTF (the schema has rejected such text before this is called) or a day
    not on the calendar.
    """
    lower, upper = bounds(value)
    start = None if lower is None else date(*lower)
    end = None if upper is None else date(*upper)
    if start is None and end is None:
        raise ValueError(f"date has neither start nor end: {value!r}")
    return (start or end, end or start)  # type: ignore[return-value]


def only_bounded(value: str) -> bool:
    """True when the EDTF value has one open end (``../2015-05-12``, ``2015-05-12/..``): the article
    bounds the date but does not place it, so a timeline keeps it apart from dated events."""
    if "/" not in value:
        return False
    start, end = value.split("/", 1)
    return start in ("", "..") or end in ("", "..")


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


@lru_cache(maxsize=65_536)  # pure: pages print the same dates many times over
def describe(value: str) -> str:
    """Plain English for an EDTF value: ``"2013-23"`` → ``"autumn 2013"``,
    ``"2015-05-11/2015-05-12"`` → ``"11 May 2015 to 12 May 2015"``,
    ``"../2015-05-12"`` → ``"on or before 12 May 2015"``, ``"../2015"`` → ``"in or before 2015"`` ("on" a day,
    "in" a month, season or year), ``"../2015-05-12?"`` → ``"possibly on or before 12 May 2015"`` (the bound is
    uncertain, so is the claim); a range whose ends are the same date is that date.
    """
    return _interval(value, _single, "", "{} to {}")


def _interval(value: str, single: Callable[[str], str], undated: str, between: str) -> str:
    """``value`` in words: a single date by ``single``; an open interval as ``undated`` followed by "on or before
    …" / "in or after …" (see :func:`_bound`); a closed one by the ``between`` format around its ends' words,
    or as one date when both ends are the same text."""
    if "/" not in value:
        return single(value)
    start, end = value.split("/", 1)
    if start in ("", ".."):
        return undated + _bound("before", end, single)
    if end in ("", ".."):
        return undated + _bound("after", start, single)
    if start == end:
        return single(start)
    return between.format(single(start), single(end))


def _bound(side: str, text: str, single: Callable[[str], str]) -> str:
    """"on or before 12 May 2015", "in or after 2015" ("on" for a day, "in" for a month, season or year); an
    uncertain bound makes the whole claim uncertain: "possibly on or before 12 May 2015", not "on or before
    possibly 12 May 2015"."""
    possibly = ""
    if text and text[-1] in "?%":
        possibly = "possibly "
        text = text[:-1] + ("~" if text[-1] == "%" else "")
    preposition = "on" if len(text.rstrip("~").split("-")) == 3 else "in"
    return f"{possibly}{preposition} or {side} {single(text)}"


#: How :func:`short` words a qualified date: in words a reader needs no legend for.
_MARKS = {"~": "about {}", "?": "possibly {}", "%": "possibly about {}"}


def _short_single(text: str) -> str:
    mark = "{}"
    if text and text[-1] in _MARKS:
        mark, text = _MARKS[text[-1]], text[:-1]
    return mark.format(_single(text))


@lru_cache(maxsize=65_536)  # pure, like describe
def short(value: str) -> str:
    """Compact wording of an EDTF value for a row of a list or timeline, as certain as :func:`describe` and
    no more, in words rather than marks (a reader on a phone has no legend at hand): ``"2010~"`` →
    ``"about 2010"``, ``"2015-05-12?"`` → ``"possibly 12 May 2015"``, ``"2015-02%"`` → ``"possibly about
    February 2015"``; a date known only by a bound says first that it is undated, so that the bound (often the
    story's own day) does not read as the day it happened (``"../2015-05-12"`` → ``"undated, on or before 12 May
    2015"``, ``"2015-05-11/.."`` → ``"undated, on or after 11 May 2015"``, ``"../2015"`` → ``"undated, in or
    before 2015"``, ``"../2015-05-12?"`` → ``"undated, possibly on or before 12 May 2015"``); ranges take a dash
    (``"11 May 2015 – 12 May 2015"``), a range whose ends are the same date is that date. Pages give
    assistive technology :func:`spoken` (the same words, a range's dash read "to"); :func:`describe`'s
    "approximately" is for running text, where "about 2010" would say no more."""
    return _interval(value, _short_single, "undated, ", "{} – {}")


@lru_cache(maxsize=65_536)  # pure, like describe
def spoken(value: str) -> str:
    """:func:`short`'s words for assistive technology: the same, but a range reads ``"11 May 2015 to 12 May
    2015"`` (a screen reader says the dash as "dash", or nothing)."""
    return _interval(value, _short_single, "undated, ", "{} to {}")


def plain(value: str) -> bool:
    """True for a single date without a qualifier (``2015-05-12``, ``2013-23``, ``2014``): nothing about it is
    approximate, uncertain, a range or a bound."""
    return "/" not in value and not (value and value[-1] in _MARKS)


def vague(value: str) -> bool:
    """True for a date a reader must not take at face value: approximate or uncertain (``~ ? %`` anywhere)
    or known only by a bound (:func:`only_bounded`). A closed range (``2015-05-11/2015-05-12``) is not vague."""
    return any(mark in value for mark in _MARKS) or only_bounded(value)


_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})([~?%]?)")
#: What :func:`on_the_day` shows for each qualifier, in a list headed by the day itself.
_ON_THE_DAY = {"": "", "~": "about this day", "?": "day not certain", "%": "about this day, not certain"}


def day_of(value: str) -> str | None:
    """The ``YYYY-MM-DD`` day a single-day EDTF value names, its qualifier dropped (``"2015-05-12?"`` →
    ``"2015-05-12"``), or ``None`` for any other form (a month, a year, an interval)."""
    match = _DAY.fullmatch(value)
    return match[1] if match else None


def on_the_day(value: str) -> str:
    """The wording of a single-day value (:func:`day_of`) in a list whose heading already names that day: empty
    for the plain day (repeating it on every row says nothing), else what is not certain about it:
    ``"2015-05-12?"`` → ``"day not certain"``, ``"2015-05-12~"`` → ``"about this day"``, ``"2015-05-12%"`` →
    ``"about this day, not certain"``. Raises ``ValueError`` for a value :func:`day_of` does not read."""
    match = _DAY.fullmatch(value)
    if match is None:
        raise ValueError(f"not a single day: {value!r}")
    return _ON_THE_DAY[match[2]]


_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
_SEASON_WORDS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_NUMERIC = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?([~?%]?)")
_CIRCA = re.compile(r"(?:about|around|approximately|circa|ca?\.)\s*(\d{4})", re.IGNORECASE)


def words_to_edtf(text: str) -> str | None:
    """EDTF for a date written in English words ("April 2015" → ``"2015-04"``, "12 May 2015", "May 12, 2015",
    "autumn 2013" → ``"2013-23"``, "about 2010" → ``"2010~"``), or ``None`` for anything else; never raises.
    :func:`diagnose` suggests it for a date written in words; generator/rules.py reads era names with it."""
    circa = _CIRCA.fullmatch(text.strip())
    if circa:
        return f"{circa.group(1)}~"
    words = re.findall(r"[A-Za-z]+|\d+", text)
    if not words or len(words) > 3 or re.search(r"[^\w\s,.]", text):
        return None
    names = [w.lower() for w in words if w.isalpha()]
    numbers = [w for w in words if w.isdigit()]
    if len(names) != 1 or not numbers or (len(numbers[-1]) != 4 and len(numbers[0]) != 4):
        return None
    year = next((n for n in numbers if len(n) == 4), None)
    days = [n for n in numbers if n != year]
    if year is None or len(days) > 1:
        return None
    if names[0] in _SEASON_WORDS and not days:
        return f"{year}-{_SEASON_WORDS[names[0]]}"
    month = _MONTHS.get(names[0].rstrip("."))
    if month is None:
        return None
    if not days:
        return f"{year}-{month:02d}"
    day = int(days[0])
    return f"{year}-{month:02d}-{day:02d}" if 1 <= day <= calendar.monthrange(int(year), month)[1] else None


def _numeric(text: str) -> str | None:
    """What is wrong with a ``YYYY-MM[-DD]`` date whose month or day does not exist, or ``None``."""
    found = _NUMERIC.fullmatch(text)
    if not found:
        return None
    year, month, day = int(found.group(1)), int(found.group(2)), found.group(3)
    if 21 <= month <= 24:
        if day is not None:
            return (f"'{text}' gives a day in a season ({month} is {_SEASONS[str(month)]}); "
                    f"write the season alone, {found.group(1)}-{month}, or a day of a month")
        return None
    if not 1 <= month <= 12:
        hint = f"write a month from 01 to 12, or a season as its number: {SEASONS_IN_WORDS}"
        if day is not None and 1 <= int(day) <= 12 and 1 <= month <= calendar.monthrange(max(year, 1), int(day))[1]:
            hint += f"; for {month} {calendar.month_name[int(day)]} {year} write {found.group(1)}-{day}-{month:02d}"
        return f"'{text}' is not a date: there is no month {found.group(2)}; {hint}"
    if day is None or year == 0:
        return None
    length = calendar.monthrange(year, month)[1]
    if not 1 <= int(day) <= length:
        leap = (f" ({year} is {'a' if calendar.isleap(year) else 'not a'} leap year)" if month == 2 else "")
        return (f"'{text}' is not a day on the calendar: {calendar.month_name[month]} {year} has {length} days"
                f"{leap}; check the day of the month")
    return None


def diagnose(value: str) -> str | None:
    """Why ``value`` is not a date this project reads, in words, with a fix, or ``None`` when
    this function has nothing specific to say (the value may still be invalid).

    Knows: a month that does not exist (``2015-13-01``), a day past the end of its month
    (``2015-02-30``, ``2015-04-31``), a day in a season (``2013-23-01``), and dates written in
    words (``April 2015`` → ``2015-04``, ``12 May 2015`` → ``2015-05-12``, ``autumn 2013`` →
    ``2013-23``, ``about 2010`` → ``2010~``). The result is ``"what is wrong; how to fix it"``.
    """
    for part in value.split("/") if "/" in value else [value]:
        problem = _numeric(part)
        if problem:
            return problem
    suggestion = words_to_edtf(value)
    if suggestion:
        return (f"'{value}' is a date in words; write it in EDTF as {suggestion} "
                f"({describe(suggestion)}) and keep the article's words in as_written")
    return None
