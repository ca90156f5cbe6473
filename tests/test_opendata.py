"""Open data: explainer.json against its schema, TimelineJS3's format, CSVs that round-trip."""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import replace
from functools import cache
from typing import Any

import jsonschema
import pytest
from conftest import CONTENT, ROOT

from generator import dates, opendata, pages
from generator.content import Content, load_content
from generator.render import render_pages


@cache
def content() -> Content:
    return load_content(CONTENT)


@cache
def files() -> dict[str, bytes]:
    return opendata.data_files(content(), "https://example.org/explainer/")


def test_explainer_json_validates_against_its_published_schema() -> None:
    """data/explainer.json is valid under data/explainer.schema.json (JSON Schema 2020-12), and the schema is valid."""
    schema = json.loads(files()[opendata.SCHEMA_JSON])
    jsonschema.Draft202012Validator.check_schema(schema)
    document = json.loads(files()[opendata.EXPLAINER_JSON])
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["schema_version"] == opendata.SCHEMA_VERSION


def test_schema_rejects_a_record_without_evidence() -> None:
    """The schema is not vacuous: an actor without evidence, or an unresolved speaker, fails it."""
    schema = json.loads(files()[opendata.SCHEMA_JSON])
    document = json.loads(files()[opendata.EXPLAINER_JSON])
    del document["actors"][0]["evidence"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    document = json.loads(files()[opendata.EXPLAINER_JSON])
    document["quotes"][0]["speaker"] = "john-kerry"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_every_record_carries_resolved_evidence_with_its_sentence() -> None:
    """Each record and position is in the file once, each selector's offsets hold its exact words, and the
    matched sentence contains them."""
    document = json.loads(files()[opendata.EXPLAINER_JSON])
    text = content().source.text
    records = [document["story"], *document["actors"], *document["issues"], *document["quotes"], *document["events"],
               *[p for t in document["issues"] for p in t["positions"]]]
    kinds = {"story", "actor", "issue", "position", "quote", "event"}
    assert len(records) == len([f for f in content().facts if f.kind in kinds])
    for record in records:
        for selector in record["evidence"]:
            assert text[selector["start"]:selector["end"]] == selector["exact"]
            assert selector["exact"] in selector["sentence"]
            assert selector["url"].startswith("https://example.org/explainer/source/#x-")
    assert [a["id"] for a in document["actors"]] == [a.id for a in content().actors]
    quote = content().quotes[0]
    assert quote.speaker.actor and document["quotes"][0]["speaker"]["name"] == content().actor(quote.speaker.actor).name


TIMELINE_DATES = [
    ("2015-05-12", {"year": 2015, "month": 5, "day": 12}),
    ("2015-05", {"year": 2015, "month": 5}),
    ("2015-02~", {"year": 2015, "month": 2}),
    ("2014", {"year": 2014}),
    ("2010~", {"year": 2010}),
    ("2013-23", {"year": 2013}),  # autumn: no month is known
    ("..", None),
]


@pytest.mark.parametrize(("edtf", "parts"), TIMELINE_DATES)
def test_timeline_dates_give_parts_only_as_far_as_known(edtf: str, parts: dict[str, int] | None) -> None:
    """A season or a year gives only the year; a month no day; an open end no date."""
    assert opendata.timeline_date(edtf) == parts


def test_timeline_json_follows_the_timelinejs3_format() -> None:
    """Every slide has a start_date with a numeric year (and numeric month/day only as the EDTF date has them),
    a text headline, display_date worded as the site does, and unique_id = the event id."""
    document = json.loads(files()[opendata.TIMELINE_JSON])
    assert set(document) <= {"events", "title", "eras", "scale"}
    assert document["title"]["text"]["headline"]
    by_id = {e.id: e for e in content().events}
    assert [s["unique_id"] for s in document["events"]] == [
        e.id for e in content().events if e.id not in opendata.left_out_of_timeline(content())]
    for slide in document["events"]:
        event = by_id[slide["unique_id"]]
        start = event.date.partition("/")[0]
        expected_parts = 1 if len(start.rstrip("~?%")) == 4 or start[5:7] in ("21", "22", "23", "24") else (
            2 if len(start.rstrip("~?%")) == 7 else 3)
        for key in ("start_date", "end_date"):
            if key in slide:
                assert set(slide[key]) <= {"year", "month", "day"}
                assert all(type(v) is int for v in slide[key].values()), slide
        assert len(slide["start_date"]) == expected_parts, slide
        assert slide["display_date"] == dates.describe(event.date)
        assert slide["text"]["headline"]
    for era in document.get("eras", []):
        assert {"start_date", "end_date"} <= set(era)


def test_timeline_leaves_out_events_without_an_earliest_date() -> None:
    """'On or before' events are not given an invented start; every other event is in the timeline."""
    left_out = opendata.left_out_of_timeline(content())
    assert left_out and all(next(e for e in content().events if e.id == i).date.startswith("../") for i in left_out)


def test_timeline_text_is_html_escaped() -> None:
    """TimelineJS renders headline and text as HTML: a title with markup arrives as text."""
    hostile = replace(content(), events=tuple(
        e.model_copy(update={"title": "<img src=x onerror=alert(1)>"}) for e in content().events))
    document = opendata.timeline_json(hostile)
    assert all("<img" not in json.dumps(s) for s in document["events"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in document["events"][0]["text"]["headline"]


def read_csv(data: bytes) -> list[dict[str, str]]:
    """The rows of a published CSV, each cell with the one formula guard quote removed (as documented)."""
    return [{k: opendata.from_csv_cell(v) for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))]


def raw_cells(data: bytes) -> list[str]:
    """Every cell of a CSV exactly as a spreadsheet reads it (no guard removed)."""
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) for cell in row]


