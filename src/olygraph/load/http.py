"""HTTP for loading into triple stores: requests with bounded retries, digest or basic
authentication, and error messages that never carry the password.

Standard library only (urllib): a load needs POST/PUT with a body, a status code and the
``WWW-Authenticate`` challenge, nothing more. Digest authentication (RFC 7616, MD5 or SHA-256,
``qop=auth``) is done here rather than by urllib's handler, which sends every request once
without credentials first: a 50,000-triple chunk would travel twice, and a server that answers
401 before reading the body can break the connection under it. Instead a bodiless ``HEAD``
fetches the challenge once per URL path, and later requests answer it directly (with a fresh
nonce count); a 401 that says the nonce is stale fetches a new one. Basic authentication is used
only when the server offers nothing else.

Transient failures (connection refused or reset, timeouts, HTTP 408, 429 and 5xx) are retried
with exponential backoff (by default 4 attempts, 0.5 s doubling, at most 8 s between two); other
4xx answers fail at once. Only requests whose repetition cannot change the outcome are retried
here (uploading a chunk of triples into a stage graph adds the same triples to a set: a second
copy of a triple is the same triple); the caller decides for the others.

Every message built here goes through :meth:`HttpClient.scrub`, which replaces the password (as
is, URL-quoted and inside a Basic header) by ``***``; URLs are given without their query.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Final

from olygraph.errors import LoadError

TRANSIENT_STATUS: Final = frozenset({408, 429, 500, 502, 503, 504})
_CHALLENGE_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user name and password for the store; the password never shows in ``repr``."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a transient failure is retried, and how long to wait in between."""

    attempts: int = 4
    first_delay: float = 0.5
    max_delay: float = 8.0

    def delays(self) -> Iterator[float]:
        """The waits before the 2nd, 3rd … attempt."""
        delay = self.first_delay
        for _ in range(max(self.attempts - 1, 0)):
            yield min(delay, self.max_delay)
            delay *= 2


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    headers: Message


class TransientLoadError(LoadError):
    """A request that kept failing in a way that may pass (the outcome of the last attempt may
    be unknown: the server may have done what was asked before the connection broke)."""


