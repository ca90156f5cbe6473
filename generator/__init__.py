"""explainer: turn YAML fact sheets about a news story into an explainer site.

Pipeline: :func:`generator.content.load_content` (load, validate, check provenance) →
:func:`generator.render.render_pages` (Markdown pages, pure) → MkDocs, through
``generator/mkdocs_hook.py``, or ``python -m generator render --out DIR``.
"""

__version__ = "0.1.0"
