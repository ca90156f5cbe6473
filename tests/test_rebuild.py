"""Caches for ``mkdocs serve`` never change a result (issue 15: edit-to-reload).

Under ``mkdocs serve`` the generator's modules stay loaded between saves (the hook reloads
them only when their code changes), so the last parse and shape check of each content file,
the indexed article and the share cards are reused for what did not change. Here the same
content is loaded, rendered and turned into site files warm (after an edit, with the caches of
the edit's predecessor) and cold (caches emptied): the pages, files, warnings and problems
must be the same, for edits of records, of the article and for broken content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import CONTENT
from pydantic import BaseModel, ConfigDict, PrivateAttr

from generator import content as content_module
from generator import rebuild, share_cards, yamlsource
from generator.content import load_content
from generator.problems import ContentError
from generator.render import render_pages
from generator.site_files import site_files

CACHES: list[dict[Any, Any] | list[Any]] = [yamlsource._PARSED, content_module._VALIDATED, content_module._SOURCES,
                                             share_cards._CACHE, rebuild._RENDERED]


def _everything(content_dir: Path) -> tuple[Any, ...]:
    """Pages, site files and warnings of ``content_dir``, or the problems that stop it."""
    try:
        content = load_content(content_dir)
    except ContentError as exc:
        return ("problems", [p.format() for p in exc.problems])
    pages = rebuild.rendered(content, None)  # as the hook renders under mkdocs serve
    cards, data = site_files(content, list(pages))
    return pages, share_cards.Drawing(cards).result(), data, [p.format() for p in content.warnings]


def _cold(content_dir: Path) -> tuple[Any, ...]:
    for cache in CACHES:
        cache.clear()
    return _everything(content_dir)


ARTICLE = "sources/kerry-putin-sochi-2015-05-12.txt"
#: A line no fact cites, appended to the article: valid content whose only change is the source page.
ADDED_LINE = "\nThis line was added to the article after the facts were recorded."
_ARTICLE_BYTES = (CONTENT / ARTICLE).read_bytes()
_NEW_SHA = hashlib.sha256(_ARTICLE_BYTES + ADDED_LINE.encode("utf-8")).hexdigest()
_OLD_SHA = hashlib.sha256(_ARTICLE_BYTES).hexdigest()

#: An edit that breaks the content: the quote's speaker is not in it.
BROKEN = [("quotes.yaml", "speaker: barack-obama", "speaker: j-kerry")]

EDITS = [
    pytest.param([("actors.yaml", "name: John Kerry", "name: John F. Kerry")], id="a-name-on-many-pages"),
    pytest.param(BROKEN, id="broken-content"),
    pytest.param([(ARTICLE, "filed this report from Moscow.", "filed this report from Moscow." + ADDED_LINE),
                  ("story.yaml", f"sha256: {_OLD_SHA}", f"sha256: {_NEW_SHA}")], id="the-article-changed"),
    pytest.param([("actors.yaml", "name: John Kerry", "name: John F. Kerry"),
                  ("actors.yaml", "name: John F. Kerry", "name: John Kerry")], id="an-edit-undone"),
    # One edit of each other kind of record, each shown on some page.
    pytest.param([("issues.yaml", 'title: "Ukraine and the February ceasefire"',
                   'title: "Ukraine and the ceasefire of February"')], id="an-issue"),
    pytest.param([("timeline.yaml", 'title: "Ban on delivering an air defense missile system to Iran begins"',
                   'title: "A ban on delivering an air defense missile system to Iran begins"')], id="an-event"),
    pytest.param([("quotes.yaml", "The article does not say who used the word, or when.",
                   "The article does not say who first used the word, or when.")], id="a-quote"),
    pytest.param([("story.yaml", 'headline: "Kerry meets', 'headline: "John Kerry meets')], id="the-story"),
    pytest.param([("glossary.yaml", "The Russian presidential residence in Sochi where Putin welcomed Kerry",
                   "The Russian presidential residence in Sochi, where Putin welcomed Kerry")], id="a-term"),
]


@pytest.mark.parametrize("edits", EDITS)
def test_a_warm_rebuild_after_an_edit_gives_what_a_cold_one_gives(
        project: Path, edit: Callable[[str, str, str], None], edits: list[tuple[str, str, str]]) -> None:
    content_dir = project / "content"
    first = _cold(content_dir)
    assert first[0] != "problems"
    for name, old, new in edits:
        edit(name, old, new)
        warm = _everything(content_dir)
    assert yamlsource._PARSED and content_module._SOURCES, "the caches were not used"
    assert warm == _cold(content_dir)
    if edits == BROKEN:
        assert warm[0] == "problems"
        return
    assert warm[0] != "problems", warm[1]  # every other edit leaves the content valid
    if edits[-1][2] == "name: John Kerry":  # undone: the first pages again
        assert warm == first
    else:  # the edit shows (the last render's pages were not reused)
        assert warm[0] != first[0]


def test_unchanged_files_are_not_parsed_again(project: Path, edit: Callable[[str, str, str], None]) -> None:
    content_dir = project / "content"
    _cold(content_dir)
    before = {name: entry[1][0] for name, entry in yamlsource._PARSED.items()}
    edit("actors.yaml", "name: John Kerry", "name: John F. Kerry")
    _everything(content_dir)
    after = {name: entry[1][0] for name, entry in yamlsource._PARSED.items()}
    assert [name for name in after if after[name] is not before[name]] == [
        name for name in after if name.endswith("actors.yaml")]


def test_the_last_render_is_reused_only_for_the_same_content(project: Path, edit: Callable[[str, str, str], None],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that leaves the content as it was (a hand-written page, the theme) renders no page again;
    the same content parsed afresh (other objects, the same value) is recognised too."""
    content_dir = project / "content"
    first = _cold(content_dir)
    calls: list[str | None] = []

    def counting(content: Any, site_url: str | None = None) -> dict[str, str]:
        calls.append(site_url)
        return render_pages(content, site_url)

    monkeypatch.setattr("generator.render.render_pages", counting)
    assert _everything(content_dir) == first
    yamlsource._PARSED.clear()  # every record parsed and checked afresh: new objects of the same value
    content_module._VALIDATED.clear()
    assert _everything(content_dir) == first
    assert calls == []
    assert rebuild.rendered(load_content(content_dir), "https://example.org/") != first[0]  # another site_url
    assert calls == ["https://example.org/"]
    edit("actors.yaml", "name: John Kerry", "name: John F. Kerry")
    assert _everything(content_dir)[0] != first[0]
    assert calls == ["https://example.org/", None]


