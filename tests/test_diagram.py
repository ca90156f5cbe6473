"""The who-stands-where picture: SVG that parses, says what it shows, and matches its table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import CONTENT, replace_once

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


def page_html(d: diagram.Diagram) -> str:
    """The picture's table and figure as a page holds them (home: side by side; an issue's: the table folded)."""
    return f"{d.table}\n{d.svg}"


def positions_in_svg(root: ET.Element) -> list[str]:
    return [g.attrib["data-position"] for g in root.iter(f"{SVG}g") if "data-position" in g.attrib]


def positions_in_table(root: ET.Element) -> list[str]:
    return [tr.attrib["data-position"] for tr in root.iter("tr") if "data-position" in tr.attrib]


def test_home_picture_is_an_accessible_svg_with_every_position() -> None:
    """The home picture parses, has role="img", a <title> and <desc> it is labelled by, and one line per position."""
    root = parse(page_html(diagram.home_diagram(content())))
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


def table_stance(tr: ET.Element) -> str:
    """The stance cell's words as a screen reader hears them (the unrated dash is aria-hidden)."""
    cell = tr.findall("td")[0]
    return " ".join("".join(t for el in cell.iter() if el.attrib.get("aria-hidden") != "true"
                            for t in [el.text or ""]).split())


def test_table_holds_exactly_the_pictures_positions() -> None:
    """The table beside each picture has one row per drawn position, in the editor's order (issues, then
    positions as listed in YAML), each with the picture's stance label (a position without a leaning:
    "no one-word stance" for screen readers) and the position in brief (``short``, else the stance)."""
    home_order = [*content().story.key_issues, *(t.id for t in content().issues
                                                  if t.id not in content().story.key_issues)]
    for issue in [None, *content().issues]:
        d = diagram.home_diagram(content()) if issue is None else diagram.issue_diagram(content(), issue)
        root = parse(page_html(d))
        assert sorted(positions_in_table(root)) == sorted(positions_in_svg(root)) == sorted(k.key for k in d.links)
        issues = [content().issue(t) for t in home_order] if issue is None else [issue]
        expected = [(t.id, p) for t in issues for p in t.positions]
        assert positions_in_table(root) == [f"{t}/{p.actor}" for t, p in expected]
        labels = {g.attrib["data-position"]: stance_label(g)
                  for g in root.iter(f"{SVG}g") if "data-position" in g.attrib}
        rows = [tr for tr in root.iter("tr") if "data-position" in tr.attrib]
        for tr, (_, position) in zip(rows, expected, strict=True):
            key = tr.attrib["data-position"]
            if position.leaning is None:
                assert labels[key] == ("see table" if issue is None else "see below")
                assert table_stance(tr) == diagram.UNRATED_CELL
            else:
                assert table_stance(tr) == labels[key] == position.leaning
            assert tr.findall("td")[-1].text == " ".join((position.short or position.stance).split())


def test_home_table_heads_each_issue_and_links_it() -> None:
    """Home's table has a row group per issue, headed by its title linked by ``issue_url`` (the address
    escaped), even for a one-issue story; an issue's page's table has no such heading (its title names it)."""
    def url(issue_id: str) -> str:
        return f"../issues/{issue_id}/?a=1&b=2"

    html = diagram.home_diagram(content(), url).table
    assert "?a=1&amp;b=2" in html
    root = parse(html)
    groups = root.findall(".//tbody")
    assert len(groups) == len(content().issues)
    for body in groups:
        head, *rows = body.findall("tr")
        th = head.find("th")
        assert th is not None and th.attrib["scope"] == "rowgroup" and th.attrib["colspan"] == "3"
        link = th.find("a")
        assert link is not None and link.text is not None
        issue_id = rows[0].attrib["data-position"].split("/")[0]
        assert link.attrib["href"] == url(issue_id) and link.text == " ".join(content().issue(issue_id).title.split())
        assert {tr.attrib["data-position"].split("/")[0] for tr in rows} == {issue_id}
    one = parse(diagram.issue_diagram(content(), content().issues[0]).table)
    assert one.find(".//tr[@class='stance-issue-row']") is None
    # The home page of a one-issue story still names (and links) its issue.
    only = parse(diagram.draw(diagram.links_of(content(), [content().issues[0]]), "T", "D", url).table)
    heads = only.findall(".//tr[@class='stance-issue-row']/th/a")
    assert [a.attrib["href"] for a in heads] == [url(content().issues[0].id)]


