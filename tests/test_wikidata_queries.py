"""The WDQS-style queries (queries/wikidata/) give the answers of the own-ontology queries on the
seed, on every shared article and on the query fixture, on both local engines, once names and
IRIs are mapped (Games → Q-ids, medals and units → Q-ids, labels → plain strings)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.results import Cell, Rows, value_key
from olygraph.vocab import DEFAULT_BASE, OLY, WD
from olygraph.wikidata import mapping as m
from olygraph.wikidata import query as wq

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HERE = Path(__file__).parent
ARTICLES = HERE.parents[1] / "shared" / "articles"
FIXTURE = HERE / "queries" / "olympics.trig"
DATA = {"seed": [], "articles": [ARTICLES], "fixture": [FIXTURE]}
TABLE = m.load()
UNITS = {TABLE.item(m.SECOND): "Second", TABLE.item(m.UNITLESS): "Point"}
MEDALS = {TABLE.item(f"oly:{k}Medal"): k for k in ("Gold", "Silver", "Bronze")}
#: own discrepancy properties → the profile's (marks are race times or points)
PROPERTIES = {
    OLY.competitorCount: {"P1132"}, OLY.games: {"P361"}, OLY.sport: {"P641"},
    OLY.hostCity: {"P276"}, OLY.mark: {"P2781", "P1351"}, OLY.rank: {"P1352"},
    OLY.noc: {"P1532"},
}  # fmt: skip


class Both:
    """The same data loaded as our ontology and as the profile, in one engine."""

    def __init__(self, inputs: list[Path], engine: str) -> None:
        self.own = endpoint.open_local(inputs, engine).engine
        self.profile = wq.open_local(inputs, engine).engine

    def own_rows(self, name: str, params: dict[str, str]) -> list[dict[str, Cell]]:
        return _dicts(query_run.run(query.find_query(name), self.own, params).result)

    def profile_rows(self, name: str, params: dict[str, str]) -> list[dict[str, Cell]]:
        qdef = query.find_query(name, "wikidata")
        return _dicts(query_run.run(qdef, self.profile, params, kinds=wq.KINDS).result)


def _dicts(result: object) -> list[dict[str, Cell]]:
    assert isinstance(result, Rows)
    return result.dicts()


def key(cell: Cell) -> object:
    """A value to compare by: Games as the profile writes them, language tags dropped."""
    if isinstance(cell, URIRef):
        cell = TABLE.entity(cell, DEFAULT_BASE)
    if isinstance(cell, Literal) and cell.language:
        cell = Literal(str(cell))
    return value_key(cell)


@pytest.fixture(scope="module", params=sorted(DATA))
def both(request: pytest.FixtureRequest) -> Iterator[tuple[str, dict[str, Both]]]:
    inputs = DATA[request.param]
    if request.param == "articles" and not ARTICLES.is_dir():
        pytest.skip("the shared articles are not here")
    yield request.param, {e: Both(inputs, e) for e in endpoint.ENGINES}


def _events(b: Both) -> list[str]:
    return sorted(str(r["event"]) for r in b.own_rows("events", {}))


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_event_results_agree(both: tuple[str, dict[str, Both]], engine: str) -> None:
    name, engines = both
    b = engines[engine]
    compared = 0
    for event in _events(b):
        params = {"event": event}
        own = [
            (r["event"], r["round"], r["rank"], r["competitor"], r["noc"], r["mark"],
             Literal(str(r["unit"])) if r["unit"] else None,
             Literal(str(r["medal"])) if r["medal"] else None, bool(r["others"]))
            for r in b.own_rows("event-results", params)
        ]  # fmt: skip
        profile = [
            (r["event"], r["round"], r["rank"], r["competitor"], r["noc"], r["mark"],
             Literal(UNITS[r["unit"]]) if r["unit"] else None,
             Literal(MEDALS[r["medal"]]) if r["medal"] else None, bool(r["others"]))
            for r in b.profile_rows("event-results", params)
        ]  # fmt: skip
        assert [tuple(map(_cell, row)) for row in profile] == [
            tuple(map(_cell, row)) for row in own
        ], f"{name}: {event}"
        compared += len(own)
    assert compared >= {"seed": 16, "articles": 60, "fixture": 10}[name]


def _cell(c: object) -> object:
    return c if isinstance(c, bool) else key(c)  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_medal_tables_agree(both: tuple[str, dict[str, Both]], engine: str) -> None:
    name, engines = both
    b = engines[engine]
    games = sorted({str(r["games"]) for r in b.own_rows("events", {})})
    for params in [{}, *({"games": g} for g in games)]:
        own = [tuple(map(key, r.values())) for r in b.own_rows("medal-table", params)]
        profile = [tuple(map(key, r.values())) for r in b.profile_rows("medal-table", params)]
        assert profile == own, f"{name} {params}"
        assert own or params, f"{name}: no medals at all proves little"


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_discrepancies_are_the_competing_statements(
    both: tuple[str, dict[str, Both]], engine: str
) -> None:
    """The same conflicts (item, property, value); each place the own query names is one of
    the references of the competing statement. A participant statement also cites the row and
    the place that named the participant (the infobox's medallist), which the own query, about
    the mark alone, does not list."""
    name, engines = both
    b = engines[engine]
    own: dict[tuple[object, ...], set[str]] = {}
    for r in b.own_rows("discrepancies", {}):
        subject = str(r["subject"]).split("/round/")[0]  # a result's conflicts are its event's
        prop = frozenset(PROPERTIES[r["property"]])  # type: ignore[index]
        own.setdefault((key(URIRef(subject)), prop, key(r["value"])), set()).add(str(r["location"]))
    profile: dict[tuple[object, ...], set[str]] = {}
    for r in b.profile_rows("discrepancies", {}):
        pid = str(r["property"]).removeprefix(str(WD))
        prop = next((frozenset(v) for v in PROPERTIES.values() if pid in v), frozenset({pid}))
        profile.setdefault((key(r["item"]), prop, key(r["value"])), set()).add(str(r["location"]))
    assert set(profile) == set(own), name
    assert own, f"{name} has no conflict: the comparison proves little"
    for conflict, places in own.items():
        assert places <= profile[conflict], conflict
        for extra in profile[conflict] - places:
            assert re.search(r"\((table \d+ row \d+, [^,]+\)|infobox, key (Gold|Silver|Bronze)\))",
                             extra), extra  # fmt: skip


def test_seed_event_results_rows() -> None:
    b = Both([], "oxigraph")
    rows = b.profile_rows("event-results", {})
    assert len(rows) == 16
    first, second = rows[0], rows[1]
    assert str(first["competitor"]) == "Willy Hansen" and str(first["noc"]) == "DEN"
    assert Decimal(str(first["mark"])) == Decimal("74.2") and str(first["others"]) == "74.4"
    assert first["medal"] == WD.Q15243387 and first["unit"] == WD.Q11574
    assert str(second["others"]) == "75.2"
    # rows 8, 9, =9 are filled from the Notes; the others are unknown values, with no label
    named = [None, None, None, "Francisco Rodríguez", "Angelo Cattaneo", "Aerts", *[None] * 6]
    assert [r["competitor"] and str(r["competitor"]) for r in rows[4:]] == named


def test_seed_discrepancies_for_one_item() -> None:
    b = Both([], "oxigraph")
    event = DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial"
    rows = b.profile_rows("discrepancies", {"item": event})
    assert {str(r["item"]) for r in rows} == {event}
    assert {Decimal(str(r["value"])) for r in rows} == {
        Decimal(v) for v in ("74.2", "74.4", "75.1", "75.2")
    }
    assert b.profile_rows("discrepancies", {}) == rows
    short = b.profile_rows(
        "discrepancies", {"item": "event/1928-summer/cycling/mens-track-time-trial"}
    )
    assert short == rows
    assert b.profile_rows("discrepancies", {"item": "wd:Q8138"}) == []


def test_games_conflicts_are_listed_for_the_games_item() -> None:
    b = Both([FIXTURE], "oxigraph")
    rows = b.profile_rows("discrepancies", {"item": "wd:Q8138"})
    assert rows == []  # 1928 Summer: no conflict; 1928 Winter keeps our IRI
    winter = DEFAULT_BASE + "games/1928-winter"
    rows = b.profile_rows("discrepancies", {"item": winter})
    assert {(str(r["value"]).rsplit("/", 1)[-1], str(r["location"])) for r in rows} == {
        ("st-moritz", "b.txt:3 (infobox, key Venue)"),
        ("davos", "b.txt:20 (prose)"),
    }


def test_games_parameter_is_written_as_its_q_id() -> None:
    b = Both([], "oxigraph")
    rows = b.profile_rows("medal-table", {"games": "1928-summer"})
    assert [r["games"] for r in rows] == [WD.Q8138] * 3
    with pytest.raises(query.ParameterError, match="no games"):
        b.profile_rows("medal-table", {"games": "1932-summer"})


def test_the_must_show_query_on_the_seed() -> None:
    """olygraph query --profile wikidata on a FILE.rq: the query of the issue gives 16 rows."""
    text = (
        "PREFIX p: <http://www.wikidata.org/prop/>\n"
        "PREFIX ps: <http://www.wikidata.org/prop/statement/>\n"
        "PREFIX pq: <http://www.wikidata.org/prop/qualifier/>\n"
        "SELECT ?event ?who ?rank ?time WHERE {\n"
        "  ?event p:P710 ?st . ?st ps:P710 ?who ; pq:P1352 ?rank ; pq:P2781 ?time\n}\n"
    )
    qdef = query.parse_header(text, "must-show.rq", "must-show")
    for engine in endpoint.ENGINES:
        local = wq.open_local([], engine)
        result = query_run.run(qdef, local.engine, kinds=wq.KINDS).result
        assert isinstance(result, Rows) and len(result.rows) == 16, engine
