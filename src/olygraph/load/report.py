"""What a load reports: the graphs sent, those unchanged or gone, the stale stages removed."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from olygraph.load.manifest import Entry
from olygraph.load.stores import Graph, graph_name


@dataclass(frozen=True, slots=True)
class GraphLoad:
    """What happened to one graph that was sent."""

    target: URIRef | None  # None: the default graph
    stage: URIRef | None  # None: loaded straight into the graph (it held nothing)
    sent: int  # distinct triples sent
    counted: int  # triples in the graph afterwards
    before: int  # triples in the graph before
    chunks: int
    seconds: float  # time the store took for its chunks
    bulk: bool = False  # through Virtuoso's bulk loader (no chunks)


@dataclass(frozen=True, slots=True)
class StaleStage:
    """A stage graph an interrupted load left behind, dropped by this one."""

    graph: URIRef
    triples: int


@dataclass(frozen=True, slots=True)
class LoadReport:
    store: str
    append: bool
    graphs: tuple[GraphLoad, ...]  # the graphs sent
    stale: tuple[StaleStage, ...] = ()
    retries: int = 0
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    unchanged: tuple[Entry, ...] = ()  # graphs not sent: same content as the last load
    gone: tuple[Graph, ...] = ()  # graphs of the last load that no input holds any more
    pruned: bool = False  # the gone graphs were dropped
    manifest: URIRef | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """After each chunk: chunks and triple lines sent so far, input bytes read of a total."""

    chunks: int
    triples: int
    read: int
    total: int


def kept(gone: tuple[Graph, ...], target: Graph) -> str:
    """The warning for graphs of the last load that no input holds, kept (no ``--prune``)."""
    names = ", ".join(graph_name(g) for g in gone[:5]) + (" …" if len(gone) > 5 else "")
    return (
        f"{len(gone):,} graph{'s' if len(gone) != 1 else ''} of the last load of "
        f"{graph_name(target)} {'are' if len(gone) != 1 else 'is'} in no input any more and "
        f"{'were' if len(gone) != 1 else 'was'} kept: {names} (drop them with --prune)"
    )


def describe(report: LoadReport) -> list[str]:
    """One line per stale stage removed and per graph sent, then what was not sent, for
    people."""
    lines = [
        f"removed the stale stage <{s.graph}> ({s.triples:,} triples) left by an interrupted load"
        for s in report.stale
    ]
    for g in report.graphs:
        chunks = "bulk loader" if g.bulk else f"{g.chunks:,} chunk{'s' if g.chunks != 1 else ''}"
        retries = f", {report.retries:,} retries" if report.retries else ""
        verb, prep = ("appended", "to") if report.append and g.stage else ("loaded", "into")
        lines.append(
            f"{verb} {g.sent:,} triples {prep} {graph_name(g.target)} ({report.store}, {chunks}, "
            f"{report.seconds:.1f} s{retries}); the graph now holds {g.counted:,} (was "
            f"{g.before:,})"
        )
    same = report.unchanged
    if len(same) == 1:
        lines.append(f"{graph_name(same[0].graph)} is unchanged since the last load "
                     f"({same[0].triples:,} triples): not sent")  # fmt: skip
    elif same:
        triples = sum(e.triples for e in same)
        lines.append(f"{len(same):,} graphs are unchanged since the last load ({triples:,} "
                     "triples): not sent")  # fmt: skip
    if report.pruned:
        lines += [f"dropped {graph_name(g)}: no input holds it any more" for g in report.gone]
    if not report.graphs and not report.pruned:
        lines.append(f"nothing changed: no triples sent ({report.seconds:.1f} s)")
    return lines
