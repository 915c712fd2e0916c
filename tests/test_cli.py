"""The ``olygraph`` command as a user meets it: output, exact error lines, exit codes, atomic -o.

Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error. Every error is ONE
line ``olygraph: error: <file>[:<line>]: <problem>`` on stderr, never a traceback. The messages
are pinned word for word (as sqlite-utils does for its CLI): a change to one must be deliberate.
"""

from __future__ import annotations

import errno
import inspect
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from conftest import ARTICLES, article_paths
from olygraph import __version__
from olygraph.cli import main
from olygraph.resources import seed_text
from olygraph.write.rdf import FORMATS

OLY = "https://w3id.org/olygraph/ontology#"
DATA = "https://w3id.org/olygraph/id/"
EVENT = URIRef(DATA + "event/1928-summer/cycling/mens-track-time-trial")
SEED_EVENT_PATH = "event/1928-summer/cycling/mens-track-time-trial"
PY = sys.executable
SCRIPT = Path(sys.executable).parent / "olygraph"
SWIMMING = "swimming-at-the-1960-summer-olympics-womens-100-metre-freestyle.txt"
TITLE_EXPECTED = "expected a '= Title =' line as the first non-blank line"


# --- helpers ------------------------------------------------------------------------------------
def _runner() -> CliRunner:
    """stdout and stderr apart: ``mix_stderr=False`` before click 8.2, the default since."""
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def cli(*args: str | Path) -> Result:
    """Run ``olygraph <args>`` in-process; an exception that escaped main() is re-raised."""
    result = _runner().invoke(main, [str(a) for a in args], prog_name="olygraph")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def proc(argv: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, capture_output=True, timeout=120, check=False
    )


def seed_summary() -> str:
    """The line ``olygraph export`` of the seed ends with on stderr (its triples counted here)."""
    from olygraph import api
    from olygraph.write.rdf import union_graph

    n = len(union_graph(api.export().dataset))
    return f"olygraph: wrote {n:,} triples from 1 article; every value was understood\n"


def assert_one_error_line(stderr: str, expected: str) -> None:
    """stderr is exactly ``expected`` plus a newline: one line, no traceback."""
    assert "Traceback" not in stderr
    assert stderr == expected + "\n", f"stderr was:\n{stderr}"


def parse(data: bytes, fmt: str) -> Graph:
    g = Graph()
    g.parse(data=data, format=FORMATS[fmt][0])
    return g


def seed_file(directory: Path, name: str = "good.txt") -> Path:
    path = directory / name
    path.write_text(seed_text(), encoding="utf-8")
    return path


def data_iris(g: Graph) -> set[str]:
    return {str(t) for triple in g for t in triple if isinstance(t, URIRef)}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the temporary directory as the working directory (short relative names)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- export: output -----------------------------------------------------------------------------
