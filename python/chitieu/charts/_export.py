"""Export of charts through vl-convert: SVG text, PNG bytes, and files (PNG, SVG, PDF,
HTML, JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt


def _spec(chart: Any) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart (validated by Altair), or a spec dict as is."""
    if isinstance(chart, dict):
        return chart
    if not callable(getattr(chart, "to_dict", None)):
        msg = (
            f"chart must be an Altair chart or a Vega-Lite spec (dict), not {type(chart).__name__}"
        )
        raise TypeError(msg)
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _vl_convert() -> Any:
    try:
        import vl_convert
    except ImportError as err:  # pragma: no cover - depends on the environment
        msg = "exporting charts needs vl-convert-python: pip install vl-convert-python"
        raise ImportError(msg) from err
    return vl_convert


def _vl_version() -> str:
    """vl-convert's name of the Vega-Lite version Altair writes (``v6_4`` for 6.4.x)."""
    return "_".join(str(alt.SCHEMA_VERSION).split(".")[:2])


def to_svg(chart: Any) -> str:
    """The chart as SVG text (vl-convert), to embed inline in an HTML page.

    >>> import altair as alt, polars as pl
    >>> chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> to_svg(chart)[:4]
    '<svg'
    """
    svg: str = _vl_convert().vegalite_to_svg(_spec(chart), vl_version=_vl_version())
    return svg


def to_png(chart: Any, *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (vl-convert); ``scale=2`` doubles the pixels, for print."""
    png: bytes = _vl_convert().vegalite_to_png(_spec(chart), vl_version=_vl_version(), scale=scale)
    return png


def save(chart: Any, path: str | Path, *, scale: float = 2.0, offline: bool = True) -> Path:
    """Writes ``chart`` to ``path``, the format from its suffix: ``.png`` (``scale`` × the
    chart's size in pixels), ``.svg``, ``.pdf``, ``.html`` or ``.json`` (the Vega-Lite
    spec). Returns the path. Unlike ``chart.save``, it calls vl-convert directly.

    An ``.html`` page is interactive (tooltips). With ``offline=True`` (the default) it
    holds the Vega libraries (about 900 kB; bundled once per process, a few seconds): it
    works without internet. ``offline=False`` loads them from a CDN (a page of a few kB).

    >>> import altair as alt, polars as pl, tempfile, pathlib
    >>> chart = alt.Chart(pl.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
    >>> out = save(chart, pathlib.Path(tempfile.mkdtemp()) / "x.svg")
    >>> out.read_text(encoding="utf-8")[:4]
    '<svg'
    """
    out = Path(path)
    suffix = out.suffix.lower()
    spec = _spec(chart)
    if suffix == ".png":
        out.write_bytes(to_png(spec, scale=scale))
    elif suffix == ".svg":
        out.write_text(to_svg(spec), encoding="utf-8")
    elif suffix == ".pdf":
        out.write_bytes(_vl_convert().vegalite_to_pdf(spec, vl_version=_vl_version(), scale=scale))
    elif suffix in (".html", ".htm"):
        page = _vl_convert().vegalite_to_html(spec, vl_version=_vl_version(), bundle=offline)
        out.write_text(page, encoding="utf-8")
    elif suffix == ".json":
        out.write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        msg = f"cannot save a chart as {out.name!r}: use .png, .svg, .pdf, .html or .json"
        raise ValueError(msg)
    return out
