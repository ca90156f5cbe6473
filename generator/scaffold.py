"""``generator new DIR --source FILE``: a new explainer project that builds and passes its tests at once.

The new project holds everything a site of its own needs and nothing of the generator's code:

* ``content/``: the five fact sheets, each with its ``yaml-language-server`` modeline, one
  placeholder record per required kind (marked TODO, each citing a sentence of the article, so
  ``check`` passes) and a commented example of every field, made from the models
  (:mod:`generator.schema`) so it never lags behind them; ``sources/`` with the article, whose
  sha256 ``story.yaml`` records; ``schemas/``; ``pages/about.md``;
* ``mkdocs.yml`` (the generator's, with the hook taken from the installed package), a one-line
  hook file, ``theme_overrides/`` (a copy of the generator's: the site's own look, to change);
* ``Makefile`` (``site``, ``test``, ``serve``, ``schema``, ``clean``), ``requirements.txt``,
  ``.ci/run``, ``.github/workflows/pages.yml`` (the generator's, installing from
  ``requirements.txt``), ``.gitignore`` and a README.

Where the generator's own files (mkdocs.yml, the theme, .ci/run, the workflow) come from: a wheel
carries them as package data (``generator/project_files/``, copied from the repository by
setup.py's build step), read with :mod:`importlib.resources`; a source checkout or an editable
install reads them from the checkout. The repository's files are the only copy.

How the new project gets the generator: ``requirements.txt`` holds one pip requirement for the
``explainer`` package (``--generator``), by default the one this generator was installed from
(:func:`default_requirement`); for CI, pin a git URL with a commit, e.g. ``explainer @
git+https://github.com/ORG/explainer@<commit>``. The generator pins its own dependencies
exactly, so the requirement fixes every version.

Nothing is overwritten: ``DIR`` must be missing or an empty folder (not a symlink), every file
is created with exclusive creation, and the article must be a regular UTF-8 file.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from generator.provenance import SourceText
from generator.schema import FILES, json_schemas
from generator.yamlsource import read_file

#: The source checkout this module may run from (a wheel's package sits in site-packages instead).
CHECKOUT = Path(__file__).resolve().parent.parent
#: The generator's own files a new project gets a copy of (setup.py's PROJECT_FILES packages them).
PROJECT_FILES = ("mkdocs.yml", ".ci/run", ".github/workflows/pages.yml", "theme_overrides")


class ScaffoldError(Exception):
    """Why no project was created (nothing was written)."""


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------- commented examples

#: Example values for fields whose meaning a generic placeholder would not show.
_EXAMPLES: dict[str, str] = {
    "id": "an-id", "date": '"2015-05-12"', "dateline": '"2015-05-12"', "as_written": '"Tuesday"',
    "sha256": "<64 hexadecimal digits: sha256sum FILE>", "file": "sources/article.txt",
    "url": '"https://example.com/article"', "exact": '"the article\'s words, copied exactly"',
    "prefix": '"words just before "', "suffix": '" words just after"',
    **dict.fromkeys(("affiliation", "speaker", "actor", "publisher", "pivotal_quote"), "an-actor-or-quote-id"),
}


def _inner(annotation: Any) -> Any:
    """``X`` for ``X | None`` and ``Annotated`` forms; otherwise ``annotation``."""
    while True:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if get_origin(annotation) in (Union, UnionType) and len(args) == 1:
            annotation = args[0]
        elif hasattr(annotation, "__metadata__"):
            annotation = get_args(annotation)[0]
        else:
            return annotation


def _example_lines(model: type[BaseModel], indent: str) -> list[str]:
    """Commented YAML for one record of ``model``: each field's description, then the field with
    an example value (nested records and lists of records spelled out)."""
    lines: list[str] = []
    for name, info in model.model_fields.items():
        annotation = _inner(info.annotation)
        origin = get_origin(annotation)
        required = "required" if info.is_required() else "optional"
        lines.append(f"{indent}# ({required}) {info.description or ''}".rstrip())
        item = _inner(get_args(annotation)[0]) if origin is list else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            lines.append(f"{indent}{name}:")
            lines += _example_lines(annotation, indent + "  ")
        elif isinstance(item, type) and issubclass(item, BaseModel):
            lines.append(f"{indent}{name}:")
            sub = _example_lines(item, indent + "    ")
            first = next(i for i, line in enumerate(sub) if not line.lstrip().startswith("#"))
            sub[first] = f"{indent}  - {sub[first].lstrip()}"
            lines += sub
        elif origin is list:
            lines.append(f"{indent}{name}:\n{indent}  - {_EXAMPLES.get(name, 'an-id')}")
        elif origin is Literal:
            lines.append(f"{indent}{name}: {get_args(annotation)[0]}   # one of: "
                         + ", ".join(str(a) for a in get_args(annotation)))
        else:
            lines.append(f"{indent}{name}: {_EXAMPLES.get(name, _yaml('…'))}")
    return lines


def commented_example(model: type[BaseModel], key: str | None) -> str:
    """A commented-out example of a record of ``model`` (as a list item under ``key``, or the
    whole file when ``key`` is ``None``), every field with its description."""
    if key is None:
        body = _example_lines(model, "")
    else:
        body = _example_lines(model, "    ")
        first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
        body[first] = "  - " + body[first].lstrip()
    # Uncommenting a block (dropping the leading "# ") leaves the descriptions as comments.
    return "".join(f"# {line}\n" for line in "\n".join(body).splitlines())


# --------------------------------------------------------------------------- the files

def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or "article"


def _content_files(article: str, source_name: str, digest: str, today: date) -> dict[str, str]:
    source = SourceText(article)
    once = [source.text[s.start:s.end] for s in source.sentences
            if len(source.occurrences(source.text[s.start:s.end])) == 1]
    if not once:
        raise ScaffoldError("the article has no sentence that occurs only once; is it the article's text?")
    anchor = once[0]
    first_line = source.text[source.paragraphs[0].start:source.paragraphs[0].end]
    headline = first_line if len(first_line) <= 120 else anchor[:117].rstrip() + "…"
    evidence = f"evidence:\n  - exact: {_yaml(anchor)}\n"
    record_evidence = f"    evidence:\n      - exact: {_yaml(anchor)}\n"
    modeline = "# yaml-language-server: $schema=schemas/{}.schema.json\n"
    todo = ("# The records below are placeholders, so that the site builds at once: each cites the article's\n"
            "# first sentence that occurs once. Replace them with the story's facts (`make test` lists each).\n")
    story = (
        modeline.format("story") + todo
        + f"id: {_slug(headline)[:64].strip('-') or 'story'}\n"
        f"headline: {_yaml(headline)}\n"
        'standfirst: "TODO: one or two sentences saying what happened."\n'
        "summary:\n"
        '  - "TODO: what happened, in a few sentences (one item per paragraph)."\n'
        f'dateline: "{today.isoformat()}"   # TODO: when it happened (EDTF)\n'
        'place: "TODO: where it happened"\n'
        "publisher: publisher\n"
        "key_actors:\n  - publisher\n"
        "key_issues:\n  - the-story\n"
        "source:\n"
        f"  file: sources/{source_name}\n"
        f"  sha256: {digest}\n"
        + evidence
        + "\n# Every field of story.yaml, commented out (uncomment and edit the ones you need):\n"
        + commented_example(FILES["story.yaml"], None)
    )
    actors = (
        modeline.format("actors") + todo + "actors:\n"
        "  - id: publisher\n"
        '    name: "TODO: the publisher\'s name"\n'
        "    kind: organisation\n"
        '    role: "Publisher of the article"\n'
        '    summary: "TODO: who they are and what they did in the story."\n'
        + record_evidence
        + "\n# An actor with every field, commented out:\n"
        + commented_example(_item_model("actors.yaml"), "actors")
    )
    issues = (
        modeline.format("issues") + todo + "issues:\n"
        "  - id: the-story\n"
        '    title: "TODO: what is in dispute"\n'
        '    summary: "TODO: what is at stake, in a sentence or two."\n'
        "    positions:\n"
        "      - actor: publisher\n"
        '        stance: "TODO: where this actor stands"\n'
        "        evidence:\n"
        f"          - exact: {_yaml(anchor)}\n"
        + record_evidence
        + "\n# An issue with every field, commented out:\n"
        + commented_example(_item_model("issues.yaml"), "issues")
    )
    quotes = (modeline.format("quotes") + "quotes: []\n\n# A quote with every field, commented out "
              "(its text must stand verbatim inside the article's quotation marks):\n"
              + commented_example(_item_model("quotes.yaml"), "quotes"))
    timeline = (modeline.format("timeline") + "events: []\n\n# An event with every field, commented out:\n"
                + commented_example(_item_model("timeline.yaml"), "events"))
    return {"content/story.yaml": story, "content/actors.yaml": actors, "content/issues.yaml": issues,
            "content/quotes.yaml": quotes, "content/timeline.yaml": timeline}


def _item_model(name: str) -> type[BaseModel]:
    """The record model of a list file (``ActorsFile.actors`` → ``Actor``)."""
    (field,) = FILES[name].model_fields.values()
    item = get_args(_inner(field.annotation))[0]
    model = _inner(item)
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


ABOUT = """\
# About this explainer

