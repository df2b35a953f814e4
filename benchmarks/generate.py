"""Synthetic, valid claimline datasets of any size, the same for the same seed.

    python benchmarks/generate.py 100000 --format json -o big.json
    python benchmarks/generate.py 1000 --format yaml -o small.yaml --seed 7

or from Python: `generate_dataset(n, seed=0)` gives the data as plain dicts and lists, and
`write_dataset(n, path, format)` writes it.

The data looks like a curated dataset grown large: N events and about N claims, titles of
five to fifteen words, summaries and claims of one to three sentences, text with accents
and quotes, dates spread over seven decades at mixed precision (about 60% to the day, 25%
to the month, 15% to the year), some events that span time, tags from a shared
vocabulary, sources cited by events and evidence, hints, and a reference assessment on
about one claim in twenty. Every id is unique and every reference resolves, so the
dataset validates; events come in file order, not date order, as merged files do.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any, get_args

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `python benchmarks/generate.py`
    sys.path.insert(0, str(ROOT))

from facts.model import SourceKind  # noqa: E402

FORMATS = ("json", "yaml")

_VOCABULARY = (
    "the council government minister police army navy court judge prosecutor election "
    "referendum vote budget deficit debt inflation prices salary pension strike protest "
    "march border port harbour airport prison inmates gang cartel cocaine shipment seizure "
    "homicide murder rate record violent deaths month year decade province city capital "
    "coast highlands amazon river bridge highway oil mining export import tariff trade "
    "agreement treaty embassy ambassador president vice assembly congress decree state "
    "emergency curfew military base foreign troops assistance security crisis reform law "
    "constitution article amendment census population survey poll percent figure statistic "
    "report official statement spokesperson newspaper radio television interview speech "
    "campaign candidate party coalition opposition mayor governor district village school "
    "hospital clinic vaccine doctors teachers farmers fishermen workers unions companies "
    "bank loan fund investment dollar price fuel subsidy electricity blackout drought flood "
    "earthquake landslide rescue victims families missing arrests raid operation cocaine "
    "laboratory extortion kidnapping corruption bribery investigation trial sentence appeal "
    "release pardon amnesty exile asylum migrants deportation visa refugees northern "
    "southern eastern western central national regional local international public private "
    "new former acting interim first second third last largest smallest highest lowest "
    "announced approved rejected signed vetoed declared denied confirmed reported claimed "
    "estimated counted rose fell doubled halved reached exceeded remained began ended "
    "Quito Guayaquil Cuenca Manta Esmeraldas Machala Portoviejo Loja Ambato Ibarra "
    "Galápagos Sucumbíos Orellana Pichincha Guayas Manabí Azuay Tungurahua Imbabura "
    "Ministerio Fiscalía Asamblea Corte Nacional Policía Fuerzas Armadas Defensoría "
    "niños jóvenes año población señal información económica política pública según"
)
_WORDS = tuple(_VOCABULARY.split())

_SLUG_WORDS = [word.lower() for word in _WORDS if word.isascii()]
_FIRST = (
    "Ana",
    "Luis",
    "María",
    "José",
    "Carmen",
    "Jorge",
    "Lucía",
    "Andrés",
    "Sofía",
    "Daniel",
    "Gabriela",
    "Rafael",
    "Paola",
    "Diego",
    "Verónica",
    "Iván",
    "Elena",
)
_LAST = (
    "Noboa",
    "Pérez",
    "González",
    "Rodríguez",
    "Torres",
    "Zambrano",
    "Mendoza",
    "Vera",
    "Cedeño",
    "Castillo",
    "Ortiz",
    "Suárez",
    "Villavicencio",
    "Álvarez",
)
_ROLES = (
    "the interior minister",
    "a police spokesperson",
    "the defence minister",
    "an opposition deputy",
    "the mayor",
    "a union leader",
    "the central bank",
    "a former president",
    "the attorney general",
    "a human rights group",
)
_DOMAINS = (
    "example.org",
    "news.example.com",
    "eluniverso.example",
    "primicias.example",
    "expreso.example",
    "gob.example.ec",
    "stats.example.int",
    "reuters.example",
)
# The model's own list, so a generated dataset never names a kind it would refuse. A new
# kind changes what a seed gives: bump GENERATOR_VERSION in run.py with it.
_KINDS = get_args(SourceKind)
_HINTS = (
    "Compare the figure with the official count for the same period.",
    "Check whether the date is the announcement or the start of the measure.",
    "Find the original statement; the quote may be paraphrased.",
    "Look for a second independent source.",
    "Check which year the statistic refers to.",
    "See whether the number counts all provinces or only some.",
)
_MONTH_DAYS = [0, *calendar.mdays[1:]]


class _Writer:
    """Random text and values from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.tags = [f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}".lower() for _ in range(90)]
        self.tags += [rng.choice(_WORDS).lower() for _ in range(60)]
        self.tags = sorted(set(self.tags))

    def words(self, low: int, high: int) -> str:
        rng = self.rng
        words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
        roll = rng.random()
        if roll < 0.15:
            words.insert(rng.randrange(len(words)), f"{rng.randint(2, 9800):,}")
        elif roll < 0.25:
            words.insert(rng.randrange(len(words)), f"{rng.randint(1, 99)}%")
        elif roll < 0.32:
            where = rng.randrange(len(words))
            words[where] = f"“{words[where]}”"
        return " ".join(words)

    def sentence(self, low: int = 8, high: int = 24) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:] + "."

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        text = self.words(5, 15)
        return text[0].upper() + text[1:]

    def person(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(_ROLES).capitalize()
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"

    def url(self) -> str:
        rng = self.rng
        slug = "-".join(rng.choice(_SLUG_WORDS) for _ in range(rng.randint(3, 8)))
        return f"https://{rng.choice(_DOMAINS)}/{rng.randint(2000, 2025)}/{slug}"

    def pick_tags(self, most: int) -> list[str]:
        count = self.rng.choice((0, 1, 1, 2, 2, 3, most))
        return sorted(set(self.rng.sample(self.tags, count)))

    def date(self) -> tuple[str | int, tuple[int, int, int]]:
        """A date from 1950 to 2025 (more of them recent), at mixed precision."""
        rng = self.rng
        year = min(2025, 1950 + int(75 * rng.random() ** 0.7))
        roll = rng.random()
        if roll < 0.15:
            return year, (year, 12, 31)
        month = rng.randint(1, 12)
        if roll < 0.40:
            return f"{year}-{month:02d}", (year, month, 31)
        days = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]
        day = rng.randint(1, days)
        return f"{year}-{month:02d}-{day:02d}", (year, month, day)

    def end_after(self, start: tuple[int, int, int]) -> str:
        """An end date at or after the latest day `start` may mean."""
        rng = self.rng
        year = min(start[0] + rng.choice((0, 0, 1, 2, 5)), 2025)
        if year == start[0]:
            if start[1] == 12:
                return str(year)
            month = rng.randint(start[1] + 1, 12)
            return f"{year}-{month:02d}"
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate_dataset(n: int, seed: int = 0) -> dict[str, Any]:
    """A valid dataset with `n` events and about `n` claims, the same for the same seed."""
    if n < 1:
        raise ValueError("a dataset needs at least one event")
    w = _Writer(seed)
    rng = w.rng
    source_count = max(5, n // 20)
    sources = []
    for number in range(source_count):
        source: dict[str, Any] = {"id": f"src-{number}", "title": w.title()}
        if rng.random() < 0.8:
            source["publisher"] = f"{rng.choice(_LAST)} {rng.choice(('Press', 'Media', 'News'))}"
        if rng.random() < 0.7:
            source["url"] = w.url()
        if rng.random() < 0.5:
            source["published"] = w.date()[0]
        source["kind"] = rng.choice(_KINDS)
        sources.append(source)
    source_ids = [source["id"] for source in sources]

    events = []
    for number in range(n):
        date, latest = w.date()
        slug = "-".join(rng.choice(_SLUG_WORDS) for _ in range(2))
        event: dict[str, Any] = {"id": f"e{number}-{slug}", "date": date}
        if rng.random() < 0.1:
            event["end"] = w.end_after(latest)
        event["title"] = w.title()
        if rng.random() < 0.7:
            event["summary"] = w.sentences(1, 3)
        tags = w.pick_tags(4)
        if tags:
            event["tags"] = tags
        cited = rng.sample(source_ids, rng.choice((0, 1, 1, 2, 3)))
        if cited:
            event["sources"] = cited
        events.append(event)
    event_ids = [event["id"] for event in events]

    claims = []
    claim_count = max(1, round(n * rng.uniform(0.95, 1.05)))
    for number in range(claim_count):
        slug = rng.choice(_SLUG_WORDS)
        claim: dict[str, Any] = {"id": f"c{number}-{slug}", "text": w.sentences(1, 2)}
        if rng.random() < 0.7:
            claim["claimant"] = w.person()
        if rng.random() < 0.6:
            claim["appeared_in"] = rng.choice(source_ids)
        if rng.random() < 0.5:
            claim["appeared_on"] = w.date()[0]
        home = rng.randrange(n)
        linked = [event_ids[home]]
        for _ in range(rng.choices((0, 1, 2), weights=(80, 15, 5))[0]):
            other = event_ids[min(n - 1, max(0, home + rng.randint(-50, 50)))]
            if other not in linked:
                linked.append(other)
        claim["events"] = linked
        tags = w.pick_tags(3)
        if tags:
            claim["tags"] = tags
        evidence = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            item: dict[str, Any] = {"source": rng.choice(source_ids)}
            if rng.random() < 0.6:
                item["note"] = w.sentence(6, 18)
            if rng.random() < 0.2:
                item["url"] = w.url()
            evidence.append(item)
        if evidence:
            claim["evidence"] = evidence
        hints = rng.sample(_HINTS, rng.choice((0, 0, 1, 2)))
        if hints:
            claim["what_to_check"] = hints
        if rng.random() < 0.05:
            claim["reference"] = {
                "verdict": rng.choice(("verified", "disputed")),
                "explanation": w.sentences(1, 2),
                "sources": rng.sample(source_ids, rng.randint(0, 2)),
            }
        claims.append(claim)

    return {
        "schema_version": 1,
        "id": f"synthetic-{n}",
        "title": f"Synthetic benchmark dataset ({n:,} events)",
        "description": f"Generated by benchmarks/generate.py with seed {seed}.",
        "language": "en",
        "sources": sources,
        "events": events,
        "claims": claims,
    }


def dump(data: dict[str, Any], format: str) -> str:
    """The dataset as JSON or YAML text, as a person or a tool would write it."""
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if format == "yaml":
        return _dump_yaml(data)
    raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")


def _dump_yaml(data: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    # Day dates are written plain (`date: 2025-02-19`), as curators write them.
    plain = {
        **data,
        "events": [_plain_dates(e, ("date", "end")) for e in data["events"]],
        "claims": [_plain_dates(c, ("appeared_on",)) for c in data["claims"]],
        "sources": [_plain_dates(s, ("published",)) for s in data["sources"]],
    }
    return yaml.dump(
        plain,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


def _plain_dates(record: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    changed = None
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and len(value) == 10:
            changed = changed or dict(record)
            changed[key] = dt.date.fromisoformat(value)
    return changed or record


def write_dataset(n: int, path: str | Path, format: str | None = None, seed: int = 0) -> Path:
    """Write a generated dataset to `path` (format from its suffix unless given)."""
    path = Path(path)
    fmt = format or ("yaml" if path.suffix.lower() in (".yaml", ".yml") else "json")
    text = dump(generate_dataset(n, seed), fmt)
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Write a synthetic, valid claimline dataset of N events (about N claims).",
    )
    parser.add_argument("n", type=int, metavar="N", help="number of events")
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it (default: standard output)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.output:
        write_dataset(args.n, args.output, args.format, args.seed)
    else:
        sys.stdout.write(dump(generate_dataset(args.n, args.seed), args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
