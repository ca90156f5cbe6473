"""EDTF dates: the schema's accepted forms, their reader-facing wording and their order."""

from __future__ import annotations

from datetime import date

import markdown
import pytest
from bs4 import BeautifulSoup
from pydantic import ValidationError

from generator.dates import describe, short, sort_key
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
        ("2010~", "c. 2010"),
        ("2015-05-12?", "12 May 2015?"),
        ("2015-02%", "c. February 2015?"),
        ("2015-05-11/2015-05-12", "11 May 2015 – 12 May 2015"),
        ("../2015-05-12", "by 12 May 2015"),
        ("../2015-04~", "by c. April 2015"),
        ("2015-05-11/..", "11 May 2015 or later"),
    ],
)
def test_short_keeps_a_mark_for_every_uncertainty(value: str, compact: str) -> None:
    """The compact wording of a timeline row claims no more than describe(): an approximate date keeps "c.",
    an uncertain one "?", a bound its direction ("by" is on or before); a plain date reads the same both ways."""
    assert short(value) == compact
    assert (short(value) == describe(value)) == (not any(c in value for c in "~?%/"))


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


@pytest.mark.parametrize(("values", "legend"), [
    (["2015-05-12", "2014", "2013-23"], ""),
    (["2015-05-12?", "2015-05-12"], "“?” possibly"),
    (["../2015-05-12", "2010~", "2015-02%"], "“c.” about; “?” possibly; “by” on or before"),
    (["2015-05-11/.."], "“or later” on or after"),
])
def test_date_marks_explain_only_the_marks_a_list_uses(values: list[str], legend: str) -> None:
    """Beside a list of dates (a phone has no hover), pages say what its marks mean: only those it uses."""
    from generator.render import _date_marks

    html = markdown.markdown(str(_date_marks(values)), extensions=["pymdownx.escapeall"])  # as mkdocs.yml
    assert BeautifulSoup(html, "html.parser").get_text() == legend
