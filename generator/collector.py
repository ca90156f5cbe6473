"""Python's cyclic garbage collector while the generator loads, checks and renders the content (issue 15).

Loading a story allocates one or more tracked container objects per value (parsed YAML, pydantic records,
selectors, citations, page parts) that live until the pages are rendered or the build ends. Meanwhile
CPython's cyclic collector passes over the objects that outlived its younger passes, and now and then over all
of them: the more content, the more it traverses while finding no garbage (reference counting, not this
collector, frees everything that is not part of a reference cycle). Measured at N = 2,000 records per kind
(benchmarks/bench.py's story): 1.1 s of the 6.9 s of CPU time the hook's ``on_files`` took went to its passes.

So the collector is off while the content is loaded and rendered (:func:`paused`: the MkDocs hook's
``on_files``, the command line's loading), and then as it was: on, with everything not collected yet, which
its next passes see as before. Nothing is frozen (``gc.freeze``): freezing the content for the rest of the
build measured no less time in collections (CPython's full passes already wait until what survived since the
last one is a quarter of what survived it), and under ``mkdocs serve`` it would hide one build's garbage cycles
from the passes of the next.

Nothing here changes what is built, only when unreachable cycles are freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off for the ``with`` block, then as it was (on, unless the caller had turned it
    off), also after an exception; blocks may nest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