def test_same_value_takes_order_and_every_field_into_account() -> None:
    from generator.schema import Actor

    assert rebuild.same_value({"a": 1, "b": (2, [3])}, {"a": 1, "b": (2, [3])})
    assert not rebuild.same_value({"a": 1, "b": 2}, {"b": 2, "a": 1})  # == would say equal
    assert not rebuild.same_value((1, 2), [1, 2])
    assert not rebuild.same_value((1, 2), (1, 2, 3))
    kerry = {"id": "john-kerry", "name": "John Kerry", "role": "U.S. Secretary of State", "kind": "person"}
    assert rebuild.same_value(Actor.model_construct(**kerry), Actor.model_construct(**kerry))
    renamed = Actor.model_construct(**{**kerry, "name": "J. Kerry"})
    assert not rebuild.same_value(Actor.model_construct(**kerry), renamed)


def test_changed_lists_what_differs_and_everything_when_the_surroundings_change() -> None:
    last = {"a.md": "A", "b.md": "B", "c.png": b"C"}
    now = {"a.md": "A", "b.md": "B2", "c.png": b"C", "d.md": "D"}
    assert rebuild.changed(last, now, "theme 1", "theme 1") == {"b.md", "d.md"}
    assert rebuild.changed(last, now, "theme 1", "theme 2") == set(now)
    assert rebuild.changed({}, now, None, ("key",)) == set(now)


def test_fingerprint_sees_an_edit_and_a_new_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"ignored")
    first = rebuild.fingerprint(tmp_path)
    assert [entry[0] for entry in first] == ["a.py"]
    (tmp_path / "a.py").write_text("x = 22\n", encoding="utf-8")
    assert rebuild.fingerprint(tmp_path) != first
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("", encoding="utf-8")
    assert [entry[0] for entry in rebuild.fingerprint(tmp_path)] == ["a.py", "sub/b.py"]
    assert rebuild.fingerprint(tmp_path / "missing") == ()


