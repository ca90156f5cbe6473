"""Counted nouns in generated text: ``1 actor``, ``2 actors``, never ``1 actors``."""

from __future__ import annotations


def counted(n: int, word: str, plural: str | None = None) -> str:
    """``f"{n} {word}"`` with the noun in the plural unless ``n == 1``: ``plural``, else ``word + "s"``."""
    return f"{n} {word if n == 1 else plural or word + 's'}"
