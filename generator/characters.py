"""Which characters text from the content may hold: the rules shared by YAML values and the article.

A page shows every value exactly as written, so text that could not be shown as written, or
that would change how the text *around* it reads, is refused where it is:

* control characters other than tab and line breaks (C0, DEL, C1): invisible, and
  Python-Markdown silently drops two of them (STX, ETX: its placeholder delimiters);
* unbalanced explicit directional formatting characters (Unicode Standard Annex #9, the
  Bidirectional Algorithm, §2.1–2.2): an embedding or override (LRE, RLE, LRO, RLO) that no
  PDF closes, or an isolate (LRI, RLI, FSI) that no PDI closes, goes on reordering whatever
  the page prints after the value: a name ending in RLO (U+202E) would mirror the role after
  it, in the page body, the ``<title>``, the table of contents and the search index alike.
  A closing PDF or PDI with nothing open would end an embedding the page opened. Balanced
  pairs stay inside their value and are kept (a quote can legitimately need them). The marks
  LRM, RLM and ALM are not controls of this kind: they open nothing and only decide the
  direction of the neutral characters right beside them, so they are kept.

:func:`unshowable` finds both kinds in one string (a YAML value); :func:`line_problems` checks
a whole text file line by line (the article, hand-written pages), with located problems.

A third kind, :data:`INVISIBLE`, is judged by where it stands (:func:`invisible` finds them):
characters that show nothing at all, or a blank that is no space: the zero-width space
(U+200B), word joiner (U+2060), zero-width no-break space (U+FEFF), soft hyphen (U+00AD),
Mongolian vowel separator (U+180E), the invisible mathematical operators, the Hangul fillers,
the blank Braille pattern, the Unicode tag characters (U+E0000–U+E007F, which can carry
hidden text), the musical formatting characters (U+1D173–U+1D17A) … They arrive with text
pasted from web pages and PDFs. In an id,
a name, a title or any text the editor writes they are a paste accident: ``two values that
look the same`` then differ, so the YAML value rules refuse them with "delete it". Text that
must be verbatim with the article (a quote's text, an evidence selector's exact, prefix and
suffix) may hold one exactly where the article does: it is checked against the article, and a
difference names the character (:mod:`generator.provenance`). The article itself is kept as
published. Not in the list, because scripts and emoji need them: the zero-width joiner and
non-joiner (U+200C, U+200D), variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF), and the
marks LRM, RLM and ALM (U+200E, U+200F, U+061C).

Hand-written pages follow the rules of YAML text (:func:`line_problems` with
``invisible_too=True``); YAML comments may hold none of the directional formatting characters,
nor an :data:`INVISIBLE` one (:func:`comment_problems`): a comment is shown by an editor, and
a bidi control there could make the lines around it read differently from what they hold
("Trojan Source", CVE-2021-42574).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator

from generator.problems import Problem

#: Control characters a value may hold; they show as spaces.
ALLOWED_CONTROLS = frozenset("\t\n\r")

#: Openers of an embedding or override, closed by PDF.
EMBEDDINGS = {"\u202a": "LRE", "\u202b": "RLE", "\u202d": "LRO", "\u202e": "RLO"}
#: Openers of an isolate, closed by PDI.
ISOLATES = {"\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI"}
PDF, PDI = "\u202c", "\u2069"
#: Every explicit directional formatting character, by its abbreviation in UAX #9.
DIRECTIONAL = {**EMBEDDINGS, **ISOLATES, PDF: "PDF", PDI: "PDI"}


#: Characters that show nothing, or a blank that is no space (see the module docstring).
INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u2060\u2061\u2062\u2063\u2064"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u2800\u3164\ufeff\uffa0\ufff9\ufffa\ufffb"
    + "".join(map(chr, range(0xE0000, 0xE0080)))  # tag characters: can spell hidden text
    + "".join(map(chr, range(0x1D173, 0x1D17B)))  # musical formatting (begin/end beam, tie, slur, phrase)
)


def invisible(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, "U+200B (ZERO WIDTH SPACE)")`` for each :data:`INVISIBLE` character of ``text``, in order."""
    if text.isascii():
        return
    for at, char in enumerate(text):
        if char in INVISIBLE:
            yield at, f"U+{ord(char):04X} ({unicodedata.name(char, 'invisible')})"


def strip_invisible(text: str) -> str:
    """``text`` without its :data:`INVISIBLE` characters."""
    return text if text.isascii() else "".join(c for c in text if c not in INVISIBLE)


