"""Issue 7 on real inputs: the seed merged with the 1928 time trial of the committed CSV slice.

The export is run through the CLI, read back as a dataset, and checked as a graph: one node each
for the Games, DEN, the event and Willy Hansen, with both sources' claims in their own graphs,
the seed's discrepancies kept, and the output valid. ``inspect`` must explain every merge.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from olygraph import api
from olygraph.cli import main
from olygraph.merge import ExportPlan
from olygraph.validate.run import validate
from olygraph.vocab import OLY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "olygraph" / "data" / "seed.txt"
SLICE = ROOT / "tests" / "data" / "history" / "athlete_events_slice.csv"
ID = "https://w3id.org/olygraph/id/"
EVENT = f"{ID}event/1928-summer/cycling/mens-1000-metres-time-trial"
OLD_EVENT = f"{ID}event/1928-summer/cycling/mens-track-time-trial"
HANSEN = f"{ID}athlete/athlete-events/45818"
ARTICLE_GRAPH = f"{ID}source/article/cycling-at-the-1928-summer-olympics-mens-track-time-trial"
DATASET_GRAPH = f"{ID}source/dataset/athlete-events-slice"

ATHLETES = {
    ("den/willy-hansen", "45818", "medal"),
    ("ned/gerard-bosch-van-drakestein", "13725", "medal"),
    ("aus/dunc-gray", "42523", "medal, name"),
    ("arg/francisco-rodriguez", "101756", "name"),
    ("ita/angelo-cattaneo", "19072", "name"),
    ("unknown/octave-dayen", "25822", "name-in-event"),
    ("unknown/aerts", "1054", "surname-in-event"),
}
NOCS = {
    "ARG", "AUS", "AUT", "BEL", "CAN", "CHI", "DEN", "FRA", "GBR", "GER", "IRL", "ITA", "NED",
    "POL", "SUI", "TUR",
}  # fmt: skip
UNMERGED = {
    "Galip Cav", 'Albert J. "Bertie" Donnelly', 'Franz "Ferry" Dusika',
    "Konrad Kurt Einsiedel", 'Lewis Robert "Lew" Elder', "Erich Fs",
    'Edward J. "Ted" Kerridge', "Jzef Lange", "Eduardo Maillard Crampes",
}  # fmt: skip


def cli(*args: str | Path) -> Result:
    kwargs = (
        {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    )
    result = CliRunner(**kwargs).invoke(main, [str(a) for a in args], prog_name="olygraph")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def export(tmp: Path, *args: str | Path) -> tuple[bytes, Dataset]:
    out = tmp / "out.nq"
    result = cli("export", *args, "-f", "nq", "-o", out)
    assert result.exit_code == 0, result.output
    ds = Dataset()
    ds.parse(out, format="nquads")
    return out.read_bytes(), ds


def source_graphs(ds: Dataset, source: str) -> Graph:
    """What one source states: its graph and, for a dataset in N-Quads, the graphs under it
    (one per Games, athletes by blocks of IDs: docs/history-model.md)."""
    g = Graph()
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = str(c.identifier if isinstance(c, Graph) else c)
        if name == source or name.startswith(source + "/"):
            g.add((s, p, o))
    return g


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Dataset]:
    return export(tmp_path_factory.mktemp("merged"), SEED, SLICE)


@pytest.fixture(scope="module")
def plan() -> ExportPlan:
    return api.merge_plan(api.export([SEED]), [SLICE])[1]


def test_the_exact_merges_of_the_seed_and_the_csv(plan: ExportPlan) -> None:
    athletes = {
        (m.article.removeprefix(f"{ID}athlete/"), m.canonical.rsplit("/", 1)[1], m.rule)
        for m in plan.merges
        if m.kind == "athlete"
    }
    assert athletes == ATHLETES
    events = [(m.article, m.canonical, m.rule) for m in plan.merges if m.kind == "event"]
    assert events == [(OLD_EVENT, EVENT, "alias")]
    games = [m.canonical for m in plan.merges if m.kind == "games"]
    assert games == [f"{ID}games/1928-summer"]
    assert {m.canonical.rsplit("/", 1)[1] for m in plan.merges if m.kind == "noc"} == NOCS
    awards = {m.canonical.rsplit("/", 1)[1] for m in plan.merges if m.kind == "medal award"}
    assert awards == {"gold-45818", "silver-13725", "bronze-42523"}


def test_the_exact_non_merges(plan: ExportPlan) -> None:
    assert plan.candidates == ()
    assert plan.refused == ()
    (event,) = plan.events
    assert event.athletes is not None
    assert {d.name for d in event.athletes.unmatched_dataset} == UNMERGED
    assert event.athletes.unmatched_article == ()


def _typed(g: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_one_node_each_for_games_den_event_and_hansen(merged: tuple[bytes, Dataset]) -> None:
    g = union(merged[1])
    trial = {e for e in _typed(g, OLY.Event) if "time-trial" in str(e) and "1928-summer" in str(e)}
    assert trial == {URIRef(EVENT)}
    assert {str(n) for n in g.objects(URIRef(EVENT), OLY.name)} == {
        "Men's track time trial",
        "Cycling Men's 1,000 metres Time Trial",
    }
    assert [a for a in _typed(g, OLY.Athlete) if "hansen" in str(a).lower()] == []
    names = {str(n) for n in g.objects(URIRef(HANSEN), OLY.name)}
    assert names == {"Willy Hansen", "Willy Falck Hansen"}
    assert [a for a in _typed(g, OLY.Athlete) if (a, OLY.name, Literal("Willy Hansen")) in g] == [
        URIRef(HANSEN)
    ]
    games = {x for x in _typed(g, OLY.Games) if str(x).endswith("/1928-summer")}
    assert games == {URIRef(f"{ID}games/1928-summer")}
    assert [n for n in _typed(g, OLY.NOC) if str(n).endswith("/DEN")] == [URIRef(f"{ID}noc/DEN")]
    assert g.value(URIRef(HANSEN), SKOS.prefLabel) == Literal("Willy Hansen")
    assert g.value(URIRef(HANSEN), SKOS.altLabel) == Literal("Willy Falck Hansen")
    rodriguez = URIRef(f"{ID}athlete/athlete-events/101756")
    assert g.value(rodriguez, SKOS.hiddenLabel) == Literal("Francisco Rodrguez")
    assert (URIRef(HANSEN), OWL.sameAs, URIRef(f"{ID}athlete/den/willy-hansen")) in g


def test_the_merged_athlete_carries_both_sources_claims(merged: tuple[bytes, Dataset]) -> None:
    ds = merged[1]
    article = ds.graph(URIRef(ARTICLE_GRAPH))
    data = source_graphs(ds, DATASET_GRAPH)
    hansen = URIRef(HANSEN)
    assert (hansen, OLY.name, Literal("Willy Hansen")) in article
    assert (hansen, OLY.noc, URIRef(f"{ID}noc/DEN")) in article
    assert (hansen, OLY.name, Literal("Willy Falck Hansen")) in data
    assert (hansen, OLY.datasetId, Literal("45818")) in data
    gold = URIRef(f"{EVENT}/medal/gold-45818")
    assert (gold, OLY.awardedTo, hansen) in article
    assert (gold, OLY.awardedTo, hansen) in data
    # the article's result row of Hansen names the merged node
    assert (None, OLY.competitor, hansen) in article


def test_one_result_node_per_competitor_carries_both_sources(
    merged: tuple[bytes, Dataset],
) -> None:
    """The seed's event has one round: the article's row of each merged athlete and the
    dataset's participation are one node, with the row's rank and time from the article and
    the age and team name from the CSV, each in its own source's graph."""
    ds = merged[1]
    article, data = ds.graph(URIRef(ARTICLE_GRAPH)), source_graphs(ds, DATASET_GRAPH)
    node = URIRef(f"{EVENT}/participant/45818")
    final = URIRef(f"{OLD_EVENT}/round/final")
    assert (final, OLY.result, node) in article
    assert (node, RDF.type, OLY.Result) in article and (node, OLY.rank, Literal(1)) in article
    assert (node, OLY.competitor, URIRef(HANSEN)) in article
    assert (node, RDF.type, OLY.Participation) in data and (node, OLY.age, Literal(22)) in data
    assert (node, OLY.athlete, URIRef(HANSEN)) in data
    g = union(ds)
    results = {
        (str(g.value(r, OLY.rank)), str(g.value(r, OLY.athlete)).rsplit("/", 1)[1])
        for r in g.objects(final, OLY.result)
        if (r, RDF.type, OLY.Participation) in g
    }
    assert results == {
        ("1", "45818"), ("2", "13725"), ("3", "42523"), ("4", "25822"), ("8", "101756"),
        ("9", "19072"), ("9", "1054"),
    }  # fmt: skip
    assert len(set(g.objects(final, OLY.result))) == 16


