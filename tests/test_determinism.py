"""Same input → byte-identical output, in every format.

Not across runs only, but across input order, Python's hash seed (set iteration order) and the
directory the articles sit in: a build that re-exports the same articles must produce the same
files, so that diffs show real changes only and nothing of the machine leaks into the data.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import article_paths
from olygraph import api
from olygraph.cli import main
from olygraph.write.rdf import FORMATS, serialize

ALL_FORMATS = list(FORMATS)
HASH_SEEDS = ("0", "1", "12345")


def export_bytes(paths: list[Path], fmt: str) -> bytes:
    result = api.export(paths)
    assert not result.failures, [str(f.error) for f in result.failures]
    return serialize(result.dataset, fmt)


def cli_bytes(*args: str) -> bytes:
    result = CliRunner().invoke(main, list(args), prog_name="olygraph")
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    for n, (x, y) in enumerate(zip(la, lb, strict=False), start=1):
        if x != y:
            return f"first difference at line {n}:\n  {x[:160]}\n  {y[:160]}"
    return f"same first lines; {len(la)} vs {len(lb)} lines"


def assert_identical(a: bytes, b: bytes, what: str) -> None:
    assert a, f"{what}: empty output"
    if a != b:
        pytest.fail(f"{what}: output differs; {first_difference(a, b)}", pytrace=False)


@pytest.fixture(scope="module")
def articles(shared: Path) -> list[Path]:
    paths = article_paths()
    assert len(paths) >= 5
    return paths


# --- (a) twice ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_seed_exported_twice_is_identical(fmt: str) -> None:
    assert_identical(cli_bytes("export", "-f", fmt), cli_bytes("export", "-f", fmt), fmt)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_articles_exported_twice_are_identical(articles: list[Path], fmt: str) -> None:
    assert_identical(export_bytes(articles, fmt), export_bytes(articles, fmt), fmt)


# --- (b) input order ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_input_order_does_not_matter(articles: list[Path], fmt: str) -> None:
    reference = export_bytes(articles, fmt)
    assert_identical(reference, export_bytes(list(reversed(articles)), fmt), f"{fmt} reversed")
    for seed in (1, 2, 3):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        assert shuffled != articles
        assert_identical(reference, export_bytes(shuffled, fmt), f"{fmt} shuffled ({seed})")


def test_a_directory_gives_the_same_output_as_its_files(articles: list[Path]) -> None:
    directory = articles[0].parent
    by_dir = cli_bytes("export", "-f", "nq", str(directory))
    by_files = cli_bytes("export", "-f", "nq", *[str(p) for p in reversed(articles)])
    assert_identical(by_dir, by_files, "directory vs files")


# --- (c) hash seed, in fresh processes --------------------------------------------------------
def _export_in_process(args: list[str], hash_seed: str, cwd: Path) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    done = subprocess.run(
        [sys.executable, "-m", "olygraph", "export", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_output_does_not_depend_on_the_hash_seed(
    articles: list[Path], fmt: str, tmp_path: Path
) -> None:
    args = ["--format", fmt, *[str(p) for p in articles]]
    outputs = {seed: _export_in_process(args, seed, tmp_path) for seed in HASH_SEEDS}
    reference = outputs[HASH_SEEDS[0]]
    for seed in HASH_SEEDS[1:]:
        assert_identical(reference, outputs[seed], f"{fmt}: PYTHONHASHSEED=0 vs {seed}")
    assert_identical(reference, export_bytes(articles, fmt), f"{fmt}: subprocess vs in-process")


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_seed_output_does_not_depend_on_the_hash_seed(fmt: str, tmp_path: Path) -> None:
    outputs = {seed: _export_in_process(["-f", fmt], seed, tmp_path) for seed in HASH_SEEDS}
    for seed in HASH_SEEDS[1:]:
        assert_identical(outputs["0"], outputs[seed], f"{fmt}: PYTHONHASHSEED=0 vs {seed}")


# --- (d) where the file lives -----------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_same_article_in_two_directories_gives_identical_output(
    articles: list[Path], fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picked = articles[:3]
    one = tmp_path / "first" / "deeper" / "place"
    two = tmp_path / "second"
    for d in (one, two):
        d.mkdir(parents=True)
        for p in picked:
            shutil.copyfile(p, d / p.name)
    by_path_one = cli_bytes("export", "-f", fmt, *[str(one / p.name) for p in picked])
    by_path_two = cli_bytes("export", "-f", fmt, *[str(two / p.name) for p in picked])
    assert_identical(by_path_one, by_path_two, f"{fmt}: files in two directories")
    assert_identical(by_path_one, cli_bytes("export", "-f", fmt, str(one)), f"{fmt}: directory")
    monkeypatch.chdir(two)
    relative = cli_bytes("export", "-f", fmt, *[p.name for p in picked])
    assert_identical(by_path_one, relative, f"{fmt}: relative names")
    text = by_path_one.decode("utf-8")
    for leak in ("/work", "/tmp", str(tmp_path), "first/deeper", "deeper/place"):
        assert leak not in text, f"{fmt}: machine path {leak!r} leaked into the output"
    assert str(Path.cwd()) not in text
