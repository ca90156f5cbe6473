"""The fast paths give exactly what the reference ones give.

* YAML: libyaml's C event stream (:func:`generator.yamlsource._parse_events`) against PyYAML's
  pure-Python composer (``parse_yaml(..., reference=True)``): the same data, the same positions
  of every value and key, the same problems with the same lines and columns, for every file of
  the bad-input table, every fixture file, hand-picked tricky inputs and seeded mutations of
  the fixture files.
* EDTF: the regular expression for the common forms (:func:`generator.dates._fast_bounds`)
  against the ``edtf`` package: the same bounds for every form it reads, and the same
  verdict and message from the schema for every form the project's pattern accepts.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import edtf
import pytest
import yaml
from conftest import CONTENT
from test_bad_input import CASES, Bad

from generator import dates, schema, yamlsource
from generator.schema import EDTF_PATTERN
from generator.yamlsource import parse_yaml


def _outcome(raw: bytes, *, reference: bool) -> tuple[Any, ...]:
    doc, problems = parse_yaml(raw, "x.yaml", reference=reference)
    if doc is None:
        return None, None, None, problems
    return doc.data, doc.values, doc.keys, problems


def _same(raw: bytes) -> None:
    assert _outcome(raw, reference=False) == _outcome(raw, reference=True)


def _table_inputs() -> list[Any]:
    """The bytes each row of the bad-input table gives a content file (edits applied to the fixture)."""
    out = []
    for param in CASES:
        bad: Bad = param.values[0]
        if bad.delete or not bad.file.endswith(".yaml"):
            continue
        if bad.edit is not None:
            text = (CONTENT / bad.file).read_text(encoding="utf-8")
            old, new = bad.edit
            raw = text.replace(old, new, 1).encode()
        elif isinstance(bad.write, bytes):
            raw = bad.write
        elif bad.write is not None:
            raw = bad.write.encode()
        else:
            continue
        out.append(pytest.param(raw, id=param.id))
    return out


FIXTURE_FILES = sorted(CONTENT.glob("*.yaml")) + sorted((CONTENT.parent / "mini").glob("*.yaml"))

TRICKY = [
    "a: 1\na: 2\n",  # duplicate key
    "a:\n  b: 1\n  b:\n    - x\n    - [y, {z: 1}]\n  c: 3\n",  # duplicate key with a nested value skipped
    "<<: {a: 1}\nb: 2\n",  # merge key
    "'<<': 1\n",  # a quoted << is an ordinary key
    "? [a, b]\n: {c: [d]}\ne: f\n",  # complex key and its value skipped
    "? {a: 1}\n: x\n",
    "[a, [b, [c]], {d: e}]\n",
    "- ~\n- null\n- NULL\n- ''\n- \"null\"\n-\n",  # nulls, and quoted look-alikes
    "key: \"\\ud800 lone\"\n\"\\udfff\": 1\n",  # lone surrogates in a value and a key
    "",  # empty file
    "---\n",  # an empty document
    "# only a comment\n",
    "plain scalar\n",
    "a: é\nb: 日本語 text\nc: [ü, {ö: ä}]\n",  # columns counted in characters
    "a: |\n  block\n  text\nb: >\n  folded\n",
    "a: 1\n---\nb: 2\n",  # two documents: deferred to the reference
    "a: &x 1\nb: *x\n",  # anchor and alias: deferred
    "a: !!str 1\n",  # tag: deferred
    "a: [1, 2\n",  # syntax error: deferred
    "a: 'open\n",
    "a:\n- b\n - c\n",
    "a: b: c\n",
    "{a: 1, a: 2}\n",
    "- a\n- a: [1, {b: [2, 3]}]\n  c: d\n",
    "a: " + "[" * 70 + "]" * 70 + "\n",  # too deep: deferred
    "? " + "[" * 70 + "]" * 70 + "\n: 1\n",  # too deep inside a skipped key
    "x: 1\r\ny: 2\rz: 3\n",  # every kind of line end
    # values cut at a comment (a warning at the '#'), after non-ASCII text too
    "name: Update #2\n", "a: x   # a comment\n", "a: x #b\nb: [y, z #c\n  ]\n", "é: ü日本 #lost\n",
    "- a #b\n- 'q' #c\n- d  #e\n", "? k #x\n: v #y\n", "a: 1\na: 2 #dup\n",
    # where libyaml and PyYAML disagree (found by the fuzzing below): the fast path defers these
    "[a?b]\n", "{a&...- \n?}\n", "?", "a:", "b#b%\"1[~\n- `.#\t~\n", ">\t\n  ]---%{>é\n",
]


@pytest.mark.parametrize("raw", _table_inputs())
def test_bad_input_table_gives_the_same_result_through_both_loaders(raw: bytes) -> None:
    _same(raw)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_files_give_the_same_result_and_take_the_fast_path(path: Path) -> None:
    raw = path.read_bytes()
    _same(raw)
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml: the fast path cannot run"
    assert yamlsource._parse_events(raw.decode(), "x.yaml") is not None  # the fast path did the work


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_inputs_give_the_same_result(text: str) -> None:
    _same(text.encode())


def test_fast_path_reports_what_it_handles_itself() -> None:
    """Duplicate, merge and complex keys are not deferred: the event builder reports them."""
    for text in ("a: 1\na: 2\n", "<<: {a: 1}\n", "? [a]\n: b\n"):
        fast = yamlsource._parse_events(text, "x.yaml")
        assert fast is not None and fast[1], text


CHARS = [":", " ", "\n", "-", "'", '"', "[", "]", "{", "}", "#", "?", ",", "|", ">", "  ", "é", "\\", "a"]


@pytest.mark.parametrize("seed", range(40))
def test_mutated_fixture_files_give_the_same_result(seed: int) -> None:
    """Seeded random edits (insert, delete, duplicate a line) of each fixture file."""
    rng = random.Random(seed)
    for path in FIXTURE_FILES:
        text = path.read_text(encoding="utf-8")
        for _ in range(3):
            at = rng.randrange(len(text) + 1)
            choice = rng.randrange(3)
            if choice == 0:
                text = text[:at] + rng.choice(CHARS) + text[at:]
            elif choice == 1:
                text = text[:at] + text[at + rng.randint(1, 4):]
            else:
                lines = text.splitlines(keepends=True)
                k = rng.randrange(len(lines))
                lines.insert(k, lines[k])
                text = "".join(lines)
        _same(text.encode())


ALPHABET = ["a", "b", "1", ":", " ", "\n", "- ", "-", "'", '"', "[", "]", "{", "}", "#", "?", ",", "|", ">", "  ",
            "é", "\\", "!", "&", "*", "%", "@", "`", "~", "\n  ", ": ", "key: ", "\n- ", "\t", ".", "...", "---", "<<"]


@pytest.mark.parametrize("seed", range(3))
def test_random_yaml_like_text_gives_the_same_result(seed: int) -> None:
    """Seeded random strings of YAML's punctuation: where the two parsers disagree, the fast path must defer."""
    rng = random.Random(seed)
    for _ in range(1_500):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 14)))
        _same(text.encode())


