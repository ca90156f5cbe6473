"""The who-stands-where picture: actors on the left, issues on the right, a line per position.

Drawn at build time as SVG with the standard library's :mod:`xml.etree.ElementTree` (no
JavaScript, no system binary), with the same data as an HTML table beside it for screen
readers and print. Pure and deterministic: the same positions give the same bytes.

* A position's stance is shown three ways, never by colour alone: the line's colour (a CSS
  class whose colour is a custom property, ``--stance-<leaning>``, set for both colour schemes
  in ``theme_overrides/assets/explainer.css``), its dash pattern and a text label.
* The stance category is :attr:`generator.schema.Position.leaning`; a position without one is
  drawn grey with short dashes and labelled with where its stance is given in the article's terms
  (:class:`Unrated`: "see table" on home, whose table stands beside the picture; "see below" on an
  issue's page, whose position cards follow it): the picture never guesses a category from the free text.
* Order: the barycentre heuristic of layered graph drawing (Sugiyama, Tagawa and Toda 1981):
  actors and issues are sorted in turn by the mean place of their partners, a few rounds,
  ties broken by YAML order, which reduces crossings without ever depending on dict order.
* One block per actor, its name written once; each of its positions has its own row in the block
  with its stance label at the start of its line (a bracket joins a block's rows), so the lines fan
  out from their actor, every line's label is beside it and labels never overlap; each issue has
  one port per position, sorted so a node's own lines do not cross.

The SVG carries ``role="img"``, ``<title>`` and ``<desc>`` (``aria-labelledby`` both). It is drawn
420 units wide with 16-unit text, shown at most 420 CSS px wide on a desktop (text about body size,
never larger than the headings) and scaled to the screen on a phone (text about 13.6 px at 390 px).

The table holds the same positions in words, in the order the editor listed them (issues, then
positions), one short line each (``short``, else ``stance``) with its stance label; with several
issues each issue heads its own row group (linked to its page when ``issue_url`` is given). On a
narrow screen each row is one compact line (``theme_overrides/assets/explainer.css``).
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.content import Content
from generator.schema import Issue
from generator.words import squash

#: Leaning → (text label, SVG ``stroke-dasharray`` or "" for solid). Colours live in CSS.
STYLES: dict[str, tuple[str, str]] = {
    "supports": ("supports", ""),
    "opposes": ("opposes", "2 6"),
    "mixed": ("mixed", "12 6"),
    "neutral": ("neutral", "14 4 2 4"),
    "unrated": ("see table", "5 5"),  # the label of IN_TABLE; an issue's page says BELOW's
}


@dataclass(frozen=True)
class Unrated:
    """Where a picture sends the reader for a position without a leaning, in the same words three times:
    its line's ``label``, the legend's entry ``legend`` and the caption's clause ``caption`` (plain text)."""

    label: str
    legend: str
    caption: str


#: Home: the table beside the picture gives each stance in words.
IN_TABLE = Unrated("see table", "see table: the stance in words", "“see table”: the table gives it in words")
#: An issue's page: the position cards below the picture give each stance in words (its table is folded).
BELOW = Unrated("see below", "see below: the stance in words",
                "“see below”: each side’s position below gives it in words")
#: What the table's stance cell says (to screen readers; sighted readers see a dash) for a position
#: without a leaning: its "In brief" cell beside it gives the stance.
UNRATED_CELL = "no one-word stance"

_WIDTH = 420
_ROW = 22  # height of one position row within an actor's block, in SVG user units
_LINE = 18  # height of one line of wrapped text
_PORT = 10  # distance between the ends of lines meeting at one issue
_NAME_RIGHT = 118  # actor names end here (right-aligned)
_LABEL_X = 130  # stance labels start here (a bracket at _LABEL_X - 5 joins one actor's rows)
_LINE_FROM, _LINE_TO = 206, 276  # the position lines run between these x values
_ISSUE_X = 283  # issue titles start here
_NAME_CHARS, _ISSUE_CHARS = 12, 14  # wrap widths, in characters of a 16-unit font (about 9.5 units each at most)
_GAP = 10  # space between two actors' blocks
_LEGEND_ROW = 24  # height of one row of the legend
_LEGEND_CHAR = 9  # width of one character of the legend's 15-unit labels, generously
_ROUNDS = 4  # barycentre sweeps


