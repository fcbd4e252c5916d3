"""Type stubs of the native module ``chitieu._chitieu``."""

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import polars as pl
from typing_extensions import TypeAlias

__version__: str

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

_Definitions: TypeAlias = tuple[str, str, str] | None

def validate_observations(df: pl.DataFrame) -> pl.DataFrame: ...
def catalog_frame(definitions: _Definitions = None) -> pl.DataFrame: ...
def components_frame(definitions: _Definitions = None) -> pl.DataFrame: ...
def indicator(id: str, definitions: _Definitions = None) -> dict[str, Any]: ...
def tfp_table(
    df: pl.DataFrame,
    key: str,
    spec_json: str,
    kind: str,
    period: tuple[int, int] | None = None,
    window: int = 5,
) -> pl.DataFrame: ...
def tfp_sensitivity(
    df: pl.DataFrame,
    key: str,
    spec_json: str,
    capital_shares: list[float],
    depreciations: list[float],
) -> pl.DataFrame: ...
def target_sets_frame() -> pl.DataFrame: ...
def target_set(
    set_id: str | None = None, text: str | None = None, file: str = "<string>"
) -> tuple[dict[str, Any], pl.DataFrame, str]: ...
def units_frame(date: str | None = None) -> pl.DataFrame: ...
def to_post_reform(df: pl.DataFrame, key: str) -> pl.DataFrame: ...
def rank(df: pl.DataFrame, indicator: str, year: int, within: str) -> pl.DataFrame: ...
def score_frames(
    df: pl.DataFrame,
    set_ids: list[str],
    set_texts: list[tuple[str, str]],
    units: list[str] | None = None,
    projection: str = "cagr",
    base_year: int | None = None,
    zero_replacement: float = 0.001,
    limit_scaling: float = 1.0,
    min_points: int = 2,
    carry_to_successor: bool = False,
    feasibility_window: int | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]: ...
def sustained_growth_rows(
    df: pl.DataFrame, indicator: str, window: int
) -> list[tuple[str, int, int, float]]: ...
def rank_bounds(
    unit: str,
    members: list[tuple[str, float | None]],
    direction: str,
    taken: list[float] | None = None,
    country_size: int = 0,
) -> tuple[int, int, int] | None: ...
def feasibility(
    required: float, observed: list[float], direction: str = "increase"
) -> tuple[float, str, int] | None: ...
def composite_run(
    data: pl.DataFrame,
    rows: list[tuple],
    denominators: pl.DataFrame | None = None,
    imputation: str = "none",
    groups: list[str] | None = None,
    treat: bool = True,
    normalisation: str = "minmax",
    aggregation: str = "arith_mean",
    rank_decimals: int | None = None,
) -> dict[str, Any]: ...
def composite_uncertainty(
    treated: pl.DataFrame,
    rows: list[tuple],
    replications: int,
    seed: int,
    weight_noise: float,
    normalisations: list[str],
    aggregations: list[str],
    k: int | None = None,
    groups: list[tuple[str, list[str]]] | None = None,
    bins: int = 20,
) -> dict[str, Any]: ...
def unit_id_for_name(name: str, date: str) -> str | None: ...
def region_id(name: str) -> str | None: ...
def region_members(region: str, date: str) -> list[str]: ...
def derive(
    raw: pl.DataFrame, strict: bool = True, definitions: _Definitions = None
) -> pl.DataFrame: ...

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
    def code(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def label_vi(self) -> str: ...
    def __int__(self) -> int: ...

class Progress:
    """The progress of one series towards a target."""

    @property
    def method(self) -> Literal["target_ratio", "trend_cagr"]: ...
    @property
    def method_description(self) -> str: ...
    @property
    def direction(self) -> Literal["increase", "decrease"]: ...
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
    def to_dict(self) -> dict[str, Any]: ...

def progress(
    years: Sequence[int],
    values: Sequence[float | None],
    *,
    target: float | None = None,
    target_year: int = 2030,
    direction: Literal["increase", "decrease"] = "increase",
    base_year: int | None = None,
    zero_replacement: float = 0.001,
    limit_scaling: float = 1.0,
    min_points: int = 2,
    strict: bool = False,
) -> Progress:
    """Progress of one series towards a target (Statistics Canada / Open SDG method).

    With ``target`` the ratio R of observed to required growth decides the status; without
    it, the observed growth is compared with 1.5%, 0.5% and 0 (times ``limit_scaling``).
    ``None`` values are missing and skipped; NaN is refused.
    """