<!-- explainer: the story -->

It is built from fact sheets that editors keep in YAML; every fact on it points to the words of
the article it comes from.

## Sourcing

- **One source.** Everything here comes from the article shown on the [source page](source.md).
  Nothing is added from elsewhere.
- **Every fact is anchored** to the exact words of the article it rests on; the build fails if
  those words are not in the article. Each fact's *source* link opens the passage on the source page.
- **Quotes are verbatim**: a quote appears only if its words stand inside quotation marks in the article.
- **Dates are honest**: written in EDTF, with the article's own words beside each date.
- **The article is fingerprinted**: if its text changes, the build stops and lists every fact to review.

## Corrections

If you find a mistake on this site, open an issue in the repository; the *edit* link on any page
opens the fact sheet it comes from.
"""

MAKEFILE = """\
# Two commands on a fresh machine: `make site` builds the site, `make test` checks the content
# and runs the strict build CI runs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := true

.PHONY: site test check serve schema clean

$(STAMP): requirements.txt
\t$(PYTHON) -m venv $(VENV)
\t$(BIN)/python -m pip install --quiet -r requirements.txt
\trm -f $(VENV)/.installed-*
\ttouch $@

## site: build site/ with mkdocs build --strict (into a temporary folder, swapped in on success)
site: $(STAMP)
\t$(BIN)/python -m generator build

