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
  reported as :class:`~generator.problems.Problem` with the line and column, never raised;
* so are inputs built to exhaust the loader: a file that is not a regular file or is larger
  than :data:`MAX_FILE_BYTES`, more than :data:`MAX_NODES` keys and values, lists and
  mappings nested deeper than :data:`MAX_DEPTH`, and aliases of lists or mappings (which
  can expand exponentially: "billion laughs").
* a plain value that a ``#`` cut short (``name: Update #2`` reads as ``Update``) is a
  warning naming the lost text (:func:`cut_at_comment`).

Lines are counted as editors count them: ``\r\n``, ``\r`` and ``\n`` end a line. YAML 1.1
(PyYAML) also ends a line at U+0085, U+2028 and U+2029, which editors show as one line (or
not at all); those characters, and a byte-order mark after the start, are reported where
they are, before PyYAML can misread the lines around them.

Positions are 1-based ``(line, col)`` and are kept per *path*: a tuple of keys and list
indexes from the document root, for example ``("quotes", 3, "speaker")``.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.characters import DIRECTIONAL, INVISIBLE, comment_problems
from generator.problems import Problem, Severity

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_LEADING_WS = re.compile(r"^[ \t]*")
_CORE_TAG = "tag:yaml.org,2002:"  # what the editor wrote as "!!"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Invisible characters PyYAML misreads: the first three end a line (in a comment, the rest
#: of the line would become content), a byte-order mark after the start is taken as text.
_MISREAD = {"\x85": "next line, NEL", "\u2028": "line separator", "\u2029": "paragraph separator",
            "\ufeff": "byte-order mark"}
_MISREAD_CHARS = re.compile("[" + "".join(_MISREAD) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A record id as the schema accepts it (generator.schema.SLUG_PATTERN), for naming records.
_ID, _ID_MAX = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"), 64

#: Largest content or source file read, in bytes; real ones are a few hundred kilobytes.
MAX_FILE_BYTES = 16 * 2**20
#: Deepest nesting of lists and mappings accepted; the content files need eight levels.
MAX_DEPTH = 64
#: Most keys and values (YAML nodes) in one file: 10,000 actors need about 250,000. Each costs
#: memory all the way to the report, so this bounds memory where the byte size does not.
MAX_NODES = 500_000


def dotted(path: PathKey) -> str:
    """``("quotes", 3, "speaker")`` → ``"quotes[3].speaker"``; the root is ``"(file)"``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


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

    def named(self, path: PathKey) -> str:
        """:func:`dotted` with each record's id after its index, as editors search for it:
        ``("quotes", 5, "speaker")`` → ``"quotes[5] (peskov-on-freeze).speaker"``.

        Only an ``id`` that is a well-formed slug is shown, and not in the name of the ``id``
        itself (a message about an id quotes it).
        """
        out, node = "", self.data
        for at, part in enumerate(path):
            if isinstance(part, int):
                out += f"[{part}]"
                node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                record_id = node.get("id") if isinstance(node, dict) else None
                if (isinstance(record_id, str) and len(record_id) <= _ID_MAX and _ID.fullmatch(record_id)
                        and path[at + 1:] != ("id",)):
                    out += f" ({record_id})"
            else:
                out += f".{part}" if out else str(part)
                node = node.get(part) if isinstance(node, dict) else None
        return out or "(file)"

    def problem(self, path: PathKey, message: str, hint: str = "", *, key: bool = False,
                severity: Severity = Severity.ERROR) -> Problem:
        """A :class:`Problem` located at ``path`` in this document.

        A ``message`` that starts with the :func:`dotted` path of ``path`` or of one of its
        parents (``"quotes[5].speaker: …"``) gets the records' ids added (:meth:`named`), so
        every check names the record without building the name itself.
        """
        line, col = self.position(path, key=key)
        for end in range(len(path), 0, -1):
            plain = dotted(path[:end])
            if message.startswith(plain) and message[len(plain):len(plain) + 1] in {"", ":", " "}:
                message = self.named(path[:end]) + message[len(plain):]
                break
        return Problem(self.file, line, col, message, hint, severity)


class _Stop(Exception):
    """Composing or building stops here: ``problem`` says why (a located :class:`Problem`)."""

    def __init__(self, problem: Problem | None = None) -> None:
        super().__init__()
        self.problem = problem


class _ComposingLoader(yaml.SafeLoader):
    """PyYAML's safe scanner, parser and composer, recording what we forbid."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self.file = file
        self.problems: list[Problem] = []
        self.depth = 0
        self.nodes = 0

    def _forbid(self, mark: Any, message: str, hint: str) -> None:
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message, hint))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        if self.depth >= MAX_DEPTH:  # PyYAML composes recursively: stop before Python's recursion limit
            raise _Stop(Problem(self.file, mark.line + 1, mark.column + 1,
                                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                                "check for an unclosed '[' or '{' above; content files need only a few levels"))
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Stop(Problem(self.file, mark.line + 1, mark.column + 1,
                                f"the file has more than {MAX_NODES:,} keys and values; this is the next one",
                                "a story needs far fewer: check for pasted or generated data"))
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
            if tag is not None:  # "!" too: it would silently drop the "!" the editor typed
                shown = "!!" + tag.removeprefix(_CORE_TAG) if tag.startswith(_CORE_TAG) else tag
                self._forbid(
                    event.start_mark,
                    f"explicit tag '{shown}' is not allowed",
                    "remove the tag; values are plain text, lists and mappings "
                    "(put text that starts with '!' in double quotes)",
                )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _syntax_hint(problem: str) -> str:
    if "'\\t'" in problem or "tab" in problem:
        return "indent with spaces only"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in double quotes"
    if "expected a single document" in problem or "expected '<document start>'" in problem:
        return "keep one document per file: remove the extra '---' line"
    if "could not find expected ':'" in problem:
        return ("write 'key: value' here; if this line continues the text above, indent it further "
                "or put the whole text in double quotes")
    if "found unexpected end of stream" in problem or "found unknown escape" in problem:
        return "check that every quote you opened is closed, and escape '\"' inside double quotes as \\\""
    if "did not find expected" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one list or mapping must line up"
    return "check the indentation and quoting at this point"


