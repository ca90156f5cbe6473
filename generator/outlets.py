"""Outlets inside one source: which news organisation wrote which lines.

A page often carries more than one outlet's words: a broadcaster's web page that runs a wire
story and then its own report. ``source.segments`` in ``story.yaml`` divides the source file by
line ranges, each naming what the words are (``the AP story``) and the ``outlet`` (an actor id)
that wrote them. Every statement then shows the segments its evidence lies in, the source page
marks them, and JSON-LD names each outlet as the author of its part.

Rules (each a located problem): a range lies inside the file; segments come in line order and do
not overlap (errors); once a source has segments, evidence that lies outside all of them is a
warning, since the page could not say whose words it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from generator.attribution import Stated
from generator.problems import Problem, Severity
from generator.provenance import SourceText, Span
from generator.schema import Segment, line_range
from generator.yamlsource import Document, PathKey, dotted


@dataclass(frozen=True)
class Part:
    """One checked segment: its 1-based ``number`` (in YAML order), lines and character span."""

    number: int
    segment: Segment
    first: int
    last: int
    span: Span


@dataclass(frozen=True)
class Outlets:
    """The checked segments of the source and, per fact key, the numbers of those it rests on."""

    parts: tuple[Part, ...] = ()
    of_fact: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def of(self, key: str) -> list[Part]:
        """The segments the fact ``key`` rests on, in source order (empty without segments)."""
        return [self.parts[n - 1] for n in self.of_fact.get(key, ())]


def _line_starts(source: SourceText) -> list[int]:
    starts = [0]
    text = source.text
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def check_segments(
    source: SourceText,
    segments: Sequence[Segment],
    doc: Document,
    facts: Iterable[tuple[Stated, Document]],
    citations: dict[str, tuple[Span, ...]],
) -> tuple[Outlets, list[Problem]]:
    """Check ``segments`` against ``source`` and work out which ones each fact rests on.

    Returns the :class:`Outlets` (no parts when any segment is wrong) and the problems.
    """
    problems: list[Problem] = []
    starts = _line_starts(source)
    count = len(starts) - (1 if source.text.endswith("\n") else 0)
    parts: list[Part] = []
    previous = 0
    for i, segment in enumerate(segments):
        where = ("source", "segments", i, "lines")
        first, last = line_range(segment.lines)
        if last > count:
            problems.append(doc.problem(where, f"{dotted(where)}: the source has {count} lines, not {last}",
                                        "give line numbers inside the source file"))
            continue
        if first <= previous:
            problems.append(doc.problem(where, f"{dotted(where)}: lines {first}-{last} overlap or come before the "
                                               f"previous segment (which ends on line {previous})",
                                        "list segments in line order, each starting after the last one ends"))
        previous = max(previous, last)
        end = starts[last] if last < len(starts) else len(source.text)
        parts.append(Part(i + 1, segment, first, last, Span(starts[first - 1], end)))
    if problems:
        return Outlets(), problems
    of_fact: dict[str, tuple[int, ...]] = {}
    for fact, fdoc in facts:
        spans = citations.get(fact.key, ())
        numbers: list[int] = []
        for i, span in enumerate(spans):
            inside = [p for p in parts if p.span.overlaps(span)]
            if parts and not inside:
                at: PathKey = (*fact.path, "evidence", i, "exact")
                problems.append(fdoc.problem(at, f"{dotted(at)}: the passage (source line "
                                             f"{source.line_of(span.start)}) lies in no segment of source.segments, "
                                             "so no page can say whose words it is",
                                             "extend a segment in story.yaml to cover that line",
                                             severity=Severity.WARNING))
            numbers += [p.number for p in inside if p.number not in numbers]
        of_fact[fact.key] = tuple(sorted(numbers))
    return Outlets(tuple(parts), of_fact), problems
