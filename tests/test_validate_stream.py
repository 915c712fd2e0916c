"""``olygraph validate`` of articles streams (issue 19): part by part with the fast engine, the
same report (text and JSON to the character, the SHACL report graph up to blank nodes) as
validating the articles' whole rdflib graph; with RDF files, other shapes or pySHACL, one
graph made from the streamed N-Triples, never from ``api.export``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from conftest import article_paths
from olygraph import api
from olygraph.validate import run
from olygraph.validate.report import render
from olygraph.validate.run import validate
from olygraph.validate.shapes import load_shapes
from olygraph.write.rdf import as_graph, load_rdf
from test_article_stream import variants
from test_validate_cli import BROKEN, article, cli

TENNIS = "tennis-at-the-1920-summer-olympics-mens-singles.txt"


def reference(paths: list[Path], rdf: Sequence[Path] = (), engine: str = "fast") -> dict[str, str]:
    """The reports of the articles' whole rdflib graph (and ``rdf``), by format."""
    graph = as_graph(api.export(paths).dataset)
    for path in rdf:
        graph += load_rdf(path)
    outcome = validate(graph, engine=engine)
    return {fmt: render(outcome, fmt) for fmt in ("text", "json", "ttl")}


def assert_reports(want: dict[str, str], *args: str | Path) -> str:
    """``olygraph validate ARGS`` in every format gives the ``want`` reports; its stderr."""
    stderr = ""
    for fmt in ("text", "json", "ttl"):
        result = cli("validate", "-f", fmt, *args)
        assert result.exit_code in (0, 1), result.stderr
        if fmt == "ttl":
            got = Graph().parse(data=result.stdout, format="turtle")
            assert isomorphic(got, Graph().parse(data=want["ttl"], format="turtle"))
        else:
            assert result.stdout == want[fmt]
        stderr = result.stderr
    return stderr


@pytest.fixture
def streamed_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the articles' rdflib dataset nor one store of the whole graph is made."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the whole graph was built")

    monkeypatch.setattr(api, "export", refuse)
    monkeypatch.setattr(run, "load_inputs", refuse)


def test_seed(seed_dataset: Dataset, streamed_only: None) -> None:
    want = {fmt: render(validate(seed_dataset), fmt) for fmt in ("text", "json", "ttl")}
    assert assert_reports(want) == ""


@pytest.mark.parametrize("path", article_paths(), ids=lambda p: p.stem[:40])
def test_each_shared_article(shared: Path, path: Path) -> None:
    want = reference([path])
    for fmt in ("text", "json"):
        assert cli("validate", "-f", fmt, path).stdout == want[fmt]


def test_all_shared_articles_a_violation_and_cross_article_results(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed told three ways (results on its Games that only the whole corpus shows) and
    a date out of its Games (a violation), besides every shared article."""
    broken = tmp_path / "broken"
    broken.mkdir()
    paths = [*variants(tmp_path, shared), *article_paths(), article(broken, change=BROKEN)]
    want = reference(paths)
    assert "Violations" in want["text"] and "Rotterdam" in want["text"]
    monkeypatch.setattr(api, "export", lambda *_a, **_k: pytest.fail("api.export called"))
    monkeypatch.setattr(run, "load_inputs", lambda *_a, **_k: pytest.fail("one store built"))
    assert assert_reports(want, *paths, "--jobs", "2") == ""
    assert cli("validate", *paths).exit_code == 1


def test_all_shared_articles(shared: Path) -> None:
    assert_reports(reference(article_paths()), *article_paths())


def test_articles_and_an_rdf_file_are_one_graph(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rdf = tmp_path / "seed.ttl"
    assert cli("export", "-f", "ttl", "-o", rdf, "--no-validate").exit_code == 0
    paths = [shared / "articles" / TENNIS, *article_paths()[:2]]
    want = reference(paths, [rdf])
    monkeypatch.setattr(api, "export", lambda *_a, **_k: pytest.fail("api.export called"))
    stderr = assert_reports(want, *paths, rdf)
    note = "olygraph: note: articles validated as one graph, not part by part: "
    assert stderr == note + "RDF files are validated with them\n"


def test_pyshacl_validates_the_streamed_graph(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = shared / "articles" / TENNIS
    want = reference([path], engine="pyshacl")
    monkeypatch.setattr(api, "export", lambda *_a, **_k: pytest.fail("api.export called"))
    result = cli("validate", "-f", "json", "--engine", "pyshacl", path)
    assert result.stdout == want["json"]
    assert result.stderr == ""  # asked for: pySHACL validates one graph, as it always does


def test_an_unreadable_article_is_exit_2_after_the_report(tmp_path: Path, shared: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    good = [shared / "articles" / TENNIS]
    result = cli("validate", bad, *good)
    assert result.exit_code == 2
    assert result.stdout == reference(good)["text"]
    assert result.stderr.startswith(f"olygraph: error: {bad}")
    alone = cli("validate", bad)
    assert alone.exit_code == 2 and alone.stdout == ""


def test_extra_shapes_validate_one_graph_with_a_note(
    tmp_path: Path, seed_dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix oly: <https://w3id.org/olygraph/ontology#> .\n"
        "<urn:x:NoDiscipline> a sh:NodeShape ; sh:targetClass oly:Event ;\n"
        "    sh:property [ sh:path oly:discipline ; sh:maxCount 0 ] .\n",
        encoding="utf-8",
    )
    want = render(validate(seed_dataset, [load_shapes([extra]).graph]), "json")
    monkeypatch.setattr(api, "export", lambda *_a, **_k: pytest.fail("api.export called"))
    result = cli("validate", "-f", "json", "--shapes", extra)
    assert result.exit_code == 1
    assert result.stdout == want
    note = "olygraph: note: articles validated as one graph, not part by part: "
    assert result.stderr == note + "only olygraph's own shapes are checked part by part\n"