def test_stance_is_shown_by_colour_dash_and_label() -> None:
    """Every stance category has its own text label and its own dash pattern; the colour is a CSS class."""
    labels = [label for label, _ in diagram.STYLES.values()]
    dashes = [dash for _, dash in diagram.STYLES.values()]
    assert len(set(labels)) == len(labels) and len(set(dashes)) == len(dashes)
    root = parse(page_html(diagram.home_diagram(content())))
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
    root = parse(page_html(diagram.home_diagram(content())))
    for el in root.iter():
        assert not {"style", "fill", "stroke"} & set(el.attrib), el.attrib


def test_same_content_gives_the_same_bytes() -> None:
    """Two drawings of the same content are identical strings."""
    assert page_html(diagram.home_diagram(content())) == page_html(diagram.home_diagram(load_content(CONTENT)))


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
    root = parse(page_html(d))
    assert root.find(".//script") is None and root.find(f".//{SVG}script") is None
    assert hostile in "".join(root.itertext())


@pytest.mark.parametrize("page", ["home", "issue"])
def test_a_position_without_leaning_says_where_its_words_are(page: str) -> None:
    """No leaning: the line's label says where the stance is in words, and the legend and the caption say the
    same: "see table" on home (the table stands beside the picture), "see below" on an issue's page (its table
    is folded; the position cards below give the words). The table's row and the picture's <desc> give the
    stance; nothing says "see text" or "not rated"."""
    issue = next(t for t in content().issues if any(p.leaning is None for p in t.positions))
    position = next(p for p in issue.positions if p.leaning is None)
    d = diagram.home_diagram(content()) if page == "home" else diagram.issue_diagram(content(), issue)
    label, where = ("see table", "the table") if page == "home" else ("see below", "position below")
    root = parse(page_html(d))
    key = f"{issue.id}/{position.actor}"
    group = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("data-position") == key)
    assert [" ".join(t.split()) for t in group.itertext() if t.strip()] == [label]
    legend = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "stance-legend")
    assert f"{label}: the stance in words" in "".join(legend.itertext())
    caption = root.find(".//figcaption")
    assert caption is not None and f"“{label}”: " in (caption.text or "") and where in (caption.text or "")
    other = "see below" if page == "home" else "see table"
    assert other not in page_html(d)
    row = next(tr for tr in root.iter("tr") if tr.attrib.get("data-position") == key)
    assert table_stance(row) == diagram.UNRATED_CELL
    assert row.findall("td")[-1].text == " ".join((position.short or position.stance).split())
    desc = root.find(f".//{SVG}desc")
    assert desc is not None and " ".join(position.stance.split()) in (desc.text or "")
    assert "not rated" not in page_html(d) and "see text" not in page_html(d)


