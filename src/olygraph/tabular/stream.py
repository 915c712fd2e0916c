"""Stream datasets (and, after them, an article dataset) into one RDF document.

``export_datasets`` reads every header first (an unknown header is an error before anything
is written), then writes the NOC tables and the athlete tables, each in its own named graph
``…/source/dataset/<file slug>``, then the article dataset if one is given. The order of the
files does not depend on the order they were given in: NOC tables first, then athlete tables,
each kind by file name. Memory stays bounded: only identity maps grow (docs/history-model.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.errors import InputError
from olygraph.ids import TextMinter
from olygraph.tabular.csvfile import (
    ATHLETE_EVENTS,
    NOC_REGIONS,
    CsvFile,
    Header,
    is_csv_name,
    sniff_kind,
)
from olygraph.tabular.history import HistoryWriter, noc_codes
from olygraph.tabular.nocs import NocTableWriter
from olygraph.tabular.plan import plan
from olygraph.tabular.report import DatasetReport, FileReport, NocWithoutRegion
from olygraph.tabular.rows import RowParser
from olygraph.tabular.serial import Pair, StreamWriter
from olygraph.tabular.tokens import Tokens
from olygraph.tabular.writers import writer_for
from olygraph.vocab import DEFAULT_BASE, RDF
from olygraph.write.rdf import FORMATS

#: progress callback: (file as given, rows read, bytes read, bytes to read in all passes)
Progress = Callable[[str, int, int, int], None]

_KIND_ORDER = {NOC_REGIONS.name: 0, ATHLETE_EVENTS.name: 1}


def is_dataset(path: Path) -> bool:
    """Whether ``path`` goes the tabular way: a ``.csv``/``.csv.gz`` name, or a header of a
    known CSV kind (detection is by header; a ``.csv`` file with an unknown header is then an
    error naming the missing columns)."""
    if path.is_dir():
        return False
    return is_csv_name(path) or sniff_kind(path) is not None


def export_datasets(
    paths: Sequence[Path],
    fmt: str,
    out: BinaryIO,
    base: str = DEFAULT_BASE,
    *,
    articles: Dataset | None = None,
    progress: Progress | None = None,
) -> DatasetReport:
    """Write ``paths`` (CSV files of known kinds) and then ``articles`` to ``out`` in ``fmt``.

    Raises :class:`InputError` for an unreadable file or an unknown header (before writing
    anything); rows that cannot be used are reported in the returned report and skipped.
    """
    minter = TextMinter(base)
    with ExitStack() as stack:
        opened: list[tuple[CsvFile, Header]] = []
        for path in paths:
            f = stack.enter_context(CsvFile(path))
            opened.append((f, f.header()))
        opened.sort(key=lambda fh: (_KIND_ORDER[fh[1].kind.name], fh[0].path.name, fh[0].file))
        w = writer_for(fmt, out)
        t = Tokens(w, minter)
        w.start()
        reports: list[FileReport] = []
        regions: set[str] | None = None
        histories: list[HistoryWriter] = []
        for f, header in opened:
            if header.kind is NOC_REGIONS:
                nocs = NocTableWriter(t, f, header)
                reports.append(nocs.write())
                regions = (regions or set()) | set(nocs.codes)
            else:
                history, report = _athlete_table(t, f, header, progress)
                histories.append(history)
                reports.append(report)
        if articles is not None:
            feed_dataset(w, articles)
        w.close()
    missing: tuple[NocWithoutRegion, ...] = ()
    if regions is not None:
        used = noc_codes(histories)
        missing = tuple(
            NocWithoutRegion(code, file, line)
            for code, (file, line) in used.items()
            if code not in regions
        )
    return DatasetReport(tuple(reports), missing, w.triples)


def _athlete_table(
    t: Tokens, f: CsvFile, header: Header, progress: Progress | None
) -> tuple[HistoryWriter, FileReport]:
    """Both passes over one athlete table; progress counts the file's bytes twice."""
    total = 2 * f.size

    def first(rows: int, done: int) -> None:
        if progress is not None:
            progress(f.file, rows, done, total)

    def second(rows: int, done: int) -> None:
        if progress is not None:
            progress(f.file, rows, f.size + done, total)

    parser = RowParser(header)
    found = plan(f, parser, first)
    f.restart()
    if f.header() != header:
        raise InputError(f.file, "the file changed while it was read", line=1)
    history = HistoryWriter(t, f, parser, found)
    report = history.write(second)
    second(found.rows, f.size)
    return history, report


# --- an article dataset into the same stream ----------------------------------------------------


def feed_dataset(w: StreamWriter, ds: Dataset) -> None:
    """Every named graph of ``ds`` (by IRI), every subject (sorted), its pairs (sorted)."""
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))
    for graph in graphs:
        named = (
            isinstance(graph.identifier, URIRef)
            and graph.identifier != ds.default_context.identifier
        )
        if named:
            w.start_graph(str(graph.identifier))
        subjects: dict[Node, list[tuple[Node, Node]]] = {}
        for s, p, o in graph:
            subjects.setdefault(s, []).append((p, o))
        for s in sorted(subjects, key=str):
            pairs = sorted(subjects[s], key=lambda po: (str(po[0]), _sort_key(po[1])))
            w.block(_subject(w, s), [_pair(w, p, o) for p, o in pairs])
        if named:
            w.end_graph()


def _subject(w: StreamWriter, s: Node) -> str:
    return w.blank(str(s)) if isinstance(s, BNode) else w.subject(str(s))


def _pair(w: StreamWriter, p: Node, o: Node) -> Pair:
    pred = w.pred(str(p))
    if isinstance(o, Literal):
        dt = str(o.datatype) if o.datatype is not None else None
        return w.pair(pred, w.literal(str(o), dt, o.language))
    if isinstance(o, BNode):
        return w.pair(pred, w.blank_object(str(o)))
    return w.pair(pred, w.type_object(str(o)) if p == RDF.type else w.vocab(str(o)))


def _sort_key(o: Node) -> str:
    if isinstance(o, Literal):
        return f"{o}\x00{o.datatype or ''}\x00{o.language or ''}"
    return str(o)


# --- reading an export back (``--validate`` on datasets) -----------------------------------------


def load_output(source: Path | bytes, fmt: str) -> Graph:
    """An exported file (or its bytes) as one graph (named graphs merged), parsed as ``fmt``."""
    name, _, named = FORMATS[fmt]
    target: Graph = Dataset() if named else Graph()
    if isinstance(source, bytes):
        target.parse(data=source, format=name)
    else:
        target.parse(source, format=name)
    if isinstance(target, Dataset):
        merged = Graph()
        merged.addN((s, p, o, merged) for s, p, o, _ in target.quads((None, None, None, None)))
        return merged
    return target
