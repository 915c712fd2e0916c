"""Pass 1 of the streamed article export (issue 19), in the workers: each article read,
extracted, mapped on its own and maybe rendered (:mod:`olygraph.api.article_render`); with the
streamed validation, each task's articles then validated together (:class:`EarlyCheck`).
Also the mapping anew of pass 2 (:func:`remap`). See :mod:`olygraph.api.articles`.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from olygraph.api.article_pool import TextSpill
from olygraph.api.article_render import Prepared, prepare
from olygraph.api.report import article_lines, not_understood
from olygraph.errors import InputError
from olygraph.extract import extract
from olygraph.facts import EventFacts
from olygraph.ids import Minter
from olygraph.mapping.article import events_of
from olygraph.mapping.stream import GroupQuads, map_group
from olygraph.read.article import parse_article, parse_article_bytes
from olygraph.resources import SEED_NAME, seed_text

#: what pass 1 makes: the output format to render in (None: not rendered), whether the graphs
#: are kept as blocks too (for a tee), whether each group is rendered for the validation
Plan = tuple[str | None, bool, bool]


@dataclass(frozen=True, slots=True)
class Checked:
    """What the validation in pass 1 found about one article's own nodes (its results), and
    the triples of its that were checked."""

    results: tuple[Any, ...]
    triples: int


class EarlyCheck(Protocol):
    """Validates, in a worker, the articles of one pass-1 task together
    (:func:`olygraph.validate.stream.check_articles`): given the base IRI and, per article,
    the N-Triples its group is checked as, their number, its shared subjects (whose results
    only the whole corpus gives), its own subjects and the group itself (whose triples, as
    Python strings, clear most checks without their queries), the results about each
    article's own subjects and the triples checked."""

    def __call__(self, base: str, members: list[EarlyMember]) -> list[Checked]: ...


#: one article's group as :class:`EarlyCheck` is given it
EarlyMember = tuple[bytes, int, frozenset[str], frozenset[str], GroupQuads]


#: what the workers of pass 1 are told: the base IRI, the plan, the stream's folder (for the
#: rendered texts), the validation of each task's articles (None: none), and whether each
#: article's report is wanted (what ``olygraph inspect`` says of it)
How = tuple[str, Plan, str, EarlyCheck | None, bool]


@dataclass(frozen=True, slots=True)
class Scanned:
    """Pass 1's answer for one input: the keys, the mapped group pickled, the article's bytes
    (or the error)."""

    file: str
    source_key: str = ""
    events: tuple[str, ...] = ()
    blob: bytes = b""
    text: tuple[str, int, int] = ("", 0, 0)  # the group rendered (taken out of ``blob``): where
    data: bytes = b""  # the input's bytes (empty for the embedded seed)
    error: tuple[str, str, int | None] | None = None  # (path, problem, line)
    missed: int = 0  # values or lines not understood (``olygraph inspect`` lists them)
    #: for the validation in pass 1: the group as checked (N-Triples, triples, shared
    #: subjects, own subjects, the group), taken out in the worker once checked
    check: EarlyMember | None = None
    checked: Checked | None = None
    report: str = ""  # what ``olygraph inspect`` says of it, when asked for


def scan(name: str | None, how: How) -> Scanned:
    """Read, extract, map and maybe render one article (``None``: the seed) in a worker; the
    rendered text goes to this worker's file in the stream's folder ``how[2]``."""
    base, (fmt, keep, check), folder, early, report = how
    data = b""
    file = SEED_NAME if name is None else Path(name).name
    if name is not None:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return Scanned(file, error=(name, f"cannot read the file: {reason}", None))
    try:
        facts = read_facts(name, data)
    except InputError as err:
        # the graph names files by their name only; the user is told the path they gave
        return Scanned(file, error=(name or SEED_NAME, err.problem, err.line))
    events = tuple(str(e) for e in events_of(facts, Minter(base)))
    gq = map_group([(facts.source_key, facts)], base)
    mapped = prepare(gq, fmt, keep, check)
    text, mapped = mapped.text, dataclasses.replace(mapped, text=b"")
    checking = None
    if early is not None and mapped.check is not None:  # checked with its task's articles
        checking = (mapped.check, mapped.check_triples, mapped.check_shared, _own(gq), gq)
        mapped = dataclasses.replace(
            mapped, check=None, check_triples=0, check_shared=frozenset(), validated=True
        )
    where = (*TextSpill.of(folder).put(text), len(text)) if text else ("", 0, 0)
    blob = pickle.dumps(mapped, pickle.HIGHEST_PROTOCOL)
    missed = not_understood(facts)
    said = "\n".join(article_lines(facts)) + "\n" if report else ""
    return Scanned(
        file, facts.source_key, events, blob, where, data, missed=missed, check=checking,
        report=said,
    )  # fmt: skip


def scan_batch(names: list[str | None], how: How) -> list[Scanned]:
    """:func:`scan` of a task's articles; with ``how[3]``, those read are then validated
    together, and each keeps what was found about its own nodes (not its N-Triples)."""
    scanned = [scan(name, how) for name in names]
    early = how[3]
    members = [(i, sc.check) for i, sc in enumerate(scanned) if sc.check is not None]
    if early is None or not members:  # (no article has a check without ``early``)
        return scanned
    found = early(how[0], [check for _, check in members])
    for (i, _), checked in zip(members, found, strict=True):
        scanned[i] = dataclasses.replace(scanned[i], check=None, checked=checked)
    return scanned


def _own(gq: GroupQuads) -> frozenset[str]:
    """The subjects a group's check holds that are its own (not shared with other groups)."""
    own = {s for _, bs in gq.graphs for s, shared, _ in bs if not shared}
    own.update(s for s, shared, _ in gq.reconciliation if not shared)
    return frozenset(own)


#: the articles checked together in pass 1 (see ArticleStream._batches): about this many bytes
#: of input, which the shared articles map to about 20,000 triples
EARLY_BYTES = 96 * 1024


def by_size(names: list[str | None], most_bytes: int, most: int) -> Iterator[list[str | None]]:
    """``names`` in batches of about ``most_bytes`` of input (their files' sizes; a file
    that cannot be read counts for nothing: it fails when read), at most ``most`` names."""
    batch: list[str | None] = []
    size = 0
    for name in names:
        batch.append(name)
        size += _size(name)
        if size >= most_bytes or len(batch) >= most:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _size(name: str | None) -> int:
    if name is None:
        return len(seed_text().encode())
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0


def read_facts(name: str | None, data: bytes) -> EventFacts:
    """An article's facts again, from the bytes pass 1 read (``name`` None: the seed)."""
    if name is None:
        return extract(parse_article(seed_text(), SEED_NAME))
    return extract(parse_article_bytes(data, Path(name).name))


def remap(members: list[tuple[str, str | None, bytes]], how: tuple[str, Plan]) -> Prepared:
    """Map (and maybe render) a group of articles anew: (their unique source keys, names and
    bytes)."""
    base, (fmt, keep, check) = how
    facts = [(key, read_facts(name, data)) for key, name, data in members]
    return prepare(map_group(facts, base), fmt, keep, check)
