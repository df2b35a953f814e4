"""A Markdown handout a teacher can print: every claim with its verdict, note and evidence.

Each entry is headed by its claim, which is what a reader looks for; the verdict follows.
Where the claims appeared is said once per source, before the claims, rather than under
each of them. The introduction holds what the handout is (title, date, counts), not the
dataset's description, which speaks to curators and classroom use.

Text from the dataset and the reviews is data, never markup: every character that
CommonMark or GitHub would read as emphasis, a link, HTML, a table cell or a list marker is
escaped, so a claim shows exactly as written. Notes keep their line breaks.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from facts.control_chars import without_controls
from facts.export.selection import (
    STALE_NOTE,
    STATUS_TITLES,
    VERDICT_LABELS,
    VERDICT_SYMBOLS,
    ExportContext,
    ExportedClaim,
    display_day,
    event_when,
    plural,
    review_date,
)
from facts.model import Source

# Characters that start markup anywhere in a line. `(`, `)` and `!` only act next to a
# bracket, which is escaped; `:` (emoji short codes) and bare URLs show their own text.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~#$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Characters that act only at the start of a line: list items, setext underlines.
_LINE_START = re.compile(r"^(\d{1,9})([.)])|^([+\-=])")
_SPACES = re.compile(r"\s+")
_PARAGRAPHS = re.compile(r"\n\s*\n")
# What may stay as it is in a link destination; the rest is percent-encoded.
_URL_SAFE = "-._~:/?#[]@!$&*+,;=%"

_EMPTY = {
    "verified": "No claim has been marked verified yet.",
    "disputed": "No claim has been marked disputed yet.",
    "reviewed": "No claim has been reviewed yet.",
    "all": "The dataset has no claims.",
}


def escape_inline(text: str) -> str:
    """One line of literal text: whitespace runs (newlines too) become one space."""
    flat = _SPACES.sub(" ", text).strip()
    escaped = _ENTITY.sub(r"\\&", _MARKUP.sub(r"\\\1", flat))
    return _LINE_START.sub(_escape_line_start, escaped)


def escape_paragraphs(text: str, indent: str = "") -> str:
    """Literal text that keeps its paragraphs; lines after the first get `indent`."""
    paragraphs = [escape_inline(part) for part in _PARAGRAPHS.split(text.strip())]
    paragraphs = [part for part in paragraphs if part]
    return f"\n{indent.rstrip()}\n{indent}".join(paragraphs)


def escape_lines(text: str, indent: str = "") -> str:
    """Literal text that keeps its line breaks (as hard breaks) and its paragraphs.

    For notes, where a reviewer's line break is part of what they wrote (a list of points,
    an address). Lines after the first get `indent`.
    """
    paragraphs = []
    for part in _PARAGRAPHS.split(text.strip()):
        lines = [line for line in map(escape_inline, part.split("\n")) if line]
        if lines:
            # A backslash at the end of a line is CommonMark's hard line break.
            paragraphs.append(f"\\\n{indent}".join(lines))
    return f"\n{indent.rstrip()}\n{indent}".join(paragraphs)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"\\{match.group(3)}"


def link(label: str, url: str | None) -> str:
    """`[label](url)` with the label escaped and the url made safe to sit in parentheses."""
    if not url:
        return escape_inline(label)
    destination = _ENTITY.sub(r"\\&", quote(url, safe=_URL_SAFE))
    return f"[{escape_inline(label)}]({destination})"


def render(ctx: ExportContext) -> str:
    dataset = ctx.dataset
    out: list[str] = [f"# {STATUS_TITLES[ctx.status]}: {escape_inline(dataset.title)}", ""]
    out += [
        f"Exported on {display_day(ctx.now.date().isoformat())} from the claimline "
        f"dataset `{dataset.id}`.",
        "",
    ]
    out += [_summary(ctx), ""]
    if not ctx.claims:
        out += [_EMPTY[ctx.status], ""]
    appearances = _appearances(ctx)
    out += _where_they_appeared(ctx, appearances)
    for number, item in enumerate(ctx.claims, start=1):
        out += ["---", "", *_claim(ctx, number, item, several_sources=len(appearances) > 1)]
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(ctx: ExportContext) -> str:
    counts = ctx.counts
    total = sum(counts.values())
    shown = plural(len(ctx.claims), "claim")
    text = (
        f"**{shown} in this handout.** The dataset has {plural(total, 'claim')}: "
        f"{counts['verified']} verified, {counts['disputed']} disputed, "
        + (f"{counts['contested']} contested, " if counts.get("contested") else "")
        + f"{counts['unreviewed']} not reviewed."
    )
    stale = sum(item.stale for item in ctx.claims)
    if stale:
        verb = "is" if stale == 1 else "are"
        text += (
            f" ⚠ {plural(stale, 'verdict')} here {verb} stale: the claim was reworded "
            "after it was judged."
        )
    return text


def _appearances(ctx: ExportContext) -> dict[str, tuple[Source, list[int]]]:
    """Each source a claim of the handout appeared in, with those claims' numbers."""
    found: dict[str, tuple[Source, list[int]]] = {}
    for number, item in enumerate(ctx.claims, start=1):
        source = ctx.source(item.claim.appeared_in)
        if source is not None:
            found.setdefault(source.id, (source, []))[1].append(number)
    return found


