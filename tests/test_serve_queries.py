"""The pages' own forms of named queries (written to start from the bound node, for speed) answer
as the named queries do, on the shared articles with the seed: the medal table and the events of
every Games, and the results and medals of every competitor who has any."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from olygraph.resources import seed_text
from olygraph.serve import queries as q
from olygraph.serve.data import Served, open_served
from olygraph.serve.pages import medal_word


@pytest.fixture(scope="module")
def served(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Served:
    seed = tmp_path_factory.mktemp("seed") / "seed.txt"
    seed.write_text(seed_text(), encoding="utf-8")
    return open_served([shared / "articles", seed])


def _games(served: Served) -> list[str]:
    return sorted({r["games"] or "" for r in q.named(served, "games-summary")})


def test_games_medal_table_is_the_named_medal_table(served: Served) -> None:
    games = _games(served)
    assert len(games) >= 5
    compared = 0
    for g in games:
        named = q.named(served, "medal-table", {"games": g})
        ours = q.select(served, q.GAMES_MEDALS, games=g)
        assert [(r["noc"], r["gold"], r["silver"], r["bronze"], r["total"]) for r in named] == [
            (r["code"], r["gold"], r["silver"], r["bronze"], r["total"]) for r in ours
        ], g
        compared += len(ours)
    assert compared >= 20


def test_games_events_are_the_named_events(served: Served) -> None:
    for g in _games(served):
        named = q.named(served, "events", {"games": g})
        ours = q.select(served, q.GAMES_EVENTS, games=g)
        keys = ("event", "name", "sport", "rounds", "results", "medals")
        assert Counter(tuple(r[k] for k in keys) for r in named) == Counter(
            tuple(r[k] for k in keys) for r in ours
        ), g


def test_athlete_results_are_the_named_athlete_query(served: Served) -> None:
    everyone = q.named(served, "athlete")
    competitors = sorted({r["athlete"] or "" for r in everyone})
    assert len(competitors) > 50
    for iri in competitors:
        named = q.named(served, "athlete", {"athlete": iri})
        ours = [r for text in q.ATHLETE for r in q.select(served, text, node=iri)]
        want = Counter((r["event"], r["rank"], r["medal"] or None) for r in named)
        got = {(r["event"], r["rank"], medal_word(r["medal"]) or None) for r in ours}
        assert got == set(want), iri