def test_csvs_round_trip_to_the_same_records() -> None:
    """Each CSV read back with Python's csv module gives exactly the rows written, in order, with CRLF line ends."""
    rows = opendata.csv_rows(content(), "https://example.org/explainer/")
    assert list(rows) == [*opendata.CSV_KINDS, "terms"]  # the fixture story has a glossary
    for kind in rows:
        data = files()[opendata.csv_path(kind)]
        assert data.startswith(",".join(opendata.CSV_COLUMNS[kind]).encode() + b"\r\n")
        assert read_csv(data) == rows[kind]
    assert len(rows["positions"]) == sum(len(t.positions) for t in content().issues)
    assert [r["id"] for r in rows["terms"]] == [t.id for t in content().glossary or ()]


def test_positions_csv_gives_each_positions_short_in_its_last_column() -> None:
    """positions.csv carries ``short`` (as explainer.json does), after the older columns so they keep their
    places; a position without one has an empty cell (the site shows its stance)."""
    assert opendata.CSV_COLUMNS["positions"][:7] == ("issue", "actor", "leaning", "stance", "evidence",
                                                     "sentences", "url")
    assert opendata.CSV_COLUMNS["positions"][-1] == "short"
    first, *others = content().issues
    unshort = first.model_copy(update={"positions": [first.positions[0].model_copy(update={"short": None}),
                                                     *first.positions[1:]]})
    story = replace(content(), issues=(unshort, *others))
    published = opendata.data_files(story)
    expected = [p.short or "" for t in story.issues for p in t.positions]
    assert expected[0] == "" and all(expected[1:])  # the fixture gives every position a short but this one
    assert [row["short"] for row in read_csv(published[opendata.csv_path("positions")])] == expected
    in_json = [p.get("short", "") for t in json.loads(published[opendata.EXPLAINER_JSON])["issues"]
               for p in t["positions"]]
    assert in_json == expected