@dataclass(frozen=True)
class Link:
    """One position as the picture shows it: who, on what, which category, in their words."""

    issue: str
    issue_title: str
    actor: str
    actor_name: str
    leaning: str  # a key of STYLES
    stance: str
    brief: str = ""  # the position in a few words (``short``), for the table; "" = use ``stance``

    @property
    def key(self) -> str:
        """``"<issue id>/<actor id>"``: the position's name in the SVG and the table."""
        return f"{self.issue}/{self.actor}"

    @property
    def label(self) -> str:
        return STYLES[self.leaning][0]

    @property
    def in_brief(self) -> str:
        """The table's words for the position: its ``short`` line, else its whole stance."""
        return self.brief or self.stance


@dataclass(frozen=True)
class Diagram:
    """The picture of some issues: its positions (in drawing order), the figure (SVG and caption) and the
    table (the same positions in YAML order), each one line of raw HTML."""

    links: tuple[Link, ...]
    svg: str
    table: str


def links_of(content: Content, issues: list[Issue]) -> list[Link]:
    """Every position on ``issues``, in YAML order (issues, then positions)."""
    return [
        Link(issue.id, squash(issue.title), p.actor, squash(content.actor(p.actor).name),
             p.leaning or "unrated", squash(p.stance), squash(p.short or ""))
        for issue in issues for p in issue.positions
    ]


def order(links: list[Link]) -> tuple[list[str], list[str]]:
    """Actor ids and issue ids in drawing order (top to bottom), reducing crossings.

    Starts from first appearance in ``links``; each round sorts actors by the mean index of
    their issues, then issues by the mean index of their actors (stable, ties by the
    previous order). Deterministic for the same ``links``.
    """
    actors = list(dict.fromkeys(link.actor for link in links))
    issues = list(dict.fromkeys(link.issue for link in links))

    def sweep(nodes: list[str], other: list[str], pairs: list[tuple[str, str]]) -> list[str]:
        at = {n: i for i, n in enumerate(other)}
        mean = {n: _mean([at[o] for m, o in pairs if m == n]) for n in nodes}
        return sorted(nodes, key=lambda n: mean[n])

    actor_issue = [(link.actor, link.issue) for link in links]
    issue_actor = [(link.issue, link.actor) for link in links]
    for _ in range(_ROUNDS):
        actors = sweep(actors, issues, actor_issue)
        issues = sweep(issues, actors, issue_actor)
    return actors, issues


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def crossings(links: list[Link], actors: list[str], issues: list[str]) -> int:
    """How many pairs of lines cross when nodes are drawn in these orders (ports sorted)."""
    a, t = {n: i for i, n in enumerate(actors)}, {n: i for i, n in enumerate(issues)}
    ends = [(a[link.actor], t[link.issue]) for link in links]
    return sum(1 for i, (x1, y1) in enumerate(ends) for x2, y2 in ends[i + 1:] if (x1 - x2) * (y1 - y2) < 0)


def _text(parent: ET.Element, x: int, y: float, lines: list[str], cls: str, anchor: str = "start") -> None:
    """Lines of text centred on ``y``."""
    el = ET.SubElement(parent, "text", {"x": str(x), "y": _num(y - (len(lines) - 1) * _LINE / 2),
                                        "class": cls, "text-anchor": anchor})
    for i, line in enumerate(lines):
        span = ET.SubElement(el, "tspan", {"x": str(x), "dy": "0" if i == 0 else str(_LINE)})
        span.text = line


def _num(value: float) -> str:
    """A coordinate as text: at most one decimal, no trailing ``.0`` (stable across platforms)."""
    return f"{round(value, 1):g}"


def _blocks(heights: Sequence[float], total: float, top: float) -> list[float]:
    """Top y of each block, spread evenly down ``total`` from ``top`` (the taller side packs tight)."""
    gap = (total - sum(heights)) / len(heights)
    tops, y = [], top + gap / 2
    for h in heights:
        tops.append(y)
        y += h + gap
    return tops


