"""The story in ``content/``, whatever story it is, passes ``generator check``.

Every other test builds fixture stories (``tests/fixtures/``), so swapping ``content/`` for
another story leaves them unchanged; this module is the one place that reads the editors'
story, and it asks only what must hold for any story: it loads with no error and no warning.
"""

from __future__ import annotations

from conftest import EDITOR_CONTENT, ROOT, generator


def test_editors_story_passes_check() -> None:
    """``python -m generator check`` on content/ exits 0 and prints no warning."""
    result = generator("check", "--content", str(EDITOR_CONTENT), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    assert "Traceback" not in result.stderr
