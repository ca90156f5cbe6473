"""Problems found in content: one record per mistake, one format for all of them.

Every check in the generator reports a :class:`Problem` instead of raising at the first
mistake, so an editor sees every mistake at once. The format is the one compilers and
linters use (``file:line:col: message``), which editors and CI logs turn into links.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

#: Categories of the characters that would break the one-line format or act on the terminal
#: instead of showing: controls (line breaks, ESC …), format characters (bidi overrides,
#: zero-width …), lone surrogates (not encodable), the Unicode line and paragraph separators.
_UNSHOWABLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(char: str) -> str:
    if unicodedata.category(char) not in _UNSHOWABLE:
        return char
    code = ord(char)
    return _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else
                                        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def visible(text: str) -> str:
    """``text`` with each character that is invisible or acts on a terminal (line breaks, ESC,
    bidi overrides, zero-width characters, lone surrogates) shown as a Python escape, ``\\n``,
    ``\\x1b``, ``\\u202e``, so an echoed value can neither break a report line nor hide."""
    return text if text.isprintable() else "".join(map(_shown, text))


class Severity(StrEnum):
    """How bad a problem is: an ``error`` stops the build, a ``warning`` does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place.

    ``file`` is the path as shown to the editor (relative to the project, POSIX slashes);
    ``line`` and ``col`` are 1-based, as editors count them (0 means "the whole file").
    ``message`` says what is wrong and ``hint`` how to fix it; both are plain text. ``kind``
    names the rule broken, for code that treats some problems apart (never shown; ``""`` for
    most; e.g. :data:`generator.project.GENERATED_ONLY`).
    """

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    kind: str = ""

    def format(self) -> str:
        """Return ``file:line:col: [warning: ]message; hint`` on one line, made :func:`visible`."""
        where = f"{self.file}:{self.line}:{self.col}"
        level = "warning: " if self.severity is Severity.WARNING else ""
        tail = f"; {self.hint}" if self.hint else ""
        return visible(f"{where}: {level}{self.message}{tail}")


class ContentError(Exception):
    """Raised when content has at least one error; carries every problem found.

    ``problems`` is sorted by file, line and column and may include warnings.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} content error{'s' * (len(errors) != 1)}")

    def report(self) -> str:
        """All problems, one per line, followed by a count; for printing."""
        return format_report(self.problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by file, line, column and message, duplicates dropped."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.col, p.message, p.hint))


def format_report(problems: Iterable[Problem]) -> str:
    """Format problems one per line with a closing count line (``N errors, N warnings``)."""
    ordered = sort_problems(problems)
    errors = sum(p.severity is Severity.ERROR for p in ordered)
    warnings = len(ordered) - errors
    lines = [p.format() for p in ordered]
    lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    return "\n".join(lines)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one of ``choices`` closest to ``word``, or ``None`` when none is close.

    Closeness is :func:`difflib.get_close_matches` with cutoff 0.6 (the ratio of matching
    characters), the same rule Python itself uses for its attribute suggestions.
    """
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"did you mean 'x'?"`` for the :func:`closest` of ``choices`` to ``word``, or ``""``."""
    close = closest(word, choices)
    return f"did you mean '{close}'?" if close is not None else ""


class Suggestions:
    """:func:`did_you_mean` over one large set of choices, prepared once.

    Comparing a word with every choice costs about 50 µs each (difflib), so 1,000 typos among
    10,000 ids would take minutes. With more than :attr:`FULL` choices, a word is compared only
    with its :attr:`NEIGHBOURS` neighbours either side in the sorted choices and in the choices
    sorted by their reversed text: those share the longest beginnings or endings with it, where
    a typo leaves an id alike. Smaller sets (every real story so far) are compared in full, as
    :func:`did_you_mean` does.
    """

    NEIGHBOURS = 6
    FULL = 100

    def __init__(self, choices: Iterable[str]) -> None:
        self.forward = sorted(set(choices))
        self.backward = sorted(choice[::-1] for choice in self.forward)

    def shortlist(self, word: str) -> list[str]:
        """The choices ``word`` is compared with (all of them for a small set)."""
        k = self.NEIGHBOURS
        if len(self.forward) <= self.FULL:
            return self.forward
        i = bisect.bisect_left(self.forward, word)
        j = bisect.bisect_left(self.backward, word[::-1])
        return sorted({*self.forward[max(i - k, 0):i + k], *(c[::-1] for c in self.backward[max(j - k, 0):j + k])})

    def __call__(self, word: str) -> str:
        """``did_you_mean(word, …)`` against the shortlist."""
        return did_you_mean(word, self.shortlist(word))
