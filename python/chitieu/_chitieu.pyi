"""Type stubs of the native module ``chitieu._chitieu`` (pyo3, abi3).

Checked against the compiled module by ``tests/test_stubs.py`` (``mypy.stubtest`` and a
comparison of names and parameter names), so a function added in Rust without a stub, or a
stub left behind by a removed function, fails the tests.
"""

from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from typing import Any, ClassVar, Literal, final

import polars as pl
from typing_extensions import TypeAlias

__all__ = [
    "ChitieuError",
    "DefinitionError",
    "DerivationError",
    "DuplicateKeyError",
    "FeasibilityRates",
    "InternalError",
    "InvalidValueError",
    "Progress",
    "SchemaError",
    "Status",
    "TargetSet",
    "TargetSetError",
    "Uncertainty",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "catalog_frame",
    "components_frame",
    "composite_run",
    "composite_sobol",
    "composite_uncertainty",
    "derive",
    "feasibility",
    "format_date",
    "format_number",
    "group_members",
    "headings",
    "indicator",
    "pick_label",
    "place_within",
    "progress",
    "projection_path",
    "rank",
    "region_id",
    "region_members",
    "regions_frame",
    "resolve_region",
    "resolve_unit",
    "score_frames",
    "scorecard_html",
    "scorecard_narrative",
    "scorecard_xlsx",
    "statuses_frame",
    "sustained_growth_rows",
    "target_phrase",
    "target_sets_frame",
    "tfp_sensitivity",
    "tfp_table",
    "to_post_reform",
    "unit_id_for_name",
    "units_frame",
    "validate_observations",
]

__version__: str

# Exceptions. ``errors`` is set on the instance when the native layer has details (one dict
# per problem: code, row, column, unit_id, indicator, year, message...).

class ChitieuError(Exception):
    """Base class of every error raised by chitieu."""

class ValidationError(ChitieuError):
    """Input failed validation; ``errors`` lists every problem with its location."""

    errors: list[dict[str, Any]]

class SchemaError(ValidationError):
    """A column is missing, unexpected or of the wrong type."""

class DuplicateKeyError(ValidationError):
    """A (unit_id, indicator, year) key, or a year of a series, appears twice."""

class InvalidValueError(ValidationError):
    """A value, year, id or option that cannot be used."""

class DefinitionError(ValidationError):
    """Indicator or component definitions are invalid."""

class DerivationError(ValidationError):
    """Raw statistics could not be turned into indicators (strict mode)."""

class TargetSetError(ValidationError):
    """A target set is invalid (each problem names file, line, target and field) or unknown."""

class UnknownIdError(ChitieuError):
    """An indicator, component, unit or region id that does not exist."""

    errors: list[dict[str, Any]]

class InternalError(ChitieuError):
    """A bug in chitieu: the Rust core failed where it should have returned an error."""

# Argument shapes of the private functions the Python wrappers call.

#: User definitions: (text, file name for messages, "toml" | "json").
_Definitions: TypeAlias = tuple[str, str, str] | None
#: One framework row: (level, code, direction, weight, parent, type, denominator, target).
_FrameworkRow: TypeAlias = tuple[int, str, int, float, str | None, str, str | None, float | None]

def validate_observations(df: pl.DataFrame) -> pl.DataFrame:
    """Validates a long observations table and returns it normalised."""

def catalog_frame(definitions: _Definitions = None) -> pl.DataFrame:
    """The catalog's indicators as a DataFrame."""

def components_frame(definitions: _Definitions = None) -> pl.DataFrame:
    """The catalog's components as a DataFrame."""

def indicator(id: str, definitions: _Definitions = None) -> dict[str, Any]:
    """An indicator by id as a dict (raises UnknownIdError with a suggestion)."""

def derive(
    raw: pl.DataFrame, strict: bool = True, definitions: _Definitions = None
) -> pl.DataFrame:
    """Derives indicators from raw statistics."""

