"""``olygraph load`` graph by graph, on both stores: each named graph of an N-Quads export (one
per Games of the history slice, one per article) is loaded, counted and listed in the manifest;
a rerun with nothing changed sends nothing; a rerun after one Games or one article changed sends
that graph alone; graphs whose source is gone are reported, or dropped with ``prune``; a new
graph whose count is wrong is dropped."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from olygraph import __version__, api
from olygraph.errors import InputError, LoadError
from olygraph.ids import Minter
from olygraph.load import manifest as load_manifest
from olygraph.load.manifest import ContentHash
from olygraph.load.run import LoadReport, describe
from olygraph.load.stores import Store
from olygraph.tabular.stream import export_datasets
from olygraph.write.rdf import serialize
from test_load import STAGE, Target, _target, stages, values

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
DATA = Path(__file__).parent / "data" / "history"
ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"
B = "https://w3id.org/olygraph/id/"
SOURCE = f"{B}source/dataset/athlete-events-slice"


def history(tmp_path: Path, csv: Path = DATA / "athlete_events_slice.csv") -> Path:
    out = tmp_path / "history.nq"
    with out.open("wb") as fh:
        export_datasets([csv, DATA / "noc_regions.csv"], "nq", fh)
    return out


def by_graph(path: Path) -> dict[str, set[tuple[object, ...]]]:
    """The export, graph by graph, as sets of comparable triples."""
    out: dict[str, set[tuple[object, ...]]] = {}
    for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.N_QUADS):
        out.setdefault(q.graph_name.value, set()).add((str(q.subject), str(q.predicate),  # type: ignore[union-attr]
                                                       str(q.object)))  # fmt: skip
    return out


@pytest.fixture(params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Target]:
    """A store without the graphs of the exports (the Virtuoso server is shared by the session,
    and an export's graphs have the same names in every test)."""
    for target in _target(request.param, request):
        client = target.store()
        client.drop(client.graphs_containing(f"{B}source/", what="cleaning up"), what="cleaning")
        yield target


@pytest.fixture
def iri(request: pytest.FixtureRequest) -> str:
    """A graph IRI of this test alone (the Virtuoso server is shared by the session)."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    return f"https://example.org/test/{name}/{uuid.uuid4().hex[:8]}"


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[URIRef]]:
    """Every graph a chunk of triples went to (stage or new graph), in order."""
    calls: list[URIRef] = []
    upload, upload_new = Store.upload, Store.upload_new

    def spy(self: Store, graph: URIRef, data: bytes, *, what: str) -> None:
        calls.append(graph)
        upload(self, graph, data, what=what)

    def spy_new(self: Store, graph: URIRef, data: bytes, lines: int, *, what: str) -> None:
        calls.append(graph)
        upload_new(self, graph, data, lines, what=what)

    monkeypatch.setattr(Store, "upload", spy)
    monkeypatch.setattr(Store, "upload_new", spy_new)
    yield calls


def _stage_of(name: URIRef) -> str:
    return str(name).split(STAGE)[0]


def check_store(store: Target, export: Path, report: LoadReport) -> None:
    """Every graph of the export holds its triples, and the manifest says so."""
    expected = by_graph(export)
    manifest = load_manifest.read(store.store(), report.manifest)  # type: ignore[arg-type]
    assert {str(g) for g in manifest.entries} == set(expected)
    for name, triples in expected.items():
        assert store.server.graph_size(name) == len(triples)
        assert manifest.entries[URIRef(name)].triples == len(triples)
    assert manifest.version == __version__
    assert not stages(store.server)


def test_each_games_is_a_graph_and_a_rerun_sends_nothing(
    store: Target, iri: str, tmp_path: Path, sent: list[URIRef]
) -> None:
    export = history(tmp_path)
    first = store.load([export], graph=iri)
    expected = by_graph(export)
    games = {g for g in expected if g.startswith(f"{SOURCE}/games/")}
    assert len(games) == 4  # the slice has four Games
    assert {str(g.target) for g in first.graphs} == set(expected)
    assert all(g.stage is None and g.before == 0 for g in first.graphs)  # new: straight in
    assert {str(g) for g in sent} == set(expected)
    check_store(store, export, first)
    one = sorted(games)[0]
    assert values(store.server.triples(one)) == values(_graph_of(export, one))
    sent.clear()
    again = store.load([export], graph=iri)
    assert sent == [] and again.graphs == ()
    assert {str(e.graph) for e in again.unchanged} == set(expected)
    assert describe(again)[-1].startswith("nothing changed: no triples sent")


def test_a_rerun_after_one_games_changed_sends_that_graph(
    store: Target, iri: str, tmp_path: Path, sent: list[URIRef]
) -> None:
    store.load([history(tmp_path)], graph=iri)
    rows = (DATA / "athlete_events_slice.csv").read_text(encoding="utf-8").splitlines()
    row = next(i for i, r in enumerate(rows) if '"1928 Summer"' in r and ",20," in r)
    rows[row] = rows[row].replace(",20,", ",21,", 1)  # an age: one participation changes
    changed = tmp_path / "athlete_events_slice.csv"
    changed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "v2").mkdir()
    export = history(tmp_path / "v2", changed)
    sent.clear()
    report = store.load([export], graph=iri)
    games = f"{SOURCE}/games/1928-summer"
    assert {_stage_of(g) for g in sent} == {games}
    assert [str(g.target) for g in report.graphs] == [games]
    (done,) = report.graphs
    assert done.stage is not None and done.before == done.counted == done.sent
    assert len(report.unchanged) == len(by_graph(export)) - 1
    check_store(store, export, report)
    assert values(store.server.triples(games)) == values(
        _graph_of(export, games)
    )  # the new age is there, the old one gone


def _graph_of(export: Path, name: str) -> Graph:
    ds = Dataset()
    ds.parse(export, format="nquads")
    return ds.graph(URIRef(name))


def test_a_rerun_after_one_article_changed_sends_that_graph(
    store: Target, iri: str, tmp_path: Path, sent: list[URIRef]
) -> None:
    names = ["athletics-at-the-1896-summer-olympics-mens-100-metres.txt",
             "diving-at-the-1928-summer-olympics-mens-3-metre-springboard.txt"]  # fmt: skip
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in names:
        (folder / name).write_text((ARTICLES / name).read_text(encoding="utf-8"), "utf-8")
    export = tmp_path / "articles.nq"

    def export_articles() -> None:
        data = serialize(api.export(sorted(folder.glob("*.txt"))).dataset, "nq")
        export.write_bytes(data)

    export_articles()
    store.load([export], graph=iri)
    article = folder / names[0]
    article.write_text(article.read_text("utf-8").replace("- Next: 1900", "- Next: 1904"),
                       "utf-8")  # fmt: skip
    export_articles()
    sent.clear()
    report = store.load([export], graph=iri)
    changed = f"{B}source/article/{names[0][:-4]}"
    assert {_stage_of(g) for g in sent} == {changed}
    assert [str(g.target) for g in report.graphs] == [changed]
    check_store(store, export, report)


def test_gone_graphs_are_reported_then_pruned(store: Target, iri: str, tmp_path: Path) -> None:
    export = history(tmp_path)
    store.load([export], graph=iri)
    lines = export.read_bytes().splitlines(keepends=True)
    gone = f"{SOURCE}/games/1928-summer"
    smaller = tmp_path / "smaller.nq"
    smaller.write_bytes(b"".join(x for x in lines if f"<{gone}>".encode() not in x))
    kept = store.load([smaller], graph=iri)
    assert kept.gone == (URIRef(gone),) and not kept.pruned and kept.graphs == ()
    assert "in no input any more and was kept" in kept.warnings[0]
    assert store.server.graph_size(gone) > 0
    pruned = store.load([smaller], graph=iri, prune=True)
    assert pruned.pruned and pruned.gone == (URIRef(gone),)
    assert f"dropped <{gone}>: no input holds it any more" in describe(pruned)
    assert store.server.graph_size(gone) == 0
    check_store(store, smaller, pruned)


def test_a_new_graph_with_a_wrong_count_is_dropped(
    store: Target, iri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Store.upload_new
    calls = []

    def lossy(self: Store, g: URIRef, data: bytes, lines: int, *, what: str) -> None:
        calls.append(g)
        if len(calls) != 2:  # the second chunk never arrives
            real(self, g, data, lines, what=what)

    monkeypatch.setattr(Store, "upload_new", lossy)
    nt = tmp_path / "data.nt"
    nt.write_bytes(b"".join(f"<https://e.org/s{i}> <https://e.org/p> \"{i}\" .\n".encode()
                            for i in range(250)))  # fmt: skip
    with pytest.raises(LoadError) as caught:
        store.load([nt], graph=iri, chunk_size=100)
    assert str(caught.value) == (
        f"<{iri}> holds 150 triples, but 250 distinct triples were sent; it held nothing "
        "before and is dropped"
    )
    assert store.server.graph_size(iri) == 0


def test_the_content_hash_ignores_order_and_repeats() -> None:
    lines = [f"<https://e.org/s{i}> <https://e.org/p> {i} .\n".encode() for i in range(1000)]
    a, b = ContentHash(), ContentHash()
    a.update(lines)
    shuffled = lines + lines[:10]
    random.Random(1).shuffle(shuffled)
    for line in shuffled:  # a line at a time, as runs of one line come
        b.update([line])
    assert a.result() == b.result() and a.result()[0] == 1000
    c = ContentHash()
    c.update([*lines[:-1], lines[-1].replace(b"999", b"998")])
    assert c.result() != a.result()


def test_manifest_iris() -> None:
    minter = Minter(B)
    assert minter.manifest(URIRef("https://e.org/g")) == URIRef(
        "https://e.org/g/.olygraph-manifest"
    )
    assert minter.manifest(None) == URIRef(f"{B}graph/default/.olygraph-manifest")


def test_a_bad_line_of_n_quads_is_named(tmp_path: Path) -> None:
    from olygraph.load import source as load_source

    data = tmp_path / "bad.nq"
    good = '<https://e.org/s> <https://e.org/p> "x" <https://e.org/g> .\n'
    data.write_text(good * 3 + "<https://e.org/s> <https://e.org/p> 1 .\n", encoding="utf-8")
    (source,) = load_source.sources([data], B)
    with pytest.raises(InputError) as caught:
        list(load_source.triples(source, Minter(B), load_source.Counter()))
    assert str(caught.value) == (
        f"{data}:4: not valid nquads: Parser error at column 37: The object of a triple must be "
        "an IRI, a blank node or a literal"
    )


def test_reading_only_some_graphs_gives_their_lines_as_a_full_read(tmp_path: Path) -> None:
    from olygraph.load import source as load_source

    export = history(tmp_path)
    with export.open("a", encoding="utf-8") as fh:  # blank nodes are always read (numbering)
        fh.write(f'_:b <https://e.org/p> "x" <{SOURCE}/games/1928-summer> .\n')
        fh.write('_:b <https://e.org/p> "y" <https://e.org/other> .\n')
    (source,) = load_source.sources([export], B)
    wanted = frozenset({f"{SOURCE}/games/1928-summer", f"{SOURCE}/athletes/0-9999"})
    full = [x for x in load_source.triples(source, Minter(B), load_source.Counter())
            if x[0] in wanted]  # fmt: skip
    only = load_source.triples(source, Minter(B), load_source.Counter(), only=wanted)
    assert [x for x in only if x[0] in wanted] == full
    assert len({name for name, _ in full}) == 2 and any(b"genid" in line for _, line in full)


def test_the_fast_n_quads_path_gives_the_lines_pyoxigraph_writes(tmp_path: Path) -> None:
    """Plain lines are sent as they are and every other line goes through pyoxigraph: for
    lines of every shape (escapes, ``xsd:string``, language tags, datatypes, ``" <"`` inside
    literals, triples and quads, comments), after a line of the same subject and graph or not,
    the fast path gives what pyoxigraph writes for each quad, run by run of one graph."""
    from olygraph.load import source as load_source

    objects = ['"a"', '"a b <c> d"', '"x"^^<http://www.w3.org/2001/XMLSchema#string>',
               '"7"^^<http://www.w3.org/2001/XMLSchema#integer>', '"a <b"^^<https://e.org/t>',
               '"hi"@en-gb', '"hi"@EN', '"tab\\there"', '"\\u00e9"', "<https://e.org/o>",
               '"quote \\" inside"', '"ends with ."', '""']  # fmt: skip
    graphs = ["", " <https://e.org/g1>", " <https://e.org/g2>"]
    rng = random.Random(7)
    text = [f"<https://e.org/s{rng.randrange(2)}> <https://e.org/p> {rng.choice(objects)}"
            f"{rng.choice(graphs)}{rng.choice([' .', '  .', ' . # note'])}\n"
            for _ in range(3000)]  # fmt: skip
    data = tmp_path / "mixed.nq"
    data.write_text("".join(text), encoding="utf-8")
    (source,) = load_source.sources([data], B)
    runs = list(load_source.batches(source, Minter(B), load_source.Counter()))
    expected = [
        (q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None,
         f"{q.subject} {q.predicate} {q.object} .\n".encode())
        for q in ox.parse(path=str(data), format=ox.RdfFormat.N_QUADS)
    ]  # fmt: skip
    assert [(name, line) for name, lines in runs for line in lines] == expected
    assert all(lines and len(lines) <= load_source.BATCH for _, lines in runs)
    assert any(b"XMLSchema#string" in line for line in data.read_bytes().splitlines())
    assert not any(b"XMLSchema#string" in line for _, lines in runs for line in lines)


def test_a_graph_outside_the_manifest_is_replaced_and_kept_when_a_load_fails(
    store: Target, iri: str, tmp_path: Path
) -> None:
    """Whether a graph exists is asked at its first chunk, for every graph begun by then: one
    that holds triples no manifest lists gets a stage, is replaced when the load ends well,
    and is left as it was when the load fails before its first chunk went out."""
    old, fresh = f"{iri}/old", f"{iri}/fresh"
    store.store().update(f'INSERT DATA {{ GRAPH <{old}> {{ <{iri}/s> <{iri}/p> "before" }} }}',
                         what="seeding")  # fmt: skip
    lines = "".join(f'<{iri}/s> <{iri}/p> "{i}" <{g}> .\n' for i in range(3) for g in (old, fresh))
    bad = tmp_path / "bad.nq"
    bad.write_text(lines + f"<{iri}/s> <{iri}/p> 1 .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":7: not valid nquads"):
        store.load([bad], graph=iri)
    assert store.server.graph_size(old) == 1 and store.server.graph_size(fresh) == 0
    good = tmp_path / "good.nq"
    good.write_text(lines, encoding="utf-8")
    report = store.load([good], graph=iri)
    assert {str(g.target): g.stage is not None for g in report.graphs} == {old: True, fresh: False}
    assert store.server.graph_size(old) == 3 and store.server.graph_size(fresh) == 3
    assert not stages(store.server)
