"""The queries Wikidata users write (queries/wikidata/: athlete, event-participants,
games-medalists, medal-table-by-country) on the profile of the seed, the shared articles and the
history slice, on both local engines, checked against what our own data says (queried in our
ontology). The same queries through real stores: tests/test_wikidata_store.py and
tests/test_load_wikidata.py run every bundled Wikidata query."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from olygraph.cli import main
from olygraph.query import engines as endpoint
from olygraph.query import named as query
from olygraph.query import run as query_run
from olygraph.query.results import Cell, Rows
from olygraph.vocab import DEFAULT_BASE, WD
from olygraph.wikidata import mapping as m
from olygraph.wikidata import query as wq

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HERE = Path(__file__).parent
ARTICLES = HERE.parents[1] / "shared" / "articles"
HISTORY = HERE / "data" / "history"
TABLE = m.load()
MEDALS = {TABLE.item(f"oly:{k}Medal"): k for k in ("Gold", "Silver", "Bronze")}
OWN = """PREFIX oly: <https://w3id.org/olygraph/ontology#>
SELECT DISTINCT ?athlete ?event ?rank WHERE {
  { ?result oly:competitor ?athlete . ?round oly:result ?result ; oly:event ?event .
    OPTIONAL { ?result oly:rank ?rank } }
  UNION { ?part a oly:Participation ; oly:athlete ?athlete ; oly:event ?event }
}"""


class Both:
    """The same data as our ontology and as the profile, in one engine."""

    def __init__(self, inputs: list[Path], engine: str) -> None:
        self.own = endpoint.open_local(inputs, engine).engine
        self.profile = wq.open_local(inputs, engine).engine

    def own_rows(self, name: str, params: dict[str, str]) -> list[dict[str, Cell]]:
        """A bundled query of our ontology by name, or the text of one."""
        is_text = name.startswith("PREFIX")
        qdef = query.parse_header(name, "own.rq", "own") if is_text else query.find_query(name)
        return _dicts(query_run.run(qdef, self.own, params).result)

    def rows(self, name: str, params: dict[str, str]) -> list[dict[str, Cell]]:
        qdef = query.find_query(name, "wikidata")
        return _dicts(query_run.run(qdef, self.profile, params, kinds=wq.KINDS).result)


def _dicts(result: object) -> list[dict[str, Cell]]:
    assert isinstance(result, Rows)
    return result.dicts()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history slice exported in our ontology (what ``export`` of the CSV writes)."""
    out = tmp_path_factory.mktemp("history") / "history.nq"
    done = CliRunner().invoke(main, ["export", str(HISTORY / "athlete_events_slice.csv"),
                                     str(HISTORY / "noc_regions.csv"), "--format", "nq",
                                     "-o", str(out)])  # fmt: skip
    assert done.exit_code == 0, done.stderr
    return out


@pytest.fixture(scope="module", params=["seed", "articles", "history"])
def data(request: pytest.FixtureRequest, history: Path) -> Iterator[tuple[str, dict[str, Both]]]:
    if request.param == "articles" and not ARTICLES.is_dir():
        pytest.skip("the shared articles are not here")
    inputs = {"seed": [], "articles": [ARTICLES], "history": [history]}[request.param]
    yield request.param, {e: Both(inputs, e) for e in endpoint.ENGINES}


def _rank(cell: Cell) -> Decimal | None:
    return Decimal(str(cell)) if cell is not None else None


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_athlete_results_are_what_our_data_says(
    data: tuple[str, dict[str, Both]], engine: str
) -> None:
    name, engines = data
    b = engines[engine]
    own = {(str(r["athlete"]), str(r["event"]), _rank(r["rank"])) for r in b.own_rows(OWN, {})}
    profile = {(str(r["athlete"]), str(r["event"]), _rank(r["rank"]))
               for r in b.rows("athlete", {})}  # fmt: skip
    ranked = {x for x in profile if x[2] is not None}
    assert ranked == {x for x in own if x[2] is not None}, name
    assert {x[:2] for x in profile} == {x[:2] for x in own}, name
    assert len(profile) >= {"seed": 7, "articles": 15, "history": 150}[name]


