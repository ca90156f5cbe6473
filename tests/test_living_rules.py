"""The rules of a living explainer, each in its accepted and its refused form, errors at file:line:col.

Every test edits a scratch copy of ``tests/fixtures/two`` (two sources, a change log, a
superseded event, announced and expected events), which itself loads without a problem: that
is the accepted form of every rule below. The expected position of each error is looked up
in the edited file (the line and column of the text the error is about), never typed in.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, replace_once

from generator.content import load_content
from generator.problems import ContentError

TWO = ROOT / "tests" / "fixtures" / "two"
Q = '"'  # a YAML value in double quotes starts at its opening quote


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of the two-source story as ./content (so problems name content/<file>)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(TWO, tmp_path / "content")
    return tmp_path / "content"


def at(content: Path, name: str, needle: str, occurrence: int = 1) -> str:
    """``content/<name>:line:col`` of the ``occurrence``-th line holding ``needle`` (col: where it starts)."""
    seen = 0
    for number, line in enumerate((content / name).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return f"content/{name}:{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {name}")


def value_at(content: Path, name: str, needle: str, occurrence: int = 1) -> str:
    """:func:`at` of ``needle`` (``key: value`` or ``key: ``), its column moved to where the value starts."""
    where, _, column = at(content, name, needle, occurrence).rpartition(":")
    return f"{where}:{int(column) + len(needle.partition(': ')[0]) + 2}"


def problems(content: Path) -> list[str]:
    try:
        load_content(content)
    except ContentError as exc:
        return [p.format() for p in exc.problems]
    return []


def test_the_fixture_is_the_accepted_form(two: Path) -> None:
    """Two sources, a change log of three kinds, a superseded event, future events: no problem."""
    content = load_content(two)
    assert [s.id for s in content.sources] == ["gazette", "council-statement"]
    assert [c.change.kind for c in content.changes] == ["update", "correction", "clarification"]
    assert content.as_of("event:budget-approved") == "2021-06-03"
    assert content.as_of("event:bridge-closed") == "2021-06-01"


def rule(case_id: str, name: str, old: str, new: str, needle: str, message: str) -> Any:
    """One row: replace ``old`` by ``new`` in ``content/<name>``; the one problem is ``message`` at the
    line and column where ``needle`` starts in the edited file."""
    return pytest.param(name, old, new, needle, message, id=case_id)


ONE_EDIT_ONE_ERROR = [
    # --- change log
    rule("correction-without-note", "changes.yaml",
         "    note: An earlier version called Lena Ortiz the city's mayor; she is the city engineer.\n", "",
         "correction", "changes[1]: a correction has no note; add note: saying what was wrong and what is right "
         "now, for readers"),
    rule("change-names-unknown-record", "changes.yaml", "records: [lena-ortiz]", "records: [lena-ortis]",
         "lena-ortis", "changes[1].records[0]: unknown record 'lena-ortis'; did you mean 'lena-ortiz'?"),
    rule("change-date-not-padded", "changes.yaml", 'date: "2021-06-04"\n    kind: correction',
         'date: "2021-6-4"\n    kind: correction', Q + "2021-6-4",
         "changes[1].date: '2021-6-4' is not a calendar day; write it as YYYY-MM-DD, e.g. 2015-05-14"),
    rule("change-date-not-a-day", "changes.yaml", 'date: "2021-06-04"\n    kind: correction',
         'date: "2021-06-31"\n    kind: correction', Q + "2021-06-31",
         "changes[1].date: '2021-06-31' is not a calendar day; write it as YYYY-MM-DD, e.g. 2015-05-14"),
    rule("change-kind-misspelt", "changes.yaml", "kind: correction", "kind: corection", "corection",
         "changes[1].kind: text 'corection' is not one of 'update', 'correction' or 'clarification'; "
         "did you mean 'correction'?"),
    rule("change-note-quotes-words-not-in-records", "changes.yaml", '"expected to reopen in mid-July"',
         '"will reopen in mid-July"', "The reopening",
         "changes[2].note: the words in quotation marks “will reopen in mid-July” are not in the named records' "
         "evidence; quote the article's words exactly (add a selector that contains them), or drop the quotation "
         "marks"),
    # --- several sources
    rule("selector-names-unknown-source", "actors.yaml", "        source: council-statement",
         "        source: council-statment", "council-statment",
         "actors[1] (city-council).evidence[0].source: unknown source 'council-statment'; did you mean "
         "'council-statement'?"),
    # --- claims about the article
    rule("as-written-not-in-evidence", "timeline.yaml", 'as_written: "next week"', 'as_written: "next Week"',
         Q + "next Week", "events[1] (budget-vote-planned).as_written: “next Week” is not in the event's evidence; "
         "copy the article's words for the date from the evidence: “The council will vote on the repair budget "
         "next week”"),
    rule("as-written-in-another-source", "timeline.yaml", 'as_written: "Tuesday, June 1, 2021"',
         'as_written: "three months"', Q + "three months",
         "events[0] (bridge-closed).as_written: “three months” is not in the event's evidence; the words are in "
         "source 'gazette' but not in the event's evidence: add a selector that contains them"),
    rule("event-after-its-source-not-marked-future", "timeline.yaml", "    future: expected\n", "",
         Q + "2021-07" + Q, "events[3] (bridge-reopens).date: July 2021 is after its source's date (3 June 2021): "
         "a report cannot tell what happened later; check the date, or mark the event future: announced (or "
         "future: expected)"),
    rule("future-neither-announced-nor-expected", "timeline.yaml", "future: expected", "future: likely", "likely",
         "events[3] (bridge-reopens).future: text 'likely' is not one of 'announced' or 'expected'; write one of "
         "'announced' or 'expected'"),
]


@pytest.mark.parametrize(("name", "old", "new", "needle", "message"), ONE_EDIT_ONE_ERROR)
def test_one_edit_one_located_error(two: Path, name: str, old: str, new: str, needle: str, message: str) -> None:
    """Each rule's refused form: one edit of the accepted fixture, exactly one problem, at its place."""
    replace_once(two / name, old, new)
    assert problems(two) == [f"{at(two, name, needle)}: {message}"]