## test: check the content (every fact against the article), list what is uncited, build strictly
test: $(STAMP)
\t$(BIN)/python -m generator check --coverage --build

check: test

## serve: live preview for editors at http://127.0.0.1:8000/
serve: $(STAMP)
\t$(BIN)/mkdocs serve

## schema: rewrite content/schemas/*.schema.json (after upgrading the generator)
schema: $(STAMP)
\t$(BIN)/python -m generator schema

clean:
\trm -rf $(VENV) site
"""

README = """\
# {headline}

An explainer site made with the explainer generator (`python -m generator new`).

```sh
make site    # create .venv, install the generator (requirements.txt), build site/
make test    # check every fact against the article, list uncited sentences, strict build
make serve   # live preview at http://127.0.0.1:8000/ (errors show on the page)
```

Start with the TODO placeholders in `content/*.yaml`: they are there only so that the site builds
at once, and **each must be replaced before you publish** (CI publishes whatever `make test`
passes, placeholders included). `make test` lists every one still there as
`content/story.yaml:10:9: to do: replace the placeholder “TODO: where it happened”`, beside the
sentences of the article no fact cites yet. Each file ends with a commented example of every
field. The article is `content/sources/{source}`; its sha256 is in `content/story.yaml`.

The generator comes from `requirements.txt` (one pip requirement); pin it to a release or a git
commit (`explainer @ git+https://github.com/ORG/explainer@<commit>`) for CI.
"""

HOOK = '''"""The explainer generator's MkDocs hook, from the installed package (see requirements.txt)."""

