"""The shape of every content file, as pydantic models.

One model per record kind (:class:`Actor`, :class:`Issue`, :class:`Quote`, :class:`Event`,
:class:`Story`) and one per file (:class:`ActorsFile` …). Models are strict: every value
must already be the type written here (the loader gives text, lists and mappings only, so
nothing is coerced), unknown keys are rejected, and text is normalised to Unicode NFC.

The same models export the JSON Schema that editors' YAML language servers use
(:func:`json_schemas`), so completion in an editor and the build check the same rules.

Sources for the formats: W3C Web Annotation Data Model §4.2.4 (TextQuoteSelector),
Library of Congress EDTF (ISO 8601-2:2019) levels 0 and 1 for dates.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from generator.dates import describe, parse_edtf, sort_key

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
SLUG_MIN, SLUG_MAX = 2, 64


_ALLOWED_CONTROLS = frozenset("\t\n\r")


def _nfc(value: str) -> str:
    if not value.strip():
        raise ValueError("is blank; write the text or remove the line")
    _showable(value)
    return unicodedata.normalize("NFC", value)


def _showable(value: str) -> None:
    """Refuse characters no page can show as written.

    Control characters (other than tab and line breaks, which become spaces) are invisible,
    and Python-Markdown silently drops two of them (STX, ETX: its placeholder delimiters).
    (Lone surrogates, which YAML's ``\\u`` escapes can spell, are reported by the loader for
    every key and value: :mod:`generator.yamlsource`.)
    """
    for at, char in enumerate(value, start=1):
        category = unicodedata.category(char)
        if category == "Cc" and char not in _ALLOWED_CONTROLS:
            raise ValueError(f"character {at} is the invisible control character U+{ord(char):04X}; "
                             "delete it (it is often pasted from another program)")


#: Ids that would clash with a page of the site (``actors/index.md``) or are device names on
#: Windows, where a checkout of the built site could not hold them.
RESERVED_IDS = frozenset(
    {"index", "con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)


def _slug(value: str) -> str:
    if not (SLUG_MIN <= len(value) <= SLUG_MAX and _SLUG.fullmatch(value)):  # '$' alone would allow a final \n
        suggestion = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", value)
                            .encode("ascii", "ignore").decode().lower()).strip("-")[:SLUG_MAX].rstrip("-")
        example = f", e.g. '{suggestion}'" if len(suggestion) >= SLUG_MIN else ""
        size = f" ({len(value)} character{'s' * (len(value) != 1)})" if not SLUG_MIN <= len(value) <= SLUG_MAX else ""
        raise ValueError(
            f"'{value}' is not a valid id{size}; use {SLUG_MIN} to {SLUG_MAX} lowercase ASCII letters, "
            f"digits and single hyphens{example}"
        )
    if value in RESERVED_IDS:
        raise ValueError(f"'{value}' cannot be an id: it is a reserved file name; choose another, e.g. '{value}-1'")
    return value


_DAY = r"\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-\d{2})?)?[~?%]?"
#: The EDTF subset this project reads and can word for readers (see generator.dates).
EDTF_PATTERN = rf"^(?:{_DAY}|(?:\.\./)?{_DAY}|{_DAY}/(?:{_DAY}|\.\.))$"


def _edtf(value: str) -> str:
    try:
        if not re.fullmatch(EDTF_PATTERN, value):
            raise ValueError(value)
        parse_edtf(value)
    except Exception as exc:  # edtf raises several unrelated types for bad input
        raise ValueError(
            f"'{value}' is not an EDTF date; write e.g. 2015-05-12, 2015-05, 2014, "
            "2013-23 (autumn 2013), 2010~ (approximately) or 2015-05-11/2015-05-12"
        ) from exc
    try:  # what the timeline does with it: edtf accepts 2015-02-29 and year 0000, the calendar does not
        start, end = sort_key(value)
        describe(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a day on the calendar ({exc}); "
                         "check the day of the month, and write years from 0001") from exc
    if start > end:
        raise ValueError(f"'{value}' ends before it starts; write the earlier date first")
    return value


def _http_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError(f"'{value}' is not an http or https link; write it as https://…")
    return value


Text = Annotated[str, AfterValidator(_nfc), Field(min_length=1)]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    Field(json_schema_extra={"pattern": SLUG_PATTERN, "minLength": SLUG_MIN, "maxLength": SLUG_MAX}),
]
EdtfDate = Annotated[
    str,
    AfterValidator(_edtf),
    Field(
        description="A date in EDTF (ISO 8601-2) levels 0–1, e.g. 2015-05-12, 2013-23, 2015-02~",
        json_schema_extra={"pattern": EDTF_PATTERN},
    ),
]
HttpUrl = Annotated[str, AfterValidator(_http_url), Field(json_schema_extra={"pattern": "^https?://"})]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextQuoteSelector(_Model):
    """A W3C Web Annotation TextQuoteSelector into the source text.

    ``exact`` is the cited passage verbatim; ``prefix`` and ``suffix`` are the text right
    before and after it, needed only when ``exact`` occurs more than once.
    """

    exact: Annotated[str, AfterValidator(_nfc), Field(description="The passage, verbatim.")]
    prefix: Annotated[str, Field(description="Text just before `exact`, to make it unique.")] | None = None
    suffix: Annotated[str, Field(description="Text just after `exact`, to make it unique.")] | None = None


Evidence = Annotated[
    list[TextQuoteSelector],
    Field(min_length=1, description="Where in the source this fact comes from (one or more selectors)."),
]


class Source(_Model):
    """The article file and its fingerprint."""

    file: Annotated[str, Field(description="Path of the article text, relative to content/.")]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the file, hex.")]
    url: HttpUrl | None = None


class Story(_Model):
    """``content/story.yaml``: the story and its source."""

    id: Slug
    headline: Text
    standfirst: Text
    summary: Annotated[list[Text], Field(min_length=1, description="What happened, in a few sentences.")]
    dateline: EdtfDate
    place: Text
    programme: Text | None = None
    publisher: Slug
    credits: list[Slug] = []
    photo_caption: Text | None = None
    photo_credit: Text | None = None
    key_actors: Annotated[list[Slug], Field(min_length=1)]
    key_issues: Annotated[list[Slug], Field(min_length=1)]
    pivotal_quote: Slug
    source: Source
    evidence: Evidence


class Actor(_Model):
    """A person, organisation, state or group the story names."""

    id: Slug
    name: Text
    kind: Literal["person", "organisation", "state", "group"]
    role: Text
    affiliation: Slug | None = None
    summary: Text
    evidence: Evidence


class Position(_Model):
    """Where one actor stands on an issue."""

    actor: Slug
    stance: Text
    evidence: Evidence


class Issue(_Model):
    """A matter in dispute and where each side stands."""

    id: Slug
    title: Text
    summary: Text
    actors: list[Slug] = []
    positions: Annotated[list[Position], Field(min_length=1)]
    evidence: Evidence


class Quote(_Model):
    """Words the article puts in quotation marks, verbatim and attributed."""

    id: Slug
    speaker: Slug
    text: Text
    kind: Literal["full", "partial"]
    context: Text
    medium: Text | None = None
    issues: list[Slug] = []
    evidence: Evidence


class Event(_Model):
    """Something that happened, with an honest date."""

    id: Slug
    date: EdtfDate
    as_written: Annotated[Text, Field(description="The article's own words for the date.")]
    title: Text
    summary: Text | None = None
    actors: list[Slug] = []
    issues: list[Slug] = []
    evidence: Evidence


class ActorsFile(_Model):
    """``content/actors.yaml``."""

    actors: Annotated[list[Actor], Field(min_length=1)]


class IssuesFile(_Model):
    """``content/issues.yaml``."""

    issues: Annotated[list[Issue], Field(min_length=1)]


class QuotesFile(_Model):
    """``content/quotes.yaml``."""

    quotes: list[Quote]


class TimelineFile(_Model):
    """``content/timeline.yaml``."""

    events: list[Event]


#: Content file name (under ``content/``) → the model of its whole document.
FILES: dict[str, type[_Model]] = {
    "story.yaml": Story,
    "actors.yaml": ActorsFile,
    "issues.yaml": IssuesFile,
    "quotes.yaml": QuotesFile,
    "timeline.yaml": TimelineFile,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) per content file, keyed ``"<stem>.schema.json"``."""
    result = {}
    for name, model in FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", name)
        result[f"{name.removesuffix('.yaml')}.schema.json"] = schema
    return result