def test_one_athletes_results_on_the_seed() -> None:
    b = Both([], "oxigraph")
    rows = b.rows("athlete", {"athlete": "den/willy-hansen"})
    ranked = [r for r in rows if r["rank"] is not None]
    assert len(ranked) == 1
    (row,) = ranked
    assert (_rank(row["rank"]), Decimal(str(row["mark"])), row["unit"], row["medal"]) == (
        Decimal(1),
        Decimal("74.2"),
        WD.Q11574,
        WD.Q15243387,
    )
    assert row["games"] == WD.Q8138 and str(row["noc"]) == "DEN"


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_event_participants_by_article(data: tuple[str, dict[str, Both]], engine: str) -> None:
    name, engines = data
    b = engines[engine]
    everything = b.rows("event-participants", {})
    articles = sorted({str(r["article"]) for r in everything})
    if name == "history":
        assert everything == [], "a dataset row is no article: no sitelink"
        return
    own = {(str(r["event"]), str(r["athlete"]), _rank(r["rank"]))
           for r in b.own_rows(OWN, {}) if r["rank"] is not None}  # fmt: skip
    found: set[tuple[str, str, Decimal | None]] = set()
    for article in articles:
        rows = b.rows("event-participants", {"article": article})
        assert {str(r["article"]) for r in rows} == {article}
        assert len({r["event"] for r in rows}) == 1
        found |= {(str(r["event"]), str(r["participant"]), _rank(r["rank"])) for r in rows}
    assert found == own
    assert len(articles) >= {"seed": 1, "articles": 3}[name]


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_games_medalists_are_our_medallists(data: tuple[str, dict[str, Both]], engine: str) -> None:
    name, engines = data
    b = engines[engine]
    games = sorted({str(r["games"]) for r in b.own_rows("events", {})})
    compared = 0
    for g in games:
        params = {"games": g.removeprefix(DEFAULT_BASE + "games/")}
        own = sorted((str(r["event"]), str(r["medal"]), str(r["competitor"]))
                     for r in b.own_rows("medalists", {"games": g}))  # fmt: skip
        if TABLE.entity(URIRef(g), DEFAULT_BASE) == URIRef(g) and not own:
            continue  # a Games of ours without medals: the profile has no chain to it either
        profile = sorted((str(r["event"]), MEDALS[r["medal"]], str(r["name"]))  # type: ignore[index]
                         for r in b.rows("games-medalists", params))  # fmt: skip
        assert profile == own, f"{name} {g}"
        compared += len(own)
    assert compared >= {"seed": 3, "articles": 9, "history": 10}[name]


@pytest.mark.parametrize("engine", endpoint.ENGINES)
def test_medal_table_by_country_counts_every_medal(
    data: tuple[str, dict[str, Both]], engine: str
) -> None:
    """Every medal is counted once, under the recipient's own country for sport; where the
    recipient's NOC is the award's (articles), each Games' table is the NOC medal table."""
    name, engines = data
    b = engines[engine]
    by_country = b.rows("medal-table-by-country", {})
    total = sum(int(str(r["total"])) for r in by_country)
    assert total == sum(int(str(r["total"])) for r in b.rows("medal-table", {})) > 0, name
    if name == "history":
        return
    counts = ("gold", "silver", "bronze")
    for g in sorted({str(r["games"]) for r in by_country}):
        games = g if g.startswith(str(WD)) else g.removeprefix(DEFAULT_BASE + "games/")
        ours = {(str(r["code"]), *(str(r[c]) for c in counts))
                for r in b.rows("medal-table-by-country", {"games": games})}  # fmt: skip
        award = {(str(r["noc"]), *(str(r[c]) for c in counts))
                 for r in b.rows("medal-table", {"games": games})}  # fmt: skip
        assert ours == award, f"{name} {g}"