def test_the_seeds_discrepancies_remain_and_there_are_no_new_ones(
    merged: tuple[bytes, Dataset], tmp_path: Path
) -> None:
    _, alone = export(tmp_path, SEED)
    before = _typed(union(alone), OLY.Discrepancy)  # results keep the article's IRIs
    after = _typed(union(merged[1]), OLY.Discrepancy)
    assert before and after == before


def test_every_merge_has_an_evidence_node(merged: tuple[bytes, Dataset]) -> None:
    g = union(merged[1])
    nodes = _typed(g, OLY.Merge)
    # Games, NOCs, the event, the athletes, their results (one round), the medal awards
    assert len(nodes) == 1 + 16 + 1 + 2 * len(ATHLETES) + 3
    for n in nodes:
        assert g.value(n, OLY.mergeRule) is not None and g.value(n, OLY.evidence) is not None
        sources = {str(s) for s in g.objects(n, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))}
        assert sources == {ARTICLE_GRAPH, DATASET_GRAPH}


def test_the_merged_graph_validates(merged: tuple[bytes, Dataset]) -> None:
    outcome = validate(union(merged[1]))
    assert outcome.conforms, outcome


def test_merging_does_not_depend_on_input_order(
    merged: tuple[bytes, Dataset], tmp_path: Path
) -> None:
    assert export(tmp_path, SLICE, SEED)[0] == merged[0]


