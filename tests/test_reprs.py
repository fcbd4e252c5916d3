"""HTML views of the result objects: well-formed, escaped, and in the language asked for.

Every public result class (except ``Scorecard``, tested with scoring) has ``to_html(lang)``
and ``_repr_html_`` (= ``to_html("both")``). Headings come from ``chitieu.labels``:
``lang="vi"`` shows only Vietnamese headings, ``"en"`` only English ones.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import polars as pl
import pytest

import chitieu
from chitieu.labels import HEADINGS
from chitieu.ranks import RankWithin

HOSTILE = "<script>alert('x&y')</script><img src=x onerror=alert(1)>"
#: Tags the views may use; anything else (script, img...) came from unescaped data.
ALLOWED_TAGS = {"div", "p", "b", "i", "br", "small", "table", "tr", "th", "td"}
VOID_TAGS = {"br"}


class Page(HTMLParser):
    """Parses a page, checking that every element is closed in order."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.texts: list[str] = []
        self.problems: list[str] = []
        self._heading: list[str] | None = None
        self.feed(page)
        self.close()
        if self.open:
            self.problems.append(f"unclosed: {self.open}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in VOID_TAGS:
            return
        self.open.append(tag)
        if tag == "th":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()
        if tag == "th" and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def well_formed(page: str) -> Page:
    parsed = Page(page)
    assert not parsed.problems, parsed.problems
    assert set(parsed.tags) <= ALLOWED_TAGS, set(parsed.tags) - ALLOWED_TAGS
    return parsed


# ---- the objects -----------------------------------------------------------------------


def _framework(root: str = "Index") -> pl.DataFrame:
    return pl.DataFrame(
        {"Level": [1, 1, 2], "iCode": ["x", "y", root], "Weight": [1.0, 1.0, 1.0],
         "Parent": [root, root, None], "Type": ["Indicator", "Indicator", "Aggregate"]}
    )  # fmt: skip


def _index(units: list[str], root: str = "Index") -> chitieu.Composite:
    data = pl.DataFrame({"unit_id": units, "x": [1.0, 2.0, 3.0], "y": [3.0, 1.0, 2.0]})
    return chitieu.composite(data, _framework(root), treat=False)


def indicator() -> Any:
    return chitieu.indicator("researchers_per_10k")


def target_set() -> Any:
    return chitieu.targets("lai-chau-69-kl-tw-2024")


def composite() -> Any:
    return _index(["ha-noi", "lai-chau", "son-la"])


def uncertainty() -> Any:
    return _index(["ha-noi", "lai-chau", "son-la"]).uncertainty(100, seed=1)


def rank_within() -> Any:
    return chitieu.rank_within(
        chitieu.datasets.pii(), "bac-giang", "Trung du và miền núi phía Bắc", 2024
    )


OBJECTS: dict[str, Callable[[], Any]] = {
    "Indicator": indicator,
    "TargetSet": target_set,
    "Composite": composite,
    "Uncertainty": uncertainty,
    "RankWithin": rank_within,
}


def hostile_indicator() -> Any:
    definitions = {
        "components": [],
        "indicators": [
            {"id": "hostile_share", "name_vi": HOSTILE, "name_en": HOSTILE, "unit": "percent",
             "direction": "increase", "kind": "ratio", "aggregation": "ratio_of_additive",
             "source": HOSTILE,
             "formula": {"kind": "ratio", "numerator": ["stinv_spending"],
                         "denominator": ["local_budget_expenditure"], "scale": 100.0}}
        ],
    }  # fmt: skip
    return chitieu.indicator("hostile_share", definitions=definitions)


def hostile_target_set() -> Any:
    toml = chitieu.targets("lai-chau-69-kl-tw-2024").to_toml()
    toml = toml.replace('document = ""', f'document = "{HOSTILE}"', 1)
    toml = toml.replace('issuer_en = "Lai Chau', f'issuer_en = "{HOSTILE} Lai Chau', 1)
    start = toml.index('clause_vi = "') + len('clause_vi = "')
    toml = toml[:start] + HOSTILE + toml[start:]
    assert 'provenance = "document"' in toml
    # A press-summary clause is marked (?) with a title.
    toml = toml.replace('provenance = "document"', 'provenance = "press_summary"', 1)
    ts = chitieu.targets(toml)
    assert HOSTILE in ts.document and not ts.to_polars()["confirmed"][0]
    return ts


def hostile_composite() -> Any:
    return _index([HOSTILE, "lai-chau", "a&b"], root=HOSTILE)


def hostile_uncertainty() -> Any:
    return hostile_composite().uncertainty(100, seed=1)


def hostile_rank_within() -> Any:
    return RankWithin(HOSTILE, HOSTILE, 2024, 2, 4, 14, 12)


HOSTILE_OBJECTS: dict[str, Callable[[], Any]] = {
    "Indicator": hostile_indicator,
    "TargetSet": hostile_target_set,
    "Composite": hostile_composite,
    "Uncertainty": hostile_uncertainty,
    "RankWithin": hostile_rank_within,
}

# ---- the tests -------------------------------------------------------------------------

VI = {vi for vi, en in HEADINGS.values() if vi != en}
EN = {en for vi, en in HEADINGS.values() if vi != en}


def test_every_result_class_is_covered() -> None:
    classes = {chitieu.Indicator, chitieu.TargetSet, chitieu.Composite, chitieu.Uncertainty,
               chitieu.RankWithin}  # fmt: skip
    assert {c.__name__ for c in classes} == set(OBJECTS) == set(HOSTILE_OBJECTS)
    for cls in classes:
        assert callable(getattr(cls, "_repr_html_", None)), cls
        assert callable(getattr(cls, "to_html", None)), cls


@pytest.mark.parametrize("name", sorted(OBJECTS))
@pytest.mark.parametrize("lang", ["vi", "en", "both"])
def test_views_are_well_formed(name: str, lang: str) -> None:
    obj = OBJECTS[name]()
    page = well_formed(obj.to_html(lang))
    assert page.headings, "a view has headed rows or columns"
    assert obj._repr_html_() == obj.to_html("both") == obj.to_html()


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_vietnamese_view_has_vietnamese_headings_only(name: str) -> None:
    headings = well_formed(OBJECTS[name]().to_html("vi")).headings
    assert not set(headings) & EN, set(headings) & EN
    assert set(headings) <= {vi for vi, _ in HEADINGS.values()}, headings


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_english_view_has_english_headings_only(name: str) -> None:
    headings = well_formed(OBJECTS[name]().to_html("en")).headings
    assert not set(headings) & VI, set(headings) & VI
    assert set(headings) <= {en for _, en in HEADINGS.values()}, headings


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_bilingual_view_has_both(name: str) -> None:
    headings = well_formed(OBJECTS[name]().to_html("both")).headings
    assert set(headings) <= {f"{vi} / {en}" if vi != en else vi for vi, en in HEADINGS.values()}
    assert any(" / " in h for h in headings)


def test_names_follow_the_language() -> None:
    ind = indicator()
    assert ind.name_vi in ind.to_html("vi") and ind.name_en not in ind.to_html("vi")
    assert ind.name_en in ind.to_html("en") and ind.name_vi not in ind.to_html("en")
    ts = target_set()
    row = ts.to_polars().row(0, named=True)
    vi, en = well_formed(ts.to_html("vi")).text, well_formed(ts.to_html("en")).text
    assert row["clause_vi"] in vi and row["clause_en"] not in vi
    assert row["clause_en"] in en and row["clause_vi"] not in en
    both = well_formed(ts.to_html("both")).text
    assert row["clause_vi"] in both and row["clause_en"] in both
    # Registry units are shown by name, in the language asked for.
    assert "Lai Châu" in composite().to_html("vi") and "Lai Chau" in composite().to_html("en")
    assert "Bắc Giang" in rank_within().to_html("vi")


@pytest.mark.parametrize("name", sorted(HOSTILE_OBJECTS))
@pytest.mark.parametrize("lang", ["vi", "en", "both"])
def test_hostile_text_is_escaped(name: str, lang: str) -> None:
    page = HOSTILE_OBJECTS[name]().to_html(lang)
    assert "<script" not in page and "<img" not in page
    parsed = well_formed(page)
    assert HOSTILE in parsed.text, "the text is shown, as text"


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_unknown_language_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="lang must be one of"):
        OBJECTS[name]().to_html("fr")