def tfp_table(
    df: pl.DataFrame,
    key: str,
    spec_json: str,
    kind: str,
    period: tuple[int, int] | None = None,
    window: int = 5,
) -> pl.DataFrame:
    """Growth accounting for every unit of a long table (``kind``: annual, long, summary,
    windows)."""

def tfp_sensitivity(
    df: pl.DataFrame,
    key: str,
    spec_json: str,
    capital_shares: Sequence[float],
    depreciations: Sequence[float],
) -> pl.DataFrame:
    """TFP share over a grid of capital shares and depreciation rates, for every unit."""

def target_sets_frame() -> pl.DataFrame:
    """The shipped target sets, one row each."""

@final
class TargetSet:
    """A validated target set owned by the Rust core (``chitieu.TargetSet`` wraps it)."""

    def __new__(cls, text: str, file: str = "<string>") -> TargetSet: ...
    @classmethod
    def builtin(cls, set_id: str) -> TargetSet:
        """A shipped set by id."""
    @property
    def id(self) -> str: ...
    @property
    def name_vi(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def issuer_vi(self) -> str: ...
    @property
    def issuer_en(self) -> str: ...
    @property
    def document(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def implements(self) -> list[str]: ...
    @property
    def unit(self) -> str | None:
        """The unit the set applies to (None for national sets)."""
    @property
    def source_file(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    def targets_frame(self) -> pl.DataFrame:
        """One row per target."""
    def to_toml(self) -> str:
        """The set as TOML (loads back to the same set)."""
    def without(self, drop: Sequence[str]) -> TargetSet:
        """The set without the targets ``drop`` names (each must be in the set)."""
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[type[TargetSet], tuple[str, str]]: ...

def regions_frame() -> pl.DataFrame:
    """The six regions, north to south: region id, Vietnamese and English names."""

def units_frame(date: str | None = None) -> pl.DataFrame:
    """Units valid on ``date`` (ISO), or every row of the registry."""

def to_post_reform(df: pl.DataFrame, key: str) -> pl.DataFrame:
    """Re-aggregates a long table (raw components or observations) to post-reform units."""

def rank(df: pl.DataFrame, indicator: str, year: int, within: str) -> pl.DataFrame:
    """Ranks units on an indicator for a year."""

def score_frames(
    df: pl.DataFrame,
    set_ids: Sequence[str],
    set_objects: Sequence[TargetSet],
    units: Sequence[str] | None = None,
    projection: str = "cagr",
    base_year: int | None = None,
    zero_replacement: float = 0.001,
    limit_scaling: float | None = None,
    min_points: int = 2,
    carry_to_successor: bool = False,
    feasibility_window: int | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scores observations against target sets; returns (scorecard, summary)."""

def sustained_growth_rows(
    df: pl.DataFrame, indicator: str, window: int
) -> list[tuple[str, int, int, float]]:
    """Every CAGR units sustained over ``window`` years: (unit_id, start, end, cagr) rows."""

def place_within(
    unit: str,
    group: str,
    year: int,
    members: Sequence[tuple[str, float | None]],
    direction: str,
    taken: Sequence[float] | None = None,
    country_size: int = 0,
    own: int | None = None,
    others: Sequence[int] = ...,
) -> tuple[int, int, int, bool]:
    """(best, worst, members with data, stated) place of ``unit`` within ``group``."""

def feasibility(
    required: float, observed: Sequence[float], direction: str = "increase"
) -> tuple[float, str, int] | None:
    """Where ``required`` stands among ``observed`` values: (percentile, label, n) or None."""

@final
class FeasibilityRates:
    """Observed growth rates by indicator, signed by the catalog's desired direction and
    sorted once, to place the required rates of many rows."""

    def __new__(cls, rates: Mapping[str, Sequence[float]]) -> FeasibilityRates: ...
    def place(
        self, indicators: Sequence[str | None], required: Sequence[float | None]
    ) -> tuple[list[float | None], list[str | None]]:
        """(percentiles, labels) of the rows' required rates (None where not placed)."""

def headings() -> list[tuple[str, str, str]]:
    """Every heading as ``(key, vietnamese, english)``, in table order."""

def pick_label(vi: str, en: str, lang_code: str) -> str:
    """The label in ``lang_code``; an empty side falls back to the other."""

def format_number(x: float, lang_code: str, decimals: int | None = None) -> str:
    """``x`` as ``lang`` writes numbers (Vietnamese: ``1.234,5``)."""

def format_date(iso: str, lang_code: str) -> str:
    """An ISO date as ``lang`` writes it (``dd/mm/yyyy`` in Vietnamese)."""

def target_phrase(
    kind: str, scale: str, value: float | None, year: int | None, lang_code: str
) -> str:
    """How a scorecard row's target reads in a title (``Target ≥ 10 by 2030``)."""

def projection_path(
    years: Sequence[int],
    values: Sequence[float | None],
    base_year: int,
    horizon: int,
    projection: str,
    zero_replacement: float = 0.001,
) -> list[tuple[int, float]]:
    """The projected path from the latest point to ``horizon`` (the points a chart draws)."""

def resolve_unit(text: str, date: str | None = None) -> str:
    """The id of the unit ``text`` names (id or name, with or without diacritics)."""

def resolve_region(text: str) -> str:
    """The id of the region ``text`` names (id or name, Vietnamese or English)."""

def group_members(group: str, date: str) -> list[str] | None:
    """Ids of the units of a target's group on ``date`` (None for world / southeast-asia)."""

def composite_run(
    data: pl.DataFrame,
    rows: Sequence[_FrameworkRow],
    spec_json: str,
    denominators: pl.DataFrame | None = None,
    groups: Sequence[str] | None = None,
    weights: Sequence[tuple[str, float]] | None = None,
) -> dict[str, Any]:
    """Runs the pipeline of ``spec_json``: every stage, ``treatment``, ``removed``, ``ranks``."""

def composite_uncertainty(
    screened: pl.DataFrame,
    rows: Sequence[_FrameworkRow],
    pipeline_json: str,
    uncertainty_json: str,
    weights: Sequence[tuple[str, float]] | None = None,
) -> Uncertainty:
    """Monte Carlo uncertainty on the screened data; the replications stay in the result."""

def composite_sobol(
    screened: pl.DataFrame,
    rows: Sequence[_FrameworkRow],
    pipeline_json: str,
    uncertainty_json: str,
    bootstrap: int = 100,
    weights: Sequence[tuple[str, float]] | None = None,
) -> tuple[pl.DataFrame, Uncertainty, float]:
    """Sobol indices (frame), the A and B runs, and the output variance."""

@final
class Uncertainty:
    """Replications of a Monte Carlo analysis owned by the Rust core (``chitieu.Uncertainty``
    wraps it)."""

    @property
    def replications(self) -> int:
        """Number of replications."""
    @property
    def units(self) -> list[str]:
        """Unit ids, in data order."""
    def rank_stats(self) -> pl.DataFrame:
        """Nominal, median, 5% and 95% rank per unit."""
    def sensitivity(self, bins: int = 20) -> pl.DataFrame | None:
        """First-order sensitivity indices (None with fewer than ``2·bins`` replications)."""
    def prob_rank_at_most(
        self, k: int, groups: Sequence[tuple[str, Sequence[str]]] | None = None
    ) -> pl.DataFrame:
        """``group, unit_id, k, p``: ``P(rank ≤ k)`` of each member of each group."""

def unit_id_for_name(name: str, date: str) -> str | None:
    """The unit id for a published name on ``date`` (None when no unit matches)."""

def region_id(name: str) -> str | None:
    """The region id for an id or a Vietnamese or English region name."""

def region_members(region: str, date: str) -> list[str]:
    """Ids of the members of ``region`` on ``date``."""

# Reports (rendered by the core).

def scorecard_html(
    rows: pl.DataFrame,
    targets: pl.DataFrame,
    sets: pl.DataFrame,
    lang_code: str,
    title: str,
    sections: Sequence[tuple[str, str]],
) -> str:
    """A standalone HTML page of a scorecard; ``sections`` are (heading, trusted HTML)
    pairs."""

def scorecard_narrative(
    rows: pl.DataFrame,
    targets: pl.DataFrame,
    sets: pl.DataFrame,
    lang_code: str,
    html: bool,
) -> str:
    """The narrative of a scorecard as Markdown (``html``: an HTML fragment)."""

def scorecard_xlsx(
    rows: pl.DataFrame,
    targets: pl.DataFrame,
    sets: pl.DataFrame,
    path: str | PathLike[str],
    lang_code: str,
) -> None:
    """Writes a scorecard workbook (.xlsx) to ``path``."""

def statuses_frame() -> pl.DataFrame:
    """The status classes, best first: code, labels, symbol, fill and text colours."""

@final
class Status:
    """Progress status class (the classes of official SDG progress reports)."""

    TARGET_ACHIEVED: ClassVar[Status]
    ON_TRACK: ClassVar[Status]
    ACCELERATION_NEEDED: ClassVar[Status]
    LIMITED_PROGRESS: ClassVar[Status]
    DETERIORATION: ClassVar[Status]
    NOT_ACHIEVED: ClassVar[Status]
    UNABLE_TO_ASSESS: ClassVar[Status]
    NOT_MEASURABLE: ClassVar[Status]
    @property
    def code(self) -> str:
        """Stable snake_case code, e.g. ``"on_track"``."""

    @property
    def label_en(self) -> str:
        """English label."""

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""

    def __int__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Progress:
    """The progress of one series towards a target (see ``chitieu.progress``)."""

    @property
    def method(self) -> Literal["target_ratio", "trend_cagr"]:
        """``"target_ratio"`` (numeric target) or ``"trend_cagr"`` (no numeric target)."""

    @property
    def method_description(self) -> str:
        """The method and its conventions in one line."""

    @property
    def direction(self) -> Literal["increase", "decrease"]:
        """``"increase"`` or ``"decrease"``."""

    @property
    def base_year(self) -> int | None: ...
    @property
    def base_value(self) -> float | None: ...
    @property
    def latest_year(self) -> int | None: ...
    @property
    def latest_value(self) -> float | None: ...
    @property
    def target_year(self) -> int | None: ...
    @property
    def target_value(self) -> float | None: ...
    @property
    def horizon(self) -> int: ...
    @property
    def points(self) -> int: ...
    @property
    def achieved(self) -> bool | None: ...
    @property
    def cagr_observed(self) -> float | None: ...
    @property
    def cagr_required(self) -> float | None: ...
    @property
    def ratio(self) -> float | None: ...
    @property
    def limit_factor(self) -> float | None: ...
    @property
    def status(self) -> Status: ...
    @property
    def score(self) -> float | None: ...
    @property
    def gap_closed(self) -> float | None: ...
    @property
    def annual_change_required(self) -> float | None: ...
    @property
    def projected(self) -> float | None: ...
    @property
    def projected_ratio(self) -> float | None: ...
    @property
    def reason(self) -> str | None: ...
    def to_dict(self) -> dict[str, Any]:
        """Every field as a plain dict (status as its code)."""
    def to_html(self, lang: str = "both") -> str:
        """The result as an HTML table, labels in ``lang`` (``"vi"``, ``"en"`` or ``"both"``)."""
    def _repr_html_(self) -> str: ...

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
    """Progress of one series towards a target (Statistics Canada / Open SDG method).

    ``years`` and ``values`` are parallel sequences (lists, tuples, numpy arrays, polars or
    pandas Series). With ``target`` the ratio R of observed to required growth decides the
    status; without it, the observed growth is compared with 1.5%, 0.5% and 0, the positive
    thresholds times the natural-limit factor C computed from ``limit`` as sdg-build does
    (or given as ``limit_scaling``). ``None`` values are missing and skipped; NaN is refused.
    """