from generator.mkdocs_hook import *  # noqa: F403
from generator.mkdocs_hook import __doc__ as __doc__
'''


def project_files_root() -> Traversable:
    """Where the generator's own files (:data:`PROJECT_FILES`) are: the package data of an installed
    wheel (``generator/project_files/``), else the source checkout this module runs from.

    Raises :class:`ScaffoldError` when neither holds them all (a broken installation).
    """
    packaged = resources.files("generator").joinpath("project_files")
    for root in (packaged, CHECKOUT):
        missing = [name for name in PROJECT_FILES if not (_at(root, name).is_file() or _at(root, name).is_dir())]
        if not missing:
            return root
    raise ScaffoldError(f"this installation of the generator lacks its project files ({', '.join(missing)}); "
                        "install it from a wheel (`pip wheel` in a source checkout) or use a source checkout")


def _at(root: Traversable, name: str) -> Traversable:
    return root.joinpath(*name.split("/"))


def _text(root: Traversable, name: str) -> str:
    return _at(root, name).read_text(encoding="utf-8")


def _tree(folder: Traversable, prefix: str) -> dict[str, bytes]:
    """Every file under ``folder`` (sorted by name, ``__pycache__`` skipped) as ``prefix/…`` → bytes."""
    files: dict[str, bytes] = {}
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__" or (isinstance(item, Path) and item.is_symlink()):
            continue
        if item.is_dir():
            files |= _tree(item, f"{prefix}/{item.name}")
        elif item.is_file():
            files[f"{prefix}/{item.name}"] = item.read_bytes()
    return files


def _project_files(headline: str, source_name: str, requirement: str,
                   root: Traversable | None = None) -> dict[str, str]:
    """The non-content files, several derived from the generator's own (:func:`project_files_root`)
    so they stay in step with it."""
    root = project_files_root() if root is None else root
    mkdocs = _text(root, "mkdocs.yml").replace("generator/mkdocs_hook.py", "hooks/explainer.py")
    mkdocs = re.sub(r"\n  - generator\n", "\n", mkdocs)
    workflow = _text(root, ".github/workflows/pages.yml").replace("requirements.lock", "requirements.txt")
    return {
        "mkdocs.yml": mkdocs,
        "hooks/explainer.py": HOOK,
        "content/pages/about.md": ABOUT,
        "Makefile": MAKEFILE,
        "requirements.txt": f"# The explainer generator (and, through its exact pins, every other package).\n"
                            f"{requirement}\n",
        ".ci/run": _text(root, ".ci/run"),
        ".github/workflows/pages.yml": workflow,
        ".gitignore": ".venv/\nsite/\n.site.explainer-manifest\n__pycache__/\n",
        "README.md": README.format(headline=headline.replace("\n", " "), source=source_name),
    }


def default_requirement() -> str:
    """The pip requirement for the generator that is running, as a new project's requirements.txt line.

    * a source checkout (or an editable install of one): ``explainer @ file:///…/checkout``;
    * a package installed from a URL or a file (PEP 610's ``direct_url.json``): that URL, a git URL
      with its commit (``explainer @ git+https://…@<commit>``) or a wheel with its sha256
      (``explainer @ file:///…/explainer-0.1.0-py3-none-any.whl#sha256=…``);
    * otherwise (from a package index): ``explainer==<version>``.
    """
    if (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "theme_overrides").is_dir():
        return f"explainer @ {CHECKOUT.as_uri()}"
    try:
        dist = metadata.distribution("explainer")
    except metadata.PackageNotFoundError:
        raise ScaffoldError("cannot tell where this generator was installed from; give --generator "
                            "REQUIREMENT (e.g. 'explainer @ git+https://github.com/ORG/explainer@<commit>')") from None
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    url = direct.get("url")
    if not isinstance(url, str):
        return f"explainer=={dist.version}"
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict):
        return f"explainer @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}".rstrip("@")
    archive = direct.get("archive_info")
    digest = (archive.get("hashes") or {}).get("sha256") if isinstance(archive, dict) else None
    return f"explainer @ {url}#sha256={digest}" if digest and "#" not in url else f"explainer @ {url}"


def _check_target(target: Path) -> None:
    if target.is_symlink():
        raise ScaffoldError(f"{target} is a symbolic link; choose a new folder")
    if target.exists():
        if not target.is_dir():
            raise ScaffoldError(f"{target} exists and is not a folder; choose a new folder")
        if any(target.iterdir()):
            raise ScaffoldError(f"{target} is not empty; choose a new or empty folder (nothing was written)")


def create(target: Path, source: Path, requirement: str | None = None, today: date | None = None) -> list[Path]:
    """Create a new explainer project in ``target`` (missing or empty) for the article ``source``.

    Returns the files written, in order. Raises :class:`ScaffoldError` (having written
    nothing) when ``target`` exists and is not an empty folder or is a symlink, when the
    article cannot be read as UTF-8 text, or when the generator's own files are missing
    (:func:`project_files_root`); ``OSError`` for a failure while writing (files are created exclusively, so an
    existing file is never overwritten).
    """
    root = project_files_root()
    if requirement is not None and (not requirement.strip()
                                    or any(ord(c) < 32 or ord(c) == 127 for c in requirement)):
        raise ScaffoldError(f"--generator {requirement!r}: one pip requirement on one line, without newlines "
                            "or control characters, e.g. 'explainer @ git+https://github.com/ORG/explainer@<commit>'")
    _check_target(target)
    if not source.is_file():
        raise ScaffoldError(f"--source {source}: not a regular file")
    try:
        raw = read_file(source)
        article = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScaffoldError(f"--source {source}: not UTF-8 text; save the article as UTF-8") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise ScaffoldError(f"--source {source}: cannot read it ({exc})") from None
    if not article.strip():
        raise ScaffoldError(f"--source {source}: the file is empty")
    source_name = f"{_slug(source.stem)}.txt"
    files = _content_files(article, source_name, hashlib.sha256(raw).hexdigest(), today or date.today())
    headline = json.loads(next(line for line in files["content/story.yaml"].splitlines()
                               if line.startswith("headline: ")).removeprefix("headline: "))
    files |= _project_files(headline, source_name, requirement or default_requirement(), root)
    files |= {f"content/schemas/{name}": json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
              for name, doc in json_schemas().items()}
    binary = {f"content/sources/{source_name}": raw,
              **_tree(root.joinpath("theme_overrides"), "theme_overrides")}
    target.mkdir(parents=True, exist_ok=True)
    _check_target(target)  # again, right before writing
    written = []
    for name, data in sorted({**{k: v.encode("utf-8") for k, v in files.items()}, **binary}.items()):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as out:  # exclusive: never overwrite
            out.write(data)
        written.append(path)
    (target / ".ci" / "run").chmod(0o755)
    return written
