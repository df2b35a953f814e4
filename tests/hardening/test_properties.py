"""Property tests: the loader on mutated datasets, partial dates, two stores as one machine.

- The loader on arbitrary mutations of valid datasets (tests/test_loader_fuzz.py's
  mutations, plus hostile text: markup, bidi, controls, long and odd values), 2,000
  examples under CI and 200 locally (the `hardening-*` profiles in conftest.py). Every
  outcome is a dataset or located problems; a dataset is then rendered in the detail panel
  and exported in every format, and nothing carries a raw control character.
- Partial dates: order, spans and round trips at every precision and at the extremes, and
  through a dataset, the timeline and the TimelineJS export.
- The review store as a state machine with two instances open on one file, each of the
  mark, note (hostile text too), undo, redo and reopen rules run on either of them:
  history and current verdicts stay consistent, and both instances read the same.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test
from rich.console import Console

from facts import Dataset, DatasetError, load_bytes
from facts.control_chars import without_controls
from facts.dates import MAX_YEAR, MIN_YEAR, PartialDate, Precision
from facts.export import FORMATS, ExportOptions, export
from facts.review import Review
from facts.timeline import Timeline
from facts.yaml_loader import load_yaml
from tests.hardening.helpers import MARKUP, RAW_CONTROL, TESTS, hardening_settings, mini
from tests.store_backends import SqliteBackend
from tests.test_loader_fuzz import as_yaml, mutated, node_paths, parent_of
from tests.test_store_model import CLAIM_VERSIONS, StoreMachine
from tui.renderables import ClaimDetail, claim_renderable, event_renderable
from tui.rendering import LINE_LIMIT, flat

EXPORT_FIXTURE = TESTS / "data" / "export-fixture.yaml"
OPTIONS = ExportOptions("Checks", None, "https://checks.example/{claim_id}")
FEW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOSTILE_TEXT = st.sampled_from(
    [
        MARKUP,
        "[/]",
        "[bold]",
        "\u202eevil\u202c",
        "\u200b",
        "e\u0301\u0301\u0301",
        "\x1b]52;c;eA==\x07",
        "\x9b2J",
        "\x00",
        "\ud800",
        '=HYPERLINK("x")',
        "<script>",
        "x" * 30_000,
        "a\nb\n\nc",
        "2025-02-30",
        "-9999",
        "9999-12-31",
    ]
)


VALID = [mini(), load_yaml(EXPORT_FIXTURE.read_text(encoding="utf-8"))]


@st.composite
def hostile_mutations(draw: st.DrawFn) -> dict[str, Any]:
    """A valid dataset or one of tests/test_loader_fuzz.py's mutations of one, then hostile
    text put into some of its strings."""
    data = draw(mutated() | st.builds(copy.deepcopy, st.sampled_from(VALID)))
    for _ in range(draw(st.integers(0, 3))):
        paths = [p for p in node_paths(data) if isinstance(parent_of(data, p)[p[-1]], str)]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = parent_of(data, path)
        text = parent[path[-1]]
        at = draw(st.integers(0, len(text)))
        parent[path[-1]] = text[:at] + draw(HOSTILE_TEXT) + text[at:]
    return data


def as_json(data: Any) -> bytes:
    """As people write JSON; a lone surrogate goes out as its (invalid) UTF-8 bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass")


def as_ascii_json(data: Any) -> bytes:
    """As tools write JSON: everything past ASCII as \\u escapes, lone surrogates too."""
    return json.dumps(data, indent=2).encode("ascii")


FORMS = [(as_json, "mutated.json"), (as_ascii_json, "mutated.json"), (as_yaml, "mutated.yaml")]


def assert_no_raw_control(text: str, where: str) -> None:
    found = RAW_CONTROL.findall(text.replace("\r\n", "\n"))
    assert not found, f"raw control characters {found!r} in {where}"