def draw(links: list[Link], title: str, description: str,
         issue_url: Callable[[str], str] | None = None, unrated: Unrated = IN_TABLE) -> Diagram:
    """The picture of ``links`` with this accessible ``title`` and ``description`` (plain text), and
    its table; ``issue_url(issue id)`` gives the address the table's issue headings link to (raw
    HTML: a served address, escaped here), none when omitted; ``unrated`` says where a position without
    a leaning has its stance in words.

    Raises ``ValueError`` when ``links`` is empty (an issue has at least one position).
    """
    if not links:
        raise ValueError("no positions to draw")
    actors, issues = order(links)
    a_index, t_index = {n: i for i, n in enumerate(actors)}, {n: i for i, n in enumerate(issues)}
    # Rows: each actor's positions in the order of their issues; ports: each issue's positions
    # in the order of their actors. Then a node's own lines never cross each other.
    rows = sorted(links, key=lambda k: (a_index[k.actor], t_index[k.issue]))
    names = {k.actor: textwrap.wrap(k.actor_name, _NAME_CHARS) for k in links}
    titles = {k.issue: textwrap.wrap(k.issue_title, _ISSUE_CHARS) for k in links}
    per_actor = {n: [k for k in rows if k.actor == n] for n in actors}
    per_issue = {n: sorted((k for k in links if k.issue == n), key=lambda k: a_index[k.actor]) for n in issues}
    # An actor's block is as tall as its rows or its (wrapped) name, whichever is taller.
    a_heights = [max(len(per_actor[n]) * _ROW, len(names[n]) * _LINE + 4) for n in actors]
    t_heights = [max(len(per_issue[n]) * _PORT + 12, len(titles[n]) * _LINE + 12) for n in issues]
    body = max(sum(a_heights) + _GAP * len(actors), sum(t_heights) + 8 * len(issues))
    kinds = [k for k in STYLES if any(link.leaning == k for link in links)]
    legend_words = {k: unrated.legend if k == "unrated" else STYLES[k][0] for k in kinds}
    legend_at = _legend_places([legend_words[k] for k in kinds])
    top = legend_at[-1][1] + 34  # below the legend's last row and the rule
    height = top + body + 8

    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {_WIDTH} {_num(height)}",
        "width": str(_WIDTH), "height": _num(height), "class": "stance-diagram", "role": "img",
        "aria-labelledby": "stance-title stance-desc", "font-size": "16",
    })
    ET.SubElement(svg, "title", {"id": "stance-title"}).text = title
    ET.SubElement(svg, "desc", {"id": "stance-desc"}).text = description

    legend = ET.SubElement(svg, "g", {"class": "stance-legend"})
    for kind, (x, y) in zip(kinds, legend_at, strict=True):
        _line(legend, kind, STYLES[kind][1], f"M{x} {y} H{x + 36}")
        _text(legend, x + 44, y + 5, [legend_words[kind]], "stance-label")
    ET.SubElement(svg, "path", {"d": f"M0 {top - 14} H{_WIDTH}", "class": "stance-rule"})

    row_y: dict[str, float] = {}
    for n, block, h in zip(actors, _blocks(a_heights, body, top), a_heights, strict=True):
        mine = per_actor[n]
        middle = block + h / 2
        first = middle - (len(mine) - 1) * _ROW / 2
        for i, k in enumerate(mine):
            row_y[k.key] = first + i * _ROW
        actor = ET.SubElement(svg, "g", {"class": "stance-actor-block", "data-actor": n})
        _text(actor, _NAME_RIGHT, middle + 5, names[n], "stance-actor", "end")
        if len(mine) > 1:  # a bracket joins the actor's rows, so its lines read as fanning out from its name
            last = first + (len(mine) - 1) * _ROW
            ET.SubElement(actor, "path", {"d": f"M{_LABEL_X - 5} {_num(first - 7)} V{_num(last + 7)}",
                                          "class": "stance-bracket"})
    port_y: dict[str, float] = {}
    for n, block, h in zip(issues, _blocks(t_heights, body, top), t_heights, strict=True):
        _text(svg, _ISSUE_X, block + h / 2 + 5, titles[n], "stance-issue")
        mine = per_issue[n]
        first = block + h / 2 - (len(mine) - 1) * _PORT / 2
        for i, k in enumerate(mine):
            port_y[k.key] = first + i * _PORT

    for k in rows:
        label, dash = STYLES[k.leaning]
        label = unrated.label if k.leaning == "unrated" else label
        y0, y1 = row_y[k.key], port_y[k.key]
        group = ET.SubElement(svg, "g", {"class": "stance-position", "data-position": k.key})
        _text(group, _LABEL_X, y0 + 5, [label], f"stance-label stance-text-{k.leaning}")
        mid = (_LINE_FROM + _LINE_TO) / 2
        _line(group, k.leaning, dash,
              f"M{_LINE_FROM} {_num(y0)} C{_num(mid)} {_num(y0)} {_num(mid)} {_num(y1)} {_LINE_TO} {_num(y1)}")
        ET.SubElement(group, "circle", {"cx": str(_LINE_FROM), "cy": _num(y0), "r": "3.5",
                                        "class": f"stance-end stance-{k.leaning}"})
        ET.SubElement(group, "circle", {"cx": str(_LINE_TO), "cy": _num(y1), "r": "3.5",
                                        "class": f"stance-end stance-{k.leaning}"})

    # Search skips the picture and its table: the positions are searchable where the pages state them.
    region = ET.Element("figure", {"class": "stance-figure", "data-search-exclude": ""})
    region.append(svg)
    caption = ET.SubElement(region, "figcaption")
    caption.text = ("At a glance: each line is one side’s position; its colour, dash pattern and label give the "
                    "stance" + (f"; {unrated.caption}." if "unrated" in kinds else "."))
    table = _table(_table_order(links, issues), title, issue_url)
    return Diagram(tuple(rows), _serialise(region), _serialise(table))


