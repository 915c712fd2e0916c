"""``olygraph site``: the pages of ``olygraph serve`` as a static site (relative links, no
server needed), written atomically: built in a new directory beside the target, then swapped in.

Written: ``index.html`` (Games and events), ``static/style.css``, and one
``<path of the node's IRI under the base>/index.html`` per node minted under the base. There is
no search box, query page or SPARQL endpoint in a static site, and a link goes only to a page that
was written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from olygraph.errors import InputError
from olygraph.serve import pages
from olygraph.serve.data import Served
from olygraph.serve.render import STATIC, Links, node_path, render


@dataclass(frozen=True, slots=True)
class SiteReport:
    pages: int
    out: Path


def nodes(served: Served) -> list[str]:
    """Every subject of the union graph minted under the base, sorted."""
    found = {
        q.subject.value
        for q in served.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(served.base)
    }
    return sorted(i for i in found if node_path(served.base, i) is not None)


def write_site(
    served: Served, out: Path, say: Callable[[str], None] = lambda _: None
) -> SiteReport:
    """Write the site into ``out`` (replaced as a whole, only once complete)."""
    parent = out.resolve().parent
    if not parent.is_dir():
        raise InputError(str(out), "the directory to write into does not exist")
    if out.exists() and not out.is_dir():
        raise InputError(str(out), "exists and is not a directory")
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    try:
        build.chmod(0o755)  # mkdtemp makes it private; a site is for reading
        count = _write_pages(served, build, say)
        _swap(build, out.resolve())
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return SiteReport(count, out)


def _write_pages(served: Served, root: Path, say: Callable[[str], None]) -> int:
    iris = nodes(served)
    written = frozenset(iris)
    (root / "static").mkdir()
    for name in STATIC:
        text = files("olygraph.serve").joinpath("static", name).read_text(encoding="utf-8")
        (root / "static" / name).write_text(text, encoding="utf-8")
    home = pages.home_page(served)
    _write(root, "/", render(home.template, _links(served, "/", written), home.title, home.context))
    for n, iri in enumerate(iris, 1):
        path = node_path(served.base, iri)
        kind = pages.kind_of(served, iri)
        if path is None or kind is None:
            continue
        page = pages.page_for(served, iri, kind)
        _write(root, path, render(page.template, _links(served, path, written), page.title,
                                  page.context))  # fmt: skip
        if n % 500 == 0:
            say(f"{n:,} of {len(iris):,} pages written")
    return len(iris) + 1


def _links(served: Served, here: str, written: frozenset[str]) -> Links:
    return Links(served.base, static=True, here=here, only=written)


def _write(root: Path, path: str, text: str) -> None:
    target = (root / unquote(path).lstrip("/") / "index.html").resolve()
    if not target.is_relative_to(root.resolve()):  # node_path allows no '..'; checked again
        raise InputError(path, "a page path outside the site")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _swap(build: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    build.rename(out)
    shutil.rmtree(old, ignore_errors=True)