def test_long_tables_are_cut_and_say_so() -> None:
    units = chitieu.units("2024-12-31")["id"].to_list()
    data = pl.DataFrame({"unit_id": units}).with_columns(
        x=pl.int_range(len(units)) * 1.0, y=pl.int_range(len(units)) * -1.0
    )
    index = chitieu.composite(data, _framework(), treat=False)
    page = well_formed(index.to_html("en", max_rows=5))
    assert "… 5 / 63" in page.text
    unc = index.uncertainty(60, seed=1)
    assert "… 40 / 63" in well_formed(unc.to_html("vi")).text


def test_progress_and_scorecard_views() -> None:
    # Progress is a Rust class: its table comes from the core, like the scorecard's page.
    p = chitieu.progress([2015, 2023], [1.2, 1.6], target=2.0, target_year=2030)
    vi, en = well_formed(p.to_html("vi")), well_formed(p.to_html("en"))
    assert "Trạng thái" in vi.headings and "Status" not in vi.headings
    assert "Status" in en.headings and "Năm gốc: giá trị" not in en.headings
    assert "▲ Đúng tiến độ / On track" in p._repr_html_()
    with pytest.raises(chitieu.InvalidValueError, match="unknown language 'fr'"):
        p.to_html("fr")
    obs = pl.DataFrame({"unit_id": "lai-chau", "indicator": "researchers_per_10k",
                        "year": [2015, 2023], "value": [4.0, 6.0]})  # fmt: skip
    card = chitieu.score(obs, "lai-chau-69-kl-tw-2024")
    assert "<table" in card._repr_html_()
    assert "<title>" in card.to_html(lang="vi")
