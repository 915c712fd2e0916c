"""The floor: a minimal f-string N-Triples writer of the history model (docs/history-model.md).

Nothing but the csv module and f-strings, so that its time is what reading the CSV and writing
the model's triples costs at least in Python. Two passes over the athlete table, as the model
needs: pass 1 finds the team events and the repeated (ID, Games, Event) keys, pass 2 writes.
Shared nodes (Games, cities, sports, events, NOCs, athletes, teams, medal awards) are written
once, tracked in sets; a repeated key adds only the triples its first row did not give.

    python benchmarks/history_floor.py athlete_events.csv.gz noc_regions.csv.gz -o out.nt
        [--base https://w3id.org/olygraph/id/]

The model helpers (``slug``, ``event_slug``, ``decimal``, ``gender``, ``scan`` …) are also used
by the Morph-KGC preparation and the rdflib writer, so that every writer computes the same keys.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

DEFAULT_BASE = "https://w3id.org/olygraph/id/"
OLY = "https://w3id.org/olygraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ATHLETE_HEADER = "ID,Name,Sex,Age,Height,Weight,Team,NOC,Games,Year,Season,City,Sport,Event,Medal"
NOC_HEADER = "NOC,region,notes"
MEDALS = {"Gold": "gold", "Silver": "silver", "Bronze": "bronze"}

# --- the model's keys (the same rules as olygraph.ids.slug; tests check they agree) ----------

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_slugs: dict[str, str] = {}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss")


def slug(text: str) -> str:
    """Readable IRI segment (``Men's track time trial`` → ``mens-track-time-trial``), cached."""
    s = _slugs.get(text)
    if s is None:
        s = _NON_WORD.sub("-", _APOSTROPHES.sub("", _fold(text).lower())).strip("-") or "_"
        _slugs[text] = s
    return s


def event_slug(sport: str, event: str) -> str:
    """The Event column without its leading sport name, commas between digits dropped."""
    rest = event[len(sport) + 1 :] if event.startswith(sport + " ") else event
    return slug(_DIGIT_COMMA.sub("", rest))


def gender(sport: str, event: str) -> str | None:
    """``men``, ``women`` or ``mixed`` from the event name; None when it says none."""
    rest = event[len(sport) + 1 :] if event.startswith(sport + " ") else event
    for prefix, value in (("Men's ", "men"), ("Women's ", "women"), ("Mixed ", "mixed")):
        if rest.startswith(prefix):
            return value
    return None


def decimal(text: str) -> str:
    """Canonical xsd:decimal: ``180`` → ``180.0``, ``62.50`` → ``62.5``, ``007`` → ``7.0``."""
    whole, _, frac = text.partition(".")
    return f"{whole.lstrip('0') or '0'}.{frac.rstrip('0') or '0'}"


def source_slug(path: Path) -> str:
    """``athlete_events.csv.gz`` → ``athlete-events``: the dataset's source and graph key."""
    name = path.name.removesuffix(".gz").removesuffix(".csv")
    return slug(name)


def open_csv(path: Path) -> IO[str]:
    """A CSV file as text (``.gz`` decompressed); ``newline=''`` accepts CRLF, LF and bare CR."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def header(path: Path) -> str:
    """The header line of a CSV file (tells its kind)."""
    with open_csv(path) as f:
        return ",".join(next(csv.reader(f)))


def rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(physical line number, row) of each data row."""
    with open_csv(path) as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            yield reader.line_num, row


def games_key(year: str, season: str) -> str:
    return f"{year}-{season.lower()}"


@dataclass(frozen=True, slots=True)
class Scan:
    """What pass 1 finds: the team events (by Event name) and the repeated keys."""

    team_events: frozenset[str]
    repeated: frozenset[str]


def key(row: list[str]) -> str:
    """The (ID, Games, Event) key of a row, as one string."""
    return f"{row[0]}\t{row[8]}\t{row[13]}"


def scan(path: Path) -> Scan:
    """Pass 1. An event name is a team event when, in at least half of the Games where it
    awards medals, some medal goes to two or more distinct athletes of one (Team, NOC)."""
    medal_games: dict[str, set[str]] = {}
    shared: dict[str, set[str]] = {}
    winner: dict[tuple[str, ...], str] = {}
    seen: set[str] = set()
    repeated: set[str] = set()
    for _, row in rows(path):
        k = key(row)
        if k in seen:
            repeated.add(k)
        else:
            seen.add(k)
        medal = row[14]
        if medal == "NA":
            continue
        event, games = row[13], row[8]
        medal_games.setdefault(event, set()).add(games)
        group = (games, event, medal, row[6], row[7])
        first = winner.setdefault(group, row[0])
        if first != row[0]:
            shared.setdefault(event, set()).add(games)
    team = {e for e, g in medal_games.items() if 2 * len(shared.get(e, ())) >= len(g)}
    return Scan(frozenset(team), frozenset(repeated))


# --- the writer -------------------------------------------------------------------------------

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
INT = f"^^<{XSD}integer>"
DEC = f"^^<{XSD}decimal>"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


TERMS = """
Athlete City DatasetSource Event Games MedalAward NOC Participation Sport Team age
athlete awardedTo code datasetId event fileName games gender height hostCity medal
member name noc notes region season sex sourceLine sport team teamName weight year
"""
#: the ontology's terms as N-Triples IRIs: ``O.Games`` is ``<…ontology#Games>``
O = SimpleNamespace(**{n: f"<{OLY}{n}>" for n in TERMS.split()})  # noqa: E741 (short: in every f-string)
MEDAL_IRIS = {medal: f"<{OLY}{medal}Medal>" for medal in MEDALS}


def write_nocs(path: Path, base: str, out: IO[str], nocs: set[str]) -> None:
    src = f"<{base}source/dataset/{source_slug(path)}>"
    out.write(f"{src} {TYPE} {O.DatasetSource} .\n{src} {O.fileName} {lit(path.name)} .\n"
              f"{src} {LABEL} {lit(path.name)} .\n")  # fmt: skip
    for line, (code, region, notes) in rows(path):
        n = f"<{base}noc/{code}>"
        if code not in nocs:
            nocs.add(code)
            out.write(f"{n} {TYPE} {O.NOC} .\n{n} {O.code} {lit(code)} .\n")
        if region and region != "NA":
            out.write(f"{n} {O.region} {lit(region)} .\n")
        if notes and notes != "NA":
            out.write(f"{n} {O.notes} {lit(notes)} .\n")
        out.write(f'{n} {O.sourceLine} "{line}"{INT} .\n')


def write_athletes(path: Path, base: str, out: IO[str], nocs: set[str]) -> None:
    found = scan(path)
    team_events, repeated = found.team_events, found.repeated
    src = f"<{base}source/dataset/{source_slug(path)}>"
    ath_base = f"{base}athlete/{source_slug(path)}/"
    out.write(f"{src} {TYPE} {O.DatasetSource} .\n{src} {O.fileName} {lit(path.name)} .\n"
              f"{src} {LABEL} {lit(path.name)} .\n")  # fmt: skip
    games_seen: set[str] = set()
    hosts: set[tuple[str, str]] = set()
    cities: set[str] = set()
    sports: set[str] = set()
    events: dict[tuple[str, str], tuple[str, str]] = {}
    athletes: dict[str, tuple[str, str]] = {}
    more_values: set[tuple[str, str]] = set()
    teams: set[str] = set()
    awards: set[str] = set()
    emitted: dict[str, set[str]] = {}
    w = out.write
    for line, row in rows(path):
        aid, name, sex, age, height, weight, team, noc = row[:8]
        games, year, season, city, sport, ev, medal = row[8:]
        gk = games_key(year, season)
        g = f"<{base}games/{gk}>"
        if games not in games_seen:
            games_seen.add(games)
            w(f'{g} {TYPE} {O.Games} .\n{g} {O.year} "{year}"{INT} .\n'
              f"{g} {O.season} {lit(season)} .\n{g} {DERIVED} {src} .\n")  # fmt: skip
        if (games, city) not in hosts:
            hosts.add((games, city))
            c = f"<{base}city/{slug(city)}>"
            w(f"{g} {O.hostCity} {c} .\n")
            if city not in cities:
                cities.add(city)
                w(f"{c} {TYPE} {O.City} .\n{c} {LABEL} {lit(city)} .\n")
        sp = f"<{base}sport/{slug(sport)}>"
        if sport not in sports:
            sports.add(sport)
            w(f"{sp} {TYPE} {O.Sport} .\n{sp} {LABEL} {lit(sport)} .\n")
        path_ = events.get((games, ev))
        if path_ is None:
            es = event_slug(sport, ev)
            path_ = (f"{gk}/{slug(sport)}/{es}", es)
            events[(games, ev)] = path_
            e = f"<{base}event/{path_[0]}>"
            gen = gender(sport, ev)
            w(f"{e} {TYPE} {O.Event} .\n{e} {O.name} {lit(ev)} .\n{e} {O.games} {g} .\n"
              f"{e} {O.sport} {sp} .\n{e} {DERIVED} {src} .\n"
              + (f"{e} {O.gender} {lit(gen)} .\n" if gen else ""))  # fmt: skip
        ev_path = f"{base}event/{path_[0]}"
        a = f"<{ath_base}{aid}>"
        first = athletes.get(aid)
        if first is None:
            athletes[aid] = (name, sex)
            w(f"{a} {TYPE} {O.Athlete} .\n{a} {O.name} {lit(name)} .\n"
              f"{a} {LABEL} {lit(name)} .\n{a} {O.sex} {lit(sex)} .\n"
              f"{a} {O.datasetId} {lit(aid)} .\n{a} {DERIVED} {src} .\n")  # fmt: skip
        else:
            if name != first[0] and (aid, name) not in more_values:
                more_values.add((aid, name))
                w(f"{a} {O.name} {lit(name)} .\n{a} {LABEL} {lit(name)} .\n")
            if sex != first[1] and (aid, sex) not in more_values:
                more_values.add((aid, sex))
                w(f"{a} {O.sex} {lit(sex)} .\n")
        n = f"<{base}noc/{noc}>"
        if noc not in nocs:
            nocs.add(noc)
            w(f"{n} {TYPE} {O.NOC} .\n{n} {O.code} {lit(noc)} .\n")
        t, tslug = None, ""
        if ev in team_events:
            tslug = slug(f"{team} {noc}")
            t = f"<{base}team/{path_[0]}/{tslug}>"
            if t not in teams:
                teams.add(t)
                w(f"{t} {TYPE} {O.Team} .\n{t} {O.name} {lit(team)} .\n"
                  f"{t} {O.noc} {n} .\n{t} {DERIVED} {src} .\n")  # fmt: skip
        p = f"<{ev_path}/participant/{aid}>"
        block = (
            f"{p} {TYPE} {O.Participation} .\n{p} {O.event} <{ev_path}> .\n"
            f"{p} {O.athlete} {a} .\n{p} {O.noc} {n} .\n{p} {O.teamName} {lit(team)} .\n"
            f"{p} {DERIVED} {src} .\n"
            + (f'{p} {O.age} "{age}"{INT} .\n' if age != "NA" else "")
            + (f'{p} {O.height} "{decimal(height)}"{DEC} .\n' if height != "NA" else "")
            + (f'{p} {O.weight} "{decimal(weight)}"{DEC} .\n' if weight != "NA" else "")
            + (f"{p} {O.team} {t} .\n{t} {O.member} {a} .\n" if t else "")
        )
        k = key(row)
        if k in repeated:
            done = emitted.get(k)
            if done is None:
                emitted[k] = set(block.splitlines(keepends=True))
                w(block + f'{p} {O.sourceLine} "{line}"{INT} .\n')
            else:
                new = [x for x in block.splitlines(keepends=True) if x not in done]
                done.update(new)
                w("".join(new))
        else:
            w(block + f'{p} {O.sourceLine} "{line}"{INT} .\n')
        if medal != "NA":
            m = MEDALS[medal]
            award = f"<{ev_path}/medal/{m}-{tslug if t else aid}>"
            if award not in awards:
                awards.add(award)
                w(f"{award} {TYPE} {O.MedalAward} .\n"
                  f"{award} {O.medal} {MEDAL_IRIS[medal]} .\n"
                  f"{award} {O.event} <{ev_path}> .\n{award} {O.awardedTo} {t or a} .\n"
                  f"{award} {O.noc} {n} .\n{award} {O.sourceLine} \"{line}\"{INT} .\n"
                  f"{award} {DERIVED} {src} .\n")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="athlete and NOC tables (.csv[.gz])")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--base", default=DEFAULT_BASE)
    args = parser.parse_args(argv)
    kinds: dict[str, Any] = {header(p): p for p in args.inputs}
    nocs: set[str] = set()
    with args.output.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        if NOC_HEADER in kinds:
            write_nocs(kinds[NOC_HEADER], args.base, out, nocs)
        if ATHLETE_HEADER in kinds:
            write_athletes(kinds[ATHLETE_HEADER], args.base, out, nocs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
