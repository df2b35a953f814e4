"""No escape sequence from a dataset, a review store or a note reaches a terminal or an export.

The loader refuses control characters in dataset text (tests/hardening/data/refused), so
the vectors that get through are markup-like text, bidi and zero-width characters, and
text in the review store: notes, reviewer names and times, which another program (or a
hostile script with sqlite3) may have written. Those are checked here at every depth:
the store, the exports, the screen Textual draws and, end to end, the bytes the real app
writes to a pseudo-terminal.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from facts import Dataset, load
from facts.control_chars import without_controls
from facts.export import FORMATS, ExportOptions, export
from facts.review import Review
from facts.session import ReviewSession
from facts.store import ReviewStore, StoreError
from facts.verdicts import Status
from tests.hardening.helpers import (
    C1_CSI,
    CLAIMLINE,
    DATA,
    HOSTILE_CONTROLS,
    MARKUP,
    MINI_PATH,
    OSC0,
    OSC8,
    OSC52,
    RAW_CONTROL,
    SGR_RED,
    PtyApp,
)
from tests.screen import screen_text
from tui.app import ClaimlineApp
from tui.cli import main

DS = "mini"
OPTIONS = ExportOptions("Checks", "https://checks.example", "https://checks.example/{claim_id}")
# What a hostile script writes into the store's text columns, with a visible word in each
# so the tests can see the text was shown (minus its control characters).
HOSTILE_NOTE = f"note-start {OSC52} {OSC8} {SGR_RED} {C1_CSI} note-end"
HOSTILE_REVIEWER = f"mallory{OSC0}"
HOSTILE_AT = f"2025-03-01T09:30:00Z{OSC8}"


def poison(path: Path, claim_id: str = "c1") -> None:
    """Write escape sequences straight into the store, as a hostile program could: into
    the reviewer's own note, and as a colleague's (the latest) verdict and note."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE current SET note = ?, at = ? WHERE claim_id = ?",
            (HOSTILE_NOTE, HOSTILE_AT, claim_id),
        )
        (seq,) = conn.execute(
            "INSERT INTO history (dataset_id, claim_id, action, field, from_verdict, to_verdict,"
            " from_note, to_note, to_fingerprint, fingerprint, reviewer, at) "
            "VALUES (?, ?, 'note', 'note', 'verified', 'verified', NULL, ?, 'f', 'f', ?, ?) "
            "RETURNING seq",
            (DS, claim_id, HOSTILE_NOTE, HOSTILE_REVIEWER, HOSTILE_AT),
        ).fetchone()
        conn.execute(
            "INSERT OR REPLACE INTO current (dataset_id, claim_id, reviewer, verdict, note, "
            "fingerprint, at, last_seq) SELECT dataset_id, claim_id, ?, verdict, note, "
            "fingerprint, at, ? FROM current WHERE claim_id = ? AND reviewer != ?",
            (HOSTILE_REVIEWER, seq, claim_id, HOSTILE_REVIEWER),
        )
    conn.close()


@pytest.fixture
def poisoned_store(store_path: Path) -> Path:
    dataset = load(MINI_PATH)
    with ReviewStore(store_path) as store:
        store.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer="ann")
        store.set_note(DS, dataset.claim_by_id["c1"], "plain note", reviewer="ann")
    poison(store_path)
    return store_path


def assert_clean(text: str, where: str) -> None:
    """No control character but newline and tab (and CRLF line ends)."""
    found = RAW_CONTROL.findall(text.replace("\r\n", "\n"))
    assert not found, f"raw control characters {found!r} in {where}"


# -- the store ------------------------------------------------------------------------------


def test_text_a_hostile_program_wrote_to_the_store_comes_back_without_controls(
    poisoned_store: Path,
) -> None:
    with ReviewStore(poisoned_store) as store:
        review = store.reviews(DS)["c1"]
        history = store.history(DS, "c1")
    assert review.verdict == "verified"  # the verdict itself is kept
    assert review.note == without_controls(HOSTILE_NOTE)
    assert "note-start" in review.note and "note-end" in review.note
    for value in (review.note, review.reviewer, review.at):
        assert_clean(value, "a review read from the store")
    for change in history:
        for value in (change.from_note, change.to_note, change.reviewer, change.at):
            assert_clean(value or "", "a history row read from the store")


def test_undo_of_a_hostile_row_returns_clean_text(poisoned_store: Path) -> None:
    with ReviewStore(poisoned_store) as store:
        change = store.undo(DS, reviewer="ann")  # from the poisoned note back to none
    assert change is not None
    for value in (change.from_note, change.to_note, change.reviewer, change.at):
        assert_clean(value or "", "the change an undo returns")