class _TransientError(Exception):
    """One attempt failed in a way worth another try; ``reason`` says how, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A store that redirects a POST would lose its body: report the redirect instead."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass(slots=True)
class _Challenge:
    scheme: str  # "digest" or "basic"
    params: dict[str, str]
    count: int = 0


def where(url: str) -> str:
    """``url`` without its query and fragment (they may be long; they never hold credentials)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def check_url(url: str, option: str = "--endpoint") -> str:
    """An http(s) URL without credentials in it; the message never repeats a password."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LoadError(f"{option} {where(url)!r}: expected an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise LoadError(
            f"{option}: the URL must not hold a user name or password; "
            "give --user NAME and --password-env VAR"
        )
    return url


class HttpClient:
    """Sends requests to one store; counts the retries it made."""

    def __init__(
        self,
        credentials: Credentials | None = None,
        *,
        timeout: float = 300.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.retries = 0
        self.sleep = sleep
        self._challenges: dict[str, _Challenge] = {}
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._lock = threading.Lock()  # a load's sender thread and the load share the client

    # ------------------------------------------------------------------------------ requests

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        *,
        what: str,
        retry: bool = True,
    ) -> Response:
        """One request, retried on transient failures when ``retry``; LoadError on failure.

        ``what`` names the step for error messages (``"uploading chunk 3 of <g>"``).
        """
        with self._lock:
            return self._request(method, url, body, headers, what=what, retry=retry)

    def _request(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        *,
        what: str,
        retry: bool,
    ) -> Response:
        delays = self.retry.delays() if retry else iter(())
        attempt = 1
        while True:
            try:
                return self._checked(method, url, body, dict(headers or {}), what)
            except _TransientError as failure:
                delay = next(delays, None)
                if delay is None:
                    tries = f" ({attempt} attempts)" if attempt > 1 else ""
                    message = self.scrub(f"{what}: {failure.reason}{tries}")
                    raise TransientLoadError(message) from None
                self.retries += 1
                attempt += 1
                self.sleep(delay)

    def _checked(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], what: str
    ) -> Response:
        """One attempt (plus one more when the server asks to authenticate first)."""
        if self.credentials is not None and _key(url) not in self._challenges:
            self._fetch_challenge(url)
        self._authorize(method, url, headers)
        response = self._send(method, url, body, headers)
        if response.status == 401 and self.credentials is not None:
            # a first challenge, or a nonce the server no longer accepts: answer it once
            fresh = self._parse_challenge(response.headers)
            if fresh is not None:
                self._challenges[_key(url)] = fresh
                self._authorize(method, url, headers)
                response = self._send(method, url, body, headers)
        if 200 <= response.status < 300:
            return response
        raise self._failure(response, url, what)

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.read(), answer.headers)
        except urllib.error.HTTPError as err:
            try:
                content = err.read()
            except (OSError, http.client.HTTPException):
                content = b""
            return Response(err.code, content, err.headers)
        except urllib.error.URLError as err:
            raise _network(err.reason, where(url), self.timeout) from None
        except (OSError, http.client.HTTPException) as err:
            raise _network(err, where(url), self.timeout) from None

    def _failure(self, response: Response, url: str, what: str) -> Exception:
        status = response.status
        html = "html" in response.headers.get("Content-Type", "")
        text = _body_text(response.body, html=html)
        reason = f"HTTP {status} {http.client.responses.get(status, '')}".rstrip()
        detail = f": {text}" if text else ""
        if status in TRANSIENT_STATUS:
            return _TransientError(f"{where(url)} answered {reason}{detail}")
        if status == 401:
            if self.credentials is None:
                message = (
                    f"{what}: {where(url)} asks for a user name and password ({reason}); "
                    "give --user NAME and --password-env VAR"
                )
            else:
                message = (
                    f"{what}: authentication failed for user {self.credentials.user!r} at "
                    f"{where(url)} ({reason}); check the user name and password"
                )
            return LoadError(self.scrub(message))
        if status == 403:
            return LoadError(self.scrub(f"{what}: {where(url)} refused: permission denied "
                                        f"({reason}){detail}"))  # fmt: skip
        if 300 <= status < 400:
            target = response.headers.get("Location", "?")
            return LoadError(self.scrub(f"{what}: {where(url)} redirects to {where(target)}; "
                                        "give that URL instead"))  # fmt: skip
        return LoadError(self.scrub(f"{what}: {where(url)} refused the request ({reason}){detail}"))

    # ------------------------------------------------------------------------ authentication

    def _fetch_challenge(self, url: str) -> None:
        """A bodiless HEAD: its 401 carries the challenge the real request will answer."""
        response = self._send("HEAD", url, None, {})
        challenge = self._parse_challenge(response.headers) if response.status == 401 else None
        if challenge is not None:
            self._challenges[_key(url)] = challenge

    @staticmethod
    def _parse_challenge(headers: Message) -> _Challenge | None:
        offers = headers.get_all("WWW-Authenticate") or []
        basic = None
        for offer in offers:
            scheme, _, rest = offer.strip().partition(" ")
            params = {m[1].lower(): m[2] if m[2] is not None else m[3]
                      for m in _CHALLENGE_PARAM.finditer(rest)}  # fmt: skip
            params = {k: v.replace('\\"', '"') for k, v in params.items()}
            algorithm = params.get("algorithm", "MD5").upper()
            if scheme.lower() == "digest" and algorithm in _DIGESTS:
                return _Challenge("digest", params)
            if scheme.lower() == "basic":
                basic = _Challenge("basic", params)
        return basic

    def _authorize(self, method: str, url: str, headers: dict[str, str]) -> bool:
        """Add an Authorization header when a challenge for this URL is known."""
        challenge = self._challenges.get(_key(url))
        if challenge is None or self.credentials is None:
            return False
        user, password = self.credentials.user, self.credentials.password
        if challenge.scheme == "basic":
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            headers["Authorization"] = f"Basic {token}"
            return True
        p = challenge.params
        digest = _DIGESTS[p.get("algorithm", "MD5").upper()]
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        challenge.count += 1
        nc = f"{challenge.count:08x}"
        cnonce = os.urandom(8).hex()
        ha1 = digest(f"{user}:{p.get('realm', '')}:{password}")
        ha2 = digest(f"{method}:{uri}")
        fields = {"username": user, "realm": p.get("realm", ""), "nonce": p.get("nonce", ""),
                  "uri": uri}  # fmt: skip
        if "auth" in [q.strip() for q in p.get("qop", "").split(",")]:
            fields["response"] = digest(f"{ha1}:{fields['nonce']}:{nc}:{cnonce}:auth:{ha2}")
            fields |= {"qop": "auth", "nc": nc, "cnonce": cnonce}
        else:
            fields["response"] = digest(f"{ha1}:{fields['nonce']}:{ha2}")
        if "opaque" in p:
            fields["opaque"] = p["opaque"]
        if "algorithm" in p:
            fields["algorithm"] = p["algorithm"]
        bare = ("qop", "nc", "algorithm")
        headers["Authorization"] = "Digest " + ", ".join(
            f"{k}={v}" if k in bare else f'{k}="{_quoted(v)}"' for k, v in fields.items()
        )
        return True

    # ------------------------------------------------------------------------------ messages

    def scrub(self, text: str) -> str:
        """``text`` with every form of the password replaced by ``***``."""
        if self.credentials is None or not self.credentials.password:
            return text
        user, password = self.credentials.user, self.credentials.password
        forms = {
            password,
            urllib.parse.quote(password, safe=""),
            urllib.parse.quote_plus(password),
            base64.b64encode(f"{user}:{password}".encode()).decode("ascii"),
        }
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
        return text


def _digest_md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _digest_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DIGESTS: Final[dict[str, Callable[[str], str]]] = {"MD5": _digest_md5, "SHA-256": _digest_sha256}


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _key(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _network(reason: object, url: str, timeout: float) -> _TransientError | LoadError:
    """A failure below HTTP: transient (refused, reset, timed out) or not (no such host)."""
    if isinstance(reason, socket.gaierror):
        return LoadError(f"cannot reach {url}: unknown host")
    if isinstance(reason, TimeoutError | socket.timeout):
        return _TransientError(f"{url} did not answer within {timeout:g} s")
    if isinstance(reason, ConnectionRefusedError):
        return _TransientError(f"cannot reach {url}: connection refused")
    if isinstance(reason, ConnectionError | http.client.HTTPException):
        return _TransientError(f"{url}: connection lost ({type(reason).__name__})")
    if isinstance(reason, OSError):
        return _TransientError(f"{url}: network error ({reason.strerror or type(reason).__name__})")
    return _TransientError(f"{url}: network error ({type(reason).__name__})")


def _body_text(body: bytes, *, html: bool, limit: int = 300) -> str:
    """The gist of an error body (plain text, or HTML without its tags) on one line."""
    text = body.decode("utf-8", "replace")
    text = " ".join((_TAGS.sub(" ", text) if html else text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
