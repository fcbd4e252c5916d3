"""Composite indices (PII / GII / COINr style): pipeline stages and rank uncertainty."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Optional

import polars as pl

from chitieu import _chitieu
from chitieu._args import _choice, _ids, _whole
from chitieu._composite_spec import (
    MethodSpec,
    TreatSpec,
    pipeline_json,
    uncertainty_json,
    weight_pairs,
)
from chitieu._frame import _to_polars
from chitieu._html import _cell, _html_fields, _html_table
from chitieu.labels import check_lang, heading
from chitieu.units import _unit_html

#: One framework row as the native layer takes it: (level, code, direction, weight, parent,
#: type, denominator, target).
_Row = tuple[int, str, int, float, Optional[str], str, Optional[str], Optional[float]]

_ALIASES = {
    "level": "level",
    "icode": "code",
    "code": "code",
    "direction": "direction",
    "weight": "weight",
    "parent": "parent",
    "type": "type",
    "denominator": "denominator",
    "target": "target",
}


def _rows(framework: Any) -> list[_Row]:
    """Framework rows from a COINr-style iMeta table (Level, iCode, Direction, Weight,
    Parent, Type, optional Denominator and Target; any letter case)."""
    meta = _to_polars(framework)
    meta = meta.rename({c: _ALIASES[c.lower()] for c in meta.columns if c.lower() in _ALIASES})
    missing = {"level", "code", "weight", "parent", "type"} - set(meta.columns)
    if missing:
        msg = f"framework lacks columns {sorted(missing)} (COINr iMeta: Level, iCode, ...)"
        raise _chitieu.SchemaError(msg)
    for col in ("direction", "denominator", "target"):
        if col not in meta.columns:
            meta = meta.with_columns(pl.lit(None).alias(col))
    # COINr's iMeta also lists group, denominator and other variables (Type "Group",
    # "Denominator", "Other"): they describe data, not nodes of the tree. Any other Type is an
    # error: a misspelled "Indicatr" must not drop an indicator from the index.
    types = meta["type"].cast(pl.String).str.strip_chars().str.to_lowercase()
    tree, data_only = ["indicator", "aggregate"], ["group", "denominator", "other"]
    bad = [
        f"row {i} ({code!r}): Type {raw!r}"
        for i, (code, raw, t) in enumerate(zip(meta["code"], meta["type"], types))
        if t not in tree + data_only
    ]
    if bad:
        msg = (
            "framework: unknown Type in " + "; ".join(bad) + ". Expected Indicator or Aggregate "
            "(nodes of the tree), or Group, Denominator or Other (data columns, left out)"
        )
        raise _chitieu.InvalidValueError(msg)
    meta = meta.filter(types.is_in(tree))
    out: list[_Row] = []
    for r in meta.iter_rows(named=True):
        direction = r["direction"] if r["direction"] is not None else 1
        parent = r["parent"] if r["parent"] not in (None, "") else None
        denominator = r["denominator"] if r["denominator"] not in (None, "") else None
        target = float(r["target"]) if r["target"] is not None else None
        out.append(
            (int(r["level"]), str(r["code"]), int(direction), float(r["weight"]), parent,
             str(r["type"]), denominator, target)
        )  # fmt: skip
    return out


def _wide(data: Any, codes: Sequence[str]) -> pl.DataFrame:
    frame = _to_polars(data)
    missing = [c for c in codes if c not in frame.columns]
    if "unit_id" not in frame.columns or missing:
        msg = f"data needs unit_id and every indicator of the framework; missing: {missing}"
        raise _chitieu.SchemaError(msg)
    return frame.select("unit_id", *codes)


def _example() -> Composite:
    """The three-unit index of :func:`composite`'s example (for the examples of methods)."""
    data = pl.DataFrame({"unit_id": ["a", "b", "c"], "x": [1.0, 2.0, 3.0], "y": [3.0, 1.0, 2.0]})
    framework = pl.DataFrame(
        {"Level": [1, 1, 2], "iCode": ["x", "y", "Index"], "Weight": [1.0, 1.0, 1.0],
         "Parent": ["Index", "Index", None], "Type": ["Indicator", "Indicator", "Aggregate"]}
    )  # fmt: skip
    return composite(data, framework, treat=False)


