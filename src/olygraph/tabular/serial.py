"""Streaming RDF writers for the six export formats, fed one subject block at a time.

A producer (the dataset readers, or :func:`olygraph.tabular.stream.feed_dataset` for an
article dataset) asks the writer for *tokens* — an IRI, a string, an integer… already written
in the writer's syntax — and for *pairs* made of a predicate and an object token, caches the
ones it reuses (a participation shares most of its pairs with others: its event, its NOC, its
age…), and hands over blocks: one subject with its pairs. A pair is opaque to the producer:
the line formats render it once as ``"p o"``, so a block costs one ``join``. Nothing here
builds an rdflib term: the exporter writes millions of triples and must stay a tight string
writer (docs/history-model.md, issue 6).

The formats stay faithful to their specifications:

- N-Triples / N-Quads: one triple per line (N-Quads with the current named graph);
- Turtle: the ``@prefix`` header, then one block per subject (``;``-separated predicates);
  data IRIs are written in full, since a prefixed name for ``…/id/event/1928-summer/…`` would
  need escapes; ontology terms are prefixed names; integers and decimals are bare numbers;
- TriG: Turtle blocks inside ``<graph> { … }``;
- JSON-LD: one streamed ``{"@context": …, "@graph": [ … ]}`` document, one node object per
  block;
- RDF/XML: flat ``rdf:Description`` elements.

The same blocks in the same order give the same bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import IO, BinaryIO, ClassVar, Final, cast

from olygraph.vocab import PREFIXES, RDF, XSD

RDF_TYPE: Final = str(RDF.type)
XSD_NS: Final = str(XSD)
XSD_INTEGER: Final = XSD_NS + "integer"
XSD_DECIMAL: Final = XSD_NS + "decimal"
XSD_STRING: Final = XSD_NS + "string"
XSD_BOOLEAN: Final = XSD_NS + "boolean"

#: a (predicate, object) pair as a writer renders it: ``"p o"`` for the line formats, a tuple
#: for JSON-LD (which groups by predicate), a whole element for RDF/XML
Pair = str | tuple[str, str]

_FLUSH_AT = 512  # blocks per write: a few hundred kB per chunk
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_BARE_INTEGER = re.compile(r"[+-]?[0-9]+")
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def split_iri(iri: str) -> tuple[str, str] | None:
    """``(prefix, local)`` for an IRI in a namespace of ``vocab.PREFIXES`` with a simple
    local name, else None."""
    for prefix, ns in PREFIXES:
        if iri.startswith(ns):
            local = iri[len(ns) :]
            if LOCAL_NAME.fullmatch(local):
                return prefix, local
    return None


def copy_span(src: IO[bytes], offset: int, length: int, out: BinaryIO) -> None:
    """Copy ``length`` bytes at ``offset`` of ``src`` to ``out``: by ``os.sendfile`` when both
    are files of the system, else through memory."""
    try:
        out_fd, src_fd = out.fileno(), src.fileno()
    except (AttributeError, OSError, ValueError):  # io.BytesIO, a wrapped stream
        out_fd = src_fd = -1
    if out_fd >= 0:
        out.flush()
        try:
            while length > 0:
                sent = os.sendfile(out_fd, src_fd, offset, length)
                if sent == 0:
                    break
                offset += sent
                length -= sent
        except OSError:  # not supported between these two: copy through memory
            pass
        if length == 0:
            return
    src.seek(offset)
    while length > 0:
        chunk = src.read(min(length, 1 << 20))
        if not chunk:
            raise OSError(f"the spill ended {length} bytes early")
        out.write(chunk)
        length -= len(chunk)


def _quote(value: str) -> str:
    """A short string literal body as N-Triples and Turtle write it."""
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        value = value.translate(_NT_ESCAPES)
    return f'"{value}"'


class StreamWriter:
    """Base of the writers: buffering, counting, and the token interface producers use."""

    name: ClassVar[str]
    #: whether the format keeps named graphs (N-Quads, TriG): producers split their triples
    #: into finer graphs only then (:meth:`use_graph`)
    keeps_graphs: ClassVar[bool] = False

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._buf: list[str] = []
        self.flush_at = _FLUSH_AT  # blocks kept before they are written
        self.triples = 0
        self.graph: str | None = None

    # --- tokens ---------------------------------------------------------------------------
    def subject(self, iri: str) -> str:
        return f"<{iri}>"

    def iri(self, iri: str) -> str:
        """An IRI in object position (data IRIs: written in full)."""
        return f"<{iri}>"

    def vocab(self, iri: str) -> str:
        """An ontology term in object position (a class, a medal individual)."""
        return f"<{iri}>"

    def pred(self, iri: str) -> str:
        return f"<{iri}>"

    def type_object(self, iri: str) -> str:
        """The class of an ``rdf:type`` pair."""
        return self.vocab(iri)

    def blank(self, label: str) -> str:
        return f"_:{label}"

    def blank_object(self, label: str) -> str:
        return self.blank(label)

    def string(self, value: str) -> str:
        return _quote(value)

    def integer(self, lexical: str) -> str:
        return f'"{lexical}"^^<{XSD_INTEGER}>'

    def decimal(self, lexical: str) -> str:
        return f'"{lexical}"^^<{XSD_DECIMAL}>'

    def literal(self, value: str, datatype: str | None = None, lang: str | None = None) -> str:
        """Any literal (the article path): language-tagged, typed, or a plain string."""
        if lang:
            return f"{_quote(value)}@{lang}"
        if datatype is None or datatype == XSD_STRING:
            return self.string(value)
        return f"{_quote(value)}^^<{datatype}>"

    # --- structure ------------------------------------------------------------------------
    def start(self) -> None:
        """Write what comes before the first block."""

    def start_graph(self, graph: str) -> None:
        """Following blocks belong to the named graph ``graph`` (kept by TriG and N-Quads)."""
        self.graph = graph

    def end_graph(self) -> None:
        self.graph = None

    def use_graph(self, graph: str) -> None:
        """Between :meth:`start_graph` and :meth:`end_graph`: following blocks go to ``graph``
        instead (a graph may be used again later; TriG then reopens its block)."""
        self.graph = graph

    def pair(self, pred: str, obj: str) -> Pair:
        return f"{pred} {obj}"

    def integer_pairs(self, pred: str) -> Callable[[int], Pair]:
        """A fast maker of ``pred <integer>`` pairs (a line number per row)."""
        if type(self).pair is StreamWriter.pair and type(self).integer is StreamWriter.integer:
            return lambda n: f'{pred} "{n}"^^<{XSD_INTEGER}>'
        return lambda n: self.pair(pred, self.integer(str(n)))

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Write what comes after the last block, and flush."""
        self.flush()

    def raw(self, data: bytes, triples: int) -> None:
        """Bytes rendered elsewhere by a writer of this format (between blocks), holding
        ``triples`` triples."""
        self.flush()
        self.triples += triples
        self._out.write(data)

    def raw_span(self, src: IO[bytes], offset: int, length: int, triples: int) -> None:
        """:meth:`raw` of ``length`` bytes at ``offset`` of the file ``src`` (copied by the
        kernel when both ends are files)."""
        self.flush()
        self.triples += triples
        copy_span(src, offset, length, self._out)

    def take_bytes(self) -> bytes:
        """What was rendered since the last :meth:`flush` or :meth:`take_bytes`, not written
        (a writer rendering for another process: its ``flush_at`` set past any block count),
        in UTF-8. Each piece is encoded on its own: most are ASCII, which encodes as a copy,
        where the whole text joined would be transcoded character by character as soon as
        one piece holds a non-ASCII character (ten times slower)."""
        data = b"".join([text.encode("utf-8") for text in self._buf])
        self._buf.clear()
        return data

    def flush(self) -> None:
        if self._buf:
            self._out.write("".join(self._buf).encode("utf-8"))
            self._buf.clear()

    def _emit(self, text: str) -> None:
        self._buf.append(text)
        if len(self._buf) >= self.flush_at:
            self.flush()


