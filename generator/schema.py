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

import datetime
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from generator.characters import invisible, unshowable
from generator.dates import EXAMPLES, bounds, describe, diagnose, sort_key

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
SLUG_MIN, SLUG_MAX = 2, 64


def _nfc(value: str) -> str:
    """Text the editor writes: showable, without invisible characters, NFC."""
    return _verbatim(_visible(value))


def _verbatim(value: str) -> str:
    """Words copied from the article (a quote's text, a selector's exact): showable and NFC; an
    invisible character is judged against the article (:mod:`generator.provenance`)."""
    if not value.strip():
        raise ValueError("is blank; write the text or remove the line")
    _showable(value)
    return unicodedata.normalize("NFC", value)


def _visible(value: str) -> str:
    """Refuse the near-invisible characters of :data:`generator.characters.INVISIBLE` (a zero-width
    space, a soft hyphen …): in text the editor writes they are a paste accident."""
    found = list(invisible(value))
    if len(found) == 1:
        at, name = found[0]
        raise ValueError(f"character {at + 1} is {name}, an invisible character (it comes with text pasted from "
                         "web pages and PDFs); delete it")
    if found:
        raise ValueError(f"has {len(found)} invisible characters (they come with text pasted from web pages and "
                         "PDFs): " + ", ".join(f"character {at + 1} is {name}" for at, name in found)
                         + "; delete them")
    return value


def _showable(value: str) -> str:
    """Refuse characters no page can show as written, or that would reorder the text after
    the value: the rules of :mod:`generator.characters` (controls other than tab and line
    breaks, unbalanced bidi controls). Lone surrogates, which YAML's ``\\u`` escapes can
    spell, are reported by the loader for every key and value: :mod:`generator.yamlsource`.
    """
    for at, problem in unshowable(value):
        raise ValueError(f"character {at + 1} is {problem}")
    return value