# --------------------------------------------------------------------------- change log


def test_an_update_without_a_note_is_accepted(two: Path) -> None:
    replace_once(two / "changes.yaml", "    note: The council's statement of 3 June added; the planned budget vote is "
                 "superseded by the approval.\n", "")
    assert problems(two) == []


def test_an_ambiguous_id_needs_its_kind(two: Path) -> None:
    """When an event and an actor share an id, the change names which one (kind:id)."""
    replace_once(two / "timeline.yaml", "  - id: bridge-closed", "  - id: lena-ortiz")
    assert problems(two) == [f"{at(two, 'changes.yaml', 'lena-ortiz')}: changes[1].records[0]: 'lena-ortiz' names "
                             "more than one record (actor:lena-ortiz, event:lena-ortiz); write kind:id to say which"]
    replace_once(two / "changes.yaml", "records: [lena-ortiz]", "records: [actor:lena-ortiz]")
    assert problems(two) == []


def test_a_change_of_an_unknown_kind_or_id_with_a_kind(two: Path) -> None:
    replace_once(two / "changes.yaml", "records: [event:bridge-reopens]",
                 "records: [events:bridge-reopens, event:bridge]")
    assert problems(two) == [
        f"{at(two, 'changes.yaml', 'events:bridge')}: changes[2].records[0]: unknown record kind 'events'; "
        "write one of story, actor, issue, quote, event, source before the colon",
        f"{at(two, 'changes.yaml', 'event:bridge]')}: changes[2].records[1]: unknown event 'bridge'; "
        "did you mean 'event:bridge-closed'?"]


def test_no_change_log_is_fine(two: Path) -> None:
    (two / "changes.yaml").unlink()
    assert load_content(two).changes == ()


# --------------------------------------------------------------------------- fact status


