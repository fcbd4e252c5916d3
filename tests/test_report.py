"""Scorecard exports: Excel workbook, CSV, Parquet and the standalone HTML report, the last
also rendered by a real headless browser (Chromium from the system packages)."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from PIL import Image

import chitieu

PLAN = "quang-tri-43-kh-skhcn-2023"


@pytest.fixture(scope="module")
def card(demo_observations: pl.DataFrame) -> chitieu.Scorecard:
    return chitieu.score(demo_observations, [PLAN, "lai-chau-69-kl-tw-2024"])


def test_excel_sheets_colours_numbers_and_citations(card: chitieu.Scorecard, tmp_path: Path):
    path = tmp_path / "card.xlsx"
    card.to_excel(path, lang="vi")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        PLAN,
        "lai-chau-69-kl-tw-2024",
        "Thuyết minh kết quả",
        "Trích dẫn",
        "Chú giải",
    ]
    colours = {r["label_vi"]: r["colour"] for r in chitieu.statuses().iter_rows(named=True)}
    rows = card.to_polars()
    for set_id in (PLAN, "lai-chau-69-kl-tw-2024"):
        sheet = book[set_id]
        header = [c.value for c in sheet[4]]
        assert header[:3] == ["Đơn vị", "Chỉ tiêu", "Mục tiêu"]
        assert "Trạng thái" in header and "Status" not in header
        expected = rows.filter(pl.col("set_id") == set_id)
        body = list(sheet.iter_rows(min_row=5, values_only=False))
        assert len(body) == expected.height  # one line per scored row, none dropped
        status_col = header.index("Trạng thái")
        latest_col = header.index("Giá trị mới nhất")
        for cells, row in zip(body, expected.iter_rows(named=True)):
            status = cells[status_col]
            symbol, _, label = status.value.partition(" ")
            assert symbol == chitieu.STATUS_SYMBOLS[row["status"]]
            assert label == row["status_vi"]
            assert status.fill.fgColor.rgb.endswith(colours[label].lstrip("#").upper())
            value = cells[latest_col].value
            assert value == row["latest_value"] or (value is None and row["latest_value"] is None)
    citations = list(book["Trích dẫn"].iter_rows(min_row=2, values_only=True))
    targets = pl.concat([s.to_polars() for s in card.sets], how="diagonal_relaxed")
    assert len(citations) == targets.height
    by_id = {r[1]: r for r in citations}
    for t in targets.iter_rows(named=True):
        assert by_id[t["target_id"]][3] == t["clause_vi"]  # verbatim clause


def test_excel_in_english_and_bad_language(card: chitieu.Scorecard, tmp_path: Path):
    path = tmp_path / "card_en.xlsx"
    card.to_excel(path, lang="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-2:] == ["Citations", "Legend"]
    assert "Status" in [c.value for c in book[PLAN][4]]
    with pytest.raises(ValueError, match="lang must be one of"):
        card.to_excel(path, lang="fr")


def test_csv_and_parquet_round_trip(card: chitieu.Scorecard, tmp_path: Path):
    rows = card.to_polars()
    card.to_parquet(tmp_path / "card.parquet")
    back = pl.read_parquet(tmp_path / "card.parquet")
    assert back.schema == rows.schema
    assert back.equals(rows)
    card.to_csv(tmp_path / "card.csv")
    csv = pl.read_csv(
        tmp_path / "card.csv", schema=rows.with_columns(pl.col("status").cast(pl.String)).schema
    )
    assert csv.equals(rows.with_columns(pl.col("status").cast(pl.String)))


class _Cells(HTMLParser):
    """Collects the status cells and checks the tags nest."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.statuses: list[str] = []
        self.svgs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"meta", "br", "img", "hr"}:
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "td" and "status" in classes:
            self.statuses.append(classes[1])
        if tag == "svg":
            self.svgs += 1
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in {"meta", "br", "img", "hr"}:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def test_html_report_tables_charts_and_language(
    card: chitieu.Scorecard, demo_observations: pl.DataFrame
):
    page = card.report(observations=demo_observations, lang="vi")
    parser = _Cells()
    parser.feed(page)
    assert parser.stack == []
    assert parser.statuses == [str(s) for s in card.to_polars()["status"]]
    assessed = card.to_polars().filter(
        pl.col("latest_value").is_not_null()
        & ~pl.col("status").is_in(["unable_to_assess", "not_measurable"])
    )
    assert parser.svgs >= 1 + assessed.height  # overview + one trajectory per assessed row
    assert '<html lang="vi">' in page and "Trạng thái" in page and "Status</th>" not in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]
    english = card.to_html(lang="en")
    assert "Status</th>" in english and "Trạng thái" not in english


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    _browser() is None and not os.environ.get("CI"),
    reason="no Chromium here (CI installs it: .ci/run)",
)
def test_html_report_renders_in_headless_chromium(
    card: chitieu.Scorecard, demo_observations: pl.DataFrame, tmp_path: Path
):
    browser = _browser()
    assert browser is not None, "CI must have Chromium (apt-get install chromium)"
    page = tmp_path / "report.html"
    card.report(page, observations=demo_observations, lang="both")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1400,2400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 2400)
    # The page is drawn: the fills of the status classes present in the first rows appear
    # in the screenshot (colour by colour), and the page is not blank.
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    present = {rgb for _, rgb in colours}
    shown = card.to_polars().head(8)["status"].unique().to_list()
    fills = chitieu.statuses().filter(pl.col("status").is_in(shown))["colour"]
    for hex_colour in fills:
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in present, f"status fill {hex_colour} not drawn"


def test_target_descriptions_follow_the_language(card: chitieu.Scorecard, tmp_path: Path):
    # Quảng Trị's patent target is a range 70–80: described in the report's language.
    vi, en = card.to_html(lang="vi"), card.to_html(lang="en")
    assert "từ 70 đến 80" in vi and "between 70 and 80" not in vi
    assert "between 70 and 80" in en and "từ 70 đến 80" not in en
    card.to_excel(tmp_path / "vi.xlsx", lang="vi")
    sheet = openpyxl.load_workbook(tmp_path / "vi.xlsx")[PLAN]
    header = [c.value for c in sheet[4]]
    asks = [r[header.index("Mục tiêu")] for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert "từ 70 đến 80" in asks


def test_excel_number_formats_and_an_empty_scorecard(
    card: chitieu.Scorecard, demo_observations: pl.DataFrame, tmp_path: Path
):
    # Years show as plain integers (not "2,030."), values in Excel's General format.
    card.to_excel(tmp_path / "f.xlsx", lang="en")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")[PLAN]
    header = [c.value for c in sheet[4]]
    first = sheet[5]
    assert first[header.index("Target year")].number_format == "0"
    assert first[header.index("Score (−5..5)")].number_format == "General"
    # No set scored: the exports still work and say there is nothing.
    empty = chitieu.score(demo_observations, [])
    assert len(empty) == 0
    page = empty.to_html(lang="en")
    assert "<table" not in page and "Target attainment" in page
    empty.to_excel(tmp_path / "empty.xlsx")
    assert openpyxl.load_workbook(tmp_path / "empty.xlsx").sheetnames[-2:] == [
        "Trích dẫn - Citations",
        "Chú giải - Legend",
    ]
