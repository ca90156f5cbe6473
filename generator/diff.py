"""What changed in the facts between a git revision and the working tree.

``python -m generator diff [REV]`` loads the content files of ``REV`` (``git show
REV:<path>``) and of the working tree with the same strict loader and models as the build
(:func:`~generator.yamlsource.parse_yaml`, :func:`~generator.validate.validate`), splits them
into records and compares them by record and by field. A record is the story
(``story``), a source (``source:<id>``), an actor, issue, quote or event (``actor:<id>`` …),
one actor's position on an issue (``position:<issue>:<actor>``), or a change-log entry
(``change:<anchor>``). Evidence is compared like any other field.

The result renders as plain text (for a terminal) or GitHub-flavoured Markdown (for a pull
request's job summary), where every YAML text is escaped.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from generator import pages
from generator.problems import Problem
from generator.schema import CHANGES, FILES, GLOSSARY, ChangesFile, GlossaryFile
from generator.validate import validate
from generator.words import clip, squash
from generator.yamlsource import parse_yaml, read_file

Records = dict[str, tuple[str, dict[str, Any]]]  # key -> (file name, fields)


class GitError(Exception):
    """A git command failed: ``str(exc)`` says which and why (a usage error, not a content error)."""


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: its value before and after (``None`` when absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    """A record ``added``, ``removed`` or ``changed`` (then with the fields that changed)."""

    key: str
    file: str
    status: str
    fields: tuple[FieldChange, ...] = ()


def _records(name: str, model: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Split one loaded content file into ``(key, fields)`` records."""
    if name == "story.yaml":
        story = model.model_dump(exclude={"source", "sources"})
        yield "story", story
        for source in model.source_list():
            yield f"source:{source.id}", source.model_dump(exclude={"id"})
    elif name == CHANGES:
        per_day: dict[str, int] = {}
        for change in model.changes:
            per_day[change.date] = per_day.get(change.date, 0) + 1
            yield f"change:{pages.change_anchor(change.date, per_day[change.date])}", change.model_dump()
    elif name == GLOSSARY:
        for term in model.terms:
            yield f"term:{term.id}", term.model_dump(exclude={"id"})
    else:
        kind = {"actors.yaml": "actor", "issues.yaml": "issue", "quotes.yaml": "quote", "timeline.yaml": "event"}[name]
        for record in getattr(model, {"event": "events"}.get(kind, f"{kind}s")):
            fields = record.model_dump(exclude={"id", "positions"} if kind == "issue" else {"id"})
            yield f"{kind}:{record.id}", fields
            if kind == "issue":
                for position in record.positions:
                    yield f"position:{record.id}:{position.actor}", position.model_dump(exclude={"actor"})


def records_of(files: dict[str, tuple[bytes, str] | None]) -> tuple[Records, list[Problem]]:
    """Records of the content files given as ``{name: (bytes, shown name) or None if absent}``."""
    records: Records = {}
    problems: list[Problem] = []
    models: dict[str, type[BaseModel]] = {**FILES, CHANGES: ChangesFile, GLOSSARY: GlossaryFile}
    for name, found in files.items():
        if found is None:
            continue
        doc, parse_problems = parse_yaml(found[0], found[1])
        problems += parse_problems
        if doc is None:
            continue
        model, shape_problems = validate(doc, models[name])
        problems += shape_problems
        if model is not None:
            for key, fields in _records(name, model):
                records.setdefault(key, (name, fields))
    return records, problems


def compare(old: Records, new: Records) -> list[RecordChange]:
    """Records added, removed and changed from ``old`` to ``new``: in the new files' order, then removals."""
    out = []
    for key, (file, fields) in new.items():
        if key not in old:
            out.append(RecordChange(key, file, "added"))
            continue
        before = old[key][1]
        changed = tuple(FieldChange(f, before.get(f), fields.get(f)) for f in dict.fromkeys([*before, *fields])
                        if before.get(f) != fields.get(f))
        if changed:
            out.append(RecordChange(key, file, "changed", changed))
    out += [RecordChange(key, file, "removed") for key, (file, _) in old.items() if key not in new]
    return out


# ----------------------------------------------------------------------------- git and files

def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None


