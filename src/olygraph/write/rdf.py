"""Serialise a dataset deterministically, and write files atomically (temp file + rename)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape, quoteattr

import rdflib
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from olygraph.errors import InputError, UsageError, missing_file
from olygraph.vocab import PREFIXES

#: CLI format name → (rdflib serializer, file extension, keeps named graphs)
FORMATS: Final[dict[str, tuple[str, str, bool]]] = {
    "ttl": ("turtle", "ttl", False),
    "nt": ("nt", "nt", False),
    "nq": ("nquads", "nq", True),
    "trig": ("trig", "trig", True),
    "jsonld": ("json-ld", "jsonld", False),
    "xml": ("xml", "rdf", False),
}
#: file extension → rdflib parser, for reading RDF back
PARSERS: Final[dict[str, str]] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def format_of(path: Path | None) -> str | None:
    """The export format (a key of :data:`FORMATS`) a file's extension names, if any."""
    parser = PARSERS.get(path.suffix.lower()) if path is not None else None
    return next((fmt for fmt, (name, _, _) in FORMATS.items() if name == parser), None)


class _Qnames(NamespaceManager):
    """rdflib's prefix lookup, with a fast "no prefix" for an IRI under no bound namespace.

    rdflib's Turtle serialiser asks for a prefixed name of every subject and object; rdflib
    files the namespace of each IRI it was asked about in a trie, whether a prefix is bound to
    it or not, and searches the trie linearly: with one namespace per result row
    (``…/result/17/``) that made Turtle quadratic in the rows of a table (2,000 rows: most of a
    minute). An IRI that no bound namespace starts with has no prefixed name anyway."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph, bind_namespaces="none")
        self._bound: tuple[str, ...] = ()

    def bind(self, prefix: str | None, namespace: Any, *args: Any, **kwargs: Any) -> None:
        super().bind(prefix, namespace, *args, **kwargs)
        self._bound = tuple(str(ns) for _, ns in self.namespaces())

    def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
        if not generate and not str.startswith(uri, self._bound):  # URIRef.startswith: slow
            raise KeyError(f"No known prefix for {uri} and generate=False")
        return super().compute_qname(uri, generate)


def _graph(prefixes: Sequence[tuple[str, str]]) -> Graph:
    g = Graph(bind_namespaces="none")
    g.namespace_manager = _Qnames(g)
    for prefix, ns in prefixes:
        g.bind(prefix, ns, override=True, replace=True)
    return g


def union_graph(ds: Dataset, prefixes: Sequence[tuple[str, str]] = PREFIXES) -> Graph:
    """All named graphs as one graph (the default graph of the single-graph formats)."""
    g = _graph(prefixes)
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    g.addN((s, p, o, g) for s, p, o in sorted(triples, key=lambda t: tuple(map(_key, t))))
    return g


def _key(term: object) -> str:
    return f"{term!r}"


def serialize(ds: Dataset, fmt: str, prefixes: Sequence[tuple[str, str]] = PREFIXES) -> bytes:
    """Bytes of ``ds`` in ``fmt`` (a FORMATS key). Same dataset → same bytes. ``prefixes``: the
    prefixes to declare (the Wikidata profile declares the Wikibase ones)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    name, _, named = FORMATS[fmt]
    target: Graph | Dataset = ds if named else union_graph(ds, prefixes)
    if fmt in ("nt", "nq"):
        text = target.serialize(format=name, encoding="utf-8")
        lines = sorted({line for line in text.decode("utf-8").split("\n") if line.strip()})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if fmt == "jsonld":
        raw = target.serialize(format=name, encoding="utf-8")
        return (json.dumps(_sorted_json(json.loads(raw)), indent=2, sort_keys=True) + "\n").encode()
    if fmt == "trig":
        return _trig(ds, prefixes)
    if fmt == "xml":
        assert isinstance(target, Graph)
        return _rdfxml(target)
    return target.serialize(format=name, encoding="utf-8")