def _theme_env(folder: Path, **options: Any) -> jinja2.Environment:
    """A fresh environment as MkDocs makes one per build, with the serve-long template cache."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), **options)
    env.bytecode_cache = rebuild.template_cache()
    return env


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources Jinja compiles during the test, in order (it compiles what the cache lacks)."""
    sources: list[str] = []
    real_compile = jinja2.Environment.compile

    def counting_compile(self: jinja2.Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        sources.append(str(source))
        return real_compile(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    return sources


def test_compiled_templates_are_reused_only_for_the_same_source_and_settings(
        tmp_path: Path, compiled: list[str]) -> None:
    """Each build's new environment takes a template's compiled code from the cache instead of
    compiling it again; an edited template, or an environment that compiles differently (another
    filter set, other whitespace options), compiles afresh and renders what a cold build renders."""
    page = tmp_path / "page.html"
    page.write_text("{% for x in items %}\n[{{ x | shout }}]{% endfor %}", encoding="utf-8")

    def render(env: jinja2.Environment) -> str:
        env.filters["shout"] = str.upper
        return env.get_template("page.html").render(items=["a", "b"])

    assert render(_theme_env(tmp_path)) == "\n[A]\n[B]"
    assert len(compiled) == 1
    assert render(_theme_env(tmp_path)) == "\n[A]\n[B]"  # the next build: not compiled again
    assert len(compiled) == 1
    assert render(_theme_env(tmp_path, trim_blocks=True)) == "[A][B]"  # compiled for these settings
    assert len(compiled) == 2
    no_filter = _theme_env(tmp_path)  # no "shout": Jinja compiles a template error, never the cached code
    with pytest.raises(jinja2.TemplateError, match="shout"):
        no_filter.get_template("page.html").render(items=["a"])
    assert len(compiled) == 3
    page.write_text("{% for x in items %}<{{ x | shout }}>{% endfor %}", encoding="utf-8")
    assert render(_theme_env(tmp_path)) == "<A><B>"  # edited: compiled afresh
    assert len(compiled) == 4


def test_a_filter_folded_at_compile_time_is_never_reused_from_another_build(tmp_path: Path) -> None:
    """Jinja's optimiser calls a filter on constant arguments while compiling and keeps the result in
    the code: a build whose filter of the same name does something else must not get that code."""
    page = tmp_path / "page.html"
    page.write_text("{{ 'x' | stamp }}", encoding="utf-8")

    def render(stamp: Callable[[str], str]) -> str:
        env = _theme_env(tmp_path)
        env.filters["stamp"] = stamp
        return env.get_template("page.html").render()

    def first(text: str) -> str:
        return f"{text}-build1"

    def second(text: str) -> str:
        return f"{text}-build2"

    assert render(first) == "x-build1"
    assert render(second) == "x-build2"
    assert render(first) == "x-build1"


def test_same_value_says_no_to_what_is_equal_but_shows_otherwise() -> None:
    """Equal is not enough where a page would print the two differently: then the pages are rendered afresh."""
    assert not rebuild.same_value(0.0, -0.0)
    assert not rebuild.same_value({1: "a"}, {True: "a"})
    assert not rebuild.same_value({"a": 1}, {"b": 1})
    assert not rebuild.same_value([{1}], [{True}])
    assert rebuild.same_value({"a": [1.5, "x"]}, {"a": [1.5, "x"]})


class _Dated(BaseModel):
    title: str
    note: str = ""


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str


class _Private(BaseModel):
    title: str
    _seen: int = PrivateAttr(default=0)


def test_same_value_compares_which_fields_were_set_and_extra_and_private_attributes() -> None:
    """A pydantic model's value is more than its fields: a field given as its default is not the same
    as one left out (``model_dump(exclude_unset=True)`` tells them apart), and extra and private
    attributes live outside ``__dict__``."""
    assert rebuild.same_value(_Dated(title="A", note=""), _Dated(title="A", note=""))
    assert not rebuild.same_value(_Dated(title="A", note=""), _Dated(title="A"))
    assert rebuild.same_value(_Open(title="A", extra="x"), _Open(title="A", extra="x"))
    assert not rebuild.same_value(_Open(title="A", extra="x"), _Open(title="A", extra="y"))
    seen = _Private(title="A")
    seen._seen = 1
    assert rebuild.same_value(seen, seen.model_copy())
    assert not rebuild.same_value(_Private(title="A"), seen)


def _html_escaped(template_name: str | None) -> bool:
    """An ``autoescape`` of the theme's own, one function object for every build."""
    return bool(template_name and template_name.endswith(".html"))


def _shout(value: object) -> object:
    """A finalize of the theme's own: one function object for every build, as a module-level one is."""
    return str(value).upper()


def test_environments_with_a_finalize_or_autoescape_of_their_own_are_never_cached(
        tmp_path: Path, compiled: list[str]) -> None:
    """Jinja compiles a call of ``finalize`` (with or without the context) and the result of a callable
    ``autoescape`` into the code: no key can tell such environments apart, so each compiles afresh."""
    (tmp_path / "page.html").write_text("[{{ x }}]", encoding="utf-8")
    stored = len(rebuild._TEMPLATES._code)
    for options in ({"finalize": _shout}, {"autoescape": _html_escaped}):
        env = _theme_env(tmp_path, **options)
        assert rebuild._settings(env) is None
        first = env.get_template("page.html").render(x="<a>")
        again = _theme_env(tmp_path, **options).get_template("page.html").render(x="<a>")
        assert again == first
    assert len(compiled) == 4  # every environment compiled its own code
    assert len(rebuild._TEMPLATES._code) == stored
    contextual = _theme_env(tmp_path, finalize=jinja2.pass_context(lambda context, value: f"{context['x']}!"))
    assert contextual.get_template("page.html").render(x="a") == "[a!]"  # not the code compiled for _shout
