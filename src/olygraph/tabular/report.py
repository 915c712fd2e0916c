"""What a dataset export reports: skipped rows, repeated keys, conflicting athletes, NOCs
without a region. Typed and frozen; rendering to the lines the CLI prints lives here too."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row that could not be used: where, which column (None: the row), the value, and
    what was expected. The row is left out; the export goes on."""

    file: str
    line: int
    column: str | None
    value: str
    expected: str

    def __str__(self) -> str:
        if self.column is None:
            where = f"{self.file}:{self.line}"
            return f"{where}: {self.value} fields, expected {self.expected}; row skipped"
        return (
            f"{self.file}:{self.line}: column {self.column}: {self.value!r}, "
            f"expected {self.expected}; row skipped"
        )


@dataclass(frozen=True, slots=True)
class RepeatedKey:
    """A row whose key (ID, Games, Event for the athlete table; NOC for the NOC table) an
    earlier row already had: merged into the same nodes, never doubled."""

    file: str
    key: tuple[str, ...]
    first_line: int
    line: int
    differing: tuple[str, ...]  # the columns whose values differ from the first row's

    def __str__(self) -> str:
        what = f"differs in {', '.join(self.differing)}" if self.differing else "identical"
        return (
            f"{self.file}:{self.line}: repeats the key {', '.join(self.key)} of line "
            f"{self.first_line} ({what}); merged"
        )


@dataclass(frozen=True, slots=True)
class AthleteConflict:
    """A row giving an athlete ID another name or sex than its first row: both are kept."""

    file: str
    athlete_id: str
    column: str
    first_line: int
    first_value: str
    line: int
    value: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: athlete {self.athlete_id} has {self.column} "
            f"{self.value!r}, but {self.first_value!r} at line {self.first_line}; both kept"
        )


@dataclass(frozen=True, slots=True)
class NocWithoutRegion:
    """A NOC code of the athlete table that the NOC table given with it does not list."""

    code: str
    file: str
    first_line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.first_line}: NOC {self.code} has no row in the NOC table"


@dataclass(frozen=True, slots=True)
class FileReport:
    """One CSV file read: its kind, rows, and everything noticed on the way."""

    file: str
    kind: str
    rows: int
    skipped: tuple[SkippedRow, ...] = ()
    repeated: tuple[RepeatedKey, ...] = ()
    conflicts: tuple[AthleteConflict, ...] = ()
    team_events: int = 0


@dataclass(frozen=True, slots=True)
class DatasetReport:
    """Every dataset file of one export, in the order written, and the triples written."""

    files: tuple[FileReport, ...]
    nocs_without_region: tuple[NocWithoutRegion, ...] = ()
    triples: int = 0

    @property
    def skipped(self) -> tuple[SkippedRow, ...]:
        return tuple(s for f in self.files for s in f.skipped)

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)


def summary_lines(report: DatasetReport) -> list[str]:
    """What ``olygraph export`` says on stderr after writing: each skipped row, then one note
    per kind of finding (``olygraph inspect`` lists them one by one)."""
    lines = [f"error: {s}" for s in report.skipped]
    for f in report.files:
        if f.repeated:
            differ = sum(1 for r in f.repeated if r.differing)
            lines.append(
                f"note: {f.file}: {len(f.repeated):,} rows repeat the key of an earlier row and "
                f"were merged, not doubled ({differ:,} with differing values; "
                "olygraph inspect lists them)"
            )
        if f.conflicts:
            lines.append(
                f"note: {f.file}: {len(f.conflicts):,} rows give an athlete another name or sex; "
                "both values kept (olygraph inspect lists them)"
            )
    for n in report.nocs_without_region:
        lines.append(f"note: {n}")
    if report.skipped:
        lines.append(f"error: skipped {len(report.skipped):,} of {report.rows:,} rows; see above")
    return lines


def inspect_lines(report: DatasetReport) -> list[str]:
    """Everything, one finding per line, per file (``olygraph inspect`` on datasets)."""
    out: list[str] = []
    for f in report.files:
        out.append(f"== {f.file} ({f.kind}): {f.rows:,} rows")
        if f.kind == "athlete-events":
            out.append(f"team events (by the team-event rule): {f.team_events:,}")
        out.append(f"skipped rows: {len(f.skipped):,}")
        out += [f"  {s}" for s in f.skipped]
        out.append(f"repeated keys: {len(f.repeated):,}")
        out += [f"  {r}" for r in f.repeated]
        if f.kind == "athlete-events":
            out.append(f"athletes with another name or sex: {len(f.conflicts):,}")
            out += [f"  {c}" for c in f.conflicts]
    if report.nocs_without_region:
        out.append(f"NOCs without a region: {len(report.nocs_without_region):,}")
        out += [f"  {n}" for n in report.nocs_without_region]
    out.append(f"triples: {report.triples:,}")
    return out
