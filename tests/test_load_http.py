"""The HTTP client of a load against a scripted local server: retries and backoff, the errors
that fail at once, digest and basic authentication, and messages that never hold the password.

The stub checks digest answers with its own implementation of RFC 7616, so a wrong one fails.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from olygraph.errors import LoadError
from olygraph.load.http import Credentials, HttpClient, RetryPolicy, TransientLoadError, check_url
from servers import free_port

PASSWORD = "Sup3r-Secret-Pa55"
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Stub:
    """A local HTTP server: ``script`` answers each request; every request is recorded."""

    script: Callable[[Seen], Answer]
    seen: list[Seen] = field(default_factory=list)
    url: str = ""

    def __post_init__(self) -> None:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(size))
                stub.seen.append(seen)
                status, headers, body = stub.script(seen)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Callable[[Callable[[Seen], Answer]], Stub]]:
    started: list[Stub] = []

    def start(script: Callable[[Seen], Answer]) -> Stub:
        started.append(Stub(script))
        return started[-1]

    yield start
    for server in started:
        server.close()


def _statuses(*codes: int) -> Callable[[Seen], Answer]:
    queue = list(codes)

    def script(_: Seen) -> Answer:
        code = queue.pop(0) if len(queue) > 1 else queue[0]
        return code, {"Content-Type": "text/plain"}, b"busy" if code >= 400 else b""

    return script


def _client(credentials: Credentials | None = None) -> tuple[HttpClient, list[float]]:
    waits: list[float] = []
    return HttpClient(credentials, timeout=5, sleep=waits.append), waits


def _post(client: HttpClient, url: str) -> int:
    return client.request("POST", url, b"<a:s> <a:p> <a:o> .\n", what="uploading chunk 1").status


# ---------------------------------------------------------------------------------- retries


def test_transient_answers_are_retried_with_backoff(stub: Callable[..., Stub]) -> None:
    server = stub(_statuses(503, 500, 429, 201))
    client, waits = _client()
    assert _post(client, server.url + "/store") == 201
    assert (client.retries, waits, len(server.seen)) == (3, [0.5, 1.0, 2.0], 4)
    assert {s.body for s in server.seen} == {b"<a:s> <a:p> <a:o> .\n"}


def test_gives_up_after_the_last_attempt(stub: Callable[..., Stub]) -> None:
    server = stub(_statuses(502))
    client, waits = _client()
    with pytest.raises(TransientLoadError) as caught:
        _post(client, server.url + "/store?graph=x")
    assert str(caught.value) == (
        f"uploading chunk 1: {server.url}/store answered HTTP 502 Bad Gateway: busy (4 attempts)"
    )
    assert waits == [0.5, 1.0, 2.0] and len(server.seen) == 4


def test_backoff_is_capped() -> None:
    delays = list(RetryPolicy(attempts=7, first_delay=0.5, max_delay=3).delays())
    assert delays == [0.5, 1.0, 2.0, 3, 3, 3]


@pytest.mark.parametrize("code", [400, 404, 405, 413, 415])
def test_other_client_errors_fail_at_once(stub: Callable[..., Stub], code: int) -> None:
    server = stub(_statuses(code))
    client, waits = _client()
    with pytest.raises(LoadError) as caught:
        _post(client, server.url + "/store")
    assert not isinstance(caught.value, TransientLoadError)
    assert re.fullmatch(rf"uploading chunk 1: {server.url}/store refused the request \(HTTP "
                        rf"{code} [A-Za-z ]+\): busy", str(caught.value))  # fmt: skip
    assert waits == [] and len(server.seen) == 1


def test_a_refused_connection_is_retried_then_reported() -> None:
    url = f"http://127.0.0.1:{free_port()}/update"
    client, waits = _client()
    with pytest.raises(TransientLoadError) as caught:
        _post(client, url)
    assert str(caught.value) == (
        f"uploading chunk 1: cannot reach {url}: connection refused (4 attempts)"
    )
    assert waits == [0.5, 1.0, 2.0]


def test_a_silent_server_times_out(stub: Callable[..., Stub]) -> None:
    def slow(_: Seen) -> Answer:
        time.sleep(1.0)
        return 200, {}, b""

    server = stub(slow)
    client = HttpClient(timeout=0.2, retry=RetryPolicy(attempts=2), sleep=lambda _: None)
    with pytest.raises(TransientLoadError) as caught:
        _post(client, server.url + "/store")
    assert str(caught.value) == (
        f"uploading chunk 1: {server.url}/store did not answer within 0.2 s (2 attempts)"
    )


def test_no_retry_when_told(stub: Callable[..., Stub]) -> None:
    server = stub(_statuses(503))
    client, waits = _client()
    with pytest.raises(TransientLoadError):
        client.request("POST", server.url + "/update", b"update=x", what="switching", retry=False)
    assert len(server.seen) == 1 and waits == []


# --------------------------------------------------------------------------- authentication


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _digest_server(password: str, *, stale_after: int = 0) -> Callable[[Seen], Answer]:
    """Digest (MD5, qop=auth) as RFC 7616 says; a new nonce after ``stale_after`` uses."""
    state = {"nonce": "n0nce-1", "uses": 0}

    def challenge(stale: bool = False) -> Answer:
        value = (f'Digest realm="SPARQL", nonce="{state["nonce"]}", opaque="0pq", qop="auth", '
                 f'algorithm="MD5", stale="{"true" if stale else "false"}"')  # fmt: skip
        return 401, {"WWW-Authenticate": value}, b"<html><b>Unauthorized</b></html>"

    def script(seen: Seen) -> Answer:
        header = seen.headers.get("Authorization", "")
        if not header.startswith("Digest "):
            return challenge()
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[7:]))
        if fields.get("nonce") != state["nonce"]:
            return challenge(stale=True)
        ha1 = _md5(f"{fields['username']}:SPARQL:{password}")
        ha2 = _md5(f"{seen.method}:{seen.path}")
        expected = _md5(f"{ha1}:{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
        if fields.get("response") != expected or fields.get("uri") != seen.path:
            return challenge()
        state["uses"] += 1
        if stale_after and state["uses"] >= stale_after:
            state["nonce"], state["uses"] = f"n0nce-{time.monotonic_ns()}", 0
        return 201, {}, b""

    return script


def test_digest_answers_the_challenge_without_sending_the_body_twice(
    stub: Callable[..., Stub],
) -> None:
    server = stub(_digest_server(PASSWORD))
    client, _ = _client(Credentials("alice", PASSWORD))
    for _ in range(3):
        assert _post(client, server.url + "/sparql-graph-crud-auth?graph=g%201") == 201
    methods = [s.method for s in server.seen]
    assert methods == ["HEAD", "POST", "POST", "POST"]  # one bodiless probe, then each once
    counts = [re.search(r"nc=(\w+)", s.headers["Authorization"])[1] for s in server.seen[1:]]
    assert counts == ["00000001", "00000002", "00000003"]
    assert all(PASSWORD not in str(s.headers) for s in server.seen)


def test_a_stale_nonce_is_renewed(stub: Callable[..., Stub]) -> None:
    server = stub(_digest_server(PASSWORD, stale_after=1))
    client, _ = _client(Credentials("alice", PASSWORD))
    assert [_post(client, server.url + "/sparql-auth") for _ in range(3)] == [201] * 3


def test_a_wrong_password_says_so_without_the_password(stub: Callable[..., Stub]) -> None:
    server = stub(_digest_server("the-right-one"))
    client, waits = _client(Credentials("alice", PASSWORD))
    with pytest.raises(LoadError) as caught:
        _post(client, server.url + "/sparql-auth")
    assert str(caught.value) == (
        f"uploading chunk 1: authentication failed for user 'alice' at {server.url}/sparql-auth "
        "(HTTP 401 Unauthorized); check the user name and password"
    )
    assert waits == []


def test_no_credentials_for_a_store_that_wants_them(stub: Callable[..., Stub]) -> None:
    server = stub(_digest_server(PASSWORD))
    client, _ = _client()
    with pytest.raises(LoadError) as caught:
        _post(client, server.url + "/sparql-auth")
    assert str(caught.value) == (
        f"uploading chunk 1: {server.url}/sparql-auth asks for a user name and password "
        "(HTTP 401 Unauthorized); give --user NAME and --password-env VAR"
    )


def test_basic_when_nothing_else_is_offered(stub: Callable[..., Stub]) -> None:
    import base64

    token = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()

    def script(seen: Seen) -> Answer:
        if seen.headers.get("Authorization") == f"Basic {token}":
            return 200, {}, b""
        return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b""

    server = stub(script)
    client, _ = _client(Credentials("alice", PASSWORD))
    assert _post(client, server.url + "/update") == 200


def test_an_error_text_that_echoes_the_password_is_scrubbed(stub: Callable[..., Stub]) -> None:
    server = stub(lambda _: (400, {"Content-Type": "text/plain"}, f"bad: {PASSWORD}".encode()))
    client, _ = _client(Credentials("alice", PASSWORD))
    with pytest.raises(LoadError) as caught:
        _post(client, server.url + "/update")
    assert PASSWORD not in str(caught.value) and str(caught.value).endswith("bad: ***")


def test_an_url_with_credentials_is_refused_without_repeating_them() -> None:
    with pytest.raises(LoadError) as caught:
        check_url(f"http://alice:{PASSWORD}@127.0.0.1:8890/")
    assert str(caught.value) == (
        "--endpoint: the URL must not hold a user name or password; "
        "give --user NAME and --password-env VAR"
    )
    with pytest.raises(LoadError, match=r"^--endpoint 'ftp://h/x': expected an http"):
        check_url("ftp://h/x?q=1")
    assert repr(Credentials("alice", PASSWORD)) == "Credentials(user='alice')"
