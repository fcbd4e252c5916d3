"""Generate the SYNTHETIC province workbook ``so_lieu_tinh_mau.xlsx`` (seeded, reproducible).

    python examples/data/make_province_workbook.py          # writes so_lieu_tinh_mau.xlsx beside it
    python examples/data/make_province_workbook.py --check  # regenerates in memory, compares bytes

The numbers are INVENTED (seed ``SEED`` below): plausible in size for Vietnamese provinces,
but not statistics of any province. Do not cite them.

What the workbook imitates: a summary table as a provincial Department of Science and
Technology (Sở Khoa học và Công nghệ) or Statistics Office keeps it in Excel, the way
``examples/notebooks/05_so_lieu_cua_tinh.ipynb`` reads it:

* sheet "Số liệu": two title rows and a blank row above the header; the header is
  "Tỉnh/thành phố", "Năm" and one column per indicator, headed by the indicator's
  Vietnamese name exactly as the catalog (``crates/chitieu/catalog/indicators.toml``) writes
  it; one row per province and year, 2015-2024, for Lai Châu, Bắc Giang, Quảng Trị and
  Hồ Chí Minh City; provinces by name, as people type them ("Lai Châu", "Lai Chau",
  "Tỉnh Bắc Giang", "Quang Tri", "TP. Hồ Chí Minh"); years as numbers; every value as TEXT
  with a decimal comma ("4,25"), in cells formatted as text; a source line below the table;
* sheet "Ghi chú": a notice, in Vietnamese and English, that the data are synthetic.

Deliberate mistakes, as they happen in real workbooks (the notebook finds and fixes them):

1. a misspelt province name: "Tỉnh Bắc Gaing" (Bắc Giang, 2019);
2. a negative share: a minus sign typed before the share of innovating enterprises
   (Quảng Trị, 2020);
3. an unreadable value "n/a" (Lai Châu, 2017, researchers) and a blank cell (Bắc Giang,
   2016, S&T&I share of the local budget);
4. a duplicated row: Lai Châu 2022 pasted twice (identical).

Only the standard library and openpyxl are used (Python >= 3.11 for ``tomllib``). The same
seed gives a byte-identical file: the zip entries carry a fixed date and the workbook's
creation and modification dates are fixed.
"""

from __future__ import annotations

import argparse
import datetime
import io
import random
import re
import sys
import zipfile
from pathlib import Path

import tomllib
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

SEED = 20261205
HERE = Path(__file__).resolve().parent
OUT = HERE / "so_lieu_tinh_mau.xlsx"
CATALOG = HERE.parent.parent / "crates" / "chitieu" / "catalog" / "indicators.toml"
YEARS = range(2015, 2025)
SHEET = "Số liệu"
NOTES = "Ghi chú"
FIXED_DATE = datetime.datetime(2026, 12, 5, 0, 0, 0)

# Indicators of the built-in plans (Lai Châu, Bắc Giang, Quảng Trị) in the column order.
INDICATORS = [
    "stinv_local_budget_share",
    "researchers_per_10k",
    "enterprises_innovating_share",
    "st_enterprises_new",
    "innovative_startups_new",
]

# unit id -> (the name as the workbook writes it, per year range), and the levels:
# indicator -> (level in 2015, mean yearly growth) for levels; (low, high) a year for flows.
PROVINCES = {
    "lai-chau": {
        "names": {range(2015, 2018): "Lai Chau", range(2018, 2025): "Lai Châu"},
        "stinv_local_budget_share": (0.72, 0.065),
        "researchers_per_10k": (2.6, 0.055),
        "enterprises_innovating_share": (9.0, 0.08),
        "st_enterprises_new": (0, 1),
        "innovative_startups_new": (0, 2),
    },
    "bac-giang": {
        "names": {range(2015, 2025): "Tỉnh Bắc Giang"},
        "stinv_local_budget_share": (0.95, 0.05),
        "researchers_per_10k": (4.1, 0.06),
        "enterprises_innovating_share": (15.0, 0.075),
        "st_enterprises_new": (1, 4),
        "innovative_startups_new": (1, 5),
    },
    "quang-tri": {
        "names": {range(2015, 2025): "Quang Tri"},
        "stinv_local_budget_share": (0.82, 0.045),
        "researchers_per_10k": (3.4, 0.05),
        "enterprises_innovating_share": (12.0, 0.07),
        "st_enterprises_new": (0, 2),
        "innovative_startups_new": (0, 3),
    },
    "ho-chi-minh": {
        "names": {range(2015, 2025): "TP. Hồ Chí Minh"},
        "stinv_local_budget_share": (1.55, 0.04),
        "researchers_per_10k": (25.0, 0.035),
        "enterprises_innovating_share": (30.0, 0.045),
        "st_enterprises_new": (40, 90),
        "innovative_startups_new": (100, 300),
    },
}
FLOWS = {"st_enterprises_new", "innovative_startups_new"}
DECIMALS = {
    "stinv_local_budget_share": 2,
    "researchers_per_10k": 2,
    "enterprises_innovating_share": 1,
}

