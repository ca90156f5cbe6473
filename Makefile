# Two commands on a fresh machine: `make site` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) 2>/dev/null | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := true

.PHONY: site test test-any-story check serve schema lock clean chromium bench lighthouse screenshots

# Every package, pip and setuptools included, comes from requirements.lock, checked against its
# sha256 hashes; the project itself is then installed without resolving anything. `pip check`
# fails when pyproject.toml names a dependency the lock lacks: run `make lock`.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.installed-*
	touch $@

## lock: rewrite requirements.lock (every dependency, direct and indirect, with hashes) from
## pyproject.toml; run it after changing a pin there, and commit both files
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && \
	  $(BIN)/python -m pip install --quiet "$$(grep -o '"uv==[^"]*"' pyproject.toml | tr -d '"')"; }
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.11.5 \
	  --generate-hashes --custom-compile-command "make lock" --quiet -o $(LOCK)

## site: build site/ with mkdocs build --strict (into a temporary folder, swapped in on success)
site: $(STAMP)
	$(BIN)/python -m generator build

## test: the whole test suite: lint, types, unit, a real strict build, browser tests
test: $(STAMP) chromium
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium (/usr/bin/chromium); Playwright never downloads one.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

## test-any-story: the whole test suite in a copy of the project whose content/ is another story
## (tests/fixtures/mini): proves the tests depend on no particular story (make test checks a sample)
test-any-story: $(STAMP) chromium
	EXPLAINER_TEST_ANY_STORY=all $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_any_story.py \
	  -k test_content_tests_and_the_build_pass_with_another_story

## check: what an editor runs before pushing: content validation, then CI's own strict build
## (generator build's code, into a temporary folder), no browser
check: $(STAMP)
	$(BIN)/python -m generator check --coverage --build

## serve: live preview for editors at http://127.0.0.1:8000/ (--dirty: after a save only the pages
## whose Markdown changed are built again; generator/rebuild.py)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

## schema: rewrite content/schemas/*.schema.json from the models
schema: $(STAMP)
	$(BIN)/python -m generator schema

## clean: remove site/ (only if it holds nothing but what the generator wrote) and .venv
clean:
	@if [ -e site ]; then \
	  if [ -x $(BIN)/python ]; then $(BIN)/python -m generator clean --site-dir site; \
	  else echo "site/ left in place: without .venv it cannot be checked for files the generator did not write" >&2; fi; \
	fi
	rm -rf $(VENV)

## bench: how builds, previews and pages scale with N records per kind, against plain MkDocs
## (benchmarks/bench.py; writes benchmarks/RESULTS.md). BENCH_ARGS="100 500 --runs 3" picks sizes.
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

## screenshots: every page type of the content/ story, desktop and phone, light and dark, in
## build/screenshots/ (scripts/screenshots.py); refreshes the README's docs/images/*-phone.png
screenshots: $(STAMP) chromium
	$(BIN)/python scripts/screenshots.py

## lighthouse: Lighthouse (mobile) scores of the site served gzip-compressed, as a table (needs Node.js)
lighthouse: $(STAMP)
	npm ci --prefix scripts/lighthouse --no-audit --no-fund --ignore-scripts --silent
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python scripts/lighthouse.py
