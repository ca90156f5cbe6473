"""The who-stands-where picture: SVG that parses, says what it shows, and matches its table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from conftest import CONTENT

from generator import diagram
from generator.content import Content, load_content
from generator.diagram import Link

SVG = "{http://www.w3.org/2000/svg}"


@cache
def content() -> Content:
    return load_content(CONTENT)


def parse(html: str) -> ET.Element:
    """The raw HTML block as XML (the generator writes well-formed XHTML fragments)."""
    return ET.fromstring(f"<root>{html}</root>")


def positions_in_svg(root: ET.Element) -> list[str]:
    return [g.attrib["data-position"] for g in root.iter(f"{SVG}g") if "data-position" in g.attrib]


def positions_in_table(root: ET.Element) -> list[str]:
    return [tr.attrib["data-position"] for tr in root.iter("tr") if "data-position" in tr.attrib]


def test_home_picture_is_an_accessible_svg_with_every_position() -> None:
    """The home picture parses, has role="img", a <title> and <desc> it is labelled by, and one line per position."""
    root = parse(diagram.home_diagram(content()).html())
    svg = root.find(f".//{SVG}svg")
    assert svg is not None
    assert svg.attrib["role"] == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    assert svg.attrib["aria-labelledby"].split() == [title.attrib["id"], desc.attrib["id"]]
    expected = {f"{t.id}/{p.actor}" for t in content().issues for p in t.positions}
    drawn = positions_in_svg(root)
    assert sorted(drawn) == sorted(expected)
    assert len(drawn) == len(set(drawn))


def stance_label(group: ET.Element) -> str:
    """The stance label of one position's group in the SVG (beside its actor's name)."""
    return next(" ".join(t.itertext()).strip() for t in group.iter(f"{SVG}text") if "stance-label" in t.attrib["class"])


def test_table_holds_exactly_the_pictures_positions() -> None:
    """The table beside each picture has one row per drawn position, same order, same stance label."""
    for issue in [None, *content().issues]:
        d = diagram.home_diagram(content()) if issue is None else diagram.issue_diagram(content(), issue)
        root = parse(d.html())
        assert positions_in_table(root) == positions_in_svg(root) == [k.key for k in d.links]
        labels_svg = [stance_label(g) for g in root.iter(f"{SVG}g") if "data-position" in g.attrib]
        labels_table = [tr.findall("td")[0].text for tr in root.iter("tr") if "data-position" in tr.attrib]
        assert labels_svg == labels_table == [k.label for k in d.links]


def test_stance_is_shown_by_colour_dash_and_label() -> None:
    """Every stance category has its own text label and its own dash pattern; the colour is a CSS class."""
    labels = [label for label, _ in diagram.STYLES.values()]
    dashes = [dash for _, dash in diagram.STYLES.values()]
    assert len(set(labels)) == len(labels) and len(set(dashes)) == len(dashes)
    root = parse(diagram.home_diagram(content()).html())
    for g in root.iter(f"{SVG}g"):
        if "data-position" not in g.attrib:
            continue
        path = g.find(f"{SVG}path")
        assert path is not None
        kind = next(c.removeprefix("stance-") for c in path.attrib["class"].split() if c != "stance-line")
        assert path.attrib.get("stroke-dasharray", "") == diagram.STYLES[kind][1]
        assert stance_label(g) == diagram.STYLES[kind][0]
    css = (Path(__file__).parents[1] / "theme_overrides/assets/explainer.css").read_text(encoding="utf-8")
    for kind in diagram.STYLES:
        assert css.count(f"--stance-{kind}:") == 2, f"--stance-{kind} needs a colour in each scheme"


def test_picture_uses_no_fixed_colour_or_style_attribute() -> None:
    """Colours come from CSS classes (custom properties, both schemes): no fill/stroke/style attribute."""
    root = parse(diagram.home_diagram(content()).html())
    for el in root.iter():
        assert not {"style", "fill", "stroke"} & set(el.attrib), el.attrib


def test_same_content_gives_the_same_bytes() -> None:
    """Two drawings of the same content are identical strings."""
    assert diagram.home_diagram(content()).html() == diagram.home_diagram(load_content(CONTENT)).html()


def test_ordering_removes_avoidable_crossings() -> None:
    """Actors and issues listed crosswise in YAML are reordered so that no line crosses."""
    def link(actor: str, issue: str) -> Link:
        return Link(issue, issue.upper(), actor, actor.upper(), "unrated", "says so")

    links = [link("a", "x"), link("b", "y"), link("c", "x"), link("d", "y")]  # a-x, b-y, c-x, d-y
    before = diagram.crossings(links, ["a", "b", "c", "d"], ["x", "y"])
    assert before > 0
    assert diagram.crossings(links, *diagram.order(links)) == 0
    real = diagram.links_of(content(), list(content().issues))
    yaml_order = (list(dict.fromkeys(k.actor for k in real)), list(dict.fromkeys(k.issue for k in real)))
    assert diagram.crossings(real, *diagram.order(real)) < diagram.crossings(real, *yaml_order)


def test_text_from_yaml_stays_text_in_the_picture() -> None:
    """An actor name with markup is escaped: the SVG still parses and shows the name as text."""
    hostile = "<script>alert(1)</script> & \"Co\""
    links = [replace(k, actor_name=hostile) for k in diagram.links_of(content(), list(content().issues))]
    d = diagram.draw(links, "T <b>", "D & more")
    root = parse(d.html())
    assert root.find(".//script") is None and root.find(f".//{SVG}script") is None
    assert hostile in "".join(root.itertext())


def test_a_position_without_leaning_is_labelled_see_text() -> None:
    """No leaning: the line says "see text" (beside its actor's name), the legend says the stance is stated
    in words, the table's row and the picture's <desc> give it in the article's terms; nothing says "not rated"."""
    issue = next(t for t in content().issues if any(p.leaning is None for p in t.positions))
    position = next(p for p in issue.positions if p.leaning is None)
    d = diagram.issue_diagram(content(), issue)
    root = parse(d.html())
    key = f"{issue.id}/{position.actor}"
    group = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("data-position") == key)
    name = " ".join(content().actor(position.actor).name.split())
    *name_words, label = [" ".join(t.split()) for t in group.itertext() if t.strip()]
    assert label == "see text" and " ".join(name_words) == name
    legend = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "stance-legend")
    assert diagram.UNRATED_LEGEND in "".join(legend.itertext())
    row = next(tr for tr in root.iter("tr") if tr.attrib.get("data-position") == key)
    assert row.findall("td")[0].text == "see text"
    assert [td.text for td in row.findall("td")][-1] == " ".join(position.stance.split())
    desc = root.find(f".//{SVG}desc")
    assert desc is not None and " ".join(position.stance.split()) in (desc.text or "")
    assert "not rated" not in d.html()


