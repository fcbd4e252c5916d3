"""Charts of scorecards, rankings, TFP decompositions and rank intervals (Altair).

Every function returns an Altair chart: show it in Jupyter, or ``chart.save("x.png")``
(``.svg``, ``.html``, ``.pdf`` and ``.json`` too; PNG, SVG and PDF through vl-convert).
:func:`save` and :func:`to_svg` call vl-convert directly (for reports that embed charts
inline). Titles, axis titles, legends and tooltips are in ``lang``: ``"vi"`` (Vietnamese,
with full diacritics), ``"en"`` or ``"both"`` (the default, as in tables).

Status colours, symbols and labels come from the Rust core
(``chitieu._chitieu.statuses_frame()``), the same as in tables and reports: the Okabe–Ito
palette, told apart by colour-vision deficient readers, with a symbol beside every label.

The charts carry their configuration (font), so they cannot be put into ``alt.layer`` or
``alt.vconcat`` as they are; to combine them, drop it first: ``chart.config = alt.Undefined``.

Needs the optional packages ``altair`` (5.4 or later) and ``vl-convert-python``
(``pip install chitieu[charts]``). Charts render offline: importing this module switches
Altair's ``"default"`` renderer, which loads Vega from a CDN, to the local ``"svg"``
renderer (vl-convert, no network); a renderer you enabled yourself is left alone. With
``lang="vi"`` numbers on axes and labels are written the Vietnamese way (``1.234,5``).

>>> import chitieu.charts as charts
>>> from chitieu.charts import _example_card
>>> obs, card = _example_card()
>>> chart = charts.status_overview(card, lang="en")
>>> svg = charts.to_svg(chart)
>>> svg.startswith("<svg"), "Progress towards the targets" in svg
(True, True)
"""

from __future__ import annotations

# Each chart is in a private module of its own (_trajectory, _status_overview, ...), the
# shared pieces in _common and the export in _export; this module re-exports the public ones.
try:
    import altair
except ImportError as err:  # pragma: no cover - depends on the environment
    msg = (
        "chitieu.charts needs altair (and vl-convert-python to export PNG/SVG): "
        "pip install altair vl-convert-python"
    )
    raise ImportError(msg) from err

from chitieu.charts._common import BLUE as BLUE
from chitieu.charts._common import FONT as FONT
from chitieu.charts._common import GREEN as GREEN
from chitieu.charts._common import GREY as GREY
from chitieu.charts._common import ORANGE as ORANGE
from chitieu.charts._common import VERMILLION as VERMILLION
from chitieu.charts._common import Chart as Chart
from chitieu.charts._common import Highlight as Highlight
from chitieu.charts._common import _example_card as _example_card
from chitieu.charts._export import save, to_png, to_svg
from chitieu.charts._rank_intervals import rank_intervals
from chitieu.charts._regional_ranking import regional_ranking
from chitieu.charts._status_overview import status_overview
from chitieu.charts._tfp_decomposition import tfp_decomposition
from chitieu.charts._trajectory import trajectory

# Offline by default: the "default" renderer fetches Vega from a CDN.
if altair.renderers.active == "default":
    altair.renderers.enable("svg")

__all__ = [
    "rank_intervals",
    "regional_ranking",
    "save",
    "status_overview",
    "tfp_decomposition",
    "to_png",
    "to_svg",
    "trajectory",
]
