"""The streamed article export's shortcuts (issue 19) change nothing but speed: groups rendered
in the workers or by the writer, articles mapped in pass 1 or again in pass 2, the shapes
compiled once per process or for each part, spans copied by the kernel or through memory."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import article_paths
from olygraph.api.article_render import RENDERED
from olygraph.api.articles import ArticleStream
from olygraph.mapping.terms import encode, lit, term
from olygraph.tabular.serial import copy_span
from olygraph.validate.shacl.engine import Compiled
from olygraph.validate.shacl.store import DataStore
from olygraph.validate.shacl.validation import run_fast
from olygraph.validate.stream import PartValidator, _shapes
from olygraph.vocab import RDFS, XSD
from olygraph.write.rdf import FORMATS

FMTS = list(FORMATS)


def _write(paths: list[Path], fmt: str, *, render: bool, jobs: int = 1) -> bytes:
    out = io.BytesIO()
    with ArticleStream(paths, jobs=jobs) as stream:
        assert not stream.read(fmt if render else None)
        stream.write(fmt, out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", sorted(RENDERED))  # the others are rendered by the writer
def test_rendered_in_the_workers_or_by_the_writer_the_same_bytes(shared: Path, fmt: str) -> None:
    paths = article_paths()
    assert _write(paths, fmt, render=True) == _write(paths, fmt, render=False)


def test_articles_mapped_again_in_pass_two_give_the_same_bytes(
    shared: Path, tmp_path: Path
) -> None:
    """Two copies of one article (same title, other folders: the second source key is
    numbered) and an article sharing its event with another: pass 2 maps them anew from the
    bytes pass 1 spilled. The result does not depend on which of them comes first."""
    paths = article_paths()
    twin = tmp_path / "twin" / paths[0].name
    twin.parent.mkdir()
    shutil.copy(paths[0], twin)
    given = [*paths, twin]
    first = _write(given, "nq", render=True, jobs=2)
    assert first == _write(list(reversed(given)), "nq", render=True, jobs=1)
    assert first.count(b"\n") > _write(paths, "nq", render=True).count(b"\n")


@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_a_validated_export_renders_its_parts_in_the_workers(shared: Path, fmt: str) -> None:
    """The parts the workers render for the validation hold what the writer would render:
    the same results and the same number of triples checked (N-Triples: the output's local
    blocks reused for the check; Turtle: all rendered for it)."""
    paths = article_paths()
    outcomes = []
    for check in (True, False):
        with ArticleStream(paths, jobs=2) as stream:
            stream.read(fmt, keep_graphs=not check, check=check)
            tee = PartValidator(stream.submit, stream.base, part_triples=2_000)
            stream.write(fmt, io.BytesIO(), tee)
        assert tee.outcome is not None
        outcomes.append(tee.outcome)
    rendered, written = outcomes
    assert rendered.results == written.results
    assert rendered.triples == written.triples
    assert rendered.results  # the shared articles have findings: the check is not empty


def _store(path: Path) -> DataStore:
    store = DataStore()
    store.add_file(path)
    store.finish()
    return store


def test_shapes_compiled_once_find_what_a_fresh_compile_finds(shared: Path, tmp_path: Path) -> None:
    shapes, model = _shapes()
    parts = []
    for i, path in enumerate(article_paths()[:3]):
        part = tmp_path / f"part{i}.nt"
        part.write_bytes(_write([path], "nt", render=True))
        parts.append(part)
    reuse: list[Compiled | None] = [None]
    for part in parts:
        fresh = run_fast(_store(part), shapes, model=model, workers=1)
        reused = run_fast(_store(part), shapes, model=model, workers=1, reuse=reuse)
        assert reused.results == fresh.results
        assert reuse[0] is not None
    # data stating subclasses asks for other focus patterns: compiled anew, not reused
    sub = tmp_path / "sub.nt"
    sub.write_bytes(
        parts[0].read_bytes() + b"<urn:x:A> <%s> <urn:x:B> .\n" % str(RDFS.subClassOf).encode()
    )
    before = reuse[0]
    run_fast(_store(sub), shapes, model=model, workers=1, reuse=reuse)
    assert reuse[0] is None and before is not None


def test_the_mappings_literals_are_the_literals_rdflib_makes() -> None:
    """The mapping's literals are plain strings (rdflib's lexical forms, made once per value);
    turned back into rdflib terms they are the literals rdflib makes, written the same."""
    values: list[tuple[object, URIRef | None]] = [
        (1, None), (True, None), (False, None), ("1", None), (1.5, None), ("x", RDFS.label),
        (7, XSD.integer), ("1000.0", XSD.decimal), ("1928-07-29", XSD.date), ("1928", XSD.gYear),
        ("", None), ("a\x00b \u00e9\ud800 \" \\ \n", None), (" padded ", None),
    ]  # fmt: skip
    for value, datatype in values:
        made = lit(value, datatype=datatype)
        rdflib_made = Literal(value, datatype=datatype)
        assert made == encode(rdflib_made)
        back = term(made)
        assert back == rdflib_made and back.n3() == rdflib_made.n3()
        assert isinstance(back, Literal) and back.datatype == rdflib_made.datatype
        if not isinstance(value, str):
            assert lit(value, datatype=datatype) is made  # made once
    assert lit(1) != lit(True)  # equal in Python, not as literals
    assert term("urn:x:s") == URIRef("urn:x:s")
    g = Graph()
    g.add((URIRef("urn:x:s"), RDFS.label, term(lit("x"))))
    assert (URIRef("urn:x:s"), RDFS.label, Literal("x")) in g


@pytest.mark.parametrize("target", ["file", "pipe", "memory"])
def test_a_span_is_copied_whole_to_any_output(tmp_path: Path, target: str) -> None:
    data = os.urandom(3 << 20)
    with tempfile.TemporaryFile() as src:
        src.write(data)
        src.flush()
        offset, length = 12_345, (2 << 20) + 7
        want = data[offset : offset + length]
        if target == "memory":
            out = io.BytesIO()
            copy_span(src, offset, length, out)
            assert out.getvalue() == want
        elif target == "file":
            path = tmp_path / "out"
            with path.open("wb") as fh:
                fh.write(b"head")
                copy_span(src, offset, length, fh)
            assert path.read_bytes() == b"head" + want
        else:
            r, w = os.pipe()
            got = bytearray()
            with os.fdopen(w, "wb") as fh:
                pid = os.fork()
                if pid == 0:  # the reader drains the pipe while the span is copied
                    os.close(w)
                    with os.fdopen(r, "rb") as rf:
                        Path(tmp_path / "piped").write_bytes(rf.read())
                    os._exit(0)
                os.close(r)
                copy_span(src, offset, length, fh)
            os.waitpid(pid, 0)
            got += (tmp_path / "piped").read_bytes()
            assert bytes(got) == want