def test_no_merge_keeps_the_sources_apart(tmp_path: Path) -> None:
    _, ds = export(tmp_path, SEED, SLICE, "--no-merge")
    g = union(ds)
    assert _typed(g, OLY.Event) >= {URIRef(EVENT), URIRef(OLD_EVENT)}
    assert not _typed(g, OLY.Merge)
    assert not list(g.triples((None, OWL.sameAs, None)))
    assert (URIRef(f"{ID}athlete/den/willy-hansen"), RDF.type, OLY.Athlete) in g


def test_inspect_explains_every_merge() -> None:
    result = cli("inspect", SEED, SLICE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"event: {OLD_EVENT} -> {EVENT}\n    rule: alias\n" in out
    for article, dataset_id, rule in ATHLETES:
        line = f"athlete: {ID}athlete/{article} -> {ID}athlete/athlete-events/{dataset_id}\n"
        assert f"{line}    rule: {rule}\n    evidence: " in out
    assert "evidence: medal: same event, NOC DEN and medal gold; short-form" in out
    assert f"noc: {ID}noc/DEN -> {ID}noc/DEN\n    rule: same-key" in out
    assert "candidate pairs not merged (0):" in out


def test_two_athletes_with_one_name_and_noc_stay_unmerged(tmp_path: Path) -> None:
    lines = SLICE.read_text(encoding="utf-8").splitlines()
    rows = [ln for ln in lines[1:] if '"1928 Summer"' in ln and "1,000 metres Time Trial" in ln]
    (cattaneo,) = [ln for ln in rows if "Angelo Cattaneo" in ln]
    twin = cattaneo.replace('"19072"', '"990001"', 1)
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("\n".join([lines[0], *rows, twin]) + "\n", encoding="utf-8")
    result = cli("inspect", SEED, tiny)
    assert result.exit_code == 0, result.output
    for aid in ("19072", "990001"):
        pair = f"athlete: {ID}athlete/ita/angelo-cattaneo ? {ID}athlete/athlete-events/{aid}"
        assert pair in result.stdout
    assert "not merged: ambiguous: 2 dataset participants with this name in the NOC" in (
        result.stdout
    )
    _, ds = export(tmp_path, SEED, tiny)
    g = union(ds)
    assert (URIRef(f"{ID}athlete/ita/angelo-cattaneo"), RDF.type, OLY.Athlete) in g
    assert len(_typed(g, OLY.CandidatePair)) == 2
    assert validate(g).conforms


DRESSAGE = """= Equestrian at the 1912 Summer Olympics – Individual dressage =

Infobox
- Event: Individual dressage
- Games: 1912 Summer
- Gold: Carl Bonde
- Goldnoc: SWE
- Silver: Gustaf Adolf Boltenstern
- Silvernoc: SWE

==Results==

| Rank | Rider | Nation |
| 1 | Carl Bonde | SWE |
| 2 | Gustaf Adolf Boltenstern | SWE |
| 3 | Oscar af Ström | SWE |
"""
DRESSAGE_ROWS = [
    '"ID","Name","Sex","Age","Height","Weight","Team","NOC","Games","Year","Season","City",'
    '"Sport","Event","Medal"',
    '"1065","Oscar Adolf Richard af Strm","M",44,NA,NA,"Sweden","SWE","1912 Summer",1912,'
    '"Summer","Stockholm","Equestrianism","Equestrianism Men\'s Dressage, Individual",NA',
    '"13034","Gustaf Adolf Boltenstern, Sr.","M",51,NA,NA,"Sweden","SWE","1912 Summer",1912,'
    '"Summer","Stockholm","Equestrianism","Equestrianism Men\'s Dressage, Individual","Silver"',
    '"13145","Carl Gustaf Bonde","M",40,NA,NA,"Sweden","SWE","1912 Summer",1912,"Summer",'
    '"Stockholm","Equestrianism","Equestrianism Men\'s Dressage, Individual","Gold"',
]


def test_a_sport_named_differently_is_one_node(tmp_path: Path) -> None:
    """The article's "Equestrian" is the CSV's "Equestrianism": one sport node, the dataset's,
    with the article's name as its preferred label; Gymnastics would not be rewritten."""
    article = tmp_path / "dressage.txt"
    article.write_text(DRESSAGE, encoding="utf-8")
    csv = tmp_path / "dressage.csv"
    csv.write_text("\n".join(DRESSAGE_ROWS) + "\n", encoding="utf-8")
    _, ds = export(tmp_path, article, csv)
    g = union(ds)
    sports = {str(s).rsplit("/", 1)[1] for s in _typed(g, OLY.Sport)}
    assert sports == {"equestrianism"}
    sport = URIRef(f"{ID}sport/equestrianism")
    event = URIRef(f"{ID}event/1912-summer/equestrianism/mens-dressage-individual")
    assert (event, OLY.sport, sport) in source_graphs(ds, f"{ID}source/dataset/dressage")
    assert g.value(sport, SKOS.prefLabel) == Literal("Equestrian")
    assert (sport, OWL.sameAs, URIRef(f"{ID}sport/equestrian")) in g
    assert validate(g).conforms
    out = cli("inspect", article, csv).stdout
    assert f"sport: {ID}sport/equestrian -> {sport}\n    rule: same-sport\n" in out
    assert f"athlete: {ID}athlete/swe/carl-bonde -> {ID}athlete/athlete-events/13145\n" in out