def _table_order(links: list[Link], issues: list[str]) -> list[Link]:
    """The positions in the order the editor listed them (issues in their order in ``links``, then
    positions): the table reads like the issue pages, not in the picture's crossing-free order."""
    first = {n: i for i, n in enumerate(dict.fromkeys(k.issue for k in links))}
    return sorted(links, key=lambda k: first[k.issue])  # stable: positions keep their YAML order


def _legend_places(labels: list[str]) -> list[tuple[int, int]]:
    """Where each legend entry (a 40-unit line, then its label) starts: left to right, on a new row
    when the next entry would pass the picture's right edge. At least one place (for an empty legend)."""
    places, x, y = [], 8, 24
    for label in labels:
        width = 48 + _LEGEND_CHAR * len(label)
        if x > 8 and x + width > _WIDTH:
            x, y = 8, y + _LEGEND_ROW
        places.append((x, y))
        x += width + 24
    return places or [(8, 24)]


def _line(parent: ET.Element, kind: str, dash: str, d: str) -> None:
    attrs = {"d": d, "class": f"stance-line stance-{kind}"}
    if dash:
        attrs["stroke-dasharray"] = dash
    ET.SubElement(parent, "path", attrs)


def _table(rows: list[Link], title: str, issue_url: Callable[[str], str] | None) -> ET.Element:
    """The positions in words: Who, Stance, In brief; a row group per issue headed by its title, linked
    to its page, when ``issue_url`` is given (home) or there are several issues (an issue's page, whose
    title names its one issue, has none)."""
    wrapper = ET.Element("div", {"class": "stance-table", "data-search-exclude": ""})
    # No class: Material styles `table:not([class])`. Explicit roles keep the table's meaning for screen
    # readers where a narrow screen shows the rows as lines (CSS display: block drops it in some browsers).
    table = ET.SubElement(wrapper, "table", {"role": "table"})
    ET.SubElement(table, "caption").text = f"{title}: each side’s position in brief"
    head = ET.SubElement(ET.SubElement(table, "thead", {"role": "rowgroup"}), "tr", {"role": "row"})
    for text in ("Who", "Stance", "In brief"):
        ET.SubElement(head, "th", {"scope": "col", "role": "columnheader"}).text = text
    headed = issue_url is not None or len({k.issue for k in rows}) > 1
    groups = [[k for k in rows if k.issue == n] for n in dict.fromkeys(k.issue for k in rows)]
    for group in groups:
        body = ET.SubElement(table, "tbody", {"role": "rowgroup"})
        if headed:
            tr = ET.SubElement(body, "tr", {"class": "stance-issue-row", "role": "row"})
            th = ET.SubElement(tr, "th", {"colspan": "3", "scope": "rowgroup", "role": "rowheader"})
            if issue_url is None:
                th.text = group[0].issue_title
            else:
                ET.SubElement(th, "a", {"href": issue_url(group[0].issue)}).text = group[0].issue_title
        for k in group:
            tr = ET.SubElement(body, "tr", {"data-position": k.key, "role": "row"})
            ET.SubElement(tr, "th", {"scope": "row", "role": "rowheader"}).text = k.actor_name
            cell = ET.SubElement(tr, "td", {"class": f"stance-cell stance-{k.leaning}", "data-label": "Stance",
                                            "role": "cell"})
            if k.leaning == "unrated":  # the words beside it give the stance; a dash, and words for screen readers
                ET.SubElement(cell, "span", {"aria-hidden": "true", "class": "stance-dash"}).text = "–"
                ET.SubElement(cell, "span", {"class": "visually-hidden"}).text = UNRATED_CELL
            else:
                cell.text = k.label
            brief = ET.SubElement(tr, "td", {"class": "stance-brief", "data-label": "In brief", "role": "cell"})
            brief.text = k.in_brief
    return wrapper


