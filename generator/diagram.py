"""The who-stands-where picture: actors on the left, issues on the right, a line per position.

Drawn at build time as SVG with the standard library's :mod:`xml.etree.ElementTree` (no
JavaScript, no system binary), with the same data as an HTML table beside it for screen
readers and print. Pure and deterministic: the same positions give the same bytes.

* A position's stance is shown three ways, never by colour alone: the line's colour (a CSS
  class whose colour is a custom property, ``--stance-<leaning>``, set for both colour schemes
  in ``theme_overrides/assets/explainer.css``), its dash pattern and a text label.
* The stance category is :attr:`generator.schema.Position.leaning`; a position without one is
  drawn as "see text" (grey, short dashes) and the table beside it gives the stance in the
  article's terms: the picture never guesses a category from the free text.
* Order: the barycentre heuristic of layered graph drawing (Sugiyama, Tagawa and Toda 1981):
  actors and issues are sorted in turn by the mean place of their partners, a few rounds,
  ties broken by YAML order, which reduces crossings without ever depending on dict order.
* Each position has its own row on the actor side, labelled with its actor's name and its
  stance, so every line can be told apart by whose it is and labels never overlap; each issue
  has one port per position, sorted so a node's own lines do not cross.

The SVG carries ``role="img"``, ``<title>`` and ``<desc>`` (``aria-labelledby`` both). It is
drawn 500 units wide and scales down to the screen (on a 390 px phone its text is about 11 px);
the table's rows become cards on a narrow screen (``theme_overrides/assets/explainer.css``),
each cell labelled by its column (``data-label``), so nothing runs off the page.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
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
    "unrated": ("see text", "5 5"),
}
#: The legend's words for a position without a leaning: its stance is stated in words in the table.
UNRATED_LEGEND = "see text: stance stated in words"

_WIDTH = 500
_ROW = 34  # height of one position row, in SVG user units
_LINE = 17  # height of one line of wrapped text
_PORT = 10  # distance between the ends of lines meeting at one issue
_NAME_RIGHT = 146  # actor names end here (right-aligned)
_LABEL_X = 152  # stance labels start here
_LINE_FROM, _LINE_TO = 220, 312  # the position lines run between these x values
_ISSUE_X = 318  # issue titles start here
_NAME_CHARS, _ISSUE_CHARS = 14, 18  # wrap widths, in characters of a 15-unit font (about 9 units each at most)
_LEGEND_ROW = 24  # height of one row of the legend
_LEGEND_CHAR = 8  # width of one character of the legend's 14-unit labels, generously
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

    @property
    def key(self) -> str:
        """``"<issue id>/<actor id>"``: the position's name in the SVG and the table."""
        return f"{self.issue}/{self.actor}"

    @property
    def label(self) -> str:
        return STYLES[self.leaning][0]


@dataclass(frozen=True)
class Diagram:
    """The picture of some issues: its positions (in drawing order), the SVG and the table."""

    links: tuple[Link, ...]
    svg: str
    table: str

    def html(self) -> str:
        """The figure (scrolling region, SVG, caption) and the table, as one raw HTML block
        with no blank line inside, ready to stand alone in a Markdown page."""
        return f"{self.svg}\n{self.table}"


