"""Every file the site publishes besides its Markdown pages: share cards and open data.

Pure: :func:`site_files` returns ``{path under the site root: bytes}`` in a fixed order. The
MkDocs hook adds each as a generated file; ``generator render --out`` writes them beside the
pages, so another engine (Zensical) publishes the same files.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator import opendata, pages, share_image
from generator.content import Content


def site_files(content: Content, page_paths: list[str], hand_written: Mapping[str, str] | None = None,
               site_url: str | None = None) -> dict[str, bytes]:
    """Share cards for ``page_paths`` (generated pages) and for ``hand_written`` pages
    (``{file path: Markdown}``, titled by their heading), then the open data files.

    ``site_url`` (``mkdocs.yml``'s, may be ``None``) makes the data's permalinks absolute.
    """
    cards = {pages.share_image(page): share_image.card_for(content, page) for page in page_paths}
    for page, markdown in sorted((hand_written or {}).items()):
        if page not in page_paths:
            cards[pages.share_image(page)] = share_image.card_for(content, page, share_image.title_of(markdown))
    files = dict(zip(cards, share_image.render_all(list(cards.values())), strict=True))
    files.update(opendata.data_files(content, site_url))
    return files