def _locate(text: str, offsets: Iterable[int]) -> Iterator[Position]:
    """``(line, col)`` of each of ``offsets`` (ascending) in ``text``, in one pass."""
    line, start, done = 1, 0, 0
    for offset in offsets:
        for match in _LINE_BREAK.finditer(text, done, offset):
            line, start = line + 1, match.end()
        done = offset
        yield line, offset - start + 1


def _line_col(text: str, offset: int) -> Position:
    return next(_locate(text, [offset]))


def _decode(raw: bytes, file: str, problems: list[Problem]) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(file, 1, 1, "file starts with a byte-order mark (U+FEFF)",
                    "save the file as UTF-8 without BOM")
        )
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        problems.append(Problem(file, 1, 1, "file is UTF-32, not UTF-8", "save the file as UTF-8"))
        return None
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(file, 1, 1, "file is UTF-16, not UTF-8", "save the file as UTF-8"))
        return None
    elif b"\0\0" in (raw[0:4:2], raw[1:4:2]):
        # UTF-16 without a byte-order mark: each of the first two (ASCII) characters has a NUL byte
        problems.append(Problem(file, 1, 1, "file looks like UTF-16 (it has NUL bytes), not UTF-8",
                                "save the file as UTF-8"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8")
        line, col = _line_col(head, len(head))
        problems.append(
            Problem(file, line, col, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the file as UTF-8 and retype the character here")
        )
        return None


def _tab_indents(text: str, file: str) -> list[Problem]:
    found = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        indent = _LEADING_WS.match(line)
        rest = line[indent.end():] if indent else line
        if indent and "\t" in indent.group() and rest and not rest.startswith("#"):
            found.append(
                Problem(file, number, indent.group().index("\t") + 1,
                        "tab used for indentation", "indent with spaces only")
            )
    return found


def _misread(text: str, file: str) -> list[Problem]:
    hits = list(_MISREAD_CHARS.finditer(text))
    return [
        Problem(file, line, col, f"invisible character U+{ord(hit.group()):04X} ({_MISREAD[hit.group()]}) here",
                "delete it (it is left over from joining or pasting files)" if hit.group() == "\ufeff" else
                "YAML reads it as a line break your editor does not show: delete it, or type a space "
                "or a real line break instead")
        for hit, (line, col) in zip(hits, _locate(text, (hit.start() for hit in hits)), strict=True)
    ]


def _surrogates(value: str, where: str, line: int, col: int, doc: Document, problems: list[Problem]) -> str:
    """``value`` with each lone surrogate (from a ``\\uD800``-style escape) reported and replaced by U+FFFD."""
    for hit in _SURROGATE.finditer(value):
        problems.append(Problem(
            doc.file, line, col,
            f"{where}: character {hit.start() + 1} is U+{ord(hit.group()):04X}, half of a UTF-16 surrogate pair, "
            "not a character", "type the character itself, or escape it as \\U followed by 8 hex digits"))
    return _SURROGATE.sub("\ufffd", value)


def _build(node: yaml.Node, path: PathKey, doc: Document, problems: list[Problem],
           expanded: set[int] | None = None) -> Any:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    doc.values[path] = (line, col)
    expanded = set() if expanded is None else expanded
    if isinstance(node, yaml.CollectionNode):
        if id(node) in expanded:  # an alias (already reported): expanding it could take exponential time
            raise _Stop()
        expanded.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.file, line, col, "a key must be plain text",
                                        "write the key as a word followed by ':'"))
                continue
            key = _surrogates(key_node.value, f"{dotted(path)} key", line, col, doc, problems)
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
            result[key] = _build(value_node, (*path, key), doc, problems, expanded)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), doc, problems, expanded) for index, item in enumerate(node.value)]
    value: str = node.value
    if getattr(node, "style", None) is None and value in _NULLS:
        return None
    return _surrogates(value, dotted(path), line, col, doc, problems)


