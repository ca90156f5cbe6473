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
* :func:`template_cache`: the theme's templates compiled once per ``mkdocs serve`` (MkDocs makes a
  new Jinja environment, and so compiles every template again, on each rebuild).

Every cache holds a pure function's result for the exact input it was computed from (bytes
compared, never a timestamp alone), so a warm rebuild gives the bytes a cold build gives.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping
from pathlib import Path

import jinja2
import jinja2.bccache


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
    configuration: syntax, whitespace options, extensions, the names of its filters and tests (an
    unknown one compiles to an error), ``finalize``, ``autoescape``, ``optimized`` and ``is_async``;
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
            tuple(sorted(env.extensions)), tuple(sorted(env.filters)), tuple(sorted(env.tests)),
            env.autoescape, env.optimized, env.is_async)


_TEMPLATES = _CompiledTemplates()


def template_cache() -> jinja2.BytecodeCache:
    """The in-memory cache of compiled templates that lives as long as this module (under ``mkdocs
    serve``, until the generator's code changes): set as a Jinja environment's ``bytecode_cache``."""
    return _TEMPLATES
