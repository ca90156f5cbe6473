"""Editing facts safely: every kind of bad input is reported where it is, in words an editor can act on.

Each case writes a small bad YAML file into the scratch project (or edits one line of a real
content file there) and runs ``python -m generator check``. Expected positions are 1-based
``line:col`` counted by hand from the YAML written here (or from the first lines of the real
file being edited), so they can be checked by eye.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ENV, ROOT, generator

from generator import yamlsource
from generator.content import load_content
from generator.yamlsource import parse_yaml

Edit = Callable[[str, str, str], None]

# A small, valid timeline.yaml. Positions used below:
#   line 2: "  - id: talks"            key col 5, value col 9
#   line 3: "    date: 2015-05-12"     value col 11
#   line 4: "    as_written: Tuesday"  value col 17
#   line 5: "    title: Kerry meets Putin"  key col 5, value col 12
#   line 6: "    evidence:"            value col 15 when written on the same line
#   line 7: "      - exact: Kerry held …"   value col 16
EVENT = """\
events:
  - id: talks
    date: 2015-05-12
    as_written: Tuesday
    title: Kerry meets Putin
    evidence:
      - exact: Kerry held more than four hours of talks
"""

# A small actors.yaml; line 4 is "    kind: persn" (value col 11).
ACTORS_WITH_BAD_KIND = """\
actors:
  - id: john-kerry
    name: John Kerry
    kind: persn
    role: U.S. Secretary of State
    summary: The top U.S. diplomat.
    evidence:
      - exact: U.S. Secretary of State John Kerry
"""

# A small glossary.yaml. Positions used below:
#   line 2: "  - id: s-300"       value col 9
#   line 3: "    term: S-300"     value col 11
#   line 4: "    definition: …"   key col 5
#   line 6: "      - exact: The Kremlin …"   value col 16
#   line 7: "  - id: reset"       value col 9
#   line 8: "    term: reset"     value col 11
#   line 9: "    definition: …"   value col 17
GLOSSARY = """\
terms:
  - id: s-300
    term: S-300
    definition: An air defense missile system.
    evidence:
      - exact: The Kremlin argues that the S-300 is a purely defensive system
  - id: reset
    term: reset
    definition: Obama's first-term effort to mend ties with Moscow.
    evidence:
      - exact: effort to “reset” ties with Moscow
