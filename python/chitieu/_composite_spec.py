"""The stage specifications of :func:`chitieu.composite` and :meth:`Composite.uncertainty`,
as plain values (names, dicts with COINr's parameter names, ``True``/``False``), gathered
into the JSON document the core reads (``PipelineSpec::from_json``,
``UncertaintySpec::from_json``). Only shapes are checked here; the core checks the values
and names the place of any problem."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Union

import polars as pl

from chitieu._args import _whole
from chitieu._frame import _to_polars

#: A method name (``"zscore"``) or a dict of the method and its parameters
#: (``{"method": "zscore", "mean": 10, "sd": 2}``).
MethodSpec = Union[str, Mapping[str, Any]]
#: ``True`` (COINr's defaults), ``False`` (no treatment) or the settings to change
#: (``{"winmax": 1}``, ``{"skew_thresh": 2, "kurt_thresh": 3.5, "fallback": "log_CT"}``).
TreatSpec = Union[bool, Mapping[str, Any]]


def _spec(value: Any, argument: str, *, flag: bool = False) -> Any:
    """A method spec as JSON-ready data: text, a dict with text keys, or (``flag``) a bool."""
    if isinstance(value, bool):
        if flag:
            return value
    elif isinstance(value, str):
        if not flag:
            return value
    elif isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            raise TypeError(f"{argument}: the keys of a specification are text")
        return {k: _plain(v, f"{argument}[{k!r}]") for k, v in value.items()}
    want = "True, False or a dict of settings" if flag else "a method name or a dict"
    raise TypeError(f"{argument} must be {want}, not {type(value).__name__}")


def _plain(value: Any, argument: str) -> Any:
    """A parameter value as JSON: numbers (finite), text, bools and lists of them."""
    if isinstance(value, (bool, str)) or value is None:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(float(value)):
            raise _invalid(f"{argument} is {value}: expected a finite number")
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{argument}[{k!r}]") for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_plain(v, f"{argument}[{i}]") for i, v in enumerate(value)]
    raise TypeError(f"{argument}: {type(value).__name__} is not a number, text or flag")


def _invalid(message: str) -> Exception:
    from chitieu._chitieu import InvalidValueError

    return InvalidValueError(message)


def _by(value: Any, argument: str, *, flag: bool = False) -> dict[str, Any]:
    """Per-indicator specifications: ``{indicator code: spec}``."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{argument} must map indicator codes to specifications")
    return {str(k): _spec(v, f"{argument}[{k!r}]", flag=flag) for k, v in value.items()}


def pipeline_json(
    *,
    imputation: MethodSpec,
    screen: Mapping[str, Any] | None,
    treat: TreatSpec,
    treat_by: Mapping[str, TreatSpec] | None,
    normalisation: MethodSpec,
    normalisation_by: Mapping[str, MethodSpec] | None,
    aggregation: MethodSpec,
    rank_decimals: int | None,
) -> str:
    """The pipeline specification as the core reads it."""
    if isinstance(imputation, Mapping):
        imputation = _spec(imputation, "imputation").get("method", "")
    if not isinstance(imputation, str):
        raise TypeError(f"imputation must be a method name, not {type(imputation).__name__}")
    doc: dict[str, Any] = {
        "imputation": imputation,
        "treatment": _spec(treat, "treat", flag=True),
        "treatment_by": _by(treat_by, "treat_by", flag=True),
        "normalisation": _spec(normalisation, "normalisation"),
        "normalisation_by": _by(normalisation_by, "normalisation_by"),
        "aggregation": _spec(aggregation, "aggregation"),
        "rank_decimals": None
        if rank_decimals is None
        else _whole(rank_decimals, "rank_decimals", 0, 16),
    }
    if screen is not None:
        if not isinstance(screen, Mapping):
            raise TypeError("screen must be a dict such as {'dat_thresh': 0.9}")
        doc["screen"] = _plain(screen, "screen")
    return json.dumps(doc)


def uncertainty_json(
    *,
    n: int,
    seed: int,
    weight_noise: float,
    weight_levels: Sequence[int] | None,
    normalisations: Sequence[MethodSpec] | None,
    aggregations: Sequence[MethodSpec] | None,
    treatments: Sequence[TreatSpec] | None,
) -> str:
    """The uncertainty specification as the core reads it (lists not given: the nominal)."""

    def alternatives(value: Any, argument: str, flag: bool = False) -> list[Any] | None:
        if value is None:
            return None
        if isinstance(value, (str, Mapping, bool)):
            raise TypeError(f"{argument} must be a list of alternatives, e.g. [{value!r}]")
        return [_spec(v, f"{argument}[{i}]", flag=flag) for i, v in enumerate(value)]

    levels = None
    if weight_levels is not None:
        levels = [_whole(v, "weight_levels", 1, 2**31) for v in weight_levels]
    return json.dumps(
        {
            "replications": _whole(n, "n", 1, 2**63),
            "seed": _whole(seed, "seed", 0, 2**64 - 1),
            "weight_noise": _plain(weight_noise, "weight_noise"),
            "weight_levels": levels,
            "normalisations": alternatives(normalisations, "normalisations"),
            "aggregations": alternatives(aggregations, "aggregations"),
            "treatments": alternatives(treatments, "treatments", flag=True),
        }
    )


def weight_pairs(weights: Any) -> list[tuple[str, float]] | None:
    """Weights over the framework's: ``{code: weight}`` or a table with ``iCode``/``code``
    and ``Weight``/``weight`` columns (COINr's weights data frame)."""
    if weights is None:
        return None
    if isinstance(weights, Mapping):
        return [(str(k), float(_plain(v, f"weights[{k!r}]"))) for k, v in weights.items()]
    frame = _to_polars(weights)
    names = {c.lower(): c for c in frame.columns}
    code = names.get("icode") or names.get("code")
    weight = names.get("weight")
    if code is None or weight is None:
        msg = "weights: a dict {code: weight} or a table with iCode and Weight columns"
        raise TypeError(msg)
    return [(str(c), float(w)) for c, w in frame.select(code, pl.col(weight)).rows()]
