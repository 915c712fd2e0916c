"""What a fuzzer and a hostile environment found (issue 16), each case through the CLI: the
documented exit code, one line on stderr (word for word where the message matters), no
traceback, no leftover file, and the previous ``-o`` output intact.

The two concurrent loads are in test_load_concurrent.py, the character-level fuzzing in
test_fuzz_chars.py, the scale of one article in benchmarks/bench_article_scale.py.
"""

from __future__ import annotations

import gzip
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph

from olygraph.resources import seed_text
from test_cli import cli, seed_summary

PY = sys.executable
SEED = seed_text()


def _article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _only_olygraph_lines(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert all(line.startswith("olygraph") for line in stderr.splitlines()), stderr


# --- a backslash in a value that a validation message quotes -------------------------------------


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_backslash_in_a_quoted_value(tmp_path: Path, engine: str) -> None:
    path = _article(tmp_path, "bs.txt", SEED.replace("- Goldnoc: DEN", "- Goldnoc: \\u", 1))
    result = cli("validate", "--engine", engine, path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert 'Not used: "Goldnoc" = "\\u" (Goldnoc: not a known IOC code' in result.stdout


def test_backslash_in_a_result_cell(tmp_path: Path) -> None:
    text = SEED.replace("| 2 | | | 1:15.1 | |", "| 2 | | | 18\\12.10 | |", 1)
    path = _article(tmp_path, "cell.txt", text)
    result = cli("validate", "--engine", "pyshacl", path)
    assert result.exit_code == 0, result.stderr
    assert 'Not used: "Time" = "18\\12.10" (column Time: expected a mark)' in result.stdout
    exported = cli("export", path, "-o", tmp_path / "out.ttl")
    assert exported.exit_code == 0, exported.stderr
    _only_olygraph_lines(exported.stderr)


# --- a symlink that points to itself --------------------------------------------------------------

LOOP = "cannot read the file: Too many levels of symbolic links"


@pytest.mark.parametrize(
    "args",
    [["export"], ["validate"], ["inspect"], ["query", "medal-table"]],
    ids=["export", "validate", "inspect", "query"],
)
@pytest.mark.parametrize("name", ["loop.txt", "loop.ttl"])
def test_symlink_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], name: str
) -> None:
    if name.endswith(".ttl") and args[0] in ("export", "inspect"):
        pytest.skip("export and inspect read articles only")
    monkeypatch.chdir(tmp_path)
    Path(name).symlink_to(name)
    result = cli(*args, name)
    assert result.exit_code == 2
    assert result.stderr == f"olygraph: error: {name}: {LOOP}\n"