def test_a_note_stored_as_bytes_is_read_as_text(store_path: Path) -> None:
    dataset = load(MINI_PATH)
    with ReviewStore(store_path) as store:
        store.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer="ann")
    conn = sqlite3.connect(store_path)
    with conn:
        conn.execute(
            "UPDATE current SET note = ? WHERE claim_id = 'c1'",
            (b"bytes \x1b]52;c;eA==\x07 \xff end",),
        )
    conn.close()
    with ReviewStore(store_path) as store:
        note = store.reviews(DS)["c1"].note
    assert isinstance(note, str) and note.startswith("bytes ") and note.endswith(" end")
    assert_clean(note, "a note stored as a blob")


def test_an_unknown_verdict_in_a_look_alike_store_is_reported_not_shown(tmp_path: Path) -> None:
    """A store made by another program with the same ids but no CHECK constraints."""
    path = tmp_path / "look-alike.sqlite3"
    dataset = load(MINI_PATH)
    with ReviewStore(path) as store:
        store.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer="ann")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_schema SET sql = replace(sql, "
            "'CHECK (verdict IN (''verified'', ''disputed''))', '') WHERE name = 'current'"
        )
    conn.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE current SET verdict = ? WHERE claim_id = 'c1'", (f"ok{OSC52}",))
    conn.close()
    with ReviewStore(path) as store, pytest.raises(StoreError) as caught:
        store.reviews(DS)
    assert caught.value.reason == "damaged"
    assert str(path) in str(caught.value)
    assert_clean(str(caught.value), "the error message")


@pytest.mark.parametrize("name", [f"ann{OSC52}", "ann\x9b2J", "ann\x07", "\x1b"])
def test_a_reviewer_name_with_control_characters_is_refused(store_path: Path, name: str) -> None:
    dataset = load(MINI_PATH)
    with ReviewStore(store_path) as store, pytest.raises(ValueError, match="control"):
        store.mark(DS, dataset.claim_by_id["c1"], "verified", reviewer=name)


