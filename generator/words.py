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
