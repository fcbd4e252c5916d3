"""Batch scoring of units against target sets: the scorecard."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Union

import polars as pl

from chitieu import _chitieu
from chitieu.composite import Uncertainty
from chitieu.observations import _to_polars
from chitieu.targets import TargetSet
from chitieu.targets import targets as chitieu_targets

Sets = Union[str, TargetSet, Sequence[Union[str, TargetSet]]]

#: A symbol per status class, for tables and reports (colour-blind safe: shape, not hue).
STATUS_SYMBOLS = {
    "target_achieved": "★",
    "on_track": "▲",
    "acceleration_needed": "►",
    "limited_progress": "▼",
    "deterioration": "✖",
    "not_achieved": "○",
    "unable_to_assess": "?",
    "not_measurable": "–",
}


@dataclass(frozen=True)
class Scorecard:
    """Scores of units against targets: one row per (unit, target), and a summary per set."""

    _rows: pl.DataFrame
    _summary: pl.DataFrame

    def to_polars(self) -> pl.DataFrame:
        """One row per (unit, target): values, target, status (Enum, best first), score,
        projections, the year the target is met, the method and any note."""
        return self._rows

    def summary(self) -> pl.DataFrame:
        """One row per (unit, set): mean score of the scored targets, status, and whether
        every measurable target is achieved."""
        return self._summary

    def __len__(self) -> int:
        return self._rows.height

    def __repr__(self) -> str:
        counts = self._rows.group_by("status_en").len().sort("len", descending=True)
        parts = ", ".join(f"{n} {s.lower()}" for s, n in counts.iter_rows())
        return f"Scorecard: {self._rows.height} unit × target rows ({parts})"

    def _repr_html_(self, max_rows: int = 60) -> str:
        esc = html.escape
        cols = [
            ("Đơn vị / Unit", "unit_id"),
            ("Chỉ tiêu / Indicator", "indicator_vi"),
            ("Mới nhất / Latest", "latest_value"),
            ("Mục tiêu / Target", "target_value"),
            ("Trạng thái / Status", "status"),
            ("Điểm / Score", "score"),
            ("Năm đạt (dự báo) / Year met", "year_met"),
        ]
        head = "".join(f"<th style='text-align:left'>{c}</th>" for c, _ in cols)
        body = []
        for r in self._rows.head(max_rows).iter_rows(named=True):
            cells = []
            for _, key in cols:
                v = r[key]
                if key == "status":
                    v = f"{STATUS_SYMBOLS[v]} {r['status_vi']} / {r['status_en']}"
                elif key == "indicator_vi":
                    v = f"{v or r['indicator'] or '—'}"
                elif isinstance(v, float):
                    v = f"{v:.2f}"
                cells.append(f"<td style='text-align:left'>{esc('' if v is None else str(v))}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        more = "" if self._rows.height <= max_rows else f"<p>… {self._rows.height} rows</p>"
        return f"<table><tr>{head}</tr>{''.join(body)}</table>{more}"


def score(
    observations: Any,
    sets: Sets,
    *,
    units: Sequence[str] | None = None,
    projection: Literal["cagr", "linear", "time_weighted"] = "cagr",
    base_year: int | None = None,
    zero_replacement: float = 0.001,
    limit_scaling: float = 1.0,
    min_points: int = 2,
    carry_to_successor: bool = False,
    feasibility_window: int | None = None,
    uncertainty: Uncertainty | None = None,
) -> Scorecard:
    """Score units against every target of one or more target sets.

    ``sets``: a shipped set id, a :class:`TargetSet` (e.g. loaded from your TOML), or a list
    of them. Each set is scored on its own unit (national sets on unit ``"vn"``) unless
    ``units`` lists the units to score every set on. Each target kind is measured as in the
    Open SDG method (see docs/targets.md); the projection to the target year uses
    ``projection`` (CAGR extrapolation by default; ``"linear"`` OLS trend;
    ``"time_weighted"`` trend). Missing data gives *unable to assess* with the reason.
    A plan of a pre-reform province is scored on its own geography; with
    ``carry_to_successor=True`` it is scored on the post-reform unit it merged into, and
    every row's ``note`` carries a warning. With ``feasibility_window=w`` each target's
    required CAGR is placed among the CAGRs units sustained over ``w`` years in
    ``observations`` (``feasibility_percentile`` and ``feasibility``: ordinary, ambitious,
    unprecedented, beyond_observed; see :func:`chitieu.sustained_growth`). With an
    ``uncertainty`` analysis of a composite index (:meth:`chitieu.Composite.uncertainty`),
    top-k rows gain ``p_met``: the probability, over the index's replications, that the unit
    ranks within the top k of the target's group (members of the group that are in the
    index; ties share the best rank).

    >>> import polars as pl, chitieu
    >>> obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
    ...                     "year": [2015, 2023], "value": [4.0, 6.0]})
    >>> card = chitieu.score(obs, "lai-chau-69-kl-tw-2024")
    >>> row = card.to_polars().filter(pl.col("indicator") == "researchers_per_10k")
    >>> row["status"].item(), row["target_value"].item()
    ('acceleration_needed', 10.0)
    """
    items = [sets] if isinstance(sets, (str, TargetSet)) else list(sets)
    ids = [s for s in items if isinstance(s, str)]
    texts = [(s.to_toml(), f"<TargetSet {s.id}>") for s in items if isinstance(s, TargetSet)]
    rows, summary = _chitieu.score_frames(
        _to_polars(observations),
        ids,
        texts,
        list(units) if units is not None else None,
        projection,
        base_year,
        zero_replacement,
        limit_scaling,
        min_points,
        carry_to_successor,
        feasibility_window,
    )
    if uncertainty is not None:
        rows = _with_p_met(rows, items, uncertainty)
    return Scorecard(rows, summary)


def _with_p_met(rows: pl.DataFrame, items: list, uncertainty: Uncertainty) -> pl.DataFrame:
    """Adds ``p_met`` to top-k rows from the uncertainty analysis (null elsewhere)."""
    in_index = set(uncertainty.ranks["unit_id"])
    targets = pl.concat(
        [(s if isinstance(s, TargetSet) else chitieu_targets(s)).to_polars() for s in items],
        how="diagonal_relaxed",
    ).filter(pl.col("kind") == "top_k")
    p_met: dict[tuple[str, str], float] = {}
    for t in targets.iter_rows(named=True):
        kind, _, region = (t["group"] or "").partition(":")
        if kind != "region":
            continue
        members = [
            m for m in _chitieu.region_members(region, t["membership_date"]) if m in in_index
        ]
        if not members:
            continue
        probs = uncertainty.prob_rank_at_most(int(t["value"]), {region: members})
        for unit, p in zip(probs["unit_id"], probs["p"]):
            p_met[(unit, t["target_id"])] = p
    found = pl.DataFrame(
        [(u, t, p) for (u, t), p in p_met.items()],
        schema={"unit_id": pl.String, "target_id": pl.String, "p_met": pl.Float64},
        orient="row",
    )
    return rows.join(found, on=["unit_id", "target_id"], how="left", maintain_order="left")
