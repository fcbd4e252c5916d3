"""Real published data shipped with chitieu (see ``chitieu/data/README.md`` for sources)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from chitieu import _chitieu

_DATA = Path(__file__).parent / "data"


def _date_of_edition(edition: int) -> str:
    """A day on which the edition's units existed (63 provinces to 2024, 34 from 2025)."""
    return "2024-06-30" if edition <= 2024 else "2025-10-01"


def pii() -> pl.DataFrame:
    """Published Provincial Innovation Index results, 2023–2025, one row per province and
    edition where a score or rank was found, each with its source URL.

    Columns: ``edition, province, unit_id, score, national_rank, region, region_rank,
    input_score, output_score, source_url, source_date``; ``unit_id`` is the registry id of
    the province as it was at the edition (2023/2024: the 63 provinces; 2025: the 34 units).

    >>> import chitieu
    >>> bg = chitieu.datasets.pii().filter(unit_id="bac-giang", edition=2023)
    >>> bg.select("score", "national_rank").row(0)
    (46.51, 11)
    """
    raw = pl.read_csv(_DATA / "pii_scores.csv", infer_schema_length=None)
    ids = [
        _chitieu.unit_id_for_name(name, _date_of_edition(edition))
        for name, edition in zip(raw["province"], raw["edition"])
    ]
    missing = sorted({n for n, i in zip(raw["province"], ids) if i is None})
    if missing:
        msg = f"province names not in the registry: {missing}"
        raise _chitieu.UnknownIdError(msg)
    cols = raw.columns
    return raw.with_columns(unit_id=pl.Series(ids, dtype=pl.String)).select(
        "edition", "province", "unit_id", *[c for c in cols if c not in ("edition", "province")]
    )


def pii_provenance() -> pl.DataFrame:
    """One line per (edition, province, field, value) with the URL that states it.

    >>> import chitieu
    >>> prov = chitieu.datasets.pii_provenance()
    >>> prov.filter(prov["source_url"].is_null()).height
    0
    """
    return pl.read_csv(_DATA / "pii_provenance.csv", infer_schema_length=None)