def render_plain(renderable: object) -> str:
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def use_dataset(dataset: Dataset) -> None:
    """Everything a person does with a dataset that loaded: see it and export it."""
    timeline = Timeline(dataset)
    for shown in timeline.events:
        claims = [claim for claim in dataset.claims if shown.id in claim.events]
        assert_no_raw_control(render_plain(event_renderable(dataset, shown, claims)), "event")
    reviews = {}
    for index, claim in enumerate(dataset.claims):
        review = Review(claim.id, ("verified", "disputed")[index % 2], claim.text, "ann",
                        "2025-03-01T09:30:00Z", claim.fingerprint)  # fmt: skip
        reviews[claim.id] = review
        detail = ClaimDetail(claim, review, review.status, [], show_reference=True)
        home = timeline.home_event[claim.id]
        assert_no_raw_control(render_plain(claim_renderable(dataset, detail, home.title)), "claim")
    for fmt in FORMATS:
        text = export(dataset, reviews, format=fmt, status="all", options=OPTIONS).text
        assert_no_raw_control(text, fmt)


@hardening_settings()
@given(hostile_mutations(), st.sampled_from(FORMS))
def test_any_mutation_loads_and_shows_cleanly_or_is_located(
    data: dict[str, Any], form: tuple
) -> None:
    serialise, name = form
    try:
        dataset = load_bytes(serialise(data), name)
    except DatasetError as error:
        event("refused with located problems")
        assert error.problems
        assert_no_raw_control(error.report(), "the report")
        for problem in error.problems:
            assert problem.line is not None and problem.column is not None, str(problem)
        return
    event("loaded, shown and exported")
    use_dataset(dataset)


# -- partial dates ---------------------------------------------------------------------------


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(MIN_YEAR, MAX_YEAR) | st.sampled_from([MIN_YEAR, -1, 1, MAX_YEAR]))
    assume(year != 0)
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.YEAR:
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision is Precision.MONTH:
        return PartialDate(year, month)
    last = PartialDate(year, month).latest()[2]
    return PartialDate(year, month, draw(st.integers(1, last)))


@FEW
@given(partial_dates())
def test_a_partial_date_round_trips_and_spans_what_it_may_mean(date: PartialDate) -> None:
    assert PartialDate.parse(date.iso()) == date
    if date.year > 0:
        assert PartialDate.parse(date.year if date.month is None else date.iso()) == date
    assert date.earliest() <= date.latest()
    assert date.display() and date.short()
    assert str(abs(date.year)) in date.display()


@FEW
@given(partial_dates(), partial_dates())
def test_the_order_of_partial_dates_is_total_and_honest(a: PartialDate, b: PartialDate) -> None:
    assert [a < b, a == b, b < a].count(True) == 1
    if a.latest() < b.earliest():
        assert a < b  # wholly before sorts before
    if a.precision < b.precision and b.earliest() >= a.earliest() and b.latest() <= a.latest():
        assert a < b  # a year before its months, a month before its days


@FEW
@given(st.lists(partial_dates(), min_size=1, max_size=12))
def test_partial_dates_keep_their_precision_through_a_dataset_and_exports(
    dates: list[PartialDate],
) -> None:
    data = mini(
        events=[
            {"id": f"e{i}", "date": date.iso(), "title": f"E{i}"} for i, date in enumerate(dates)
        ],
        claims=[
            {"id": "c", "text": "About them all.", "events": [f"e{i}" for i in range(len(dates))]}
        ],
    )
    dataset = load_bytes(as_yaml(data), "dates.yaml")
    order = [event.date for event in Timeline(dataset).events]
    assert order == sorted(dates)
    slides = json.loads(export(dataset, {}, format="timelinejs", status="all").text)["events"]
    for slide in slides:
        date = dataset.event_by_id[slide["unique_id"]].date
        assert slide["start_date"] == {
            key: value
            for key, value in (("year", date.year), ("month", date.month), ("day", date.day))
            if value is not None
        }
    claims = json.loads(export(dataset, {}, format="json", status="all").text)["claims"]
    assert sorted(e["date"] for e in claims[0]["events"]) == sorted(d.iso() for d in dates)


# -- rendering and exports of any review text ----------------------------------------------------


