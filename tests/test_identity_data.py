"""The identity rules on real inputs: the seed and the shared articles against the history CSV.

The CSV (../shared/data/athlete_events.csv.gz) is read here with the csv module, once; the
article side comes from olygraph's own export of each article.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from olygraph import api
from olygraph.identity.aliases import AliasTable, packaged_aliases, text_key
from olygraph.identity.article import article_competitors, article_events
from olygraph.identity.athletes import DatasetParticipant, Medal, MergePlan, decide
from olygraph.identity.events import ArticleEventRef, DatasetEventRef, event_outcome
from olygraph.identity.games import dataset_games, games_key
from olygraph.identity.names import compare_names, name_key
from olygraph.ids import slug
from olygraph.write.rdf import union_graph

TRIAL = "Cycling Men's 1,000 metres Time Trial"
MEDALS: dict[str, Medal] = {"Gold": "gold", "Silver": "silver", "Bronze": "bronze"}
ID = "https://w3id.org/olygraph/id/"


@dataclass(frozen=True)
class History:
    events: tuple[DatasetEventRef, ...]  # every (Games, Sport, Event) of the CSV
    trial: tuple[DatasetParticipant, ...]  # the 1928 time trial's rows
    names: frozenset[str]  # every Name


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        yield from enumerate(csv.DictReader(f), start=2)


@pytest.fixture(scope="module")
def history(shared: Path) -> History:
    events: set[tuple[str, str, str, str, str]] = set()
    trial: list[DatasetParticipant] = []
    names: set[str] = set()
    for line, r in _rows(shared / "data" / "athlete_events.csv.gz"):
        names.add(r["Name"])
        events.add((r["Games"], r["Year"], r["Season"], r["Sport"], r["Event"]))
        if r["Games"] == "1928 Summer" and r["Event"] == TRIAL:
            medal = MEDALS.get(r["Medal"])
            trial.append(
                DatasetParticipant(
                    iri=f"{ID}athlete/athlete-events/{r['ID']}",
                    dataset_id=r["ID"],
                    name=r["Name"],
                    noc=r["NOC"],
                    medal=medal,
                    source=f"athlete_events.csv:{line}",
                )
            )
    refs = []
    for games, year, season, sport, event in sorted(events):
        g = dataset_games(games, year, season)
        # docs/history-model.md: the Event without the leading sport, commas between digits dropped
        rest = event[len(sport) + 1 :] if event.startswith(sport + " ") else event
        rest = slug(re.sub(r"(?<=[0-9]),(?=[0-9])", "", rest))
        key = f"{games_key(g.year, g.season)}/{slug(sport)}/{rest}"
        refs.append(DatasetEventRef(f"{ID}event/{key}", g, sport, event))
    return History(tuple(refs), tuple(trial), frozenset(names))


def _graph(paths: list[Path]) -> Graph:
    return union_graph(api.export(paths).dataset)


@pytest.fixture(scope="module")
def seed_plan(history: History) -> MergePlan:
    g = _graph([])
    (event,) = article_events(g)
    return decide(article_competitors(g, URIRef(event.iri)), history.trial)


def test_the_seeds_event_is_the_csvs_time_trial(history: History) -> None:
    (event,) = article_events(_graph([]))
    found = event_outcome(event, history.events)
    assert found.match is not None
    assert found.match.article.iri == f"{ID}event/1928-summer/cycling/mens-track-time-trial"
    assert found.match.dataset.iri == f"{ID}event/1928-summer/cycling/mens-1000-metres-time-trial"
    assert (found.match.dataset.name, found.match.rule) == (TRIAL, "alias")
    assert found.match.details == "event_aliases.tsv:9"


def test_the_seeds_side_is_what_its_facts_say() -> None:
    """The athletes read from the export are the facts' medalists and Notes placings (with the
    athlete a placing ties with), plus the prose record holder the export tied to row 4 (Dayen).
    The Notes' placings fill the blank rows 8, 9 and =9, so those athletes carry ranks."""
    facts = api.read_seed()
    g = _graph([])
    (event,) = article_events(g)
    found = {(c.name, c.noc, c.medal, c.rank) for c in article_competitors(g, URIRef(event.iri))}
    medalists = {(m.competitor.name, m.competitor.noc, m.medal) for m in facts.medals}
    placings = {(p.competitor.name, p.competitor.noc, p.rank) for p in facts.alt_placings}
    placings |= {(p.tied_with, None, p.rank) for p in facts.alt_placings if p.tied_with}
    assert {(n, c, m) for n, c, m, _ in found if m} == medalists
    assert {(n, c, r) for n, c, m, r in found if r and r > 4} == placings
    assert found == {
        ("Willy Hansen", "DEN", "gold", 1),
        ("Gerard Bosch van Drakestein", "NED", "silver", 2),
        ("Dunc Gray", "AUS", "bronze", 3),
        ("Octave Dayen", None, None, 4),
        ("Francisco Rodríguez", "ARG", None, 8),
        ("Angelo Cattaneo", "ITA", None, 9),
        ("Aerts", None, None, 9),
    }


