"""The ``TODO`` placeholders ``generator new`` writes into a new project's content, still to replace.

A new project builds and passes its tests at once (issue 14), so its fact sheets hold placeholder
records ("TODO: where it happened") that cite the article. They are valid content, not errors:
``generator check`` lists each one still there as a to-do line, ``file:line:col: to do: replace
the placeholder …``, beside the uncited sentences, so that none is published unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.problems import visible

#: The mark ``generator new`` puts in every placeholder, in a value or in a comment beside one.
MARK = re.compile(r"\bTODO\b")
#: Characters of the placeholder's text shown in its to-do line.
SHOWN = 72


@dataclass(frozen=True)
class Placeholder:
    """One ``TODO`` in a content file: its 1-based ``line`` and ``column`` (in characters) and the
    text from the mark to the end of the line (cut to :data:`SHOWN` characters)."""

    file: str
    line: int
    column: int
    text: str

    def format(self) -> str:
        """``file:line:col: to do: replace the placeholder “…”`` (invisible characters shown escaped)."""
        return f"{self.file}:{self.line}:{self.column}: to do: replace the placeholder “{visible(self.text)}”"


def placeholders(content_dir: Path, shown_as: str = "content") -> list[Placeholder]:
    """Every ``TODO`` mark in the fact sheets (``content_dir/*.yaml``, by file name, then line and
    column), each file named ``shown_as/<name>``. A file that cannot be read as UTF-8 is skipped
    (loading the content reports it)."""
    found = []
    for path in sorted(content_dir.glob("*.yaml")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            for mark in MARK.finditer(line):
                text = line[mark.start():].rstrip().rstrip("\"'")
                text = text if len(text) <= SHOWN else text[:SHOWN - 1].rstrip() + "…"
                found.append(Placeholder(f"{shown_as}/{path.name}", number, mark.start() + 1, text))
    return found
