"""The banner ``mkdocs serve`` shows above every page while the content has problems.

An editor looks at the browser, not the terminal: while a save leaves errors (or warnings,
which stop a strict build), the preview keeps the last good pages and shows above each one
what is wrong, in the same ``file:line:col: message; hint`` lines as ``generator check``. The
lines are plain text made HTML-safe here (they echo YAML). Never used by ``mkdocs build``.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from generator.problems import Problem, Severity, sort_problems

#: What the preview shows below the banner: the last good pages; the pages as they are (content
#: with warnings only, at start-up); nothing yet (content with errors at start-up).
LAST_GOOD, AS_THEY_ARE, NOTHING_YET = "last good", "as they are", "nothing yet"
_SHOWING = {LAST_GOOD: "this preview shows the last good pages",
            AS_THEY_ARE: "this preview shows the pages as they are",
            NOTHING_YET: "there is nothing to preview until they are fixed"}


def banner(problems: Sequence[Problem], showing: str = LAST_GOOD) -> str:
    """HTML for the top of a page: a Material admonition (``failure`` with errors, else ``warning``),
    ``role="alert"``, a one-line summary (saying what the page below is: ``showing``, one of
    :data:`LAST_GOOD`, :data:`AS_THEY_ARE`, :data:`NOTHING_YET`) and each problem's
    :meth:`Problem.format` line, escaped. ``""`` when there is no problem."""
    if not problems:
        return ""
    ordered = sort_problems(problems)
    errors = sum(p.severity is Severity.ERROR for p in ordered)
    warnings = len(ordered) - errors
    counts = ", ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in ((errors, "error"), (warnings, "warning")) if n)
    kind = "failure" if errors else "warning"
    items = Markup("").join(Markup("<li><code>{}</code></li>\n").format(p.format()) for p in ordered)
    return str(Markup(
        '<div class="admonition {kind} explainer-problems" role="alert">\n'
        '<p class="admonition-title">The content has {counts}: {showing}. '
        "Fix them and save; this box goes away with the next good save.</p>\n"
        "<ul>\n{items}</ul>\n</div>\n"
    ).format(kind=kind, counts=counts, showing=_SHOWING[showing], items=items))