#: What follows a plain value on its line when YAML cut it at a comment: the gap, then "#…".
_COMMENT_AFTER = re.compile(r"([ \t]+)(#[^\r\n]*)")
#: The longest stretch of a cut value or of the lost text quoted in the warning.
_SHOWN_CHARS = 60


def _plain_scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    """Every plain (unquoted) scalar of the tree under ``node``, keys included, in file order."""
    stack = [node] if node is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            if item.style is None:
                yield item
        elif isinstance(item, yaml.MappingNode):
            stack.extend(part for pair in reversed(item.value) for part in reversed(pair))
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))


def cut_at_comment(text: str, file: str, plain: Iterable[tuple[int, Position, str]]) -> list[Problem]:
    """Warn where a ``#`` cut a plain value short: ``name: Update #2`` reads as ``Update``.

    ``plain`` gives, for each plain scalar, the offset in ``text`` just after it, the 1-based
    ``(line, col)`` of that offset and the value read. YAML starts a comment at any ``#``
    after a space, so the rest of the line is silently lost. The rule (yamllint's
    ``comments`` rule with its defaults: ``min-spaces-from-content: 2``,
    ``require-starting-space: true``): an end-of-line comment is intended when at least two
    spaces separate it from the value and a space (or the line end) follows the ``#``, as in
    ``affiliation: x   # the id of another actor``. Any other ``#`` after a plain value is a
    warning at the ``#`` naming the lost text.
    """
    found = []
    for end, (line, col), value in plain:
        after = _COMMENT_AFTER.match(text, end)
        if after is None:
            continue
        gap, comment = after.group(1), after.group(2).rstrip()
        if len(gap.expandtabs(2)) >= 2 and (len(comment) == 1 or comment[1] in " \t"):
            continue  # a deliberate end-of-line comment
        kept = value if len(value) <= _SHOWN_CHARS else "…" + value[-_SHOWN_CHARS:]
        lost = comment if len(comment) <= _SHOWN_CHARS else comment[:_SHOWN_CHARS] + "…"
        read = f"the value was read as '{kept}'" if value else "the value was read as empty"
        found.append(Problem(
            file, line, col + len(gap),
            f"'{lost}' was cut off as a YAML comment: {read}",
            "put the whole value in double quotes to keep the text; for a comment, leave two spaces "
            "before '#' and one after it", Severity.WARNING))
    return found


