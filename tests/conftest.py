"""Shared test fixtures: the real articles in ../shared, the embedded seed, exports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from olygraph import api
from olygraph.write.rdf import union_graph

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "articles"


def article_paths() -> list[Path]:
    return sorted(ARTICLES.glob("*.txt")) if ARTICLES.is_dir() else []


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (real articles and data) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_export() -> api.Export:
    return api.export()


@pytest.fixture(scope="session")
def seed_graph(seed_export: api.Export) -> Graph:
    return union_graph(seed_export.dataset)


@pytest.fixture(scope="session")
def seed_dataset(seed_export: api.Export) -> Dataset:
    return seed_export.dataset


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One throwaway Virtuoso 7 for the session (tests/servers.py); skips without virtuoso-t."""
    from servers import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()