def test_the_seeds_merges(seed_plan: MergePlan) -> None:
    merges = {
        (
            m.article.iri[len(ID) :],
            m.dataset.dataset_id,
            m.name.kind,
            tuple(e.rule for e in m.evidence),
        )
        for m in seed_plan.merges
    }
    assert merges == {
        ("athlete/den/willy-hansen", "45818", "short-form", ("medal",)),
        ("athlete/ned/gerard-bosch-van-drakestein", "13725", "short-form", ("medal",)),
        ("athlete/aus/dunc-gray", "42523", "nickname", ("medal", "name")),
        ("athlete/arg/francisco-rodriguez", "101756", "ascii-loss", ("name",)),
        ("athlete/ita/angelo-cattaneo", "19072", "exact", ("name",)),
        ("athlete/unknown/octave-dayen", "25822", "exact", ("name-in-event",)),
        ("athlete/unknown/aerts", "1054", "surname", ("surname-in-event",)),
    }
    hansen = next(m for m in seed_plan.merges if m.dataset.dataset_id == "45818")
    assert [(e.article_source, e.dataset_source) for e in hansen.evidence] == [
        ("seed.txt:12 (infobox, key Gold)", "athlete_events.csv:90402")
    ]


def test_the_seeds_non_merges(seed_plan: MergePlan) -> None:
    """Nine CSV participants the seed does not name stay participants; no look-alike pair is
    left, and the article keeps no athlete unmatched. (Aerts, whom the seed names only by his
    surname as the athlete Cattaneo tied with for 9th, is merged by ``surname-in-event``.)"""
    assert seed_plan.candidates == ()
    assert seed_plan.unmatched_article == ()
    assert sorted((d.dataset_id, d.name, d.noc) for d in seed_plan.unmatched_dataset) == [
        ("19113", "Galip Cav", "TUR"),
        ("29398", 'Albert J. "Bertie" Donnelly', "IRL"),
        ("30880", 'Franz "Ferry" Dusika', "AUT"),
        ("31747", "Konrad Kurt Einsiedel", "GER"),
        ("32223", 'Lewis Robert "Lew" Elder', "CAN"),
        ("34182", "Erich Fs", "SUI"),
        ("58856", 'Edward J. "Ted" Kerridge', "GBR"),
        ("66428", "Jzef Lange", "POL"),
        ("73661", "Eduardo Maillard Crampes", "CHI"),
    ]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_seeds_decision_does_not_depend_on_order(
    data: st.DataObject, history: History, seed_plan: MergePlan
) -> None:
    g = _seed_graph()
    (event,) = article_events(g)
    arts = data.draw(st.permutations(article_competitors(g, URIRef(event.iri))))
    rows = data.draw(st.permutations(history.trial))
    assert decide(arts, rows) == seed_plan


_SEED: list[Graph] = []


def _seed_graph() -> Graph:
    if not _SEED:
        _SEED.append(_graph([]))
    return _SEED[0]


