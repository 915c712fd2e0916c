"""The Starlette application of ``olygraph serve``.

Routes: ``/`` (Games and events), ``/search?q=``, ``/query`` (the named queries of ``queries/``
ready to run, or any SPARQL query, as HTML tables), ``/sparql`` (the SPARQL 1.1 Protocol, see
:mod:`olygraph.serve.sparql`), ``/static/style.css``, and one page per node minted under the
base (see :mod:`olygraph.serve.render`): HTML for browsers, its triples for ``Accept:
text/turtle``, ``application/n-triples`` or ``application/ld+json`` (or ``?format=ttl|nt|jsonld``),
always with ``Vary: Accept``. Nothing else is served: no path reaches the file system except
the fixed list of static files.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from functools import partial
from importlib.resources import files
from typing import Any, Final
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from olygraph.query.named import QueryError, bundled
from olygraph.query.results import Rows, Verdict, cell_text
from olygraph.query.run import run as run_named
from olygraph.serve import pages, sparql
from olygraph.serve.data import Served
from olygraph.serve.render import STATIC, Links, iri_of, prefix_of, render

TRIPLE_TYPES: Final = ("text/turtle", "application/n-triples", "application/ld+json")
PAGE_TYPES: Final = ("text/html", "application/xhtml+xml", *TRIPLE_TYPES)
FORMAT_PARAM: Final = {"ttl": "text/turtle", "nt": "application/n-triples",
                       "jsonld": "application/ld+json"}  # fmt: skip


class PageCache:
    """The HTML of the pages asked for last, at most ``size`` of them (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[str, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self.lock:
            if key in self.pages:
                self.pages.move_to_end(key)
                return self.pages[key]
        return None

    def put(self, key: str, text: str) -> str:
        with self.lock:
            self.pages[key] = text
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)
        return text


def html(page: pages.Page, links: Links, status: int = 200) -> HTMLResponse:
    return HTMLResponse(render(page.template, links, page.title, page.context), status)


def error(links: Links, status: int, title: str, message: str) -> HTMLResponse:
    return html(pages.Page("error.html", title, {"message": message}), links, status)


def node_triples(served: Served, iri: str, media: str) -> bytes:
    """The node's statements (the union graph): subject ``iri``."""
    found = served.store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in found]
    return sparql.serialize_triples(triples, media)


def create_app(
    served: Served, limits: sparql.Limits | None = None, page_cache: int = 4096
) -> Starlette:
    """The application answering from ``served``; the HTML of the last ``page_cache`` pages
    asked for is kept (the data does not change while it is served)."""
    links = Links(served.base)
    limits = limits or sparql.Limits()
    cache: dict[str, str] = {}
    rendered = PageCache(page_cache)

    def home(request: Request) -> Response:
        if "home" not in cache:  # the data never changes while serving
            page = pages.home_page(served)
            cache["home"] = render(page.template, links, page.title, page.context)
        return HTMLResponse(cache["home"])

    def search(request: Request) -> Response:
        page = pages.search_page(served, request.query_params.get("q", ""))
        page.context["q"] = page.context["q"]
        return html(page, links)

    def node(request: Request) -> Response:
        iri = iri_of(served.base, request.url.path)
        kind = pages.kind_of(served, iri) if iri else None
        vary = {"Vary": "Accept"}
        if iri is None or kind is None:
            return error(links, 404, "Not found", "No node of the graph has this address.")
        fmt = request.query_params.get("format")
        media = FORMAT_PARAM.get(fmt or "") or sparql.accepted(
            request.headers.get("accept", "text/html"), PAGE_TYPES
        )
        if media in TRIPLE_TYPES:
            return Response(node_triples(served, iri, media), media_type=media, headers=vary)
        if media is None:
            return PlainTextResponse(
                f"406: this node is given as {', '.join(PAGE_TYPES)}", 406, headers=vary
            )
        text = rendered.get(iri)
        if text is None:
            page = pages.page_for(served, iri, kind)
            text = rendered.put(iri, render(page.template, links, page.title, page.context))
        return HTMLResponse(text, headers=vary)

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse("404: no such file", 404)
        text = files("olygraph.serve").joinpath("static", name).read_text(encoding="utf-8")
        return Response(text, media_type="text/css")

    async def endpoint(request: Request) -> Response:
        headers = {
            "Olygraph-Row-Limit": str(limits.max_rows),
            "Olygraph-Time-Limit": f"{limits.timeout:g} s",
            "Vary": "Accept",
        }
        try:
            text = await _query_text(request)
            loop = asyncio.get_running_loop()
            call = partial(sparql.run, served.store, text, request.headers.get("accept", ""),
                           limits)  # fmt: skip
            try:
                answer = await asyncio.wait_for(loop.run_in_executor(None, call),
                                                limits.timeout + 1)  # fmt: skip
            except TimeoutError:
                raise sparql.RefusedError(
                    503, f"the query gave no answer within the time limit of {limits.timeout:g} s"
                ) from None
        except sparql.RefusedError as refused:
            return PlainTextResponse(f"{refused.status}: {refused.message}\n", refused.status,
                                     headers=headers)  # fmt: skip
        if answer.truncated:
            headers["Olygraph-Truncated"] = answer.truncated
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    def query_page(request: Request) -> Response:
        return html(_query_page(served, limits, dict(request.query_params)), links)

    routes = [
        Route("/", home),
        Route("/search", search),
        Route("/sparql", endpoint, methods=["GET", "POST"]),
        Route("/query", query_page),
        Route("/static/{name}", static),
        Route(prefix_of(served.base) + "{path:path}", node),
    ]
    return Starlette(routes=routes)


