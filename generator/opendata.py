"""Open data: the checked facts as files a newsroom can reuse, published under ``data/``.

* ``data/explainer.json``: every record, references resolved to ``{id, name|title, url}``, each
  piece of evidence as a W3C Web Annotation ``TextQuoteSelector`` with its offsets and the
  sentence(s) of the article it lies in; ``schema_version`` (semantic versioning: a new
  optional field is a minor version, a removed or renamed one a major version).
* ``data/explainer.schema.json``: the JSON Schema (draft 2020-12) of that file. Records may
  carry fields newer than the schema lists (``additionalProperties`` is open on records), the
  shapes listed are closed.
* ``data/timeline.json``: the timeline in Knight Lab's TimelineJS3 JSON format
  (https://timeline.knightlab.com/docs/json-format.html): ``start_date``/``end_date`` carry
  numeric ``year``/``month``/``day`` only as far as the EDTF date is known (a season or an
  approximate year gives a year alone), ``display_date`` the honest wording
  ("autumn 2013", "approximately 2010"), ``unique_id`` the event id, ``group`` the event's era.
  TimelineJS renders headline and text as HTML, so every text is HTML-escaped. An event with
  no earliest date ("on or before 12 May 2015") cannot be placed on TimelineJS's axis without
  inventing one, so it is left out of this file (it is in the JSON and the CSV).
* ``data/<kind>.csv``: one table per kind (RFC 4180: UTF-8, comma, CRLF, quotes doubled),
  lists joined by ``" | "``. A cell that begins with ``=``, ``+``, ``-``, ``@``, TAB or CR gets
  a single quote ``'`` in front (OWASP, "CSV Injection"), so a spreadsheet shows it as text and
  never runs it as a formula; :func:`from_csv_cell` removes that one quote again.

Pure and deterministic: :func:`data_files` returns ``{path: bytes}``; same content, same bytes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from typing import Any

from generator import dates, pages
from generator.content import Content

SCHEMA_VERSION = "1.1.0"
DATA = "data"
EXPLAINER_JSON = f"{DATA}/explainer.json"
SCHEMA_JSON = f"{DATA}/explainer.schema.json"
TIMELINE_JSON = f"{DATA}/timeline.json"
#: The CSV tables every story has, in the order the data page lists them (``terms.csv`` follows
#: when the story has a glossary: :func:`csv_kinds`).
CSV_KINDS = ("actors", "issues", "positions", "quotes", "events")
LIST_SEPARATOR = " | "
#: The columns of each CSV table, in order. The order is stable: a new column is added at the end of its
#: table (``positions.short``, the few words the home page shows, empty when the editor gave none and
#: the site shows the stance), so a reader that takes columns by position keeps working.
CSV_COLUMNS = {
    "actors": ("id", "name", "kind", "role", "affiliation", "summary", "evidence", "sentences", "url"),
    "issues": ("id", "title", "summary", "actors", "evidence", "sentences", "url"),
    "positions": ("issue", "actor", "leaning", "stance", "evidence", "sentences", "url", "short"),
    "quotes": ("id", "speaker", "text", "kind", "context", "medium", "issues", "evidence", "url"),
    "events": ("id", "date", "date_text", "as_written", "title", "summary", "actors", "issues", "evidence", "url"),
    "terms": ("id", "term", "also", "definition", "evidence", "sentences", "url"),
}


def csv_kinds(content: Content) -> tuple[str, ...]:
    """The CSV tables of ``content``'s site: :data:`CSV_KINDS`, then ``terms`` if it has a glossary."""
    return CSV_KINDS + (("terms",) if content.glossary is not None else ())


def csv_path(kind: str) -> str:
    """``data/<kind>.csv``."""
    return f"{DATA}/{kind}.csv"


