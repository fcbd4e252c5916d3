"""chitieu: indicators, targets and attainment scoring for Vietnam's S&T&I plans.

*Chỉ tiêu* means "target, indicator". chitieu validates long observation tables and measures
the progress of a series towards a target with the Statistics Canada / Open SDG method.

>>> import chitieu
>>> p = chitieu.progress([2015, 2023], [1.2, 1.6], target=2.0, target_year=2030)
>>> p.status
Status.ON_TRACK
>>> round(p.ratio, 6)
1.056957
"""

from __future__ import annotations

from chitieu import datasets, expr, scale
from chitieu._chitieu import (
    ChitieuError,
    DefinitionError,
    DerivationError,
    DuplicateKeyError,
    InternalError,
    InvalidValueError,
    Progress,
    SchemaError,
    Status,
    TargetSetError,
    UnknownIdError,
    ValidationError,
    __version__,
)
from chitieu.catalog import Indicator, catalog, components, derive, indicator
from chitieu.composite import Composite, Sensitivity, Uncertainty, composite
from chitieu.growth import growth_accounting, tfp_sensitivity
from chitieu.labels import set_lang
from chitieu.observations import OBSERVATION_COLUMNS, observations
from chitieu.ranks import RankWithin, feasibility, rank_within, sustained_growth
from chitieu.scale import score_dask, score_partition, score_spark
from chitieu.score import STATUS_SYMBOLS, Scorecard, progress, score, statuses
from chitieu.targets import TargetSet, target_sets, targets
from chitieu.units import rank, regions, to_post_reform, unit_id, unit_ids, units

__all__ = [
    "OBSERVATION_COLUMNS",
    "STATUS_SYMBOLS",
    "ChitieuError",
    "Composite",
    "DefinitionError",
    "DerivationError",
    "DuplicateKeyError",
    "Indicator",
    "InternalError",
    "InvalidValueError",
    "Progress",
    "RankWithin",
    "SchemaError",
    "Scorecard",
    "Sensitivity",
    "Status",
    "TargetSet",
    "TargetSetError",
    "Uncertainty",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "catalog",
    "charts",
    "components",
    "composite",
    "datasets",
    "derive",
    "expr",
    "feasibility",
    "growth_accounting",
    "indicator",
    "observations",
    "progress",
    "rank",
    "rank_within",
    "regions",
    "scale",
    "score",
    "score_dask",
    "score_partition",
    "score_spark",
    "set_lang",
    "statuses",
    "sustained_growth",
    "target_sets",
    "targets",
    "tfp_sensitivity",
    "to_post_reform",
    "unit_id",
    "unit_ids",
    "units",
]


def __getattr__(name: str) -> object:
    # `chitieu.charts` needs altair (optional): imported on first use, not with chitieu.
    if name == "charts":
        import importlib

        return importlib.import_module("chitieu.charts")
    raise AttributeError(f"module 'chitieu' has no attribute {name!r}")