def test_csv_round_trips_awkward_text() -> None:
    """Commas, quotes, line breaks, formula starts and leading quotes survive the round trip unchanged."""
    awkward: list[dict[str, Any]] = [{"a": 'He said "no", then\r\nleft', "b": "=1+1", "c": ""},
                                     {"a": "'=x", "b": "'plain", "c": "''@y"}]
    assert read_csv(opendata.to_csv(awkward, ["a", "b", "c"])) == awkward


@pytest.mark.parametrize("hostile", ["=2+5+cmd|' /C calc'!A0", "=HYPERLINK(1) click", "+1+1", "-1+1",
                                     "@SUM(1)", "\t=1", "\r=1"])
def test_no_csv_cell_starts_a_spreadsheet_formula(hostile: str) -> None:
    """OWASP CSV injection: a definition or summary that starts like a formula is published with a
    leading ' in every CSV (a spreadsheet shows it as text), and reads back unchanged."""
    glossary = tuple(t.model_copy(update={"definition": hostile + " defined"}) for t in content().glossary or ())
    actors = tuple(a.model_copy(update={"summary": hostile + " summary"}) for a in content().actors)
    story = replace(content(), glossary=glossary, actors=actors)
    published = opendata.data_files(story)
    for kind in opendata.csv_kinds(story):
        cells = raw_cells(published[opendata.csv_path(kind)])
        assert not [c for c in cells if c.startswith(opendata.FORMULA_STARTS)], kind
    assert f"'{hostile} defined" in raw_cells(published[opendata.csv_path("terms")])
    assert f"'{hostile} summary" in raw_cells(published[opendata.csv_path("actors")])
    rows = opendata.csv_rows(story)
    assert read_csv(published[opendata.csv_path("terms")]) == rows["terms"]
    assert read_csv(published[opendata.csv_path("actors")]) == rows["actors"]


def test_same_content_gives_the_same_bytes() -> None:
    """Two exports of the same content are byte-identical."""
    assert opendata.data_files(load_content(CONTENT), "https://example.org/explainer/") == files()


def test_page_urls_follow_directory_urls() -> None:
    """Permalinks are the URLs MkDocs serves (directory URLs unless turned off), absolute under
    site_url (with or without its final slash) or root-relative without it."""
    assert pages.page_url("index.md", "https://e.org/x") == "https://e.org/x/"
    assert pages.page_url("index.md", None) == ""
    assert pages.page_url("actors/index.md", None) == "actors/"
    assert pages.page_url("actors/a-b.md", "https://e.org/", "q") == "https://e.org/actors/a-b/#q"
    assert pages.page_url("timeline.md", None, "e-x") == "timeline/#e-x"
    assert pages.page_url("actors/index.md", None, directory_urls=False) == "actors/index.html"
    assert pages.page_url("changes.md", "https://e.org/x/", "c-1", directory_urls=False) == "https://e.org/x/changes.html#c-1"


def test_a_second_source_gives_its_own_sentence() -> None:
    """A fact citing the story's second source (fixture ``two``: the council's statement) carries that
    source's sentence in explainer.json, its CSV row and the page's cite box, not the words at the
    same offsets of the first source."""
    two = load_content(ROOT / "tests" / "fixtures" / "two")
    statement = two.source_by_id("council-statement").text.text
    sentence = "The council has approved the repair budget for the Old Mill Bridge on Thursday, June 3, 2021."
    assert sentence in statement and sentence not in two.source.text
    assert two.sentences("actor:city-council") == [sentence]
    data = json.loads(opendata.data_files(two, None)["data/explainer.json"])
    council = next(a for a in data["actors"] if a["id"] == "city-council")
    assert [e["sentence"] for e in council["evidence"]] == [sentence]
    row = next(r for r in opendata.csv_rows(two)["actors"] if r["id"] == "city-council")
    assert row["sentences"] == sentence
    page = render_pages(two)[pages.actor("city-council")]
    assert f"“{sentence}”" in html.unescape(page)