class _Export:
    """Builds the records once per call of :func:`data_files`."""

    def __init__(self, content: Content, site_url: str | None) -> None:
        self.c = content
        self.site_url = site_url

    # ---------------------------------------------------------------- pieces

    def url(self, page: str, anchor: str = "") -> str:
        return pages.page_url(page, self.site_url, anchor)

    def actor_ref(self, actor_id: str) -> dict[str, str]:
        return {"id": actor_id, "name": self.c.actor(actor_id).name, "url": self.url(pages.actor(actor_id))}

    def issue_ref(self, issue_id: str) -> dict[str, str]:
        return {"id": issue_id, "title": self.c.issue(issue_id).title, "url": self.url(pages.issue(issue_id))}

    def evidence(self, key: str) -> list[dict[str, Any]]:
        out = []
        for selector, span, sid, sentence in zip(self.c.fact(key).evidence, self.c.spans(key), self.c.cited_in[key],
                                                 self.c.sentences(key), strict=True):
            item: dict[str, Any] = {"type": "TextQuoteSelector", "exact": selector.exact}
            if selector.prefix is not None:
                item["prefix"] = selector.prefix
            if selector.suffix is not None:
                item["suffix"] = selector.suffix
            item.update({"start": span.start, "end": span.end, "sentence": sentence,
                         "url": self.url(*self.c.passage(sid, span))})
            out.append(item)
        return out

    def permalink(self, key: str) -> str:
        fact = self.c.fact(key)
        return self.url(fact.page, fact.anchor)

    def cited(self, key: str) -> dict[str, Any]:
        """``{"evidence": [...], "url": permalink}`` of the fact ``key`` (e.g. ``"actor:<id>"``)."""
        return {"evidence": self.evidence(key), "url": self.permalink(key)}

    # ---------------------------------------------------------------- records

    def story(self) -> dict[str, Any]:
        s = self.c.story
        data = s.model_dump(mode="json", exclude_none=True)
        data.update({
            "date_text": dates.describe(s.dateline),
            "publisher": self.actor_ref(s.publisher),
            "credits": [self.actor_ref(a) for a in s.credits],
            "key_actors": [self.actor_ref(a) for a in s.key_actors],
            "key_issues": [self.issue_ref(t) for t in s.key_issues],
            "pivotal_quote": {"id": s.pivotal_quote, "url": self.permalink(f"quote:{s.pivotal_quote}")}
            if s.pivotal_quote else None,
            "evidence": self.evidence("story"),
            "url": self.url(pages.HOME),
        })
        return {k: v for k, v in data.items() if v is not None}

    def actors(self) -> list[dict[str, Any]]:
        out = []
        for a in self.c.actors:
            data = a.model_dump(mode="json", exclude_none=True)
            if a.affiliation:
                data["affiliation"] = self.actor_ref(a.affiliation)
            data.update(self.cited(f"actor:{a.id}"))
            out.append(data)
        return out

    def issues(self) -> list[dict[str, Any]]:
        out = []
        for t in self.c.issues:
            data = t.model_dump(mode="json", exclude_none=True)
            data["actors"] = [self.actor_ref(a) for a in t.actors]
            positions = []
            for j, (p, dumped) in enumerate(zip(t.positions, data["positions"], strict=True)):
                dumped.update({"actor": self.actor_ref(p.actor), **self.cited(f"position:{t.id}:{j}")})
                positions.append(dumped)
            data.update({"positions": positions, **self.cited(f"issue:{t.id}")})
            out.append(data)
        return out

    def speaker(self, q: Any) -> dict[str, Any]:
        """A quote's speaker: an actor reference, or the article's words for an unnamed source
        (with the actor it belongs to), or ``{"unattributed": true}``."""
        who = q.speaker
        if who.actor:
            return self.actor_ref(who.actor)
        if who.unnamed:
            return {"unnamed": who.unnamed, **({"affiliation": self.actor_ref(who.affiliation)}
                                               if getattr(who, "affiliation", None) else {})}
        return {"unattributed": True}

    def quotes(self) -> list[dict[str, Any]]:
        out = []
        for q in self.c.quotes:
            data = q.model_dump(mode="json", exclude_none=True)
            data.update({"speaker": self.speaker(q), "issues": [self.issue_ref(t) for t in q.issues],
                         **self.cited(f"quote:{q.id}")})
            out.append(data)
        return out

    def events(self) -> list[dict[str, Any]]:
        out = []
        for e in self.c.events:
            data = e.model_dump(mode="json", exclude_none=True)
            data.update({"date_text": dates.describe(e.date),
                         "actors": [self.actor_ref(a) for a in e.actors],
                         "issues": [self.issue_ref(t) for t in e.issues],
                         **self.cited(f"event:{e.id}")})
            out.append(data)
        return out

    def terms(self) -> list[dict[str, Any]]:
        """The glossary's terms, in YAML order."""
        out = []
        for t in self.c.glossary or ():
            data = t.model_dump(mode="json", exclude_none=True)
            data.update(self.cited(f"term:{t.id}"))
            out.append(data)
        return out

    def explainer(self) -> dict[str, Any]:
        return {
            "$schema": "explainer.schema.json",
            "schema_version": SCHEMA_VERSION,
            "source": {"file": self.c.sources[0].meta.file, "sha256": self.c.sources[0].meta.sha256,
                       **({"url": self.c.sources[0].meta.url} if self.c.sources[0].meta.url else {}),
                       "url_on_site": self.url(pages.SOURCE)},
            "story": self.story(),
            "actors": self.actors(),
            "issues": self.issues(),
            "quotes": self.quotes(),
            "events": self.events(),
            **({"terms": self.terms()} if self.c.glossary is not None else {}),
        }


