"""Character-level fuzzing of the CLI on the real articles and the seed (issue 16).

Each example takes a real article and inserts, replaces or deletes characters anywhere
(backslashes and regex replacement syntax, control characters, any Unicode, a lone surrogate
that makes the file invalid UTF-8) or cuts it off anywhere, then runs ``olygraph export -o``
and ``olygraph inspect`` on it as a user would. Whatever the text:

- the exit code is 0, 1 or 2 (never 3, the internal error);
- stderr holds no traceback and only ``olygraph…`` lines (on exit 1, the SHACL report and
  then one ``validation failed`` line);
- ``-o`` is atomic: on exit 1 or 2 the previous file is intact, on 0 it parses, and no
  temporary file is left beside it.

The budget is fixed (``max_examples``, no deadline, derandomized, no example database) so that
CI runs the same examples on every push; ``scripts/fuzz`` runs the same kind of mutations for
as long as you like and prints what it tried.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from test_cli import cli
from test_fuzz import NAMES, TEXTS

CI = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),  # shrinking whole articles takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: what a hostile or broken input holds: regex replacement syntax, escapes, controls, odd Unicode
NASTY = [
    "\\", "\\u", "\\1", "\\g<0>", "\\n", "$1", "{?value}", "{$this}", "%s", "\x00", "\x01",
    "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u00a0", "\u200b", "\u200e", "\u2028",
    "\u2029", "\ufeff", "\ufffd", "\U0001f3c5", "\ud800", "\r", "\r\n", "\t", "|", "=", "- ",
    '"', "'", "<", ">", "&", "NaN", "1e309", "-0", "99999",
]  # fmt: skip
piece = st.one_of(st.sampled_from(NASTY), st.characters(), st.text(max_size=6))


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """(file name, text, what was done) for one mutation of a real article."""
    name = draw(st.sampled_from(NAMES))
    text = TEXTS[name]
    done: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "replace", "delete", "cut"]))
        if op == "cut":
            text = text[:at]
        elif op == "delete":
            n = draw(st.integers(1, 40))
            text = text[:at] + text[at + n :]
        else:
            new = draw(piece)
            text = text[:at] + new + text[at + (1 if op == "replace" else 0) :]
            op = f"{op} {new!r}"
        done.append(f"{op} at {at}")
    return name, text, done


def check_stderr(stderr: str, code: int) -> None:
    """No traceback; ``olygraph…`` lines only, except the SHACL report that exit 1 prints
    before its one ``validation failed`` line."""
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    lines = stderr.splitlines()
    if code == 1:
        assert lines[-1].startswith("olygraph: error: validation failed ("), stderr
        lines = [line for line in lines if line.startswith("olygraph")]
    assert all(line.startswith("olygraph") for line in lines), stderr


@CI
@given(mutated())
def test_cli_on_articles_mutated_character_by_character(case: tuple[str, str, list[str]]) -> None:
    name, text, _done = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: not UTF-8
        target = Path(tmp) / "out.ttl"
        target.write_text("old\n")
        export = cli("export", path, "-o", target)
        assert export.exit_code in (0, 1, 2), export.stderr
        check_stderr(export.stderr, export.exit_code)
        if export.exit_code == 0:
            Graph().parse(target, format="turtle")
        else:
            assert target.read_text() == "old\n"
        assert sorted(p.name for p in Path(tmp).iterdir()) == sorted([name, "out.ttl"])
        inspect = cli("inspect", path)
        assert inspect.exit_code in (0, 2), inspect.stderr
        check_stderr(inspect.stderr, inspect.exit_code)