@dataclass(frozen=True)
class Uncertainty:
    """Ranks over Monte Carlo replications of the index (seeded, reproducible)."""

    ranks: pl.DataFrame
    #: The replications, kept by the Rust core: questions about them rerun nothing.
    _native: _chitieu.Uncertainty = field(repr=False, compare=False)

    @cached_property
    def sensitivity(self) -> pl.DataFrame | None:
        """First-order sensitivity index of each uncertain input (binned correlation ratio
        of the mean absolute rank shift, 20 bins a weight), computed when first asked for;
        None with fewer than 40 replications."""
        return self._native.sensitivity(20)

    def prob_rank_at_most(
        self, k: int, groups: Mapping[str, Sequence[str]] | None = None
    ) -> pl.DataFrame:
        """``P(rank ≤ k)`` per unit over the replications, ranks recomputed within each
        group (``{name: [unit ids]}``; default: all units). Ties share the best rank, so
        without ties the probabilities of a group sum to ``k``.

        >>> unc = _example().uncertainty(200, seed=1)
        >>> p = unc.prob_rank_at_most(1, {"ab": ["a", "b"]})
        >>> p.columns, round(p["p"].sum(), 6)
        (['group', 'unit_id', 'k', 'p'], 1.0)
        """
        k = _whole(k, "k", 1, 2**31)
        if groups is not None and not isinstance(groups, Mapping):
            msg = f"groups must map a group's name to its unit ids, not {type(groups).__name__}"
            raise TypeError(msg)
        g = [(name, _ids(m, f"groups[{name!r}]")) for name, m in groups.items()] if groups else None
        return self._native.prob_rank_at_most(k, g)

    def to_html(self, lang: str = "both", max_rows: int = 40) -> str:
        """Median rank and 5–95% rank interval of each unit (best median first, at most
        ``max_rows``), then the first-order sensitivity of the most influential inputs;
        headings and unit names in ``lang`` (``"vi"``, ``"en"`` or ``"both"``).

        >>> page = _example().uncertainty(100, seed=1).to_html("vi")
        >>> "Thứ hạng trung vị" in page, "Median rank" in page
        (True, False)
        """
        check_lang(lang)
        ranks = self.ranks.sort("median_rank", "nominal_rank")
        n = self._native.replications
        rows = [
            [_unit_html(r["unit_id"], lang), _cell(r["nominal_rank"]),
             _cell(r["median_rank"], 1), f"{_cell(r['q05'], 1)} – {_cell(r['q95'], 1)}"]
            for r in ranks.head(max_rows).iter_rows(named=True)
        ]  # fmt: skip
        header = [heading(k, lang) for k in ("unit", "nominal_rank", "median_rank",
                                             "rank_interval")]  # fmt: skip
        parts = [
            f"<b>{_cell(heading('rank_uncertainty', lang))}</b>",
            _html_fields([(heading("replications", lang), _cell(n))]),
            _html_table(header, rows),
            _more(ranks.height, max_rows),
        ]
        if self.sensitivity is not None and self.sensitivity.height:
            top = self.sensitivity.sort("first_order", descending=True, nulls_last=True)
            sens = [[_cell(r["input"]), _cell(r["first_order"], 3)]
                    for r in top.head(10).iter_rows(named=True)]  # fmt: skip
            header = [heading("uncertain_input", lang), heading("first_order", lang)]
            parts += [_html_table(header, sens), _more(top.height, 10)]
        return f"<div>{''.join(parts)}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