async def _query_text(request: Request) -> str:
    """The query of a SPARQL Protocol request; RefusedError for updates and malformed requests."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "GET":
        params = request.query_params
        if "update" in params:
            raise sparql.RefusedError(403, "this endpoint is read-only: updates are refused")
        text = params.get("query")
    elif ctype == "application/sparql-update":
        raise sparql.RefusedError(403, "this endpoint is read-only: updates are refused")
    elif ctype == "application/sparql-query":
        text = (await request.body()).decode("utf-8", errors="replace")
    elif ctype == "application/x-www-form-urlencoded":
        body = (await request.body()).decode("utf-8", errors="replace")
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise sparql.RefusedError(403, "this endpoint is read-only: updates are refused")
        text = form.get("query", [""])[0]
    else:
        raise sparql.RefusedError(415, "POST a form (query=…) or an application/sparql-query body")
    if not text:
        raise sparql.RefusedError(400, "no query: give query=…")
    return text


def _query_page(served: Served, limits: sparql.Limits, params: dict[str, str]) -> pages.Page:
    """The query page: every named query with a form for its parameters; the result of the
    one asked for (``name=`` and its parameters) or of a SPARQL text (``query=``)."""
    queries = bundled()
    name = params.pop("name", None)
    text = params.pop("query", None)
    context: dict[str, Any] = {"queries": list(queries.values()), "name": name, "params": params}
    try:
        if name is not None:
            if name not in queries:
                raise QueryError(f"unknown query {name!r}")
            given = {k: v for k, v in params.items() if v.strip()}
            answer = run_named(queries[name], served.engine(), given, served.base)
            context["text"] = queries[name].text
            context |= _table(answer.result, served.base)
        elif text is not None:
            context["text"] = text
            done = sparql.execute(served.store, text, limits)
            context |= _table(done.result, served.base) | {"truncated": done.truncated}
    except (QueryError, sparql.RefusedError) as err:
        context["error"] = getattr(err, "message", None) or str(err)
    return pages.Page("query.html", "Query", context)


def _table(result: object, base: str) -> dict[str, Any]:
    if isinstance(result, Rows):
        rows = [[(cell_text(t, base), str(t) if t is not None else None) for t in row]
                for row in result.rows]  # fmt: skip
        return {"columns": result.variables, "rows": rows}
    if isinstance(result, Verdict):
        return {"columns": ("answer",), "rows": [[(str(result.value).lower(), None)]]}
    if isinstance(result, list):
        data = sparql.serialize_triples(result, "text/turtle").decode()
        return {"turtle": data}
    return {}
