"""Click parameter types shared by the commands."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # generic from click 8.5 on
    _ParamType = click.ParamType[float, Any]
else:
    _ParamType = click.ParamType


class Seconds(_ParamType):
    """A duration in seconds: a number greater than 0 and at most :attr:`longest` (``-1``,
    ``0``, ``nan``, ``inf`` and ``1e300`` are usage errors, exit 2, instead of failing later
    inside the HTTP client)."""

    name = "seconds"
    longest = 1_000_000.0

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not (math.isfinite(seconds) and 0 < seconds <= self.longest):
            self.fail(
                f"{value!r}: expected a number of seconds greater than 0 and at most "
                f"{self.longest:,.0f}",
                param,
                ctx,
            )
        return seconds
