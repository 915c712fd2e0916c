"""Page and query latency of ``olygraph serve`` with the full history loaded, against Oxigraph's
own server answering the same SPARQL.

    python benchmarks/bench_serve.py [--data FILE.nq] [--clients 8] [--requests 40]

Without ``--data`` the data is made first (in a temporary directory): the history CSV and its NOC
table, the shared articles and the seed article, exported together as N-Quads (the seed's event
is merged into the history's ``1928-summer/cycling/mens-1000-metres-time-trial``).

Both servers hold the data in memory, with the union of the graphs as their default graph:
``olygraph serve FILE.nq``, and ``oxigraph serve`` given the same N-Quads by ``POST /store`` and
the same union by ``POST /update``. Targets: the page of the seed's event (16 results, 2
discrepancies), of its Games, of its winner, and the ``medal-table`` query at ``/sparql`` (and at
Oxigraph's ``/query``). Each target is asked ``--requests`` times by each of ``--clients``
threads at once (keep-alive connections), after a warm-up; the median and 95th percentile of the
latencies are printed, as a Markdown table for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))
from servers import _stop, free_port  # noqa: E402

UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
FIND = """PREFIX oly: <https://w3id.org/olygraph/ontology#>
SELECT ?event ?games ?athlete WHERE {
  ?round oly:event ?event ; oly:result ?result .
  ?result oly:sourceLocation "seed.txt:51 (table 2 row 1, Results)" ; oly:competitor ?athlete .
  ?event oly:games ?games .
} LIMIT 1"""


def make_data(work: Path) -> Path:
    from olygraph.resources import seed_text

    seed = work / "articles" / "seed.txt"
    seed.parent.mkdir()
    seed.write_text(seed_text(), encoding="utf-8")
    out = work / "history.nq"
    data = SHARED / "data"
    command = [str(BIN / "olygraph"), "export", str(data / "athlete_events.csv.gz"),
               str(data / "noc_regions.csv.gz"), str(SHARED / "articles"), str(seed.parent),
               "--format", "nq", "-o", str(out), "--no-progress"]  # fmt: skip
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    return out


def request(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None,
            headers: dict[str, str]) -> float:  # fmt: skip
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    if not 200 <= response.status < 300:
        raise RuntimeError(f"{method} {path}: {response.status}")
    return time.perf_counter() - start


def wait(port: int, path: str, seconds: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            request(conn, "GET", path, None, {})
            return
        except (OSError, RuntimeError):
            time.sleep(0.5)
    raise RuntimeError("server did not start")


def measure(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str],
            clients: int, each: int) -> list[float]:  # fmt: skip
    times: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        own = [request(conn, method, path, body, headers) for _ in range(each)]
        with lock:
            times.extend(own)

    for _ in range(3):  # warm-up
        request(http.client.HTTPConnection("127.0.0.1", port, timeout=120), method, path, body,
                headers)  # fmt: skip
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="per client and target")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        work = Path(tmp)
        start = time.monotonic()
        data = args.data or make_data(work)
        made = "" if args.data else f"; made in {time.monotonic() - start:.0f} s"
        print(f"data: {data} ({data.stat().st_size / 1e6:.0f} MB{made})")
        ours_port, ox_port = free_port(), free_port()
        start = time.monotonic()
        ours = subprocess.Popen([str(BIN / "olygraph"), "serve", str(data), "--port",
                                 str(ours_port)], stderr=subprocess.DEVNULL)  # fmt: skip
        oxi = None
        try:
            wait(ours_port, "/sparql?query=ASK%7B%7D", 900, ours)
            load_ours = time.monotonic() - start
            print(f"olygraph serve answered after {load_ours:.0f} s", flush=True)
            start = time.monotonic()
            oxi = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--bind",
                                    f"127.0.0.1:{ox_port}"], stderr=subprocess.DEVNULL)  # fmt: skip
            wait(ox_port, "/query?query=ASK%7B%7D", 60, oxi)
            conn = http.client.HTTPConnection("127.0.0.1", ox_port, timeout=1800)
            request(conn, "POST", "/store", data.read_bytes(),
                    {"Content-Type": "application/n-quads"})  # fmt: skip
            request(conn, "POST", "/update", UNION.encode(),
                    {"Content-Type": "application/sparql-update"})  # fmt: skip
            load_ox = time.monotonic() - start
            print(f"loaded: olygraph serve {load_ours:.0f} s, oxigraph serve {load_ox:.0f} s")
            run(ours_port, ox_port, args.clients, args.requests)
        finally:
            _stop(ours)
            _stop(oxi)


COLD = {
    "event page": "SELECT DISTINCT ?node WHERE { { SELECT DISTINCT ?node WHERE { ?round oly:event "
    "?node ; oly:result ?result } } UNION { SELECT ?node WHERE { ?node a oly:Event } LIMIT 25 } }",
    "Games page": "SELECT ?node WHERE { ?node a oly:Games } LIMIT 20",
    "athlete page": "SELECT DISTINCT ?node WHERE { { SELECT DISTINCT ?node WHERE { ?result "
    "oly:competitor ?node } LIMIT 10 } UNION { SELECT ?node WHERE { ?node a oly:Athlete } "
    "LIMIT 20 } }",
}


def select(port: int, text: str) -> list[list[str]]:
    query = "PREFIX oly: <https://w3id.org/olygraph/ontology#>\n" + text
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                 headers={"Accept": "text/csv"})  # fmt: skip
    lines = conn.getresponse().read().decode().splitlines()
    return [line.split(",") for line in lines[1:]]


def run(ours: int, oxi: int, clients: int, each: int) -> None:
    base = "https://w3id.org/olygraph/id/"
    print("\nfirst request of each page (not yet rendered), one client at a time\n")
    print("| target | pages | median ms | p95 ms |\n| --- | ---: | ---: | ---: |")
    for name, text in COLD.items():
        paths = ["/olygraph/id/" + row[0].removeprefix(base) for row in select(ours, text)]
        conn = http.client.HTTPConnection("127.0.0.1", ours, timeout=120)
        median, p95 = summary([request(conn, "GET", p, None, {}) for p in paths])
        print(f"| {name} | {len(paths)} | {median:.1f} | {p95:.1f} |", flush=True)
    event, games, athlete = select(ours, FIND.split("\n", 1)[1])[0]
    page = {k: "/olygraph/id/" + v.removeprefix(base) for k, v in
            (("event", event), ("games", games), ("athlete", athlete))}  # fmt: skip
    medal = (ROOT / "queries" / "medal-table.rq").read_bytes()
    form = {"Content-Type": "application/sparql-query", "Accept": "text/csv"}
    targets = [
        ("event page", ours, "GET", page["event"], None, {}),
        ("Games page", ours, "GET", page["games"], None, {}),
        ("athlete page", ours, "GET", page["athlete"], None, {}),
        ("medal-table, olygraph serve /sparql", ours, "POST", "/sparql", medal, form),
        ("medal-table, oxigraph serve /query", oxi, "POST", "/query", medal, form),
    ]
    print(f"\n{clients} concurrent clients × {each} requests each (pages rendered before are "
          f"kept); event {page['event']}\n")  # fmt: skip
    print("| target | median ms | p95 ms |\n| --- | ---: | ---: |")
    for name, port, method, path, body, headers in targets:
        median, p95 = summary(measure(port, method, path, body, headers, clients, each))
        print(f"| {name} | {median:.1f} | {p95:.1f} |", flush=True)


if __name__ == "__main__":
    main()
