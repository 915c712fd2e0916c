"""``olygraph validate`` and the validation step of ``olygraph export``, as a user meets them.

Exit codes: 0 no violation (warnings allowed), 1 violations, 2 bad input."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from olygraph.cli import main
from olygraph.resources import seed_text
from test_cli import seed_summary

BROKEN = ("Date: 5 August 1928", "Date: 5 August 1929")  # a date outside 1928: one violation


def cli(*args: str | Path) -> Result:
    params = inspect.signature(CliRunner.__init__).parameters
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in params else CliRunner()  # type: ignore[call-arg]
    result = runner.invoke(main, [str(a) for a in args], prog_name="olygraph")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def article(directory: Path, name: str = "seed.txt", change: tuple[str, str] | None = None) -> Path:
    text = seed_text()
    if change:
        assert text.count(change[0]) == 1
        text = text.replace(*change)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- olygraph validate ------------------------------------------------------------------------


def test_validate_without_data_checks_the_seed_and_exits_0(in_tmp: Path) -> None:
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("olygraph validate: no violations, 2 warnings, 1 note")
    assert "seed.txt:51 (table 2 row 1, Results, column Time)" in result.stdout
    assert result.stderr == ""


def test_validate_an_article_with_a_violation_exits_1(in_tmp: Path) -> None:
    result = cli("validate", article(in_tmp, change=BROKEN))
    assert result.exit_code == 1
    assert "Violations" in result.stdout and "1929-08-05" in result.stdout


def test_validate_rdf_files_by_extension_gives_the_same_results(in_tmp: Path) -> None:
    for fmt, name in (("ttl", "seed.ttl"), ("nq", "seed.nq"), ("jsonld", "seed.jsonld")):
        assert cli("export", "-f", fmt, "-o", name).exit_code == 0
    expected = json.loads(cli("validate", "-f", "json").stdout)
    for name in ("seed.ttl", "seed.nq", "seed.jsonld"):
        got = json.loads(cli("validate", "-f", "json", name).stdout)
        assert got["counts"] == expected["counts"], name
        assert [r["focusNode"] for r in got["results"]] == [
            r["focusNode"] for r in expected["results"]
        ]


def test_validate_ttl_format_is_a_shacl_report(in_tmp: Path) -> None:
    result = cli("validate", "--format", "ttl")
    assert result.exit_code == 0
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 10


def test_extra_shapes_add_their_results(in_tmp: Path) -> None:
    (in_tmp / "extra.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix oly: <https://w3id.org/olygraph/ontology#> .
<urn:x:NoDiscipline> a sh:NodeShape ; sh:targetClass oly:Event ;
    sh:property [ sh:path oly:discipline ; sh:maxCount 0 ] .
""",
        encoding="utf-8",
    )
    result = cli("validate", "--shapes", "extra.ttl", "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [r["sourceShape"] for r in doc["results"] if r["severity"] == "Violation"] == [
        "urn:x:NoDiscipline"
    ]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["missing.ttl"], "missing.ttl: no such file"),
        (["--shapes", "missing.ttl"], "missing.ttl: no such file"),
        (["bad.ttl"], "bad.ttl: not valid turtle"),
        (["--shapes", "notes.csv"], "notes.csv: unknown RDF file extension"),
        (["empty.txt"], "empty.txt"),
    ],
)
def test_bad_input_is_exit_2(in_tmp: Path, args: list[str], problem: str) -> None:
    (in_tmp / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
    (in_tmp / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (in_tmp / "empty.txt").write_text("", encoding="utf-8")
    result = cli("validate", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"olygraph: error: {problem}"), result.stderr
    assert "Traceback" not in result.stderr


# --- olygraph export validates --------------------------------------------------------------


def test_export_of_a_valid_article_writes_and_says_nothing_more(in_tmp: Path) -> None:
    result = cli("export", "-o", "out.ttl")
    assert result.exit_code == 0
    assert result.stderr == seed_summary()  # the one line every export ends with
    assert (in_tmp / "out.ttl").stat().st_size > 0


def test_export_with_violations_writes_nothing_and_exits_1(in_tmp: Path) -> None:
    broken = article(in_tmp, change=BROKEN)
    result = cli("export", broken, "-o", "out.ttl")
    assert result.exit_code == 1
    assert not (in_tmp / "out.ttl").exists()
    assert "The date 1929-08-05 is not in 1928" in result.stderr
    assert (
        result.stderr.rstrip()
        .splitlines()[-1]
        .startswith("olygraph: error: validation failed (1 violation")
    )
    to_stdout = cli("export", broken)
    assert to_stdout.exit_code == 1
    assert to_stdout.stdout == ""


def test_export_force_writes_anyway_and_still_exits_1(in_tmp: Path) -> None:
    result = cli("export", article(in_tmp, change=BROKEN), "--force", "-o", "out.ttl")
    assert result.exit_code == 1
    assert (in_tmp / "out.ttl").stat().st_size > 0
    assert "The date 1929-08-05 is not in 1928" in result.stderr


def test_export_no_validate_skips_the_check(in_tmp: Path) -> None:
    result = cli("export", article(in_tmp, change=BROKEN), "--no-validate", "-o", "out.ttl")
    assert result.exit_code == 0
    assert result.stderr.startswith("olygraph: wrote ") and result.stderr.count("\n") == 1
    assert (in_tmp / "out.ttl").stat().st_size > 0