def test_export_without_input_prints_the_seed_as_turtle(in_tmp: Path) -> None:
    result = cli("export")
    assert result.exit_code == 0
    assert result.stderr == seed_summary()
    g = parse(result.stdout_bytes, "ttl")
    assert (EVENT, RDF.type, URIRef(OLY + "Event")) in g
    results = set(g.subjects(RDF.type, URIRef(OLY + "Result")))
    assert len(results) == 16


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "xml"])
def test_export_each_format_parses_and_holds_the_seed_event(in_tmp: Path, fmt: str) -> None:
    result = cli("export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == seed_summary()
    if FORMATS[fmt][2]:  # keeps named graphs
        ds = Dataset()
        ds.parse(data=result.stdout_bytes, format=FORMATS[fmt][0])
        quads = list(ds.quads((EVENT, RDF.type, URIRef(OLY + "Event"), None)))
        assert quads, f"{fmt}: the seed event is missing"
    else:
        g = parse(result.stdout_bytes, fmt)
        assert (EVENT, RDF.type, URIRef(OLY + "Event")) in g


def test_short_format_option_is_the_same_as_the_long_one(in_tmp: Path) -> None:
    assert cli("export", "-f", "nt").stdout_bytes == cli("export", "--format", "nt").stdout_bytes


def test_export_to_file_writes_the_file_and_nothing_on_stdout(in_tmp: Path) -> None:
    result = cli("export", "-o", "out.ttl")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b""
    assert result.stderr == seed_summary()
    written = (in_tmp / "out.ttl").read_bytes()
    assert written == cli("export").stdout_bytes
    assert (EVENT, RDF.type, URIRef(OLY + "Event")) in parse(written, "ttl")
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out.ttl"]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("out.nt", "nt"), ("out.NQ", "nq"), ("out.trig", "trig"), ("out.jsonld", "jsonld"),
     ("out.json", "jsonld"), ("out.rdf", "xml"), ("out.txt", "ttl"), ("out", "ttl")],
)  # fmt: skip
def test_without_format_the_output_files_extension_chooses_it(
    in_tmp: Path, name: str, fmt: str
) -> None:
    """``-o out.nt`` writes N-Triples (it wrote Turtle into it before); no known extension:
    Turtle."""
    result = cli("export", "-o", name)
    assert result.exit_code == 0, result.stderr
    assert (in_tmp / name).read_bytes() == cli("export", "-f", fmt).stdout_bytes


def test_an_explicit_format_wins_over_the_extension(in_tmp: Path) -> None:
    assert cli("export", "-f", "ttl", "-o", "out.nt").exit_code == 0
    assert (in_tmp / "out.nt").read_bytes() == cli("export").stdout_bytes


def test_export_to_file_in_a_missing_directory_is_exit_2_in_one_line(in_tmp: Path) -> None:
    result = cli("export", "-o", Path("nodir") / "out.ttl")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert_one_error_line(
        result.stderr, "olygraph: error: nodir/out.ttl: cannot write: the directory does not exist"
    )
    assert not (in_tmp / "nodir").exists()


def test_base_changes_every_data_iri_and_no_ontology_iri(in_tmp: Path) -> None:
    base = "https://example.org/x/"
    default = parse(cli("export", "-f", "nt").stdout_bytes, "nt")
    result = cli("export", "-f", "nt", "--base", base)
    assert result.exit_code == 0, result.stderr
    assert b"w3id.org/olygraph/id/" not in result.stdout_bytes
    rebased = parse(result.stdout_bytes, "nt")
    assert (URIRef(base + SEED_EVENT_PATH), RDF.type, URIRef(OLY + "Event")) in rebased
    iris = data_iris(rebased)
    assert any(i.startswith(OLY) for i in iris), "ontology terms must stay under w3id.org"
    assert all(i.startswith((base, OLY, "http://www.w3.org/", "http://purl.org/")) for i in iris)
    # the same graph, only the data IRIs renamed
    renamed = Graph()
    for triple in default:
        renamed.add(
            tuple(  # type: ignore[arg-type]
                URIRef(base + t[len(DATA) :]) if isinstance(t, URIRef) and t.startswith(DATA) else t
                for t in triple
            )
        )
    assert isomorphic(renamed, rebased)


@pytest.mark.parametrize(
    "base",
    ["not-an-iri", "https://example.org/x", "http://ex ample.org/"],
    ids=["not-an-iri", "no-trailing-slash", "space"],
)
def test_bad_base_is_exit_2_with_exact_message(in_tmp: Path, base: str) -> None:
    result = cli("export", "--base", base)
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert_one_error_line(
        result.stderr,
        f"olygraph: error: --base: {base!r} is not an absolute IRI ending in '/' or '#' "
        "(expected e.g. https://example.org/olympics/)",
    )


# --- export: bad input ------------------------------------------------------------------------
def _missing(d: Path) -> list[str]:
    return ["missing.txt"]


