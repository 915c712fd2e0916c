"""Serialise a dataset deterministically, and write files atomically (temp file + rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Final

from rdflib import Dataset, Graph

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


def union_graph(ds: Dataset) -> Graph:
    """All named graphs as one graph (the default graph of the single-graph formats)."""
    g = Graph()
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    for t in sorted(triples, key=lambda t: tuple(map(_key, t))):
        g.add(t)
    return g


def _key(term: object) -> str:
    return f"{term!r}"


def serialize(ds: Dataset, fmt: str) -> bytes:
    """Bytes of ``ds`` in ``fmt`` (a FORMATS key). Same dataset → same bytes."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    name, _, named = FORMATS[fmt]
    target: Graph | Dataset = ds if named else union_graph(ds)
    if fmt in ("nt", "nq"):
        text = target.serialize(format=name, encoding="utf-8")
        lines = sorted({line for line in text.decode("utf-8").splitlines() if line.strip()})
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if fmt == "jsonld":
        return target.serialize(format=name, encoding="utf-8", sort_keys=True, indent=2)
    return target.serialize(format=name, encoding="utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same directory and a rename."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise InputError(str(path), "cannot write: the directory does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