def _comments(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of each comment of ``text`` (from ``#`` to the line's end), found
    between PyYAML's tokens; only computed when ``text`` holds a character
    :func:`generator.characters.comment_problems` refuses (else, and for a file that does not
    scan, ``[]``: the parser reports that)."""
    if text.isascii() or not any(c in DIRECTIONAL or c in INVISIBLE for c in text):
        return []
    spans, done = [], 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start = token.start_mark.index
            if start > done:
                spans += [(done + m.start(), done + m.end()) for m in re.finditer(r"#[^\r\n]*", text[done:start])]
            done = max(done, token.end_mark.index)
    except yaml.YAMLError:
        return []
    return spans


def parse_yaml(raw: bytes, file: str, *, reference: bool = False) -> tuple[Document | None, list[Problem]]:
    """Parse YAML bytes strictly.

    Takes the file's bytes and the name to show in problems. Returns the document (``None``
    when the file could not be parsed at all) and every problem found, in file order.
    Never raises for bad input. Uses libyaml's C event stream when PyYAML has it (several
    times faster); ``reference=True`` runs only PyYAML's pure-Python composer, which gives
    the same result (the tests compare the two).
    """
    problems: list[Problem] = []
    text = _decode(raw, file, problems)
    if text is None:
        return None, problems
    misread = _tab_indents(text, file) + _misread(text, file)
    if misread:
        return None, problems + misread
    problems += comment_problems(text, file, _comments(text))
    fast = None if reference or not yaml.__with_libyaml__ else _parse_events(text, file)
    if fast is not None:
        return fast[0], problems + fast[1]
    return _parse_reference(text, file, problems)


def _parse_reference(text: str, file: str, problems: list[Problem]) -> tuple[Document | None, list[Problem]]:
    """The reference loader: PyYAML's pure-Python composer, every check on its nodes.

    :func:`_parse_events` gives the same result faster for regular files and defers
    to this one for everything else (tests run both over the same inputs).
    """
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
        elif exc.context == "while scanning a simple key" and exc.context_mark:
            # PyYAML points where it gave up (often the next line); the text without ':' starts here.
            mark = exc.context_mark
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
    except _Stop as exc:
        assert exc.problem is not None
        return None, [*problems, exc.problem, *(loader.problems if loader else [])]
    finally:
        if loader is not None:
            loader.dispose()
    assert loader is not None
    doc = Document(file, None)
    if node is not None:
        try:
            doc.data = _build(node, (), doc, problems)
        except _Stop:  # an alias of a list or mapping, reported by the loader
            return None, problems + loader.problems
        problems += cut_at_comment(text, file, ((n.end_mark.index, (n.end_mark.line + 1, n.end_mark.column + 1),
                                                 n.value) for n in _plain_scalars(node)))
    return doc, problems + loader.problems


class _Defer(Exception):
    """The event stream holds something only the reference loader reports (see :func:`_parse_events`)."""


#: What a mapping frame expects next: a key, a value, or to skip a value (its key was refused).
_KEY, _VALUE, _SKIP_VALUE = 0, 1, 2


def _parse_events(text: str, file: str) -> tuple[Document, list[Problem]] | None:
    """Build the document from libyaml's C event stream (``yaml.CSafeLoader``), with the
    same checks as the reference loader (:func:`_parse_reference`) and no node tree.

    Returns ``None`` — the caller then runs the reference loader, whose messages are the
    ones editors see — for anything irregular: a syntax or reader error (libyaml words
    them differently), an alias, anchor or tag, more than one document, nesting deeper
    than :data:`MAX_DEPTH` or more than :data:`MAX_NODES` nodes, a tab, no line break at
    the end, a plain ``?`` in a file with ``[ ]`` or ``{ }``. What it handles itself (keys,
    duplicate and merge keys, complex keys, nulls, lone surrogates, values cut at a comment,
    positions) it reports exactly as the reference does.
    """
    if "\t" in text or not text.endswith(("\n", "\r")):
        # PyYAML refuses tabs in places libyaml accepts, and places an empty value at the
        # very end of a file differently: rare in real files, so leave them to the reference.
        return None
    loader = yaml.CSafeLoader(text)
    try:
        return _build_events(loader, text, file)
    except (_Defer, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _build_events(loader: Any, text: str, file: str) -> tuple[Document, list[Problem]]:
    doc = Document(file, None)
    problems: list[Problem] = []
    values, keys = doc.values, doc.keys
    # PyYAML ends a plain scalar at '?' inside [ ] and { }, libyaml does not: a file with both is
    # left to the reference.
    flow = question = False
    plain: list[tuple[int, Position, str]] = []  # every plain scalar's end, for cut_at_comment
    # One frame per open list or mapping: [container, path, state, key, first_line, next_index]
    stack: list[list[Any]] = []
    skip = 0  # > 0 while inside a node the reference does not build (a complex key or a refused key's value)
    nodes = 0
    documents = 0
    root: Any = None
    get_event = loader.get_event
    while True:
        event = get_event()
        kind = type(event)
        if kind is yaml.StreamEndEvent:
            break
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Defer
            continue
        if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            if skip:
                skip -= 1
                continue
            done = stack.pop()
            if stack:
                _put(stack[-1], done[0])
            else:
                root = done[0]
            continue
        if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
            raise _Defer
        nodes += 1
        if nodes > MAX_NODES or len(stack) + skip >= MAX_DEPTH:
            raise _Defer
        opens = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
        if opens:
            flow = flow or event.flow_style is True
        elif not event.style:
            end = event.end_mark
            plain.append((end.index, (end.line + 1, end.column + 1), event.value))
            question = question or "?" in event.value
        if skip:
            skip += opens
            continue
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        frame = stack[-1] if stack else None
        if frame is not None and frame[0].__class__ is dict:
            state = frame[2]
            if state == _SKIP_VALUE:
                frame[2] = _KEY
                skip = int(opens)
                continue
            if state == _KEY:
                if opens:
                    problems.append(Problem(file, line, col, "a key must be plain text",
                                            "write the key as a word followed by ':'"))
                    frame[2] = _SKIP_VALUE  # after this key, which is skipped too
                    skip = 1
                    continue
                if kind is not yaml.ScalarEvent:
                    raise _Defer
                path = frame[1]
                key = _surrogates(event.value, f"{dotted(path)} key", line, col, doc, problems)
                if key == "<<" and not event.style:
                    problems.append(Problem(file, line, col, "merge key '<<' is not allowed",
                                            "write every field out in full"))
                    frame[2] = _SKIP_VALUE
                    continue
                first_line = frame[4]
                if key in first_line:
                    problems.append(
                        Problem(file, line, col, f"duplicate key '{key}' (lines {first_line[key]} and {line})",
                                "keep one of them; YAML would silently use only the last"))
                    frame[2] = _SKIP_VALUE
                    continue
                first_line[key] = line
                keys[(*path, key)] = (line, col)
                frame[3] = key
                frame[2] = _VALUE
                continue
            path = (*frame[1], frame[3])
        elif frame is not None:
            path = (*frame[1], frame[5])
        else:
            path = ()
        values[path] = (line, col)
        if opens:
            stack.append([{} if kind is yaml.MappingStartEvent else [], path, _KEY, None, {}, 0])
        else:
            value: str = event.value
            result = None if not event.style and value in _NULLS else _surrogates(
                value, dotted(path), line, col, doc, problems)
            if frame is None:
                root = result
            else:
                _put(frame, result)
    if flow and question:
        raise _Defer
    doc.data = root
    return doc, problems + cut_at_comment(text, file, plain)


def _put(frame: list[Any], value: Any) -> None:
    """Store a finished value in its parent list or mapping frame."""
    container = frame[0]
    if container.__class__ is dict:
        container[frame[3]] = value
        frame[2] = _KEY
    else:
        container.append(value)
        frame[5] += 1


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed).

    Raises :class:`OSError`, whose ``strerror`` says why, for anything else: a missing file,
    a directory, a FIFO or device (which could block or never end), or a file larger than
    ``limit`` bytes. Never blocks and never reads more than ``limit + 1`` bytes.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, pipe or socket)")
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // 2**20} MiB")
    return raw


def load_yaml(path: Path, file: str, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read ``path`` with :func:`read_file` and parse it with :func:`parse_yaml`; ``file`` is the
    name in problems.

    A missing, unreadable, special or oversized file, or one that resolves (through a symbolic
    link) outside the folder ``root``, is reported as a problem at 0:0, not raised: what it
    would print could come from any file on the machine.
    """
    hint = "check that the file exists and is readable"
    try:
        if root is not None and not path.resolve().is_relative_to(root.resolve()):
            return None, [Problem(file, 0, 0, f"the file is a link to {path.resolve().as_posix()}, "
                                  f"outside {root.as_posix()}/", "put the file itself there, not a link")]
        raw = read_file(path)
    except (OSError, ValueError, RuntimeError) as exc:  # ValueError: a NUL in the path; RuntimeError: a link loop
        if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
            hint = "a content file is a few hundred kilobytes at most: check for pasted or generated data"
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Problem(file, 0, 0, f"cannot read file: {reason}", hint)]
    last = _PARSED.get(file)
    if last is None or last[0] != raw:  # the bytes themselves are compared: the same bytes, the same result
        last = _PARSED[file] = (raw, parse_yaml(raw, file))
    doc, problems = last[1]
    return doc, list(problems)


#: The last parse of each file name, with its bytes: ``mkdocs serve`` loads every content file
#: after each save, and most saves change one file (see generator/rebuild.py). One entry per name.
_PARSED: dict[str, tuple[bytes, tuple[Document | None, list[Problem]]]] = {}