def resolve_revision(content_dir: Path, rev: str | None) -> tuple[str, str]:
    """``(commit id, label)`` of ``rev``, by default the merge base of HEAD with ``main``
    (or ``origin/main``). Raises :class:`GitError` when it names no commit."""
    if rev is not None and (rev.startswith("-") or not rev.strip()):
        raise GitError(f"'{rev}' is not a revision")
    if rev is None:
        for base in ("main", "origin/main"):
            result = _git(["merge-base", "HEAD", base], content_dir)
            if result.returncode == 0:
                return result.stdout.decode().strip(), f"merge base with {base}"
        raise GitError("no merge base with main or origin/main; name a revision: generator diff REV")
    result = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], content_dir)
    if result.returncode != 0:
        raise GitError(f"'{rev}' is not a commit in this repository")
    return result.stdout.decode().strip(), rev


def files_at(content_dir: Path, commit: str, label: str) -> dict[str, tuple[bytes, str] | None]:
    """The content files of ``content_dir`` as they were at ``commit`` (``None``: not there)."""
    prefix = _git(["rev-parse", "--show-prefix"], content_dir)
    if prefix.returncode != 0:
        raise GitError(f"{content_dir} is not inside a git work tree")
    folder = PurePosixPath(prefix.stdout.decode().strip() or ".")
    tree = f"{commit}:{folder}" if str(folder) != "." else commit
    listed = _git(["ls-tree", "--full-tree", "--name-only", "-z", tree], content_dir)
    present = set(listed.stdout.decode(errors="replace").split("\0")) if listed.returncode == 0 else set()
    out: dict[str, tuple[bytes, str] | None] = {}
    for name in [*FILES, CHANGES, GLOSSARY]:
        path = (folder / name).as_posix()
        if name not in present:
            out[name] = None
            continue
        shown = _git(["show", f"{commit}:{path}"], content_dir)
        if shown.returncode != 0:
            raise GitError(f"cannot read {path} at {label}: {shown.stderr.decode(errors='replace').strip()}")
        out[name] = (shown.stdout, f"{label}:{path}")
    return out


def files_in(content_dir: Path, shown: str) -> dict[str, tuple[bytes, str] | None]:
    """The content files of the working tree (``None``: not there)."""
    out: dict[str, tuple[bytes, str] | None] = {}
    for name in [*FILES, CHANGES, GLOSSARY]:
        path = content_dir / name
        out[name] = (read_file(path), f"{shown}/{name}") if path.is_file() else None
    return out


# ----------------------------------------------------------------------------- output

def _short(value: Any, width: int = 80) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else repr(value)
    return clip(squash(text), width)


def _label(key: str) -> str:
    kind, _, rest = key.partition(":")
    return f"{kind} {rest}" if rest else kind


def summary_line(changes: list[RecordChange]) -> str:
    counts = {s: sum(c.status == s for c in changes) for s in ("added", "removed", "changed")}
    return ", ".join(f"{n} {s}" for s, n in counts.items())


def as_text(changes: list[RecordChange], label: str) -> str:
    """Plain text: one line per record, one indented line per changed field."""
    if not changes:
        return f"No facts changed since {label}.\n"
    lines = [f"Facts changed since {label}: {summary_line(changes)}", ""]
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for change in changes:
        fields = f": {', '.join(f.field for f in change.fields)}" if change.fields else ""
        lines.append(f"{marks[change.status]} {_label(change.key)} ({change.file}) {change.status}{fields}")
        for f in change.fields:
            if isinstance(f.old, (str, type(None))) and isinstance(f.new, (str, type(None))):
                lines.append(f"    {f.field}: {_short(f.old)!s} → {_short(f.new)!s}")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def md_escape(text: str) -> str:
    """``text`` as GitHub-flavoured Markdown that shows it literally (no markup, no HTML, one line)."""
    return _MD_SPECIAL.sub(r"\\\1", squash(text))


def as_markdown(changes: list[RecordChange], label: str) -> str:
    """A Markdown section for a pull request's job summary: a table of records, then field values."""
    heading = f"### Facts changed since {md_escape(label)}\n\n"
    if not changes:
        return heading + "No facts changed.\n"
    lines = [heading + summary_line(changes) + ".", "", "| change | record | file | fields |", "|---|---|---|---|"]
    for c in changes:
        fields = ", ".join(md_escape(f.field) for f in c.fields)
        lines.append(f"| {c.status} | {md_escape(_label(c.key))} | {md_escape(c.file)} | {fields} |")
    details = [(c, f) for c in changes for f in c.fields
               if isinstance(f.old, (str, type(None))) and isinstance(f.new, (str, type(None)))]
    if details:
        lines += ["", "| record | field | before | after |", "|---|---|---|---|"]
        lines += [f"| {md_escape(_label(c.key))} | {md_escape(f.field)} | {md_escape(_short(f.old))} | "
                  f"{md_escape(_short(f.new))} |" for c, f in details]
    return "\n".join(lines) + "\n"
