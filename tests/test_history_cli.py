"""``olygraph export`` / ``inspect`` on datasets as a user meets them: exact stderr lines, exit
codes, atomic ``-o``, validation on request, articles and datasets together."""

from __future__ import annotations

import gzip
import inspect
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from olygraph.cli import main
from olygraph.resources import seed_text
from olygraph.tabular.stream import load_output
from olygraph.write.rdf import FORMATS

DATA = Path(__file__).parent / "data" / "history"
OLY = "https://w3id.org/olygraph/ontology#"
B = "https://w3id.org/olygraph/id/"
SEED_EVENT = URIRef(B + "event/1928-summer/cycling/mens-track-time-trial")
TT_EVENT = URIRef(B + "event/1928-summer/cycling/mens-1000-metres-time-trial")
NOTE = (
    "olygraph: note: not validated (datasets are large): run olygraph validate {} on the output, "
    "or export with --validate\n"
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's TriG parser


def cli(*args: str | Path) -> Result:
    kwargs = (
        {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    )
    result = CliRunner(**kwargs).invoke(main, [str(a) for a in args], prog_name="olygraph")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding copies of the fixtures (short relative names in messages)."""
    for name in ("athlete_events_slice.csv", "noc_regions.csv", "tiny.csv", "bad_rows.csv",
                 "wrong_header.csv"):  # fmt: skip
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def graph(data: bytes, fmt: str) -> Graph:
    return load_output(data, fmt)


# --- bad input ---------------------------------------------------------------------------------


def test_bad_rows_are_reported_word_for_word_skipped_and_exit_2(here: Path) -> None:
    result = cli("export", "bad_rows.csv", "-f", "nt", "-o", "out.nt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == NOTE.format("out.nt") + (
        "olygraph: error: bad_rows.csv:3: 14 fields, expected 15 fields, as in the header; "
        "row skipped\n"
        "olygraph: error: bad_rows.csv:4: column Age: 'abc', expected a whole number of years, "
        "or NA; row skipped\n"
        "olygraph: error: bad_rows.csv:5: column Weight: '6x', expected a number of kilograms, "
        "or NA; row skipped\n"
        "olygraph: error: bad_rows.csv:6: column Medal: 'Golden', expected Gold, Silver, Bronze "
        "or NA; row skipped\n"
        "olygraph: error: skipped 4 of 6 rows; see above\n"
    )
    g = Graph().parse(here / "out.nt", format="nt")  # the good rows (lines 2 and 7) are written
    participations = g.subjects(RDF.type, URIRef(OLY + "Participation"))
    parts = sorted(str(s).rsplit("/", 1)[1] for s in participations)
    assert parts == ["45818", "6919"]


def test_unknown_header_names_the_missing_columns_and_writes_nothing(here: Path) -> None:
    (here / "out.nt").write_text("old\n")
    for args in (["-o", "out.nt"], []):
        result = cli("export", "tiny.csv", "wrong_header.csv", "-f", "nt", *args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "olygraph: error: wrong_header.csv:1: unknown CSV header "
            "'ID,Name,Sex,Age,Height,Weight,Team,NOC,Games,Year,City,Sport,Event'; the closest "
            "known kind is the athlete table (athlete_events.csv), which also needs the columns "
            "Season, Medal\n"
        )
    assert (here / "out.nt").read_text() == "old\n"
    assert sorted(p.name for p in here.iterdir() if p.name.startswith(".")) == []


def test_a_csv_name_that_does_not_exist_is_one_error_line(here: Path) -> None:
    result = cli("export", "missing.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "olygraph: error: missing.csv: cannot read the file: No such file or directory\n"
    )


def test_a_failure_midway_leaves_the_old_output_and_no_temporary_file(here: Path) -> None:
    """The NOC table is written first; then the athlete table turns out to be a cut-off gzip."""
    whole = gzip.compress((DATA / "athlete_events_slice.csv").read_bytes() * 40)
    (here / "cut.csv.gz").write_bytes(whole[: len(whole) // 2])
    (here / "out.ttl").write_text("old\n")
    result = cli("export", "noc_regions.csv", "cut.csv.gz", "-o", "out.ttl")
    assert result.exit_code == 2
    assert result.stderr.startswith("olygraph: error: cut.csv.gz:")
    cut_short = "cannot read the file: Compressed file ended before the end-of-stream marker"
    assert cut_short in result.stderr
    assert result.stderr.count("\n") == 1
    assert (here / "out.ttl").read_text() == "old\n"
    assert sorted(p.name for p in here.iterdir() if p.name.startswith(".")) == []


# --- output, notes, validation ------------------------------------------------------------------


def test_export_to_a_file_writes_it_whole_and_notes_that_it_was_not_validated(here: Path) -> None:
    result = cli("export", "athlete_events_slice.csv", "noc_regions.csv", "-o", "history.ttl")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == NOTE.format("history.ttl") + (
        "olygraph: note: athlete_events_slice.csv: 44 rows repeat the key of an earlier row and "
        "were merged, not doubled (25 with differing values; olygraph inspect lists them)\n"
    )
    g = Graph().parse(here / "history.ttl", format="turtle")
    assert (TT_EVENT, RDF.type, URIRef(OLY + "Event")) in g
    assert sorted(p.name for p in here.iterdir() if p.name.startswith(".")) == []


def test_validate_on_request_passes_on_the_slice(here: Path) -> None:
    result = cli("export", "athlete_events_slice.csv", "--validate", "-f", "nt")
    assert result.exit_code == 0
    assert "not validated" not in result.stderr
    assert (TT_EVENT, RDF.type, URIRef(OLY + "Event")) in graph(result.stdout_bytes, "nt")
    quiet = cli("export", "tiny.csv", "--no-validate")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_validate_on_request_blocks_a_violating_export(here: Path) -> None:
    """Age 5 is outside the shapes' 10 to 99: a violation. Nothing is written (exit 1);
    --force writes anyway (still exit 1)."""
    text = (here / "tiny.csv").read_text().replace('"M",22,', '"M",5,')
    (here / "young.csv").write_text(text)
    result = cli("export", "young.csv", "--validate", "-o", "out.ttl")
    assert result.exit_code == 1
    assert "oly:age is a whole number of years from 10 to 99" in result.stderr
    assert result.stderr.endswith(
        "olygraph: error: validation failed (1 violation, no warnings, 4 notes); nothing written "
        "(--force writes anyway, --no-validate skips the check)\n"
    )
    assert not (here / "out.ttl").exists()
    forced = cli("export", "young.csv", "--validate", "--force", "-o", "out.ttl")
    assert forced.exit_code == 1
    assert (here / "out.ttl").is_file()


def test_progress_only_when_asked_or_on_a_terminal(here: Path) -> None:
    assert "(writing)" not in cli("export", "tiny.csv", "-o", "a.ttl").stderr
    shown = cli("export", "tiny.csv", "--progress", "-o", "a.ttl")
    assert shown.exit_code == 0
    assert shown.stderr.startswith("tiny.csv (writing)")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_articles_and_datasets_together(here: Path, fmt: str) -> None:
    (here / "seed.txt").write_text(seed_text(), encoding="utf-8")
    result = cli("export", "seed.txt", "tiny.csv", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == NOTE.format("FILE")
    g = graph(result.stdout_bytes, fmt)
    # merged by default (docs/identity.md §4): the seed's event is the CSV's time trial
    assert (SEED_EVENT, RDF.type, URIRef(OLY + "Event")) not in g
    assert (TT_EVENT, RDF.type, URIRef(OLY + "Event")) in g
    # the Games both describe is one node; its statements are repeated, never contradictory
    assert len(set(g.objects(URIRef(B + "games/1928-summer"), URIRef(OLY + "year")))) == 1
    apart = graph(cli("export", "seed.txt", "tiny.csv", "-f", fmt, "--no-merge").stdout_bytes, fmt)
    assert (SEED_EVENT, RDF.type, URIRef(OLY + "Event")) in apart
    assert (TT_EVENT, RDF.type, URIRef(OLY + "Event")) in apart


def test_a_csv_header_in_a_file_of_any_name_is_a_dataset(here: Path) -> None:
    shutil.copy(here / "tiny.csv", here / "table.txt")
    result = cli("export", "table.txt", "-f", "nt")
    assert result.exit_code == 0
    assert (TT_EVENT, RDF.type, URIRef(OLY + "Event")) in graph(result.stdout_bytes, "nt")


# --- inspect -----------------------------------------------------------------------------------


def test_inspect_lists_every_repeated_key_and_skipped_row(here: Path) -> None:
    result = cli("inspect", "athlete_events_slice.csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "== athlete_events_slice.csv (athlete-events): 224 rows",
        "team events (by the team-event rule): 5",
        "skipped rows: 0",
        "repeated keys: 44",
    ]
    assert (
        "  athlete_events_slice.csv:5: repeats the key 2317, 1900 Summer, Sailing Mixed 1-2 Ton "
        "of line 4 (differs in Medal); merged"
    ) in lines
    bad = cli("inspect", "bad_rows.csv")
    assert bad.exit_code == 2
    assert "skipped rows: 4" in bad.stdout.splitlines()


# --- devices and pipes ---------------------------------------------------------------------------


def _read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with fifo.open("rb") as fh:
            into.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize("validate", ["--no-validate", "--validate"])
def test_output_to_a_pipe_writes_into_it_and_never_replaces_it(here: Path, validate: str) -> None:
    """``-o /dev/null`` must not rename a file onto the device; a named pipe shows the same
    without touching /dev."""
    fifo = here / "pipe.nt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = cli("export", "tiny.csv", "-f", "nt", "-o", fifo, validate)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(graph(got[0], "nt")) == 144


def test_article_output_to_a_pipe_writes_into_it_and_never_replaces_it(here: Path) -> None:
    fifo = here / "pipe.ttl"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = cli("export", "-o", fifo)
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert (SEED_EVENT, RDF.type, URIRef(OLY + "Event")) in graph(got[0], "ttl")