def _sorted_json(value: Any) -> Any:
    """JSON-LD arrays are unordered sets of values (no @list here): give them one order."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _rdfxml(g: Graph) -> bytes:
    """Flat RDF/XML, one rdf:Description per subject, everything in sorted order.

    rdflib's writer orders subjects and namespace declarations by set iteration, which
    changes with PYTHONHASHSEED; this one does not.
    """
    nm = g.namespace_manager
    used: dict[str, str] = {"rdf": str(RDF)}
    rows: dict[str, list[str]] = {}
    for s, p, o in g:
        prefix, ns, local = nm.compute_qname_strict(str(p))
        used[prefix] = str(ns)
        node_id = f'rdf:nodeID="{s}"'
        about = node_id if isinstance(s, BNode) else f"rdf:about={quoteattr(str(s))}"
        if isinstance(o, Literal):
            attrs = ""
            if o.language:
                attrs = f" xml:lang={quoteattr(o.language)}"
            elif o.datatype:
                attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
            element = f"<{prefix}:{local}{attrs}>{escape(str(o))}</{prefix}:{local}>"
        elif isinstance(o, BNode):
            element = f'<{prefix}:{local} rdf:nodeID="{o}"/>'
        else:
            element = f"<{prefix}:{local} rdf:resource={quoteattr(str(o))}/>"
        rows.setdefault(about, []).append(element)
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    out += [f"   xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(used.items())]
    out[-1] += ">"
    for about in sorted(rows):
        out.append(f"  <rdf:Description {about}>")
        out += [f"    {element}" for element in sorted(rows[about])]
        out.append("  </rdf:Description>")
    out.append("</rdf:RDF>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _trig(ds: Dataset, prefixes: Sequence[tuple[str, str]] = PREFIXES) -> bytes:
    """TriG with the named graphs in IRI order (rdflib writes them in set order)."""
    out = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in prefixes]
    out.append("")
    for graph in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        g = _graph(prefixes)
        g.addN((s, p, o, g) for s, p, o in sorted(graph, key=lambda t: tuple(map(_key, t))))
        body = g.serialize(format="turtle")
        lines = [ln for ln in body.split("\n") if not ln.startswith("@prefix")]
        while lines and not lines[0].strip():
            lines.pop(0)
        out.append(f"<{graph.identifier}> {{")
        out.extend(f"    {ln}" if ln else "" for ln in lines)
        out.append("}")
        out.append("")
    return "\n".join(out).encode("utf-8")


def load_rdf(path: Path) -> Graph:
    """An RDF file as one graph (named graphs merged); the format comes from the extension,
    relative IRIs resolve against the file's own ``file:`` IRI, literals keep their lexical
    form (see :func:`_as_written`)."""
    fmt = PARSERS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(PARSERS))
        raise InputError(str(path), f"unknown RDF file extension; expected one of {known}")
    if not path.is_file():
        raise missing_file(path)
    target: Graph = Dataset() if fmt in ("trig", "nquads") else Graph()
    try:
        with _as_written():
            target.parse(path, format=fmt, publicID=path.absolute().as_uri())
    except Exception as err:  # rdflib raises many parser-specific exception types
        raise InputError(str(path), f"not valid {fmt}: {err}") from err
    return as_graph(target)


@contextlib.contextmanager
def _as_written() -> Iterator[None]:
    """Literals keep their lexical form while a file is parsed: rdflib would otherwise write
    ``"1"^^xsd:boolean`` as ``"true"`` and the ill-typed ``"none"^^xsd:boolean`` as ``"false"``
    (both still compare by value, and an ill-typed literal stays ill-typed). rdflib's switch is
    a module global: parsing is not meant to run in several threads at once here."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def as_graph(data: Graph) -> Graph:
    """A plain graph: a Dataset's named graphs (and default graph) merged into one."""
    if isinstance(data, Dataset):
        merged = Graph()
        merged.addN((s, p, o, merged) for s, p, o, _ in data.quads((None, None, None, None)))
        return merged
    return data
