"""A strict YAML loader that keeps every value as written and remembers where it was.

PyYAML's ``SafeLoader`` follows YAML 1.1, whose implicit typing changes what an editor
wrote: ``NO`` becomes ``False``, ``10:30`` becomes ``630``, ``012`` becomes ``10`` and an
unquoted ``2015-05-12`` becomes a ``datetime.date``. This loader uses PyYAML only to
*compose* the node tree (scanner, parser, composer) and then builds plain Python values
itself:

* every scalar is the ``str`` exactly as written; only an empty plain value, ``~`` and
  ``null`` (any case PyYAML accepts) become ``None``, which the schema then reports where a
  value is required;
* mappings become ``dict`` (insertion order = file order), sequences ``list``;
* duplicate keys, anchors, aliases, merge keys (``<<``), explicit tags, complex keys,
  tab indentation, a byte-order mark, invalid UTF-8 and more than one document are
  reported as :class:`~generator.problems.Problem` with the line and column, never raised.

Positions are 1-based ``(line, col)`` and are kept per *path*: a tuple of keys and list
indexes from the document root, for example ``("quotes", 3, "speaker")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_LEADING_WS = re.compile(r"^[ \t]*")
_CORE_TAG = "tag:yaml.org,2002:"  # what the editor wrote as "!!"


@dataclass
class Document:
    """One loaded YAML file.

    ``data`` is ``dict | list | str | None`` built from the file; ``values`` maps a path to
    the position of its value and ``keys`` maps a mapping entry's path to the position of
    its key. ``file`` is the name shown in problems.
    """

    file: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Position of ``path`` (its key if ``key`` and it has one), else its nearest parent.

        Returns ``(1, 1)`` when nothing on the path was recorded (an empty file).
        """
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def problem(self, path: PathKey, message: str, hint: str = "", *, key: bool = False) -> Problem:
        """A :class:`Problem` located at ``path`` in this document."""
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, message, hint)


class _ComposingLoader(yaml.SafeLoader):
    """PyYAML's safe scanner, parser and composer, recording what we forbid."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.problems: list[Problem] = []

    def _forbid(self, mark: Any, message: str, hint: str) -> None:
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message, hint))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self._forbid(
                event.start_mark,
                f"alias '*{event.anchor}' is not allowed",
                "write the value out in full; anchors and aliases hide what a record says",
            )
        else:
            if getattr(event, "anchor", None):
                self._forbid(
                    event.start_mark,
                    f"anchor '&{event.anchor}' is not allowed",
                    "remove the anchor and write each value out in full",
                )
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                shown = "!!" + tag.removeprefix(_CORE_TAG) if tag.startswith(_CORE_TAG) else tag
                self._forbid(
                    event.start_mark,
                    f"explicit tag '{shown}' is not allowed",
                    "remove the tag; values are plain text, lists and mappings",
                )
        return super().compose_node(parent, index)


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem or "tab" in problem:
        return "indent with spaces only"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in double quotes"
    if "expected a single document" in problem:
        return "keep one document per file: remove the extra '---' line"
    if "could not find expected ':'" in problem:
        return "each line of a mapping needs 'key: value'; check the quotes and indentation above"
    if "found unexpected end of stream" in problem or "found unknown escape" in problem:
        return "check that every quote you opened is closed, and escape '\"' inside double quotes as \\\""
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return "check the indentation and quoting at this point"


def _line_col(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _decode(raw: bytes, file: str, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(file, 1, 1, "file starts with a byte-order mark (U+FEFF)",
                    "save the file as UTF-8 without BOM")
        )
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(file, 1, 1, "file is UTF-16, not UTF-8", "save the file as UTF-8"))
        return None
    elif 0 in raw[:2]:  # UTF-16 without a byte-order mark: every ASCII character has a NUL byte
        problems.append(Problem(file, 1, 1, "file looks like UTF-16 (it has NUL bytes), not UTF-8",
                                "save the file as UTF-8"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        problems.append(
            Problem(file, line, col, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8 and retype the character here")
        )
        return None


def _tab_indents(text: str, file: str) -> list[Problem]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = _LEADING_WS.match(line)
        rest = line[indent.end():] if indent else line
        if indent and "\t" in indent.group() and rest and not rest.startswith("#"):
            found.append(
                Problem(file, number, indent.group().index("\t") + 1,
                        "tab used for indentation", "indent with spaces only")
            )
    return found


def _build(node: yaml.Node, path: PathKey, doc: Document, problems: list[Problem]) -> Any:
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.file, line, col, "a key must be plain text",
                                        "write the key as a word followed by ':'"))
                continue
            key = key_node.value
            if key == "<<" and key_node.style is None:
                problems.append(Problem(doc.file, line, col, "merge key '<<' is not allowed",
                                        "write every field out in full"))
                continue
            if key in first_line:
                problems.append(
                    Problem(doc.file, line, col,
                            f"duplicate key '{key}' (lines {first_line[key]} and {line})",
                            "keep one of them; YAML would silently use only the last")
                )
                continue
            first_line[key] = line
            doc.keys[(*path, key)] = (line, col)
            result[key] = _build(value_node, (*path, key), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), doc, problems) for index, item in enumerate(node.value)]
    value: str = node.value
    if getattr(node, "style", None) is None and value in _NULLS:
        return None
    return value


def parse_yaml(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML bytes strictly.

    Takes the file's bytes and the name to show in problems. Returns the document (``None``
    when the file could not be parsed at all) and every problem found, in file order.
    Never raises for bad input.
    """
    problems: list[Problem] = []
    text = _decode(raw, file, problems)
    if text is None:
        return None, problems
    tabs = _tab_indents(text, file)
    if tabs:
        return None, problems + tabs
    loader: _ComposingLoader | None = None
    try:
        loader = _ComposingLoader(text, file)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        hint = _syntax_hint(what)
        if exc.problem == "found unexpected end of stream" and "quoted" in (exc.context or "") and exc.context_mark:
            # PyYAML points at the end of the file; the editor needs the quote that was left open.
            mark, what = exc.context_mark, "this quote is never closed"
        elif (exc.problem or "").startswith("expected <block end>"):
            what = "this line does not line up with the list or mapping above it"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(file, line, col, f"YAML syntax error: {what}", hint))
        return None, problems + (loader.problems if loader else [])
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        problems.append(
            Problem(file, line, col, f"character U+{exc.character:04X} is not allowed in YAML",
                    "delete the invisible character here (it is often pasted from another program)")
        )
        return None, problems
    finally:
        if loader is not None:
            loader.dispose()
    assert loader is not None
    doc = Document(file, None)
    if node is not None:
        doc.data = _build(node, (), doc, problems)
    return doc, problems + loader.problems


def load_yaml(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Read ``path`` and parse it with :func:`parse_yaml`; ``file`` is the name in problems.

    A missing or unreadable file is reported as a problem at 0:0, not raised.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, 0, 0, f"cannot read file: {exc.strerror}",
                              "check that the file exists and is readable")]
    return parse_yaml(raw, file)