@pytest.mark.parametrize("command", [[], ["present"]])
def test_the_command_line_refuses_a_reviewer_name_with_control_characters(
    command: list[str], store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*command, str(MINI_PATH), "--reviews", str(store_path), "--reviewer", f"ann{OSC52}"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--reviewer" in err and "control" in err
    assert_clean(err, "the usage error")
    assert not store_path.exists()


# -- exports ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_export_holds_a_raw_control_character_from_a_review(fmt: str) -> None:
    """Reviews may come from anywhere (a script, another store): exports clean them too."""
    dataset = load(MINI_PATH)
    reviews = {
        claim.id: Review(
            claim.id,
            "verified",
            HOSTILE_NOTE + HOSTILE_CONTROLS,
            HOSTILE_REVIEWER,
            HOSTILE_AT,
            claim.fingerprint,
        )
        for claim in dataset.claims
    }
    result = export(dataset, reviews, format=fmt, status="all", options=OPTIONS)
    text = result.file_bytes().decode("utf-8")
    assert_clean(text, f"the {fmt} export")
    if fmt in ("json", "claimreview", "timelinejs"):
        # JSON would escape C0 characters as \u001b: still an escape sequence once decoded.
        assert_clean(json.dumps(json.loads(text), ensure_ascii=False), f"decoded {fmt}")
    assert "note-start" in text or fmt == "claimreview"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_claimline_export_of_a_poisoned_store_writes_no_escape_sequence(
    fmt: str, poisoned_store: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    args = ["export", str(MINI_PATH), "-f", fmt, "-s", "all", "--reviews", str(poisoned_store)]
    if fmt == "claimreview":
        args += [
            "-s",
            "reviewed",
            "--publisher",
            "Checks",
            "--url-template",
            "https://checks.example/{claim_id}",
        ]
    assert main(args) == 0
    captured = capsysbinary.readouterr()
    for stream in (captured.out, captured.err):
        assert_clean(stream.decode("utf-8"), f"claimline export -f {fmt}")
    assert b"note-start" in captured.out


def test_a_claimreview_publisher_with_control_characters_is_refused(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "export",
        str(MINI_PATH),
        "-f",
        "claimreview",
        "--reviews",
        str(store_path),
        "--publisher",
        f"Checks{OSC52}",
        "--url-template",
        "https://x.example/{claim_id}",
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--publisher" in err and "control characters" in err
    assert_clean(err, "the usage error")


def with_c1_url(dataset: Dataset) -> Dataset:
    """The dataset with a C1 CSI in a url, as the loader lets through today (see
    test_a_url_with_a_c1_control_character_is_refused); built without validation so this
    keeps testing the next line of defence once the loader refuses it."""
    source = dataset.sources[0].model_copy(update={"url": f"https://example.org/{C1_CSI}x"})
    claim = dataset.claims[0]
    evidence = claim.evidence[0].model_copy(update={"url": f"https://example.org/e{C1_CSI}"})
    claims = [claim.model_copy(update={"evidence": [evidence]}), *dataset.claims[1:]]
    return Dataset.model_construct(
        **{**dict(dataset), "sources": [source, *dataset.sources[1:]], "claims": claims}
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_export_holds_a_raw_control_character_from_a_url(fmt: str) -> None:
    dataset = with_c1_url(load(MINI_PATH))
    reviews = {
        claim.id: Review(
            claim.id, "verified", None, "ann", "2025-03-01T09:30:00Z", claim.fingerprint
        )
        for claim in dataset.claims
    }
    text = export(dataset, reviews, format=fmt, status="all", options=OPTIONS).text
    assert_clean(text, f"the {fmt} export")


def test_the_detail_panel_shows_no_control_character_from_a_url() -> None:
    from rich.console import Console

    from tui.renderables import ClaimDetail, claim_renderable

    dataset = with_c1_url(load(MINI_PATH))
    claim = dataset.claims[0]
    detail = ClaimDetail(claim, None, Status.UNREVIEWED, [], show_reference=False)
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(claim_renderable(dataset, detail, "The town is founded"))
    text = console.export_text()
    assert "https://example.org/e2J" in text.replace("\n", "")
    assert_clean(text, "the detail panel")


def with_hostile_text(dataset: Dataset) -> Dataset:
    """The dataset with markup and escape sequences in a claim, its event's title and a
    source's title, built without validation (the loader refuses control characters): the
    screens' own defence is what is tested."""
    event = dataset.events[0]
    claim = next(c for c in dataset.claims if event.id in c.events)
    source = dataset.source_by_id[event.sources[0]] if event.sources else dataset.sources[0]
    hostile_source = source.model_copy(update={"title": f"paper-start {SGR_RED} {MARKUP}"})
    hostile_event = event.model_copy(update={"title": f"event-start {OSC0} {MARKUP}"})
    hostile_claim = claim.model_copy(update={"text": f"claim-start {OSC52} {C1_CSI} {MARKUP}"})
    return Dataset.model_construct(
        **{
            **dict(dataset),
            "title": f"title-start {OSC8} {MARKUP}",
            "sources": [hostile_source if s is source else s for s in dataset.sources],
            "events": [hostile_event, *dataset.events[1:]],
            "claims": [hostile_claim if c is claim else c for c in dataset.claims],
        }
    )


async def test_the_timeline_shows_markup_and_escapes_from_a_dataset_as_text(
    store_path: Path,
) -> None:
    """The header, the timeline's one-line rows and the detail panel."""
    dataset = with_hostile_text(load(MINI_PATH))
    app = ClaimlineApp(ReviewSession(dataset, ReviewStore(store_path), "ann"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("home", "down")
        await pilot.pause()
        text = screen_text(app)
    app.session.store.close()
    for seen in ("title-start", "event-start", "claim-start", "[bold red]Founded[/]"):
        assert seen in text
    assert_clean(text, "the review screen")


async def test_the_presentation_shows_markup_and_escapes_from_a_dataset_as_text(
    store_path: Path,
) -> None:
    """The slide, the claim detail and the summary: markup as typed, control characters
    dropped."""
    from tui.presentation_app import PresentationApp

    dataset = with_hostile_text(load(MINI_PATH))
    app = PresentationApp(ReviewSession(dataset, ReviewStore(store_path), "class"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        slide = screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        detail = screen_text(app)
        await pilot.press("escape", "d", "s")
        await pilot.pause()
        summary = screen_text(app)
    app.session.store.close()
    for where, text in (("the slide", slide), ("the claim detail", detail), ("summary", summary)):
        assert "claim-start" in text, where
        assert "[bold red]Founded[/]" in text, where
        assert_clean(text, where)
    assert "event-start" in slide and "paper-start" in slide


# -- the screen -----------------------------------------------------------------------------


async def test_the_app_shows_a_poisoned_note_as_text(poisoned_store: Path) -> None:
    app = ClaimlineApp(ReviewSession(load(MINI_PATH), ReviewStore(poisoned_store), "ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("home", "down")
        await pilot.pause()
        text = screen_text(app)
    app.session.store.close()
    assert "note-start" in text and "mallory" in text
    assert_clean(text, "the screen")


async def test_a_search_for_markup_is_shown_as_typed(store_path: Path) -> None:
    """Searching `[/]` found nothing and put the query in the panel as markup: a crash."""
    app = ClaimlineApp(ReviewSession(load(MINI_PATH), ReviewStore(store_path), "ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "left_square_bracket", "slash", "right_square_bracket")
        await pilot.pause()
        text = screen_text(app)
        await pilot.press("escape", "slash", *"[b]x")
        await pilot.pause()
        bold_query = screen_text(app)
    app.session.store.close()
    assert "No claim or event matches '[/]'" in text
    assert "No claim or event matches '[b]x'" in bold_query


async def test_a_store_error_naming_a_path_with_brackets_is_shown_as_typed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "reviews [/] 2025"
    path = folder / "reviews.sqlite3"
    app = ClaimlineApp(ReviewSession(load(MINI_PATH), ReviewStore(path, busy_timeout=0.05), "ann"))
    blocker = None
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        await pilot.press("v")
        await pilot.pause(0.3)
        text = screen_text(app)
    blocker.execute("ROLLBACK")
    blocker.close()
    app.session.store.close()
    assert "reviews [/] 2025" in text


# -- end to end: the bytes a real terminal receives ------------------------------------------

# Textual's own sequences: CSI cursor moves, SGR colours, private modes, kitty keyboard
# flags, DECRQM, and OSC 22 (pointer shape). Anything else came from the data.
TEXTUAL_OSC = {b"22", b"8"}
# OSC 8 is a hyperlink: claimline makes a dataset's http(s) evidence and source addresses
# clickable, and nothing else (never a note, a name, or a link hidden in a claim's text).
LINKED = {b"", b"https://example.org/paper"}
FORBIDDEN = [
    b"\x1b]52",
    b"\x1b]0;",
    b"PWNED-TITLE\x07",
    b"\x1b[31mRED",
    b"\x1b[2J",
    "\x9b".encode(),
    b"\x08",
    b"\x7f",
]


def check_terminal_bytes(output: bytes) -> None:
    for sequence in FORBIDDEN:
        assert sequence not in output, f"{sequence!r} reached the terminal"
    osc = {match.group(1) for match in re.finditer(rb"\x1b\](\d*)", output)}
    assert osc <= TEXTUAL_OSC, f"OSC sequences {osc - TEXTUAL_OSC} reached the terminal"
    links = {m.group(1) for m in re.finditer(rb"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)", output)}
    assert links <= LINKED, f"hyperlinks to {links - LINKED} reached the terminal"
    # Every BEL ends one of Textual's OSC 22 sequences; a stray one rang from the data.
    assert output.count(b"\x07") == len(re.findall(rb"\x1b\]22;[^\x07\x1b]*\x07", output))


@pytest.mark.slow
def test_the_real_app_in_a_terminal_writes_no_escape_sequence_from_data(
    poisoned_store: Path, tmp_path: Path
) -> None:
    """The markup dataset and a poisoned store, shown by the installed `claimline`."""
    markup = DATA / "shown" / "markup.yaml"
    dataset = load(markup)
    with ReviewStore(poisoned_store) as store:  # the poisoned rows belong to `mini`
        store.mark(dataset.id, dataset.claim_by_id["c1"], "disputed", reviewer="ann")
    poison(poisoned_store)  # the markup dataset's c1 too (same claim id)
    conn = sqlite3.connect(poisoned_store)
    with conn:
        conn.execute("UPDATE current SET dataset_id = ? WHERE dataset_id = 'mini'", (dataset.id,))
    conn.close()
    with PtyApp(
        [*CLAIMLINE, str(markup), "--reviews", str(poisoned_store), "--reviewer", "ann"]
    ) as run:
        assert run.read_until(b"reviewer: ann"), bytes(run.output[-2000:])
        # c1 is reviewed, so the app starts on c2: up past the census event to c1 (the
        # panel shows only the selected row; nothing of c1 was painted at the start).
        start = len(run.output)
        run.send(b"kk")
        assert run.read_until(b"note-start", start=start), bytes(run.output[-3000:])
        run.send(b"j")
        run.read_for(0.5)
        run.send(b"q")
        assert run.finish() == 0
        output = bytes(run.output)
    assert start > 0
    assert b"mallory" in output  # the poisoned reviewer name was shown, as text
    assert b"[bold red]Founded[/]" in output  # markup shown as typed
    check_terminal_bytes(output)
