"""The timeline reads at a glance: a two-sentence intro; under each era's heading, what its rows' dates mean;
an era that is one day does not repeat the day on every row; an undated event never reads as "just before"
the day that bounds it. The Background era keeps its loosely dated events in the YAML's order (never sorted),
and says so where they are."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import CONTENT

from generator import dates, pages, render
from generator.content import Era, load_content
from generator.schema import BACKGROUND, Event

EVENT = {"as_written": "then", "title": "t", "evidence": [{"exact": "x"}]}


def _event(i: int, date: str) -> Event:
    return Event.model_validate({**EVENT, "id": f"e{i}", "date": date})


def _era(name: str, *values: str) -> Era:
    return Era(name, "era-1", tuple(_event(i, v) for i, v in enumerate(values)))


def _html(markup: str) -> BeautifulSoup:
    html = markdown.markdown(str(markup), extensions=["pymdownx.escapeall", "attr_list", "md_in_html"])  # as mkdocs.yml
    return BeautifulSoup(html, "html.parser")


def _section(page: str, heading: str) -> str:
    """The Markdown of one era of the timeline page: from its heading to the next."""
    start = page.index(f"\n## {heading} ")
    end = page.find("\n## ", start + 1)
    return page[start:end if end >= 0 else len(page)]


def test_intro_is_two_short_sentences_without_marks() -> None:
    content = load_content(CONTENT)
    intro = render.render_pages(content)["timeline.md"].split("{: .intro }")[0].split("# Timeline", 1)[1]
    text = _html(intro).get_text(" ", strip=True)
    sentences = [s for s in re.split(r"(?<=\.)\s+", text) if s]
    assert len(sentences) == 2, sentences
    assert all(len(s.split()) <= 12 for s in sentences), sentences
    assert "era by era" in text and "?" not in text and "“by”" not in text and BACKGROUND not in text


def test_background_says_where_its_undated_events_are_and_keeps_their_order() -> None:
    content = load_content(CONTENT)
    page = render.render_pages(content)["timeline.md"]
    background = _section(page, BACKGROUND)
    note = background.split("{: .era-note }")[0]
    # "in the story's order" read as the article's order, and "the article gives no date for them, only that each
    # was on or before the date shown" credited the site's inferred bound to the article.
    assert _html(note).find("p").get_text() == (
        "Undated events come last, in the order this site lists them; the date shown is only a bound: each happened "
        "then or earlier.")
    # The page keeps the loosely dated events (known only by their end) in the YAML file's order, as the
    # note says: read from the file itself, found on the page by their anchors.
    loose = [event["id"] for event in yaml.safe_load((CONTENT / "timeline.yaml").read_text(encoding="utf-8"))["events"]
             if str(event["date"]).startswith("../")]
    assert len(loose) >= 2 and all(background.count(f'id="{pages.event_anchor(i)}"') == 1 for i in loose), loose
    assert sorted(loose, key=lambda i: background.index(f'id="{pages.event_anchor(i)}"')) == loose
    # Each of their rows says first that it is undated: "by 12 May 2015" read as "just before the meeting".
    rows = _html(background).find_all("details", class_="event")
    for row in rows:
        when = row.find(class_="when").get_text()
        assert not when.startswith("by "), when
        if row["id"].removeprefix("e-") in loose:
            assert when.startswith("undated, on or before "), when


def test_a_one_day_era_does_not_repeat_its_day() -> None:
    """The sochi fixture's "12 May 2015" era: the heading names the day, and most of its rows are only possibly
    that day. Seven rows of eight saying "day not certain" is noise on a phone: the note says it once, the rows
    that are possibly the day show no date, the one the article dates for certain says "day certain";
    assistive technology still hears each row's whole date, e.g. "possibly 12 May 2015"."""
    content = load_content(CONTENT)
    day = content.story.dateline
    era = next(era for era in content.eras if era.name == dates.describe(day))
    values = [e.date for e in era.events]
    assert set(values) == {day, f"{day}?"} and values.count(f"{day}?") * 2 > len(values)  # the fixture's mix
    section = _html(_section(render.render_pages(content)["timeline.md"], era.name))
    assert section.find(class_="era-note").get_text() == (
        f"Unless marked “day certain”, the day of each event here is not certain: possibly {dates.describe(day)}.")
    for event in era.events:
        when = section.find(id=pages.event_anchor(event.id)).find(class_="when")
        shown = "".join(t for t in when.find_all(string=True) if not t.find_parent(class_="visually-hidden"))
        assert dates.describe(day) not in shown, (event.id, shown)
        assert shown == ("day certain" if event.date == day else ""), event.id
        assert when.find(class_="visually-hidden").get_text() == dates.describe(event.date), event.id
        assert when.find(class_="vague-date") is None, event.id