# The shared articles against the CSV's events of their Games: (file, the CSV event, the rule).
EXPECTED = {
    "athletics-at-the-1896-summer-olympics-mens-100-metres.txt": (
        "Athletics Men's 100 metres",
        "name",
    ),
    "diving-at-the-1928-summer-olympics-mens-3-metre-springboard.txt": (
        "Diving Men's Springboard",
        "alias",
    ),
    "fencing-at-the-1936-summer-olympics-mens-foil.txt": ("Fencing Men's Foil, Individual", "name"),
    "figure-skating-at-the-1920-summer-olympics-ladies-singles.txt": (
        "Figure Skating Women's Singles",
        "name",
    ),
    "gymnastics-at-the-1896-summer-olympics-mens-vault.txt": (
        "Gymnastics Men's Horse Vault",
        "alias",
    ),
    "rowing-at-the-1908-summer-olympics-mens-eight.txt": ("Rowing Men's Coxed Eights", "alias"),
    "shooting-at-the-1920-summer-olympics-mens-300-metre-free-rifle-team.txt": (
        "Shooting Men's Free Rifle, Three Positions, 300 metres, Team",
        "alias",
    ),
    "speed-skating-at-the-1928-winter-olympics-mens-500-metres.txt": (
        "Speed Skating Men's 500 metres",
        "name",
    ),
    "swimming-at-the-1960-summer-olympics-womens-100-metre-freestyle.txt": (
        "Swimming Women's 100 metres Freestyle",
        "name",
    ),
    "tennis-at-the-1920-summer-olympics-mens-singles.txt": ("Tennis Men's Singles", "name"),
    "weightlifting-at-the-1896-summer-olympics-mens-one-hand-lift.txt": (
        "Weightlifting Men's Unlimited, One Hand",
        "alias",
    ),
}
# Pages that are not about one event export no event, so there is nothing to match.
NO_EVENT = {
    "football-at-the-1908-summer-olympics.txt",
    "speed-skating-at-the-1928-winter-olympics.txt",
    "track-time-trial-at-the-olympics.txt",
}


def test_every_shared_article_against_the_csv(shared: Path, history: History) -> None:
    found: dict[str, tuple[str, str]] = {}
    without_events: set[str] = set()
    for path in sorted((shared / "articles").glob("*.txt")):
        events = article_events(_graph([path]))
        if not events:
            without_events.add(path.name)
        for event in events:
            outcome = event_outcome(event, history.events)
            assert outcome.match is not None, (path.name, outcome.reason, outcome.candidates)
            found[path.name] = (outcome.match.dataset.name, outcome.match.rule)
    assert found == EXPECTED
    assert without_events == NO_EVENT


def test_without_aliases_normalisation_alone_finds_six(shared: Path, history: History) -> None:
    matched = set()
    for name in EXPECTED:
        (event,) = article_events(_graph([shared / "articles" / name]))
        if event_outcome(event, history.events, AliasTable()).match:
            matched.add(name)
    assert matched == {n for n, (_, rule) in EXPECTED.items() if rule == "name"}
    assert len(matched) == 6


def test_every_alias_names_an_event_of_the_csv(history: History) -> None:
    names = {(f"{e.games.year} {e.games.season}", text_key(e.name)) for e in history.events}
    any_games = {n for _, n in names}
    for row in packaged_aliases().rows:
        if row.games == "*":
            assert text_key(row.dataset_event) in any_games, row.where
        else:
            assert (row.games, text_key(row.dataset_event)) in names, row.where


def test_every_csv_event_named_as_an_article_would_finds_itself(history: History) -> None:
    """Each CSV event, named without its sport as an article title would, matches itself and
    nothing else of its Games: normalisation never joins two of the CSV's own events."""
    for e in history.events:
        name = e.name[len(e.sport) + 1 :] if e.name.startswith(e.sport + " ") else e.name
        found = event_outcome(ArticleEventRef("a", e.games, e.sport, (name,)), history.events)
        assert found.match is not None and found.match.dataset == e, (e, found.reason)


def test_every_csv_name_has_a_key_equal_to_itself(history: History) -> None:
    for name in history.names:
        key = name_key(name)
        assert key.tokens or not any(c.isalnum() for c in name), name
        assert compare_names(key, key).kind == ("exact" if key.tokens else "none"), name