# ------------------------------------------------------------------------- the JSON Schema

def _object(required: list[str], properties: dict[str, Any], *, closed: bool = False) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties,
            "additionalProperties": not closed}


_TEXT = {"type": "string", "minLength": 1}
_URL = {"type": "string", "minLength": 1}
_ID = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``data/explainer.json``."""
    evidence = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/selector"}}
    record = {"id": _ID, "evidence": evidence, "url": _URL}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "explainer.schema.json",
        "title": "Explainer open data",
        "description": "Every checked fact of one explainer story, with its evidence in the source article.",
        "type": "object",
        "required": ["schema_version", "source", "story", "actors", "issues", "quotes", "events"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "schema_version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
            "source": _object(["file", "sha256", "url_on_site"], {
                "file": _TEXT, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "url": _URL,
                "url_on_site": _URL}),
            "story": _object(["id", "headline", "dateline", "date_text", "publisher", "evidence", "url"], {
                **record, "headline": _TEXT, "dateline": _TEXT, "date_text": _TEXT,
                "publisher": {"$ref": "#/$defs/actor_ref"},
                "credits": {"type": "array", "items": {"$ref": "#/$defs/actor_ref"}},
                "key_actors": {"type": "array", "items": {"$ref": "#/$defs/actor_ref"}},
                "key_issues": {"type": "array", "items": {"$ref": "#/$defs/issue_ref"}}}),
            "actors": {"type": "array", "items": _object(["id", "name", "kind", "evidence", "url"], {
                **record, "name": _TEXT, "kind": _TEXT, "affiliation": {"$ref": "#/$defs/actor_ref"}})},
            "issues": {"type": "array", "items": _object(["id", "title", "positions", "evidence", "url"], {
                **record, "title": _TEXT, "actors": {"type": "array", "items": {"$ref": "#/$defs/actor_ref"}},
                "positions": {"type": "array", "minItems": 1, "items": _object(
                    ["actor", "stance", "evidence", "url"],
                    {"actor": {"$ref": "#/$defs/actor_ref"}, "stance": _TEXT, "evidence": evidence, "url": _URL,
                     "leaning": {"enum": ["supports", "opposes", "mixed", "neutral"]}})}})},
            "quotes": {"type": "array", "items": _object(["id", "speaker", "text", "evidence", "url"], {
                **record, "speaker": {"oneOf": [
                    {"$ref": "#/$defs/actor_ref"},
                    _object(["unnamed"], {"unnamed": _TEXT, "affiliation": {"$ref": "#/$defs/actor_ref"}}, closed=True),
                    _object(["unattributed"], {"unattributed": {"const": True}}, closed=True)]},
                "text": _TEXT,
                "issues": {"type": "array", "items": {"$ref": "#/$defs/issue_ref"}}})},
            "events": {"type": "array", "items": _object(["id", "date", "date_text", "title", "evidence", "url"], {
                **record, "date": _TEXT, "date_text": _TEXT, "title": _TEXT,
                "actors": {"type": "array", "items": {"$ref": "#/$defs/actor_ref"}},
                "issues": {"type": "array", "items": {"$ref": "#/$defs/issue_ref"}}})},
            "terms": {"type": "array", "description": "The glossary (only when the story has one), in the editors' "
                      "order.", "items": _object(["id", "term", "definition", "evidence", "url"], {
                          **record, "term": _TEXT, "also": {"type": "array", "items": _TEXT},
                          "definition": _TEXT})},
        },
        "$defs": {
            "actor_ref": _object(["id", "name", "url"], {"id": _ID, "name": _TEXT, "url": _URL}, closed=True),
            "issue_ref": _object(["id", "title", "url"], {"id": _ID, "title": _TEXT, "url": _URL}, closed=True),
            "selector": _object(["type", "exact", "start", "end", "sentence", "url"], {
                "type": {"const": "TextQuoteSelector"}, "exact": _TEXT, "prefix": {"type": "string"},
                "suffix": {"type": "string"}, "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0}, "sentence": _TEXT, "url": _URL}, closed=True),
        },
    }


# ------------------------------------------------------------------------- TimelineJS3

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$")


def timeline_date(edtf: str) -> dict[str, int] | None:
    """TimelineJS3 date parts of one EDTF date (no interval): ``{"year": 2015, "month": 5}`` for
    ``2015-05``; a season (``2013-23``) or a qualified year gives the year alone. ``None`` for an
    open end (``..`` or empty)."""
    if edtf in ("", ".."):
        return None
    m = _DAY.match(edtf)
    if m is None:
        raise ValueError(f"not an EDTF day, month, season or year: {edtf!r}")
    year, month, day, _ = m.groups()
    parts = {"year": int(year)}
    if month and int(month) <= 12:  # 21–24 are seasons: no month is known
        parts["month"] = int(month)
        if day:
            parts["day"] = int(day)
    return parts


def _timeline(x: _Export) -> dict[str, Any]:
    c = x.c
    events: list[dict[str, Any]] = []
    eras: dict[str, list[tuple[Any, Any]]] = {}
    for e in c.events:
        start_text, _, end_text = e.date.partition("/")
        start = timeline_date(start_text)
        if start is None:  # only a latest date: TimelineJS3 cannot place it without an invented start
            continue
        slide: dict[str, Any] = {"start_date": start}
        end = timeline_date(end_text) if end_text else None
        if end is not None:
            slide["end_date"] = end
        body = f"<p>{html.escape(e.summary)}</p>" if e.summary else ""
        body += (f"<p>The article says “{html.escape(e.as_written)}”. "
                 f"<a href=\"{html.escape(x.permalink(f'event:{e.id}'))}\">Sources</a></p>")
        slide.update({"display_date": dates.describe(e.date), "text": {"headline": html.escape(e.title), "text": body},
                      "unique_id": e.id})
        era = getattr(e, "era", None)
        if era:
            slide["group"] = html.escape(era)
            eras.setdefault(era, []).append(dates.sort_key(e.date))
        events.append(slide)
    data: dict[str, Any] = {
        "title": {"text": {"headline": html.escape(c.story.headline),
                           "text": f"<p>{html.escape(c.story.standfirst)}</p>"}},
        "events": events,
    }
    if eras:
        data["eras"] = [
            {"start_date": _parts(min(s for s, _ in bounds)), "end_date": _parts(max(e for _, e in bounds)),
             "text": {"headline": html.escape(name)}}
            for name, bounds in eras.items()
        ]
    return data


def _parts(day: Any) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


# ------------------------------------------------------------------------- CSV


def _join(values: list[str]) -> str:
    return LIST_SEPARATOR.join(values)


def csv_rows(content: Content, site_url: str | None = None) -> dict[str, list[dict[str, str]]]:
    """The CSV tables as rows of text: ``{kind: [{column: value}]}`` for each of :func:`csv_kinds`, columns as
    :data:`CSV_COLUMNS`."""
    x = _Export(content, site_url)

    def evidence(key: str) -> str:
        return _join([sel.exact for sel in content.fact(key).evidence])

    def sentences(key: str) -> str:
        return _join(content.sentences(key))

    return {
        "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "role": a.role, "affiliation": a.affiliation or "",
                    "summary": a.summary, "evidence": evidence(f"actor:{a.id}"),
                    "sentences": sentences(f"actor:{a.id}"), "url": x.permalink(f"actor:{a.id}")}
                   for a in content.actors],
        "issues": [{"id": t.id, "title": t.title, "summary": t.summary, "actors": _join(t.actors),
                    "evidence": evidence(f"issue:{t.id}"), "sentences": sentences(f"issue:{t.id}"),
                    "url": x.permalink(f"issue:{t.id}")} for t in content.issues],
        "positions": [{"issue": t.id, "actor": p.actor, "leaning": p.leaning or "", "stance": p.stance,
                       "evidence": evidence(f"position:{t.id}:{j}"), "sentences": sentences(f"position:{t.id}:{j}"),
                       "url": x.permalink(f"position:{t.id}:{j}"), "short": p.short or ""}
                      for t in content.issues for j, p in enumerate(t.positions)],
        "quotes": [{"id": q.id, "speaker": q.speaker.actor or q.speaker.unnamed or "unattributed",
                    "text": q.text, "kind": q.kind, "context": q.context,
                    "medium": q.medium or "", "issues": _join(q.issues), "evidence": evidence(f"quote:{q.id}"),
                    "url": x.permalink(f"quote:{q.id}")} for q in content.quotes],
        "events": [{"id": e.id, "date": e.date, "date_text": dates.describe(e.date), "as_written": e.as_written,
                    "title": e.title, "summary": e.summary or "", "actors": _join(e.actors),
                    "issues": _join(e.issues), "evidence": evidence(f"event:{e.id}"),
                    "url": x.permalink(f"event:{e.id}")} for e in content.events],
        **({"terms": [{"id": t.id, "term": t.term, "also": _join(t.also), "definition": t.definition,
                       "evidence": evidence(f"term:{t.id}"), "sentences": sentences(f"term:{t.id}"),
                       "url": x.permalink(f"term:{t.id}")} for t in content.glossary]}
           if content.glossary is not None else {}),
    }


#: The first characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell
#: as a formula (OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What :func:`csv_cell` puts in front of such a cell: a single quote, which makes it text.
FORMULA_GUARD = "'"


def csv_cell(value: str) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text: prefixed with :data:`FORMULA_GUARD` when it
    begins with one of :data:`FORMULA_STARTS` (or with guard quotes and then one, so that reading back
    stays exact), else unchanged."""
    return FORMULA_GUARD + value if value.lstrip(FORMULA_GUARD).startswith(FORMULA_STARTS) else value