def test_symlink_loop_on_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("loop.ttl").symlink_to("loop.ttl")
    result = cli("load", "loop.ttl", "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr == f"olygraph: error: loop.ttl: {LOOP}\n"


# --- load --timeout -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "-inf", "1e300", "abc"])
def test_load_timeout_must_be_finite_and_positive(value: str) -> None:
    result = cli("load", "--endpoint", "http://127.0.0.1:9", "--timeout", value)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    expected = (
        f"Error: Invalid value for '--timeout': '{value}': expected a number of seconds "
        "greater than 0 and at most 1,000,000"
    )
    if value == "abc":
        expected = "Error: Invalid value for '--timeout': 'abc' is not a number of seconds"
    assert last == expected


# --- a full disk, a closed pipe ------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["export"], ["inspect"], ["validate"], ["query", "events"]])
def test_full_disk_on_stdout(args: list[str]) -> None:
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [PY, "-m", "olygraph", *args], stdout=full, stderr=subprocess.PIPE, timeout=120
        )
    assert done.returncode == 2
    assert done.stderr.decode().splitlines()[-1] == (
        "olygraph: error: cannot write to standard output: No space left on device"
    )
    _only_olygraph_lines(done.stderr.decode())
    assert b"Exception ignored" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_full_disk_with_o() -> None:
    result = cli("export", "-o", "/dev/full")
    assert result.exit_code == 2
    assert result.stderr == "olygraph: error: /dev/full: cannot write: No space left on device\n"


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """``olygraph inspect | head -c1``: exit 0, nothing on stderr."""
    with subprocess.Popen(
        [PY, "-m", "olygraph", "query", "events"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.read(1)
        p.stdout.close()
        err = p.stderr.read()
        code = p.wait(timeout=120)
    assert code == 0
    assert err == b""


# --- ill-typed literals in queries and data -----------------------------------------------------

ILL_TYPED = (
    "olygraph: warning: 1 literal not valid for its datatype, kept as written "
    '(e.g. "abc"^^xsd:integer)\n'
)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ill_typed_literal_in_a_query(tmp_path: Path, engine: str) -> None:
    query = tmp_path / "strdt.rq"
    query.write_text(
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        'SELECT ?x WHERE { BIND(STRDT("abc", xsd:integer) AS ?x) }\n'
    )
    result = cli("query", "--engine", engine, query)
    assert result.exit_code == 0
    assert result.stderr == ILL_TYPED
    assert "abc" in result.stdout


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ill_typed_literal_in_data(tmp_path: Path, engine: str) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        '<http://e/a> <http://e/p> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    query = tmp_path / "all.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    result = cli("query", "--engine", engine, query, data)
    assert result.exit_code == 0
    assert result.stderr == ILL_TYPED


# --- SERVICE in a query on local data ---------------------------------------------------------


class Listener:
    """A TCP socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.mark.parametrize(
    "where",
    [
        "SERVICE <{url}> {{ ?s ?p ?o }}",
        "?s ?p ?o . OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?r }} }}",
        "?s ?p ?o . FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "{{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    ],
    ids=["plain", "optional-silent", "exists", "subquery"],
)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_is_refused_and_nothing_connects(tmp_path: Path, where: str, engine: str) -> None:
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/sparql"
        query = tmp_path / "service.rq"
        query.write_text(f"SELECT * WHERE {{ {where.format(url=url)} }}\n")
        result = cli("query", "--engine", engine, query)
        time.sleep(0.3)
        assert result.exit_code == 2
        assert result.stderr == (
            f"olygraph: error: {query}: SERVICE <{url}> would send a request over the "
            "network; refused in a query on local data (--allow-service permits it)\n"
        )
        assert listener.connections == 0
    finally:
        listener.close()


def test_allow_service_does_connect(tmp_path: Path) -> None:
    """The listener above does see a connection when one is made (the test can fail)."""
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/sparql"
        query = tmp_path / "service.rq"
        query.write_text(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}\n")
        result = cli("query", "--engine", "rdflib", "--allow-service", query)
        deadline = time.monotonic() + 10
        while listener.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert listener.connections >= 1
        _only_olygraph_lines(result.stderr)
    finally:
        listener.close()


# --- silent losses ----------------------------------------------------------------------------


def test_export_ends_with_a_summary_line(tmp_path: Path) -> None:
    result = cli("export", "-o", tmp_path / "seed.ttl")
    assert result.exit_code == 0
    assert result.stderr == seed_summary()


def test_the_summary_of_many_inputs_names_the_first_and_last(tmp_path: Path) -> None:
    """A corpus named file by file: the summary line stays one short line, not every name."""
    text = SEED.replace("1928 Summer Olympics – Men", "99999 Summer Olympics – Men", 1)
    paths = [_article(tmp_path, f"article-{i:03d}-of-a-long-corpus.txt", text) for i in range(12)]
    result = cli("export", *paths, "--no-validate", "-o", tmp_path / "y.nt")
    assert result.exit_code == 0
    triples = len(Graph().parse(tmp_path / "y.nt", format="nt"))
    assert result.stderr == (
        f"olygraph: wrote {triples:,} triples from 12 articles; 144 values or lines not "
        "understood, not "
        f"in the graph as facts: olygraph inspect {paths[0]} … {paths[-1]} (the same 12 inputs) "
        "lists them\n"
    )
    # the command it names, run as it is spelled out in full, lists them
    listed = cli("inspect", *paths)
    assert listed.exit_code == 0
    assert listed.stdout.count("not understood") + listed.stdout.count("skipped") > 0


def test_a_few_inputs_are_named_in_full(tmp_path: Path) -> None:
    text = SEED.replace("1928 Summer Olympics – Men", "99999 Summer Olympics – Men", 1)
    paths = [_article(tmp_path, f"{i}.txt", text) for i in range(2)]
    result = cli("export", *paths, "--no-validate", "-o", tmp_path / "y.nt")
    assert result.stderr.endswith(f"olygraph inspect {paths[0]} {paths[1]} lists them\n")


def test_a_title_year_it_cannot_use(tmp_path: Path) -> None:
    text = SEED.replace("1928 Summer Olympics – Men", "99999 Summer Olympics – Men", 1)
    path = _article(tmp_path, "y.txt", text)
    result = cli("export", path, "-o", tmp_path / "y.ttl")
    assert result.exit_code == 0
    assert result.stderr == (
        "olygraph: wrote 34 triples from 1 article; 12 values or lines not understood, not in "
        f"the graph as facts: olygraph inspect {path} lists them\n"
    )
    report = cli("validate", path)
    assert report.exit_code == 0
    assert (
        '- The title "Cycling at the 99999 Summer Olympics – Men\'s track time trial" names no '
        "event, Games or sport olygraph can read: nothing but the source was exported "
        "(olygraph inspect lists what was not understood). [olysh:UnknownPageShape]"
    ) in report.stdout
    assert "no violations, 1 warning" in report.stdout


@pytest.mark.parametrize("mark", ["1e309", "NaN", "1:60.0"])
def test_a_mark_it_cannot_read(tmp_path: Path, mark: str) -> None:
    text = SEED.replace("| 3 | | | 1:15.3 | |", f"| 3 | | | {mark} | |", 1)
    path = _article(tmp_path, "m.txt", text)
    result = cli("export", path, "-o", tmp_path / "m.ttl")
    assert result.exit_code == 0
    assert "; 1 value or line not understood" in result.stderr
    _only_olygraph_lines(result.stderr)
    report = cli("validate", path)
    assert (
        f"  Time: {mark}  <https://w3id.org/olygraph/id/event/1928-summer/cycling/"
        "mens-track-time-trial/round/final/result/3/field/1-time>\n"
        "    read at: m.txt:53 (table 2 row 3, Results, column Time)\n"
        f'    - Not used: "Time" = "{mark}" (column Time: expected a mark); the value is kept '
        "as text only. [olysh:UnusableValueShape]\n"
    ) in report.stdout
    warnings = report.stdout.split("Warnings:")[1].split("Notes")[0]
    assert "UnusableValueShape" in warnings


def test_a_malformed_noc_is_a_warning(tmp_path: Path) -> None:
    path = _article(tmp_path, "noc.txt", SEED.replace("- Goldnoc: DEN", "- Goldnoc: D3N", 1))
    report = cli("validate", path)
    warnings = report.stdout.split("Warnings:")[1].split("Notes")[0]
    assert (
        '- Not used: "Goldnoc" = "D3N" (Goldnoc: not a known IOC code (expected e.g. DEN); '
        "not used); the value is kept as text only. [olysh:UnusableValueShape]"
    ) in warnings


# --- signals ----------------------------------------------------------------------------------


def _history(shared: Path) -> Path:
    path = shared / "data" / "athlete_events.csv.gz"
    if not path.is_file():
        pytest.skip("no athlete_events.csv.gz")
    return path


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_during_dataset_export(tmp_path: Path, shared: Path, sig: int) -> None:
    target = tmp_path / "h.nt"
    target.write_text("old\n")
    with subprocess.Popen(
        [PY, "-m", "olygraph", "export", str(_history(shared)), "-f", "nt", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as p:
        deadline = time.monotonic() + 180

        def written() -> int:  # bytes in the temporary file (the first pass writes none)
            return sum(t.stat().st_size for t in tmp_path.glob(".h.nt.*.tmp"))

        while written() < 1 << 20 and time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.05)
        assert written() >= 1 << 20, "the export never got to writing"
        p.send_signal(sig)
        _out, err = p.communicate(timeout=60)
    assert p.returncode == 128 + sig
    assert err.decode() == f"olygraph: error: stopped by {signal.Signals(sig).name}\n"
    assert not list(tmp_path.glob(".*.tmp"))
    assert target.read_text() == "old\n"


def test_sigterm_during_article_export(tmp_path: Path) -> None:
    """A large article, stopped while its output is being written and validated: the
    temporary file is removed, the old target kept, exit 143."""
    nocs = {2: "NED", 3: "AUS"}  # the seed's silver and bronze medallists' rows
    rows = "\n".join(
        f"| {i} | Rider {i} | {nocs.get(i, 'DEN')} | {60 + i / 100:.2f} | |" for i in range(1, 3000)
    )
    text = SEED.split("| Rank | Cyclist")[0] + "| Rank | Cyclist | Nation | Time | Notes |\n" + rows
    path = _article(tmp_path, "big.txt", text)
    target = tmp_path / "big.ttl"
    target.write_text("old\n")
    with subprocess.Popen(
        [PY, "-m", "olygraph", "export", str(path), "-o", str(target), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as p:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".big.ttl*.tmp")) and p.poll() is None:
            assert time.monotonic() < deadline, "the export never started writing"
            time.sleep(0.02)
        p.send_signal(signal.SIGTERM)
        _out, err = p.communicate(timeout=60)
    assert p.returncode == 143, err.decode()
    assert err.decode() == "olygraph: error: stopped by SIGTERM\n"
    assert not list(tmp_path.glob(".*.tmp"))
    assert target.read_text() == "old\n"


# --- a byte that is not UTF-8 in a CSV ------------------------------------------------------------


def _csv_with_bad_byte(shared: Path, line: int, newline: bytes, bom: bool) -> bytes:
    with gzip.open(_history(shared), "rb") as fh:
        lines = [fh.readline().rstrip(b"\r\n") for _ in range(1000)]
    lines[line - 1] = lines[line - 1].replace(b'"', b'\xff"', 1)
    return (b"\xef\xbb\xbf" if bom else b"") + newline.join(lines) + newline


@pytest.mark.parametrize("gz", [False, True], ids=["csv", "csv.gz"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"], ids=["lf", "crlf", "cr"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_non_utf8_byte_in_a_csv(
    tmp_path: Path, shared: Path, gz: bool, newline: bytes, bom: bool
) -> None:
    data = _csv_with_bad_byte(shared, 500, newline, bom)
    offset = data.index(b"\xff")
    name = "bad.csv.gz" if gz else "bad.csv"
    (tmp_path / name).write_bytes(gzip.compress(data) if gz else data)
    target = tmp_path / "out.nt"
    target.write_text("old\n")
    result = cli("export", tmp_path / name, "-f", "nt", "-o", target)
    assert result.exit_code == 2
    where = " of the uncompressed data" if gz else ""
    assert result.stderr == (
        f"olygraph: error: {tmp_path / name}:500: not UTF-8: invalid byte 0xff at line 500, "
        f"byte offset {offset}{where}; expected UTF-8 text\n"
    )
    assert target.read_text() == "old\n"
    assert not list(tmp_path.glob(".*.tmp"))