#: Ids that would clash with a page of the site (``actors/index.md``), are device names on
#: Windows, where a checkout of the built site could not hold them, or are a keyword
#: (``speaker: unattributed``).
RESERVED_IDS = frozenset(
    {"index", "con", "prn", "aux", "nul", "unattributed"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)


def _slug(value: str) -> str:
    _visible(value)  # else an id that looks right would be "not a valid id"
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
        raise ValueError(f"'{value}' cannot be an id: it is a reserved word or file name; "
                         f"choose another, e.g. '{value}-1'")
    return value


_DAY = r"\d{4}(?:-(?:0[1-9]|1[0-2]|2[1-4])(?:-\d{2})?)?[~?%]?"
#: The EDTF subset this project reads and can word for readers (see generator.dates).
EDTF_PATTERN = rf"^(?:{_DAY}|(?:\.\./)?{_DAY}|{_DAY}/(?:{_DAY}|\.\.))$"


def _edtf(value: str) -> str:
    specific = diagnose(value)  # a month 13, a 30 February, "April 2015" …
    if specific:
        raise ValueError(specific)
    try:
        if not re.fullmatch(EDTF_PATTERN, value):
            raise ValueError(value)
        bounds(value)  # the common forms without pyparsing; the others (and refusals) by edtf
    except Exception as exc:  # edtf raises several unrelated types for bad input
        raise ValueError(f"'{value}' is not an EDTF date; write e.g. {EXAMPLES}") from exc
    try:  # what the timeline does with it: edtf accepts 2015-02-29 and year 0000, the calendar does not
        start, end = sort_key(value)
        describe(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a day on the calendar ({exc}); "
                         "check the day of the month, and write years from 0001") from exc
    if start > end:
        raise ValueError(f"'{value}' ends before it starts; write the earlier date first")
    return value


_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def _iso_day(value: str) -> str:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a calendar day; write it as YYYY-MM-DD, e.g. 2015-05-14") from exc
    return value


def _http_url(value: str) -> str:
    """An absolute http(s) link whose host the reader is shown and can trust.

    Parsed with :func:`urllib.parse.urlsplit` (RFC 3986). Refused: any scheme but http and
    https; whitespace, control, format (bidi, zero-width) characters and backslashes anywhere
    (browsers read ``\\`` as ``/``, so ``https://a.example\\@b.example`` leads elsewhere than
    it reads); userinfo (``https://a.example@b.example/`` goes to ``b.example``); a port; and
    a host that is not a plain ASCII domain name: non-ASCII and IDNA (``xn--``) names, which
    can imitate another site's name, IP addresses and one-label names.
    """
    def refuse(why: str, fix: str) -> ValueError:
        return ValueError(f"'{value}' is not an http or https link {why}; {fix}")

    for at, char in enumerate(value, start=1):
        if char.isspace() or char == "\\" or unicodedata.category(char) in ("Cc", "Cf"):
            shown = "a backslash" if char == "\\" else f"U+{ord(char):04X}"
            raise refuse(f"(character {at} is {shown})",
                         "percent-encode it (%20 for a space, %5C for a backslash), or remove it")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise refuse("", "write it as https://…")
    if "@" in parts.netloc:
        raise refuse(f"that says where it goes: '{parts.netloc.rpartition('@')[0]}@' is a user name, and the link "
                     f"leads to {parts.netloc.rpartition('@')[2]}", "remove everything between '//' and '@'")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None or parts.netloc.endswith(":"):
        raise refuse(f"for readers: it names a port ('{parts.netloc}')", "remove the ':' and the port number")
    host = parts.hostname or ""
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        raise refuse(f"with a plain host name ('{host}' is an internationalised name, which can imitate another "
                     "site's)", "link to the site's ASCII domain name")
    if not _HOST.fullmatch(host):
        raise refuse(f"to a domain name ('{host}')", "link to the site by its domain name, e.g. https://www.example.com/")
    return value


def url_host(url: str) -> str:
    """The host of a link checked by :func:`_http_url`, lowercase (shown to readers beside it)."""
    return urlsplit(url).hostname or ""


Text = Annotated[str, AfterValidator(_nfc), Field(min_length=1)]


#: A position's ``short`` longer than this many characters is a warning (:mod:`generator.rules`): the home
#: page's who-stands-where table shows it in a narrow column, where about 60 characters fit.
SHORT_MAX = 100


def _has_words(value: str) -> str:
    """Refuse text with no letter or digit: only punctuation, symbols or combining marks (``"\u0301\u0301"``)
    show as stray marks, like blank text (:func:`_verbatim`) shows as nothing."""
    if not any(char.isalnum() for char in value):
        raise ValueError("has no letter or digit, so it would show as stray marks; write a few words, "
                         "or remove the line")
    return value


def _folded(value: str) -> str:
    """Runs of whitespace as one space, none at the ends: a heading made of this text reads the same
    whatever spaces the editor typed (``"12  May 2015"`` is ``"12 May 2015"``)."""
    return " ".join(value.split())


#: A name the pages show as a heading (an era): :data:`Text` with its whitespace folded.
HeadingText = Annotated[Text, AfterValidator(_folded)]


#: A few words shown in place of longer text (a position's or an issue's ``short``): :data:`Text` with a word in it.
ShortText = Annotated[Text, AfterValidator(_has_words)]
#: Words copied verbatim from the article (a quote's text): checked against it, invisible characters too.
VerbatimText = Annotated[str, AfterValidator(_verbatim), Field(min_length=1)]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    Field(json_schema_extra={"pattern": SLUG_PATTERN, "minLength": SLUG_MIN, "maxLength": SLUG_MAX}),
]
EdtfDate = Annotated[
    str,
    AfterValidator(_edtf),
    Field(
        description=f"A date in EDTF (ISO 8601-2) levels 0–1: {EXAMPLES}.",
        json_schema_extra={"pattern": EDTF_PATTERN},
    ),
]
#: The era of the timeline that holds every event whose date is only bounded ("on or before …").
BACKGROUND = "Background"

