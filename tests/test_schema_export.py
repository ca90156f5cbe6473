"""The JSON Schemas editors' YAML language servers use: exported from the models, committed, never stale.

``python -m generator schema`` writes one JSON Schema (draft 2020-12) per content file. The
committed copies in ``content/schemas/`` must equal a fresh export, every content file names
its schema in a ``yaml-language-server`` modeline, and the schema accepts the real content
and rejects known-bad records, so completion in an editor and ``check`` agree.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, EDITOR_CONTENT, ROOT, generator
from jsonschema import Draft202012Validator

from generator.schema import CHANGES, FILES, GLOSSARY
from generator.yamlsource import load_yaml

SCHEMAS = EDITOR_CONTENT / "schemas"
NAMES = [*FILES, CHANGES, GLOSSARY]  # story.yaml, actors.yaml, …, and the optional changes.yaml and glossary.yaml
OPTIONAL = (CHANGES, GLOSSARY)


def schema_name(content_file: str) -> str:
    return f"{content_file.removesuffix('.yaml')}.schema.json"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh ``python -m generator schema --out TMP``."""
    out = tmp_path_factory.mktemp("schemas")
    result = generator("schema", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def validator(exported: Path, content_file: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((exported / schema_name(content_file)).read_text(encoding="utf-8")))


def real_data(content_file: str) -> Any:
    doc, problems = load_yaml(CONTENT / content_file, f"content/{content_file}")
    assert doc is not None and problems == [], [p.format() for p in problems]
    return doc.data


def test_schema_command_writes_one_schema_per_content_file(exported: Path) -> None:
    """`generator schema --out TMP` writes exactly one valid draft 2020-12 JSON Schema per content file."""
    assert sorted(p.name for p in exported.iterdir()) == sorted(schema_name(n) for n in NAMES)
    for path in exported.iterdir():
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_no_stray_committed_schemas(exported: Path) -> None:
    """content/schemas/ holds exactly the schemas the export writes, nothing left over from old models."""
    committed = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
    assert committed == sorted(p.name for p in exported.iterdir()), "run `make schema` and commit content/schemas/"


@pytest.mark.parametrize("content_file", NAMES)
def test_committed_schema_equals_fresh_export(exported: Path, content_file: str) -> None:
    """The committed content/schemas/<name>.schema.json is byte-for-byte a fresh export, so it cannot drift."""
    committed = SCHEMAS / schema_name(content_file)
    assert committed.is_file(), f"{committed.relative_to(ROOT)} is missing; run `make schema` and commit it"
    fresh = (exported / schema_name(content_file)).read_bytes()
    assert committed.read_bytes() == fresh, (
        f"{committed.relative_to(ROOT)} is out of date with generator/schema.py; run `make schema` and commit it"
    )


@pytest.mark.parametrize("content_file", [n for n in NAMES if n not in OPTIONAL or (EDITOR_CONTENT / n).exists()])
def test_content_file_names_its_schema_in_a_modeline(content_file: str) -> None:
    """Each content file's first line is the yaml-language-server modeline, pointing at a schema that exists."""
    first = (EDITOR_CONTENT / content_file).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schemas/{schema_name(content_file)}"
    target = first.partition("$schema=")[2]
    assert (EDITOR_CONTENT / target).is_file()  # the language server resolves it next to the YAML file


@pytest.mark.parametrize("content_file", NAMES)
def test_real_content_validates_against_exported_schema(exported: Path, content_file: str) -> None:
    """The fixture story passes the exported JSON Schema (what an editor's language server sees)."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(exported, content_file).iter_errors(
        real_data(content_file))]
    assert errors == []


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for part in parents:
        target = target[part]
    target[last] = value
    return data


def _drop(data: Any, path: tuple[str | int, ...]) -> Any:
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for part in parents:
        target = target[part]
    del target[last]
    return data


BAD_RECORDS = [
    pytest.param("actors.yaml", lambda d: _set(d, ("actors", 0, "nickname"), "JK"), ("actors", 0),
                 "additionalProperties", id="unknown-key"),
    pytest.param("actors.yaml", lambda d: _set(d, ("actors", 0, "id"), "John Kerry"), ("actors", 0, "id"), "pattern",
                 id="bad-id-spaces"),
    pytest.param("actors.yaml", lambda d: _set(d, ("actors", 0, "id"), "a" * 65), ("actors", 0, "id"), "maxLength",
                 id="bad-id-too-long"),
    pytest.param("actors.yaml", lambda d: _set(d, ("actors", 0, "kind"), "persn"), ("actors", 0, "kind"), "enum",
                 id="bad-kind"),
    pytest.param("quotes.yaml", lambda d: _drop(d, ("quotes", 0, "speaker")), ("quotes", 0), "required",
                 id="missing-speaker"),
    pytest.param("story.yaml", lambda d: _set(d, ("dateline",), "12/05/2015"), ("dateline",), "pattern",
                 id="bad-edtf-date"),
    pytest.param("timeline.yaml", lambda d: _set(d, ("events", 0, "evidence"), []), ("events", 0, "evidence"),
                 "minItems", id="empty-evidence"),
    pytest.param("glossary.yaml", lambda d: _set(d, ("terms", 0, "meaning"), "x"), ("terms", 0),
                 "additionalProperties", id="glossary-unknown-key"),
    pytest.param("glossary.yaml", lambda d: _drop(d, ("terms", 0, "evidence")), ("terms", 0), "required",
                 id="glossary-missing-evidence"),
]


@pytest.mark.parametrize(("content_file", "spoil", "where", "keyword"), BAD_RECORDS)
def test_known_bad_record_fails_exported_schema(
    exported: Path, content_file: str, spoil: Any, where: tuple[str | int, ...], keyword: str
) -> None:
    """A known-bad record (unknown key, bad id, bad kind …) fails the exported schema at that record."""
    errors = list(validator(exported, content_file).iter_errors(spoil(real_data(content_file))))
    assert any(tuple(e.absolute_path) == where and e.validator == keyword for e in errors), [
        (list(e.absolute_path), e.validator, e.message) for e in errors
    ]


def _properties(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every ``(location, property schema)`` under ``node``: top-level fields and those of ``$defs``."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _properties(value, f"{where}[{i}]")
    return found


@pytest.mark.parametrize("content_file", NAMES)
def test_every_field_has_a_description(exported: Path, content_file: str) -> None:
    """The YAML language server shows a field's description on hover: every field of every schema has one
    (a field added to generator/schema.py without ``Field(description=…)`` fails here)."""
    schema = json.loads((exported / schema_name(content_file)).read_text(encoding="utf-8"))
    properties = _properties(schema, content_file)
    assert properties
    missing = [where for where, prop in properties if not str(prop.get("description", "")).strip()]
    assert missing == [], f"add Field(description=…) to: {', '.join(missing)}"


def test_descriptions_explain_quote_kinds_and_season_numbers(exported: Path) -> None:
    """What an editor cannot guess: what ``kind: full | partial`` means, and EDTF's season numbers in words."""
    quotes = json.loads((exported / "quotes.schema.json").read_text(encoding="utf-8"))
    kind = quotes["$defs"]["Quote"]["properties"]["kind"]["description"]
    assert "full: " in kind and "partial: " in kind and "whole passage" in kind, kind
    timeline = json.loads((exported / "timeline.schema.json").read_text(encoding="utf-8"))
    date = timeline["$defs"]["Event"]["properties"]["date"]["description"]
    assert "21 spring, 22 summer, 23 autumn, 24 winter" in date and "2013-23 (autumn 2013" in date, date
