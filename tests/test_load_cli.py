"""``olygraph load`` as a user meets it: the output lines and the error messages, word for word,
exit codes, the progress bar (only on a terminal), and a password that never shows, neither on
success nor on an authentication failure."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from olygraph.cli import main
from servers import SEED_TRIPLES, OxigraphServer, VirtuosoServer, free_port, oxigraph_binary

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TARGET = "https://w3id.org/olygraph/id/graph/olygraph"
WRONG = "Wr0ng-Pa55word-xyz"


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[OxigraphServer]:
    server = OxigraphServer(oxigraph_binary())
    yield server
    server.stop()


N = f"{SEED_TRIPLES:,}"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["load", *args], env=env)


def error(result: Result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    return result.stderr


def test_seed_into_oxigraph(oxigraph: OxigraphServer) -> None:
    result = run("--endpoint", oxigraph.url)
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(
        rf"loaded {N} triples into <{TARGET}> \(oxigraph, 1 chunk, \d+\.\d s\); "
        rf"the graph now holds {N} \(was (0|{N})\)\n",
        result.stdout,
    ), result.stdout
    assert result.stderr == ""  # no progress bar off a terminal
    again = run("--endpoint", oxigraph.url + "/query")  # a server path is taken as its root
    assert re.fullmatch(
        rf"<{TARGET}> is unchanged since the last load \({N} triples\): not sent\n"
        r"nothing changed: no triples sent \(\d+\.\d s\)\n",
        again.stdout,
    ), again.stdout
    forced = run("--endpoint", oxigraph.url, "--force")
    assert forced.stdout.endswith(f"the graph now holds {N} (was {N})\n")


def test_virtuoso_load_never_shows_the_password(virtuoso: VirtuosoServer) -> None:
    env = {"OLYGRAPH_TEST_PW": virtuoso.password}
    graph = TARGET + "/cli"
    result = run("--store", "virtuoso", "--endpoint", virtuoso.url, "--user", "dba",
                 "--password-env", "OLYGRAPH_TEST_PW", "--graph", graph, env=env)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"loaded {N} triples into <{graph}> (virtuoso, ")
    assert virtuoso.password not in result.stdout + result.stderr


def test_virtuoso_wrong_password(virtuoso: VirtuosoServer) -> None:
    result = run("--store", "virtuoso", "--endpoint", virtuoso.url, "--user", "dba",
                 "--password-env", "OLYGRAPH_TEST_PW", env={"OLYGRAPH_TEST_PW": WRONG})  # fmt: skip
    assert error(result) == (
        f"olygraph: error: taking the lease of <{TARGET}>: authentication failed for "
        f"user 'dba' at {virtuoso.url}/sparql-auth (HTTP 401 Unauthorized); check the user name "
        "and password\n"
    )
    assert WRONG not in result.stdout + result.stderr


def test_unreachable_store() -> None:
    port = free_port()
    assert error(run("--endpoint", f"http://127.0.0.1:{port}")) == (
        f"olygraph: error: taking the lease of <{TARGET}>: cannot reach "
        f"http://127.0.0.1:{port}/update: connection refused (4 attempts)\n"
    )


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--user", "dba", "--password-env", "OLYGRAPH_NO_SUCH_VAR"], {},
         "--password-env OLYGRAPH_NO_SUCH_VAR: the environment variable OLYGRAPH_NO_SUCH_VAR "
         "is not set"),
        (["--user", "dba", "--password-env", "OLYGRAPH_EMPTY"], {"OLYGRAPH_EMPTY": ""},
         "--password-env OLYGRAPH_EMPTY: the environment variable OLYGRAPH_EMPTY is empty"),
        (["--user", "dba"], {}, "--user dba needs --password-env VAR (no terminal to ask on)"),
        (["--password-env", "X"], {}, "--password-env needs --user NAME"),
        (["--store", "virtuoso"], {},
         "--store virtuoso needs --user NAME and --password-env VAR: its Graph Store and Update "
         "endpoints use digest authentication"),
        (["--store", "virtuoso", "--user", "dba", "--password-env", "PW", "--graph", "default"],
         {"PW": WRONG},
         "--graph default: virtuoso cannot load into its default graph over the Graph Store "
         "Protocol; name a graph with --graph IRI"),
        (["--graph", "not an iri"], {},
         "--graph 'not an iri': expected an absolute IRI such as "
         "https://example.org/graph/olympics (or 'default' for the default graph)"),
        (["--chunk-size", "0"], {}, "--chunk-size 0: expected a positive number of triples"),
        (["missing.ttl"], {}, "missing.ttl: no such file"),
    ],
)  # fmt: skip
def test_usage_errors(args: list[str], env: dict[str, str], message: str) -> None:
    """Found before anything is sent (the endpoint does not even exist)."""
    result = run("--endpoint", f"http://127.0.0.1:{free_port()}", *args, env=env)
    assert error(result) == f"olygraph: error: {message}\n"
    assert WRONG not in result.stderr


def test_credentials_in_the_url(oxigraph: OxigraphServer) -> None:
    url = oxigraph.url.replace("http://", f"http://dba:{WRONG}@")
    result = run("--endpoint", url)
    assert error(result) == (
        "olygraph: error: --endpoint: the URL must not hold a user name or password; "
        "give --user NAME and --password-env VAR\n"
    )
    assert WRONG not in result.stderr


def test_bad_and_empty_input(oxigraph: OxigraphServer, tmp_path: Path) -> None:
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    assert error(run("--endpoint", oxigraph.url, str(empty))) == (
        "olygraph: error: nothing to load: the inputs hold no triples\n"
    )
    bad = tmp_path / "bad.ttl"
    lines = [f"<https://e.org/s{i}> <https://e.org/p> {i} ." for i in range(50)]
    bad.write_text("\n".join([*lines, "<https://e.org/s> <https://e.org/p> ."]), encoding="utf-8")
    graph = TARGET + "/bad"
    result = run("--endpoint", oxigraph.url, "--graph", graph, "--chunk-size", "10", str(bad))
    assert error(result).startswith(f"olygraph: error: {bad}: not valid turtle: Parser error at "
                                    "line 51")  # fmt: skip
    assert oxigraph.graph_size(graph) == 0  # five chunks were staged, then dropped
    assert not [g for g in oxigraph.graphs() if g.startswith(graph)]


def test_progress_bar_on_a_terminal(oxigraph: OxigraphServer) -> None:
    leader, follower = pty.openpty()
    script = Path(sys.executable).parent / "olygraph"
    done = subprocess.run(
        [str(script), "load", "--endpoint", oxigraph.url, "--graph", TARGET + "/tty",
         "--chunk-size", "100"],
        stdout=subprocess.PIPE, stderr=follower, timeout=120, check=False,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            piece = os.read(leader, 65536)
        except OSError:
            break
        if not piece:
            break
        shown += piece
    os.close(leader)
    assert done.returncode == 0
    assert b"loading" in shown and b"100%" in shown
    assert done.stdout.decode().startswith(f"loaded {N} triples into <{TARGET}/tty> ")