@pytest.mark.parametrize(("values", "note", "shown"), [
    # A few uncertain rows among plain ones: each says so, the note says what the label means.
    (("2015-05-12", "2015-05-12?", "2015-05-12"), "“Day not certain” means possibly 12 May 2015.",
     ["", "day not certain", ""]),
    # Half is not most.
    (("2015-05-12", "2015-05-12?"), "“Day not certain” means possibly 12 May 2015.", ["", "day not certain"]),
    # Most uncertain: said once; the plain row marked.
    (("2015-05-12?", "2015-05-12", "2015-05-12?"),
     "Unless marked “day certain”, the day of each event here is not certain: possibly 12 May 2015.",
     ["", "day certain", ""]),
    # All uncertain: nothing to mark.
    (("2015-05-12?", "2015-05-12?"), "The day of each event here is not certain: possibly 12 May 2015.", ["", ""]),
    # Most approximate, one uncertain and one plain: both exceptions marked, the other label explained.
    (("2015-05-12~", "2015-05-12~", "2015-05-12~", "2015-05-12?", "2015-05-12"),
     "Unless marked, the day of each event here is approximate: approximately 12 May 2015; "
     "“Day not certain” means possibly 12 May 2015.", ["", "", "", "day not certain", "day certain"]),
])
def test_a_one_day_era_says_its_usual_label_once(values: tuple[str, ...], note: str, shown: list[str]) -> None:
    era = _era("12 May 2015", *values)
    assert _html(render._era_note(era)).get_text() == note
    for value, label in zip(values, shown, strict=True):
        html = _html(render._when(value, "2015-05-12", render._era_usual(era)))
        assert "".join(t for t in html.find_all(string=True) if not t.find_parent(class_="visually-hidden")) == label
        assert html.find(class_="visually-hidden").get_text() == dates.spoken(value)


@pytest.mark.parametrize(("era", "day"), [
    (_era("12 May 2015", "2015-05-12", "2015-05-12?", "2015-05-12~"), "2015-05-12"),
    (_era("12 May 2015 (continued)", "2015-05-12%"), "2015-05-12"),
    (_era("The summit", "2015-05-12", "2015-05-12?"), None),  # the heading does not name the day: rows must
    (_era("12 May 2015", "2015-05-12", "2015-05-11"), None),  # two days
    (_era("May 2015", "2015-05", "2015-05"), None),  # not a day
    (_era("12 May 2015", "2015-05-12", "../2015-05-12"), None),  # an undated event under the day's heading
])
def test_era_day_only_when_the_heading_names_the_one_day(era: Era, day: str | None) -> None:
    assert render._era_day(era) == day


def test_era_note_explains_only_the_marks_its_rows_show() -> None:
    note = render._era_note
    assert note(_era("12 May 2015", "2015-05-12")) == ""
    assert note(_era("Later", "2015-05-13?", "2015-06")) == ""  # rows say "possibly 13 May 2015": no legend
    assert str(note(_era("12 May 2015", "2015-05-12?", "2015-05-12~", "2015-05-12", "2015-05-12~"))) == (
        "“Day not certain” means possibly 12 May 2015; “About this day” means approximately 12 May 2015.")
    assert _html(note(_era(BACKGROUND, "2014", "../2015-05-12", "../2015"))).get_text() == (
        "Undated events come last, in the order this site lists them; the date shown is only a bound: each "
        "happened then or earlier.")
    assert _html(note(_era(BACKGROUND, "2015-05-11/..", "2015/.."))).get_text() == (
        "Undated events come last, in the order this site lists them; the date shown is only a bound: each "
        "happened then or later.")
    # Both kinds: never "each was on or before or on or after the date shown".
    assert _html(note(_era(BACKGROUND, "2014", "../2015-05-12", "2015-05-11/.."))).get_text() == (
        "Undated events come last, in the order this site lists them; the date shown is only a bound: each row "
        "says whether its event happened then or earlier, or then or later.")


@pytest.mark.parametrize(("value", "day", "shown", "spoken", "vague"), [
    ("2015-05-12", None, "12 May 2015", "12 May 2015", False),
    ("2015-05-12?", None, "possibly 12 May 2015", "possibly 12 May 2015", True),
    ("2010~", None, "about 2010", "about 2010", True),
    ("../2015-05-12", None, "undated, on or before 12 May 2015", "undated, on or before 12 May 2015", True),
    ("2015-05-11/2015-05-12", None, "11 May 2015 – 12 May 2015", "11 May 2015 to 12 May 2015", False),
    # A vague range too reads "to" to a screen reader, not a dash.
    ("2015-05-11?/2015-05-12", None, "possibly 11 May 2015 – 12 May 2015", "possibly 11 May 2015 to 12 May 2015",
     True),
    ("2015-05-12/2015-05-12", None, "12 May 2015", "12 May 2015", False),
    ("../2015-05-12?", None, "undated, possibly on or before 12 May 2015", "undated, possibly on or before 12 May 2015",
     True),
    ("2015-05-12", "2015-05-12", "", "12 May 2015", False),
    ("2015-05-12?", "2015-05-12", "day not certain", "possibly 12 May 2015", True),
])
def test_when_shows_words_and_sets_vague_dates_apart(value: str, day: str | None, shown: str, spoken: str,
                                                     vague: bool) -> None:
    """A row's date is words a reader needs no legend for; a vague one is set apart by its class (italic, no
    dotted underline: that marks a glossary term), never by a tooltip; assistive technology hears the whole."""
    html = _html(render._when(value, day))
    hidden = html.find(attrs={"aria-hidden": "true"})
    seen = "".join(t for t in html.find_all(string=True) if not t.find_parent(class_="visually-hidden"))
    heard = "".join(t for t in html.find_all(string=True) if t.find_parent(attrs={"aria-hidden": "true"}) is None)
    assert (seen, heard) == (shown, spoken)
    assert (html.find(class_="vague-date") is not None) == vague
    assert html.find(title=True) is None and html.find(class_="approx") is None
    assert hidden is None or hidden.get_text() == shown
