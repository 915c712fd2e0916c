"""What a load sends: the inputs of ``olygraph load`` as N-Triples lines, graph by graph.

RDF files (format by extension, as :data:`olygraph.write.rdf.PARSERS`) are parsed lazily by
pyoxigraph, a few kilobytes at a time, so a file of any size streams through. Articles (or none:
the embedded seed) are exported first and their union of triples (what ``olygraph export``
writes as Turtle) is read the same way. Triples of a file without graphs, and of the default
graph of a TriG or N-Quads file, go to the target graph; a named graph goes to the graph of the
same name.

N-Triples and N-Quads take a faster way: a line of the plain shape (IRIs, blank nodes, literals
without escapes, ``xsd:string`` or upper-case language tags, one space between terms, as olygraph
exports write them) is checked by a regular expression and sent as it is; any other line goes
through pyoxigraph, which rewrites it or names what is wrong with it.

Blank nodes are always skolemised (RDF 1.1 §3.5): every request is a document of its own, so a
blank node split across two chunks would become two nodes, and Virtuoso refuses blank nodes in
``INSERT DATA``. Blank node *n* (in order of first appearance) of a document becomes
``<base>.well-known/genid/<hash of the document and n>``: the same file gives the same IRIs on
every load, and two files never share one.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

import pyoxigraph as ox
import xxhash

from olygraph import api
from olygraph.errors import InputError, missing_file
from olygraph.ids import Minter
from olygraph.query.named import one_line
from olygraph.resources import SEED_NAME
from olygraph.write.oxigraph import OX_FORMATS
from olygraph.write.rdf import PARSERS, serialize

#: a graph of the input: a named graph's IRI, or None for the default graph
GraphName = str | None

_IRI = rb'<[^\x00-\x20<>"{}|^`\\]*+>'
#: an object: an IRI, or a literal without escapes, not typed ``xsd:string`` (written without
#: the type); group 1
_OBJECT = (
    rb"(" + _IRI + rb'|"[^"\\\n\r]*+"(?:@[a-z]++(?:-[a-z0-9]++)*+'
    rb"|\^\^(?!<http://www\.w3\.org/2001/XMLSchema#string>)" + _IRI + rb")?)"
)
#: a plain N-Triples / N-Quads line: IRIs and such literals (no blank node, no backslash
#: anywhere, one space between terms)
_PLAIN_LINE: Final = re.compile(
    _IRI + rb" " + _IRI + rb" " + _OBJECT + rb"(?: " + _IRI + rb")? \.\n"
)
#: the predicate and object of a plain line, between a subject and a graph already checked
_MIDDLE: Final = re.compile(_IRI + rb" " + _OBJECT)


@dataclass(frozen=True, slots=True)
class Source:
    """One document to send: where it comes from and how to read it."""

    name: str  # for messages: the path as given, or the articles
    scope: str  # what blank node labels are local to (a file's absolute URI)
    parser: str  # a PARSERS value
    size: int  # bytes, for progress
    opener: Callable[[], IO[bytes]]

    def fingerprint(self) -> str:
        """``xxh3-128:…`` of the bytes (a load notes which files fed which graphs, and does not
        read again what it loaded before unchanged). XXH3 reads ~10 GB/s, SHA-256 ~1.5 GB/s:
        the 1 GB of the history in N-Quads is checked in ~0.1 s; it detects changes, it does
        not resist forgery (nor does a store trust its clients)."""
        digest = xxhash.xxh3_128()
        with self.opener() as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        return "xxh3-128:" + digest.hexdigest()


class Counter:
    """Bytes read so far from every source (for a progress bar), and, when asked, the
    fingerprint of the source being read (the same as :meth:`Source.fingerprint`)."""

    def __init__(self) -> None:
        self.read = 0
        self.sha: xxhash.xxh3_128 | None = None

    def digest(self, on: bool) -> None:
        """Fingerprint the next source read (or stop)."""
        self.sha = xxhash.xxh3_128() if on else None

    def fingerprint(self) -> str:
        """``xxh3-128:…`` of what was read since :meth:`digest`."""
        assert self.sha is not None
        return "xxh3-128:" + self.sha.hexdigest()


class _Counting(io.RawIOBase):
    """A binary file that adds what is read from it to a :class:`Counter`."""

    def __init__(self, raw: IO[bytes], counter: Counter) -> None:
        super().__init__()
        self.raw = raw
        self.counter = counter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.counter.read += len(data)
        if self.counter.sha is not None:
            self.counter.sha.update(data)
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


def sources(inputs: Sequence[Path], base: str, profile: str = "own") -> list[Source]:
    """RDF files by extension, and articles (files or directories) exported together; no input:
    the embedded seed. Articles that cannot be read stop the load before anything is sent.
    ``profile`` ``wikidata``: the articles' graph in the Wikibase model (RDF files are sent as
    they are: they may hold either profile)."""
    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    articles = [p for p in inputs if p not in rdf]
    out: list[Source] = []
    for path in rdf:
        if not path.is_file():
            raise missing_file(path)
        out.append(
            Source(str(path), path.resolve().as_uri(), PARSERS[path.suffix.lower()],
                   path.stat().st_size, lambda path=path: path.open("rb"))  # type: ignore[misc]
        )  # fmt: skip
    if (articles or not rdf) and profile == "own":
        out.append(_streamed(articles, base))
    elif articles or not rdf:
        exported = api.export(articles, base)
        failures = exported.failures
        if failures:
            first = failures[0].error
            assert first is not None
            _refuse(first, len(failures))
        dataset = exported.dataset
        if profile == "wikidata":
            from olygraph.wikidata import profile_dataset

            dataset = profile_dataset(dataset, base)
        data = serialize(dataset, "nt")
        name = ", ".join(str(p) for p in articles) if articles else SEED_NAME
        scope = "olygraph:export:" + name
        out.append(Source(name, scope, "nt", len(data), lambda: io.BytesIO(data)))
    return out


def _refuse(first: InputError, count: int) -> None:
    more = f" (and {count - 1} more)" if count > 1 else ""
    raise InputError(first.file, f"{first.problem}{more}; nothing was loaded", line=first.line)


def _streamed(articles: Sequence[Path], base: str) -> Source:
    """The articles streamed (issue 19) into a temporary N-Triples file, which the source
    reads (the directory goes when the source does)."""
    from olygraph.api.articles import ArticleStream

    paths = api.expand_inputs(articles) if articles else None
    folder = tempfile.TemporaryDirectory(prefix="olygraph-load-")
    path = Path(folder.name) / "articles.nt"
    with ArticleStream(paths, base) as stream:
        failures = stream.read("nt", keep_graphs=False)
        if failures:
            _refuse(failures[0].error, len(failures))
        with path.open("wb") as out:
            stream.write("nt", out)

    def opener(keep: object = folder) -> IO[bytes]:  # ``keep``: the folder lives as long
        return path.open("rb")

    name = ", ".join(str(p) for p in articles) if articles else SEED_NAME
    return Source(name, "olygraph:export:" + name, "nt", path.stat().st_size, opener)


#: lines of one graph yielded together at most (the fast N-Quads path)
BATCH: Final = 4096


def triples(
    source: Source,
    minter: Minter,
    counter: Counter,
    *,
    update_safe: bool = False,
    only: frozenset[str] | None = None,
) -> Iterator[tuple[GraphName, bytes]]:
    """Every triple of ``source`` as an N-Triples line, with the name of its graph (the lines
    of :func:`batches` one by one)."""
    for name, lines in batches(source, minter, counter, update_safe=update_safe, only=only):
        for line in lines:
            yield name, line


def batches(
    source: Source,
    minter: Minter,
    counter: Counter,
    *,
    update_safe: bool = False,
    only: frozenset[str] | None = None,
) -> Iterator[tuple[GraphName, list[bytes]]]:
    """Every triple of ``source`` as an N-Triples line, with the name of its graph: lines that
    follow one another in the source and share a graph come together (at most :data:`BATCH`),
    so that the caller's work per line can be done a list at a time.

    ``update_safe``: refuse literals that a SPARQL parser could misread inside ``INSERT DATA``
    (a backslash followed by ``u``, read as an escape before parsing). ``only``: the named
    graphs wanted (None: all); in N-Quads, a plain line of another named graph (it ends with
    ``> .`` but not with ``<graph> .`` of a wanted one, and has no blank node) is passed over
    unread; anything else is read as usual, and the caller drops what it does not want.
    """
    skolems: dict[str, str] = {}

    def term(node: object) -> str:
        if isinstance(node, ox.BlankNode):
            iri = skolems.get(node.value)
            if iri is None:
                iri = skolems[node.value] = f"<{minter.skolem(source.scope, str(len(skolems)))}>"
            return iri
        if isinstance(node, ox.Triple):
            raise InputError(source.name, "a quoted triple (RDF-star) cannot be loaded")
        if update_safe and isinstance(node, ox.Literal) and ("\\u" in node.value or
                                                             "\\U" in node.value):  # fmt: skip
            raise InputError(
                source.name,
                f"the literal {str(node)[:80]} holds a backslash before "
                "'u', which SPARQL Update could read as an escape; load it with --store "
                "oxigraph or virtuoso (Graph Store Protocol)",
            )
        return str(node)

    named, default = ox.NamedNode, ox.DefaultGraph
    plain = (named,) if update_safe else (named, ox.Literal)  # written as they are

    def lines(quads: Iterator[ox.Quad]) -> Iterator[tuple[GraphName, list[bytes]]]:
        run: list[bytes] = []
        current: GraphName = None
        for quad in quads:
            s, o, graph = quad.subject, quad.object, quad.graph_name
            if type(graph) is default:
                name = None
            elif type(graph) is named:
                name = graph.value
            else:
                raise InputError(source.name, "a graph named by a blank node cannot be "
                                 "loaded; name it with an IRI")  # fmt: skip
            subject = str(s) if type(s) is named else term(s)
            value = str(o) if type(o) in plain else term(o)
            if run and (name != current or len(run) >= BATCH):
                yield current, run
                run = []
            current = name
            run.append(f"{subject} {quad.predicate} {value} .\n".encode())
        if run:
            yield current, run

    fmt = OX_FORMATS[source.parser]
    try:
        with io.BufferedReader(_Counting(source.opener(), counter), 1 << 16) as stream:
            if update_safe or source.parser not in ("nt", "nquads"):
                yield from lines(ox.parse(stream, format=fmt))
                return
            yield from _plain(stream, source, fmt, only, lines)
    except SyntaxError as err:
        raise InputError(source.name, f"not valid {source.parser}: {one_line(err)}") from None
    except OSError as err:
        raise InputError(source.name, f"cannot read: {err.strerror or one_line(err)}") from None


def _plain(
    stream: IO[bytes],
    source: Source,
    fmt: ox.RdfFormat,
    only: frozenset[str] | None,
    parsed: Callable[[Iterator[ox.Quad]], Iterator[tuple[GraphName, list[bytes]]]],
) -> Iterator[tuple[GraphName, list[bytes]]]:
    """The N-Triples / N-Quads lines of ``stream``: plain lines as they are (the graph cut
    off), any other line through ``parsed`` (pyoxigraph)."""
    number = 0
    match = _PLAIN_LINE.fullmatch
    names: dict[bytes, str] = {}
    wanted = tuple(f"<{g}> .\n".encode() for g in only) if only is not None else None
    run: list[bytes] = []
    add = run.append
    current: bytes | None = None  # the graph of ``run``: b"" for the default graph
    # the subject (with its space) and the end (`` <graph> .\n`` or `` .\n``) of the last
    # plain line: a line that starts and ends the same needs only its middle checked
    middle = _MIDDLE.fullmatch
    head = tail = b"\n\n"  # no line starts or ends so
    for line in stream:
        number += 1
        if (wanted is not None and line.endswith(b"> .\n") and not line.endswith(wanted)
                and b"_:" not in line):  # fmt: skip
            continue
        if (line.startswith(head) and line.endswith(tail)
                and (found := middle(line, len(head), len(line) - len(tail)))):  # fmt: skip
            if len(run) >= BATCH:
                yield _name(current, names), run
                run = []
                add = run.append
            add(line if not current else line[: found.end()] + b" .\n")
            continue
        found = match(line)
        if found is None:  # blank nodes, escapes, odd spacing, comments; or an error
            head = tail = b"\n\n"
            if run:
                yield _name(current, names), run
                run = []
                add = run.append
                current = None
            try:
                yield from parsed(ox.parse(line, format=fmt))
            except SyntaxError as err:  # the parser saw one line: name the file's
                text = one_line(err).replace(" at line 1 column ", " at column ")
                raise InputError(source.name, f"not valid {source.parser}: "
                                 f"{text.removesuffix(' (line 1)')}",
                                 line=number) from None  # fmt: skip
            continue
        end = found.end(1)
        graph = line[end + 2 : -4] if end + 3 != len(line) else b""
        head, tail = line[: line.index(b" ") + 1], line[end:]
        if graph != current or len(run) >= BATCH:
            if run:
                yield _name(current, names), run
                run = []
                add = run.append
            current = graph
        add(line if not graph else line[:end] + b" .\n")
    if run:
        yield _name(current, names), run


def _name(graph: bytes | None, names: dict[bytes, str]) -> GraphName:
    """The graph name of the bytes between ``<`` and ``>`` (``b""``: the default graph)."""
    if not graph:
        return None
    name = names.get(graph)
    if name is None:
        name = names[graph] = graph.decode()
    return name