HttpUrl = Annotated[str, AfterValidator(_http_url), Field(json_schema_extra={"pattern": "^https?://"})]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextQuoteSelector(_Model):
    """A W3C Web Annotation TextQuoteSelector into the source text.

    ``exact`` is the cited passage verbatim; ``prefix`` and ``suffix`` are the text right
    before and after it, needed only when ``exact`` occurs more than once.
    """

    exact: Annotated[str, AfterValidator(_verbatim)] = Field(
        description="The article's words this fact rests on, copied exactly (curly quotes and apostrophes included).")
    prefix: str | None = Field(None, description="Text just before `exact` in the article; needed only when "
                                                 "`exact` occurs more than once, to say which occurrence.")
    suffix: str | None = Field(None, description="Text just after `exact` in the article; needed only when "
                                                 "`exact` occurs more than once, to say which occurrence.")
    source: Slug | None = Field(None, description="The id of the source (in story.yaml's sources) these words are "
                                                  "in; default: the first source.")


Evidence = Annotated[
    list[TextQuoteSelector],
    Field(min_length=1, description="Where in the source article this fact comes from: one or more passages, "
                                    "each copied exactly (`exact`), with `prefix`/`suffix` only when needed."),
]


#: The word a quote's ``speaker`` takes when the article does not say who spoke.
UNATTRIBUTED = "unattributed"


class Attribution(_Model):
    """Who the article says a statement or quote comes from.

    Written as an actor id (``maria-zakharova``), as the article's own words for a source it
    does not name (``"a spokeswoman for Lavrov"``, ``"U.S. officials"``: anything that is not
    an id), or as a mapping with ``actor`` or ``unnamed`` and the optional ``affiliation`` and
    ``verb``. A quote's speaker may also be ``unattributed``.
    """

    actor: Annotated[Slug | None, Field(description="The id of the actor the article names as the source.")] = None
    unnamed: Annotated[Text | None, Field(
        description="A source the article does not name, in the article's exact words, e.g. "
                    "'a spokeswoman for Lavrov'; the page shows these words, never a guessed name.")] = None
    affiliation: Annotated[Slug | None, Field(
        description="For an unnamed source: the id of the actor it speaks for or belongs to (linked on the page).")
    ] = None
    verb: Annotated[Text | None, Field(
        description="The article's reporting verb and what follows it, e.g. 'wrote on her Facebook page': "
                    "the page then shows '<source> wrote on her Facebook page' instead of 'according to <source>'.")
    ] = None
    unattributed: Annotated[bool, Field(
        description="Set by `speaker: unattributed`: the article does not say who spoke.")] = False

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            if data == UNATTRIBUTED:
                return {"unattributed": True}
            return {"actor": data} if _SLUG.fullmatch(data) else {"unnamed": data}
        return data

    @model_validator(mode="after")
    def _one_source(self) -> Attribution:
        if self.unattributed:
            if self.actor or self.unnamed or self.affiliation or self.verb:
                raise ValueError("an unattributed source names nobody; remove the other fields")
        elif (self.actor is None) == (self.unnamed is None):
            raise ValueError("give either 'actor' (an actor id) or 'unnamed' (the article's words), "
                             "not both or neither; write e.g. 'actor: maria-zakharova' or "
                             "'unnamed: a spokeswoman for Lavrov'")
        elif self.actor and self.affiliation:
            raise ValueError("'affiliation' is for unnamed sources; an actor's affiliation is in actors.yaml;"
                             " remove the affiliation line")
        return self

    @property
    def key(self) -> str:
        """The actor id, the unnamed words, or ``unattributed``: for grouping and sorting."""
        return self.actor or self.unnamed or UNATTRIBUTED


def _as_list(value: Any) -> Any:
    return value if isinstance(value, list) else [value]


AccordingTo = Annotated[
    list[Attribution],
    BeforeValidator(_as_list, json_schema_input_type=str | Attribution | list[str | Attribution]),
    Field(description="Who the article says this comes from: an actor id, the article's words for a source it "
                      "does not name ('U.S. officials'), a mapping (actor/unnamed, affiliation, verb), or a list "
                      "of these. Required where the evidence is reported speech (said, told, wrote, according to …)."),
]
def _unchanged(value: Any) -> Any:
    return value