"""


def glossary(old: str, new: str) -> str:
    """:data:`GLOSSARY` with the one occurrence of ``old`` replaced by ``new``."""
    assert GLOSSARY.count(old) == 1, old
    return GLOSSARY.replace(old, new)


LONG_ID = "kerry-meets-putin-in-sochi-to-ease-badly-strained-relations-over-ukraine"  # 72 characters
SHA256 = "064142e6a17747f83c3cc905d1f568c0e4a83d3275cfd2f2c0b4497a5b8af81b"


def timeline(old: str = "", new: str = "") -> str:
    """:data:`EVENT` with the one occurrence of ``old`` replaced by ``new``."""
    if old:
        assert EVENT.count(old) == 1, old
    return EVENT.replace(old, new) if old else EVENT


@dataclass(frozen=True)
class Bad:
    """One bad input: what to do to ``content/<file>`` and what ``check`` must say about it."""

    file: str
    at: str  # "line:col"
    message: str
    hint: str = ""
    write: str | bytes | None = None  # replace the whole file with this
    edit: tuple[str, str] | None = None  # (old, new) in the real file
    delete: bool = False
    edit_in: str = ""  # the file ``edit`` applies to, when not ``file`` (an edit of the article)
    warning: bool = False  # reported as a warning (the only problem): check still exits 1, the strict build stops

    def apply(self, project: Path, edit: Edit) -> None:
        path = project / "content" / self.file
        if self.delete:
            path.unlink()
        elif self.edit is not None:
            edit(self.edit_in or self.file, *self.edit)
        elif isinstance(self.write, bytes):
            path.write_bytes(self.write)
        elif self.write is not None:
            path.write_text(self.write, encoding="utf-8", newline="\n")


def case(case_id: str, *args: Any, **kwargs: Any) -> Any:
    """One row of the table: ``Bad(*args, **kwargs)`` shown in pytest as ``case_id``."""
    return pytest.param(Bad(*args, **kwargs), id=case_id)


T = "timeline.yaml"
A = "sources/kerry-putin-sochi-2015-05-12.txt"
G = "glossary.yaml"

CASES = [
    # --- The YAML itself --------------------------------------------------------------------
    case("duplicate-key", T, "3:5", "duplicate key 'id' (lines 2 and 3)", "keep one of them",
         write=timeline("    date:", "    id: kerry-putin-talks\n    date:")),
    case("anchor", T, "5:12", "anchor '&title' is not allowed", "write each value out in full",
         write=timeline("title: Kerry", "title: &title Kerry")),
    case("alias", T, "4:17", "alias '*day' is not allowed", "write the value out in full",
         write=timeline("date: 2015-05-12\n    as_written: Tuesday",
                        "date: &day 2015-05-12\n    as_written: *day")),
    case("merge-key", T, "5:5", "merge key '<<' is not allowed", "write every field out in full",
         write=timeline("title: Kerry meets Putin", "<<: {title: Kerry meets Putin}")),
    case("tag-python-object", T, "3:11", "explicit tag '!!python/object/apply:os.system' is not allowed",
         "remove the tag", write=timeline("2015-05-12", '!!python/object/apply:os.system ["echo hacked"]')),
    case("tag-str", T, "3:11", "explicit tag '!!str' is not allowed", "values are plain text",
         write=timeline("2015-05-12", "!!str 2015-05-12")),
    case("complex-key", T, "6:5", "a key must be plain text", "write the key as a word followed by ':'",
         write=timeline("    evidence:", "    [title, date]: talks\n    evidence:")),
    case("tab-indentation", T, "5:1", "tab used for indentation", "indent with spaces only",
         write=timeline("    title:", "\ttitle:")),
    case("byte-order-mark", T, "1:1", "file starts with a byte-order mark (U+FEFF)",
         "save the file as UTF-8 without BOM",
         write=b"\xef\xbb\xbf" + EVENT.encode()),
    # "    as_written: Marted" is 22 characters; the Latin-1 "ì" (0xec) is the 23rd.
    case("invalid-utf8", T, "4:23", "invalid UTF-8 (byte 0xec)", "save the file as UTF-8",
         write=EVENT.encode().replace(b"Tuesday", b"Marted\xec")),
    case("utf16-with-bom", T, "1:1", "file is UTF-16, not UTF-8", "save the file as UTF-8",
         write=EVENT.encode("utf-16")),
    case("utf16-without-bom", T, "1:1", "file looks like UTF-16", "save the file as UTF-8",
         write=EVENT.encode("utf-16-le")),
    # "    title: Kerry meets" is 22 characters; Word's line break U+000B is the 23rd.
    case("control-character", T, "5:23", "character U+000B is not allowed in YAML", "delete the invisible character",
         write=timeline("Kerry meets Putin", "Kerry meets\vPutin")),
    case("unclosed-quote", T, "5:12", "YAML syntax error: this quote is never closed",
         "check that every quote you opened is closed", write=timeline("Kerry meets Putin", '"Kerry meets Putin')),
    case("bad-indentation", T, "3:4", "YAML syntax error: this line does not line up", "check the indentation",
         write=timeline("    date:", "   date:")),
    # "    title: Kerry" is 16 characters; the second ':' is the 17th.
    case("colon-in-plain-text", T, "5:17", "mapping values are not allowed here",
         "put text that contains ': ' in double quotes", write=timeline("Kerry meets Putin", "Kerry: talks")),
    case("two-documents", T, "8:1", "expected a single document", "remove the extra '---' line",
         write=EVENT + "---\n" + EVENT),
    case("empty-file", T, "1:1", "file is empty", "write the fields: events", write=""),
    case("comments-only", T, "1:1", "file is empty", "write the fields: events",
         write="# yaml-language-server: $schema=schemas/timeline.schema.json\n# events to come\n"),
    # --- The shape of a file and its records -------------------------------------------------
    case("root-is-a-list", T, "1:1", "expected a mapping (key: value lines), found a list",
         write="- id: talks\n  date: 2015-05-12\n"),
    case("record-is-a-list", T, "2:5", "events[0]: expected a mapping (key: value lines), found a list",
         write="events:\n  - - id: talks\n"),
    case("record-is-text", T, "2:5", "events[0]: expected a mapping (key: value lines), found text 'talks in Sochi'",
         write="events:\n  - talks in Sochi\n"),
    case("mapping-where-text-expected", T, "6:7", "events[0] (talks).title: expected text, found a mapping",
         "write the text on the same line", write=timeline("Kerry meets Putin", "\n      en: Kerry meets Putin")),
    case("text-where-list-expected", T, "6:13", "events[0] (talks).actors: expected a list, found text 'john-kerry'",
         "starting with '- '", write=timeline("    evidence:", "    actors: john-kerry\n    evidence:")),
    case("unknown-key", T, "5:5", "events[0] (talks).tilte: unknown field 'tilte'", "did you mean 'title'?",
         write=timeline("title:", "tilte:")),
    case("missing-required-field", T, "2:5", "events[0] (talks): missing required field 'as_written'",
         "add a line 'as_written: …'", write=timeline("    as_written: Tuesday\n", "")),
    case("tilde-for-required-text", T, "5:12", "events[0] (talks).title: is empty", "write the text",
         write=timeline("Kerry meets Putin", "~")),
    case("empty-required-text", T, "5:11", "events[0] (talks).title: is empty", "write the text",
         write=timeline(" Kerry meets Putin", "")),
    case("blank-required-text", T, "5:12", "events[0] (talks).title: is blank", "write the text",
         write=timeline("Kerry meets Putin", '"   "')),
    case("empty-evidence-list", T, "6:15", "events[0] (talks).evidence: is empty", "add at least one item",
         write=timeline("\n      - exact: Kerry held more than four hours of talks", " []")),
    case("id-uppercase", T, "2:9", "events[0].id: 'Talks' is not a valid id", "e.g. 'talks'",
         write=timeline("id: talks", "id: Talks")),
    case("id-with-spaces", T, "2:9", "'kerry talks' is not a valid id", "e.g. 'kerry-talks'",
         write=timeline("id: talks", "id: kerry talks")),
    case("id-too-long", T, "2:9", "is not a valid id (72 characters)", "use 2 to 64 lowercase ASCII letters",
         write=timeline("id: talks", f"id: {LONG_ID}")),
    case("id-non-ascii", T, "2:9", "'café-talks' is not a valid id", "e.g. 'cafe-talks'",
         write=timeline("id: talks", "id: café-talks")),
    case("bad-edtf-date", T, "3:11", "events[0] (talks).date: '12/05/2015' is not an EDTF date", "write e.g. "
         "2015-05-12",
         write=timeline("2015-05-12", "12/05/2015")),
    # Dates an editor gets wrong: each has its own message, and season numbers are spelt out.
    case("bad-edtf-date-explains-seasons", T, "3:11", "events[0] (talks).date: 'Tuesday' is not an EDTF date",
         "2013-23 (autumn 2013: a month number from 21 to 24 is a season: 21 spring, 22 summer, 23 autumn, 24 winter)",
         write=timeline("2015-05-12", "Tuesday")),
    case("date-month-13", T, "3:11", "'2015-13-01' is not a date: there is no month 13",
         "write a month from 01 to 12, or a season as its number: 21 spring, 22 summer, 23 autumn, 24 winter; "
         "for 13 January 2015 write 2015-01-13", write=timeline("2015-05-12", "2015-13-01")),
    case("date-30-february", T, "3:11", "'2015-02-30' is not a day on the calendar: February 2015 has 28 days "
         "(2015 is not a leap year)", "check the day of the month", write=timeline("2015-05-12", "2015-02-30")),
    case("date-31-april", T, "3:11", "'2015-04-31' is not a day on the calendar: April 2015 has 30 days",
         "check the day of the month", write=timeline("2015-05-12", "2015-04-31")),
    case("date-in-words", T, "3:11", "events[0] (talks).date: 'April 2015' is a date in words",
         "write it in EDTF as 2015-04 (April 2015) and keep the article's words in as_written",
         write=timeline("2015-05-12", "April 2015")),
    case("date-day-month-year-in-words", T, "3:11", "'12 May 2015' is a date in words", "write it in EDTF as "
         "2015-05-12",
         write=timeline("2015-05-12", "12 May 2015")),
    case("date-season-in-words", T, "3:11", "'autumn 2013' is a date in words",
         "write it in EDTF as 2013-23 (autumn 2013)", write=timeline("2015-05-12", "autumn 2013")),
    case("date-season-number-unknown", T, "3:11", "'2013-25' is not a date: there is no month 25",
         "a season as its number: 21 spring, 22 summer, 23 autumn, 24 winter", write=timeline("2015-05-12", "2013-25")),
    case("date-day-in-a-season", T, "3:11", "'2013-23-01' gives a day in a season (23 is autumn)",
         "write the season alone, 2013-23, or a day of a month", write=timeline("2015-05-12", "2013-23-01")),
    case("bad-kind-literal", "actors.yaml", "4:11", "actors[0] (john-kerry).kind: text 'persn' is not one of 'person'",
         "did you mean 'person'?", write=ACTORS_WITH_BAD_KIND),
    # --- References between records ---------------------------------------------------------
    # quotes.yaml line 4 is "    speaker: barack-obama".
    case("unknown-actor-reference", "quotes.yaml", "4:14", "quotes[0] (reset-ties-with-moscow).speaker: unknown "
         "actor 'j-kerry'",
         "did you mean 'john-kerry'?", edit=("speaker: barack-obama", "speaker: j-kerry")),
    case("unknown-issue-reference", T, "7:9", "events[0] (talks).issues[0]: unknown issue 'nuclear-deal'",
         "add an issue with this id to issues.yaml",
         write=timeline("    evidence:", "    issues:\n      - nuclear-deal\n    evidence:")),
    case("misspelt-issue-reference", T, "7:9", "events[0] (talks).issues[0]: unknown issue 'ukraine-cease-fire'",
         "did you mean 'ukraine-ceasefire'?",
         write=timeline("    evidence:", "    issues:\n      - ukraine-cease-fire\n    evidence:")),
    # story.yaml line 36 is "pivotal_quote: peskov-never-initiated-freeze".
    case("unknown-quote-reference", "story.yaml", "36:16", "pivotal_quote: unknown quote 'peskov-freeze'",
         "did you mean 'peskov-never-initiated-freeze'?",
         edit=("pivotal_quote: peskov-never-initiated-freeze", "pivotal_quote: peskov-freeze")),
    case("duplicate-id", T, "8:9", "events[1].id: duplicate event id 'talks' (first used on line 2)",
         "give each record its own id", write=EVENT + EVENT.removeprefix("events:\n")),
    # issues.yaml line 16 is "      - actor: united-states", line 23 "      - actor: russian-foreign-ministry".
    case("duplicate-position", "issues.yaml", "23:16",
         "issues[0] (us-russia-relations).positions[1].actor: 'united-states' already has a position on this "
         "issue (positions[0])",
         "merge the two stances into one position",
         edit=("      - actor: russian-foreign-ministry", "      - actor: united-states")),
    # actors.yaml line 8 is John Kerry's "    affiliation: united-states".
    case("self-affiliation", "actors.yaml", "8:18", "actors[0] (john-kerry).affiliation: an actor cannot be "
         "affiliated with itself",
         "name the organisation or state they belong to",
         edit=("    affiliation: united-states\n    summary: \"The top U.S. diplomat.",
               "    affiliation: john-kerry\n    summary: \"The top U.S. diplomat.")),
    # An only-bounded date ("on or before") belongs to the background era: line 6 is the added era (value col 10).
    case("era-for-only-bounded-date", T, "6:10",
         "events[0] (talks).era: '../2015-05-12' is only bounded (on or before 12 May 2015), so the event "
         "belongs to the 'Background' era, not 'Before the visit'", "remove the era line (or write era: Background)",
         write=timeline("    title: Kerry meets Putin\n", "    title: Kerry meets Putin\n    era: Before the visit\n")
         .replace("date: 2015-05-12", 'date: "../2015-05-12"')),
    # actors.yaml line 9 is the added "    side: unted-states" under John Kerry's affiliation.
    case("unknown-side", "actors.yaml", "9:11", "actors[0] (john-kerry).side: unknown actor 'unted-states'",
         "did you mean 'united-states'?",
         edit=("    affiliation: united-states\n    summary: \"The top U.S. diplomat.",
               "    affiliation: united-states\n    side: unted-states\n    summary: \"The top U.S. diplomat.")),
    # The United States affiliated with John Kerry, who is affiliated with it: a cycle, reported at line 8.
    case("affiliation-cycle", "actors.yaml", "8:18",
         "actors[0] (john-kerry).affiliation: the affiliation chain of 'john-kerry' comes back to it",
         "make one actor in the chain the top",
         edit=('    role: "Kerry’s country; also called Washington in the article"\n',
               '    role: "Kerry’s country; also called Washington in the article"\n    affiliation: john-kerry\n')),
    # --- Provenance: selectors, quotes and the source file ------------------------------------
    case("selector-one-character-off", T, "7:16", "events[0] (talks).evidence[0].exact: exact text not found in "
         "the source",
         "the nearest passage is “…since the Ukraine crisis began, Kerry held more >>than<< four hours of talks",
         write=timeline("more than four", "more then four")),
    case("selector-straight-apostrophe", T, "7:16", "exact text not found in the source",
         "the source uses the curly apostrophe ’ where you typed '",
         write=timeline("Kerry held more than four hours of talks", "Kerry's trip comes at a time")),
    case("selector-ambiguous", T, "7:16",
         "events[0] (talks).evidence[0].exact: exact text occurs 2 times in the source (lines 7, 23)",
         "add a prefix or suffix",
         write=timeline("Kerry held more than four hours of talks", "many issues dividing the")),
    case("selector-prefix-mismatch", T, "7:16", "prefix/suffix do not match the text around any occurrence of exact",
         "copy the words right before/after it",
         write=EVENT + '        prefix: "Sergey Lavrov "\n'),
    # quotes.yaml line 15 is Peskov's '    text: "We have repeatedly stated …"'.
    case("paraphrase-filed-as-quote", "quotes.yaml", "15:11",
         "quotes[1] (peskov-never-initiated-freeze).text: text is not verbatim inside quotation marks in the source",
         "the nearest quoted passage is “We have >>repeatedly<< stated at various levels",
         edit=('text: "We have repeatedly stated at various levels and the president has said that Russia',
               'text: "We have said many times that Russia')),
    # quotes.yaml line 5 is '    text: "reset"', line 6 "    kind: full", line 11 its only selector.
    case("quote-kind-partial-but-whole", "quotes.yaml", "5:11", "quotes[0] (reset-ties-with-moscow).text: text "
         "is the whole quoted passage",
         "set kind: full", edit=('text: "reset"\n    kind: full', 'text: "reset"\n    kind: partial')),
    # quotes.yaml line 38 is Zakharova's '    text: "presented the Russian side …"'.
    case("quote-kind-full-but-part", "quotes.yaml", "38:11", "quotes[3] "
         "(zakharova-kerry-list-of-quotations).text: text is only part of the quoted passage",
         "set kind: partial",
         edit=(" media that in his view don’t reflect the real potential of broad Russian-American relations, "
               "which he is convinced need to be improved\"\n", " media\"\n")),
    # The same quote with one word changed in its middle: the hint marks the article's word there.
    case("quote-one-word-changed", "quotes.yaml", "15:11",
         "quotes[1] (peskov-never-initiated-freeze).text: text is not verbatim inside quotation marks",
         "“…stated at various levels and the president has >>said<< that Russia never initiated",
         edit=('text: "We have repeatedly stated at various levels and the president has said that',
               'text: "We have repeatedly stated at various levels and the president has stated that')),
    # quotes.yaml line 38: Zakharova's words hold a curly apostrophe (don’t), typed straight here.
    case("quote-straight-apostrophe", "quotes.yaml", "38:11",
         "quotes[3] (zakharova-kerry-list-of-quotations).text: text is not verbatim inside quotation marks",
         "the source uses the curly apostrophe ’ where you typed '",
         edit=("view don’t reflect the real potential of broad Russian-American relations, which he is convinced "
               "need to be improved\"\n", "view don't reflect the real potential of broad Russian-American "
               "relations, which he is convinced need to be improved\"\n")),
    # A later record is named by its id as well as its index, so an editor can search for it.
    case("record-named-by-its-id", "quotes.yaml", "27:14",
         "quotes[2] (distant-descendants).speaker: unknown actor 'maria-zakharov'", "did you mean 'maria-zakharova'?",
         edit=("speaker: maria-zakharova\n    text: \"distant\"", "speaker: maria-zakharov\n    text: \"distant\"")),
    case("quote-outside-its-evidence", "quotes.yaml", "11:7",
         "quotes[0] (reset-ties-with-moscow).evidence: no evidence selector contains the quoted words",
         "add a selector whose exact includes the whole quote",
         edit=("first-term effort to “reset” ties with Moscow.\"\n", "first-term effort\"\n")),
    # story.yaml line 38 is "  file: sources/…", line 39 "  sha256: …".
    case("sha256-mismatch", "story.yaml", "39:11",
         "source.sha256: content/sources/kerry-putin-sochi-2015-05-12.txt has changed (its sha256 is " + SHA256,
         "then record the new sha256", edit=(SHA256, "0" * 64)),
    case("sha256-malformed", "story.yaml", "39:11", "source.sha256: text 'abc' has the wrong form",
         "64 lowercase hexadecimal digits", edit=(SHA256, "abc")),
    case("missing-source-file", "story.yaml", "38:9",
         "source.file: cannot read content/sources/kerry-putin-sochi.txt: No such file or directory",
         "check the path, relative to content/",
         edit=("file: sources/kerry-putin-sochi-2015-05-12.txt", "file: sources/kerry-putin-sochi.txt")),
    case("source-outside-content", "story.yaml", "38:9", "source.file: '../mkdocs.yml' is outside content/",
         "keep the article under content/sources/",
         edit=("file: sources/kerry-putin-sochi-2015-05-12.txt", "file: ../mkdocs.yml")),
    case("missing-content-file", "quotes.yaml", "0:0", "cannot read file: No such file or directory",
         "check that the file exists", delete=True),
    # --- Hostile and unusual input: the loader must not crash, hang or misplace a mistake ------
    # An anchor whose own value aliases it is a cycle: building it recursed until RecursionError.
    case("alias-to-itself", T, "1:13", "alias '*e' is not allowed", "write the value out in full",
         write="events: &e [*e]\n"),
    # 1,000 nested lists overflowed PyYAML's recursive composer; "events: " is 8 columns and the
    # 64th '[' (col 72) is the first list nested deeper than 64 levels.
    case("nesting-too-deep", T, "1:72", "lists and mappings are nested more than 64 levels deep here",
         "check for an unclosed '['", write="events: " + "[" * 1000 + "]" * 1000 + "\n"),
    # A form feed is no line break in an editor (Python's splitlines() made it one: line 7).
    case("form-feed-before-tab", T, "6:1", "tab used for indentation", "indent with spaces only",
         write="# a\fb\n" + timeline("    title:", "\ttitle:")),
    # Old-Mac line endings (CR only): lines were counted by "\n" alone, so everything was on line 1.
    case("cr-line-endings", T, "5:17", "character U+0001 is not allowed in YAML", "delete the invisible character",
         write=timeline("Kerry meets Putin", "Kerry\x01Putin").replace("\n", "\r")),
    case("cr-line-endings-invalid-utf8", T, "4:19", "invalid UTF-8 (byte 0xff)", "save the file as UTF-8",
         write=EVENT.replace("\n", "\r").encode().replace(b"Tuesday", b"Tu\xffsday")),
    # YAML 1.1 reads U+2028, U+2029 and U+0085 as line breaks that editors do not show: the
    # error landed two lines further down, and a "comment" or text could hide a whole field.
    case("line-separator-in-text", T, "5:17", "invisible character U+2028 (line separator)",
         "YAML reads it as a line break", write=timeline("Kerry meets Putin", "Kerry\u2028meets Putin")),
    case("paragraph-separator-hides-a-field", T, "5:29", "invisible character U+2029 (paragraph separator)",
         "delete it", write=timeline("Kerry meets Putin", "Kerry meets Putin\u2029    summary: hidden")),
    case("next-line-in-comment", T, "1:7", "invisible character U+0085 (next line, NEL)", "delete it",
         write="# note\x85summary: hidden\n" + EVENT),
    case("byte-order-mark-mid-file", T, "5:1", "invisible character U+FEFF (byte-order mark)", "delete it",
         write=timeline("    title:", "\ufeff    title:")),
    # A NUL byte first (then UTF-8) was called UTF-16; UTF-32 was called UTF-16.
    case("nul-byte-first", T, "1:1", "character U+0000 is not allowed in YAML", "delete the invisible character",
         write=b"\x00" + EVENT.encode()),
    case("utf32-with-bom", T, "1:1", "file is UTF-32, not UTF-8", "save the file as UTF-8",
         write=EVENT.encode("utf-32")),
    # PyYAML points where it gave up looking for ':' (the next line); the line without ':' is line 6.
    case("line-without-colon", T, "6:5", "could not find expected ':'", "write 'key: value' here",
         write=timeline("    title: Kerry meets Putin", "    title: Kerry meets Putin\n    some words without colon")),
    # A bare "!" is YAML's non-specific tag: it vanished from the text without a word.
    case("tag-bare-bang", T, "5:12", "explicit tag '!' is not allowed",
         "put text that starts with '!' in double quotes", write=timeline("Kerry meets Putin", "! Kerry meets Putin")),
    # "$" in the slug and date patterns matched before a final newline: both were accepted.
    case("id-trailing-newline", T, "2:9", "events[0].id: 'talks\\n' is not a valid id", "e.g. 'talks'",
         write=timeline("id: talks", 'id: "talks\\n"')),
    case("date-trailing-newline", T, "3:11", "events[0] (talks).date: '2015-05-12\\n' is not an EDTF date",
         "write e.g. 2015-05-12", write=timeline("date: 2015-05-12", 'date: "2015-05-12\\n"')),
    # edtf accepts these; Python's calendar does not: sorting the timeline crashed with a traceback.
    case("date-29-february-2015", T, "3:11", "'2015-02-29' is not a day on the calendar",
         "check the day of the month", write=timeline("2015-05-12", "2015-02-29")),
    case("date-year-zero", T, "3:11", "'0000' is not a day on the calendar", "write years from 0001",
         write=timeline("2015-05-12", '"0000"')),
    case("date-interval-reversed", T, "3:11", "'2015-05-12/2015-05-11' ends before it starts",
         "write the earlier date first", write=timeline("2015-05-12", "2015-05-12/2015-05-11")),
    # A \u escape of half a surrogate pair: a traceback in an id, pydantic jargon in a key.
    case("surrogate-in-id", T, "2:9", "events[0].id: character 1 is U+D800, half of a UTF-16 surrogate pair",
         "type the character itself", write=timeline("id: talks", 'id: "\\ud800x"')),
    case("surrogate-in-key", T, "5:5", "events[0] key: character 1 is U+D800, half of a UTF-16 surrogate pair",
         "type the character itself", write=timeline("    title:", '    "\\ud800": x\n    title:')),
    # Echoed values are shown escaped: an ESC sequence could clear the terminal or CI log, and a
    # newline split the report line.
    case("terminal-escape-in-key", T, "5:5", "unknown field '\\x1b[2J\\x1b]0;pwned\\x07'", "allowed fields",
         write=timeline("    title:", '    "\\e[2J\\e]0;pwned\\a": x\n    title:')),
    case("newline-in-echoed-value", "story.yaml", "39:11", f"source.sha256: text '{SHA256}\\n' has the wrong form",
         "64 lowercase hexadecimal digits", edit=(f"sha256: {SHA256}", f"sha256: |\n    {SHA256}")),
    case("nul-in-source-path", "story.yaml", "38:9",
         "source.file: character 10 is the invisible control character U+0000", "delete it",
         edit=("file: sources/kerry-putin-sochi-2015-05-12.txt", 'file: "sources/a\\0b.txt"')),
    # The article follows the rules of YAML text (line 3 is "World Today"; columns count characters).
    case("article-terminal-escape", A, "3:6", "the article has the invisible control character U+001B",
         edit=("World Today", "World\x1b[2J Today")),
    case("article-markdown-stash", A, "3:1", "the article has the invisible control character U+0002",
         edit=("World Today", "\x02World Today\x03")),
    case("article-rlo-left-open", A, "3:12", "the article has U+202E (RLO), never closed by PDF (U+202C)",
         edit=("World Today", "World Today\u202e")),
    case("article-pdi-alone", A, "3:7", "the article has U+2069 (PDI), which closes a direction that was never opened",
         edit=("World Today", "World \u2069Today")),
    case("article-line-separator", A, "3:6", "the article has U+2028 (line separator), which editors do not show",
         "type a real line break or a space", edit=("World Today", "World\u2028Today")),
    case("article-byte-order-mark", A, "1:1", "the article has U+FEFF (byte-order mark)",
         "save the file as UTF-8 without BOM", edit=("Kerry meets Russia", "\ufeffKerry meets Russia")),
    case("source-file-rlo", "story.yaml", "38:9", "source.file: character 9 is U+202E (RLO), never closed",
         edit=("file: sources/kerry-putin-sochi-2015-05-12.txt", 'file: "sources/\\u202ekerry-putin-sochi.txt"')),
    # Near-invisible characters (generator/characters.py, INVISIBLE): in an id, a name or any text the
    # editor writes, a paste accident; in words copied from the article, compared with the article.
    case("zero-width-space-in-id", T, "2:9", "events[0].id: character 3 is U+200B (ZERO WIDTH SPACE), an invisible "
         "character", "delete it", write=timeline("id: talks", "id: ta\u200blks")),
    case("word-joiner-in-title", T, "5:12", "title: character 6 is U+2060 (WORD JOINER), an invisible character",
         "delete it", write=timeline("title: Kerry meets", "title: Kerry\u2060 meets")),
    case("soft-hyphen-in-reference", T, "6:14", "actors[0]: character 5 is U+00AD (SOFT HYPHEN)", "delete it",
         write=timeline("    evidence:", "    actors: [john\u00ad-kerry]\n    evidence:")),
    case("tag-characters-in-title", T, "5:12", "title: character 6 is U+E0041 (TAG LATIN CAPITAL LETTER A), an "
         "invisible character", "delete it", write=timeline("title: Kerry meets", "title: Kerry\U000E0041 meets")),
    case("musical-formatting-in-title", T, "5:12", "title: character 6 is U+1D173 (MUSICAL SYMBOL BEGIN BEAM), an "
         "invisible character", "delete it", write=timeline("title: Kerry meets", "title: Kerry\U0001D173 meets")),
    case("every-invisible-character-reported", T, "5:12", "title: has 3 invisible characters (they come with text "
         "pasted from web pages and PDFs): character 3 is U+200B (ZERO WIDTH SPACE), character 6 is U+2060 (WORD "
         "JOINER), character 9 is U+E0020 (TAG SPACE)", "delete them",
         write=timeline("title: Kerry meets", "title: Ke\u200brr\u2060y \U000E0020meets")),
    case("rlo-in-yaml-comment", T, "2:23", "comment has U+202E (RLO), which can make the lines around it read "
         "differently", "delete it", write=timeline("id: talks", "id: talks  # note \u202e")),
    case("zero-width-space-in-yaml-comment", T, "2:23", "comment has U+200B (ZERO WIDTH SPACE)", "delete it",
         write=timeline("id: talks", "id: talks  # note \u200b")),
    case("mongolian-vowel-separator-in-story-field", "story.yaml", "11:8",
         "place: character 6 is U+180E (MONGOLIAN VOWEL SEPARATOR)", "delete it",
         edit=('place: "Sochi, Russia"', 'place: "Sochi\u180e, Russia"')),
    case("zero-width-space-in-exact", T, "7:16", "exact text not found in the source",
         "character 11 is U+200B (ZERO WIDTH SPACE), an invisible character the article does not have there; "
         "delete it", write=timeline("Kerry held more", "Kerry held\u200b more")),
    case("zero-width-space-in-quote-text", "quotes.yaml", "15:11", "text is not verbatim inside quotation marks",
         "character 8 is U+200B (ZERO WIDTH SPACE), an invisible character the article does not have there",
         edit=('text: "We have repeatedly', 'text: "We have\u200b repeatedly')),
    case("invisible-prefix", T, "8:16", "prefix has U+2060 (WORD JOINER) (character 5), an invisible "
         "character", "delete it from prefix", write=timeline("      - exact: Kerry", '      - prefix: "talk\u2060"\n'
                                                              "        exact: Kerry")),
    case("soft-hyphen-in-article", "issues.yaml", "38:16", "exact text not found in the source",
         "the article has U+00AD (SOFT HYPHEN), an invisible character, inside these words", edit_in=A,
         edit=("rhetoric signaled", "rhetoric sig\u00adnaled")),
    # The same entry twice in one list: a copy-paste slip the site would show twice.
    case("duplicate-reference-in-event", T, "6:26", "events[0] (talks).actors[1]: 'john-kerry' is listed twice "
         "(also events[0].actors[0], line 6)", "remove this entry",
         write=timeline("    evidence:", "    actors: [john-kerry, john-kerry]\n    evidence:")),
    case("duplicate-key-issue", "story.yaml", "30:5", "key_issues[1]: 'us-russia-relations' is listed twice "
         "(also key_issues[0], line 29)", "remove this entry",
         edit=("  - us-russia-relations\n  - ukraine-ceasefire", "  - us-russia-relations\n  - us-russia-relations")),
    case("duplicate-quote-issue", "quotes.yaml", "10:9", "issues[1]: 'us-russia-relations' is listed twice",
         "remove this entry", edit=("      - us-russia-relations\n    evidence:\n      - exact: \"Nevertheless",
                                    "      - us-russia-relations\n      - us-russia-relations\n    evidence:\n"
                                    "      - exact: \"Nevertheless")),
    case("duplicate-evidence-selector", T, "8:9", "evidence[1]: the selector with exact “Kerry held more than four "
         "hours of talks” is listed twice (also events[0].evidence[0], line 7)", "remove this entry",
         write=EVENT + "      - exact: Kerry held more than four hours of talks\n"),
    case("duplicate-attribution", "issues.yaml", "19:41", "according_to[1]: the attribution to 'maria-zakharova' "
         "is listed twice", "remove this entry",
         edit=("        according_to: maria-zakharova\n        evidence:\n          - exact: \"met Tuesday",
               "        according_to: [maria-zakharova, maria-zakharova]\n        evidence:\n"
               "          - exact: \"met Tuesday")),
    case("no-position-but-has-one", "issues.yaml", "8:31", "issues[0] (us-russia-relations).no_position[1]: "
         "'united-states' has a position on this issue (positions[0])", "remove it from no_position",
         edit=("    no_position: [pj-crowley]", "    no_position: [pj-crowley, united-states]")),
    case("position-short-of-combining-marks-only", "issues.yaml", "18:16", "issues[0] (us-russia-relations)"
         ".positions[0].short: has no letter or digit", "write a few words, or remove the line",
         edit=('short: "Wants to ease badly strained relations"', 'short: "\\u0301\\u0301\\u0301"')),
    case("position-short-too-long", "issues.yaml", "18:16", "issues[0] (us-russia-relations).positions[0].short: "
         "is 1500 characters long, more than 100", "in a few words (about 60 characters)", warning=True,
         edit=('short: "Wants to ease badly strained relations"', 'short: "' + "strained " * 166 + 'ties.."')),
    case("era-letter-case", T, "84:10", "events[5] (russia-to-lift-iran-air-defense-ban).era: 'before the Visit' is "
         "the era 'Before the visit' (events[4], line 68) in other letter case", "write era: Before the visit",
         edit=('system for Iran"\n    era: "Before the visit"', 'system for Iran"\n    era: "before the Visit"')),
    case("era-letter-case-of-the-day", T, "226:10", "events[15] (kerry-meets-putin).era: '12 may 2015' is the era "
         "'12 May 2015' (events[11], placed there by its date) in other letter case", "write era: 12 May 2015",
         edit=('title: "Kerry meets Putin at Bocharov Ruchey"',
               'title: "Kerry meets Putin at Bocharov Ruchey"\n    era: "12  may 2015 "')),
    case("era-named-for-another-day", T, "68:10", "events[4] (ukraine-ceasefire-agreement).era: '12 May 2015' names "
         "12 May 2015, but the event's date '2015-02' (February 2015) is not within it", "check the date",
         warning=True,
         edit=('Ukraine sealed"\n    era: "Before the visit"', 'Ukraine sealed"\n    era: "12 May 2015"')),
    case("duplicate-change-record", "changes.yaml", "8:68", "changes[0].records[1]: 'john-kerry' is listed twice",
         "remove this entry", edit=("changes: []", 'changes: [{date: "2015-05-14", kind: update, '
                                                   "records: [john-kerry, john-kerry]}]")),
    # --- The glossary (optional glossary.yaml) ----------------------------------------------------
    case("glossary-unknown-field", G, "4:5", "unknown field 'meaning'", write=glossary(
        "    definition: An air", "    meaning: An air")),
    case("glossary-evidence-not-verbatim", G, "6:16", "terms[0] (s-300).evidence[0].exact: exact text not found",
         write=glossary("purely defensive", "purely defence")),
    case("glossary-duplicate-id", G, "7:9", "terms[1].id: duplicate term id 's-300' (first used on line 2)",
         "give each record its own id", write=glossary("id: reset", "id: s-300")),
    case("glossary-duplicate-term", G, "8:11", "terms[1] (reset).term: 's-300' is already a term or spelling "
         "(line 3)", "merge the two entries", write=glossary("term: reset", "term: s-300")),
    case("glossary-duplicate-spelling", G, "10:9", "terms[1] (reset).also[0]: 'S-300' is already a term or "
         "spelling (line 3)", write=glossary("    definition: Obama", "    also:\n      - S-300\n    definition: "
                                                                        "Obama")),
    case("glossary-also-repeats-the-term", G, "9:12", "terms[1] (reset).also[0]: 'Reset' repeats the term itself "
         "(line 8), letter case aside", "remove it from also", write=glossary("term: reset",
                                                                              "term: reset\n    also: [Reset]")),
    case("glossary-also-repeated-letter-case-aside", G, "9:24", "terms[1] (reset).also[1]: 'Cease-fire' repeats "
         "another spelling of this term (line 9)", "remove it from also",
         write=glossary("term: reset", "term: reset\n    also: [cease-fire, Cease-fire]")),
    case("glossary-term-too-long", G, "8:11", "terms[1] (reset).term: is 61 characters long, more than 60",
         "explain the rest in the definition", write=glossary("term: reset", "term: " + "r" * 61)),
    case("glossary-definition-too-long", G, "9:17", "terms[1] (reset).definition: is 401 characters long, more "
         "than 400", "one or two short sentences",
         write=glossary("Obama's first-term effort to mend ties with Moscow.", "A" * 401)),
    case("glossary-term-with-quotes", G, "8:11", "must begin and end with a letter or digit",
         write=glossary("term: reset", "term: “reset”")),
    case("glossary-quoted-words-not-in-evidence", G, "9:17", "terms[1] (reset).definition: the words in quotation "
         "marks", write=glossary("to mend ties", "to “mend” ties")),
    case("content-file-too-large", T, "0:0", "cannot read file: larger than 16 MiB",
         "check for pasted or generated data", write=EVENT + "# " + "x" * (16 * 2**20) + "\n"),
]


def check(project: Path, *args: str) -> tuple[int, str, str]:
    result = generator("check", "--content", "content", *args, cwd=project)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def test_cases_are_distinct() -> None:
    """The table holds at least 35 different bad inputs, each with its own id."""
    bads = [param.values[0] for param in CASES]
    ids = [param.id for param in CASES]
    assert len(set(ids)) == len(ids) >= 35
    assert len({(b.file, b.write, b.edit, b.delete) for b in bads}) == len(bads)


@pytest.mark.parametrize("bad", CASES)
def test_bad_input_is_reported_at_its_place(project: Path, edit: Edit, bad: Bad) -> None:
    """A bad input exits 1 and prints 'content/<file>:<line>:<col>: message; hint', no traceback."""
    bad.apply(project, edit)
    status, stdout, stderr = check(project)
    assert status == 1, stdout + stderr
    prefix = f"content/{bad.file}:{bad.at}: "
    here = [line.removeprefix(prefix) for line in stderr.splitlines() if line.startswith(prefix)]
    assert here, f"nothing reported at {prefix!r}:\n{stderr}"
    level = "warning: " if bad.warning else ""
    assert any(line.startswith(level) and bad.message in line and bad.hint in line.partition("; ")[2]
               for line in here), stderr
    if bad.warning:
        assert "0 errors, 1 warning" in stderr.splitlines(), stderr
    else:
        assert re.fullmatch(r"[1-9]\d* errors?, \d+ warnings?", stderr.splitlines()[-1]), stderr
    assert "hacked" not in stdout + stderr  # the !!python tag was never constructed


# --- YAML 1.1 implicit typing: what an editor wrote is what the site shows --------------------

VERBATIM = ["NO", "yes", "on", "off", "Off", "y", "10:30", "012", "0x1F", "1e3", "1_000", ".inf", ".NaN", "true",
            "2015-05-12", "2015-05-12T10:30:00Z", "-1", "+12"]


@pytest.mark.parametrize("written", VERBATIM)
def test_parse_yaml_keeps_scalars_verbatim(written: str) -> None:
    """parse_yaml keeps a plain scalar that YAML 1.1 would retype as the exact text written."""
    doc, problems = parse_yaml(f"place: {written}\nlist:\n  - {written}\n".encode(), "x.yaml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"place": written, "list": [written]}


@pytest.mark.parametrize("written", ["NO", "yes", "on", "off", "10:30", "012", "1e3"])
def test_implicit_typing_kept_as_text_through_load_content(project: Path, edit: Edit, written: str) -> None:
    """A text field written as NO, yes, on, off, 10:30, 012 or 1e3 loads as exactly that text, no error."""
    edit("story.yaml", 'place: "Sochi, Russia"', f"place: {written}")
    edit("story.yaml", 'programme: "World Today"', f"programme: {written}")
    content = load_content(project / "content")
    assert content.story.place == written
    assert content.story.programme == written


def test_unquoted_date_in_edtf_field_is_text(project: Path, edit: Edit) -> None:
    """An unquoted 2015-05-12 in an EDTF field is the text '2015-05-12', not a date object."""
    edit("story.yaml", 'dateline: "2015-05-12"', "dateline: 2015-05-12")
    edit("timeline.yaml", 'date: "2013-23"', "date: 2013-23")
    content = load_content(project / "content")
    assert content.story.dateline == "2015-05-12"
    assert type(content.story.dateline) is str
    assert "2013-23" in [event.date for event in content.events]
    status, _, stderr = check(project)
    assert (status, stderr) == (0, ""), stderr


# --- Many mistakes, one run -----------------------------------------------------------------


def test_every_mistake_reported_at_once_sorted(project: Path, edit: Edit) -> None:
    """Mistakes in several files are all reported in one run, sorted by file then line, then counted."""
    # actors.yaml line 6 is John Kerry's "    kind: person"; story.yaml line 11 is 'place: "Sochi, Russia"'.
    edit("actors.yaml", '    kind: person\n    role: "U.S. Secretary of State"',
         '    kind: persn\n    role: "U.S. Secretary of State"')
    edit("story.yaml", 'place: "Sochi, Russia"', "place: ~")
    (project / "content" / T).write_text(
        timeline("2015-05-12\n    as_written: Tuesday\n    title: Kerry meets Putin",
                 "12/05/2015\n    as_written: Tuesday\n    title:"), encoding="utf-8")
    status, _, stderr = check(project)
    assert status == 1
    lines = stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "content/actors.yaml:6:11",
        "content/story.yaml:11:8",
        "content/timeline.yaml:3:11",
        "content/timeline.yaml:5:11",
    ], stderr
    assert "did you mean 'person'?" in lines[0]
    assert "place: is empty" in lines[1]
    assert "is not an EDTF date" in lines[2]
    assert "events[0] (talks).title: is empty" in lines[3]
    assert lines[-1] == "4 errors, 0 warnings"


def test_a_broken_file_hides_no_mistake_in_the_others(project: Path, edit: Edit) -> None:
    """A YAML error in actors.yaml still lets check report a wrong quote selector and a wrong
    issue reference in the other files, in the same run."""
    edit("actors.yaml", "    name: John Kerry\n", "    name: John Kerry\n    name: Kerry\n")
    edit("quotes.yaml", '- exact: "Putin’s spokesman welcomed', '- exact: "Putin’s spokesman greeted')
    edit("timeline.yaml", "      - russia\n    issues:\n      - us-russia-relations\n    evidence:\n"
         "      - exact: \"the rancor that buried",
         "      - russia\n    issues:\n      - us-russia-relation\n    evidence:\n"
         "      - exact: \"the rancor that buried")
    status, _, stderr = check(project)
    assert status == 1
    assert re.search(r"^content/actors\.yaml:\d+:5: duplicate key 'name'", stderr, re.MULTILINE), stderr
    assert re.search(r"^content/quotes\.yaml:\d+:\d+: quotes\[\d+\] "
        r"\(peskov-never-initiated-freeze\)\.evidence\[\d+\]\.exact: "
                     r"exact text not found",
                     stderr, re.MULTILINE), stderr
    assert "unknown issue 'us-russia-relation'; did you mean 'us-russia-relations'?" in stderr, stderr
    assert stderr.splitlines()[-1] == "3 errors, 0 warnings", stderr
    assert "Traceback" not in stderr


def test_era_names_are_folded_as_their_heading_shows_them(project: Path, edit: Edit) -> None:
    """Era names that differ only in spacing ("Before the visit ", "Before  the visit") are one era, spelled with
    single spaces, as its heading shows it: check is clean and the timeline has one such section."""
    edit(T, 'system for Iran"\n    era: "Before the visit"', 'system for Iran"\n    era: "Before the visit "')
    edit(T, 'Putin spends a week in Sochi meeting defense officials"\n    era: "Before the visit"',
         'Putin spends a week in Sochi meeting defense officials"\n    era: "  Before \\t the\\u00a0visit"')
    status, stdout, stderr = check(project)
    assert status == 0 and "ok:" in stdout, stderr
    eras = [era.name for era in load_content(project / "content").eras]
    assert eras.count("Before the visit") == 1 and len(eras) == len(set(eras)), eras
    before = next(era for era in load_content(project / "content").eras if era.name == "Before the visit")
    assert [e.id for e in before.events] == ["ukraine-ceasefire-agreement", "russia-to-lift-iran-air-defense-ban",
                                             "putin-week-in-sochi"]


def test_unreferenced_actor_is_a_warning(project: Path, edit: Edit) -> None:
    """An actor nothing references gives a 'warning:' line at its id; check exits 1 with a closing line
    saying the strict build (make site, CI) stops on it."""
    edit("actors.yaml", "actors:\n  # People\n", (
        "actors:\n"
        "  - id: cctv-reporter\n"  # line 3, value col 9
        "    name: CCTV reporter\n"
        "    kind: person\n"
        "    role: Reporter\n"
        "    summary: Filed a report from Moscow.\n"
        "    evidence:\n"
        "      - exact: filed this report from Moscow\n"
        "  # People\n"))
    status, stdout, stderr = check(project)
    assert status == 1, stderr
    assert "ok:" not in stdout and "loaded, with warnings:" in stdout
    assert stderr.splitlines() == [
        "content/actors.yaml:3:9: warning: actors[0] (cctv-reporter): actor 'cctv-reporter' is not referenced "
        "by any quote, issue, "
        "event, affiliation or the story; reference it where the article mentions it, or remove it",
        "0 errors, 1 warning",
        "1 warning: make site and CI's strict build stop on warnings; fix them",
    ]


def test_unused_glossary_term_is_a_warning(project: Path) -> None:
    """A term that no page mentions gives a 'warning:' line at the term (no page would explain it); check exits 1."""
    (project / "content" / "glossary.yaml").write_text(glossary("term: reset", "term: Kremlin palace"),
                                                       encoding="utf-8")
    status, _, stderr = check(project)
    assert status == 1, stderr
    assert stderr.splitlines() == [
        "content/glossary.yaml:8:11: warning: terms[1] (reset).term: no generated page's running text mentions "
        "'Kremlin palace' (nor any spelling in also) outside a longer term, so no page explains it (hand-written "
        "pages, headings and quotes' own words are never marked); write the term as the pages spell it, add that "
        "spelling under also, or remove the term",
        "0 errors, 1 warning",
        "1 warning: make site and CI's strict build stop on warnings; fix them",
    ]


def test_no_unused_warning_for_an_entry_with_a_repeated_spelling(project: Path) -> None:
    """An entry whose spelling is an error (a repeat) gets that error only, not also an 'unused' warning."""
    (project / "content" / "glossary.yaml").write_text(
        glossary("term: reset", "term: Kremlin palace\n    also: [kremlin palace]"), encoding="utf-8")
    status, _, stderr = check(project)
    assert status == 1, stderr
    assert "repeats the term itself (line 8)" in stderr
    assert "warning:" not in stderr and "1 error, 0 warnings" in stderr, stderr


# --- Usage errors and the real content ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--content", "does-not-exist"], "no content folder at does-not-exist", id="no-content-folder"),
        pytest.param(["--content", "content/story.yaml"], "is a file", id="content-is-a-file"),
        pytest.param(["--no-such-option"], "No such option '--no-such-option'", id="unknown-option"),
    ],
)
def test_usage_error_exits_2(project: Path, args: list[str], message: str) -> None:
    """A usage error (missing content folder, unknown option) exits 2 with a message, no traceback."""
    result = generator("check", *args, cwd=project)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_content_does_not_stop_the_other_files(project: Path) -> None:
    """With one file missing, mistakes in the other files are still reported in the same run."""
    (project / "content" / "quotes.yaml").unlink()
    (project / "content" / T).write_text(timeline("id: talks", "id: Talks"), encoding="utf-8")
    status, _, stderr = check(project)
    assert status == 1
    assert [line.split(": ")[0] for line in stderr.splitlines()[:-1]] == [
        "content/quotes.yaml:0:0", "content/timeline.yaml:2:9"]
    assert stderr.splitlines()[-1] == "2 errors, 0 warnings"


# --- Files that are not plain files, and input built to exhaust the loader ----------------------


def run_briefly(args: list[str], cwd: Path, seconds: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``args``; a run that outlives ``seconds`` (a hang) fails the test instead of blocking it."""
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=ENV, check=False, timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[-1]} did not finish within {seconds} s")