@dataclass(frozen=True)
class Sensitivity:
    """Variance-based sensitivity of the index ranks (COINr's ``SA_type = "SA"``): per
    uncertain input, the first-order and total Sobol indices of the mean absolute rank shift
    from the nominal ranks, with 90 % bootstrap intervals (``indices``); rank statistics
    over the A and B samples (``ranks``)."""

    indices: pl.DataFrame
    ranks: pl.DataFrame
    #: Variance of the output (mean absolute rank shift) over the A and B runs.
    variance: float
    _native: _chitieu.Uncertainty = field(repr=False, compare=False)


def _more(total: int, shown: int) -> str:
    """``… shown / total`` under a table cut at ``shown`` rows (nothing when not cut)."""
    return f"<p>… {shown} / {total}</p>" if total > shown else ""


@dataclass(frozen=True)
class Composite:
    """A composite index built stage by stage; every stage is kept and inspectable."""

    stages: dict[str, pl.DataFrame]
    treatment: pl.DataFrame
    ranks: pl.DataFrame
    root: str
    _rows: list[_Row] = field(repr=False)
    #: The pipeline specification (JSON) and weights it was built with: the nominal choices
    #: of an uncertainty analysis.
    _spec: str = field(repr=False, default="{}")
    _weights: list[tuple[str, float]] | None = field(repr=False, default=None)
    #: Units the screen removed.
    removed: tuple[str, ...] = ()

    def stage(self, name: str) -> pl.DataFrame:
        """``raw``, ``denominated``, ``imputed``, ``screened``, ``treated``, ``normalised``
        or ``aggregated`` (wide: ``unit_id`` then one column per indicator / aggregate).

        >>> _example().stage("normalised").rows()
        [('a', 0.0, 100.0), ('b', 50.0, 0.0), ('c', 100.0, 50.0)]
        """
        return self.stages[_choice(name, "stage", tuple(self.stages))]

    def scores(self) -> pl.DataFrame:
        """The index and its rank, best first.

        >>> _example().scores().rows()
        [('c', 75.0, 1), ('a', 50.0, 2), ('b', 25.0, 3)]
        """
        agg = self.stages["aggregated"].select("unit_id", pl.col(self.root).alias("score"))
        rank = self.ranks.select("unit_id", pl.col(self.root).alias("rank"))
        return agg.join(rank, on="unit_id").sort("rank")

    def uncertainty(
        self,
        n: int = 10_000,
        *,
        seed: int = 0,
        weight_noise: float = 0.25,
        weight_levels: Sequence[int] | None = None,
        normalisations: Sequence[MethodSpec] | None = None,
        aggregations: Sequence[MethodSpec] | None = None,
        treatments: Sequence[TreatSpec] | None = None,
    ) -> Uncertainty:
        """Monte Carlo over the construction choices, as COINr's ``get_sensitivity``: each
        weight at ``weight_levels`` (default: every level below the index) perturbed
        uniformly within ±``weight_noise``, and one of each list of alternatives drawn
        uniformly: ``normalisations`` and ``aggregations`` (specs as in :func:`composite`),
        ``treatments`` (e.g. ``[{"winmax": w} for w in range(1, 6)]``). A list not given
        keeps the index's own choice. The index is recomputed from the screened data in
        each of ``n`` replications (parallel, identical for the same seed); every unit's
        nominal, mean, median, 5th and 95th percentile rank (R's type 7 quantiles, ties
        "min") and a first-order sensitivity index per uncertain input are reported.

        >>> unc = _example().uncertainty(200, seed=1, weight_noise=0.0)
        >>> unc.ranks.sort("nominal_rank").select("unit_id", "median_rank").rows()
        [('c', 1.0), ('a', 2.0), ('b', 3.0)]
        """
        spec = uncertainty_json(
            n=n, seed=seed, weight_noise=weight_noise, weight_levels=weight_levels,
            normalisations=normalisations, aggregations=aggregations, treatments=treatments,
        )  # fmt: skip
        native = _chitieu.composite_uncertainty(
            self.stages["screened"], self._rows, self._spec, spec, self._weights
        )
        return Uncertainty(native.rank_stats(), native)

    def sensitivity(
        self,
        n: int = 1_000,
        *,
        bootstrap: int = 100,
        seed: int = 0,
        weight_noise: float = 0.25,
        weight_levels: Sequence[int] | None = None,
        normalisations: Sequence[MethodSpec] | None = None,
        aggregations: Sequence[MethodSpec] | None = None,
        treatments: Sequence[TreatSpec] | None = None,
    ) -> Sensitivity:
        """Sobol sensitivity indices of the ranks, as COINr's ``get_sensitivity(SA_type =
        "SA")``: the inputs are the weights (together), the normalisation, the aggregation
        and the treatment, those that vary (at least two; options as in
        :meth:`uncertainty`). Two samples A and B of ``n`` draws and, per input, A with that
        input from B: ``n × (inputs + 2)`` runs. First order (Saltelli 2010) and total
        (Jansen) indices of the mean absolute rank shift, with 5–95 % intervals from
        ``bootstrap`` resamples (0: none); methods.md §6.

        >>> s = _example().sensitivity(200, weight_noise=0.5,
        ...     aggregations=["arith_mean", "harm_mean"],
        ...     normalisations=[{"method": "minmax", "lo": 1, "hi": 100}])
        >>> s.indices["input"].to_list()
        ['weights', 'aggregation']
        """
        spec = uncertainty_json(
            n=n, seed=seed, weight_noise=weight_noise, weight_levels=weight_levels,
            normalisations=normalisations, aggregations=aggregations, treatments=treatments,
        )  # fmt: skip
        indices, native, variance = _chitieu.composite_sobol(
            self.stages["screened"], self._rows, self._spec, spec,
            _whole(bootstrap, "bootstrap", 0, 100_000), self._weights,
        )  # fmt: skip
        return Sensitivity(indices, native.rank_stats(), variance, native)

    def __repr__(self) -> str:
        top = ", ".join(f"{u} {s:.2f}" for u, s, _ in self.scores().head(5).iter_rows())
        return f"Composite index '{self.root}' of {self.ranks.height} units; top 5: {top}"

    def to_html(self, lang: str = "both", max_rows: int = 10) -> str:
        """The index's name and size, then its best ``max_rows`` units with score and rank;
        headings and unit names in ``lang`` (``"vi"``, ``"en"`` or ``"both"``).

        >>> page = _example().to_html("en")
        >>> "Composite index" in page, "Chỉ số tổng hợp" in page
        (True, False)
        """
        check_lang(lang)
        scores = self.scores()
        rows = [
            [_cell(rank), _unit_html(unit, lang), _cell(score)]
            for unit, score, rank in scores.head(max_rows).iter_rows()
        ]
        header = [heading(k, lang) for k in ("rank", "unit", "score")]
        title = f"{heading('composite', lang)}: {self.root}"
        return (
            f"<div><b>{_cell(title)}</b>"
            f"{_html_fields([(heading('members', lang), _cell(self.ranks.height))])}"
            f"{_html_table(header, rows)}{_more(scores.height, max_rows)}</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def composite(
    data: Any,
    framework: Any,
    *,
    denominators: Any = None,
    imputation: MethodSpec = "none",
    groups: str | Sequence[str] | None = None,
    screen: Mapping[str, Any] | None = None,
    treat: TreatSpec = True,
    treat_by: Mapping[str, TreatSpec] | None = None,
    normalisation: MethodSpec = "minmax",
    normalisation_by: Mapping[str, MethodSpec] | None = None,
    weights: Any = None,
    aggregation: MethodSpec = "arith_mean",
    rank_decimals: int | None = None,
) -> Composite:
    """Build a composite index the way COINr does, keeping every stage.

    ``data``: a wide table (``unit_id`` and one column per indicator of the framework);
    ``framework``: a COINr iMeta-style table (Level, iCode, Direction, Weight, Parent, Type;
    optional Denominator, Target). The stages and their settings, with COINr's names
    (docs/methods.md §6.2 lists every parameter):

    - **denominate** by ``denominators`` (a wide table of the denominator columns named in
      the framework's Denominator column);
    - **impute**: ``"none"``, ``"mean"``, ``"median"``, or ``"group_mean"`` /
      ``"group_median"`` within ``groups`` (a column of ``data`` or a list);
    - **screen** units by data availability: ``{"dat_thresh": 0.9}`` (COINr ``Screen``; also
      ``rule`` ``"byNA"``/``"byzeros"``/``"byNAandzeros"``, ``nonzero_thresh``, ``force``);
    - **treat** outliers: ``True`` (Winsorise while |skewness| > 2 and kurtosis > 3.5, at
      most ``winmax`` points, then the log fallback), ``False``, or settings such as
      ``{"winmax": 1, "skew_thresh": 2, "kurt_thresh": 3.5, "fallback": "log_CT"}``;
      ``treat_by`` per indicator (``{"Goods": False}``);
    - **normalise**: ``"minmax"`` (0–100), ``"zscore"``, ``"rank"``, ``"prank"``,
      ``"dist2targ"``, ``"goalposts"``, ``"none"``, or a dict with parameters:
      ``{"method": "minmax", "lo": 1, "hi": 100}``, ``{"method": "zscore", "mean": 10,
      "sd": 2}``, ``{"method": "dist2targ", "cap": True}``; ``normalisation_by`` per
      indicator;
    - **weights** over the framework's: ``{code: weight}`` or a table (iCode, Weight);
    - **aggregate** level by level: ``"arith_mean"``, ``"geom_mean"``, ``"harm_mean"`` or
      ``{"method": "geom_mean", "min_share": 0.5}`` (COINr's data-availability threshold);
    - **rank**: ties share the best rank; scores rounded to ``rank_decimals`` first if given.

    A bad combination raises a typed error naming node and unit (e.g. a geometric mean over a
    zero: normalise onto ``[1, 100]``). ``data``, ``framework``, ``denominators`` and
    ``weights`` may be polars or pandas DataFrames (a pandas index named ``unit_id``, as
    ``pivot`` gives, is the unit column).

    >>> import polars as pl, chitieu
    >>> data = pl.DataFrame({"unit_id": ["a", "b", "c"], "x": [1.0, 2.0, 3.0],
    ...                      "y": [3.0, 1.0, 2.0]})
    >>> framework = pl.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"],
    ...     "Weight": [1.0, 1.0, 1.0], "Parent": ["Index", "Index", None],
    ...     "Type": ["Indicator", "Indicator", "Aggregate"]})
    >>> chitieu.composite(data, framework, treat=False).scores().rows()
    [('c', 75.0, 1), ('a', 50.0, 2), ('b', 25.0, 3)]
    >>> z = chitieu.composite(data, framework, treat=False, aggregation="geom_mean",
    ...                       normalisation={"method": "zscore", "mean": 10, "sd": 2})
    >>> z.scores()["rank"].to_list()
    [1, 2, 3]
    """
    rows = _rows(framework)
    codes = [r[1] for r in rows if r[5].lower() == "indicator"]
    frame = _to_polars(data)
    group_list = (
        None if groups is None else list(frame[groups] if isinstance(groups, str) else groups)
    )
    wide = _wide(frame, codes)
    den = _to_polars(denominators) if denominators is not None else None
    spec = pipeline_json(
        imputation=imputation, screen=screen, treat=treat, treat_by=treat_by,
        normalisation=normalisation, normalisation_by=normalisation_by,
        aggregation=aggregation, rank_decimals=rank_decimals,
    )  # fmt: skip
    pairs = weight_pairs(weights)
    out = _chitieu.composite_run(wide, rows, spec, den, group_list, pairs)
    stages = {k: out[k] for k in ("raw", "denominated", "imputed", "screened", "treated",
                                  "normalised", "aggregated")}  # fmt: skip
    root = next(r[1] for r in rows if r[4] is None)
    return Composite(
        stages, out["treatment"], out["ranks"], root, rows, spec, pairs, tuple(out["removed"])
    )