Speaker = Annotated[
    Attribution,
    BeforeValidator(_unchanged, json_schema_input_type=str | Attribution),
    Field(description="Who spoke: an actor id, the article's words for a speaker it does not name "
                      "('a spokeswoman for Lavrov'), a mapping (unnamed + affiliation), or 'unattributed' "
                      "when the article does not say who used the words."),
]


def _line_range(value: str) -> str:
    match = re.fullmatch(r"([1-9][0-9]{0,6})(?:\s*[-–]\s*([1-9][0-9]{0,6}))?", value)
    if not match:
        raise ValueError(f"'{value}' is not a line range; write first-last, e.g. 7-41, or one line, e.g. 3")
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise ValueError(f"'{value}' ends before it starts; write the smaller line number first")
    return value


LineRange = Annotated[str, AfterValidator(_line_range), Field(
    description="Lines of the source file, 1-based and inclusive: 'first-last' or one line number.",
    json_schema_extra={"pattern": r"^[1-9][0-9]*(\s*[-–]\s*[1-9][0-9]*)?$"})]


def line_range(value: str) -> tuple[int, int]:
    """``"7-41"`` → ``(7, 41)``; ``"3"`` → ``(3, 3)`` (a value :data:`LineRange` accepted)."""
    first, _, last = re.sub(r"\s", "", value).replace("–", "-").partition("-")
    return int(first), int(last or first)


class Segment(_Model):
    """A stretch of the source file that one outlet wrote, e.g. the AP story inside a broadcaster's page."""

    name: Annotated[Text, Field(description="What the reader is told the words come from, as a noun phrase "
                                            "after 'in': 'the AP story', 'CCTV’s report'.")]
    lines: LineRange
    outlet: Annotated[Slug | None, Field(description="The id of the actor (a news organisation) that wrote "
                                                     "these lines; JSON-LD names it as their author.")] = None
    label: Annotated[Text | None, Field(description="How a source link names these words, in a word or two: "
                                                    "'AP', 'CCTV'. Default: the outlet's name; a segment with no "
                                                    "outlet leaves its links as 'source'.")] = None


class Source(_Model):
    """An article or document the facts cite: its file, fingerprint, publisher and date.

    In the one-source form (``story.yaml``'s ``source:``) ``id``, ``publisher`` and ``date``
    may be left out: they default to ``article``, the story's ``publisher`` and ``dateline``
    (:meth:`Story.source_list`). In a ``sources:`` list every source names all three.
    """

    id: Slug | None = Field(None, description="The source's id, which selectors name in `source:` "
                                              "(required in a `sources:` list).")
    file: Annotated[str, AfterValidator(_showable), AfterValidator(_visible)] = Field(
        description="Path of the article's plain text, relative to content/, "
                    "e.g. sources/kerry-putin-sochi-2015-05-12.txt.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$",
                        description="sha256 of the article file, 64 lowercase hex digits (`sha256sum FILE`); "
                                    "the build fails when the file changes, so facts are re-checked.")
    publisher: Slug | None = Field(None, description="Id of the actor that published it (required in a "
                                                     "`sources:` list; default: the story's publisher).")
    date: EdtfDate | None = Field(None, description="When it was published, in EDTF; facts citing it are 'as of' "
                                                    "this date (required in a `sources:` list; default: the dateline).")
    url: HttpUrl | None = Field(None, description="Where the article is published (https://…); "
                                                  "source links then also open the original at the passage.")
    segments: list[Segment] = Field([], description="The source divided by outlet, in line order, without "
                                    "overlaps: every statement then shows whose words it rests on. Leave out when one "
                                    "outlet wrote the whole source.")

    @property
    def host(self) -> str:
        """The host of ``url`` ("" without one), lowercase: readers see where a link goes."""
        return url_host(self.url) if self.url else ""


