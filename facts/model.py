"""The dataset format: sources, events, claims, evidence and reference assessments.

Every model forbids unknown keys (a mistyped key is usually a typo that would otherwise
be dropped without a word) and is frozen: a loaded dataset is a value, never edited in
place. Text fields reject terminal control characters so that nothing from a dataset can
drive the terminal it is shown on.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from facts.control_chars import FORBIDDEN as _FORBIDDEN
from facts.dates import PartialDate, validate_date
from facts.integrity import integrity_problems
from facts.verdicts import Verdict

SCHEMA_VERSION = 1

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
TAG_PATTERN = r"^[^\s,][^,\n]{0,63}$"
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


def _check_text(value: str) -> str:
    """Reject empty text and control characters, saying which character and where."""
    if not value or value.isspace():  # what `not value.strip()` says, without a copy
        raise PydanticCustomError("empty_text", "text must not be empty")
    found = _FORBIDDEN.search(value)
    if found is not None:
        raise PydanticCustomError(
            "control_character",
            "control character U+{code} at position {index} is not allowed in text "
            "(it could drive the terminal); remove it",
            {"code": f"{ord(found.group()):04X}", "index": found.start()},
        )
    return value


# Dates repeat: 100,000 events fall on a few tens of thousands of days. A date written
# the same way is parsed once and its (immutable) PartialDate shared, which saves the
# parse and the memory of a copy per record. Only exact str and int values are cached;
# anything else, and every value that fails, goes through PartialDate's validation.
_DATE_CACHE_LIMIT = 200_000


class DateCache(dict[str | int, PartialDate]):
    """The shared dates, by the exact str or int written. A miss validates the value
    (raising Pydantic's error for a bad one) and keeps its date, so that a lookup is one
    C-level call for the JSON fast path (`checked_records`), whose schema lets only an
    exact str or int reach it: `True == 1` and `2025.0 == 2025` never get here."""

    def __missing__(self, value: str | int) -> PartialDate:
        return self.keep(value, validate_date(value))

    def keep(self, value: str | int, date: PartialDate) -> PartialDate:
        if len(self) >= _DATE_CACHE_LIMIT:
            self.clear()
        self[value] = date
        return date


DATE_CACHE = DateCache()


def _shared_date(value: Any, handler: ValidatorFunctionWrapHandler) -> PartialDate:
    kind = type(value)
    if kind is not str and kind is not int:  # bool is an int subclass: not cached
        return handler(value)  # type: ignore[no-any-return]
    date = DATE_CACHE.get(value)
    return DATE_CACHE.keep(value, handler(value)) if date is None else date


Date = Annotated[PartialDate, WrapValidator(_shared_date)]
Text = Annotated[str, AfterValidator(_check_text)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN), AfterValidator(_check_text)]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2048)]
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
# Whether a claimant is one person or an organisation (a ministry, a newspaper, a party):
# what schema.org's Person and Organization tell apart when a claim is published.
ClaimantKind = Literal["person", "organization"]

SourceKind = Literal[
    "article",
    "news",
    "opinion",
    "official-statistics",
    "report",
    "statement",
    "poll",
    "legal",
    "reference",
    "dataset",
    "other",
]


def _empty_list(description: str | None = None) -> Any:
    """An empty list as a field's default, made new for each record by `list()`.

    A literal `[]` default is deep-copied by Pydantic for every record that leaves the
    field out (12,000 `copy.deepcopy` calls in a 10,000-claim load); the schema still
    says the default is [].
    """
    return Field(default_factory=list, description=description, json_schema_extra={"default": []})


class Record(BaseModel):
    """Base of every model in the format: strict keys, immutable values."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Record):
    """A public document that events, claims and evidence point to."""

    id: Id
    title: Text
    publisher: Text | None = None
    url: Url | None = None
    published: Date | None = None
    kind: SourceKind = "article"
    language: Language | None = Field(
        default=None, description="The language it is written in, as a code: es, pt-BR, ar."
    )


class Event(Record):
    """Something that happened, at the precision its date is known."""

    id: Id
    date: Date
    end: Date | None = Field(default=None, description="Last date of an event that spans time.")
    title: Text
    summary: Text | None = None
    tags: list[Tag] = _empty_list()
    sources: list[Id] = _empty_list(description="Ids of sources that report this event.")

    def ends_before_it_starts(self) -> bool:
        """Whether `end` is before `date`. Partial dates are spans: an event from
        2025-02-19 may well end in "2025-02"."""
        return self.end is not None and self.end.latest() < self.date.earliest()

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Event:
        if self.end is not None and self.ends_before_it_starts():
            raise PydanticCustomError(
                "end_before_start",
                "the end date {end} is before the start date {start}",
                {"end": self.end.iso(), "start": self.date.iso()},
            )
        return self


class Evidence(Record):
    """A source a checker can read to judge the claim, with what it shows."""

    source: Id
    note: Text | None = None
    url: Url | None = Field(
        default=None, description="A deep link, when it differs from the source's url."
    )


class Reference(Record):
    """The curators' own assessment, shown in classroom mode only when revealed."""

    verdict: Verdict
    explanation: Text
    sources: list[Id] = _empty_list()


class Claim(Record):
    """A statement to check, in the dataset's own words, tied to the events it is about."""

    id: Id
    text: Text
    claimant: Text | None = Field(default=None, description="Who made the claim.")
    claimant_kind: ClaimantKind | None = Field(
        default=None,
        description="Whether the claimant is a person or an organization; "
        "left out when that is not known.",
    )
    appeared_in: Id | None = Field(default=None, description="Id of the source it appeared in.")
    appeared_on: Date | None = Field(default=None, description="When it appeared.")
    events: list[Id] = Field(min_length=1, description="Ids of the events the claim is about.")
    tags: list[Tag] = _empty_list()
    evidence: list[Evidence] = _empty_list()
    what_to_check: list[Text] = _empty_list(description="Hints for the checker.")
    reference: Reference | None = None

    @cached_property
    def fingerprint(self) -> str:
        """A hash of what the claim states; a verdict made on another statement is stale.

        Evidence, hints, the reference and the claimant's kind are left out: adding a
        source or saying that the claimant is an organisation does not change what was
        judged, rewording the claim does.
        """
        statement = [self.text, self.claimant, self.appeared_in, str(self.appeared_on)]
        digest = hashlib.sha256(json.dumps(statement, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:16]

    @model_validator(mode="after")
    def _kind_has_a_claimant(self) -> Claim:
        # A kind with no claimant would describe nobody; it is a slip, most often a
        # claimant deleted while its kind stayed. (facts/checked_text.py checks the
        # same over all claims at once.)
        if self.claimant_kind is not None and self.claimant is None:
            raise PydanticCustomError(
                "kind_without_claimant",
                "claimant_kind is {kind} but the claim has no claimant; add the claimant "
                "or remove claimant_kind",
                {"kind": self.claimant_kind},
            )
        return self


class Dataset(Record):
    """A curated set of sources, events and claims: one file, one timeline."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_version: Literal[1] = Field(description="Version of the claimline dataset format.")
    id: Id
    title: Text
    description: Text | None = None
    language: Language = "en"
    sources: list[Source] = _empty_list()
    events: list[Event] = Field(min_length=1)
    claims: list[Claim] = _empty_list()

    @model_validator(mode="after")
    def _references_resolve(self) -> Dataset:
        if checked_records(self):
            return self
        problems = integrity_problems(self.sources, self.events, self.claims)
        if problems:
            raise PydanticCustomError(
                "integrity",
                "{count} id or reference problem(s)",
                {"count": len(problems), "problems": problems},
            )
        return self

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {event.id: event for event in self.events}

    @cached_property
    def claim_by_id(self) -> dict[str, Claim]:
        return {claim.id: claim for claim in self.claims}


def checked_records(dataset: Dataset, *, written_dates: bool = False) -> bool:
    """Whether the records keep the rules checked across them: no id given twice, every
    reference to a record, no event that ends before it starts, no claimant kind without
    a claimant. The one set-based check of references, used by the dataset's own
    validator and, with the rest, by the fast JSON validator (`facts.checked_text`), so
    the two can never accept different datasets.

    With `written_dates` (the fast validator's datasets), every date field still holds
    the exact str or int written, and each is replaced here by its shared PartialDate
    (`DATE_CACHE`; a miss validates it, and a bad date is False like any other break).
    The models are not yet anyone else's: writing their `__dict__` is setting the field.
    pydantic-core calling the lookup for each date cost about 0.7 µs a date (0.12 s at
    100,000 claims); here it is a dict lookup in a loop that reads the record anyway.

    The usual answer for a good file, found in a fraction of `integrity_problems`' time;
    when it is False, the validators say what and where. One loop over the events and
    one over the claims, each record touched once: 100,000 records lie scattered over a
    few hundred megabytes, and each further pass over them (a set of ids, a list of
    dates) costs its cache misses again, 0.03-0.05 s a pass.
    """
    try:
        return _checked_records(dataset, written_dates)
    except ValueError:  # a written date that is not one
        return False


def _checked_records(dataset: Dataset, written_dates: bool) -> bool:
    sources, events, claims = dataset.sources, dataset.events, dataset.claims
    dates = DATE_CACHE
    source_ids = {source.id for source in sources}
    if len(source_ids) != len(sources):
        return False
    if written_dates:
        for source in sources:
            fields = source.__dict__
            if fields["published"] is not None:
                fields["published"] = dates[fields["published"]]
    known_sources = source_ids.issuperset
    event_ids: set[str] = set()
    add_event = event_ids.add
    for event in events:
        fields = event.__dict__  # one lookup, then the fields by key: a tenth faster
        add_event(fields["id"])
        if fields["sources"] and not known_sources(fields["sources"]):
            return False
        if written_dates:
            fields["date"] = dates[fields["date"]]
            if fields["end"] is not None:
                fields["end"] = dates[fields["end"]]
        if fields["end"] is not None and event.ends_before_it_starts():
            return False
    if len(event_ids) != len(events):
        return False
    known_events = event_ids.issuperset
    claim_ids: set[str] = set()
    add_claim = claim_ids.add
    for claim in claims:
        fields = claim.__dict__
        add_claim(fields["id"])
        if not known_events(fields["events"]):
            return False
        if fields["claimant"] is None and fields["claimant_kind"] is not None:
            return False
        appeared_in = fields["appeared_in"]
        if appeared_in is not None and appeared_in not in source_ids:
            return False
        if written_dates and fields["appeared_on"] is not None:
            fields["appeared_on"] = dates[fields["appeared_on"]]
        for evidence in fields["evidence"]:
            if evidence.source not in source_ids:
                return False
        reference = fields["reference"]
        if reference is not None and not known_sources(reference.sources):
            return False
    return len(claim_ids) == len(claims)


def dataset_json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, for editors and other tools."""
    schema = Dataset.model_json_schema(mode="validation")
    schema["title"] = "claimline dataset"
    return schema