def test_superseded_without_replacement_is_an_error(two: Path) -> None:
    replace_once(two / "timeline.yaml", "    superseded_by: budget-approved\n", "")
    assert problems(two) == [f"{value_at(two, 'timeline.yaml', 'status: superseded')}: events[1] "
                             "(budget-vote-planned): a superseded event "
                             "names no replacement; add superseded_by: the id of the event that replaces it"]


def test_replacement_must_exist_be_of_the_same_kind_and_not_retracted(two: Path) -> None:
    replace_once(two / "timeline.yaml", "superseded_by: budget-approved", "superseded_by: budget-aproved")
    assert problems(two) == [f"{at(two, 'timeline.yaml', 'budget-aproved')}: events[1] "
                             "(budget-vote-planned).superseded_by: unknown event "
                             "'budget-aproved'; did you mean 'budget-approved'?"]
    replace_once(two / "timeline.yaml", "superseded_by: budget-aproved", "superseded_by: city-council")
    assert problems(two) == [f"{at(two, 'timeline.yaml', 'city-council', 1)}: events[1] "
                             "(budget-vote-planned).superseded_by: unknown event "
                             "'city-council'; name the id of the event that replaces it"]


def test_a_replacement_that_is_retracted_is_an_error(two: Path) -> None:
    """superseded_by pointing at a retracted record: the superseded fact would rely on a withdrawn one."""
    replace_once(two / "timeline.yaml", "  - id: bridge-reopens\n", "  - id: bridge-reopens\n    status: retracted\n"
                 "    reason: The council withdrew the date.\n")
    replace_once(two / "timeline.yaml", "superseded_by: budget-approved", "superseded_by: bridge-reopens")
    found = problems(two)
    assert f"{value_at(two, 'timeline.yaml', 'superseded_by: bridge-reopens')}: events[1] " \
           "(budget-vote-planned).superseded_by: the " \
           "replacement event 'bridge-reopens' is retracted; name a current record, or mark this one retracted " \
           "without a replacement" in found


def test_not_current_needs_a_reason_and_current_has_none(two: Path) -> None:
    replace_once(two / "timeline.yaml", "    reason: The council approved the budget sooner, on 3 June.\n", "")
    replace_once(two / "quotes.yaml", "    kind: full\n", "    kind: full\n    reason: no reason\n")
    assert problems(two) == [
        f"{at(two, 'quotes.yaml', 'no reason')}: quotes[0] (ortiz-nobody-crosses).reason: a current quote has no "
        "status to explain; "
        "set its status, or remove the reason",
        f"{value_at(two, 'timeline.yaml', 'status: superseded')}: events[1] (budget-vote-planned): a superseded "
        "event gives "
        "no reason; "
        "add reason: a sentence for readers saying why",
    ]


def test_current_facts_may_not_rely_on_a_retracted_one(two: Path) -> None:
    """An actor is retracted: the current event, position, quote and story that name it are errors; the
    superseded event that names it is not."""
    replace_once(two / "actors.yaml", "    name: Port Vale city council\n", "    name: Port Vale city council\n"
                 "    status: retracted\n    reason: The statement was not the council's.\n")
    found = problems(two)
    assert f"{at(two, 'story.yaml', 'city-council')}: key_actors[1]: the story relies on the retracted actor " \
           "'city-council'; remove the reference" in found
    assert f"{value_at(two, 'actors.yaml', 'affiliation: city-council')}: actors[0] (lena-ortiz).affiliation: " \
           "the current actor " \
           "'lena-ortiz' relies on the retracted actor 'city-council'; remove the reference, or mark " \
           "current actor 'lena-ortiz' superseded or retracted too" in found
    assert f"{value_at(two, 'issues.yaml', 'actor: city-council')}: issues[0] (repair-time).positions[1].actor: " \
           "the current issue " \
           "'repair-time' relies on the retracted actor 'city-council'; remove the reference, or mark current issue " \
           "'repair-time' superseded or retracted too" in found
    # events[1] (superseded) names city-council too, and is not reported
    assert not [p for p in found if "events[1]" in p]
    assert [p for p in found if "events[2] (budget-approved).actors[0]" in p]


