"""What a rebuild under ``mkdocs serve`` can keep from the last one (issue 15: edit-to-reload).

Pure helpers for the MkDocs hook; nothing here imports MkDocs.

* :func:`fingerprint`: name, size and modification time of every file in a folder, so the hook
  reloads the generator's modules only when its code changed (which keeps the caches of
  :mod:`generator.yamlsource`, :mod:`generator.content` and :mod:`generator.share_cards` across
  saves of content) and notices an edit of the theme.
* :func:`changed`: the generated files whose content differs from the last build's. Under
  ``mkdocs serve --dirty`` (``make serve``) the hook tells MkDocs the others are unmodified, and
  MkDocs neither renders nor writes them again: their HTML from the last build is still right,
  because a generated page's HTML depends only on its Markdown and on what ``key`` stands for
  (the theme, ``mkdocs.yml``, the banner of content problems, the About page's credits), and a
  change of ``key`` rebuilds everything.
* :func:`rendered`: the pages of the last render, reused when the content loaded again is the same
  value (:func:`same_value`): a save of a hand-written page, the theme or ``mkdocs.yml`` renders no
  generated page again. ``render_pages`` is a pure function of the content and ``site_url``.
* :func:`template_cache`: the theme's templates compiled once per ``mkdocs serve`` (MkDocs makes a
  new Jinja environment, and so compiles every template again, on each rebuild).

Every cache holds a pure function's result for the exact input it was computed from (bytes
compared, never a timestamp alone), so a warm rebuild gives the bytes a cold build gives.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.bccache
from pydantic import BaseModel

if TYPE_CHECKING:
    from generator.content import Content


def fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """``(relative path, size, mtime in ns)`` of every file under ``folder`` (``__pycache__``
    left out), sorted; empty for a folder that does not exist."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            path = Path(root, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def changed(last: Mapping[str, str | bytes], now: Mapping[str, str | bytes], last_key: Hashable,
            key: Hashable) -> set[str]:
    """Paths in ``now`` whose content differs from ``last`` (or is new); every path when ``key``
    differs from ``last_key``."""
    if key != last_key:
        return set(now)
    return {path for path, content in now.items() if last.get(path) != content}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled code of each template, in memory, for environments configured alike.

    Jinja checks a bucket's checksum (SHA-1 of the template's source) before using its code, so an
    edited template is compiled afresh. What else the compiled code depends on is the environment's
    configuration: syntax, whitespace options, extensions, its filters and tests (an unknown name
    compiles to an error, and Jinja's optimiser calls a filter or test on constant arguments at
    compile time, baking its result into the code: so they count by name *and* function), ``finalize``,
    ``autoescape``, ``optimized``, ``is_async`` and the i18n extension's ``newstyle_gettext``;
    :func:`_settings` keys the code by them, and an environment whose ``autoescape`` or ``finalize``
    is code of its own (compared by identity, new on each build) is not cached at all."""

    def __init__(self) -> None:
        self._code: dict[tuple[Hashable, str], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        settings = _settings(bucket.environment)
        code = self._code.get((settings, bucket.key)) if settings is not None else None
        if code is not None:
            bucket.bytecode_from_string(code)  # resets the bucket if its checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        settings = _settings(bucket.environment)
        if settings is not None:
            self._code[(settings, bucket.key)] = bucket.bytecode_to_string()


def _settings(env: jinja2.Environment) -> Hashable | None:
    """What the code Jinja compiles for ``env`` depends on besides the template's source; ``None``
    when that includes a function of its own (``finalize``, a callable ``autoescape``)."""
    if env.finalize is not None or not isinstance(env.autoescape, bool):
        return None
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
            tuple(sorted(env.extensions)), tuple(sorted(env.filters.items())), tuple(sorted(env.tests.items())),
            env.autoescape, env.optimized, env.is_async, getattr(env, "newstyle_gettext", None))


_TEMPLATES = _CompiledTemplates()


def template_cache() -> jinja2.BytecodeCache:
    """The in-memory cache of compiled templates that lives as long as this module (under ``mkdocs
    serve``, until the generator's code changes): set as a Jinja environment's ``bytecode_cache``."""
    return _TEMPLATES


def same_value(a: object, b: object) -> bool:
    """Whether ``a`` and ``b`` are the same value, order included: dicts compare their items in order
    (``==`` on dicts ignores it, and a page lists a dict in its order), lists and tuples item by item,
    dataclasses, pydantic models (fields, extra and private attributes, which fields were set) and other
    objects with a ``__dict__`` (such as an indexed article) attribute by attribute, everything else
    (strings, numbers, dates, enums, sets) by ``==`` and by ``repr``, which tells apart what is equal
    but printed otherwise (``0.0`` and ``-0.0``; ``{1}`` and ``{True}``). When unsure it says no: the
    pages are then rendered afresh. The same object is the same value at once,
    which keeps the comparison quick: the content's unchanged files give the very objects of the last
    load (:mod:`generator.yamlsource`, :mod:`generator.content`)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return len(a) == len(b) and all(same_value(ka, kb) and same_value(va, vb)
                                        for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, BaseModel) and isinstance(b, BaseModel):
        return (same_value(a.__dict__, b.__dict__) and same_value(a.__pydantic_extra__, b.__pydantic_extra__)
                and same_value(a.__pydantic_private__, b.__pydantic_private__)
                and a.__pydantic_fields_set__ == b.__pydantic_fields_set__)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(same_value(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if hasattr(a, "__dict__") and not isinstance(a, type) and type(a).__eq__ is object.__eq__:
        return same_value(vars(a), vars(b))
    return bool(a == b) and repr(a) == repr(b)  # 0.0 and -0.0, {1} and {True} are equal, not the same


#: The last render under this module's life (``mkdocs serve``): its content, ``site_url`` and pages.
_RENDERED: list[tuple[Content, str | None, dict[str, str]]] = []


def rendered(content: Content, site_url: str | None) -> dict[str, str]:
    """``render.render_pages(content, site_url)``, or a copy of the last call's pages when ``content`` is
    the same value as that call's (:func:`same_value`) and ``site_url`` the same: the renderer is a pure
    function of the two (and of the generator's code, whose edit reloads this module)."""
    from generator.render import render_pages

    if _RENDERED and _RENDERED[0][1] == site_url and same_value(_RENDERED[0][0], content):
        return dict(_RENDERED[0][2])
    pages = render_pages(content, site_url)
    _RENDERED[:] = [(content, site_url, dict(pages))]
    return pages
