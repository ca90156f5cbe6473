"""Long list pages in parts: which quotes, events and source paragraphs go on which page (issue 15).

The quotes page, the timeline and each source's page list every record of their kind. Past a
size a reader's phone struggles with (and MkDocs' search with it), such a page is cut into
*parts*: part 1 keeps the page's own path (``quotes.md``, so every link and bookmark to it
still works), part n is ``<page>/part-<n>.md`` (:func:`generator.pages.part`). A story whose
list page stays within :data:`BUDGET` gets exactly the page it always had.

The cut is decided here, once, when the content is loaded, from an *estimate* of each unit's
size (the characters of text it prints plus a fixed allowance per link and per box; see the
``*_cost`` functions), never from dict or file-system order, so the same content always gives
the same parts. Units are quotes (grouped by speaker, in the order the quotes page shows
them), events (grouped by era) and source paragraphs (grouped by outlet segment, and the
"sentences no fact cites" list as a last unit). A part is filled with whole groups while they
fit; a group larger than the budget is cut between its units; a single unit larger than the
budget is a part alone. Every link to a record goes through the record's page
(:attr:`generator.content.Fact.page`) or, for a source passage, through
:meth:`generator.content.CitedSource.page_at`, so links land on the part that shows it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from generator import pages
from generator.schema import Event, Issue, Quote

#: Estimated characters of Markdown one part may hold. A page's HTML is about 1.5 times its
#: Markdown plus about 60 KB of theme, so a full part stays well under 500 KB of HTML.
BUDGET = 150_000
#: The timeline's "filter by actor or issue" lists (repeated on every filtered timeline) move to
#: a page of their own (:data:`generator.pages.TIMELINE_FILTERS`) once they are estimated larger.
FILTER_BUDGET = 20_000

#: The home page's who-stands-where picture draws every position up to this many (about 800
#: characters of SVG and table each); beyond, it draws the story's key issues only.
HOME_PICTURE_POSITIONS = 100

#: Allowances (characters) in the estimates: a link in Markdown, a record's boxes (source
#: link, "cite or reuse" box with its sentence and permalink), a cited stretch's marks, and a
#: heading, which Material also lists in the page's table of contents (in the HTML even where
#: it is hidden), about 500 characters of HTML each.
_LINK = 60
_RECORD = 900
_MARK = 120
_HEADING = 500


@dataclass(frozen=True)
class Part:
    """One part of a long page: ``number`` (1-based) of ``count``, its page file, the units it
    holds (``start`` to ``stop``, indices into the whole page's units) and a plain-text ``label``
    saying what it holds ("Paragraphs 1–120", "Ana Ruiz – Zoe Ng", "1901 – 1950")."""

    number: int
    count: int
    page: str
    start: int
    stop: int
    label: str


def cut(costs: Sequence[int], groups: Sequence[Hashable] | None = None, budget: int | None = None) -> list[range]:
    """Consecutive ranges of units whose estimated ``costs`` fit ``budget`` each.

    ``groups`` (one key per unit; equal neighbours form a group) says where a cut is welcome:
    whole groups are kept together while they fit; a group over the budget is cut between its
    units; a unit over the budget is a range alone. Everything within the budget: one range.
    Always at least one range (``range(0, 0)`` for no units). ``budget`` defaults to :data:`BUDGET`.
    """
    budget = BUDGET if budget is None else budget
    n = len(costs)
    keys = list(groups) if groups is not None else list(range(n))
    bounds = [0] + [k for k in range(1, n) if keys[k] != keys[k - 1]] + [n] if n else [0, 0]
    ranges: list[range] = []
    start = used = 0
    for a, b in itertools.pairwise(bounds):
        size = sum(costs[a:b])
        steps = [(a, size)] if size <= budget else [(k, costs[k]) for k in range(a, b)]
        for at, cost in steps:
            if used and used + cost > budget:
                ranges.append(range(start, at))
                start, used = at, 0
            used += cost
    ranges.append(range(start, n))
    return ranges


def parts(page: str, ranges: list[range], labels: Sequence[str]) -> tuple[Part, ...]:
    """:class:`Part` records for ``ranges`` of page ``page`` (one label per range)."""
    return tuple(Part(n, len(ranges), pages.part(page, n), r.start, r.stop, label)
                 for n, (r, label) in enumerate(zip(ranges, labels, strict=True), start=1))


def part_at(found: tuple[Part, ...], unit: int) -> Part:
    """The part holding unit index ``unit``."""
    return found[max(bisect.bisect_right([p.start for p in found], unit) - 1, 0)]


# --------------------------------------------------------------------------- quotes


def speaker_key(quote: Quote) -> str:
    """What groups a quote under its speaker on the quotes page: ``a:<actor id>``, else
    ``u:<the article's words>`` for an unnamed source, else ``unattributed``."""
    speaker = quote.speaker
    if speaker.actor:
        return f"a:{speaker.actor}"
    return f"u:{speaker.unnamed}" if speaker.unnamed else "unattributed"


def quotes_in_page_order(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes as the quotes page shows them: speaker by speaker, named speakers first, then
    unnamed sources (the article's words), then words the article attributes to no one; within
    each of these, speakers in the order they first appear in the YAML, each speaker's quotes in
    YAML order."""
    first: dict[str, int] = {}
    for quote in quotes:
        first.setdefault(speaker_key(quote), len(first))
    return sorted(quotes, key=lambda q: (speaker_rank(q), first[speaker_key(q)]))  # stable


def speaker_rank(quote: Quote) -> int:
    """Where the quote's speaker group comes on the quotes page: 0 for a named actor, 1 for an
    unnamed source, 2 for words the article attributes to no one."""
    speaker = quote.speaker
    return 0 if speaker.actor else 1 if speaker.unnamed else 2


def quote_cost(quote: Quote, issue_titles: Sequence[str], cited: int, heading: str | None) -> int:
    """Estimated characters of one quote on the quotes page (``cited``: characters of the passages
    it cites, which its "cite or reuse" box repeats; ``heading``: its speaker's name when the quote
    comes first under it). The page's JSON-LD repeats the words."""
    return (2 * len(quote.text) + len(quote.context) + len(quote.medium or "")
            + sum(len(t) + _LINK for t in issue_titles) + 2 * cited + _RECORD
            + (_HEADING + 2 * len(heading) if heading is not None else 0))


# --------------------------------------------------------------------------- issues


def issue_cost(issue: Issue, names: Sequence[str]) -> int:
    """Estimated Markdown characters of one issue's card on the issues page (``names``: the
    actors of its positions)."""
    text = len(issue.title) + len(issue.short or issue.summary) + sum(len(n) + 3 for n in names)
    return text + 2 * len(issue.id) + 150 + _HEADING + 2 * len(issue.title)


# --------------------------------------------------------------------------- events


def event_cost(event: Event, names: Sequence[str], cited: int) -> int:
    """Estimated Markdown characters of one event on the timeline (``names``: its actors' names
    and its issues' titles, each a link; ``cited``: characters of the passages it cites)."""
    return (len(event.title) + len(event.summary or "") + len(event.as_written) + sum(len(n) + _LINK for n in names)
            + 2 * cited + _RECORD)


def filter_cost(names: Sequence[str]) -> int:
    """Estimated Markdown characters of the timeline's filter lists (one link per name)."""
    return sum(len(n) + _LINK for n in names)


# --------------------------------------------------------------------------- source paragraphs


def paragraph_cost(characters: int, spans: int, labels: Sequence[str]) -> int:
    """Estimated Markdown characters of one source paragraph: its text, the marks of the ``spans``
    cited stretches in it, and a link for each fact citing it (``labels``)."""
    return characters + spans * _MARK + sum(len(label) + _LINK for label in labels)