# --------------------------------------------------------------------------- several sources


def test_one_source_form_is_still_valid() -> None:
    """The frozen first story uses `source:`: its one source gets the id 'article', the story's date and publisher."""
    content = load_content(CONTENT)
    [source] = content.sources
    assert (source.id, source.meta.date, source.meta.publisher, source.page) == (
        "article", "2015-05-12", "associated-press", "source.md")


def test_a_selector_is_matched_in_the_source_it_names(two: Path) -> None:
    """The council's words are not in the first source: without `source:` the selector fails there."""
    replace_once(two / "actors.yaml", "        source: council-statement\n", "")
    [problem] = problems(two)
    assert problem.startswith(f"{at(two, 'actors.yaml', Q + 'The council has approved')}: actors[1] (city-council)."
                              "evidence[0].exact: exact text not found in the source 'gazette'; the nearest passage "
                              "is “The council >>will<< vote on the repair budget")  # the nearest: in the gazette


def test_drift_is_detected_per_source(two: Path) -> None:
    statement = two / "sources" / "statement.txt"
    statement.write_text(statement.read_text(encoding="utf-8") + "\nLate addition.\n", encoding="utf-8")
    [problem] = problems(two)
    assert problem.startswith(f"{value_at(two, 'story.yaml', 'sha256: ', 2)}: sources[1] (council-statement).sha256: "
                              "content/sources/statement.txt has changed")


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ('    date: "2021-06-03"\n', "", "id: council-statement",
     "sources[1] (council-statement): missing required field 'date'; add a line 'date: …': every source in a list "
     "names its date"),
    ("publisher: city-council\n    date", "publisher: city-councl\n    date", "city-councl",
     "sources[1] (council-statement).publisher: unknown actor 'city-councl'; did you mean 'city-council'?"),
    ("  - id: council-statement", "  - id: gazette", "- id: gazette", None),
])
def test_listed_sources_are_checked(two: Path, old: str, new: str, needle: str, message: str | None) -> None:
    replace_once(two / "story.yaml", old, new)
    found = problems(two)
    if message is None:  # a duplicate id
        assert (f"{value_at(two, 'story.yaml', needle, 2)}: sources[1].id: duplicate source id 'gazette' (sources[0]); "
                "give each source its own id") in found
    else:
        assert f"{at(two, 'story.yaml', needle)}: {message}" in found


def test_source_and_sources_together_or_neither(two: Path) -> None:
    text = (two / "story.yaml").read_text(encoding="utf-8")
    (two / "story.yaml").write_text(text.replace("sources:\n", "source:\n  file: sources/gazette.txt\n  sha256: "
                                                 + "0" * 64 + "\nsources:\n"), encoding="utf-8")
    assert f"{at(two, 'story.yaml', 'sources:')}: sources: story.yaml has both source and sources; move the one " \
           "source into the sources list (as its first item), or remove sources" in problems(two)


# --------------------------------------------------------------------------- claims about the article


def test_words_in_quotation_marks_must_be_in_the_evidence(two: Path) -> None:
    """A summary may quote the article only where its evidence has the words (straight or curly marks)."""
    replace_once(two / "issues.yaml", 'was "about three months"', 'was "about 3 months"')
    replace_once(two / "actors.yaml", "summary: Reported the closure.",
                 "summary: Reported a “crack in one of its piers”.")
    assert problems(two) == [
        f"{at(two, 'actors.yaml', 'Reported a')}: actors[2] (vale-gazette).summary: the words in quotation marks "
        "“crack in one of its "
        "piers” are not in the actor's evidence; quote the article's words exactly (add a selector that contains "
        "them), or drop the quotation marks",
        f"{at(two, 'issues.yaml', 'The first estimate')}: issues[0] (repair-time).summary: the words in quotation "
        "marks "
        "“about 3 months” are not in the issue's evidence; quote the article's words exactly "
        "(add a selector that contains them), or "
        "drop the quotation marks",
    ]


