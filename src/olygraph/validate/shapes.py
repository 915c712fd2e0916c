"""User shapes files read as SHACL processors read them: relative IRIs resolved against the
file's location, ``owl:imports`` of local files followed, and ``sh:prefixes`` declarations
gathered through ``owl:imports`` (so that both engines see the same prefixes).

Nothing goes to the network: an import of an ``http(s):`` IRI that the loaded shapes do not
describe themselves is not fetched; :class:`LoadedShapes` says so (``notes``), so that the caller
can tell the user. An import of a local file that does not exist is an :class:`InputError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import Graph, URIRef
from rdflib.term import Node

from olygraph.errors import InputError
from olygraph.vocab import OWL, SH

__all__ = ["LoadedShapes", "file_iri", "follow_prefixes", "load_shapes"]


@dataclass(frozen=True, slots=True)
class LoadedShapes:
    """The shapes of the given files and their local imports, merged; ``notes`` names each
    import that was not followed (and why)."""

    graph: Graph
    notes: tuple[str, ...] = ()


def file_iri(path: Path) -> str:
    """The base IRI of a file: its absolute ``file:`` IRI (as rdflib gives it by default)."""
    return path.absolute().as_uri()


def load_shapes(paths: Sequence[Path]) -> LoadedShapes:
    """Read shapes files (format by extension) and the local files they ``owl:imports``."""
    from olygraph.write.rdf import load_rdf

    graph = Graph()
    remote: list[tuple[Path, URIRef]] = []
    done: set[str] = set()
    todo: list[tuple[Path, str | None]] = [(p, None) for p in paths]
    while todo:
        path, importer = todo.pop(0)
        iri = file_iri(path)
        if iri in done:
            continue
        done.add(iri)
        if importer is not None and not path.is_file():
            raise InputError(importer, f"owl:imports <{iri}>: no such file")
        part = load_rdf(path)
        graph += part
        for target in sorted(set(part.objects(None, OWL.imports)), key=str):
            local = _local(target, path)
            if local is not None:
                todo.append((local, str(path)))
            elif isinstance(target, URIRef):
                remote.append((path, target))
    notes = tuple(
        f"{path}: owl:imports <{target}> not followed (olygraph reads nothing from the "
        "network; give that file to --shapes instead)"
        for path, target in remote
        if not _described(graph, target)
    )
    return LoadedShapes(graph, notes)


def _local(target: Node, importer: Path) -> Path | None:
    """The file an ``owl:imports`` value names, if it is a ``file:`` IRI."""
    if not isinstance(target, URIRef):
        return None
    parsed = urlparse(str(target))
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path)) if parsed.path else importer


def _described(graph: Graph, target: Node) -> bool:
    """Whether the loaded shapes describe ``target`` themselves (an ontology declared in the
    same file: nothing to fetch)."""
    return (target, None, None) in graph


def follow_prefixes(shapes: Graph) -> Graph:
    """``shapes``, with the prefix declarations that SHACL gathers for each ``sh:prefixes``
    value through ``owl:imports`` added to that value as its own ``sh:declare`` (a copy when
    there is anything to add; pySHACL only reads a value's own declarations)."""
    added: list[tuple[Node, Node]] = []
    for source in set(shapes.objects(None, SH.prefixes)):
        own = set(shapes.objects(source, SH.declare))
        for imported in _imports(shapes, source):
            added += [(source, d) for d in shapes.objects(imported, SH.declare) if d not in own]
    if not added:
        return shapes
    out = Graph()
    out += shapes
    for prefix, ns in shapes.namespace_manager.namespaces():
        out.bind(prefix, ns, override=False)
    for source, dec in added:
        out.add((source, SH.declare, dec))
    return out


def _imports(shapes: Graph, start: Node) -> Iterable[Node]:
    """The nodes ``start`` reaches through one or more ``owl:imports``."""
    seen: set[Node] = set()
    todo = list(shapes.objects(start, OWL.imports))
    while todo:
        node = todo.pop()
        if node in seen or node == start:
            continue
        seen.add(node)
        yield node
        todo += list(shapes.objects(node, OWL.imports))