def _name(char: str) -> str:
    return f"U+{ord(char):04X} ({DIRECTIONAL.get(char) or unicodedata.name(char, 'control')})"


def unshowable(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, what is wrong)`` for each refused character of ``text``, in order of ``offset``.

    ``offset`` is 0-based into ``text``; the message names the character as ``U+XXXX``
    (never the raw character), says what it would do and how to fix it, and reads after
    "character N is" or "line:col:". See the module docstring for the rules.
    """
    found: list[tuple[int, str]] = []
    open_: list[tuple[int, str]] = []  # (offset, opener), innermost last
    for at, char in enumerate(text):
        if char in EMBEDDINGS or char in ISOLATES:
            open_.append((at, char))
        elif char in (PDF, PDI):
            wanted = ISOLATES if char == PDI else EMBEDDINGS
            if open_ and open_[-1][1] in wanted:
                open_.pop()
            elif open_:
                found.append((at, f"{_name(char)}, which cannot close {_name(open_[-1][1])} "
                                  f"(character {open_[-1][0] + 1}); close each direction with its own "
                                  "closing character, innermost first"))
            else:
                found.append((at, f"{_name(char)}, which closes a direction that was never opened; delete it"))
        elif unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
            found.append((at, f"the invisible control character U+{ord(char):04X}; delete it "
                              "(it is often pasted from another program)"))
    for at, char in open_:
        closer = "PDI (U+2069)" if char in ISOLATES else "PDF (U+202C)"
        found.append((at, f"{_name(char)}, never closed by {closer}, so it would reorder the text printed "
                          f"after it; close it with {closer} in the same text, or delete it"))
    yield from sorted(found)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_NO_BOM = "save the file as UTF-8 without BOM"
_HIDDEN_BREAKS = {"\u2028": "line separator", "\u2029": "paragraph separator", "\ufeff": "byte-order mark"}


def line_problems(text: str, file: str, what: str, *, invisible_too: bool = False) -> list[Problem]:
    """The characters of a text file checked by :func:`unshowable`, one line (for the article, one
    paragraph) at a time, each problem at its 1-based ``line:col`` in ``file``; ``what`` names the
    file in messages ("the article"). ``invisible_too``: also refuse every :data:`INVISIBLE`
    character, as in text an editor writes (hand-written pages; the article keeps them).

    Also refused, as in a YAML file: U+2028 and U+2029, which some programs take for line
    breaks and editors do not show, and a byte-order mark at the start (elsewhere U+FEFF is a
    zero-width no-break space, kept like the other zero-width characters).
    """
    problems = []
    for number, line in enumerate(_LINE.finditer(text), start=1):
        body = line.group().rstrip("\r\n")
        hidden = list(invisible(body)) if invisible_too else []
        if body.isprintable() and not hidden:  # the common case: nothing to refuse on this line
            continue
        found = [(at, f"{what} has {problem}") for at, problem in unshowable(body)]
        found += [(at, f"{what} has {name}, an invisible character (it comes with text pasted from web pages "
                       "and PDFs); delete it") for at, name in hidden if body[at] != "\ufeff" or (number, at) != (1, 0)]
        found += [(at, f"{what} has U+{ord(ch):04X} ({_HIDDEN_BREAKS[ch]}), which editors do not show; "
                       + (_NO_BOM if ch == "\ufeff" else "type a real line break or a space"))
                  for at, ch in enumerate(body) if ch in _HIDDEN_BREAKS and (ch != "\ufeff" or (number, at) == (1, 0))]
        problems += [Problem(file, number, at + 1, message) for at, message in sorted(found)]
    return problems


def comment_problems(text: str, file: str, comments: Iterable[tuple[int, int]]) -> list[Problem]:
    """Each directional formatting character (:data:`DIRECTIONAL`, U+202A–U+202E, U+2066–U+2069) or
    :data:`INVISIBLE` character inside a comment of a YAML file, at its ``line:col``: an editor shows
    the comment, and a bidi control there can make the file read differently from what it holds
    (Trojan Source). ``comments``: ``(start, end)`` offsets of each comment in ``text``."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    problems = []
    for start, end in comments:
        for at in range(start, end):
            char = text[at]
            if char in DIRECTIONAL or char in INVISIBLE:
                line = bisect.bisect_right(starts, at)
                name = _name(char) if char in DIRECTIONAL else next(invisible(char))[1]
                problems.append(Problem(file, line, at - starts[line - 1] + 1,
                                        f"comment has {name}, which can make the lines around it read differently "
                                        "from what they hold", "delete it"))
    return problems
