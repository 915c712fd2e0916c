"""Serialise a dataset deterministically, and write files atomically (temp file + rename)."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Final
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from olygraph.errors import InputError, UsageError
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


def is_special(path: Path) -> bool:
    """Whether ``path`` is a device, pipe or socket (``-o /dev/null``, ``-o /dev/stdout``): it
    is written into directly, since renaming a file onto it would replace it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _destination(path: Path) -> tuple[Path, int]:
    """The directory a temporary file for ``path`` goes into (it must exist), and the mode the
    result gets: the existing file's, or 0666 less the umask for a new one."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise InputError(str(path), "cannot write: the directory does not exist")
    try:
        return directory, stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return directory, 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same directory and a rename.

    A new file gets the usual mode (0666 less the umask); an existing file keeps its mode.
    Failures (no such directory, no permission, disk full) are input errors naming the file.
    A device or pipe is written into directly (:func:`is_special`).
    """
    if is_special(path):
        try:
            with path.open("wb") as fh:
                fh.write(data)
        except OSError as err:
            raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
        return
    directory, mode = _destination(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as err:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        raise


@contextlib.contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file to stream into, renamed onto ``path`` only when the block ends normally.

    Like :func:`write_atomic` for output too big to hold in memory: on any exception (or
    exit) inside the block the temporary file is removed and ``path`` stays as it was. The
    file's ``name`` is the temporary path, so the block can read back what it wrote. A device
    or pipe is written into directly (:func:`is_special`).
    Unlike :func:`write_atomic` it does not fsync: for a 700 MB export that would wait seconds
    for the disk, and the rename alone already means readers see the old file or the whole
    new one, never half of it.
    """
    if is_special(path):
        try:
            with path.open("wb", buffering=1 << 20) as fh:
                yield fh
        except OSError as err:
            raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
        return
    directory, mode = _destination(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        os.close(fd)
    except OSError as err:
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
    try:
        with Path(tmp).open("wb", buffering=1 << 20) as fh:  # fh.name: the temporary path
            yield fh
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as err:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