class Statement(_Model):
    """One sentence the site states, with who says so and where the article says it."""

    text: Text = Field(description="The sentence, in your words.")
    according_to: AccordingTo = []
    evidence: list[TextQuoteSelector] = Field([], description="Where in the source this comes from "
                                                              "(one or more selectors).")


def _as_statement(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


SummaryItem = Annotated[Statement, BeforeValidator(_as_statement, json_schema_input_type=str | Statement)]


class Point(_Model):
    """One statement the home page shows (why it matters, a key point, an unknown), with its evidence."""

    title: Text | None = Field(None, description="A few words that head the card (key points only).")
    text: Text = Field(description="The statement, in one or two plain sentences.")
    evidence: Evidence


class Story(_Model):
    """``content/story.yaml``: the story and its source."""

    id: Slug = Field(description="Short id of the story: lowercase letters, digits and hyphens.")
    headline: Text = Field(description="The explainer's headline, shown on the home page.")
    standfirst: Text = Field(description="One or two sentences under the headline: what happened.")
    summary: Annotated[list[SummaryItem], Field(min_length=1)] = Field(
        description="What happened, in a few sentences (one list item per paragraph): each plain text, or a "
                    "mapping with text, according_to and evidence.")
    dateline: EdtfDate = Field(description=f"When the story happened, in EDTF: {EXAMPLES}.")
    place: Text = Field(description="Where the story happened, e.g. Sochi, Russia.")
    programme: Text | None = Field(None, description="The programme or section the article ran in, if any.")
    publisher: Slug = Field(description="The id of the actor (in actors.yaml) that published the article.")
    credits: list[Slug] = Field([], description="Ids of the actors credited for the article (photographer, "
                                                "broadcaster …; the publisher is credited too): the About page "
                                                "lists them, the who's-who leaves them out.")
    photo_caption: Text | None = Field(None, description="Caption of the article's photo, as published.")
    photo_credit: Text | None = Field(None, description="Credit line of the article's photo, as published.")
    key_actors: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of the actors the home page shows first, in this order.")
    key_issues: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of the issues the home page shows first, in this order.")
    pivotal_quote: Slug | None = Field(None, description="Id of the quote (in quotes.yaml) the home page shows "
                                                          "under \"In their words\"; without it, no quote is shown.")
    why_it_matters: Point | None = Field(
        None, description="Why the story matters, in one or two sentences, with evidence; the home page shows it "
                          "under the standfirst.")
    key_points: Annotated[list[Point], Field(min_length=3, max_length=5)] | None = Field(
        None, description="Three to five key points, shown as cards on the home page, each with its evidence.")
    unknowns: list[Point] = Field([], description="What we don't know: the article's own hedges and open questions "
                                                  "(\"few breakthroughs if any\"), each with its evidence.")
    source: Source | None = Field(None, description="The one source article: its file, sha256 and (optional) URL "
                                                    "(or list several under `sources`).")
    sources: list[Source] = Field([], description="Several sources (articles, statements), each with id, file, "
                                                  "sha256, publisher and date; the first is the default.")
    site_name: Text | None = Field(None, description="The site's name, in the header, the browser tab and search "
                                                     "results; default: the headline followed by ': an explainer'.")
    site_description: Text | None = Field(None, description="One or two sentences for search engines and link "
                                                            "previews (the pages' meta description); default: "
                                                            "the standfirst.")
    about: Text | None = Field(None, description="What this explainer is about, in a sentence, for the About page; "
                                                 "default: a sentence made of the headline, place and dateline.")
    evidence: Evidence

    @property
    def title(self) -> str:
        """The site's name: ``site_name``, else ``"<headline>: an explainer"``."""
        return self.site_name or f"{self.headline}: an explainer"

    @property
    def description(self) -> str:
        """The site's meta description: ``site_description``, else the standfirst."""
        return self.site_description or self.standfirst

    def source_list(self) -> list[Source]:
        """Every source, first (the default one) first, with the one-source defaults filled in.

        Empty only when ``story.yaml`` has neither ``source`` nor ``sources`` (an error that
        :mod:`generator.rules` reports).
        """
        if self.sources:
            return list(self.sources)
        if self.source is None:
            return []
        return [self.source.model_copy(update={
            "id": self.source.id or DEFAULT_SOURCE_ID,
            "publisher": self.source.publisher or self.publisher,
            "date": self.source.date or self.dateline,
        })]


#: The id of the one source when ``story.yaml`` gives it without one.
DEFAULT_SOURCE_ID = "article"


class _Record(_Model):
    """What every record (actor, issue, quote, event) may say about its own standing.

    ``status``: ``current`` (the default), ``disputed`` (shown, flagged), ``superseded``
    (overtaken by a newer record, named in ``superseded_by``) or ``retracted`` (withdrawn);
    ``reason`` says why, for readers. A record that is not current stays on the site, marked.
    """

    status: Literal["current", "superseded", "disputed", "retracted"] = Field(
        "current", description="current (the default), disputed, superseded (by `superseded_by`) or retracted; "
                               "a record that is not current stays on the site, marked.")
    superseded_by: Slug | None = Field(None, description="Id of the record of the same kind that replaces this one.")
    reason: Text | None = Field(None, description="Why the record is not current, in a sentence for readers.")


#: How prominent an actor is in the story: the who's-who lists principals first.
Prominence = Literal["principal", "official", "other"]


class Actor(_Record):
    """A person, organisation, state or group the story names."""

    id: Slug = Field(description="Stable id: lowercase letters, digits and hyphens; it becomes the page's URL.")
    name: Text = Field(description="The name as readers know it, e.g. Sergey Lavrov.")
    kind: Literal["person", "organisation", "state", "group"] = Field(
        description="person, organisation (a ministry, a company, a news agency), state (a country) "
                    "or group (several people or bodies acting together).")
    role: Text = Field(description="Their role at the time of the story, e.g. Russian Foreign Minister.")
    affiliation: Slug | None = Field(None, description="Id of the actor they belong to or speak for, "
                                                       "e.g. a minister's ministry or state.")
    side: Slug | None = Field(None, description="Id of the actor whose side they are on in the who's-who, e.g. a "
                                                "state. Optional: by default the end of the affiliation chain "
                                                "when that is a state (Peskov → Putin → Russia).")
    prominence: Prominence = Field("other", description="principal (the story is about them), official (speaks "
                                                        "or acts for a side) or other (the default).")
    summary: Text = Field(description="What they did in the story, in a sentence or two.")
    according_to: AccordingTo = []
    evidence: Evidence


#: The category of a stance, for the who-stands-where picture (its colour, dash pattern and label).
Leaning = Literal["supports", "opposes", "mixed", "neutral"]


class Position(_Model):
    """Where one actor stands on an issue."""

    actor: Slug = Field(description="Id of the actor (in actors.yaml) who takes this position.")
    stance: Text = Field(description="Their position on the issue, in the article's terms.")
    according_to: AccordingTo = []
    leaning: Annotated[
        Leaning | None,
        Field(description="The stance in one word, read against the issue's title as a proposal or claim: "
                          "supports (argues for it, asserts it), opposes (argues against it, denies it), "
                          "mixed (both, or with conditions), neutral (takes no side). Leave it out when the "
                          "article does not support one word: the picture then labels it 'see table' on home "
                          "(the table beside it gives the stance) and 'see below' on the issue's page (the "
                          "position cards below it do)."),
    ] = None
    short: ShortText | None = Field(None, description="Where this side stands in a few words (about 60 "
                                                      "characters; `check` warns past "
                                                      f"{SHORT_MAX}), shown in the home page's who-stands-where "
                                                      "table and first on its card on the issue page; it "
                                                      "restates `stance`, so the position's evidence covers it. "
                                                      "It needs a letter or digit. Default: the stance.")
    evidence: Evidence


class Issue(_Record):
    """A matter in dispute and where each side stands."""

    id: Slug = Field(description="Stable id: lowercase letters, digits and hyphens; it becomes the page's URL.")
    title: Text = Field(description="A short title of what is in dispute.")
    summary: Text = Field(description="What is at stake, in a sentence or two.")
    according_to: AccordingTo = []
    short: ShortText | None = Field(None, description="The issue in one line, for the issues index; it restates "
                                                 "`summary`, so the issue's evidence covers it. Default: the summary.")
    actors: list[Slug] = Field([], description="Ids of other actors involved who take no position of their own.")
    positions: Annotated[list[Position], Field(min_length=1)] = Field(
        description="Where each side stands: one entry per actor, with evidence.")
    no_position: list[Slug] = Field([], description="Actors the issue names for which the article gives no "
                                                    "position; the page says so. Every side an issue names needs a "
                                                    "position or an entry here.")
    evidence: Evidence


class Quote(_Record):
    """Words the article puts in quotation marks, verbatim and attributed."""

    id: Slug = Field(description="Stable id: lowercase letters, digits and hyphens; it becomes the quote's anchor.")
    speaker: Speaker
    text: VerbatimText = Field(description="The words exactly as they stand between the article's quotation marks "
                                           "(curly apostrophes included).")
    kind: Literal["full", "partial"] = Field(
        description="full: `text` is the whole passage between one pair of quotation marks (a final comma or "
                    "full stop may be left off); partial: `text` is a contiguous part of one such passage.")
    context: Text = Field(description="When, where and to whom it was said, in your words.")
    medium: Text | None = Field(None, description="How it was said, e.g. on Twitter, at a news conference.")
    issues: list[Slug] = Field([], description="Ids of the issues (in issues.yaml) the quote speaks to.")
    evidence: Evidence


class Event(_Record):
    """Something that happened, with an honest date."""

    id: Slug = Field(description="Stable id: lowercase letters, digits and hyphens; it becomes the event's anchor.")
    date: EdtfDate = Field(description=f"When it happened, as exactly as the article says and no more, in EDTF: "
                                       f"{EXAMPLES}.")
    as_written: Text = Field(description="The article's own words for the date, e.g. Tuesday, last year, "
                                         "mid-February.")
    title: Text = Field(description="What happened, in a short line.")
    summary: Text | None = Field(None, description="More on what happened, in a sentence or two.")
    future: Literal["announced", "expected"] | None = Field(
        None, description="For an event after its source's date: announced (planned, said to happen) or expected.")
    according_to: AccordingTo = []
    era: HeadingText | None = Field(
        None, description=f"The timeline section it belongs to, e.g. Before the visit. Default: {BACKGROUND} for "
                          "an only-bounded date (../2015-05-12), else Earlier, the dateline's day or Later. An "
                          f"only-bounded date always belongs to {BACKGROUND}. Spaces are folded, as the heading "
                          "shows them; the events of one section spell its name alike, letter case included. An "
                          "era named as a date (12 May 2015) holds events of that date (`check` warns otherwise).")
    actors: list[Slug] = Field([], description="Ids of the actors (in actors.yaml) who took part.")
    issues: list[Slug] = Field([], description="Ids of the issues (in issues.yaml) the event bears on.")
    evidence: Evidence


class ActorsFile(_Model):
    """``content/actors.yaml``."""

    actors: Annotated[list[Actor], Field(min_length=1)] = Field(description="The people, organisations, states "
                                                                           "and groups the story names.")


class IssuesFile(_Model):
    """``content/issues.yaml``."""

    issues: Annotated[list[Issue], Field(min_length=1)] = Field(description="The matters in dispute, "
                                                                           "each with where each side stands.")


class QuotesFile(_Model):
    """``content/quotes.yaml``."""

    quotes: list[Quote] = Field(description="Words the article puts in quotation marks, verbatim and attributed.")


class TimelineFile(_Model):
    """``content/timeline.yaml``."""

    events: list[Event] = Field(description="What happened, each with an honest EDTF date; "
                                            "the timeline sorts them.")


IsoDay = Annotated[
    str,
    AfterValidator(_iso_day),
    Field(description="A calendar day, YYYY-MM-DD.", json_schema_extra={"pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


class Change(_Model):
    """One entry of the change log: what changed, when, and what readers are told."""

    date: IsoDay = Field(description="The day of the change, YYYY-MM-DD.")
    kind: Literal["update", "correction", "clarification"] = Field(
        description="update (new information), correction (something was wrong) or clarification.")
    records: Annotated[list[Text], Field(min_length=1)] = Field(
        description="The records concerned: an id, or kind:id (actor, issue, quote, event, story, source) "
                    "when two kinds share an id.")
    note: Text | None = Field(None, description="What changed, for readers (required for a correction).")


class ChangesFile(_Model):
    """``content/changes.yaml`` (optional): the change log, oldest entry first."""

    changes: list[Change] = Field(description="Updates, corrections and clarifications, oldest first.")


#: The longest glossary term or spelling, in characters: a word or a short phrase.
TERM_MAX = 60
#: The longest glossary definition, in characters: it is copied into the tooltip of the term's
#: first mention on every page, so it stays one or two short sentences.
DEFINITION_MAX = 400


def _term_text(value: str) -> str:
    """A glossary term or spelling: begins and ends with a letter or digit (it is matched as whole
    words), at most :data:`TERM_MAX` characters."""
    value = _nfc(value)
    if len(value) > TERM_MAX:
        raise ValueError(f"is {len(value)} characters long, more than {TERM_MAX}; a term is a word or a short "
                         "phrase: write the words the pages use for it, and explain the rest in the definition")
    if not (value[:1].isalnum() and value[-1:].isalnum()):
        raise ValueError(f"'{value}' must begin and end with a letter or digit, since it is found in the text "
                         "as whole words; leave out quotation marks and punctuation around it")
    return value


def _definition(value: str) -> str:
    """A glossary definition: at most :data:`DEFINITION_MAX` characters."""
    if len(value) > DEFINITION_MAX:
        raise ValueError(f"is {len(value)} characters long, more than {DEFINITION_MAX}; it is shown in a tooltip "
                         "at the term's first mention on every page: say what the term means here in one or two "
                         "short sentences")
    return value


TermText = Annotated[str, AfterValidator(_term_text), Field(min_length=1, json_schema_extra={"maxLength": TERM_MAX})]
DefinitionText = Annotated[Text, AfterValidator(_definition), Field(json_schema_extra={"maxLength": DEFINITION_MAX})]


class Term(_Model):
    """One glossary entry: a word a reader may not know, and what it means in this story."""

    id: Slug = Field(description="Stable id: lowercase letters, digits and hyphens; it becomes the term's anchor "
                                 "on the glossary page.")
    term: TermText = Field(description="The term as the pages write it, e.g. S-300. Its first mention on every page "
                                       "is explained (the first letter may be upper or lower case; the rest must "
                                       "match exactly, as whole words). "
                                       f"At most {TERM_MAX} characters.")
    also: list[TermText] = Field([], description="Other spellings the pages use for the same term, e.g. cease-fire "
                                                 "beside ceasefire; each is explained like the term. Each differs "
                                                 "from the term and the other spellings in more than letter case; "
                                                 f"at most {TERM_MAX} characters.")
    definition: DefinitionText = Field(description="What the term means here, in one or two plain sentences that "
                                                   "say only what the evidence supports. At most "
                                                   f"{DEFINITION_MAX} characters: it is copied into a tooltip "
                                                   "on every page that mentions the term.")
    evidence: Evidence


class GlossaryFile(_Model):
    """``content/glossary.yaml`` (optional): terms a reader may not know, explained where they appear."""

    terms: list[Term] = Field(description="The glossary's terms, in any order (the glossary page sorts them A to Z).")


#: The optional change log under ``content/``.
CHANGES = "changes.yaml"
#: The optional glossary under ``content/``.
GLOSSARY = "glossary.yaml"

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
    models: dict[str, type[_Model]] = {**FILES, CHANGES: ChangesFile, GLOSSARY: GlossaryFile}
    for name, model in models.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema.setdefault("title", name)
        result[f"{name.removesuffix('.yaml')}.schema.json"] = schema
    return result