def _empty_dir(d: Path) -> list[str]:
    (d / "emptydir").mkdir()
    (d / "emptydir" / "notes.md").write_text("not an article\n", encoding="utf-8")
    return ["emptydir"]


def _empty(d: Path) -> list[str]:
    (d / "empty.txt").write_bytes(b"")
    return ["empty.txt"]


def _blank(d: Path) -> list[str]:
    (d / "blank.txt").write_bytes(b"  \n\t\n   \r\n")
    return ["blank.txt"]


def _not_utf8(d: Path) -> list[str]:
    (d / "latin.txt").write_bytes(b"= T =\n\xff\xfe")
    return ["latin.txt"]


def _no_title(d: Path) -> list[str]:
    (d / "notitle.txt").write_text("Hello world\n= T =\n", encoding="utf-8")
    return ["notitle.txt"]


def _heading_first(d: Path) -> list[str]:
    (d / "heading.txt").write_text("\n==Results==\n| 1 | A |\n", encoding="utf-8")
    return ["heading.txt"]


BAD_INPUTS: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("missing-file", _missing, "missing.txt: cannot read the file: No such file or directory"),
    ("dir-without-txt", _empty_dir, "emptydir: directory holds no *.txt article"),
    (
        "empty-file",
        _empty,
        "empty.txt: empty file, expected an article starting with a '= Title =' line",
    ),
    (
        "whitespace-only",
        _blank,
        "blank.txt: empty file, expected an article starting with a '= Title =' line",
    ),
    (
        "not-utf8",
        _not_utf8,
        "latin.txt:2: not UTF-8: invalid byte 0xff at line 2, byte offset 6; expected UTF-8 text",
    ),
    ("no-title-line", _no_title, f"notitle.txt:1: found 'Hello world'; {TITLE_EXPECTED}"),
    (
        "heading-not-title",
        _heading_first,
        f"heading.txt:2: found a level-2 heading '==Results=='; {TITLE_EXPECTED}",
    ),
]


@pytest.mark.parametrize(
    ("setup", "message"),
    [(s, m) for _, s, m in BAD_INPUTS],
    ids=[name for name, _, _ in BAD_INPUTS],
)
def test_bad_input_is_exit_2_with_one_exact_line(
    in_tmp: Path, setup: Callable[[Path], list[str]], message: str
) -> None:
    args = setup(in_tmp)
    result = cli("export", *args)
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "Traceback" not in result.output
    assert_one_error_line(result.stderr, f"olygraph: error: {message}")