TITLE = (
    "BIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU KHOA HỌC, CÔNG NGHỆ VÀ ĐỔI MỚI SÁNG TẠO "
    "CỦA MỘT SỐ TỈNH, THÀNH PHỐ GIAI ĐOẠN 2015–2024"
)
SUBTITLE = (
    "(Số liệu giả lập để minh họa, không phải số liệu thống kê chính thức – "
    "Synthetic data for illustration, not official statistics)"
)
SOURCE_LINE = (
    "Nguồn: số liệu giả lập do examples/data/make_province_workbook.py tạo ra "
    f"(seed {SEED}); không trích dẫn. / Source: synthetic data (seeded); do not cite."
)
NOTICE = [
    "GHI CHÚ / NOTE",
    (
        "Toàn bộ số liệu trong tệp này là số liệu GIẢ LẬP, được sinh ngẫu nhiên có gieo hạt "
        f"cố định (seed {SEED}) bằng chương trình examples/data/make_province_workbook.py "
        "của thư viện chitieu. Số liệu có độ lớn tương tự số liệu của các tỉnh, thành phố "
        "Việt Nam nhưng KHÔNG phải số liệu thống kê chính thức của bất kỳ địa phương nào; "
        "không được trích dẫn, so sánh với số liệu đã công bố hay dùng để rút ra kết luận."
    ),
    (
        "All figures in this file are SYNTHETIC: generated at random with a fixed seed "
        f"(seed {SEED}) by examples/data/make_province_workbook.py in the chitieu library. "
        "They are plausible in size for Vietnamese provinces but are NOT official statistics "
        "of any province; do not cite them, compare them with published figures or draw "
        "conclusions from them."
    ),
    (
        "Tệp được cố ý để lại một số lỗi thường gặp khi nhập liệu (một tên tỉnh viết sai, "
        "một tỷ lệ âm, một ô “n/a”, một ô trống, một dòng bị lặp) để minh họa cách chitieu "
        "phát hiện lỗi; xem examples/notebooks/05_so_lieu_cua_tinh.ipynb."
    ),
    (
        "The file deliberately keeps a few common data-entry mistakes (a misspelt province "
        "name, a negative share, an 'n/a' cell, a blank cell, a duplicated row) to show how "
        "chitieu finds them; see examples/notebooks/05_so_lieu_cua_tinh.ipynb."
    ),
    "Cách nhập số: dấu phẩy thập phân, ô định dạng văn bản (ví dụ “4,25”).",
    "Number format: decimal comma, cells formatted as text (e.g. '4,25').",
]


def catalog_names() -> dict[str, str]:
    """Indicator id -> Vietnamese name, read from the catalog the library embeds."""
    with CATALOG.open("rb") as f:
        catalog = tomllib.load(f)
    names = {i["id"]: i["name_vi"] for i in catalog["indicators"]}
    missing = [i for i in INDICATORS if i not in names]
    if missing:
        raise SystemExit(f"indicators not in {CATALOG}: {missing}")
    return {i: names[i] for i in INDICATORS}


def vi_number(value: float, decimals: int) -> str:
    """A number as a Vietnamese Excel user types it: decimal comma, no thousands mark."""
    return f"{value:.{decimals}f}".replace(".", ",")


