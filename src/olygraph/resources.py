"""Data files shipped with olygraph: the seed article, ontology, shapes and queries.

In a wheel the top-level ``ontology/``, ``shapes/`` and ``queries/`` folders are packaged as
``olygraph/_files/…``; in a source checkout (editable install) they are read from the repo.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SEED_NAME = "seed.txt"


def seed_text() -> str:
    """The embedded default article (Cycling at the 1928 Summer Olympics – track time trial)."""
    return (files("olygraph") / "data" / SEED_NAME).read_text(encoding="utf-8")


def data_dir(name: str) -> Path:
    """``ontology``, ``shapes`` or ``queries``: packaged copy first, then the source tree."""
    packaged = Path(str(files("olygraph"))) / "_files" / name
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[2] / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"olygraph data folder {name!r} is missing from this installation")


def ontology_files() -> list[Path]:
    return sorted(data_dir("ontology").glob("*.ttl"))
