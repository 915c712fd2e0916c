"""Pages as HTML: Jinja2 templates (autoescaped: a value from an article is always text) and
the links between pages, absolute on the server, relative in a static site.

A node minted under the base ``B`` has its page at the path of its IRI under ``B``'s own path:
with ``--base http://127.0.0.1:8000/id/`` the IRI ``…/id/event/…`` is the address of its page
(dereferenceable); with the default base ``https://w3id.org/olygraph/id/`` the page of
``…/id/noc/DEN`` is ``/olygraph/id/noc/DEN`` on the server. A static site writes each page as
``<that path>/index.html``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, unquote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from olygraph.query.results import cell_text
from olygraph.serve.pages import local, medal_word
from olygraph.vocab import PREFIXES

_SAFE: Final = "/-_.~!$&'()*+,;=:@"
STATIC: Final = ("style.css",)


def prefix_of(base: str) -> str:
    """The server path under which the pages of the nodes minted under ``base`` live."""
    path = urlsplit(base).path or "/"
    return path if path.endswith("/") else path + "/"


def node_path(base: str, iri: str) -> str | None:
    """The server path of the page of ``iri``; None when it is not minted under ``base`` or
    its path could step outside (``.``/``..`` segments, a query or fragment)."""
    if not iri.startswith(base) or len(iri) == len(base):
        return None
    rest = iri[len(base) :]
    if "?" in rest or "#" in rest or any(s in ("", ".", "..") for s in rest.split("/")):
        return None
    return prefix_of(base) + quote(rest, safe=_SAFE)


def iri_of(base: str, path: str) -> str | None:
    """The IRI whose page is at the server ``path`` (the inverse of :func:`node_path`)."""
    prefix = prefix_of(base)
    if not path.startswith(prefix):
        return None
    iri = base + unquote(path[len(prefix) :])
    return iri if node_path(base, iri) is not None else None


@dataclass(frozen=True, slots=True)
class Links:
    """How a page links: ``static`` gives links relative to the page at ``here``."""

    base: str
    static: bool = False
    here: str = "/"
    only: frozenset[str] | None = None  # the nodes that have a page (a static site)

    def url(self, path: str) -> str:
        if not self.static:
            return path
        here = self.here if self.here.endswith("/") else self.here + "/"
        if path.startswith("/static/"):  # a file; every other path is a page (a directory)
            return posixpath.relpath(path, here)
        target = path if path.endswith("/") else path + "/"
        return posixpath.relpath(target, here) + "/index.html"

    def href(self, iri: str | None) -> str | None:
        if self.only is not None and iri not in self.only:
            return None
        path = node_path(self.base, iri) if iri else None
        return None if path is None else self.url(path)

    def link(self, iri: str | None, text: Any = None) -> Markup:
        """``<a href=…>text</a>`` for a node that has a page, else the text; both escaped."""
        shown = text if text not in (None, "") else self.short(iri)
        href = self.href(iri)
        if href is None:
            return escape(shown)
        return Markup('<a href="{}">{}</a>').format(href, shown)

    def short(self, iri: str | None) -> str:
        if not iri:
            return ""
        if iri.startswith(self.base):
            return iri[len(self.base) :]
        for prefix, ns in PREFIXES:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("olygraph.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local"] = local
    env.filters["medal"] = medal_word
    env.filters["cell"] = lambda v: cell_text(v, "") if v is not None else ""
    return env


_ENV: Environment | None = None


def render(template: str, links: Links, title: str, context: dict[str, Any]) -> str:
    global _ENV
    if _ENV is None:
        _ENV = environment()
    return _ENV.get_template(template).render(
        context, title=title, L=links, url=links.url, link=links.link, static=links.static
    )
