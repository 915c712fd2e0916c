"""The data a server answers from: the inputs of ``olygraph serve`` in a pyoxigraph store.

Inputs are read as ``olygraph query`` and ``olygraph export`` read them: RDF files by extension
(a file without graphs becomes the graph of its ``file:`` IRI), datasets (the history CSV and its
NOC table, merged with the articles given beside them) and articles (none at all: the embedded
seed). As in :mod:`olygraph.query.engines`, the store's default graph holds the union of the
graphs as a set, so every query answers as ``olygraph query`` does on the same inputs.

With ``store_dir`` the store lives on disk: ``DIR/store`` (Oxigraph's files) and
``DIR/inputs.json`` (a hash of the inputs, olygraph's version and the base, and the notes on what
could not be read). The next start with the same inputs opens it without reading them again; with
other inputs it is built anew beside the old one (``DIR/.build-*``) and swapped in when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pyoxigraph as ox

from olygraph import __version__, api
from olygraph.errors import InputError
from olygraph.query.engines import UNION, file_graph
from olygraph.query.named import one_line
from olygraph.resources import SEED_NAME, seed_text
from olygraph.serve.engine import StoreEngine
from olygraph.tabular.report import summary_lines
from olygraph.vocab import DEFAULT_BASE
from olygraph.write.oxigraph import OX_FORMATS
from olygraph.write.rdf import PARSERS

Say = Callable[[str], None]
_QUADS: Final = ("nquads", "trig")
_META: Final = "inputs.json"


@dataclass(frozen=True, slots=True)
class Note:
    """Something an input did not let us read: the file (as the graph names it) and one line."""

    file: str
    text: str


@dataclass(frozen=True, slots=True)
class Served:
    """The loaded store, the base of its minted IRIs, and the notes on what could not be read."""

    store: ox.Store
    base: str
    notes: tuple[Note, ...] = ()
    reused: bool = False
    #: what pages compute once from the data (it never changes while served), by name
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def engine(self) -> StoreEngine:
        return StoreEngine(self.store)

    def notes_for(self, file: str) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.file == file)


def _quiet(_: str) -> None:
    """Say nothing."""


def open_served(
    inputs: Sequence[Path] = (),
    base: str = DEFAULT_BASE,
    store_dir: Path | None = None,
    say: Say = _quiet,
) -> Served:
    """Load ``inputs`` (none = the seed) into a store; ``store_dir``: on disk, reused while the
    inputs are unchanged. InputError for an input that cannot be read at all."""
    rdf, datasets, articles = _split(inputs)
    if store_dir is None:
        store = ox.Store()
        notes = _fill(store, rdf, datasets, articles, base, say)
        return Served(store, base, notes)
    key = inputs_key(rdf, datasets, articles, base)
    meta = store_dir / _META
    if meta.is_file() and (store_dir / "store").is_dir():
        try:
            saved = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        if saved.get("key") == key:
            notes = tuple(Note(n["file"], n["text"]) for n in saved.get("notes", []))
            return Served(_open_disk(store_dir / "store"), base, notes, reused=True)
    store_dir.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".build-", dir=store_dir))
    try:
        store = _open_disk(build / "store")
        notes = _fill(store, rdf, datasets, articles, base, say)
        store.flush()
        del store
        (build / _META).write_text(
            json.dumps({"key": key, "notes": [{"file": n.file, "text": n.text} for n in notes]}),
            encoding="utf-8",
        )
        _swap(build, store_dir)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    return Served(_open_disk(store_dir / "store"), base, notes)


def _open_disk(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path))
    except OSError as err:
        raise InputError(str(path), f"cannot open the store (in use by another server?): "
                         f"{one_line(err)}") from None  # fmt: skip


def _swap(build: Path, store_dir: Path) -> None:
    """Move the new store and its inputs.json into place; the old ones go only after."""
    old = store_dir / f".old-{os.getpid()}"
    if (store_dir / "store").exists():
        (store_dir / "store").rename(old)
    (build / "store").rename(store_dir / "store")
    (build / _META).replace(store_dir / _META)
    shutil.rmtree(old, ignore_errors=True)


def _split(inputs: Sequence[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    for path in rdf:
        if not path.is_file():
            raise InputError(str(path), "no such file")
    rest = [p for p in inputs if p not in rdf]
    for path in rest:
        if not path.exists():
            raise InputError(str(path), "no such file or directory")
    articles, datasets = api.split_inputs(rest)
    return rdf, datasets, articles


def inputs_key(
    rdf: Sequence[Path], datasets: Sequence[Path], articles: Sequence[Path], base: str
) -> str:
    """A hash of everything the store is made from: the bytes of every input file (articles of
    a directory included), their kinds, the base and olygraph's version."""
    digest = hashlib.sha256(f"olygraph {__version__}\nbase {base}\n".encode())
    files = [("rdf", p) for p in rdf] + [("dataset", p) for p in datasets]
    files += [("article", p) for p in api.expand_inputs(articles)] if articles else []
    if not rdf and not datasets and not articles:
        digest.update(seed_text().encode())
    for kind, path in files:
        digest.update(f"\n{kind} {path.resolve()}\n".encode())
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _fill(
    store: ox.Store,
    rdf: Sequence[Path],
    datasets: Sequence[Path],
    articles: Sequence[Path],
    base: str,
    say: Say,
) -> tuple[Note, ...]:
    for path in rdf:
        parser = PARSERS[path.suffix.lower()]
        graph = None if parser in _QUADS else ox.NamedNode(str(file_graph(path)))
        say(f"reading {path}")
        try:
            store.load(path=str(path), format=OX_FORMATS[parser], to_graph=graph)
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(str(path), f"not valid {parser}: {one_line(err)}") from None
    notes: list[Note] = []
    if articles or datasets or not rdf:
        exported = api.export(articles, base)
        for outcome in exported.articles:
            notes.extend(_article_notes(outcome))
        if datasets:
            notes.extend(_load_datasets(store, datasets, exported, base, say))
        else:
            store.load(
                exported.dataset.serialize(format="nquads", encoding="utf-8"),
                ox.RdfFormat.N_QUADS,
            )
    say("making the union of the graphs")
    store.update(UNION)
    return tuple(notes)


def _article_notes(outcome: api.ArticleOutcome) -> Iterator[Note]:
    name = outcome.file or SEED_NAME
    if outcome.error is not None:
        yield Note(name, f"not read: {outcome.error}")
    if outcome.facts is not None:
        for problem in outcome.facts.problems:
            yield Note(name, problem.describe())


def _load_datasets(
    store: ox.Store, datasets: Sequence[Path], articles: api.Export, base: str, say: Say
) -> list[Note]:
    """Datasets (with the articles merged in) streamed to an N-Quads file, then loaded."""
    notes: list[Note] = []
    with tempfile.TemporaryDirectory(prefix="olygraph-serve-") as tmp:
        out = Path(tmp) / "datasets.nq"
        say(f"reading {', '.join(str(p) for p in datasets)}")
        with out.open("wb") as fh:
            report = api.stream_export(datasets, "nq", fh, base, articles=articles)
        for line in summary_lines(report):
            say(line)
        notes.extend(Note(Path(s.file).name, f"skipped: {s}") for s in report.skipped)
        store.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    return notes