def test_every_row_names_its_actor() -> None:
    """Every position's row in the picture carries its actor's name, even when one actor has several rows,
    so no line is anonymous; the rows of one actor do not overlap."""
    links = diagram.links_of(content(), list(content().issues))
    assert len({k.actor for k in links}) < len(links)  # some actor has several rows: the case that matters
    root = parse(diagram.draw(links, "T", "D").html())
    groups = [g for g in root.iter(f"{SVG}g") if g.attrib.get("data-position")]
    assert len(groups) == len(links)
    by_key = {k.key: k for k in links}
    ys = []
    for g in groups:
        actor = next(t for t in g.iter(f"{SVG}text") if "stance-actor" in t.attrib["class"])
        assert " ".join(" ".join(actor.itertext()).split()) == by_key[g.attrib["data-position"]].actor_name
        ys.append(float(actor.attrib["y"]))
    assert ys == sorted(ys) and all(b - a >= diagram._ROW for a, b in pairwise(ys))


def test_legend_stays_inside_the_picture() -> None:
    """With every stance kind present the legend wraps onto a second row instead of running off the right edge."""
    kinds = list(diagram.STYLES)
    places = diagram._legend_places(kinds)
    ends = [x + 48 + diagram._LEGEND_CHAR * len(diagram._legend_label(k))
            for k, (x, _) in zip(kinds, places, strict=True)]
    assert max(ends) <= diagram._WIDTH
    assert len({y for _, y in places}) > 1
    links = [replace(k, leaning=kinds[i % len(kinds)]) for i, k in enumerate(diagram.links_of(content(),
                                                                                          list(content().issues)))]
    svg = parse(diagram.draw(links, "T", "D").html()).find(f".//{SVG}svg")
    assert svg is not None
    rule = next(p for p in svg.iter(f"{SVG}path") if p.attrib.get("class") == "stance-rule")
    assert float(rule.attrib["d"].split()[1]) > max(y for _, y in places)  # the rule sits below the legend


def test_issue_page_folds_the_table_under_the_picture() -> None:
    """An issue's page shows the picture, then the position cards; the table with the same positions is
    folded in a closed <details> (as on home), so the page does not say the positions three times."""
    from generator.render import render_pages

    pages = render_pages(content())
    for issue in content().issues:
        page = pages[f"issues/{issue.id}.md"]
        fold = page.index('<details class="stance-table-fold">')
        assert page.index("</figure>") < fold < page.index('class="stance-table"') < page.index("</details>", fold)
        assert page.count('class="stance-table"') == 1
