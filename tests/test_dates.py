"""EDTF dates: the schema's accepted forms, their reader-facing wording and their order."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pydantic import ValidationError

from generator.dates import day_of, describe, on_the_day, plain, short, sort_key, spoken, vague
from generator.schema import Event

EVENT = {"id": "ev", "as_written": "then", "title": "t", "evidence": [{"exact": "x"}]}


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2015-05-12", "12 May 2015"),
        ("2015-05", "May 2015"),
        ("2014", "2014"),
        ("2013-23", "autumn 2013"),
        ("2013-21", "spring 2013"),
        ("2010~", "approximately 2010"),
        ("2015-05-12?", "possibly 12 May 2015"),
        ("2015-02%", "possibly, approximately, February 2015"),
        ("2015-05-11/2015-05-12", "11 May 2015 to 12 May 2015"),
        ("../2015-05-12", "on or before 12 May 2015"),
        ("2015-05-11/..", "on or after 11 May 2015"),
        ("2015-05-12/2015-05-12", "12 May 2015"),
        ("../2015", "in or before 2015"),
        ("../2015-05", "in or before May 2015"),
        ("2013-23/..", "in or after autumn 2013"),
        ("../2015-05-12?", "possibly on or before 12 May 2015"),
        ("../2015-04%", "possibly in or before approximately April 2015"),
        ("../2015-05-12~", "on or before approximately 12 May 2015"),
    ],
)
def test_describe_keeps_uncertainty_visible(value: str, words: str) -> None:
    """Each accepted EDTF form is worded for readers without hiding its uncertainty."""
    Event.model_validate({**EVENT, "date": value})
    assert describe(value) == words


@pytest.mark.parametrize(
    ("value", "compact"),
    [
        ("2015-05-12", "12 May 2015"),
        ("2015-05", "May 2015"),
        ("2013-23", "autumn 2013"),
        ("2010~", "about 2010"),
        ("2015-05-12?", "possibly 12 May 2015"),
        ("2015-02%", "possibly about February 2015"),
        ("2015-05-11/2015-05-12", "11 May 2015 – 12 May 2015"),
        ("../2015-05-12", "undated, on or before 12 May 2015"),
        ("../2015-04~", "undated, in or before about April 2015"),
        ("2015-05-11/..", "undated, on or after 11 May 2015"),
        ("../2015", "undated, in or before 2015"),
        ("2015/..", "undated, in or after 2015"),
        ("../2015-05-12?", "undated, possibly on or before 12 May 2015"),
        ("2015-05-11%/..", "undated, possibly on or after about 11 May 2015"),
        ("2015-05-12/2015-05-12", "12 May 2015"),
        ("2015-05-11?/2015-05-12", "possibly 11 May 2015 – 12 May 2015"),
    ],
)
def test_short_words_every_uncertainty(value: str, compact: str) -> None:
    """The compact wording of a row claims no more than describe() and needs no legend: an approximate date
    says "about", an uncertain one "possibly" (never a bare "?" or "c."); a date known only by a bound says
    first that it is undated, so "../<the story's day>" does not read as "just before the story" ("by 12 May
    2015" did); a plain date reads the same both ways."""
    assert short(value) == compact
    assert "?" not in short(value) and "c." not in short(value) and not short(value).startswith("by ")
    assert (short(value) == describe(value)) == (not any(c in value for c in "~%/") or value == "2015-05-12/2015-05-12")
    assert plain(value) == (not any(c in value for c in "~?%/"))
    assert vague(value) == (value not in ("2015-05-11/2015-05-12", "2015-05-12/2015-05-12") and not plain(value))


_ONE = [f"{d}{q}" for d in ("2015", "2015-05", "2015-05-12") for q in ("", "~", "?", "%")] + ["2013-23"]
#: Every form the schema accepts (a season takes no qualifier), as either end of an open range, and closed ranges.
ACCEPTED = [*_ONE, *(f"../{one}" for one in _ONE), *(f"{one}/.." for one in _ONE),
            "2015-05-11/2015-05-12", "2015-05-11?/2015-05-12", "2015-05-11/2015-05-12~", "2014/2015-05",
            "2015-05-12/2015-05-12", "2015-05-12?/2015-05-12?"]


@pytest.mark.parametrize("value", ACCEPTED)
def test_every_accepted_form_reads_as_english(value: str) -> None:
    """No wording of any form the schema accepts reads badly: a qualifier never sits between a preposition
    and its date ("on or before possibly 12 May 2015"), "on" goes with a day and "in" with a month, season
    or year ("on or before 2015"), no range runs from a date to itself ("12 May 2015 – 12 May 2015"), and
    a screen reader hears "to" rather than a dash."""
    Event.model_validate({**EVENT, "date": value})
    for words in (describe(value), short(value), spoken(value)):
        assert not re.search(r"(before|after) (possibly|approximately|about)?,? ?possibly", words), words
        assert not re.search(r"\bon or (before|after) (about |approximately )?(\w+ )?\d{4}$", words) or \
            re.search(r"\d{1,2} \w+ \d{4}$", words), words
        assert not re.search(r"\bin or (before|after) (about |approximately )?\d{1,2} ", words), words
        ends = re.split(r" – | to ", words)
        assert len(ends) == 1 or ends[0] != ends[1], words
        assert "undated" not in words or words.startswith("undated, "), words
    assert "–" not in spoken(value) and spoken(value) == short(value).replace(" – ", " to ")


@pytest.mark.parametrize(("value", "day", "label"), [
    ("2015-05-12", "2015-05-12", ""),
    ("2015-05-12?", "2015-05-12", "day not certain"),
    ("2015-05-12~", "2015-05-12", "about this day"),
    ("2015-05-12%", "2015-05-12", "about this day, not certain"),
])
def test_on_the_day_says_only_what_is_not_certain(value: str, day: str, label: str) -> None:
    """Under a heading that names the day, a row shows only what is uncertain about it, nothing for the plain day."""
    assert day_of(value) == day
    assert on_the_day(value) == label


@pytest.mark.parametrize("value", ["2015-05", "2015", "2013-23", "../2015-05-12", "2015-05-11/2015-05-12"])
def test_day_of_is_none_for_what_is_not_one_day(value: str) -> None:
    assert day_of(value) is None
    with pytest.raises(ValueError, match="not a single day"):
        on_the_day(value)


@pytest.mark.parametrize("value", ["2015-13", "2015-02-30", "2015-XX", "1e3", "May 2015", "2015/05/12", ""])
def test_schema_rejects_what_is_not_edtf(value: str) -> None:
    """Text that is not one of the supported EDTF forms is rejected by the schema."""
    with pytest.raises(ValidationError):
        Event.model_validate({**EVENT, "date": value})


def test_sort_key_orders_by_earliest_then_latest_date() -> None:
    """Events sort by the earliest day they may mean; open starts sort at their end."""
    values = ["2015-05-12", "2013-23", "2015-05", "../2015-05-11", "2010~", "2014"]
    assert sorted(values, key=sort_key) == ["2010~", "2013-23", "2014", "2015-05", "../2015-05-11", "2015-05-12"]
    assert sort_key("2013-23") == (date(2013, 9, 1), date(2013, 11, 30))