def name_in(unit: dict, year: int) -> str:
    return next(n for years, n in unit["names"].items() if year in years)


def rows(rng: random.Random) -> list[list[object]]:
    """The table's rows (name, year, five text values), deliberate mistakes included."""
    out: list[list[object]] = []
    for unit_id, unit in PROVINCES.items():
        levels = {}
        for ind in INDICATORS:
            if ind in FLOWS:
                continue
            start, growth = unit[ind]
            levels[ind] = (start * rng.uniform(0.9, 1.1), growth * rng.uniform(0.6, 1.4))
        for year in YEARS:
            row: list[object] = [name_in(unit, year), year]
            for ind in INDICATORS:
                if ind in FLOWS:
                    lo, hi = unit[ind]
                    row.append(str(rng.randint(lo, hi)))
                else:
                    start, growth = levels[ind]
                    value = start * (1 + growth) ** (year - 2015) * (1 + rng.gauss(0, 0.03))
                    row.append(vi_number(value, DECIMALS[ind]))
            out.append(row)
            # Mistakes, keyed on (unit, year).
            col = {ind: 2 + k for k, ind in enumerate(INDICATORS)}
            if (unit_id, year) == ("bac-giang", 2019):
                row[0] = "Tỉnh Bắc Gaing"  # 1. misspelt name
            if (unit_id, year) == ("quang-tri", 2020):
                row[col["enterprises_innovating_share"]] = "-" + str(
                    row[col["enterprises_innovating_share"]]
                )  # 2. a share typed with a minus sign
            if (unit_id, year) == ("lai-chau", 2017):
                row[col["researchers_per_10k"]] = "n/a"  # 3. unreadable
            if (unit_id, year) == ("bac-giang", 2016):
                row[col["stinv_local_budget_share"]] = None  # 3. blank cell
            if (unit_id, year) == ("lai-chau", 2022):
                out.append(list(row))  # 4. the same row pasted twice
    return out


def build() -> bytes:
    """The workbook, as bytes that depend on the seed only."""
    rng = random.Random(SEED)
    names = catalog_names()
    header = ["Tỉnh/thành phố", "Năm", *[names[i] for i in INDICATORS]]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ncol = len(header)
    ws.append([TITLE])
    ws.append([SUBTITLE])
    ws.append([])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"].font = Font(italic=True, color="C00000")
    for cell in ("A1", "A2"):
        ws[cell].alignment = Alignment(horizontal="center", wrap_text=True)
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 30
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[4].height = 75
    for row in rows(rng):
        ws.append(row)
        r = ws.max_row
        for c in range(3, ncol + 1):
            cell = ws.cell(row=r, column=c)
            cell.number_format = "@"  # text cells, as the province typed them
            cell.alignment = Alignment(horizontal="right")
    ws.append([])
    ws.append([SOURCE_LINE])
    ws["A" + str(ws.max_row)].font = Font(italic=True, size=9)
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 8
    for letter in "CDEFG"[: ncol - 2]:
        ws.column_dimensions[letter].width = 24
    ws.freeze_panes = "C5"

    notes = wb.create_sheet(NOTES)
    for text in NOTICE:
        notes.append([text])
    notes["A1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 120
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    wb.properties.creator = "chitieu examples/data/make_province_workbook.py (synthetic)"
    wb.properties.title = "Số liệu giả lập / Synthetic data"
    wb.properties.created = FIXED_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible(buffer.getvalue())


def _reproducible(xlsx: bytes) -> bytes:
    """The same workbook with fixed dates: openpyxl stamps the save time into
    ``docProps/core.xml`` and every zip entry."""
    stamp = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="regenerate in memory and compare with the file"
    )
    args = parser.parse_args()
    data = build()
    if args.check:
        if not OUT.exists() or OUT.read_bytes() != data:
            sys.exit(f"{OUT} differs from what the generator makes: run it without --check")
        print(f"{OUT.name}: identical to the generator's output (seed {SEED})")
        return
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data):,} bytes, seed {SEED}; SYNTHETIC data)")


if __name__ == "__main__":
    main()
