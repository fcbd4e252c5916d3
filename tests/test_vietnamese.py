"""Vietnamese first: with ``lang="vi"`` the report, the workbook, the narrative, the charts
and the reprs hold no English sentence and write numbers the Vietnamese way; the narrative
states each row's numbers (checked against the scorecard, formatted here independently)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

import chitieu

PLANS = ["quang-tri-43-kh-skhcn-2023", "lai-chau-69-kl-tw-2024", "bac-giang-69-kl-tw-2024"]

#: English words that give an English sentence away (none is a Vietnamese word written
#: without diacritics in these documents).
ENGLISH = {
    "the", "of", "and", "is", "are", "not", "for", "with", "from", "by", "target", "targets",
    "value", "values", "latest", "year", "years", "range", "below", "above", "rank", "listed",
    "scored", "qualitative", "cumulative", "within", "against", "data", "per", "met",
    "projection", "required", "observed", "unable", "status", "score", "warning", "between",
    "increase", "growth", "method", "ratio", "trend", "note", "generated", "share", "missing",
    "table", "unit", "demo_observations", "achieved", "track", "progress", "citations", "legend",
    "narrative", "caveats", "average", "deadline", "population", "billion", "enterprises",
    "spending", "researchers", "innovation", "science", "technology", "plan", "document",
}  # fmt: skip


def vi_number(x: float, decimals: int) -> str:
    """A number as Vietnamese writes it, made here from Python's own formatting: grouped
    with commas and a decimal point, then the two separators exchanged."""
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.translate(str.maketrans({",": ".", ".": ","}))


def english_words(text: str) -> list[str]:
    """The English words of ``text``, ids (with ``_``, ``-`` or ``/``), quoted ids, URLs
    and method formulas left out."""
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"'[^'\s]*'", " ", text)  # quoted ids: 'tfp_contribution_5y'
    words = re.findall(r"[A-Za-zÀ-ỹĐđ][\w\-/.]*", text)
    plain = [w.strip(".") for w in words if not re.search(r"[_\-/]", w)]
    return [w for w in plain if w.lower() in ENGLISH]


class _Text(HTMLParser):
    """The visible text of an HTML page (scripts, styles and SVG markup left out; SVG text
    kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def card(demo_observations: pl.DataFrame) -> chitieu.Scorecard:
    return chitieu.score(demo_observations, PLANS, feasibility_window=5)


def test_the_html_report_in_vietnamese_has_no_english(
    card: chitieu.Scorecard, demo_observations: pl.DataFrame
) -> None:
    page = card.report(observations=demo_observations, lang="vi", max_trajectories=6)
    text = visible(page)
    assert english_words(text) == [], english_words(text)[:20]
    assert "Thuyết minh kết quả" in text
    # Unit names, not ids, in the tables.
    assert "Quảng Trị" in text and "Lai Châu" in text
    # A latest value as Vietnamese writes it, with a decimal comma.
    row = (
        card.to_polars()
        .filter(pl.col("latest_value").is_not_null() & (pl.col("latest_value") % 1 != 0))
        .row(0, named=True)
    )
    assert f"{row['latest_year']}: {vi_number(row['latest_value'], 3)}" in text


def test_the_english_report_is_english(card: chitieu.Scorecard) -> None:
    text = visible(card.to_html(lang="en"))
    assert "Narrative" in text and "Thuyết minh" not in text
    assert english_words(text)  # the scan does find English


def test_the_workbook_in_vietnamese_has_no_english(card: chitieu.Scorecard, tmp_path: Path):
    path = tmp_path / "vi.xlsx"
    card.to_excel(path, lang="vi")
    book = openpyxl.load_workbook(path)
    texts: list[str] = []
    for sheet in book.worksheets:
        texts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            texts += [v for v in row if isinstance(v, str)]
    found = english_words("\n".join(texts))
    assert found == [], found[:20]
    # Numbers stay numbers, in a Vietnamese number format.
    sheet = book[PLANS[0]]
    header = [c.value for c in sheet[4]]
    latest = header.index("Giá trị mới nhất")
    cells = [r[latest] for r in sheet.iter_rows(min_row=5) if r[latest].value is not None]
    assert cells and all(isinstance(c.value, float | int) for c in cells)
    assert all(c.number_format.startswith("[$-42A]") for c in cells)
    assert "Thuyết minh kết quả" in book.sheetnames


def test_the_narrative_in_vietnamese(card: chitieu.Scorecard) -> None:
    text = card.narrative("vi")
    found = english_words(text)
    assert found == [], found[:20]
    rows = card.to_polars()
    said = 0
    for r in rows.iter_rows(named=True):
        if r["status"] in ("unable_to_assess", "not_measurable"):
            continue
        if r["kind"] == "cumulative" and r["scale"] == "flow":
            # A count from a year: the total so far, never with the base point.
            total = f"Lũy kế đến năm {r['latest_year']} đạt {vi_number(r['latest_value'], 2)}"
            assert total in text, total
            continue
        if r["kind"] == "cumulative":
            continue
        unit = {"percent": "%", "per_10k_population": " người/1 vạn dân"}.get(
            r["indicator_unit"] or "", ""
        )
        shown = vi_number(r["latest_value"], 2)
        latest = {
            "percentile": f"Năm {r['latest_year']} ở bách phân vị thứ {shown}",
            "rank": f"Năm {r['latest_year']} xếp hạng {shown}",
        }.get(r["scale"], f"Năm {r['latest_year']} đạt {shown}{unit}")
        assert latest in text, latest
        assert f"Mục tiêu đến năm {r['target_year']}: " in text
        if r["year_met"] is not None and r["year_met"] > r["target_year"]:
            late = r["year_met"] - r["target_year"]
            assert f"vào năm {r['year_met']}, chậm {late} năm so với thời hạn đề ra" in text
        if r["cagr_required"] is not None and r["achieved"] is not True:
            required = vi_number(100 * r["cagr_required"], 1)
            period = f"{r['base_year']}–{r['target_year']}"
            assert f"cần đạt giai đoạn {period} là {required}%/năm" in text
        said += 1
    assert said >= 3
    # Every plan and unit has its heading; statuses in Vietnamese.
    for plan in card.sets:
        assert f"# {plan.name_vi}" in text
    assert "## Quảng Trị" in text and "Chỉ tiêu được đánh giá ở mức “" in text
    assert "Kế hoạch có " in text


def test_the_narrative_in_english_and_both(card: chitieu.Scorecard) -> None:
    en = card.narrative("en")
    assert "Thuyết minh" not in en and "Target by 2030" in en
    assert not re.search(r"\d,\d{1,2}%", en)  # decimal points, not commas
    both = card.narrative("both", html=True)
    assert "<h4>Quảng Trị</h4>" in both and "Target by 2030" in both
    with pytest.raises(ValueError, match="lang must be one of"):
        card.narrative("fr")


def test_charts_in_vietnamese_write_numbers_the_vietnamese_way(
    card: chitieu.Scorecard, demo_observations: pl.DataFrame, demo_raw: pl.DataFrame
) -> None:
    from chitieu import charts

    # A series of small values: the axis labels need decimals.
    row = (
        card.to_polars()
        .filter(pl.col("latest_value").is_between(0.01, 3) & (pl.col("scale") == "level"))
        .row(0, named=True)
    )
    chart = charts.trajectory(demo_observations, card, row["unit_id"], row["target_id"], lang="vi")
    spec = chart.to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    svg = charts.to_svg(chart)
    text = visible(svg)
    assert english_words(text) == [], english_words(text)
    assert re.search(r"\d,\d", text)  # an axis label with a decimal comma
    overview = visible(charts.to_svg(charts.status_overview(card, lang="vi")))
    assert english_words(overview) == []
    ranking = charts.regional_ranking(
        demo_observations,
        indicator="researchers_per_10k",
        year=2024,
        highlight="lai-chau",
        lang="vi",
    )
    text = visible(charts.to_svg(ranking))
    assert english_words(text) == [] and re.search(r"\d,\d\d", text)
    tfp = chitieu.growth_accounting(
        demo_raw.filter(pl.col("unit_id").is_in(["lai-chau", "son-la"])),
        output="grdp_constant",
        investment="investment_constant",
        labour="employment",
        capital_share="capital_share",
        format="summary",
        period=(2016, 2020),
    )
    assert english_words(visible(charts.to_svg(charts.tfp_decomposition(tfp, lang="vi")))) == []
    # English charts keep Vega's default locale.
    assert "locale" not in charts.status_overview(card, lang="en").to_dict()["config"]


def test_reprs_follow_set_lang(card: chitieu.Scorecard) -> None:
    try:
        chitieu.set_lang("vi")
        assert repr(card).startswith("Bảng điểm: ")
        table = visible(card._repr_html_())
        assert english_words(table) == [], english_words(table)[:20]
        assert "Quảng Trị" in table
        progress = visible(chitieu.progress([2015, 2023], [1.2, 1.6], target=2.0)._repr_html_())
        assert "Tỷ số tiến độ R" in progress and "1,6" in progress
        assert english_words(progress) == [], english_words(progress)
        chitieu.set_lang("en")
        assert repr(card).startswith("Scorecard: ")
    finally:
        chitieu.set_lang("both")
    with pytest.raises(ValueError, match="lang must be one of"):
        chitieu.set_lang("fr")


def test_the_scorecard_carries_both_languages(card: chitieu.Scorecard) -> None:
    rows = card.to_polars()
    for column in ("unit_vi", "unit_en", "note_vi", "method_vi"):
        assert column in rows.columns
    with_note = rows.filter(pl.col("note").is_not_null())
    assert with_note.height and with_note["note_vi"].null_count() == 0
    assert english_words(" ".join(rows["method_vi"].to_list())) == []
    assert english_words(" ".join(with_note["note_vi"].to_list())) == []
    # Qualitative targets with a free label show the label, not the id.
    bg = rows.filter(pl.col("target_id") == "bac-giang-69-kl-tw-2024/st-databases")
    assert bg["indicator_vi"].item() == "Cơ sở dữ liệu và ngân hàng dữ liệu khoa học và công nghệ"


def test_numbers_and_dates_in_python() -> None:
    from chitieu.labels import date, number

    for x, d in [(56.25, 2), (1234.5, 1), (-0.004, 2), (1e6, 0), (0.1 + 0.2, 3)]:
        assert number(x, "vi", d) == vi_number(x, d)
    assert number(1234.5, "en", 1) == "1,234.5"
    assert date("2024-01-11", "vi") == "11/01/2024"


def test_errors_carry_a_vietnamese_message(tmp_path: Path) -> None:
    bad = pl.DataFrame(
        {"unit_id": ["lai-chau"], "indicator": ["x"], "year": [2020], "value": ["1,5"]}
    )
    with pytest.raises(chitieu.ValidationError) as e:
        chitieu.observations(bad)
    (detail,) = e.value.errors
    assert detail["message_vi"].startswith("giá trị '1,5' không phải là số (dùng dấu chấm")
    with pytest.raises(chitieu.UnknownIdError) as u:
        chitieu.unit_ids(["Lai Châu", "Bac Giangg"])
    (near,) = u.value.errors
    assert near["row"] == 1 and near["near"][0] == "bac-giang"
    assert near["message_vi"].startswith("không tìm thấy đơn vị 'Bac Giangg'; có phải là")
    with pytest.raises(chitieu.DuplicateKeyError) as p:
        chitieu.progress([2020, 2020], [1.0, 2.0], target=3.0)
    assert p.value.errors[0]["message_vi"] == "năm 2020 xuất hiện nhiều lần trong chuỗi số liệu"


def test_a_plan_may_name_its_province_and_live_in_a_txt_file(tmp_path: Path) -> None:
    text = chitieu.targets("lai-chau-69-kl-tw-2024").to_toml()
    named = text.replace('unit = "lai-chau"', 'unit = "Tỉnh Lai Châu"')
    assert named != text
    path = tmp_path / "ke_hoach.txt"
    path.write_text(named, encoding="utf-8")
    plan = chitieu.targets(str(path))
    assert plan.to_polars().height == chitieu.targets(text).to_polars().height
    with pytest.raises(chitieu.TargetSetError, match="unknown unit 'Lai Chauu'"):
        chitieu.targets(text.replace('unit = "lai-chau"', 'unit = "Lai Chauu"'))


def test_a_decimal_comma_in_a_plan_gets_a_hint_and_labels_are_for_free_indicators() -> None:
    text = chitieu.targets("lai-chau-69-kl-tw-2024").to_toml()
    with pytest.raises(chitieu.TargetSetError, match=r"decimal point \(1\.5\), not a decimal"):
        chitieu.targets(text.replace("value = 37.6", "value = 37,6"))
    labelled = text.replace(
        'indicator = "researchers_per_10k"',
        'indicator = "researchers_per_10k"\nlabel_vi = "Cán bộ"\nlabel_en = "Staff"',
    )
    assert labelled != text
    with pytest.raises(chitieu.TargetSetError, match="is a catalog indicator"):
        chitieu.targets(labelled)


def test_growth_accounting_states_its_conventions_in_vietnamese(demo_raw: pl.DataFrame) -> None:
    spec = {
        "output": "grdp_constant",
        "investment": "investment_constant",
        "labour": "employment",
        "capital_share": "capital_share",
    }
    lai_chau = demo_raw.filter(pl.col("unit_id") == "lai-chau")
    for fmt in ("annual", "summary", "windows"):
        out = chitieu.growth_accounting(lai_chau, **spec, format=fmt)
        (vi,) = out["conventions_vi"].unique().to_list()
        (en,) = out["conventions"].unique().to_list()
        assert vi.startswith("hạch toán tăng trưởng: sản lượng 'grdp_constant'"), vi
        assert en.startswith("growth accounting: output 'grdp_constant'"), en
        assert english_words(vi) == [], english_words(vi)
