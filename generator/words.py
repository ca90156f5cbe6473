"""Words in generated text: counted nouns (``1 actor``, ``2 actors``, never ``1 actors``), and
text folded onto one line or clipped to a width, as messages and pages show it."""

from __future__ import annotations


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``f"{n} {word}"`` with the noun in the plural unless ``n == 1``: ``plural``, else ``word + "s"``."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def squash(text: str) -> str:
    """``text`` with each run of whitespace made one space and none at the ends: how a page shows it."""
    return " ".join(text.split())


def clip(text: str, width: int) -> str:
    """``text`` if at most ``width`` characters long, else its first ``width - 1`` and "…"."""
    return text if len(text) <= width else text[: width - 1] + "…"


def clip_words(text: str, width: int) -> str:
    """``text`` if at most ``width`` characters long, else its whole words that fit in ``width - 1``
    characters (without a trailing ",", ";" or ":") and "…": at most ``width`` characters in all. A first
    word longer than that is cut like :func:`clip`."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    if not text[width - 1].isspace():  # the last word of head is cut short: drop it
        head = head.rsplit(" ", 1)[0] if " " in head else ""
    head = head.rstrip().rstrip(",;:")
    return head + "…" if head else clip(text, width)