# ---------------------------------------------------------------------------------------------
# EDTF: the regular-expression fast path against the ``edtf`` package


def _singles() -> list[str]:
    years = ["0000", "0001", "1900", "2000", "2015", "2016", "9999"]
    days = ["00", "01", "12", "28", "29", "30", "31", "32", "99"]
    out = []
    for year in years:
        out.append(year)
        for month in ["01", "02", "04", "12", "21", "22", "23", "24"]:
            out.append(f"{year}-{month}")
            out += [f"{year}-{month}-{day}" for day in days]
    return out


SINGLES = _singles()
QUALIFIERS = ["", "~", "?", "%"]


def _edtf_values(count: int, seed: int) -> list[str]:
    """Every single form (with each qualifier) and ``count`` seeded intervals, all matching EDTF_PATTERN."""
    rng = random.Random(seed)
    values = [s + q for s in SINGLES for q in QUALIFIERS]
    for _ in range(count):
        start, end = rng.choice(SINGLES) + rng.choice(QUALIFIERS), rng.choice(SINGLES) + rng.choice(QUALIFIERS)
        values.append(rng.choice([f"{start}/{end}", f"../{end}", f"{start}/..", f"{start}/{start}"]))
    return [v for v in values if re.fullmatch(EDTF_PATTERN, v)]


def _reference_bounds(value: str) -> Any:
    try:
        parsed = edtf.parse_edtf(value)
    except Exception as exc:  # edtf raises several unrelated types
        return type(exc).__name__
    lower, upper = parsed.lower_strict(), parsed.upper_strict()
    return (None if isinstance(lower, float) else tuple(lower[:3]),
            None if isinstance(upper, float) else tuple(upper[:3]))


def test_edtf_fast_path_gives_edtfs_bounds_for_every_form_it_reads() -> None:
    read = 0
    for value in _edtf_values(600, seed=1):
        fast = dates._fast_bounds(value)
        if fast is not None:
            read += 1
            assert fast == _reference_bounds(value), value
    assert read > 500  # the common forms do take the fast path


def test_edtf_fast_path_reads_the_common_forms() -> None:
    for value in ["2015", "2015-05", "2015-05-12", "2015-05-12~", "2010?", "2015-05-11/2015-05-12", "../2015-05-12",
                  "2015-05-12/..", "2016-02-29"]:
        assert dates._fast_bounds(value) is not None, value
    for value in ["2013-23", "0000", "2015-02-29", "2015-05-00", "2015-13", "../.."]:
        assert dates._fast_bounds(value) is None, value


def _validate(value: str) -> str:
    try:
        return schema._edtf(value)
    except ValueError as exc:
        return f"error: {exc}"


def test_schema_says_the_same_about_every_accepted_form_with_and_without_the_fast_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same accepted values and the same messages; the sort keys the timeline uses are the same."""
    values = _edtf_values(300, seed=2)
    fast = [(_validate(v), _sort(v)) for v in values]
    monkeypatch.setattr(dates, "_fast_bounds", lambda value: None)
    assert [(_validate(v), _sort(v)) for v in values] == fast
    assert sum(not outcome.startswith("error") for outcome, _ in fast) > 400


def _sort(value: str) -> Any:
    try:
        return dates.sort_key(value)
    except Exception as exc:  # the same failure either way
        return type(exc).__name__