class NTriplesWriter(StreamWriter):
    name = "nt"

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        buf = self._buf
        buf.append(f"{subject} " + f" .\n{subject} ".join(pairs) + " .\n")  # type: ignore[arg-type]
        if len(buf) >= self.flush_at:
            self.flush()


class NQuadsWriter(StreamWriter):
    name = "nq"
    keeps_graphs = True

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        end = f" <{self.graph}> .\n" if self.graph else " .\n"
        self._emit(f"{subject} " + f"{end}{subject} ".join(cast("list[str]", pairs)) + end)


class TurtleWriter(StreamWriter):
    name = "ttl"
    _indent = ""

    def vocab(self, iri: str) -> str:
        split = split_iri(iri)
        return f"{split[0]}:{split[1]}" if split else f"<{iri}>"

    def pred(self, iri: str) -> str:
        return "a" if iri == RDF_TYPE else self.vocab(iri)

    def integer(self, lexical: str) -> str:
        return lexical if _BARE_INTEGER.fullmatch(lexical) else super().integer(lexical)

    def integer_pairs(self, pred: str) -> Callable[[int], Pair]:
        return lambda n: f"{pred} {n}"

    def decimal(self, lexical: str) -> str:
        return lexical if _BARE_DECIMAL.fullmatch(lexical) else super().decimal(lexical)

    def literal(self, value: str, datatype: str | None = None, lang: str | None = None) -> str:
        if datatype == XSD_INTEGER and not lang:
            return self.integer(value)
        if datatype == XSD_DECIMAL and not lang:
            return self.decimal(value)
        if datatype == XSD_BOOLEAN and value in ("true", "false"):
            return value
        if datatype and not lang and datatype != XSD_STRING:
            return f"{_quote(value)}^^{self.vocab(datatype)}"
        return super().literal(value, datatype, lang)

    def start(self) -> None:
        self._emit("".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES) + "\n")

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        self.triples += len(pairs)
        buf = self._buf
        body = f" ;\n{self._indent}    ".join(pairs)  # type: ignore[arg-type]
        buf.append(f"{self._indent}{subject} {body} .\n\n")
        if len(buf) >= self.flush_at:
            self.flush()


class TriGWriter(TurtleWriter):
    name = "trig"
    _indent = "    "
    keeps_graphs = True

    def start_graph(self, graph: str) -> None:
        super().start_graph(graph)
        self._emit(f"<{graph}> {{\n")

    def end_graph(self) -> None:
        super().end_graph()
        self._emit("}\n\n")

    def use_graph(self, graph: str) -> None:
        if graph != self.graph:
            self._emit(f"}}\n\n<{graph}> {{\n")
            self.graph = graph
