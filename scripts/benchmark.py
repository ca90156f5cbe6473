"""Time load_content and render_pages on synthetic stories of increasing size.

Run from the repository root:  .venv/bin/python scripts/benchmark.py [SIZES...]

For each size N it writes `make bench`'s synthetic content folder (benchmarks/bench.py's
``make_content``: N actors, N issues with two positions each, N quotes and N events, every
one with a selector into a source article of one sentence per record, six to a paragraph)
into a temporary folder, then times :func:`generator.content.load_content` (YAML, shape, rules, every selector
and quote matched against the source) and :func:`generator.render.render_pages` separately.

``match s`` is the matching alone (the source indexed, every selector resolved, every quote
checked), redone on the loaded content with the same API; the last column divides it by the
number of selectors: if matching grows linearly, that stays roughly flat as N grows (the
source grows with N too, so before the source index it grew with N).

Then the adversarial inputs of issue 9 point 13, each at 1× and 4× (``--adversarial`` runs
only those). ``make bench`` (benchmarks/bench.py) is the whole-site benchmark: per-kind N,
MkDocs, the floor, serve, page sizes.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from generator import render, schema
from generator.content import Content, load_content
from generator.provenance import SourceText, Span
from generator.render import render_pages
from generator.rules import Parsed, check_rules
from generator.schema import FILES, TextQuoteSelector
from generator.validate import validate
from generator.yamlsource import parse_yaml

# The synthetic story is `make bench`'s (benchmarks/bench.py): one generator of benchmark content.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench import PER_PARAGRAPH, TOPICS, TOWNS, VERBS, make_content

SIZES = (25, 250, 1_250)  # records per kind: 100, 1,000 and 5,000 records in all
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")


def main(sizes: tuple[int, ...]) -> None:
    """Print one table row per size (records per kind: actors, issues, quotes and events)."""
    print(f"{'records':>8} {'source chars':>13} {'selectors':>10} {'load s':>8} {'match s':>8} {'render s':>9} "
          f"{'µs/selector':>12}")
    for per_kind in sizes:
        records = 4 * per_kind
        with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp:
            folder = Path(tmp) / "content"
            selectors = make_content(folder, per_kind)
            chars = len((folder / "sources" / "article.txt").read_text(encoding="utf-8"))
            start = time.perf_counter()
            content = load_content(folder)
            loaded = time.perf_counter()
            rendered = render_pages(content)
            done = time.perf_counter()
            assert sum(len(s) for s in content.citations.values()) == selectors
            assert len(rendered) > records // 3
            match = time_matching(content, (folder / content.story.source.file).read_text(encoding="utf-8"))
        load, render = loaded - start, done - loaded
        print(f"{records:>8,} {chars:>13,} {selectors:>10,} {load:>8.2f} {match:>8.3f} {render:>9.2f} "
              f"{match / selectors * 1e6:>12.1f}", flush=True)


def time_matching(content: Content, text: str) -> float:
    """Seconds to redo load_content's matching alone: index the source, resolve every selector, check every quote.

    The rest of ``load s`` is YAML parsing and shape checks (EDTF dates, parsed by pyparsing,
    dominate those), which do not depend on the source.
    """
    start = time.perf_counter()
    source = SourceText(text)
    spans = {f.key: [source.resolve(s) for s in f.evidence] for f in content.facts}
    for quote in content.quotes:
        evidence = [s for s in spans[f"quote:{quote.id}"] if isinstance(s, Span)]
        assert source.check_quote(quote.text, quote.kind, evidence) is None
    elapsed = time.perf_counter() - start
    assert all(isinstance(s, Span) for found in spans.values() for s in found)
    return elapsed


def fixed_source(sentences: int = 2_000, counts: tuple[int, ...] = (1_000, 4_000, 16_000)) -> None:
    """Matching alone against one fixed article: selectors grow, the source does not.

    Every selector is a distinct exact (a run of words starting at a sentence's unique
    "Report k:"), so the occurrence cache never helps: each costs one scan of the source.
    """
    lines = [f"Report {k}: the {TOPICS[k % len(TOPICS)]} delegation from {TOWNS[k % len(TOWNS)]} "
             f"{VERBS[k % len(VERBS)]} the plan on day {k % 28} of {MONTHS[k % len(MONTHS)]}."
             for k in range(sentences)]
    text = "\n".join(" ".join(lines[i:i + PER_PARAGRAPH]) for i in range(0, len(lines), PER_PARAGRAPH))
    words = [line.split() for line in lines]
    print(f"\nmatching only, fixed source of {len(text):,} chars")
    print(f"{'selectors':>10} {'distinct':>9} {'match s':>8} {'µs/selector':>12}")
    for count in counts:
        exacts = [" ".join(words[n % sentences][: 2 + (n // sentences) % 9]) for n in range(count)]
        selectors = [TextQuoteSelector(exact=e) for e in exacts]
        start = time.perf_counter()
        source = SourceText(text)
        found = [source.resolve(s) for s in selectors]
        elapsed = time.perf_counter() - start
        assert all(isinstance(f, Span) for f in found)
        print(f"{count:>10,} {len(set(exacts)):>9,} {elapsed:>8.3f} {elapsed / count * 1e6:>12.1f}", flush=True)


# --- Adversarial inputs (issue 9, point 13): each scaled 1× and 4×; the ratio shows the growth ---------------
# A linear check takes about 4× as long at 4× the input, an n·log n one a little more, a
# quadratic one 16×. Each case calls the same function ``generator check`` runs on such input.


def _quotes_times_occurrences(scale: int) -> Callable[[], object]:
    """Q partial quotes of short words that occur in every one of P quoted passages (1×: 70 KB of source)."""
    passages = 1_600 * scale
    source = SourceText("\n".join(f"Delegate {k} said “yes, we agree, yes, item {k}.”" for k in range(passages)))
    spans = [source.resolve(TextQuoteSelector(exact=f"“yes, we agree, yes, item {k}.”"))
             for k in range(passages)]
    evidence = [s for s in spans if isinstance(s, Span)]

    def run() -> object:
        source.occurrences.cache_clear()
        source._in_quotes.cache_clear()
        return [source.check_quote(words, "partial", evidence[k:k + 1])
                for k in range(0, passages, 4) for words in ("yes", "yes, we")]
    return run


def _url_backtracking(scale: int) -> Callable[[], object]:
    """One source URL of 60,000 × scale characters that is not a link (a space at the end)."""
    url = "https://" + "a" * (60_000 * scale) + " "

    def run() -> object:
        try:
            return schema._http_url(url)
        except ValueError as exc:
            return exc
    return run


def _did_you_mean(scale: int) -> Callable[[], object]:
    """2,500 × scale actor ids and 250 × scale references to ids with a typo (check_rules); 4× is
    the issue's 10,000 ids and 1,000 typos (40,000 ids would pass the loader's node limit)."""
    ids = [f"delegate-{k}-of-{TOWNS[k % len(TOWNS)].lower()}" for k in range(2_500 * scale)]
    actors = [{"id": i, "name": i, "kind": "person", "role": "Envoy.", "summary": "An envoy.",
               "evidence": [{"exact": "x"}]} for i in ids]
    quotes = [{"id": f"quote-{k}", "speaker": ids[k * 10].replace("-of-", "-off-"), "text": "yes", "kind": "full",
               "context": "Said.", "evidence": [{"exact": "x"}]} for k in range(250 * scale)]
    parsed = []
    for name, data in (("actors.yaml", {"actors": actors}), ("quotes.yaml", {"quotes": quotes})):
        doc, problems = parse_yaml(json.dumps(data).encode(), name)
        assert doc is not None and not problems
        model, problems = validate(doc, FILES[name])
        assert model is not None, problems
        parsed.append((model, doc))
    p = Parsed(None, parsed[0], None, parsed[1], None)  # type: ignore[arg-type]

    def run() -> object:
        found = check_rules(p)
        assert sum("unknown actor" in f.message for f in found) == 250 * scale
        return found
    return run


def _line_numbers(scale: int) -> Callable[[], object]:
    """A selector whose prefix fits none of the 40,000 × scale lines its exact occurs on."""
    source = SourceText("\n".join(f"Line {k}: the talks went on." for k in range(40_000 * scale)))
    selector = TextQuoteSelector(exact="the talks went on.", prefix="nowhere ")

    def run() -> object:
        source.occurrences.cache_clear()
        return [source.resolve(selector) for _ in range(10)]
    return run


def _passages_cut(scale: int) -> Callable[[], object]:
    """One source paragraph cut by 2,000 × scale cited spans (the source page's rendering)."""
    words = 2_000 * scale
    source = SourceText(" ".join(f"word{k}" for k in range(words)))
    spans = sorted(s for s in (source.resolve(TextQuoteSelector(exact=f"word{k} ")) for k in range(words - 1))
                   if isinstance(s, Span))
    content = SimpleNamespace(source=source)

    def run() -> object:
        return render._passages(content, source.paragraphs[0], spans)  # type: ignore[arg-type]
    return run


def _selectors_one_source(scale: int) -> Callable[[], object]:
    """2,000 × scale distinct selectors against a source of 2,000 × scale sentences."""
    lines = [f"Report {k}: the {TOPICS[k % len(TOPICS)]} delegation from {TOWNS[k % len(TOWNS)]} "
             f"{VERBS[k % len(VERBS)]} the plan on day {k % 28}." for k in range(2_000 * scale)]
    text = "\n".join(lines)
    exacts = [" ".join(line.split()[:6]) for line in lines]

    def run() -> object:
        source = SourceText(text)
        return [source.resolve(TextQuoteSelector(exact=e)) for e in exacts]
    return run


ADVERSARIAL: dict[str, Callable[[int], Callable[[], object]]] = {
    "quoted passages × occurrences": _quotes_times_occurrences,
    "URL of 60,000 chars (backtracking)": _url_backtracking,
    "did you mean: ids × typos": _did_you_mean,
    "line numbers per hit": _line_numbers,
    "passages cut × spans": _passages_cut,
    "selectors × source length": _selectors_one_source,
}


def adversarial() -> None:
    """Print, per adversarial case, the seconds at 1× and 4× and their ratio (linear ≈ 4, quadratic ≈ 16)."""
    print(f"\n{'adversarial input (issue 9.13)':<38} {'1× s':>8} {'4× s':>8} {'ratio':>6}")
    for name, make in ADVERSARIAL.items():
        times = []
        for scale in (1, 4):
            run = make(scale)
            best = float("inf")
            for _ in range(3):  # best of three: the least disturbed by other work on the machine
                start = time.perf_counter()
                run()
                best = min(best, time.perf_counter() - start)
            times.append(best)
        print(f"{name:<38} {times[0]:>8.3f} {times[1]:>8.3f} {times[1] / times[0]:>6.1f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--adversarial"]:
        adversarial()
    else:
        main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
        fixed_source()
        adversarial()
