"""``olygraph export --profile wikidata`` and ``olygraph query --profile wikidata`` as a user meets
them: every format, validation with the profile's shapes, the bundled WDQS-style queries, their
listing, querying a profile export again, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef

from olygraph.cli import main
from olygraph.vocab import DEFAULT_BASE, RDF, WIKIBASE
from olygraph.write.rdf import FORMATS, PARSERS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
P710 = URIRef("http://www.wikidata.org/prop/P710")
EVENT = URIRef(DEFAULT_BASE + "event/1928-summer/cycling/mens-track-time-trial")
GRAPH = URIRef(DEFAULT_BASE + "profile/wikidata")

SEED_RESULTS = """\
round  rank  competitor                   noc  mark  unit       medal         others
-----  ----  ---------------------------  ---  ----  ---------  ------------  ------
Final   1.0  Willy Hansen                 DEN  74.2  wd:Q11574  wd:Q15243387  74.4
Final   2.0  Gerard Bosch van Drakestein  NED  75.1  wd:Q11574  wd:Q15889641  75.2
Final   3.0  Dunc Gray                    AUS  75.3  wd:Q11574  wd:Q15889643
Final   4.0  Octave Dayen                      76.0  wd:Q11574
"""


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_profile_in_every_format(fmt: str, tmp_path: Path) -> None:
    ext = FORMATS[fmt][1]
    out = tmp_path / f"seed.{ext}"
    result = cli("export", "--profile", "wikidata", "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    parser = PARSERS[f".{ext}"]
    data: Graph = Dataset(default_union=True) if parser in ("trig", "nquads") else Graph()
    data.parse(out, format=parser)
    statements = set(data.subjects(RDF.type, WIKIBASE.Statement))
    assert len(statements) > 50
    assert len(set(data.objects(EVENT, P710))) == 19  # 16 rows, 3 other-source times
    if isinstance(data, Dataset):
        assert {g.identifier for g in data.graphs() if len(g)} == {GRAPH}


def test_export_profile_is_byte_identical_run_to_run() -> None:
    one = cli("export", "--profile", "wikidata", "-f", "nt")
    two = cli("export", "--profile", "wikidata", "-f", "nt")
    assert one.exit_code == 0 and one.stdout_bytes == two.stdout_bytes


def test_export_profile_validates_with_the_profile_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Broken profile data (a statement without a reference) is reported, nothing written."""
    from olygraph.wikidata import profile as profile_module

    real = profile_module.profile_graph

    def broken(data: Graph, base: str = DEFAULT_BASE) -> Graph:
        g = real(data, base)
        for st in list(g.subjects(RDF.type, WIKIBASE.Statement))[:1]:
            g.remove((st, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
        return g

    monkeypatch.setattr(profile_module, "profile_graph", broken)
    result = cli("export", "--profile", "wikidata")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "at least one reference" in result.stderr
    assert "validation failed" in result.stderr
    forced = cli("export", "--profile", "wikidata", "--force")
    assert forced.exit_code == 1 and forced.stdout
    skipped = cli("export", "--profile", "wikidata", "--no-validate")
    assert skipped.exit_code == 0 and skipped.stdout


def test_query_profile_event_results_table() -> None:
    result = cli("query", "--profile", "wikidata", "event-results")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "\n".join(lines[:6]) + "\n" == SEED_RESULTS
    assert len(lines) == 18


def test_query_profile_list_shows_the_wikidata_queries() -> None:
    result = cli("query", "--profile", "wikidata", "--list")
    assert result.exit_code == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert names == ["discrepancies", "event-results", "medal-table"]
    assert "(Wikidata profile)" in result.stdout
    own = cli("query", "--list").stdout
    assert "record-progression" in own and "Wikidata profile" not in own


def test_query_a_profile_export_as_it_is(tmp_path: Path) -> None:
    """An RDF file that already holds Wikibase statements is queried as it is."""
    out = tmp_path / "profile.trig"
    assert cli("export", "--profile", "wikidata", "-f", "trig", "-o", out).exit_code == 0
    own = tmp_path / "own.ttl"
    assert cli("export", "-o", own).exit_code == 0
    for data in (out, own):
        result = cli("query", "--profile", "wikidata", "medal-table", data, "-f", "csv")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1:] == [
            ",DEN,Denmark,1,0,0,1",
            ",NED,Netherlands,0,1,0,1",
            ",AUS,Australia,0,0,1,1",
        ], data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "--profile", "wikidata", "athlete"],
            "unknown query 'athlete'; bundled wikidata",
        ),
        (["query", "--profile", "other", "events"], "Invalid value for '--profile'"),
        (["export", "--profile", "nope"], "Invalid value for '--profile'"),
    ],
)
def test_errors(args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