def test_each_actor_is_named_once_and_its_lines_fan_out_from_it() -> None:
    """One block per actor: its name written once (not once per position), its positions' rows inside the
    block, each row's stance label at the start of its own line (labels never overlap), and a bracket
    joining the rows of an actor with several positions."""
    links = diagram.links_of(content(), list(content().issues))
    assert len({k.actor for k in links}) < len(links)  # some actor has several positions: the case that matters
    root = parse(page_html(diagram.draw(links, "T", "D")))
    blocks = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "stance-actor-block"]
    assert sorted(g.attrib["data-actor"] for g in blocks) == sorted({k.actor for k in links})
    names = [" ".join(" ".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")
             if "stance-actor" in t.attrib["class"]]
    assert sorted(names) == sorted({k.actor_name for k in links})  # each name once
    by_key = {k.key: k for k in links}
    ys: list[float] = []
    for block in blocks:
        name = next(t for t in block.iter(f"{SVG}text") if "stance-actor" in t.attrib["class"])
        actor_id = block.attrib["data-actor"]
        mine = [g for g in root.iter(f"{SVG}g")
                if g.attrib.get("data-position") and by_key[g.attrib["data-position"]].actor == actor_id]
        rows = []
        for g in mine:
            label = next(t for t in g.iter(f"{SVG}text") if "stance-label" in t.attrib["class"])
            line = g.find(f"{SVG}path")
            assert line is not None
            y = float(label.attrib["y"]) - 5
            assert line.attrib["d"].startswith(f"M{diagram._LINE_FROM} {diagram._num(y)} ")  # the label is its line's
            rows.append(y)
        assert rows == sorted(rows) and all(b - a >= diagram._ROW for a, b in pairwise(rows))
        centre = float(name.attrib["y"]) - 5 + (len(list(name)) - 1) * diagram._LINE / 2
        assert abs(centre - (rows[0] + rows[-1]) / 2) < 0.2  # the name sits beside the middle of its rows
        brackets = [p for p in block.iter(f"{SVG}path") if p.attrib.get("class") == "stance-bracket"]
        assert len(brackets) == (len(rows) > 1)
        ys += rows
    assert len(ys) == len(links) and all(b - a >= diagram._ROW for a, b in pairwise(sorted(ys)))


@pytest.mark.parametrize("unrated", [diagram.IN_TABLE, diagram.BELOW])
def test_legend_stays_inside_the_picture(unrated: diagram.Unrated) -> None:
    """With every stance kind present the legend wraps onto a second row instead of running off the right edge
    (with either wording for a position without a leaning)."""
    kinds = list(diagram.STYLES)
    labels = [unrated.legend if k == "unrated" else diagram.STYLES[k][0] for k in kinds]
    places = diagram._legend_places(labels)
    ends = [x + 48 + diagram._LEGEND_CHAR * len(label) for label, (x, _) in zip(labels, places, strict=True)]
    assert max(ends) <= diagram._WIDTH
    assert len({y for _, y in places}) > 1
    links = [replace(k, leaning=kinds[i % len(kinds)]) for i, k in enumerate(diagram.links_of(content(),
                                                                                          list(content().issues)))]
    svg = parse(diagram.draw(links, "T", "D", unrated=unrated).svg).find(f".//{SVG}svg")
    assert svg is not None
    rule = next(p for p in svg.iter(f"{SVG}path") if p.attrib.get("class") == "stance-rule")
    assert float(rule.attrib["d"].split()[1]) > max(y for _, y in places)  # the rule sits below the legend


def test_issue_page_folds_the_table_under_the_picture() -> None:
    """An issue's page shows the picture, then the position cards; the table with the same positions is
    folded in a closed <details>, so the page does not say the positions three times; a rated position's
    card starts with the picture's label for it. Home leads with the table, open, then the picture."""
    from generator.render import render_pages

    pages = render_pages(content())
    for issue in content().issues:
        page = pages[f"issues/{issue.id}.md"]
        fold = page.index('<details class="stance-table-fold">')
        assert page.index("</figure>") < fold < page.index('class="stance-table"') < page.index("</details>", fold)
        assert page.count('class="stance-table"') == 1
        for position in issue.positions:  # each card's first line starts with the picture's label for it
            card = page[page.index(f"{{ #pos-{position.actor} }}"):]
            card = card[:card.index("</section>")]
            assert ("stance-tag" in card) == (position.leaning is not None)
            if position.leaning:
                tag = f'<span class="stance-tag stance-{position.leaning}">{diagram.STYLES[position.leaning][0]}</span>'
                assert card.index(tag) < card.index("{: .short }")
    home = pages["index.md"]
    assert "stance-table-fold" not in home  # home leads with the words: the table is open, above the picture
    assert home.index("## Who stands where") < home.index('class="stance-table"') < home.index('class="stance-figure"')
    for issue in content().issues:  # each issue's heading links to its served page, from the home page
        assert f'<a href="issues/{issue.id}/">' in home


def test_home_puts_the_key_issues_first_and_a_large_story_shows_only_them(project: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Home's table lists the story's key_issues first, in their order, then the other issues in YAML order;
    past HOME_PICTURE_POSITIONS positions its table and picture hold the key issues only, each linked, with a
    line saying that every issue has its own picture."""
    from generator import split
    from generator.render import render_pages

    lines = "".join(f"  - {t.id}\n" for t in content().issues)
    replace_once(project / "content/story.yaml", f"key_issues:\n{lines}",
                 "key_issues:\n  - s300-air-defense-for-iran\n  - us-russia-relations\n")
    story = load_content(project / "content")
    key = ["s300-air-defense-for-iran", "us-russia-relations"]
    rest = [t.id for t in story.issues if t.id not in key]

    def home_block() -> tuple[str, ET.Element]:
        home = render_pages(story)["index.md"]
        start = home.index('<div class="stance-pair">')
        return home, parse(home[start:home.index("</div>\n", home.index("</figure>", start)) + len("</div>")])

    _, root = home_block()
    assert [a.attrib["href"] for a in root.iter("a")] == [f"issues/{t}/" for t in key + rest]
    monkeypatch.setattr(split, "HOME_PICTURE_POSITIONS", 1)
    home, root = home_block()
    expected = [f"{t}/{p.actor}" for t in key for p in story.issue(t).positions]
    assert positions_in_table(root) == expected and sorted(positions_in_svg(root)) == sorted(expected)
    assert [a.attrib["href"] for a in root.iter("a")] == [f"issues/{t}/" for t in key]
    assert f"The key issues only; [all {len(story.issues)} issues]" in home and "each have their own picture." in home