def _serialise(element: ET.Element) -> str:
    """HTML-safe XML text of ``element``: no XML declaration, no namespace prefixes, one line."""
    return ET.tostring(element, encoding="unicode", short_empty_elements=True)


def describe_links(links: list[Link] | tuple[Link, ...]) -> str:
    """A plain-text summary of the positions for the SVG's ``<desc>``."""
    actors = len({k.actor for k in links})
    issues = len({k.issue for k in links})
    parts = [f"{k.actor_name}: {k.stance if k.leaning == 'unrated' else k.label} ({k.issue_title})" for k in links]
    return (f"{len(links)} position{'s' * (len(links) != 1)} of {actors} side{'s' * (actors != 1)} on "
            f"{issues} issue{'s' * (issues != 1)}. " + "; ".join(parts) + ".")


def picture(content: Content, issues: list[Issue], title: str, issue_url: Callable[[str], str] | None = None,
            unrated: Unrated = IN_TABLE) -> Diagram:
    """The picture of every position on ``issues`` (in this order), described in its ``<desc>`` in the
    picture's row order; the other arguments as :func:`draw`'s."""
    links = links_of(content, issues)
    return draw(links, title, describe_links(order_links(links)), issue_url, unrated)


def home_diagram(content: Content, issue_url: Callable[[str], str] | None = None, key_only: bool = False) -> Diagram:
    """The picture for the home page (the table's issue headings linked by ``issue_url``): the story's
    ``key_issues`` first, in their order ("the issues the home page shows first"), then the others in YAML
    order; with ``key_only``, the key issues only ("Who stands where on the key issues")."""
    key = [content.issue(t) for t in content.story.key_issues]
    if key_only:
        return picture(content, key, "Who stands where on the key issues", issue_url)
    others = [t for t in content.issues if t.id not in content.story.key_issues]
    return picture(content, key + others, "Who stands where", issue_url)


def issue_diagram(content: Content, issue: Issue) -> Diagram:
    """The picture of one issue, for its page: a position without a leaning says "see below" (the
    position cards under the picture give it in words; the page's table is folded)."""
    return picture(content, [issue], f"Who stands where: {squash(issue.title)}", unrated=BELOW)


def order_links(links: list[Link]) -> list[Link]:
    """``links`` in the picture's row order (actors top to bottom, then their issues)."""
    actors, issues = order(links)
    a, t = {n: i for i, n in enumerate(actors)}, {n: i for i, n in enumerate(issues)}
    return sorted(links, key=lambda k: (a[k.actor], t[k.issue]))
