"""Bilingual labels: the one place that picks Vietnamese, English or both for text users see.

Every function that shows indicator, target or status names to people (HTML reprs, charts,
reports, Excel) takes ``lang``: ``"vi"`` (Vietnamese, with full diacritics), ``"en"``
(English) or ``"both"`` (``"Vietnamese / English"``, the default of tables).

>>> from chitieu.labels import pick
>>> pick("Trạng thái", "Status", "vi"), pick("Trạng thái", "Status", "both")
('Trạng thái', 'Trạng thái / Status')
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["vi", "en", "both"]
LANGS: tuple[str, ...] = ("vi", "en", "both")


def check_lang(lang: str) -> Lang:
    """Returns ``lang`` if it is ``"vi"``, ``"en"`` or ``"both"``; raises ``ValueError``.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'vi', 'en', 'both' (got 'fr')
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of 'vi', 'en', 'both' (got {lang!r})")
    return lang  # type: ignore[return-value]


def pick(vi: str | None, en: str | None, lang: str) -> str:
    """The label in ``lang``; a missing side falls back to the other (never an empty label).

    >>> pick("Chỉ tiêu", None, "en")
    'Chỉ tiêu'
    """
    check_lang(lang)
    vi_, en_ = vi or en or "", en or vi or ""
    if lang == "vi":
        return vi_
    if lang == "en":
        return en_
    return vi_ if vi_ == en_ else f"{vi_} / {en_}"


#: Headings shared by tables, charts and reports: key → (Vietnamese, English).
HEADINGS: dict[str, tuple[str, str]] = {
    "unit": ("Đơn vị", "Unit"),
    "set": ("Văn bản", "Plan"),
    "target": ("Mục tiêu", "Target"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "year": ("Năm", "Year"),
    "value": ("Giá trị", "Value"),
    "latest": ("Mới nhất", "Latest"),
    "base": ("Gốc", "Base"),
    "target_value": ("Giá trị mục tiêu", "Target value"),
    "target_year": ("Năm mục tiêu", "Target year"),
    "status": ("Trạng thái", "Status"),
    "score": ("Điểm", "Score"),
    "year_met": ("Năm đạt (dự báo)", "Year met (projected)"),
    "projected": ("Dự báo", "Projected"),
    "observed": ("Thực tế", "Observed"),
    "target_path": ("Lộ trình mục tiêu", "Target path"),
    "count": ("Số mục tiêu", "Number of targets"),
    "rank": ("Thứ hạng", "Rank"),
    "region": ("Vùng", "Region"),
    "contribution": ("Đóng góp vào tăng trưởng (điểm %)", "Contribution to growth (pp)"),
    "capital": ("Vốn", "Capital"),
    "labour": ("Lao động", "Labour"),
    "tfp": ("TFP", "TFP"),
    "growth": ("Tăng trưởng", "Growth"),
    "period": ("Giai đoạn", "Period"),
    "median_rank": ("Thứ hạng trung vị", "Median rank"),
    "rank_interval": ("Khoảng thứ hạng 5–95%", "5–95% rank interval"),
    "citation": ("Trích dẫn", "Citation"),
    "clause": ("Nguyên văn", "Clause"),
    "source": ("Nguồn", "Source"),
    "note": ("Ghi chú", "Note"),
    # HTML views of results (Indicator, TargetSet, Composite, Uncertainty, RankWithin).
    "name": ("Tên", "Name"),
    "formula": ("Công thức", "Formula"),
    "measure_unit": ("Đơn vị tính", "Unit of measure"),
    "direction": ("Chiều mong muốn", "Desired direction"),
    "increase": ("tăng", "increase"),
    "decrease": ("giảm", "decrease"),
    "kind": ("Loại", "Kind"),
    "aggregation": ("Cách tổng hợp", "Aggregation"),
    "limits": ("Giới hạn tự nhiên", "Natural limits"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "document": ("Số hiệu văn bản", "Document"),
    "date": ("Ngày ban hành", "Date"),
    "not_confirmed": (
        "theo tóm tắt báo chí, chưa đối chiếu văn bản gốc",
        "from press summaries, not checked against the document",
    ),
    "composite": ("Chỉ số tổng hợp", "Composite index"),
    "rank_uncertainty": ("Độ bất định của thứ hạng", "Rank uncertainty"),
    "nominal_rank": ("Thứ hạng danh nghĩa", "Nominal rank"),
    "replications": ("Số lần mô phỏng", "Replications"),
    "uncertain_input": ("Yếu tố bất định", "Uncertain input"),
    "first_order": ("Chỉ số độ nhạy bậc một", "First-order sensitivity"),
    "members": ("Số thành viên", "Members"),
    "with_data": ("Số thành viên có thứ hạng công bố", "Members with a published rank"),
    # Charts (chitieu.charts).
    "series": ("Chuỗi", "Series"),
    "by_year": ("đến năm", "by"),
    "to_year": ("đến năm", "to"),
    "per_year": ("mỗi năm", "a year"),
    "cumulative": ("cộng dồn", "cumulative"),
    "increase_each_year": ("tăng hằng năm", "increase every year"),
    "increase_trend": ("tăng trong kỳ", "increase over the period"),
    "top": ("nhóm dẫn đầu", "top"),
    "status_overview": ("Tình hình thực hiện các mục tiêu", "Progress towards the targets"),
    "ranking_regions": ("Xếp hạng trong từng vùng", "Ranking within each region"),
    "ranking_country": ("Xếp hạng cả nước", "National ranking"),
    "highlighted": ("Đánh dấu", "Highlighted"),
    "higher_better": ("cao hơn là tốt hơn", "higher is better"),
    "lower_better": ("thấp hơn là tốt hơn", "lower is better"),
    "tfp_decomposition": (
        "Đóng góp của vốn, lao động và TFP vào tăng trưởng",
        "Contributions of capital, labour and TFP to growth",
    ),
    "output_growth": ("Tăng trưởng sản lượng (%)", "Output growth (%)"),
    "tfp_share": ("Tỷ lệ đóng góp của TFP (%)", "TFP share of growth (%)"),
    "factor": ("Yếu tố", "Factor"),
}


def heading(key: str, lang: str) -> str:
    """A shared heading in ``lang``.

    >>> heading("status", "en")
    'Status'
    """
    vi, en = HEADINGS[key]
    return pick(vi, en, lang)
