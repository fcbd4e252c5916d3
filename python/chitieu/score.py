"""Batch scoring of units against target sets: the scorecard."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

import polars as pl

from chitieu import _chitieu
from chitieu._args import _names, _options
from chitieu._chitieu import Progress
from chitieu._frame import _to_polars
from chitieu.composite import Uncertainty
from chitieu.labels import display_lang, heading, number, pick
from chitieu.report import (
    scorecard_html,
    scorecard_narrative,
    scorecard_report,
    scorecard_xlsx,
)
from chitieu.targets import TargetSet, _stacked_targets
from chitieu.targets import targets as chitieu_targets

Sets = Union[str, TargetSet, Sequence[Union[str, TargetSet]]]


def progress(
    years: Iterable[int],
    values: Iterable[float | None],
    *,
    target: float | None = None,
    target_year: int = 2030,
    direction: Literal["increase", "decrease"] = "increase",
    base_year: int | None = None,
    zero_replacement: float = 0.001,
    limit: float | None = None,
    limit_scaling: float | None = None,
    min_points: int = 2,
    strict: bool = False,
) -> Progress:
    # The docstring is the native function's (set below): one text for both.
    checked = _options(
        target=target,
        target_year=target_year,
        direction=direction,
        base_year=base_year,
        zero_replacement=zero_replacement,
        limit=limit,
        limit_scaling=limit_scaling,
        min_points=min_points,
        strict=strict,
    )
    return _chitieu.progress(years, values, **checked)


progress.__doc__ = _chitieu.progress.__doc__


def _set_items(sets: Any) -> list[str | TargetSet]:
    """The target sets of ``sets`` (an id, a :class:`TargetSet` or a list of them).

    >>> _set_items(5)
    Traceback (most recent call last):
    ...
    TypeError: sets=5: expected a target set id, a TargetSet or a list of them, not int
    """
    items = [sets] if isinstance(sets, (str, TargetSet)) else sets
    expected = "expected a target set id, a TargetSet or a list of them"
    if not isinstance(items, Iterable):
        raise TypeError(f"sets={sets!r}: {expected}, not {type(sets).__name__}")
    out = list(items)
    bad = [s for s in out if not isinstance(s, (str, TargetSet))]
    if bad:
        msg = f"sets holds {bad[0]!r}: {expected}, not {type(bad[0]).__name__}"
        raise TypeError(msg)
    return out


def statuses() -> pl.DataFrame:
    """The status classes, best first: ``status`` (Enum), ``label_vi``, ``label_en``,
    ``symbol`` and the colour-blind-safe ``colour`` and readable ``text_colour`` (hex RGB)
    that tables, charts and reports use.

    >>> import chitieu
    >>> chitieu.statuses().row(1, named=True)["label_vi"]
    'Đúng tiến độ'
    """
    return _chitieu.statuses_frame()


#: A symbol per status class, for tables and reports (colour-blind safe: shape, not hue).
STATUS_SYMBOLS: dict[str, str] = dict(statuses().select("status", "symbol").iter_rows())


@dataclass(frozen=True)
class Scorecard:
    """Scores of units against targets: one row per (unit, target), and a summary per set."""

    _rows: pl.DataFrame
    _summary: pl.DataFrame
    _sets: tuple[TargetSet, ...] = ()
    #: The zero replacement the rows were scored with (charts redraw their projections).
    _zero_replacement: float = 0.001

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

    @property
    def sets(self) -> tuple[TargetSet, ...]:
        """The target sets scored (their targets and citations feed the reports)."""
        return self._sets

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Writes :meth:`to_polars` as CSV: UTF-8 with a byte-order mark, so that Excel opens
        the Vietnamese names correctly (polars and pandas read it back unchanged); statuses as
        their codes."""
        self._rows.write_csv(Path(path), include_bom=True)

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Writes :meth:`to_polars` as Parquet (types kept: the status stays an Enum)."""
        self._rows.write_parquet(Path(path))

    def to_excel(self, path: str | os.PathLike[str], *, lang: str = "both") -> None:
        """Writes an Excel workbook: one sheet per plan (status cells filled with the
        colour-blind-safe status colour and marked with its symbol, values and years as
        numbers, filters, frozen headings), a sheet of every target's citation (verbatim
        clause, English rendering, interpretation notes) and a legend. Names and headings
        are in ``lang`` (``"vi"``, ``"en"`` or ``"both"``).

        >>> import tempfile, pathlib, polars as pl, chitieu
        >>> obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
        ...                     "year": [2015, 2023], "value": [4.0, 6.0]})
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "scorecard.xlsx"
        >>> chitieu.score(obs, "lai-chau-69-kl-tw-2024").to_excel(path, lang="vi")
        >>> path.read_bytes()[:2]
        b'PK'
        """
        scorecard_xlsx(self, path, lang=lang)

    def narrative(self, lang: str = "vi", *, html: bool = False) -> str:
        """The narrative for the annual report, written by the core: per plan and unit a
        summary sentence, then per target the paragraph a provincial Department of Science
        and Technology puts in its yearly report (latest value and year, target and
        deadline, status and score, the change a year still required, the average growth
        required and observed, the projected year of attainment, feasibility when scored
        with ``feasibility_window``, and caveats: missing years, figures from press
        summaries, notes of the computation). Markdown (``html=True``: an HTML fragment);
        in a notebook show it with ``IPython.display.Markdown``. Numbers are written as
        ``lang`` writes them.

        >>> import polars as pl, chitieu
        >>> obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
        ...                     "year": [2015, 2023], "value": [4.0, 6.5]})
        >>> text = chitieu.score(obs, "lai-chau-69-kl-tw-2024").narrative("vi")
        >>> "Năm 2023 đạt 6,5 người/1 vạn dân (năm 2015: 4 người/1 vạn dân)." in text
        True
        """
        return scorecard_narrative(self, lang=lang, html=html)

    def to_html(
        self,
        *,
        lang: str = "both",
        title: str | None = None,
        sections: Sequence[tuple[str, str]] = (),
    ) -> str:
        """A standalone HTML page (no scripts, no external files): per plan its title block
        and a table of every row (status coloured and marked with its symbol), then
        ``sections`` (heading, HTML you trust, e.g. inline SVG charts), then the citation
        of every target. For a page with charts use :meth:`report`.

        >>> import polars as pl, chitieu
        >>> obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
        ...                     "year": [2015, 2023], "value": [4.0, 6.0]})
        >>> page = chitieu.score(obs, "lai-chau-69-kl-tw-2024").to_html(lang="en")
        >>> "► Acceleration needed" in page, "Cần đẩy nhanh" in page
        (True, False)
        """
        return scorecard_html(self, lang=lang, title=title, sections=sections)

    def report(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        observations: Any = None,
        lang: str = "both",
        title: str | None = None,
        max_trajectories: int = 40,
    ) -> str:
        """The standalone HTML report of a plan: :meth:`to_html` with charts drawn inline as
        SVG (no scripts, no network): the status overview and, when ``observations`` (the
        long table that was scored) are given, the trajectory of every assessed target
        against its target path, with the projection and the year it is met (at most
        ``max_trajectories``). Written to ``path`` when given (UTF-8); returned as text.
        Needs ``altair`` and ``vl-convert-python``.

        >>> import polars as pl, chitieu
        >>> obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
        ...                     "year": [2015, 2019, 2023], "value": [4.0, 5.0, 6.0]})
        >>> page = chitieu.score(obs, "lai-chau-69-kl-tw-2024").report(observations=obs)
        >>> page.count("<svg"), "Số người làm nghiên cứu khoa học" in page
        (2, True)
        """
        return scorecard_report(
            self,
            path,
            observations=observations,
            lang=lang,
            title=title,
            max_trajectories=max_trajectories,
        )

    def __repr__(self) -> str:
        lang = display_lang()
        column = "status_vi" if lang == "vi" else "status_en"
        counts = self._rows.group_by(column).len().sort(["len", column], descending=[True, False])
        parts = ", ".join(f"{n} {s.lower()}" for s, n in counts.iter_rows())
        if lang == "vi":
            return f"Bảng điểm: {self._rows.height} dòng đơn vị × mục tiêu ({parts})"
        return f"Scorecard: {self._rows.height} unit × target rows ({parts})"

    def _repr_html_(self, max_rows: int = 60) -> str:
        esc = html.escape
        lang = display_lang()
        cols = [
            (heading("unit", lang), "unit_id"),
            (heading("indicator", lang), "indicator_vi"),
            (heading("latest", lang), "latest_value"),
            (heading("target", lang), "target_value"),
            (heading("status", lang), "status"),
            (heading("score", lang), "score"),
            (heading("year_met", lang), "year_met"),
        ]
        show_lang = "en" if lang == "en" else "vi"
        head = "".join(f"<th style='text-align:left'>{c}</th>" for c, _ in cols)
        body = []
        for r in self._rows.head(max_rows).iter_rows(named=True):
            cells = []
            for _, key in cols:
                v = r[key]
                if key == "status":
                    label = pick(r["status_vi"], r["status_en"], lang)
                    v = f"{STATUS_SYMBOLS[v]} {label}"
                elif key == "unit_id":
                    v = r.get(f"unit_{show_lang}") or v
                elif key == "indicator_vi":
                    name = pick(r["indicator_vi"], r["indicator_en"], lang) if v else None
                    v = f"{name or r['indicator'] or '—'}"
                elif isinstance(v, float):
                    v = number(v, lang)
                cells.append(f"<td style='text-align:left'>{esc('' if v is None else str(v))}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        rows_word = "dòng" if lang == "vi" else "rows"
        more = "" if self._rows.height <= max_rows else f"<p>… {self._rows.height} {rows_word}</p>"
        return f"<table><tr>{head}</tr>{''.join(body)}</table>{more}"


def score(
    observations: Any,
    sets: Sets,
    *,
    units: Sequence[str] | None = None,
    projection: Literal["cagr", "linear", "time_weighted"] = "cagr",
    base_year: int | None = None,
    zero_replacement: float = 0.001,
    limit_scaling: float | None = None,
    min_points: int = 2,
    carry_to_successor: bool = False,
    feasibility_window: int | None = None,
    uncertainty: Uncertainty | None = None,
) -> Scorecard:
    """Score units against every target of one or more target sets.

    ``sets``: a shipped set id, a :class:`TargetSet` (e.g. loaded from your TOML), or a list
    of them. Each set is scored on its own unit (national sets on unit ``"vn"``) unless
    ``units`` lists the units to score every set on. Each target kind is measured as in the
    Open SDG method (see docs/methods.md and docs/targets.md): trend targets scale their
    thresholds by the natural-limit factor C from the catalog's limit of the indicator
    (``limit_factor`` column), or by ``limit_scaling`` when given; the projection to the
    target year uses ``projection`` (CAGR extrapolation by default; ``"linear"`` OLS trend;
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
    o = _options(
        projection=projection,
        base_year=base_year,
        zero_replacement=zero_replacement,
        limit_scaling=limit_scaling,
        min_points=min_points,
        carry_to_successor=carry_to_successor,
        feasibility_window=feasibility_window,
    )
    scored = _names(units, "units", distinct=True)  # a unit listed twice is scored once
    items = _set_items(sets)
    ids = [s for s in items if isinstance(s, str)]
    natives = [s._native for s in items if isinstance(s, TargetSet)]
    rows, summary = _chitieu.score_frames(
        _to_polars(observations),
        ids,
        natives,
        scored,
        o["projection"],
        o["base_year"],
        o["zero_replacement"],
        o["limit_scaling"],
        o["min_points"],
        o["carry_to_successor"],
        o["feasibility_window"],
    )
    resolved = tuple(s if isinstance(s, TargetSet) else chitieu_targets(s) for s in items)
    if uncertainty is not None:
        rows = _with_p_met(rows, resolved, uncertainty)
    return Scorecard(rows, summary, resolved, o["zero_replacement"])


def _with_p_met(
    rows: pl.DataFrame, sets: Sequence[TargetSet], uncertainty: Uncertainty
) -> pl.DataFrame:
    """Adds ``p_met`` to top-k rows from the uncertainty analysis (null elsewhere)."""
    in_index = set(uncertainty.ranks["unit_id"])
    targets = _stacked_targets(sets).filter(pl.col("kind") == "top_k")
    p_met: dict[tuple[str, str], float] = {}
    for t in targets.iter_rows(named=True):
        group = _chitieu.group_members(t["group"], t["membership_date"])
        members = [m for m in group or () if m in in_index]
        if not members:
            continue
        probs = uncertainty.prob_rank_at_most(int(t["value"]), {t["group"]: members})
        for unit, p in zip(probs["unit_id"], probs["p"]):
            p_met[(unit, t["target_id"])] = p
    found = pl.DataFrame(
        [(u, t, p) for (u, t), p in p_met.items()],
        schema={"unit_id": pl.String, "target_id": pl.String, "p_met": pl.Float64},
        orient="row",
    )
    return rows.join(found, on=["unit_id", "target_id"], how="left", maintain_order="left")
