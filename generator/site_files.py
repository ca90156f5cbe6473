"""Every file the site publishes besides its Markdown pages: share cards and open data.

Pure: :func:`site_files` says which card each page gets (``{path under the site root: Card}``)
and returns the open data files (``{path under the site root: bytes}``), both in a fixed order.
The cards are drawn by :mod:`generator.share_cards` (in a worker process while MkDocs builds
the pages); the MkDocs hook writes them into the site after the build and adds the data files
as generated files; ``generator render --out`` writes both beside the pages, so another engine
(Zensical) publishes the same files.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator import opendata, pages, share_image
from generator.content import Content
from generator.share_image import Card


def site_files(content: Content, page_paths: list[str], hand_written: Mapping[str, str] | None = None,
               site_url: str | None = None) -> tuple[dict[str, Card], dict[str, bytes]]:
    """The share cards for ``page_paths`` (generated pages) and for ``hand_written`` pages
    (``{file path: Markdown}``, titled by their heading), then the open data files.

    ``site_url`` (``mkdocs.yml``'s, may be ``None``) makes the data's permalinks absolute.
    """
    cards = {pages.share_image(page): share_image.card_for(content, page) for page in page_paths}
    for page, markdown in sorted((hand_written or {}).items()):
        if page not in page_paths:
            cards[pages.share_image(page)] = share_image.card_for(content, page, share_image.title_of(markdown))
    return cards, opendata.data_files(content, site_url)
