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

Every cache holds a pure function's result for the exact input it was computed from (bytes
compared, never a timestamp alone), so a warm rebuild gives the bytes a cold build gives.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping
from pathlib import Path


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