def from_csv_cell(cell: str) -> str:
    """The value :func:`csv_cell` wrote as ``cell``: the one guard quote removed where it added one."""
    if cell.startswith(FORMULA_GUARD) and cell.lstrip(FORMULA_GUARD).startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    """RFC 4180 text of ``rows``: a header line, CRLF line ends, fields quoted when needed, UTF-8; every
    cell passed through :func:`csv_cell` (no cell can start a spreadsheet formula)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")


# ------------------------------------------------------------------------- all files


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def explainer_json(content: Content, site_url: str | None = None) -> dict[str, Any]:
    """The document published as ``data/explainer.json``."""
    return _Export(content, site_url).explainer()


def timeline_json(content: Content, site_url: str | None = None) -> dict[str, Any]:
    """The document published as ``data/timeline.json`` (TimelineJS3)."""
    return _timeline(_Export(content, site_url))


def left_out_of_timeline(content: Content) -> list[str]:
    """Ids of events ``timeline.json`` leaves out: those with only a latest date."""
    return [e.id for e in content.events if timeline_date(e.date.partition("/")[0]) is None]


def data_files(content: Content, site_url: str | None = None) -> dict[str, bytes]:
    """Every open data file: ``{path under the site root: bytes}``."""
    files = {
        EXPLAINER_JSON: _json(explainer_json(content, site_url)),
        SCHEMA_JSON: _json(json_schema()),
        TIMELINE_JSON: _json(timeline_json(content, site_url)),
    }
    for kind, rows in csv_rows(content, site_url).items():
        files[csv_path(kind)] = to_csv(rows, list(CSV_COLUMNS[kind]))
    return files