@FEW
@given(st.text(max_size=3000))
def test_flat_is_one_line_of_the_text_cut_at_the_limit(text: str) -> None:
    """The words on one line, cut at the limit, with no control character left."""
    shown = flat(text)
    assert shown == without_controls(" ".join(text.split())[:LINE_LIMIT])
    assert "\n" not in shown and not RAW_CONTROL.search(shown)


@FEW
@given(st.text(), st.text(min_size=1), st.text())
def test_no_export_passes_on_a_control_character_from_any_review(
    note: str, reviewer: str, at: str
) -> None:
    dataset = load_bytes(as_yaml(mini()), "mini.yaml")
    reviews = {
        claim.id: Review(claim.id, "verified", note, reviewer, at, claim.fingerprint)
        for claim in dataset.claims
    }
    for fmt in FORMATS:
        text = export(dataset, reviews, format=fmt, status="all", options=OPTIONS).text
        assert_no_raw_control(text, fmt)
        if fmt == "json":
            exported = json.loads(text)["claims"][0]
            clean = without_controls(note)
            assert exported["note"] == (clean if clean.strip() else None)


# -- the store as a state machine, two instances on one file ---------------------------------

HOSTILE_NOTES = st.sampled_from(
    ["\x1b]52;c;eA==\x07 copied", "red \x1b[31mtext", "\x9b2J", "tab\tand\nnewline", "[/]"]
)


class TwoInstanceStoreMachine(StoreMachine):
    """tests/test_store_model.py's machine, with a second store open on the same file.

    Every rule acts on `self.store`; `switch` swaps which instance that is, so marks,
    notes, undos, redos and reopens land on either, and both must read the model.
    Notes may hold control characters: they are kept as written and read back without.
    """

    def __init__(self) -> None:
        # A file of its own for each example, as the machine had before it served both
        # backends: what `other` is told depends on every write to the file.
        self.folder = Path(tempfile.mkdtemp(prefix="claimline-two-"))
        self.backend = SqliteBackend(self.folder)
        super().__init__()
        self.other = self.backend.open()

    def teardown(self) -> None:
        self.other.close()
        super().teardown()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule()
    def switch(self) -> None:
        self.store, self.other = self.other, self.store
        self.store.changed_by_others()  # read, so the next check sees only new writes

    @rule()
    def reopen_other(self) -> None:
        self.other.close()
        self.other = self.backend.open()

    @rule(
        reviewer=st.sampled_from(("ann", "ben")),
        claim_id=st.sampled_from(("c1", "c2", "c3")),
        note=HOSTILE_NOTES,
    )
    def hostile_note(self, reviewer: str, claim_id: str, note: str) -> None:
        target, key = CLAIM_VERSIONS[claim_id][0], (claim_id, reviewer)
        before = self._field(key, "note")
        review = self.store.set_note(self.ds, target, note, reviewer=reviewer)
        assert review.note == without_controls(note)  # read back without the controls
        if before == note:
            return
        verdict, _, fingerprint = self.model.get(key, (None, None, None))
        kept = fingerprint if verdict is not None else target.fingerprint
        self.model[key] = (verdict, note, kept)
        self._changed(reviewer, (claim_id, "note", before, note))

    @invariant()
    def each_reviewers_reviews_match_the_model(self) -> None:
        for reviewer in ("ann", "ben"):
            expected = {
                claim_id: (verdict, None if note is None else without_controls(note), fp)
                for (claim_id, who), (verdict, note, fp) in self.model.items()
                if who == reviewer
            }
            for store in (self.store, self.other):
                reviews = store.reviews(self.ds, reviewer=reviewer)
                got = {cid: (r.verdict, r.note, r.fingerprint) for cid, r in reviews.items()}
                assert got == expected

    @invariant()
    def the_other_instance_is_told_the_store_changed(self) -> None:
        if self.changes > getattr(self, "_told", 0):
            assert self.other.changed_by_others()
            self._told = self.changes
        assert not self.other.changed_by_others()


def test_two_instances_match_the_model() -> None:
    run_state_machine_as_test(
        TwoInstanceStoreMachine,
        settings=settings(max_examples=60, stateful_step_count=30, deadline=None),
    )