def _where_they_appeared(
    ctx: ExportContext, appearances: dict[str, tuple[Source, list[int]]]
) -> list[str]:
    """One line per source: its title (linked), publisher and date, and which claims."""
    if not appearances:
        return []
    lines = []
    for source, numbers in appearances.values():
        every = len(numbers) == len(ctx.claims) > 1
        claims = "All claims" if every else _numbers(numbers)
        lines.append(f"- {claims}: {_described(source)}")
    return ["**Where the claims appeared**", "", *lines, ""]


def _described(source: Source) -> str:
    parts = [link(source.title, source.url)]
    if source.publisher:
        parts.append(escape_inline(source.publisher))
    if source.published is not None:
        parts.append(source.published.display())
    return ", ".join(parts)


def _numbers(numbers: list[int]) -> str:
    """ "Claim 2", "Claims 3 and 5", "Claims 1–4, 7 and 9": runs written as ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    texts = [f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs]
    if len(numbers) == 1:
        return f"Claim {numbers[0]}"
    listed = ", ".join(texts)
    head, _, last = listed.rpartition(", ")
    return f"Claims {head} and {last}" if head else f"Claims {last}"


def _claim(
    ctx: ExportContext, number: int, item: ExportedClaim, *, several_sources: bool
) -> list[str]:
    claim = item.claim
    status = item.status
    out = [f"## {number}. {escape_inline(claim.text)}", ""]
    verdict = f"{VERDICT_SYMBOLS[status]} {VERDICT_LABELS[status]}"
    facts = [f"**Verdict:** {verdict}"]
    if item.stale:
        facts[0] += f" — **⚠ stale:** {STALE_NOTE}."
    if claim.claimant:
        facts.append(f"**Claimed by:** {escape_inline(claim.claimant)}")
    source = ctx.source(claim.appeared_in)
    if source is not None and several_sources:
        facts.append(f"**Appeared in:** {escape_inline(source.title)}")
    if claim.appeared_on is not None and (source is None or source.published != claim.appeared_on):
        facts.append(f"**Appeared on:** {claim.appeared_on.display()}")
    about = "; ".join(f"{escape_inline(e.title)} ({event_when(e)})" for e in item.events)
    facts.append(f"**About:** {about}")
    if item.note:
        facts.append(f"**Reviewer's note:** {escape_lines(item.note, indent='  ')}")
    if item.status == "contested":
        verdicts = "; ".join(
            f"{escape_inline(without_controls(review.reviewer))} "
            f"{VERDICT_SYMBOLS[review.status]} {VERDICT_LABELS[review.status].lower()}"
            for review in item.reviews
            if review.verdict
        )
        facts.append(f"**Reviewers differ:** {verdicts}")
    if item.reviewer:
        when = display_day(review_date(item.reviewed_at))
        facts.append(
            f"**Reviewed by:** {escape_inline(item.reviewer)}" + (f", {when}" if when else "")
        )
    evidence = _evidence(ctx, item)
    if evidence:
        facts.append("**Evidence:**\n" + "\n".join(evidence))
    out += [f"- {fact}" for fact in facts]
    return [*out, ""]


def _evidence(ctx: ExportContext, item: ExportedClaim) -> list[str]:
    lines = []
    for evidence, (source, url) in zip(item.claim.evidence, ctx.evidence_links(item), strict=True):
        label = source.title if source else evidence.source
        line = f"  - {link(label, url)}"
        if evidence.note:
            line += f": {escape_lines(evidence.note, indent='    ')}"
        lines.append(line)
    return lines