@pytest.mark.parametrize(
    ("setup", "message"),
    [(s, m) for name, s, m in BAD_INPUTS if name in ("missing-file", "not-utf8", "no-title-line")],
    ids=["missing-file", "not-utf8", "no-title-line"],
)
@pytest.mark.parametrize("how", ["python-m", "script"])
def test_bad_input_in_a_real_process(
    tmp_path: Path, setup: Callable[[Path], list[str]], message: str, how: str
) -> None:
    if how == "script" and not SCRIPT.is_file():
        pytest.skip(f"no console script at {SCRIPT}")
    command: list[str | Path] = [PY, "-m", "olygraph"] if how == "python-m" else [SCRIPT]
    done = proc([*command, "export", *setup(tmp_path)], cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == b""
    assert_one_error_line(done.stderr.decode("utf-8"), f"olygraph: error: {message}")


def test_inspect_bad_input_is_exit_2_too(in_tmp: Path) -> None:
    _not_utf8(in_tmp)
    result = cli("inspect", "latin.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.endswith(
        "olygraph: error: latin.txt:2: not UTF-8: invalid byte 0xff at line 2, byte offset 6; "
        "expected UTF-8 text\n"
    )


MIXED_ERROR = re.compile(
    r"olygraph: error: (?:mixed/)?bad\.txt:1: found 'no title here'; "
    + re.escape(TITLE_EXPECTED)
    + "\n"
)


def _mixed_dir(d: Path) -> Path:
    mixed = d / "mixed"
    mixed.mkdir()
    seed_file(mixed, "good.txt")
    (mixed / "bad.txt").write_text("no title here\n", encoding="utf-8")
    return mixed


def test_directory_with_a_good_and_a_bad_article_exports_the_good_one(in_tmp: Path) -> None:
    _mixed_dir(in_tmp)
    result = cli("export", "mixed")
    assert result.exit_code == 2
    g = parse(result.stdout_bytes, "ttl")
    assert (EVENT, RDF.type, URIRef(OLY + "Event")) in g
    assert len(set(g.subjects(RDF.type, URIRef(OLY + "Result")))) == 16
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith(seed_summary())  # the good one, in the summary line
    assert MIXED_ERROR.fullmatch(result.stderr.removesuffix(seed_summary())), result.stderr


def test_directory_with_a_good_and_a_bad_article_still_writes_output_file(in_tmp: Path) -> None:
    _mixed_dir(in_tmp)
    result = cli("export", "mixed", "-o", "out.nt", "-f", "nt")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert result.stderr.endswith(seed_summary())  # the good one, in the summary line
    assert MIXED_ERROR.fullmatch(result.stderr.removesuffix(seed_summary())), result.stderr
    g = parse((in_tmp / "out.nt").read_bytes(), "nt")
    assert (EVENT, RDF.type, URIRef(OLY + "Event")) in g


def test_unknown_option_is_a_usage_error(in_tmp: Path) -> None:
    result = cli("export", "--bogus")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "Usage: olygraph export" in result.stderr
    assert "No such option: --bogus" in result.stderr or "No such option '--bogus'" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(in_tmp: Path) -> None:
    result = cli("export", "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "'csv' is not one of 'ttl', 'nt', 'nq', 'trig', 'jsonld', 'xml'" in result.stderr


def test_unknown_command_is_a_usage_error(in_tmp: Path) -> None:
    result = cli("frobnicate")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


# --- export: atomic output --------------------------------------------------------------------
OLD = b"old content\n"


def test_failed_export_leaves_the_old_output_untouched(in_tmp: Path) -> None:
    _empty(in_tmp)
    _no_title(in_tmp)
    (in_tmp / "out.ttl").write_bytes(OLD)
    before = sorted(p.name for p in in_tmp.iterdir())
    result = cli("export", "-o", "out.ttl", "empty.txt", "notitle.txt")
    assert result.exit_code == 2
    assert (in_tmp / "out.ttl").read_bytes() == OLD
    assert sorted(p.name for p in in_tmp.iterdir()) == before, "temp files left behind"
    assert result.stderr.count("\n") == 2  # one line per failed input
    assert all(line.startswith("olygraph: error: ") for line in result.stderr.splitlines())


def test_successful_export_replaces_the_output_and_leaves_no_temp_file(in_tmp: Path) -> None:
    (in_tmp / "out.ttl").write_bytes(OLD)
    result = cli("export", "-o", "out.ttl")
    assert result.exit_code == 0, result.stderr
    assert (in_tmp / "out.ttl").read_bytes() == cli("export").stdout_bytes
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out.ttl"]
    assert not list(in_tmp.glob(".out.ttl.*.tmp"))


def test_internal_error_is_exit_3_in_one_line_and_keeps_the_old_output(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr("olygraph.api.article_writer.ArticleWriter.finish", broken)
    (in_tmp / "out.ttl").write_bytes(OLD)
    result = cli("export", "-o", "out.ttl")
    assert result.exit_code == 3
    assert_one_error_line(
        result.stderr, "olygraph: error: internal error (RuntimeError: boom); please report it"
    )
    assert (in_tmp / "out.ttl").read_bytes() == OLD
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out.ttl"]


def _disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_write_failure_removes_the_temp_file_and_keeps_the_old_output(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # articles stream to the output: the writer's flush is where the disk fills up
    monkeypatch.setattr("olygraph.tabular.serial.StreamWriter.flush", _disk_full)
    (in_tmp / "out.ttl").write_bytes(OLD)
    result = cli("export", "-o", "out.ttl")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1
    assert (in_tmp / "out.ttl").read_bytes() == OLD
    assert sorted(p.name for p in in_tmp.iterdir()) == ["out.ttl"]


def test_output_that_cannot_be_written_is_an_input_error_not_a_bug(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk or a read-only directory is the user's to fix: exit 2, naming the output file.

    Today it is reported as "internal error (OSError: ...); please report it" with exit 3.
    """
    monkeypatch.setattr("olygraph.tabular.serial.StreamWriter.flush", _disk_full)
    result = cli("export", "-o", "out.ttl")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("olygraph: error: out.ttl: "), result.stderr
    assert "No space left on device" in result.stderr
    assert "internal error" not in result.stderr
    assert ".tmp" not in result.stderr


def test_output_file_gets_the_usual_permissions(in_tmp: Path) -> None:
    """``-o`` makes a file like ``>`` would (0666 minus umask) and keeps an existing file's mode.

    Today the temp file's 0600 (from tempfile.mkstemp) survives the rename.
    """
    old_umask = os.umask(0o022)
    try:
        assert cli("export", "-o", "new.ttl").exit_code == 0
        (in_tmp / "shared.ttl").write_bytes(OLD)
        (in_tmp / "shared.ttl").chmod(0o664)
        assert cli("export", "-o", "shared.ttl").exit_code == 0
    finally:
        os.umask(old_umask)
    assert oct((in_tmp / "new.ttl").stat().st_mode & 0o777) == oct(0o644)
    assert oct((in_tmp / "shared.ttl").stat().st_mode & 0o777) == oct(0o664)


# --- inspect ----------------------------------------------------------------------------------
def test_inspect_seed_lists_both_time_discrepancies_with_their_lines(in_tmp: Path) -> None:
    result = cli("inspect")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "== seed.txt: Cycling at the 1928 Summer Olympics – Men's track time trial"
    assert lines[1] == "kind: event"
    assert re.fullmatch(
        r"extracted: rounds 1, results 16, marks \d+, medals 3, records \d+, nations named 16, "
        r"other-source placings 2, dates \d+, counts stated \d+, unmapped fields \d+, "
        r"problems \d+",
        lines[2],
    ), lines[2]
    assert "== discrepancies: 2" in lines
    final = f"{DATA}{SEED_EVENT_PATH}/round/final"
    row1 = lines.index(f"discrepancy in Time of Final, row 1, rank 1 <{final}/result/1>:")
    assert lines[row1 + 1 : row1 + 5] == [
        "  1:14.4  (seed.txt:10 (infobox, key Win Value))",
        "  1 minute, 14.4 seconds  (seed.txt:21 (prose))",
        "  1:14.4  (seed.txt:39 (prose, Records))",
        "  1:14.2  (seed.txt:51 (table 2 row 1, Results, column Time))",
    ]
    row2 = lines.index(f"discrepancy in Time of Final, row 2, rank 2 <{final}/result/2>:")
    assert lines[row2 + 1 : row2 + 3] == [
        "  1:15.2  (seed.txt:39 (prose, Records))",
        "  1:15.1  (seed.txt:52 (table 2 row 2, Results, column Time))",
    ]


def test_inspect_articles_has_one_section_per_file(shared: Path, in_tmp: Path) -> None:
    files = article_paths()
    assert len(files) >= 10
    result = cli("inspect", ARTICLES)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = [line for line in lines if line.startswith("== ") and ".txt: " in line]
    assert [h.split(":", 1)[0][3:] for h in headers] == [p.name for p in files]
    for path in files:
        title = path.read_text(encoding="utf-8").splitlines()[0].strip("= ").strip()
        assert f"== {path.name}: {title}" in headers
    swim = lines.index(
        f"== {SWIMMING}: Swimming at the 1960 Summer Olympics – Women's 100 metre freestyle"
    )
    assert lines[swim + 1] == "kind: event (file cut off)"
    section = lines[swim : lines.index("", swim)]
    assert (
        f"  not understood: {SWIMMING}:40: incomplete-row: table row cut off by the end of the "
        "file: '| 7 | 5 | 6 | Erica Terpstra | | 1:'"
    ) in section
    assert any(line.startswith("== discrepancies: ") for line in lines)


def test_inspect_reports_two_sources_disagreeing_on_a_rank(in_tmp: Path) -> None:
    """Nothing is resolved silently (docs/model.md, Conflicts).

    Two articles on the same event, one giving row 2 rank 2 and the other rank 3: today the
    Result gets two oly:rank values and no oly:Discrepancy, and inspect says nothing.
    """
    d = in_tmp / "two"
    d.mkdir()
    text = seed_text()
    assert "| 2 | | | 1:15.1 | |" in text
    (d / "a.txt").write_text(text, encoding="utf-8")
    (d / "b.txt").write_text(text.replace("| 2 | | | 1:15.1 | |", "| 3 | | | 1:15.1 | |"), "utf-8")
    nt = cli("export", "two", "-f", "nt")
    assert nt.exit_code == 0
    ranks = set(
        parse(nt.stdout_bytes, "nt").objects(
            URIRef(f"{DATA}{SEED_EVENT_PATH}/round/final/result/2"), URIRef(OLY + "rank")
        )
    )
    assert {r.toPython() for r in ranks} == {2, 3}  # type: ignore[attr-defined]
    report = cli("inspect", "two").stdout
    assert re.search(r"^discrepancy in rank of .*result/2>:$", report, re.MULTILINE), report


# --- version and help -----------------------------------------------------------------------
def test_version(in_tmp: Path) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"olygraph, version {__version__}\n"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_mentions_commands_and_exit_codes(in_tmp: Path, flag: str) -> None:
    result = cli(flag)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert (
        "Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error, 128+N "
        "stopped by signal N (130 Ctrl-C, 143 SIGTERM)."
    ) in text
    assert "export" in text and "inspect" in text


def test_export_help_lists_every_format(in_tmp: Path) -> None:
    result = cli("export", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for fmt in FORMATS:
        assert fmt in text
    assert "--base" in text and "--output" in text


# --- the real thing: python -m olygraph and the console script ------------------------------
def test_python_m_olygraph_exports_the_seed(tmp_path: Path) -> None:
    done = proc([PY, "-m", "olygraph", "export", "--format", "nt"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode() == seed_summary()
    g = parse(done.stdout, "nt")
    assert len(set(g.subjects(RDF.type, URIRef(OLY + "Result")))) == 16


def test_console_script_exports_the_seed_and_prints_its_version(tmp_path: Path) -> None:
    if not SCRIPT.is_file():
        pytest.skip(f"no console script at {SCRIPT}")
    done = proc([SCRIPT, "export", "-o", tmp_path / "seed.ttl"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert (EVENT, RDF.type, URIRef(OLY + "Event")) in parse(
        (tmp_path / "seed.ttl").read_bytes(), "ttl"
    )
    version = proc([SCRIPT, "--version"], cwd=tmp_path)
    assert version.stdout.decode() == f"olygraph, version {__version__}\n"


def test_closed_stdout_is_not_an_error(tmp_path: Path, shared: Path) -> None:
    """``olygraph export … | head -1``: exit 0 and no BrokenPipeError traceback."""
    with subprocess.Popen(
        [PY, "-m", "olygraph", "export", "-f", "nt", str(ARTICLES)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        first = p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read()
        code = p.wait(timeout=120)
    assert first.startswith(b"<")
    assert b"Traceback" not in err
    assert b"BrokenPipeError" not in err
    assert code == 0