def links_of(content: Content, issues: list[Issue]) -> list[Link]:
    """Every position on ``issues``, in YAML order (issues, then positions)."""
    return [
        Link(issue.id, squash(issue.title), p.actor, squash(content.actor(p.actor).name),
             p.leaning or "unrated", squash(p.stance))
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


def draw(links: list[Link], title: str, description: str) -> Diagram:
    """The picture of ``links`` with this accessible ``title`` and ``description`` (plain text).

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
    # Every row carries its actor's name (wrapped), so a row is as tall as the name needs.
    row_h = {n: max(_ROW, len(names[n]) * _LINE + 8) for n in actors}
    a_heights = [len(per_actor[n]) * row_h[n] for n in actors]
    t_heights = [max(len(per_issue[n]) * _PORT + 12, len(titles[n]) * _LINE + 12) for n in issues]
    body = max(sum(a_heights) + 8 * len(actors), sum(t_heights) + 8 * len(issues))
    kinds = [k for k in STYLES if any(link.leaning == k for link in links)]
    legend_at = _legend_places(kinds)
    top = legend_at[-1][1] + 40  # below the legend's last row and the rule
    height = top + body + 8

    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {_WIDTH} {_num(height)}",
        "width": str(_WIDTH), "height": _num(height), "class": "stance-diagram", "role": "img",
        "aria-labelledby": "stance-title stance-desc", "font-size": "15",
    })
    ET.SubElement(svg, "title", {"id": "stance-title"}).text = title
    ET.SubElement(svg, "desc", {"id": "stance-desc"}).text = description

    legend = ET.SubElement(svg, "g", {"class": "stance-legend"})
    for kind, (x, y) in zip(kinds, legend_at, strict=True):
        _line(legend, kind, STYLES[kind][1], f"M{x} {y} H{x + 40}")
        _text(legend, x + 48, y + 5, [_legend_label(kind)], "stance-label")
    ET.SubElement(svg, "path", {"d": f"M0 {top - 16} H{_WIDTH}", "class": "stance-rule"})

    row_y: dict[str, float] = {}
    for n, block, h in zip(actors, _blocks(a_heights, body, top), a_heights, strict=True):
        mine = per_actor[n]
        first = block + h / 2 - (len(mine) - 1) * row_h[n] / 2
        for i, k in enumerate(mine):
            row_y[k.key] = first + i * row_h[n]
    port_y: dict[str, float] = {}
    for n, block, h in zip(issues, _blocks(t_heights, body, top), t_heights, strict=True):
        _text(svg, _ISSUE_X, block + h / 2 + 5, titles[n], "stance-issue")
        mine = per_issue[n]
        first = block + h / 2 - (len(mine) - 1) * _PORT / 2
        for i, k in enumerate(mine):
            port_y[k.key] = first + i * _PORT

    for k in rows:
        label, dash = STYLES[k.leaning]
        y0, y1 = row_y[k.key], port_y[k.key]
        group = ET.SubElement(svg, "g", {"class": "stance-position", "data-position": k.key})
        _text(group, _NAME_RIGHT, y0 + 5, names[k.actor], "stance-actor", "end")
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
    caption.text = (f"{title}. Each line is one side's position; its colour, dash pattern and label give "
                    "the stance. The table below holds the same positions"
                    + (", with each stance stated in words." if "unrated" in kinds else "."))
    return Diagram(tuple(rows), _serialise(region), _serialise(_table(rows, title)))


def _legend_label(kind: str) -> str:
    return UNRATED_LEGEND if kind == "unrated" else STYLES[kind][0]


def _legend_places(kinds: list[str]) -> list[tuple[int, int]]:
    """Where each legend entry (a 40-unit line, then its label) starts: left to right, on a new row
    when the next entry would pass the picture's right edge. At least one place (for an empty legend)."""
    places, x, y = [], 8, 24
    for kind in kinds:
        width = 48 + _LEGEND_CHAR * len(_legend_label(kind))
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


def _table(rows: list[Link], title: str) -> ET.Element:
    wrapper = ET.Element("div", {"class": "stance-table", "data-search-exclude": ""})
    # No class: Material styles `table:not([class])`. Explicit roles keep the table's meaning for screen
    # readers where a narrow screen shows the rows as cards (CSS display: block drops it in some browsers).
    table = ET.SubElement(wrapper, "table", {"role": "table"})
    ET.SubElement(table, "caption").text = f"{title}: the positions in the picture"
    head = ET.SubElement(ET.SubElement(table, "thead", {"role": "rowgroup"}), "tr", {"role": "row"})
    several = len({k.issue for k in rows}) > 1  # one issue: its page's title names it
    for text in ("Who", "Stance", *(["Issue"] if several else []), "In brief"):
        ET.SubElement(head, "th", {"scope": "col", "role": "columnheader"}).text = text
    body = ET.SubElement(table, "tbody", {"role": "rowgroup"})
    for k in rows:
        tr = ET.SubElement(body, "tr", {"data-position": k.key, "role": "row"})
        ET.SubElement(tr, "th", {"scope": "row", "role": "rowheader"}).text = k.actor_name
        ET.SubElement(tr, "td", {"class": f"stance-cell stance-{k.leaning}", "data-label": "Stance",
                                 "role": "cell"}).text = k.label
        if several:
            ET.SubElement(tr, "td", {"data-label": "Issue", "role": "cell"}).text = k.issue_title
        ET.SubElement(tr, "td", {"data-label": "In brief", "role": "cell"}).text = k.stance
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


def home_diagram(content: Content) -> Diagram:
    """The picture of every issue, for the home page."""
    links = links_of(content, list(content.issues))
    return draw(links, "Who stands where", describe_links(order_links(links)))


def issue_diagram(content: Content, issue: Issue) -> Diagram:
    """The picture of one issue, for its page."""
    links = links_of(content, [issue])
    return draw(links, f"Who stands where: {squash(issue.title)}", describe_links(order_links(links)))


def order_links(links: list[Link]) -> list[Link]:
    """``links`` in the picture's row order (actors top to bottom, then their issues)."""
    actors, issues = order(links)
    a, t = {n: i for i, n in enumerate(actors)}, {n: i for i, n in enumerate(issues)}
    return sorted(links, key=lambda k: (a[k.actor], t[k.issue]))