def _fifo(content: Path) -> None:
    (content / T).unlink()
    os.mkfifo(content / T)


def _link_outside(content: Path) -> None:
    (content.parent / "elsewhere.yaml").write_text(EVENT, encoding="utf-8")
    (content / T).unlink()
    (content / T).symlink_to(content.parent / "elsewhere.yaml")


def _source(content: Path, make: Callable[[Path], None]) -> None:
    make(content / "sources" / "odd.txt")
    story = content / "story.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "file: sources/kerry-putin-sochi-2015-05-12.txt", "file: sources/odd.txt"), encoding="utf-8")


@pytest.mark.parametrize(("make", "expected"), [
    # Reading a FIFO blocks until someone writes to it: check hung.
    pytest.param(_fifo, "content/timeline.yaml:0:0: cannot read file: not a regular file", id="content-file-is-a-fifo"),
    pytest.param(lambda content: _source(content, os.mkfifo),
                 "content/story.yaml:38:9: source.file: cannot read content/sources/odd.txt: not a regular file",
                 id="source-is-a-fifo"),
    # Path.resolve() raised RuntimeError for a link to itself: a traceback.
    pytest.param(lambda content: _source(content, lambda path: path.symlink_to(path.name)),
                 "content/story.yaml:38:9: source.file: cannot read content/sources/odd.txt: ",
                 id="source-links-to-itself"),
    # The source file had to stay inside content/, the YAML files did not: a link could make
    # check print parts of any file on the machine (a CI secret) in its problems.
    pytest.param(_link_outside, "content/timeline.yaml:0:0: the file is a link to ", id="content-file-links-outside"),
])
def test_special_files_are_reported_not_read(project: Path, make: Callable[[Path], None], expected: str) -> None:
    """A FIFO, a link loop or a link out of content/ is one located problem: no hang, no traceback."""
    make(project / "content")
    result = run_briefly([sys.executable, "-m", "generator", "check"], project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr


def test_alias_bomb_is_not_expanded(project: Path) -> None:
    """'Billion laughs': nine levels of ten aliases each would expand to 10**9 values; each alias is
    reported where it is, the file is not built (so no 'unknown field' follows) and check is quick."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    (project / "content" / T).write_text(bomb, encoding="utf-8")
    result = run_briefly([sys.executable, "-m", "generator", "check"], project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    # "b: &b [" is 7 columns: the first alias, of '&a', is at line 2, column 8.
    assert "content/timeline.yaml:2:8: alias '*a' is not allowed" in result.stderr
    assert "unknown field" not in result.stderr


def test_too_many_values_stop_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """More than MAX_NODES keys and values (each costs memory up to the report) is one located
    problem at the first value too many; here with the limit lowered to 10."""
    monkeypatch.setattr(yamlsource, "MAX_NODES", 10)
    # nodes: the mapping, the key 'events', the list, then items a, b, c …: the 11th is 'h' (col 31).
    doc, problems = parse_yaml(b"events: [a, b, c, d, e, f, g, h, i, j]\n", "x.yaml")
    assert doc is None
    assert [(p.line, p.col) for p in problems] == [(1, 31)]
    assert "the file has more than 10 keys and values" in problems[0].message


def test_nearest_passage_hint_is_bounded(tmp_path: Path) -> None:
    """The 'nearest passage' hint compared every sentence with the whole exact text (difflib is
    quadratic): a long exact against long sentences ran for hours. Now it returns in seconds."""
    script = (
        "from generator.provenance import Miss, SourceText\n"
        "from generator.schema import TextQuoteSelector\n"
        "source = SourceText(('Kerry ' * 20000 + '.\\n') * 20)\n"
        "found = source.resolve(TextQuoteSelector(exact='Kerry Kery ' * 20000))\n"
        "print(isinstance(found, Miss) and found.hint.startswith('the nearest passage is'))\n"
    )
    result = run_briefly([sys.executable, "-c", script], ROOT)
    assert result.stdout.strip() == "True", result.stderr


# --- A '#' that YAML takes for a comment cuts a value short ---------------------------------------

@pytest.mark.parametrize(("written", "read", "at", "lost"), [
    pytest.param("name: Update #2\n", "Update", "1:14", "#2", id="hash-number"),
    pytest.param("name: Update # 2 of 3\n", "Update", "1:14", "# 2 of 3", id="one-space-before"),
    pytest.param("name: Update  #2\n", "Update", "1:15", "#2", id="no-space-after"),
    pytest.param("list:\n  - We're #1 again\n", ["We're"], "2:11", "#1 again", id="list-item"),
    pytest.param("name: #1 show\n", None, "1:7", "#1 show", id="empty-value"),
    pytest.param("name: [Update #2\n  , other]\n", ["Update", "other"], "1:15", "#2", id="flow-list"),
    pytest.param("name: a long\n  text #tag\n", "a long text", "2:8", "#tag", id="multi-line-value"),
    pytest.param("? na #me\n: x\n", None, "1:6", "#me", id="key"),
])
def test_value_cut_at_a_comment_is_a_warning(written: str, read: Any, at: str, lost: str) -> None:
    """A plain value that YAML cut at ' #' is kept as read, with a located warning at the '#' that
    names the lost text and says to quote the value."""
    doc, problems = parse_yaml(written.encode(), "x.yaml")
    assert doc is not None
    assert [f"{p.line}:{p.col}" for p in problems] == [at], problems
    (problem,) = problems
    assert problem.severity.value == "warning"
    assert f"'{lost}' was cut off as a YAML comment" in problem.message
    assert "double quotes" in problem.hint
    if read is not None:
        assert next(iter(doc.data.values())) == read


@pytest.mark.parametrize("written", [
    pytest.param("affiliation: x   # the id of another actor\n", id="aligned-comment"),
    pytest.param("affiliation: x  #\n", id="bare-hash"),
    pytest.param('name: "Update #2"\n', id="double-quoted"),
    pytest.param("name: 'Update #2'\n", id="single-quoted"),
    pytest.param("name: Update#2 C# a#b\n", id="hash-inside-words"),
    pytest.param("# a comment line\nname: x\n  # indented comment line\n", id="comment-lines"),
    pytest.param("name: |\n  Update #2\n", id="literal-block"),
    pytest.param("list:  # the items\n  - x  # one\n", id="comments-after-keys"),
])
def test_deliberate_comments_and_quoted_hashes_pass(written: str) -> None:
    """An end-of-line comment two spaces after the value (yamllint's rule), a '#' inside quotes,
    a block scalar or a word, and whole comment lines are no warning."""
    doc, problems = parse_yaml(written.encode(), "x.yaml")
    assert doc is not None
    assert problems == []


def test_cut_value_warns_in_check_and_stops_the_strict_build(project: Path, edit: Edit, tmp_path: Path) -> None:
    """``check`` prints the located warning and exits 1, as ``mkdocs build --strict`` stops on it.
    actors.yaml line 5 is John Kerry's name."""
    edit("actors.yaml", "    name: John Kerry\n", "    name: John Kerry #2\n")
    status, _, stderr = check(project)
    assert status == 1, stderr
    assert stderr.splitlines()[-1] == "1 warning: make site and CI's strict build stop on warnings; fix them"
    assert stderr.splitlines()[0] == (
        "content/actors.yaml:5:22: warning: '#2' was cut off as a YAML comment: the value was read as "
        "'John Kerry'; put the whole value in double quotes to keep the text; for a comment, leave two "
        "spaces before '#' and one after it"), stderr
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
                            cwd=project, capture_output=True, text=True, env=ENV, check=False)
    assert result.returncode == 1
    assert "'#2' was cut off as a YAML comment" in result.stderr


def test_coverage_echoes_article_text_visibly(project: Path, edit: Edit) -> None:
    """``check --coverage`` prints uncited sentences with invisible characters escaped, so a
    (balanced, allowed) right-to-left override in the article cannot reorder the terminal line."""
    edit(A, "World Today", "World \u202eToday\u202c")
    edit("story.yaml", f"sha256: {SHA256}", "sha256: " + hashlib.sha256(
        (project / "content" / A).read_bytes()).hexdigest())
    edit("story.yaml", '  - exact: "World Today"\n', "")
    status, stdout, stderr = check(project, "--coverage")
    assert status == 0, stderr
    assert f"content/{A}:3:1: uncited: World \\u202eToday\\u202c" in stdout.splitlines(), stdout
    assert "\u202e" not in stdout


@pytest.mark.parametrize(("written", "at", "message"), [
    pytest.param("# About this explainer\u202e\n", "1:23", "the page has U+202E (RLO), never closed by PDF (U+202C)",
                 id="heading-rlo-left-open"),
    pytest.param("# About this explainer\n\nA \u2069line\n", "3:3",
                 "the page has U+2069 (PDI), which closes a direction that was never opened", id="pdi-alone"),
    pytest.param("# About\x1b[2J this explainer\n", "1:8", "the page has the invisible control character U+001B",
                 id="terminal-escape"),
    pytest.param("# About this\u200b explainer\n", "1:13", "the page has U+200B (ZERO WIDTH SPACE), an invisible "
                 "character", id="zero-width-space"),
    pytest.param("# About\n\nHidden\U000E0041\U000E0042 text\n", "3:7", "the page has U+E0041 (TAG LATIN CAPITAL "
                 "LETTER A), an invisible character", id="tag-characters"),
])
def test_handwritten_page_follows_the_character_rules(project: Path, tmp_path: Path, written: str, at: str,
                                                      message: str) -> None:
    """A hand-written page (content/pages/) may not hold what YAML text may not: its title becomes a nav
    label and <title>, where an open override would mirror the labels after it. ``check`` and the build
    both stop, at the character's line:col."""
    page = project / "content" / "pages" / "about.md"
    page.write_text(written + page.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    status, _, stderr = check(project)
    assert status == 1, stderr
    assert any(line.startswith(f"content/pages/about.md:{at}: {message}") for line in stderr.splitlines()), stderr
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
                            cwd=project, capture_output=True, text=True, env=ENV, check=False)
    assert result.returncode == 1
    assert f"content/pages/about.md:{at}: {message}" in result.stderr


@pytest.mark.parametrize(("keep", "message"), [(2, "key_points: has 2 items, fewer than 3; write at least 3"),
                                               (6, "key_points: has 6 items, more than 5; keep the 5")])
def test_key_points_are_three_to_five(project: Path, keep: int, message: str) -> None:
    """Two key points, or six, are reported at the list with how many to write."""
    path = project / "content" / "story.yaml"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("key_points:\n", 1)
    points, tail = rest.split("unknowns:\n", 1)
    items = [item for item in re.split(r"(?m)^(?=  - )", points) if item]
    items = (items * 2)[:keep]
    path.write_text(head + "key_points:\n" + "".join(items) + "unknowns:\n" + tail, encoding="utf-8")
    line = head.count("\n") + 2
    status, _, stderr = check(project)
    assert status == 1
    assert f"content/story.yaml:{line}:3: {message}" in stderr
