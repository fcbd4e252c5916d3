"""Properties: no input crashes a notebook, invents or loses data.

Every public function of chitieu is fed generated inputs: long tables whose columns take every
polars dtype (with nulls, NaN, ±inf, huge and negative integers, years out of range, ids that
differ from real ids by case, spaces or a Unicode dash, extra columns, no rows), every keyword
option with bad values (NaN, negative, 2**40, 2**70, misspelled names, a string where a list is
expected) and mutated target-set TOML. Each call must either

* raise a **typed error**: a ``chitieu.ChitieuError``, or a ``TypeError`` / ``ValueError`` (or an
  ``OverflowError``, a polars error, an ``OSError`` for paths) whose message names the argument,
  column, unit, indicator or year at fault. Never a Rust panic (pyo3's ``PanicException``, a
  ``BaseException``; a polars error saying "panicked" or "activate '…' feature";
  ``chitieu.InternalError``, a panic caught at the boundary), a ``KeyError`` / ``IndexError`` /
  ``AttributeError`` from inside the library, an ``OverflowError`` naming nothing; or
* return a result that passes the **invariants** of its kind: a scorecard has one row per (unit,
  target), known statuses, scores in [-5, 5] and no silently dropped data; ``progress`` a
  ``Status``, a score in [-5, 5] and a limit factor in [0, 1]; ``observations`` keeps every row
  and value; a composite index ranks 1..n with finite scores; expressions agree with
  ``chitieu.progress`` on the same series.

The panic check is ``fail_on_panic`` of ``tests/test_hostile.py``, extended (copied here so that
this file runs alone). Runs are reproducible (``derandomize=True``, no example database); set
``CHITIEU_PROPERTY_EXAMPLES=N`` to run N examples per property instead of the small defaults.
A failure message carries the call and its input (rows and schema), ready to paste.

Calls that can abort the interpreter run in child processes (at most 4 GiB of address space),
so that an abort fails one test instead of ending pytest: every ``chitieu.expr`` query (a Rust
panic inside the polars plugin can be "non-unwinding") goes to a worker process, restarted
after an abort; the Monte Carlo asking for 2**33 replications runs in its own subprocess.
"""

from __future__ import annotations

import atexit
import builtins
import datetime as dt
import decimal
import math
import os
import pickle
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import chitieu
import chitieu.expr as cx

# ---------------------------------------------------------------------------------------------
# Settings

EXAMPLES = int(os.environ.get("CHITIEU_PROPERTY_EXAMPLES", "0") or "0")


def examples(n: int) -> settings:
    """``n`` examples (or ``CHITIEU_PROPERTY_EXAMPLES``), reproducible, no deadline."""
    return settings(
        max_examples=EXAMPLES or n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )


# ---------------------------------------------------------------------------------------------
# Typed errors

#: Words that reveal a Rust panic behind an error (pyo3's PanicException, polars' "the plugin
#: panicked", Rust's "thread '…' panicked at", polars' "activate 'dtype-decimal' feature").
PANIC_MARKERS = ("panicked", "panicexception", "activate")
#: Keys of a ValidationError's ``errors`` entries that locate a problem.
LOCATIONS = (
    "row",
    "column",
    "unit_id",
    "indicator",
    "component",
    "year",
    "file",
    "line",
    "target",
    "field",
)
#: A panic caught at the pyo3 boundary (newer builds): still a bug, never an answer.
INTERNAL_ERROR: type[BaseException] | None = getattr(chitieu, "InternalError", None)
#: Polars appends the failing expression (which names every input column) to plugin errors.
EXPRESSION_SUFFIX = "This error occurred in the following expression"
TYPED = (
    chitieu.ChitieuError,
    TypeError,
    ValueError,
    OverflowError,
    OSError,
    pl.exceptions.PolarsError,
)
REFUSED = object()


def _short(text: str, limit: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " …"


def _chain(exc: BaseException) -> Iterable[BaseException]:
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        yield e
        e = e.__cause__ or e.__context__


def fail_on_panic(exc: BaseException, call: str = "") -> None:
    """Fail if ``exc`` (or an exception it was raised from) reveals a Rust panic: its type is
    a ``PanicException`` or chitieu's ``InternalError``, or its message says it panicked."""
    for e in _chain(exc):
        names = {cls.__name__ for cls in type(e).__mro__}
        text = f"{type(e).__name__}: {e}"
        if "PanicException" in names or any(m in text.lower() for m in PANIC_MARKERS):
            pytest.fail(f"{call}: a Rust panic surfaced: {_short(text)}", pytrace=False)
        if INTERNAL_ERROR is not None and isinstance(e, INTERNAL_ERROR):
            pytest.fail(
                f"{call}: chitieu.InternalError (a Rust failure caught at the boundary, i.e. a "
                f"bug, not an answer): {_short(text)}",
                pytrace=False,
            )


def _searchable(exc: BaseException, own_message_only: bool) -> str:
    text = str(exc)
    if own_message_only:
        text = text.split(EXPRESSION_SUFFIX)[0]
    for err in getattr(exc, "errors", None) or []:
        if isinstance(err, dict):
            text += " " + " ".join(f"{k}={err[k]!r}" for k in LOCATIONS if err.get(k) is not None)
            text += " " + str(err.get("message", ""))
    return text.casefold().replace("_", " ")


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` (case-folded, ``_`` as spaces) names ``name`` as a word, not as a part
    of a longer word ("id" is not named by "invalid")."""
    token = re.escape(name.casefold().replace("_", " "))
    return re.search(rf"(?<![a-z0-9]){token}(?![a-z0-9])", text) is not None


def check_refusal(
    exc: BaseException, call: str, names: Iterable[str], *, own_message_only: bool = False
) -> None:
    """Fail unless ``exc`` is a typed error whose message names one of ``names``."""
    fail_on_panic(exc, call)
    if isinstance(exc, (KeyError, IndexError, AttributeError)):
        pytest.fail(
            f"{call}: {type(exc).__name__} from inside the library: {_short(repr(exc))}",
            pytrace=False,
        )
    if not isinstance(exc, TYPED):
        pytest.fail(
            f"{call}: untyped error {type(exc).__name__}: {_short(str(exc))}", pytrace=False
        )
    text = _searchable(exc, own_message_only)
    wanted = sorted({n for n in names if n})
    if not any(_mentions(text, n) for n in wanted):
        pytest.fail(
            f"{call}: {type(exc).__name__} names none of {wanted} (the argument, column, unit, "
            f"indicator or year at fault): {_short(str(exc))}",
            pytrace=False,
        )


def attempt(
    call: str, fn: Callable[[], Any], names: Iterable[str], *, own_message_only: bool = False
) -> Any:
    """``fn()``, or ``REFUSED`` after checking that what it raised is a typed error naming one
    of ``names``. Catches ``BaseException``: pyo3's PanicException is one."""
    try:
        return fn()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:
        check_refusal(e, call, names, own_message_only=own_message_only)
        return REFUSED


OK, BAD, EITHER = "ok", "bad", "either"


def expect(verdict: str, call: str, fn: Callable[[], Any], names: Sequence[str], **kw: Any) -> Any:
    """Run ``fn`` under ``verdict``: ``BAD`` must raise a typed error naming ``names``; ``OK``
    must return; ``EITHER`` may do either (a refusal still names ``names``)."""
    if verdict == OK:
        return must_succeed(call, fn)
    out = attempt(call, fn, names, **kw)
    if verdict == BAD and out is not REFUSED:
        pytest.fail(
            f"{call}: accepted silently; expected a typed error naming {list(names)}", pytrace=False
        )
    return out


def must_succeed(call: str, fn: Callable[[], Any]) -> Any:
    """``fn()``; any error (typed or not) fails the test: the input is valid."""
    try:
        return fn()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:
        fail_on_panic(e, call)
        pytest.fail(
            f"{call}: refused valid input: {type(e).__name__}: {_short(str(e))}", pytrace=False
        )


# ---------------------------------------------------------------------------------------------
# Reference data

SET_IDS: list[str] = chitieu.target_sets()["id"].to_list()
SETS = {s: chitieu.targets(s) for s in SET_IDS}
STATUS_CODES = frozenset(chitieu.statuses()["status"].cast(pl.String).to_list())
STATUSES = frozenset(
    getattr(chitieu.Status, n) for n in dir(chitieu.Status) if n.isupper() and not n.startswith("_")
)
CATALOG_IDS = frozenset(chitieu.catalog()["id"].to_list())
DIRECTIONS: dict[str, str] = dict(chitieu.catalog().select("id", "direction").iter_rows())
SET_INDICATORS = sorted(
    {i for s in SETS.values() for i in s.to_polars()["indicator"].drop_nulls().to_list()}
    & CATALOG_IDS
)
REAL_UNITS = [
    "lai-chau",
    "bac-giang",
    "quang-tri",
    "ha-noi",
    "long-an",
    "gia-lai",
    "vn",
    "bac-ninh",
    "son-la",
]
LAI_CHAU = "lai-chau-69-kl-tw-2024"
BAC_GIANG = "bac-giang-69-kl-tw-2024"

#: Characters that look like an ASCII hyphen.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
#: Blanks users paste around ids (no-break space, ideographic space, zero-width space, BOM).
BLANKS = [" ", "\t", "\u00a0", "\u3000", "\u200b", "\ufeff", "\n"]


def norm(text: Any) -> str | None:
    """What a user means by an id: Unicode-compatible form, no blanks around or zero-width
    characters, case-folded, any dash an ASCII hyphen."""
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text))
    s = s.replace("\u200b", "").replace("\ufeff", "")
    for d in DASHES:
        s = s.replace(d, "-")
    return s.strip().casefold()


@st.composite
def variants(draw: st.DrawFn, base: str) -> str:
    """``base`` as a user might type or paste it: case changed, blanks around, a Unicode dash,
    a compatibility form (full-width letters); never ``base`` itself."""
    out = base
    while out == base:
        ops = draw(
            st.lists(
                st.sampled_from(["upper", "title", "one", "pad", "dash", "wide"]),
                min_size=1,
                max_size=3,
            )
        )
        out = base
        for op in ops:
            if op == "upper":
                out = out.upper()
            elif op == "title":
                out = out.title()
            elif op == "one":
                i = draw(st.integers(0, len(out) - 1))
                out = out[:i] + out[i].swapcase() + out[i + 1 :]
            elif op == "pad":
                out = draw(st.sampled_from(["", *BLANKS])) + out + draw(st.sampled_from(BLANKS))
            elif op == "dash" and "-" in out:
                out = out.replace("-", draw(st.sampled_from(DASHES)))
            elif op == "wide":
                out = "".join(
                    chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in out
                )
    assert norm(out) == norm(base)
    return out


#: Fixed variants of real ids for the parametrised checks (case, blanks, a non-ASCII hyphen).
UNIT_VARIANTS = {
    "title-case": "Lai-Chau",
    "upper-case": "LAI-CHAU",
    "leading-space": " lai-chau",
    "trailing-space": "lai-chau ",
    "non-breaking-hyphen": "lai\u2011chau",
    "en-dash": "lai\u2013chau",
    "trailing-no-break-space": "lai-chau\u00a0",
    "zero-width-space": "\u200blai-chau",
    "full-width": "ｌａｉ-ｃｈａｕ",
}
INDICATOR_VARIANTS = {
    "upper-K": "researchers_per_10K",
    "capitalised": "Researchers_per_10k",
    "leading-space": " researchers_per_10k",
    "trailing-space": "researchers_per_10k ",
    "trailing-tab": "researchers_per_10k\t",
    "zero-width-space": "researchers_per_10k\u200b",
    "upper-case-zero-width-space": "RESEARCHERS_PER_10K\u200b",
    "full-width": "ｒｅｓｅａｒｃｈｅｒｓ_ｐｅｒ_１０ｋ",
}


def panel() -> pl.DataFrame:
    """A valid long table: Lai Châu and Bắc Giang, several indicators, 2015-2024."""
    rows = []
    series = {
        "researchers_per_10k": (4.0, 0.3),
        "stinv_local_budget_share": (0.5, 0.1),
        "stinv_spending": (50.0, 5.0),
        "st_enterprises_new": (1.0, 0.0),
        "innovative_startups_new": (2.0, 0.0),
        "tfp_contribution_5y": (30.0, 1.0),
        "enterprises_innovating_share": (10.0, 2.0),
    }
    for k, unit in enumerate(["lai-chau", "bac-giang"]):
        for ind, (start, step) in series.items():
            for year in range(2015, 2025):
                rows.append((unit, ind, year, start * (1 + k) + step * (year - 2015)))
        for year, rank in [(2023, 20 + k), (2024, 18 + k)]:
            rows.append((unit, "pii_rank", year, float(rank)))
    return pl.DataFrame(rows, schema=["unit_id", "indicator", "year", "value"], orient="row")


PANEL = panel()

# ---------------------------------------------------------------------------------------------
# Invariants


def _finite_or_null(frame: pl.DataFrame, columns: Iterable[str], call: str) -> None:
    for c in columns:
        if c in frame.columns and frame[c].dtype.is_float():
            bad = frame.filter(pl.col(c).is_nan() | pl.col(c).is_infinite())
            assert bad.height == 0, f"{call}: column {c!r} holds NaN/inf: {bad.head(3).rows()}"


def texts(s: pl.Series) -> list[Any]:
    """The ids of a column as text (None where the column holds no text)."""
    if s.dtype in (pl.String, pl.Categorical) or isinstance(s.dtype, pl.Enum):
        return s.cast(pl.String).to_list()
    if s.dtype == pl.Binary:
        return [None if b is None else b.decode("utf-8", "replace") for b in s.to_list()]
    return [None] * s.len()


def _raw_rows(frame: pl.DataFrame, key: str = "indicator") -> list[tuple[Any, Any, Any]]:
    """(unit_id, indicator, value) of every input row, as the user wrote them."""
    if not {"unit_id", key, "value"} <= set(frame.columns):
        return []

    values = frame["value"].to_list()
    present = [v is not None and not (isinstance(v, str) and not v.strip()) for v in values]
    return [
        (u, i, v)
        for u, i, v, p in zip(texts(frame["unit_id"]), texts(frame[key]), values, present)
        if p
    ]


def check_scorecard(
    card: Any,
    sets: Any,
    units: Any,
    frame: pl.DataFrame | None,
    call: str,
    *,
    product: bool = True,
) -> None:
    """One row per (unit, target) scored; statuses known; scores in [-5, 5]; achieved boolean;
    values finite; and no row says "no observations" of a series the table holds (or holds
    under an id that differs only by case, blanks or dashes, unless the note names that id)."""
    assert isinstance(card, chitieu.Scorecard), f"{call}: returned {type(card).__name__}"
    rows = card.to_polars()
    keys = list(zip(rows["unit_id"].to_list(), rows["target_id"].to_list()))
    if product:
        items = [sets] if isinstance(sets, (str, chitieu.TargetSet)) else list(sets)
        resolved = [s if isinstance(s, chitieu.TargetSet) else SETS[s] for s in items]
        expected = set()
        for s in resolved:
            if units is None:
                scored = [s.unit or "vn"]
            elif isinstance(units, str):
                scored = [units]  # the one unit named, never its letters
            else:
                scored = list(units)
            expected |= {(u, t) for u in scored for t in s.to_polars()["target_id"].to_list()}
        invented = sorted(set(keys) - expected)
        missing = sorted(expected - set(keys))
        assert not invented, f"{call}: rows for units or targets not asked for: {invented[:6]}"
        assert not missing, f"{call}: (unit, target) rows missing: {missing[:6]}"
    repeated = [k for k, n in Counter(keys).items() if n > 1]
    assert not repeated, f"{call}: (unit, target) rows repeated: {repeated[:5]}"
    status = rows["status"].cast(pl.String)
    assert status.null_count() == 0, f"{call}: a row has no status"
    unknown = set(status.to_list()) - STATUS_CODES
    assert not unknown, f"{call}: unknown status codes {unknown}"
    score = rows["score"].drop_nulls()
    assert score.is_finite().all() and score.is_between(-5, 5).all(), (
        f"{call}: scores outside [-5, 5]: {score.filter(~score.is_between(-5, 5)).to_list()[:5]}"
    )
    assert rows["achieved"].dtype in (pl.Boolean, pl.Null), f"{call}: achieved is not boolean"
    limit = rows["limit_factor"].drop_nulls()
    assert limit.is_between(0, 1).all(), f"{call}: limit_factor outside [0, 1]"
    _finite_or_null(rows, ["base_value", "latest_value", "target_value", "score"], call)
    summary = card.summary()
    assert not summary.select("unit_id", "set_id").is_duplicated().any(), (
        f"{call}: summary repeats a (unit, set)"
    )
    if frame is None:
        return
    table = _raw_rows(frame)
    for u, t, i, kind, row_note in rows.select(
        "unit_id", "target_id", "indicator", "kind", "note"
    ).iter_rows():
        if kind == "qualitative" or i is None or "no observations" not in (row_note or ""):
            continue
        held = {(a, b) for a, b, _ in table if norm(a) == norm(u) and norm(b) == norm(i)}
        if not held:
            continue
        # The note must quote the id the table holds where it differs from the scored one.
        named = any(
            f"'{held_id}'" in row_note
            for a, b in held
            for held_id, scored_id in ((a, u), (b, i))
            if held_id != scored_id
        )
        if (u, i) in held or not named:
            pytest.fail(
                f"{call}: unit {u!r}, target {t!r}: the table holds values of "
                f"{sorted(held)[:3]} but the row says {row_note!r} (data silently lost)",
                pytrace=False,
            )


def check_progress(
    p: Any, years: list[Any], values: list[Any], options: dict[str, Any], call: str
) -> None:
    """A Status, a score in [-5, 5] or None, a limit factor in [0, 1] or None, points no more
    than the values given, base and latest points among those given, NaN refused."""
    assert isinstance(p, chitieu.Progress), f"{call}: returned {type(p).__name__}"
    assert p.status in STATUSES, f"{call}: status {p.status!r} not in Status"
    assert p.score is None or (math.isfinite(p.score) and -5 <= p.score <= 5), (
        f"{call}: score {p.score}"
    )
    assert p.limit_factor is None or 0 <= p.limit_factor <= 1, (
        f"{call}: limit_factor {p.limit_factor}"
    )
    floats = [float(v) for v in values if isinstance(v, (float, decimal.Decimal))]
    assert all(math.isfinite(v) for v in floats), (
        f"{call}: accepted a NaN or infinite value: {values}"
    )
    present = [v for v in values if v is not None]
    assert p.points <= len(present), f"{call}: {p.points} points from {len(present)} values"
    numbers = [float(v) for v in present if isinstance(v, (int, float, decimal.Decimal))]
    numbers.append(float(options.get("zero_replacement", 0.001)))
    for v in (p.base_value, p.latest_value):
        if v is not None:
            assert any(math.isclose(v, x, rel_tol=1e-9) for x in numbers), (
                f"{call}: value {v} is not among the values given"
            )
    given_years = {
        int(y)
        for y in years
        if isinstance(y, (int, float, decimal.Decimal))
        and not isinstance(y, bool)
        and math.isfinite(y)
    }
    for y in (p.base_year, p.latest_year):
        if y is not None:
            assert y in given_years or y == options.get("base_year"), (
                f"{call}: year {y} is not among the years given"
            )


def check_ranks(
    ranks: pl.Series, scores: pl.Series, call: str, decimals: int | None = None
) -> None:
    """Ranks 1..n, ties sharing the best rank: rank = 1 + number of strictly better scores
    (scores within ``10**-decimals`` of each other may tie when ranks round first)."""
    pairs = [(r, s) for r, s in zip(ranks.to_list(), scores.to_list()) if r is not None]
    n = len(pairs)
    slack = 0.0 if decimals is None else 10.0**-decimals
    for r, s in pairs:
        assert 1 <= r <= n, f"{call}: rank {r} outside 1..{n}"
        if s is not None:
            better = sum(1 for _, t in pairs if t is not None and t > s)
            clearly = sum(1 for _, t in pairs if t is not None and t > s + slack)
            assert clearly + 1 <= r <= better + 1, (
                f"{call}: score {s} ranked {r}, {better} strictly better"
            )


# ---------------------------------------------------------------------------------------------
# Columns of every dtype

INTEGERS = ("Int8", "Int16", "Int32", "Int64", "Int128", "UInt8", "UInt16", "UInt32", "UInt64")
FLOATS = ("Float32", "Float64")
TEXT = ("String", "Categorical", "Enum")
DTYPE_NAMES = (
    *INTEGERS,
    *FLOATS,
    "Decimal",
    *TEXT,
    "Boolean",
    "Date",
    "Datetime",
    "Duration",
    "Time",
    "Binary",
    "Null",
    "List",
    "Struct",
    "Array",
)
FIXED_DTYPES: dict[str, pl.DataType | None] = {
    **{
        n: getattr(pl, n)()
        for n in (
            *INTEGERS,
            *FLOATS,
            "String",
            "Categorical",
            "Boolean",
            "Date",
            "Time",
            "Binary",
            "Null",
        )
    },
    "Decimal": pl.Decimal(12, 3),
    "Enum": None,  # categories from the values
    "Datetime": pl.Datetime("us"),
    "Duration": pl.Duration("us"),
    "List": pl.List(pl.Int64),
    "Struct": pl.Struct({"v": pl.Int64}),
    "Array": pl.Array(pl.Int64, 2),
}


@st.composite
def dtypes(draw: st.DrawFn) -> tuple[str, pl.DataType | None]:
    """Any polars dtype, parameters drawn (Decimal precision and scale, time units, zones)."""
    name = draw(st.sampled_from(DTYPE_NAMES))
    if name == "Decimal":
        precision = draw(st.integers(1, 38))
        return name, pl.Decimal(precision, draw(st.integers(0, min(precision, 12))))
    if name == "Datetime":
        unit = draw(st.sampled_from(["ms", "us", "ns"]))
        return name, pl.Datetime(unit, draw(st.sampled_from([None, "UTC", "Asia/Ho_Chi_Minh"])))
    if name == "Duration":
        return name, pl.Duration(draw(st.sampled_from(["ms", "us", "ns"])))
    if name == "Array":
        return name, pl.Array(pl.Int64, draw(st.integers(1, 3)))
    return name, FIXED_DTYPES[name]


def rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws. (Hypothesis favours the ends of an integer range,
    so the rare case is a value in the middle.)"""
    return draw(st.integers(0, 2 * one_in - 1)) == one_in


def _number(v: Any) -> float | int | decimal.Decimal | None:
    if v is None or isinstance(v, bool):
        return None if v is None else int(v)
    if isinstance(v, (int, float, decimal.Decimal)):
        return v
    try:
        return float(str(v))
    except ValueError:
        return None


def _whole(v: Any) -> int | None:
    x = _number(v)
    if x is None:
        return None
    if not isinstance(x, int):
        x = int(x) if math.isfinite(x) else None
    # Beyond 128 bits polars raises instead of writing null: no dtype holds such a number.
    return x if x is not None and abs(x) < 2**127 else None


def column(name: str, kind: str, dtype: pl.DataType | None, raw: list[Any], role: str) -> pl.Series:
    """A column of dtype ``kind`` holding ``raw`` as far as that dtype can (``strict=False``:
    what does not fit is null). ``role`` says how years and values map to dates and times."""
    n = len(raw)
    if kind == "Null":
        return pl.Series(name, [None] * n, dtype=pl.Null)
    if kind in (*TEXT, "Binary"):
        text = [None if v is None else str(v) for v in raw]
        if kind == "Binary":
            return pl.Series(name, [None if t is None else t.encode() for t in text], pl.Binary)
        s = pl.Series(name, text, dtype=pl.String)
        if kind == "Enum":
            return s.cast(pl.Enum(sorted({t for t in text if t is not None}) or ["?"]))
        return s.cast(pl.Categorical) if kind == "Categorical" else s
    assert dtype is not None
    if kind in INTEGERS:
        return pl.Series(name, [_whole(v) for v in raw], dtype=dtype, strict=False)
    if kind in FLOATS:
        nums = [_number(v) for v in raw]
        return pl.Series(name, [None if x is None else float(x) for x in nums], dtype=dtype)
    if kind == "Decimal":
        # Quantised here: polars' own constructor fails on tiny decimals such as 5E-324.
        assert isinstance(dtype, pl.Decimal)
        quantum = decimal.Decimal(1).scaleb(-(dtype.scale or 0))
        out = []
        for v in raw:
            x = _number(v)
            try:
                d = None if x is None else decimal.Decimal(str(x)).quantize(quantum)
            except decimal.InvalidOperation:
                d = None
            fits = (
                d is not None
                and d.is_finite()
                and len(d.as_tuple().digits) <= (dtype.precision or 38)
            )
            out.append(d if fits else None)
        return pl.Series(name, out, dtype=dtype, strict=False)
    if kind == "Boolean":
        return pl.Series(
            name, [None if _number(v) is None else bool(_number(v)) for v in raw], dtype=pl.Boolean
        )
    whole = [_whole(v) for v in raw]
    if kind in ("Date", "Datetime"):
        # Nanosecond datetimes hold only the years 1678..2261 (i64 nanoseconds from 1970).
        ns = kind == "Datetime" and getattr(dtype, "time_unit", None) == "ns"
        first, last = (1678, 2261) if ns else (1, 9999)
        vals: list[Any] = []
        for w in whole:
            if w is None:
                vals.append(None)
            elif role == "year" and first <= w <= last:
                vals.append(dt.date(w, 1, 1) if kind == "Date" else dt.datetime(w, 1, 1))
            elif role != "year" and -700_000 < w < 2_900_000:  # days from 2000-01-01
                d = dt.date(2000, 1, 1) + dt.timedelta(days=w)
                fits = first <= d.year <= last
                day = d if kind == "Date" else dt.datetime(d.year, d.month, d.day)
                vals.append(day if fits else None)
            else:
                vals.append(None)
        return pl.Series(name, vals, dtype=dtype, strict=False)
    if kind == "Duration":
        vals = [None if w is None or abs(w) > 10**8 else dt.timedelta(days=w) for w in whole]
        return pl.Series(name, vals, dtype=dtype, strict=False)
    if kind == "Time":
        return pl.Series(name, [None if w is None else dt.time(w % 24) for w in whole], pl.Time)
    # Nested Int64 builders raise (instead of writing null) for what Int64 cannot hold.
    whole = [w if w is not None and -(2**63) <= w < 2**63 else None for w in whole]
    if kind == "List":
        return pl.Series(
            name, [None if w is None else [w] for w in whole], dtype=dtype, strict=False
        )
    if kind == "Struct":
        return pl.Series(
            name, [None if w is None else {"v": w} for w in whole], dtype=dtype, strict=False
        )
    if kind == "Array":
        size = dtype.size if isinstance(dtype, pl.Array) else 1
        return pl.Series(
            name, [None if w is None else [w] * size for w in whole], dtype=dtype, strict=False
        )
    raise AssertionError(kind)  # pragma: no cover


GOOD_KIND = {
    "unit_id": "String",
    "indicator": "String",
    "component": "String",
    "year": "Int64",
    "value": "Float64",
}

HUGE = [2**31, -(2**31) - 1, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1, 2**70, -(2**70), 2**127]


def unit_ids(plausible: bool) -> st.SearchStrategy[Any]:
    real = st.sampled_from(REAL_UNITS[:5] if plausible else REAL_UNITS)
    odd = st.one_of(
        st.sampled_from(["", " ", "🙂", "x" * 300, "\x00", "Hà Nội", "lai-chau;DROP"]),
        st.none(),
    )
    variant = st.sampled_from(REAL_UNITS[:3]).flatmap(variants)
    return st.one_of(real, real, real, variant) if plausible else st.one_of(real, variant, odd)


def indicators(plausible: bool, key: str = "indicator") -> st.SearchStrategy[Any]:
    names = SET_INDICATORS if key == "indicator" else chitieu.components()["id"].to_list()
    real = st.sampled_from(names)
    variant = st.sampled_from(names).flatmap(variants)
    odd = st.one_of(st.sampled_from(["", "unknown", "pii-rank", "🙂"]), st.none())
    return st.one_of(real, real, real, variant) if plausible else st.one_of(real, variant, odd)


def years(plausible: bool) -> st.SearchStrategy[Any]:
    good = st.integers(2010, 2031)
    if plausible:
        return good
    return st.one_of(
        good,
        good,
        st.sampled_from([1899, 1900, 2100, 2101, 0, -1, 15, *HUGE]),
        st.sampled_from([2020.0, 2020.5, math.nan, math.inf, -math.inf]),
        st.sampled_from(["2023", "2023-2024", "", "năm 2020", "2020.0", " 2021 ", "２０２２"]),
        st.none(),
    )


def values(plausible: bool) -> st.SearchStrategy[Any]:
    good = st.floats(0.01, 500.0)
    special = st.sampled_from([0.0, -0.0, -3.0, 1e12, 1e-12])
    if plausible:
        return st.one_of(good, good, special, st.none())
    return st.one_of(
        good,
        special,
        st.sampled_from([1e308, -1e308, 5e-324, math.nan, math.inf, -math.inf]),
        st.sampled_from(HUGE),
        st.sampled_from(["1.5", "1,5", "n/a", "", "12", "nan", "inf", "1e3", " 7 "]),
        st.sampled_from([decimal.Decimal("1.25"), decimal.Decimal("-0.001")]),
        st.none(),
    )


@st.composite
def frames(draw: st.DrawFn, key: str = "indicator") -> pl.DataFrame:
    """A hostile long table: 0-10 rows; a column's dtype any polars dtype one time in three,
    else the usual one; hostile ids, years and values mixed with good ones; now and then a
    column dropped or one added (``source``/``flag`` are allowed, others are not)."""
    n = draw(st.integers(0, 10))
    strategies = {
        "unit_id": unit_ids(False),
        key: indicators(False, key),
        "year": years(False),
        "value": values(False),
    }
    cols = []
    for role, strategy in strategies.items():
        if rarely(draw, 3):
            kind, dtype = draw(dtypes())
        else:
            kind = GOOD_KIND[role]
            dtype = FIXED_DTYPES[kind]
        raw = [draw(strategy) for _ in range(n)]
        cols.append(column(role, kind, dtype, raw, "year" if role == "year" else "value"))
    frame = pl.DataFrame(cols)
    if rarely(draw, 10):
        frame = frame.drop(draw(st.sampled_from(frame.columns)))
    if rarely(draw, 10):
        kind, dtype = draw(dtypes())
        name = draw(st.sampled_from(["comment", "Value", "year ", "source", "flag", "unit"]))
        if name not in frame.columns:
            raw = [draw(values(False)) for _ in range(frame.height)]
            frame = frame.with_columns(column(name, kind, dtype, raw, "value"))
    return frame


#: Column dtypes chitieu.observations documents as readable, per column.
READABLE = {
    "unit_id": TEXT,
    "indicator": TEXT,
    "component": TEXT,
    "year": (
        "Int16",
        "Int32",
        "Int64",
        "Int128",
        "UInt16",
        "UInt32",
        "UInt64",
        *FLOATS,
        "Decimal",
        "String",
    ),
    "value": (*INTEGERS, *FLOATS, "Decimal", "String"),
}


@st.composite
def panels(
    draw: st.DrawFn,
    key: str = "indicator",
    names: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
    consecutive: bool = False,
    numbers: st.SearchStrategy[Any] | None = None,
) -> pl.DataFrame:
    """Series a scorer can use: 1-3 units (from ``units``; now and then an id typed
    differently) times 1-4 indicators (from ``names``, every one if ``consecutive``), each
    observed in some years of 2010-2031 (a run of consecutive years if ``consecutive``, now and
    then with a gap); readable dtypes other than the usual ones now and then, any dtype, a
    dropped or an extra column rarely."""
    unit_pool = st.sampled_from(list(units)) if units else unit_ids(True)
    unit_pool = st.one_of(unit_pool, unit_pool, unit_pool, unit_ids(True))
    chosen_units = draw(st.lists(unit_pool, min_size=1, max_size=3, unique=True))
    pool = st.sampled_from(list(names)) if names else indicators(True, key)
    if consecutive and names:
        chosen = list(names)
    else:
        chosen = draw(st.lists(pool, min_size=1, max_size=4, unique=True))
    if names and rarely(draw, 8):
        chosen.append(draw(indicators(True, key)))  # an indicator typed differently, or another
    rows = []
    for u in chosen_units:
        first, length = draw(st.integers(2010, 2020)), draw(st.integers(3, 12))
        for i in chosen:
            if consecutive:
                ys = list(range(first, first + length))
                if rarely(draw, 10):
                    ys.remove(draw(st.sampled_from(ys)))
            else:
                ys = sorted(draw(st.lists(st.integers(2010, 2031), max_size=6, unique=True)))
            for y in ys:
                odd = numbers is None or rarely(draw, 60)
                rows.append((u, i, y, draw(values(True) if odd else numbers)))
    cols = []
    for k, role in enumerate(("unit_id", key, "year", "value")):
        if rarely(draw, 25):
            kind, dtype = draw(dtypes())
        else:
            kind = draw(st.sampled_from(READABLE[role])) if rarely(draw, 6) else GOOD_KIND[role]
            dtype = FIXED_DTYPES[kind]
        raw = [r[k] for r in rows]
        cols.append(column(role, kind, dtype, raw, "year" if role == "year" else "value"))
    frame = pl.DataFrame(cols)
    if rarely(draw, 25):
        frame = frame.drop(draw(st.sampled_from(frame.columns)))
    if rarely(draw, 25):
        kind, dtype = draw(dtypes())
        raw = [draw(values(False)) for _ in range(frame.height)]
        frame = frame.with_columns(column("comment", kind, dtype, raw, "value"))
    return frame


#: Names an error about a table may use to locate the problem.
TABLE_NAMES = ("unit_id", "indicator", "component", "year", "value", "source", "flag")


def show(frame: pl.DataFrame, limit: int = 12) -> str:
    """A frame as its rows and schema, to reproduce a failure by hand."""
    more = f" (+{frame.height - limit} rows)" if frame.height > limit else ""
    schema = ", ".join(f"{k!r}: pl.{v!r}" for k, v in frame.schema.items())
    return f"pl.DataFrame({frame.head(limit).rows()!r}, schema={{{schema}}}, orient='row'){more}"


def table_names(frame: pl.DataFrame, *more: str) -> list[str]:
    return [*TABLE_NAMES, *frame.columns, *more]


# ---------------------------------------------------------------------------------------------
# chitieu.observations: every dtype of every column, round trip


def _year_of(v: Any) -> int | None:
    if isinstance(v, (dt.date, dt.datetime, dt.timedelta, dt.time, list, dict, bytes, bool)):
        return None
    try:
        x = float(str(v).strip()) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        return None
    return int(x) if math.isfinite(x) and x == int(x) else None


def _value_of(v: Any) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, (dt.date, dt.datetime, dt.timedelta, dt.time, list, dict, bytes, bool)):
        return math.nan  # not a number: must have been refused
    try:
        return float(str(v).strip()) if isinstance(v, str) else float(v)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def _nulls_last(x: float | None) -> tuple[bool, float]:
    return (x is None, x or 0.0)


def check_round_trip(frame: pl.DataFrame, out: Any, call: str) -> None:
    """Every row kept, with its year and value; no NaN; years in 1900..=2100; ids kept."""
    assert isinstance(out, pl.DataFrame), f"{call}: returned {type(out).__name__}"
    assert out.height == frame.height, f"{call}: {frame.height} rows in, {out.height} out"
    if frame.height == 0:
        return
    read = [_year_of(y) for y in frame["year"].to_list()]
    assert None not in read, f"{call}: accepted a year that is not a whole number"
    want_years = sorted(y for y in read if y is not None)
    got_years = sorted(out["year"].to_list(), key=_nulls_last)
    assert got_years == want_years, f"{call}: years changed: {want_years[:8]} -> {got_years[:8]}"
    assert all(1900 <= y <= 2100 for y in got_years), f"{call}: accepted a year out of range"
    want = [_value_of(v) for v in frame["value"].to_list()] if "value" in frame.columns else []
    assert not any(w is not None and not math.isfinite(w) for w in want), (
        f"{call}: accepted NaN, inf or a non-number among {frame['value'].to_list()[:8]}"
    )
    got = out["value"].to_list()
    assert all(g is None or math.isfinite(g) for g in got), f"{call}: NaN/inf in the output"
    want, got = sorted(want, key=_nulls_last), sorted(got, key=_nulls_last)
    for w, g in zip(want, got):
        assert (w is None and g is None) or (
            w is not None and g is not None and math.isclose(w, g, rel_tol=1e-12, abs_tol=0)
        ), f"{call}: values changed: {want[:8]} -> {got[:8]}"
    ids_in = Counter(norm(u) for u in texts(frame["unit_id"]))
    ids_out = Counter(norm(u) for u in out["unit_id"].to_list())
    assert ids_in == ids_out, f"{call}: unit ids changed: {ids_in} -> {ids_out}"


@examples(120)
@given(frames())
def test_observations_keep_every_row_or_name_the_fault(frame: pl.DataFrame) -> None:
    call = f"chitieu.observations({show(frame)})"
    note(call)
    out = attempt(call, lambda: chitieu.observations(frame), table_names(frame))
    if out is REFUSED:
        return
    check_round_trip(frame, out, call)


# Per column and dtype: what a user may expect. Text ids; years as integers, whole floats,
# decimals or text; values as numbers, decimals, text or all-null. Anything else is refused
# with the column named, and never with a panic.
def _expected(role: str, kind: str) -> str:
    if role in ("unit_id", "indicator"):
        return OK if kind in TEXT else EITHER if kind == "Binary" else BAD
    if role == "year":
        if kind in ("Int8", "UInt8"):
            return BAD  # holds 15, 19, 23 (two-digit years): out of range, named
        return OK if kind in (*INTEGERS, *FLOATS, "Decimal", "String") else BAD
    if role == "value":
        return OK if kind in (*INTEGERS, *FLOATS, "Decimal", "String", "Null") else BAD
    return BAD  # an extra column


def _dtype_frame(role: str, kind: str) -> pl.DataFrame:
    base = pl.DataFrame(
        {
            "unit_id": ["lai-chau"] * 3 + ["bac-giang"] * 3,
            "indicator": ["researchers_per_10k"] * 6,
            "year": [2015, 2019, 2023] * 2,
            "value": [4.0, 5.0, 6.0, 8.0, 10.0, 12.0],
        }
    )
    dtype = FIXED_DTYPES[kind]
    if role == "extra":
        return base.with_columns(column("comment", kind, dtype, [1, 2, 3, 4, 5, 6], "value"))
    raw = base[role].to_list()
    if role == "year" and kind in ("Int8", "UInt8"):
        raw = [y % 100 for y in raw]
    return base.with_columns(column(role, kind, dtype, raw, "year" if role == "year" else "value"))


@pytest.mark.parametrize("kind", DTYPE_NAMES)
@pytest.mark.parametrize("role", ["unit_id", "indicator", "year", "value", "extra"])
def test_every_dtype_in_every_column(role: str, kind: str) -> None:
    frame = _dtype_frame(role, kind)
    verdict = _expected(role, kind)
    names = [role if role != "extra" else "comment"]
    call = f"chitieu.observations(<{role} as {kind}>)"
    out = expect(verdict, call, lambda: chitieu.observations(frame), names)
    if out is not REFUSED:
        check_round_trip(frame, out, call)
    call = f"chitieu.score(<{role} as {kind}>, {LAI_CHAU!r})"
    card = expect(verdict, call, lambda: chitieu.score(frame, LAI_CHAU), names)
    if card is not REFUSED:
        check_scorecard(card, LAI_CHAU, None, frame, call)
        row = card.to_polars().filter(pl.col("indicator") == "researchers_per_10k")
        latest = None if kind == "Null" and role == "value" else 6.0
        assert row["latest_value"].item() == latest, f"{call}: latest value {row.rows()}"


# ---------------------------------------------------------------------------------------------
# chitieu.score


SCORE_ARGS = (
    "projection",
    "base_year",
    "zero_replacement",
    "limit_scaling",
    "min_points",
    "units",
    "carry_to_successor",
    "feasibility_window",
    "sets",
)


@st.composite
def score_calls(draw: st.DrawFn) -> tuple[pl.DataFrame, Any, dict[str, Any]]:
    sets = draw(
        st.one_of(
            st.sampled_from(SET_IDS),
            st.lists(st.sampled_from(SET_IDS), min_size=1, max_size=2, unique=True),
            st.sampled_from(SET_IDS).map(lambda s: SETS[s]),
        )
    )
    items = [sets] if isinstance(sets, (str, chitieu.TargetSet)) else sets
    resolved = [s if isinstance(s, chitieu.TargetSet) else SETS[s] for s in items]
    names = sorted(
        {i for s in resolved for i in s.to_polars()["indicator"].drop_nulls().to_list()}
        & CATALOG_IDS
    )
    units = [s.unit or "vn" for s in resolved]
    frame = draw(panels(names=names or None, units=[*units, *REAL_UNITS[:3]]))
    options: dict[str, Any] = {}
    if draw(st.booleans()):
        ids = texts(frame["unit_id"]) if "unit_id" in frame.columns else []
        pool = [u for u in ids if u is not None] + REAL_UNITS[:3]
        options["units"] = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True))
    if draw(st.booleans()):
        options["projection"] = draw(st.sampled_from(["cagr", "linear", "time_weighted"]))
    if draw(st.booleans()):
        options["base_year"] = draw(st.sampled_from([2012, 2015, 2020]))
    if draw(st.booleans()):
        options["min_points"] = draw(st.integers(2, 5))
    if draw(st.booleans()):
        options["limit_scaling"] = draw(st.sampled_from([0.0, 0.5, 1.0]))
    if draw(st.booleans()):
        options["feasibility_window"] = draw(st.integers(1, 5))
    return frame, sets, options


@examples(120)
@given(score_calls())
def test_score_rows_are_complete_and_nothing_is_silently_lost(
    call_args: tuple[pl.DataFrame, Any, dict[str, Any]],
) -> None:
    frame, sets, options = call_args
    shown = sets.id if isinstance(sets, chitieu.TargetSet) else sets
    call = f"chitieu.score({show(frame)}, {shown!r}, **{options})"
    note(call)
    card = attempt(
        call, lambda: chitieu.score(frame, sets, **options), table_names(frame, *SCORE_ARGS)
    )
    if card is REFUSED:
        return
    check_scorecard(card, sets, options.get("units"), frame, call)


@pytest.mark.parametrize("variant", UNIT_VARIANTS.values(), ids=UNIT_VARIANTS.keys())
def test_unit_id_variants_are_used_or_explained(variant: str) -> None:
    """A table whose unit id differs from the plan's unit by case, blanks or a Unicode dash:
    its data are used, or an error or the row's note names the id the table holds."""
    frame = PANEL.filter(pl.col("unit_id") == "lai-chau").with_columns(unit_id=pl.lit(variant))
    call = f"chitieu.score(<unit_id {variant!r}>, {LAI_CHAU!r})"
    card = attempt(call, lambda: chitieu.score(frame, LAI_CHAU), [variant, repr(variant)])
    if card is not REFUSED:
        check_scorecard(card, LAI_CHAU, None, frame, call)


@pytest.mark.parametrize("variant", INDICATOR_VARIANTS.values(), ids=INDICATOR_VARIANTS.keys())
def test_indicator_id_variants_are_used_or_explained(variant: str) -> None:
    frame = PANEL.filter(pl.col("unit_id") == "lai-chau").with_columns(
        indicator=pl.when(pl.col("indicator") == "researchers_per_10k")
        .then(pl.lit(variant))
        .otherwise(pl.col("indicator"))
    )
    call = f"chitieu.score(<indicator {variant!r}>, {LAI_CHAU!r})"
    card = attempt(call, lambda: chitieu.score(frame, LAI_CHAU), [variant, repr(variant)])
    if card is not REFUSED:
        check_scorecard(card, LAI_CHAU, None, frame, call)


@pytest.mark.parametrize("variant", ["BAC-GIANG", "bac-giang "], ids=["upper", "trailing-space"])
def test_top_k_unit_variants_are_used_or_explained(variant: str) -> None:
    """The top-k path (a unit's rank in its region) explains a misspelled unit as well."""
    frame = PANEL.with_columns(
        unit_id=pl.when(pl.col("unit_id") == "bac-giang")
        .then(pl.lit(variant))
        .otherwise(pl.col("unit_id"))
    )
    call = f"chitieu.score(<unit_id {variant!r}>, {BAC_GIANG!r})"
    card = attempt(call, lambda: chitieu.score(frame, BAC_GIANG), [variant, repr(variant)])
    if card is not REFUSED:
        check_scorecard(card, BAC_GIANG, None, frame, call)


@pytest.mark.parametrize("unit", ["LAI-CHAU", " lai-chau"], ids=["upper", "leading-space"])
@pytest.mark.parametrize(
    "indicator",
    ["researchers_per_10K", "researchers_per_10k\u200b", "ｒｅｓｅａｒｃｈｅｒｓ_ｐｅｒ_１０ｋ"],
    ids=["upper-K", "zero-width-space", "full-width"],
)
def test_unit_and_indicator_variants_together_are_used_or_explained(
    unit: str, indicator: str
) -> None:
    """Both ids misspelled on the same rows, beside well-spelled rows of the same unit."""
    frame = pl.concat(
        [
            PANEL.filter(
                (pl.col("unit_id") == "lai-chau") & (pl.col("indicator") != "researchers_per_10k")
            ),
            PANEL.filter(
                (pl.col("unit_id") == "lai-chau") & (pl.col("indicator") == "researchers_per_10k")
            ).with_columns(unit_id=pl.lit(unit), indicator=pl.lit(indicator)),
        ]
    )
    call = f"chitieu.score(<unit_id {unit!r}, indicator {indicator!r}>, {LAI_CHAU!r})"
    card = attempt(call, lambda: chitieu.score(frame, LAI_CHAU), [unit, indicator])
    if card is not REFUSED:
        check_scorecard(card, LAI_CHAU, None, frame, call)


@examples(40)
@given(st.sampled_from(REAL_UNITS[:3]).flatmap(variants), st.sampled_from(SET_IDS[:5]))
def test_generated_unit_variants_are_used_or_explained(variant: str, set_id: str) -> None:
    unit = SETS[set_id].unit
    frame = PANEL.filter(pl.col("unit_id") == "lai-chau").with_columns(
        unit_id=pl.lit(variant if norm(variant) == norm(unit) else unit)
    )
    call = f"chitieu.score(<unit_id {variant!r}>, {set_id!r})"
    card = attempt(call, lambda: chitieu.score(frame, set_id), [variant, repr(variant)])
    if card is not REFUSED:
        check_scorecard(card, set_id, None, frame, call)


NAN, INF = math.nan, math.inf
SCORE_OPTIONS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"projection": "linear"}, OK, []),
    ({"projection": "time_weighted"}, OK, []),
    ({"projection": "cgar"}, BAD, ["projection", "cgar"]),
    ({"projection": "CAGR"}, EITHER, ["projection", "CAGR"]),
    ({"projection": ""}, BAD, ["projection"]),
    ({"projection": None}, BAD, ["projection"]),
    ({"base_year": 2015}, OK, []),
    ({"base_year": 1800}, BAD, ["base_year", "1800"]),
    ({"base_year": -1}, BAD, ["base_year", "-1"]),
    ({"base_year": 2**31}, BAD, ["base_year", str(2**31)]),
    ({"base_year": 2**40}, BAD, ["base_year", str(2**40)]),
    ({"base_year": 2**70}, BAD, ["base_year", str(2**70)]),
    ({"base_year": "2015"}, BAD, ["base_year"]),
    ({"base_year": 2015.5}, BAD, ["base_year"]),
    ({"zero_replacement": 0.0}, BAD, ["zero_replacement"]),
    ({"zero_replacement": -1.0}, BAD, ["zero_replacement"]),
    ({"zero_replacement": NAN}, BAD, ["zero_replacement"]),
    ({"zero_replacement": INF}, BAD, ["zero_replacement"]),
    ({"zero_replacement": 2**70}, EITHER, ["zero_replacement"]),
    ({"zero_replacement": "0.001"}, BAD, ["zero_replacement"]),
    ({"limit_scaling": 0.5}, OK, []),
    ({"limit_scaling": 0.0}, EITHER, ["limit_scaling"]),
    ({"limit_scaling": 1.5}, BAD, ["limit_scaling"]),
    ({"limit_scaling": -0.1}, BAD, ["limit_scaling"]),
    ({"limit_scaling": NAN}, BAD, ["limit_scaling"]),
    ({"limit_scaling": INF}, BAD, ["limit_scaling"]),
    ({"min_points": 3}, OK, []),
    ({"min_points": 1}, BAD, ["min_points"]),
    ({"min_points": 0}, BAD, ["min_points"]),
    ({"min_points": -1}, BAD, ["min_points"]),
    ({"min_points": 2**31}, EITHER, ["min_points"]),
    ({"min_points": 2**40}, EITHER, ["min_points"]),
    ({"min_points": 2**70}, EITHER, ["min_points"]),
    ({"min_points": 2.5}, BAD, ["min_points"]),
    ({"min_points": "2"}, BAD, ["min_points"]),
    ({"units": ["lai-chau"]}, OK, []),
    ({"units": ("lai-chau", "bac-giang")}, OK, []),
    ({"units": []}, OK, []),
    ({"units": ["lai-chau", "lai-chau"]}, OK, []),
    ({"units": "lai-chau"}, EITHER, ["units"]),
    ({"units": ["Lai-Chau"]}, EITHER, ["units", "Lai-Chau"]),
    ({"units": ["lai-chau "]}, EITHER, ["units", "'lai-chau '"]),
    ({"units": ["nowhere"]}, EITHER, ["units", "nowhere"]),
    ({"units": [1]}, BAD, ["units"]),
    ({"units": [None]}, BAD, ["units"]),
    ({"units": 5}, BAD, ["units"]),
    ({"carry_to_successor": True}, OK, []),
    ({"carry_to_successor": "yes"}, BAD, ["carry_to_successor"]),
    ({"carry_to_successor": None}, BAD, ["carry_to_successor"]),
    ({"feasibility_window": 1}, OK, []),
    ({"feasibility_window": 3}, OK, []),
    ({"feasibility_window": 0}, BAD, ["feasibility_window"]),
    ({"feasibility_window": -1}, BAD, ["feasibility_window"]),
    ({"feasibility_window": 2**40}, EITHER, ["feasibility_window"]),
    ({"feasibility_window": 2**70}, EITHER, ["feasibility_window"]),
    ({"feasibility_window": 2.5}, BAD, ["feasibility_window"]),
]


def _case_id(kwargs: dict[str, Any]) -> str:
    return ",".join(f"{k}={v!r}" for k, v in kwargs.items())[:60]


@pytest.mark.parametrize(
    ("kwargs", "verdict", "names"), SCORE_OPTIONS, ids=[_case_id(c[0]) for c in SCORE_OPTIONS]
)
def test_score_option(kwargs: dict[str, Any], verdict: str, names: list[str]) -> None:
    sets = [LAI_CHAU, BAC_GIANG]
    call = f"chitieu.score(PANEL, {sets}, {_case_id(kwargs)})"
    card = expect(verdict, call, lambda: chitieu.score(PANEL, sets, **kwargs), names)
    if card is not REFUSED:
        carry = kwargs.get("carry_to_successor") is True
        check_scorecard(card, sets, kwargs.get("units"), PANEL, call, product=not carry)


# ---------------------------------------------------------------------------------------------
# chitieu.progress

PROGRESS_ARGS = (
    "years",
    "values",
    "year",
    "value",
    "target",
    "target_year",
    "direction",
    "base_year",
    "zero_replacement",
    "limit",
    "limit_scaling",
    "min_points",
    "strict",
)

mixed_years = st.one_of(
    st.integers(2000, 2035),
    st.integers(2000, 2035),
    st.sampled_from([1800, 2200, -1, 0, True, 2**31, 2**40, 2**70, -(2**70)]),
    st.sampled_from([2015.0, 2015.5, math.nan, math.inf, "2015", "x"]),
    st.sampled_from([decimal.Decimal("2016"), decimal.Decimal("2016.5")]),
    st.none(),
)
mixed_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0.01, 100),
    st.integers(-5, 100),
    st.sampled_from([2**70, -(2**70), 2**64, 0, 1e-300, 1e300, True, "1.5", "x"]),
    st.sampled_from([decimal.Decimal("1.5"), decimal.Decimal("NaN")]),
    st.none(),
)


@st.composite
def progress_calls(draw: st.DrawFn) -> tuple[list[Any], list[Any], dict[str, Any]]:
    if rarely(draw, 3):
        ys = [draw(mixed_years) for _ in range(draw(st.integers(0, 8)))]
    else:
        ys = sorted(draw(st.lists(st.integers(1990, 2040), max_size=8, unique=True)))
    number = st.one_of(st.floats(0.001, 1000), st.floats(-1000, 1000), st.none())
    vs = [draw(mixed_values) if rarely(draw, 8) else draw(number) for _ in ys]
    if rarely(draw, 20):
        vs.append(1.0)  # one value too many
    # Options of the right Python type with hostile values (NaN, ±inf, out of range,
    # misspelled): bad types and huge integers are the option sweeps' job, below.
    options: dict[str, Any] = {}
    pick = {
        "target": st.one_of(
            st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**6)
        ),
        "target_year": st.integers(1800, 2200),
        "direction": st.sampled_from(["increase", "decrease", "Increase", "increse", ""]),
        "base_year": st.one_of(st.none(), st.integers(1800, 2200)),
        "zero_replacement": st.one_of(
            st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.001, 1e-300])
        ),
        "limit": st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
        "limit_scaling": st.one_of(
            st.none(),
            st.floats(allow_nan=True, allow_infinity=True),
            st.sampled_from([0.0, 0.5, 1.0]),
        ),
        "min_points": st.integers(0, 6),
        "strict": st.booleans(),
    }
    for name, strategy in pick.items():
        if rarely(draw, 4):
            options[name] = draw(strategy)
    return ys, vs, options


@examples(250)
@given(progress_calls())
def test_progress_status_score_and_limit_factor(
    call_args: tuple[list[Any], list[Any], dict[str, Any]],
) -> None:
    ys, vs, options = call_args
    call = f"chitieu.progress({ys}, {vs}, **{options})"
    note(call)
    p = attempt(call, lambda: chitieu.progress(ys, vs, **options), PROGRESS_ARGS)
    if p is not REFUSED:
        check_progress(p, ys, vs, options, call)


_YS, _VS = [2015, 2019, 2023], [1.2, 1.4, 1.6]
PROGRESS_OPTIONS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"target": NAN}, BAD, ["target"]),
    ({"target": INF}, BAD, ["target"]),
    ({"target": -INF}, BAD, ["target"]),
    ({"target": "2"}, BAD, ["target"]),
    ({"target": 2**70}, EITHER, ["target"]),
    ({"target": None}, OK, []),
    ({"target_year": 2**40}, BAD, ["target_year"]),
    ({"target_year": 2**70}, BAD, ["target_year"]),
    ({"target_year": -1}, BAD, ["target_year", "-1"]),
    ({"target_year": "2030"}, BAD, ["target_year"]),
    ({"target_year": 1800}, BAD, ["target_year", "1800"]),
    ({"target_year": 2015}, EITHER, ["target_year", "2015"]),
    ({"direction": "increse"}, BAD, ["direction"]),
    ({"direction": ""}, BAD, ["direction"]),
    ({"direction": None}, BAD, ["direction"]),
    ({"direction": "decrease"}, OK, []),
    ({"base_year": 1800}, BAD, ["base_year", "1800"]),
    ({"base_year": 2**31}, BAD, ["base_year"]),
    ({"base_year": 2**70}, BAD, ["base_year"]),
    ({"base_year": "2015"}, BAD, ["base_year"]),
    ({"base_year": 2019}, OK, []),
    ({"zero_replacement": 0}, BAD, ["zero_replacement"]),
    ({"zero_replacement": NAN}, BAD, ["zero_replacement"]),
    ({"zero_replacement": "x"}, BAD, ["zero_replacement"]),
    ({"limit": NAN}, BAD, ["limit"]),
    ({"limit": INF}, BAD, ["limit"]),
    ({"limit": "x"}, BAD, ["limit"]),
    ({"limit": 5.0}, OK, []),
    ({"limit_scaling": 2.0}, BAD, ["limit_scaling"]),
    ({"limit_scaling": -1.0}, BAD, ["limit_scaling"]),
    ({"limit_scaling": NAN}, BAD, ["limit_scaling"]),
    ({"limit_scaling": 0.5}, OK, []),
    ({"min_points": -1}, BAD, ["min_points"]),
    ({"min_points": 0}, BAD, ["min_points"]),
    ({"min_points": 1}, BAD, ["min_points"]),
    ({"min_points": 2**31}, EITHER, ["min_points"]),
    ({"min_points": 2**40}, EITHER, ["min_points"]),
    ({"min_points": 2**70}, EITHER, ["min_points"]),
    ({"min_points": 2.5}, BAD, ["min_points"]),
    ({"min_points": 3}, OK, []),
    ({"strict": "yes"}, BAD, ["strict"]),
    ({"strict": True}, OK, []),
    ({"years": [2015, 2015, 2023]}, BAD, ["year", "2015"]),
    ({"years": [2015.5, 2019, 2023]}, BAD, ["year", "2015.5"]),
    ({"years": [None, 2019, 2023]}, BAD, ["year"]),
    ({"years": [2**70, 2019, 2023]}, BAD, ["year"]),
    ({"years": "2015"}, BAD, ["years"]),
    ({"years": [2015, 2019]}, BAD, ["years", "values"]),
    ({"values": [1.2, NAN, 1.6]}, BAD, ["value", "values", "nan"]),
    ({"values": [1.2, INF, 1.6]}, BAD, ["value", "values", "inf"]),
    ({"values": [True, 1.4, 1.6]}, BAD, ["value", "values"]),
    ({"values": [None, None, None]}, OK, []),
    ({"values": [2**70, 1.4, 1.6]}, EITHER, ["value", "values"]),
]


@pytest.mark.parametrize(
    ("kwargs", "verdict", "names"), PROGRESS_OPTIONS, ids=[_case_id(c[0]) for c in PROGRESS_OPTIONS]
)
def test_progress_option(kwargs: dict[str, Any], verdict: str, names: list[str]) -> None:
    options = {"target": 2.0, "target_year": 2030, **kwargs}
    ys, vs = options.pop("years", _YS), options.pop("values", _VS)
    call = f"chitieu.progress({ys}, {vs}, {_case_id(kwargs)})"
    p = expect(verdict, call, lambda: chitieu.progress(ys, vs, **options), names)
    if p is not REFUSED:
        check_progress(p, list(ys), list(vs), options, call)


# ---------------------------------------------------------------------------------------------
# chitieu.expr: the compiled plugin in group_by().agg() and select(), in a worker process
#
# A Rust panic inside the plugin can abort the interpreter ("thread caused non-unwinding
# panic. aborting."), which would end pytest. Every plugin query therefore runs in a worker
# subprocess (started once, restarted after an abort); an abort fails the test that caused it.

_WORKER = r"""
import pickle, struct, sys
import polars as pl
import chitieu.expr as cx

read, write = sys.stdin.buffer, sys.stdout.buffer

def send(obj):
    data = pickle.dumps(obj)
    write.write(struct.pack("<Q", len(data)) + data)
    write.flush()

while True:
    head = read.read(8)
    if len(head) < 8:
        break
    code, frame = pickle.loads(read.read(struct.unpack("<Q", head)[0]))
    try:
        send(("ok", eval(code, {"pl": pl, "cx": cx, "df": frame})))
    except BaseException as e:
        chain, seen, x = [], set(), e
        while x is not None and id(x) not in seen:
            seen.add(id(x))
            chain.append((type(x).__name__, [c.__name__ for c in type(x).__mro__], str(x)))
            x = x.__cause__ or x.__context__
        send(("error", chain))
"""


#: Address space a child process may use (a 2**33-replication Monte Carlo would take 700 GB).
CHILD_MEMORY = 4 * 2**30
#: First lines of every child script: the limit, set before anything else is imported.
LIMIT_MEMORY = (
    f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({CHILD_MEMORY}, {CHILD_MEMORY}))\n"
)


class _Aborted:
    def __init__(self, returncode: int | None, stderr: str) -> None:
        self.returncode, self.stderr = returncode, stderr


class PluginWorker:
    """A Python process that evaluates polars queries on the chitieu plugin."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.stderr: Any = None
        self.seen = 0  # bytes of stderr already read

    def _start(self) -> subprocess.Popen[bytes]:
        self.stderr = tempfile.TemporaryFile()
        self.seen = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-c", LIMIT_MEMORY + _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
        return self.proc

    def printed(self) -> str:
        """What the worker wrote to stderr since the last call (Rust prints panics there,
        even those polars turns into errors)."""
        self.stderr.seek(self.seen)
        text = self.stderr.read()
        self.seen += len(text)
        return str(text.decode("utf-8", "replace"))

    def run(self, code: str, frame: pl.DataFrame) -> Any:
        proc = self.proc if self.proc is not None and self.proc.poll() is None else self._start()
        assert proc.stdin is not None and proc.stdout is not None
        data = pickle.dumps((code, frame))
        try:
            proc.stdin.write(struct.pack("<Q", len(data)) + data)
            proc.stdin.flush()
            head = proc.stdout.read(8)
        except BrokenPipeError:
            head = b""
        if len(head) < 8:
            returncode = proc.wait(timeout=30)
            tail = self.printed()[-1500:]
            self.proc = None
            return _Aborted(returncode, tail)
        return pickle.loads(proc.stdout.read(struct.unpack("<Q", head)[0]))

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.proc.kill()
        self.proc = None


WORKER = PluginWorker()
atexit.register(WORKER.close)


def _rebuild(chain: list[tuple[str, list[str], str]]) -> BaseException:
    """The worker's exception (and what it was raised from) as a local exception of the same
    class, for :func:`check_refusal`."""
    built: list[BaseException] = []
    for name, mro, message in chain:
        cls = getattr(pl.exceptions, name, None) or getattr(chitieu, name, None)
        cls = cls or getattr(builtins, name, None)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            cls = type(name, (BaseException if "Exception" not in mro else Exception,), {})
        try:
            e = cls(message)
        except Exception:
            e = type(name, (Exception,), {})(message)
        built.append(e)
    for outer, inner in zip(built, built[1:]):
        outer.__cause__ = inner
    return built[0]


def remote(
    call: str,
    code: str,
    frame: pl.DataFrame,
    names: Iterable[str],
    *,
    own_message_only: bool = False,
) -> Any:
    """``eval(code)`` with ``df = frame`` in the worker: the result, or ``REFUSED`` after
    checking the error; an abort of the worker fails the test."""
    answer = WORKER.run(code, frame)
    if isinstance(answer, _Aborted):
        pytest.fail(
            f"{call}: the Python process aborted (return code {answer.returncode}), which in a "
            f"notebook kills the kernel: {_short(answer.stderr)}",
            pytrace=False,
        )
    status, payload = answer
    printed = WORKER.printed()
    if "panicked" in printed:
        pytest.fail(f"{call}: a Rust panic was printed: {_short(printed)}", pytrace=False)
    if status == "ok":
        return payload
    check_refusal(_rebuild(payload), call, names, own_message_only=own_message_only)
    return REFUSED


def remote_expect(
    verdict: str, call: str, code: str, frame: pl.DataFrame, names: Sequence[str], **kw: Any
) -> Any:
    out = remote(call, code, frame, names, **kw)
    if verdict == BAD and out is not REFUSED:
        pytest.fail(
            f"{call}: accepted silently; expected a typed error naming {list(names)}",
            pytrace=False,
        )
    return out


#: Every measure of chitieu.expr, as code the worker evaluates.
MEASURES: dict[str, str] = {
    "progress_ratio": 'cx.progress_ratio("value", "year", target=10.0)',
    "progress_score": 'cx.progress_score("value", "year", target=10.0)',
    "gap_closed": 'cx.gap_closed("value", "year", target=10.0)',
    "annual_change_required": 'cx.annual_change_required("value", "year", target=10.0)',
    "progress_status": 'cx.progress_status("value", "year", target=10.0)',
    "year_met": 'cx.year_met("value", "year", target=10.0)',
    "years_to_target": 'cx.years_to_target("value", "year", target=10.0)',
    "cagr": 'cx.cagr("value", "year")',
    "projected": 'cx.projected("value", "year", 2030)',
    "namespace": 'pl.col("value").chitieu.progress_status("year", target=10.0)',
}
AGG_MEASURES = "df.group_by('g').agg(" + ", ".join(f"{k}={v}" for k, v in MEASURES.items()) + ")"
SELECT_STATUS = f"df.filter(pl.col('g') == df['g'][0]).select({MEASURES['progress_status']})"
SELECT_NORMALISED = (
    "df.select(mm=cx.minmax('value'), rk=cx.rank_in_group('value').over('g'), g=pl.col('g'))"
)
#: Column dtypes chitieu.observations reads as years and as values.
YEAR_KINDS = (*INTEGERS, *FLOATS, "Decimal", "String")
VALUE_KINDS = (*INTEGERS, *FLOATS, "Decimal", "String", "Null")


def _kind(dtype: pl.DataType) -> str:
    name = type(dtype).__name__ if not isinstance(dtype, type) else dtype.__name__
    return {"Datetime": "Datetime", "Duration": "Duration", "Decimal": "Decimal"}.get(name, name)


def _baseline_year(v: Any) -> Any:
    """A year as chitieu.observations reads it: text holding a number becomes the number."""
    if isinstance(v, str):
        try:
            return int(float(v))
        except ValueError:
            return v
    if isinstance(v, decimal.Decimal):
        return int(v) if v.is_finite() and v == int(v) else float(v)
    if isinstance(v, float) and math.isfinite(v) and v == int(v):
        return int(v)  # a whole float is a year, as chitieu.observations reads it
    return v


def _baseline_value(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return float(v) if v.strip() else None
        except ValueError:
            return v
    return v


def _progress_of(ys: list[Any], vs: list[Any]) -> tuple[str, float | None] | None:
    """(status code, score) that chitieu.progress gives for a group, None if it refuses."""
    try:
        p = chitieu.progress(
            [_baseline_year(y) for y in ys], [_baseline_value(v) for v in vs], target=10.0
        )
    except (chitieu.ChitieuError, TypeError, ValueError, OverflowError):
        return None
    return p.status.code, p.score


def check_expressions_agree_with_progress(frame: pl.DataFrame, call: str) -> None:
    """The measures per group. A result only when chitieu.observations reads the columns'
    dtypes and chitieu.progress accepts every group's series (whole-float years and numeric
    text read as chitieu.observations reads them), with one row per group and the status and
    score chitieu.progress gives; otherwise a typed error. Integer years with numeric values
    that chitieu.progress accepts must not be refused."""
    groups: dict[Any, tuple[list[Any], list[Any]]] = {}
    for g, y, v in zip(frame["g"].to_list(), frame["year"].to_list(), frame["value"].to_list()):
        ys, vs = groups.setdefault(g, ([], []))
        ys.append(y)
        vs.append(v)
    readable = (
        _kind(frame.schema["year"]) in YEAR_KINDS and _kind(frame.schema["value"]) in VALUE_KINDS
    )
    expected = {g: _progress_of(ys, vs) if readable else None for g, (ys, vs) in groups.items()}
    names = ["year", "value"]
    q = f"{call}.group_by('g').agg(every measure)"
    out = remote(q, AGG_MEASURES, frame, names)
    if out is REFUSED:
        numeric = _kind(frame.schema["year"]) in INTEGERS and _kind(frame.schema["value"]) in (
            *INTEGERS,
            *FLOATS,
            "Decimal",
            "Null",
        )
        accepted = {g: e for g, e in expected.items() if e is not None}
        assert not numeric or len(accepted) < len(expected) or not expected, (
            f"{q}: refused {frame.schema['year']} years with {frame.schema['value']} values, "
            f"yet chitieu.progress accepts every group's series: {accepted}"
        )
    else:
        refused = [g for g, e in expected.items() if e is None]
        assert not refused, (
            f"{q}: returned {out.select('g', 'progress_status').rows()[:3]} although "
            f"chitieu.observations / chitieu.progress refuse the series of group(s) "
            f"{refused[:3]} ({frame.schema['year']} years {groups[refused[0]][0][:4]}, "
            f"{frame.schema['value']} values {groups[refused[0]][1][:4]}): data read as "
            "something it is not"
        )
        assert out.height == len(groups), f"{q}: {out.height} rows for {len(groups)} groups"
        for g, status, score in out.select("g", "progress_status", "progress_score").iter_rows():
            want = expected[g]
            assert want is not None
            assert status == want[0], f"{q}: group {g!r} status {status}, progress {want[0]}"
            assert (score is None) == (want[1] is None) and (
                score is None or math.isclose(score, want[1], abs_tol=1e-9)
            ), f"{q}: group {g!r} score {score}, progress {want[1]}"
            assert score is None or -5 <= score <= 5, f"{q}: score {score}"
        statuses = set(out["namespace"].drop_nulls().cast(pl.String).to_list())
        assert statuses <= STATUS_CODES, f"{q}: unknown statuses {statuses - STATUS_CODES}"
    if not frame.height or frame["g"][0] is None:
        return
    s = f"{call}.filter(first group).select(progress_status)"
    sel = remote(s, SELECT_STATUS, frame, names)
    if sel is not REFUSED:
        want = expected[frame["g"][0]]
        assert want is not None, f"{s}: returned {sel.item()} although chitieu.progress refuses"
        assert sel.item() == want[0], f"{s}: {sel.item()}, progress {want[0]}"


def _expr_frame(role: str, kind: str) -> pl.DataFrame:
    base = pl.DataFrame(
        {
            "g": ["a", "a", "a", "b", "b"],
            "year": [2015, 2019, 2023, 2016, 2022],
            "value": [4.0, 5.0, 6.0, 3.0, 2.5],
        }
    )
    return base.with_columns(column(role, kind, FIXED_DTYPES[kind], base[role].to_list(), role))


@pytest.mark.parametrize("kind", DTYPE_NAMES)
@pytest.mark.parametrize("role", ["year", "value"])
def test_expressions_every_dtype(role: str, kind: str) -> None:
    frame = _expr_frame(role, kind)
    check_expressions_agree_with_progress(frame, f"<{role} as {kind}>")


@st.composite
def expression_frames(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(0, 12))
    g = [draw(st.sampled_from(["a", "b", "c", None])) for _ in range(n)]
    cols = [pl.Series("g", g, dtype=pl.String)]
    for role, strategy in (("year", years(False)), ("value", values(False))):
        if draw(st.integers(0, 2)) == 0:
            kind, dtype = draw(dtypes())
        else:
            kind = GOOD_KIND[role]
            dtype = FIXED_DTYPES[kind]
        raw = [draw(strategy) for _ in range(n)]
        cols.append(column(role, kind, dtype, raw, role))
    return pl.DataFrame(cols)


@examples(120)
@given(expression_frames())
def test_expressions_agree_with_progress(frame: pl.DataFrame) -> None:
    call = f"{show(frame)}"
    note(f"{call}: {frame.rows()}")
    check_expressions_agree_with_progress(frame, call)


@examples(80)
@given(expression_frames())
def test_minmax_and_rank_in_group(frame: pl.DataFrame) -> None:
    """minmax within 0..100, ranks within 1..n of their group, or a typed error (NaN and
    infinite values have no place in either)."""
    call = f"{show(frame)}"
    note(f"{call}: {frame.rows()}")
    q = f"{call}.select(minmax, rank_in_group.over(g))"
    out = remote(q, SELECT_NORMALISED, frame, ["value"])
    if out is not REFUSED:
        mm = out["mm"].drop_nulls()
        # Within rounding (1e-9): 100.00000000000001 for the maximum is noise, not a finding.
        assert mm.is_between(-1e-9, 100 + 1e-9).all(), f"{q}: minmax outside 0..100: {mm.to_list()}"
        for _, part in out.group_by("g"):
            ranks = part["rk"].drop_nulls()
            assert ranks.is_between(1, max(ranks.len(), 1)).all(), f"{q}: ranks {ranks}"


_S = 'cx.progress_score("value", "year", target=2.0'
#: (case, expression code, verdict, names the error must use).
EXPR_OPTIONS: list[tuple[str, str, str, list[str]]] = [
    ("min_points=-1", f"{_S}, min_points=-1)", BAD, ["min_points"]),
    ("min_points=0", f"{_S}, min_points=0)", BAD, ["min_points"]),
    ("min_points=2**40", f"{_S}, min_points=2**40)", EITHER, ["min_points"]),
    ("min_points=2**70", f"{_S}, min_points=2**70)", EITHER, ["min_points"]),
    ("base_year=2**40", f"{_S}, base_year=2**40)", BAD, ["base_year"]),
    ("base_year=1800", f"{_S}, base_year=1800)", BAD, ["base_year", "1800"]),
    ("cagr base_year=2**40", 'cx.cagr("value", "year", base_year=2**40)', BAD, ["base_year"]),
    ("zero_replacement=nan", f"{_S}, zero_replacement=float('nan'))", BAD, ["zero_replacement"]),
    ("limit=nan", f"{_S}, limit=float('nan'))", BAD, ["limit"]),
    ("limit_scaling=2", f"{_S}, limit_scaling=2)", BAD, ["limit_scaling"]),
    ("progress_score projection='cgar'", f"{_S}, projection='cgar')", BAD, ["projection"]),
    (
        "projected method='cgar'",
        'cx.projected("value", "year", 2030, "cgar")',
        BAD,
        ["projection", "method"],
    ),
    ("direction='up'", f"{_S}, direction='up')", BAD, ["direction", "up"]),
    ("target=nan", 'cx.progress_score("value", "year", target=float("nan"))', BAD, ["target"]),
    ("target=inf", 'cx.progress_score("value", "year", target=float("inf"))', BAD, ["target"]),
    ("target='nope'", 'cx.progress_score("value", "year", target="nope")', BAD, ["nope"]),
    ("target_year=2**40", f"{_S}, target_year=2**40)", BAD, ["target_year"]),
    ("target_year=1800", f"{_S}, target_year=1800)", BAD, ["target_year", "1800"]),
    (
        "projected horizon=2**40",
        'cx.projected("value", "year", 2**40)',
        BAD,
        ["horizon", "target_year"],
    ),
    ("minmax lo>hi", 'cx.minmax("value", lo=5.0, hi=1.0)', BAD, ["lo", "hi"]),
    ("minmax lo=nan", 'cx.minmax("value", lo=float("nan"))', BAD, ["lo"]),
    ("minmax direction='up'", 'cx.minmax("value", direction="up")', BAD, ["direction"]),
    (
        "rank_in_group ties='first'",
        'cx.rank_in_group("value", ties="first")',
        BAD,
        ["ties", "tie rule"],
    ),
    (
        "rank_in_group direction='up'",
        'cx.rank_in_group("value", direction="up")',
        BAD,
        ["direction"],
    ),
]
EXPR_FRAME = pl.DataFrame(
    {"g": ["a", "a", "b"], "year": [2015, 2023, 2020], "value": [1.2, 1.6, 3.0]}
)


@pytest.mark.parametrize(
    ("case", "code", "verdict", "names"), EXPR_OPTIONS, ids=[c[0] for c in EXPR_OPTIONS]
)
def test_expression_option(case: str, code: str, verdict: str, names: list[str]) -> None:
    elementwise = case.startswith(("minmax", "rank"))
    queries = {
        "select": f"df.select({code})",
        "group_by": f"df.select(({code}).over('g'))"
        if elementwise
        else f"df.group_by('g').agg({code})",
    }
    for how, query in queries.items():
        remote_expect(
            verdict, f"cx {case} in {how}", query, EXPR_FRAME, names, own_message_only=True
        )


# ---------------------------------------------------------------------------------------------
# chitieu.growth_accounting, chitieu.tfp_sensitivity


def growth_frame(first: int = 2010, last: int = 2020) -> pl.DataFrame:
    rows = []
    for k, unit in enumerate(["p", "q"]):
        for i, year in enumerate(range(first, last + 1)):
            rows += [
                (unit, "Y", year, 100.0 * 1.07**i + k),
                (unit, "K", year, 200.0 * 1.08**i + k),
                (unit, "I", year, 30.0 * 1.06**i + k),
                (unit, "L", year, 50.0 * 1.02**i + k),
                (unit, "S", year, 0.35 + 0.01 * (i % 3)),
            ]
    return pl.DataFrame(rows, schema=["unit_id", "component", "year", "value"], orient="row")


GROWTH = growth_frame()
GROWTH_COMPONENTS = [
    "grdp_constant",
    "investment_constant",
    "employment",
    "capital_share",
    "population",
]
GROWTH_ARGS = (
    "output",
    "labour",
    "capital",
    "investment",
    "capital_share",
    "labour_share",
    "method",
    "labour_input",
    "depreciation",
    "initial_growth_years",
    "initial_stock",
    "index_base_year",
    "format",
    "period",
    "window",
)


def check_growth(out: Any, frame: pl.DataFrame, fmt: str, call: str) -> None:
    assert isinstance(out, pl.DataFrame), f"{call}: returned {type(out).__name__}"
    units = set(texts(frame["unit_id"])) if "unit_id" in frame.columns else set()
    invented = set(out["unit_id"].to_list()) - units
    assert not invented, f"{call}: units not in the table: {invented}"
    _finite_or_null(out, [c for c in out.columns if out[c].dtype.is_float()], call)
    if fmt == "annual" and out.height:
        total = out.select(
            (
                pl.col("capital_pp")
                + pl.col("labour_pp")
                + pl.col("tfp_pp")
                - 100 * pl.col("output_growth")
            )
            .abs()
            .max()
        ).item()
        assert total is None or total < 1e-6, f"{call}: contributions do not add up ({total})"


GROWTH_OPTIONS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"capital_share": NAN}, BAD, ["capital_share"]),
    ({"capital_share": INF}, BAD, ["capital_share"]),
    ({"capital_share": -0.1}, BAD, ["capital_share"]),
    ({"capital_share": 1.5}, BAD, ["capital_share"]),
    ({"capital_share": 2**40}, BAD, ["capital_share"]),
    ({"capital_share": 2**70}, BAD, ["capital_share"]),
    ({"capital_share": True}, BAD, ["capital_share"]),
    ({"capital_share": "nope"}, BAD, ["nope"]),
    ({"capital_share": "S"}, OK, []),
    ({"capital_share": None}, BAD, ["capital_share"]),
    ({"capital_share": 0.0}, EITHER, ["capital_share"]),
    ({"method": "logdiff"}, BAD, ["method", "logdiff"]),
    ({"method": "rate"}, OK, []),
    ({"format": "sumary"}, BAD, ["format"]),
    ({"format": "long"}, OK, []),
    ({"format": "summary", "period": (2011, 2015)}, OK, []),
    ({"format": "summary", "period": (2015, 2011)}, BAD, ["period"]),
    ({"format": "summary", "period": (2**40, 2011)}, BAD, ["period"]),
    ({"format": "summary", "period": (2**70, 1)}, BAD, ["period"]),
    ({"format": "summary", "period": ("2011", 2015)}, BAD, ["period"]),
    ({"format": "summary", "period": 2015}, BAD, ["period"]),
    ({"format": "windows", "window": 3}, OK, []),
    ({"format": "windows", "window": 0}, BAD, ["window"]),
    ({"format": "windows", "window": -1}, BAD, ["window"]),
    ({"format": "windows", "window": 2**40}, EITHER, ["window"]),
    ({"format": "windows", "window": 2**70}, EITHER, ["window"]),
    ({"index_base_year": 1800}, BAD, ["index_base_year", "1800"]),
    ({"index_base_year": 2**40}, BAD, ["index_base_year"]),
    ({"index_base_year": 2015}, OK, []),
    ({"labour_input": "hours"}, BAD, ["labour_input", "hours"]),
    ({"output": "X"}, BAD, ["'X'"]),
    ({"labour": ""}, BAD, ["labour", "''"]),
    ({"capital": None, "investment": "I", "depreciation": NAN}, BAD, ["depreciation"]),
    ({"capital": None, "investment": "I", "depreciation": -0.5}, BAD, ["depreciation"]),
    ({"capital": None, "investment": "I", "depreciation": 1.5}, BAD, ["depreciation"]),
    ({"capital": None, "investment": "I", "depreciation": 2**70}, BAD, ["depreciation"]),
    (
        {"capital": None, "investment": "I", "initial_growth_years": -1},
        BAD,
        ["initial_growth_years", "growth_years"],
    ),
    (
        {"capital": None, "investment": "I", "initial_growth_years": 0},
        BAD,
        ["initial_growth_years", "growth_years"],
    ),
    (
        {"capital": None, "investment": "I", "initial_growth_years": 2**70},
        BAD,
        ["initial_growth_years", "growth_years"],
    ),
    ({"capital": None, "investment": "I", "initial_stock": NAN}, BAD, ["initial_stock"]),
    (
        {"capital": None, "investment": "I", "initial_stock": -1.0},
        BAD,
        ["initial_stock", "capital"],
    ),
    ({"capital": None, "investment": "I"}, OK, []),
    ({"capital": None}, BAD, ["capital", "investment"]),
]


@pytest.mark.parametrize(
    ("kwargs", "verdict", "names"), GROWTH_OPTIONS, ids=[_case_id(c[0]) for c in GROWTH_OPTIONS]
)
def test_growth_accounting_option(kwargs: dict[str, Any], verdict: str, names: list[str]) -> None:
    options = {"output": "Y", "labour": "L", "capital": "K", "capital_share": 0.4, **kwargs}
    call = f"chitieu.growth_accounting(GROWTH, {_case_id(kwargs)})"
    out = expect(verdict, call, lambda: chitieu.growth_accounting(GROWTH, **options), names)
    if out is not REFUSED:
        check_growth(out, GROWTH, str(options.get("format", "annual")), call)


SENSITIVITY_OPTIONS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"capital_shares": [NAN]}, BAD, ["capital_share"]),
    ({"capital_shares": [-1.0]}, BAD, ["capital_share"]),
    ({"capital_shares": []}, BAD, ["capital_share"]),
    ({"capital_shares": [2**70]}, BAD, ["capital_share"]),
    ({"capital_shares": "0.4"}, BAD, ["capital_shares"]),
    ({"capital_shares": [0.3, 0.4]}, OK, []),
    ({"capital": None, "investment": "I", "depreciations": [INF]}, BAD, ["depreciation"]),
    ({"capital": None, "investment": "I", "depreciations": [-0.1]}, BAD, ["depreciation"]),
    ({"capital": None, "investment": "I", "depreciations": ["x"]}, BAD, ["depreciation", "'x'"]),
    ({"capital": None, "investment": "I", "depreciations": [0.05]}, OK, []),
]


@pytest.mark.parametrize(
    ("kwargs", "verdict", "names"),
    SENSITIVITY_OPTIONS,
    ids=[_case_id(c[0]) for c in SENSITIVITY_OPTIONS],
)
def test_tfp_sensitivity_option(kwargs: dict[str, Any], verdict: str, names: list[str]) -> None:
    options = {"output": "Y", "labour": "L", "capital": "K", **kwargs}
    call = f"chitieu.tfp_sensitivity(GROWTH, {_case_id(kwargs)})"
    out = expect(verdict, call, lambda: chitieu.tfp_sensitivity(GROWTH, **options), names)
    if out is not REFUSED:
        check_growth(out, GROWTH, "sensitivity", call)


@examples(60)
@given(
    panels(
        key="component",
        names=GROWTH_COMPONENTS,
        units=["p", "q"],
        consecutive=True,
        numbers=st.one_of(st.floats(0.2, 0.6), st.floats(1, 1e6)),
    ),
    st.sampled_from([0.4, "capital_share", NAN, -0.1, 1.5, 2**40]),
    st.sampled_from(["annual", "long", "summary", "windows"]),
    st.sampled_from(["log_difference", "rate"]),
)
def test_growth_accounting_random_tables(
    frame: pl.DataFrame, share: Any, fmt: str, method: str
) -> None:
    call = f"chitieu.growth_accounting({show(frame)}, capital_share={share!r}, {fmt})"
    note(call)
    out = attempt(
        call,
        lambda: chitieu.growth_accounting(
            frame,
            output="grdp_constant",
            investment="investment_constant",
            labour="employment",
            capital_share=share,
            method=method,
            format=fmt,
            window=2,
            initial_growth_years=2,
        ),
        table_names(
            frame,
            *GROWTH_ARGS,
            "capital share",
            "grdp_constant",
            "investment_constant",
            "employment",
            "unit",
        ),
    )
    if out is not REFUSED:
        check_growth(out, frame, fmt, call)


# ---------------------------------------------------------------------------------------------
# chitieu.composite, Composite.uncertainty


def framework(
    codes: Sequence[str],
    types: Sequence[str] | None = None,
    weights: Sequence[Any] | None = None,
    directions: Sequence[Any] | None = None,
) -> pl.DataFrame:
    n = len(codes)
    rows = [
        (
            1,
            c,
            (directions or [1] * n)[i],
            (weights or [1.0] * n)[i],
            "Index",
            (types or ["Indicator"] * n)[i],
        )
        for i, c in enumerate(codes)
    ] + [(2, "Index", 1, 1.0, None, "Aggregate")]
    return pl.DataFrame(
        rows,
        schema=["Level", "iCode", "Direction", "Weight", "Parent", "Type"],
        orient="row",
        strict=False,
    )


WIDE = pl.DataFrame(
    {"unit_id": ["a", "b", "c", "d"], "x": [1.0, 2.0, 3.0, 4.0], "y": [3.0, 1.0, 2.0, 2.0]}
)
#: Type values COINr's iMeta uses; anything else (a misspelling) must be refused.
KNOWN_TYPES = {"indicator", "aggregate", "group", "denominator", "other"}
COMPOSITE_ARGS = (
    "normalisation",
    "aggregation",
    "imputation",
    "groups",
    "treat",
    "rank_decimals",
    "framework",
    "weight",
    "direction",
    "parent",
    "level",
    "unit_id",
    "denominators",
)


def check_composite(
    built: Any, data: pl.DataFrame, fw: pl.DataFrame, call: str, decimals: int | None = None
) -> None:
    """Every unit ranked (none dropped or invented), ranks 1..n with ties sharing the best
    rank, scores finite or null, and every indicator of the framework in every stage."""
    assert isinstance(built, chitieu.Composite), f"{call}: returned {type(built).__name__}"
    scores = built.scores()
    units = Counter(data["unit_id"].to_list())
    assert Counter(scores["unit_id"].to_list()) == units, (
        f"{call}: units {dict(units)} in, {scores['unit_id'].to_list()} ranked"
    )
    _finite_or_null(scores, ["score"], call)
    check_ranks(scores["rank"], scores["score"], call, decimals)
    for t, code in zip(fw["Type"].to_list(), fw["iCode"].to_list()):
        kind = str(t).strip().casefold() if t is not None else ""
        assert kind in KNOWN_TYPES, f"{call}: framework Type {t!r} of {code!r} accepted silently"
        if kind == "indicator":
            for stage in ("raw", "treated", "normalised", "aggregated"):
                assert code in built.stage(stage).columns, f"{call}: {code!r} dropped in {stage}"


COMPOSITE_OPTIONS: list[tuple[str, dict[str, Any], pl.DataFrame, pl.DataFrame, str, list[str]]] = [
    ("defaults", {}, WIDE, framework(["x", "y"]), OK, []),
    ("normalisation=zscore", {"normalisation": "zscore"}, WIDE, framework(["x", "y"]), OK, []),
    ("normalisation=rank", {"normalisation": "rank"}, WIDE, framework(["x", "y"]), OK, []),
    (
        "normalisation=minmx",
        {"normalisation": "minmx"},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["normalisation"],
    ),
    (
        "normalisation=''",
        {"normalisation": ""},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["normalisation"],
    ),
    (
        "aggregation=mean",
        {"aggregation": "mean"},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["aggregation"],
    ),
    # The min-max minimum is 0: a geometric mean of it is refused, naming the child.
    (
        "aggregation=geom_mean",
        {"aggregation": "geom_mean"},
        WIDE,
        framework(["x", "y"]),
        EITHER,
        ["'x'", "'y'"],
    ),
    (
        "aggregation=harm_mean, zscore",
        {"aggregation": "harm_mean", "normalisation": "rank"},
        WIDE,
        framework(["x", "y"]),
        OK,
        [],
    ),
    ("imputation=x", {"imputation": "x"}, WIDE, framework(["x", "y"]), BAD, ["imputation"]),
    (
        "imputation=group_mean without groups",
        {"imputation": "group_mean"},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["group"],
    ),
    ("groups wrong length", {"groups": ["g1"]}, WIDE, framework(["x", "y"]), EITHER, ["groups"]),
    (
        "group_mean, groups wrong length",
        {"groups": ["g1"], "imputation": "group_mean"},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["groups", "group"],
    ),
    (
        "groups unknown column",
        {"groups": "nope"},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["groups", "nope"],
    ),
    (
        "rank_decimals=-1",
        {"rank_decimals": -1},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["rank_decimals"],
    ),
    (
        "rank_decimals=2**40",
        {"rank_decimals": 2**40},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["rank_decimals"],
    ),
    (
        "rank_decimals=2**70",
        {"rank_decimals": 2**70},
        WIDE,
        framework(["x", "y"]),
        BAD,
        ["rank_decimals"],
    ),
    ("rank_decimals=2", {"rank_decimals": 2}, WIDE, framework(["x", "y"]), OK, []),
    ("treat='yes'", {"treat": "yes"}, WIDE, framework(["x", "y"]), BAD, ["treat"]),
    (
        "Type 'Indicatr'",
        {},
        WIDE,
        framework(["x", "y"], types=["Indicator", "Indicatr"]),
        BAD,
        ["Indicatr"],
    ),
    (
        "Type ' indicator'",
        {},
        WIDE,
        framework(["x", "y"], types=["Indicator", " indicator"]),
        EITHER,
        ["'y'", "' indicator'", "node type"],
    ),
    ("Type ''", {}, WIDE, framework(["x", "y"], types=["Indicator", ""]), BAD, ["'y'"]),
    ("weight nan", {}, WIDE, framework(["x", "y"], weights=[1.0, NAN]), BAD, ["weight"]),
    ("weight -1", {}, WIDE, framework(["x", "y"], weights=[1.0, -1.0]), BAD, ["weight"]),
    ("weight 0", {}, WIDE, framework(["x", "y"], weights=[1.0, 0.0]), BAD, ["weight"]),
    ("weight 2**70", {}, WIDE, framework(["x", "y"], weights=[1.0, 2**70]), EITHER, ["weight"]),
    ("direction 2", {}, WIDE, framework(["x", "y"], directions=[1, 2]), BAD, ["direction"]),
    ("direction 0", {}, WIDE, framework(["x", "y"], directions=[1, 0]), BAD, ["direction"]),
    ("direction -2", {}, WIDE, framework(["x", "y"], directions=[1, -2]), BAD, ["direction"]),
    ("missing data column", {}, WIDE.drop("y"), framework(["x", "y"]), BAD, ["y"]),
    (
        "NaN in data",
        {},
        WIDE.with_columns(x=pl.Series([1.0, NAN, 3.0, 4.0])),
        framework(["x", "y"]),
        EITHER,
        ["x", "nan"],
    ),
    (
        "inf in data",
        {},
        WIDE.with_columns(x=pl.Series([1.0, INF, 3.0, 4.0])),
        framework(["x", "y"]),
        EITHER,
        ["x", "inf"],
    ),
    (
        "duplicate unit",
        {},
        WIDE.with_columns(unit_id=pl.Series(["a", "a", "c", "d"])),
        framework(["x", "y"]),
        BAD,
        ["unit_id", "'a'"],
    ),
    (
        "null unit",
        {},
        WIDE.with_columns(unit_id=pl.Series(["a", None, "c", "d"])),
        framework(["x", "y"]),
        BAD,
        ["unit_id"],
    ),
    (
        "text column",
        {},
        WIDE.with_columns(x=pl.Series(["1", "2", "x", "4"])),
        framework(["x", "y"]),
        BAD,
        ["x"],
    ),
    (
        "Decimal column",
        {},
        WIDE.with_columns(x=pl.col("x").cast(pl.Decimal(10, 2))),
        framework(["x", "y"]),
        OK,
        [],
    ),
    (
        "Int16 column",
        {},
        WIDE.with_columns(x=pl.col("x").cast(pl.Int16)),
        framework(["x", "y"]),
        OK,
        [],
    ),
    (
        "Int128 column",
        {},
        WIDE.with_columns(x=pl.col("x").cast(pl.Int128)),
        framework(["x", "y"]),
        OK,
        [],
    ),
    ("no units", {}, WIDE.head(0), framework(["x", "y"]), EITHER, ["unit", "data", "'x'"]),
]


@pytest.mark.parametrize(
    ("case", "kwargs", "data", "fw", "verdict", "names"),
    COMPOSITE_OPTIONS,
    ids=[c[0] for c in COMPOSITE_OPTIONS],
)
def test_composite_option(
    case: str,
    kwargs: dict[str, Any],
    data: pl.DataFrame,
    fw: pl.DataFrame,
    verdict: str,
    names: list[str],
) -> None:
    call = f"chitieu.composite(<{case}>, {_case_id(kwargs)})"
    built = expect(verdict, call, lambda: chitieu.composite(data, fw, treat=False, **kwargs), names)
    if built is not REFUSED:
        check_composite(built, data, fw, call, kwargs.get("rank_decimals"))


@st.composite
def composite_calls(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    n = draw(st.integers(0, 1)) if rarely(draw, 10) else draw(st.integers(2, 8))
    codes = [f"i{k}" for k in range(draw(st.integers(1, 3)))]
    cols = [pl.Series("unit_id", [f"u{k}" for k in range(n)], dtype=pl.String)]
    hostile = st.sampled_from([NAN, INF, -INF, 0.0, 1e300, -1e300, 2**70])
    for c in codes:
        raw = [
            draw(hostile) if rarely(draw, 15) else draw(st.one_of(st.floats(-1e6, 1e6), st.none()))
            for _ in range(n)
        ]
        if rarely(draw, 8):
            kind, dtype = draw(dtypes())
        else:
            kind = draw(st.sampled_from(READABLE["value"])) if rarely(draw, 4) else "Float64"
            dtype = FIXED_DTYPES[kind]
        cols.append(column(c, kind, dtype, raw, "value"))
    data = pl.DataFrame(cols)

    def sometimes(usual: Any, odd: Sequence[Any]) -> Any:
        return draw(st.sampled_from(list(odd))) if rarely(draw, 10) else usual

    fw = framework(
        codes,
        types=[sometimes("Indicator", ["indicator", "Indicatr", "Other", ""]) for _ in codes],
        weights=[sometimes(1.0, [0.5, 0.0, -1.0, NAN, INF, 2.5]) for _ in codes],
        directions=[sometimes(draw(st.sampled_from([1, -1])), [0, 2, None]) for _ in codes],
    )
    options = {
        "normalisation": sometimes(
            draw(st.sampled_from(["minmax", "zscore", "rank", "prank"])), ["minmx", "", "goalposts"]
        ),
        "aggregation": sometimes(
            draw(st.sampled_from(["arith_mean", "geom_mean", "harm_mean"])), ["mean", "arith"]
        ),
        "imputation": sometimes(draw(st.sampled_from(["none", "mean"])), ["x", "group_mean"]),
        "treat": draw(st.booleans()),
        "rank_decimals": draw(st.sampled_from([None, 0, 2])),  # bad ones: the option sweep
    }
    return data, fw, options


@examples(100)
@given(composite_calls(), st.integers(1, 30), st.sampled_from([0.0, 0.25, NAN, -0.1, 1.0]))
def test_composite_ranks_and_uncertainty(
    call_args: tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]], reps: int, noise: float
) -> None:
    data, fw, options = call_args
    call = f"chitieu.composite({show(data)}, {fw.rows()}, {options})"
    note(call)
    names = [*COMPOSITE_ARGS, *data.columns]
    built = attempt(call, lambda: chitieu.composite(data, fw, **options), names)
    if built is REFUSED:
        return
    check_composite(built, data, fw, call, options.get("rank_decimals"))
    call = f"{call}.uncertainty({reps}, weight_noise={noise})"
    unc = attempt(
        call,
        lambda: built.uncertainty(reps, seed=1, weight_noise=noise),
        ["replications", "weight_noise", *names],
    )
    if unc is REFUSED:
        return
    ranks = unc.ranks
    assert Counter(ranks["unit_id"].to_list()) == Counter(data["unit_id"].to_list()), call
    n = max(data.height, 1)
    for col in ("median_rank", "q05", "q95"):
        r = ranks[col].drop_nulls()
        assert r.is_between(1, n).all(), f"{call}: {col} outside 1..{n}: {r.to_list()}"
    bad = ranks.filter(
        (pl.col("q05") > pl.col("median_rank")) | (pl.col("median_rank") > pl.col("q95"))
    )
    assert bad.height == 0, f"{call}: q05 <= median <= q95 broken: {bad.rows()}"


EXAMPLE_INDEX = chitieu.composite(WIDE, framework(["x", "y"]), treat=False)
UNCERTAINTY_OPTIONS: list[tuple[dict[str, Any], str, list[str]]] = [
    ({"n": 20}, OK, []),
    ({"n": 1}, EITHER, ["replications", "n"]),
    ({"n": 0}, BAD, ["replications", "n"]),
    ({"n": -1}, BAD, ["replications", "n"]),
    ({"n": 2**70}, BAD, ["replications", "n"]),
    ({"n": 20, "weight_noise": NAN}, BAD, ["weight_noise"]),
    ({"n": 20, "weight_noise": -0.1}, BAD, ["weight_noise"]),
    ({"n": 20, "weight_noise": INF}, BAD, ["weight_noise"]),
    ({"n": 20, "weight_noise": 0.0}, OK, []),
    ({"n": 20, "normalisations": ["minmaxx"]}, BAD, ["normalisation", "minmaxx"]),
    ({"n": 20, "normalisations": []}, BAD, ["normalisations"]),
    ({"n": 20, "normalisations": "zscore"}, EITHER, ["normalisations"]),
    ({"n": 20, "normalisations": ["minmax", "zscore"]}, OK, []),
    ({"n": 20, "aggregations": ["arith"]}, BAD, ["aggregation", "arith"]),
    ({"n": 20, "aggregations": "geom_mean"}, EITHER, ["aggregations"]),
    ({"n": 20, "seed": -1}, BAD, ["seed"]),
    ({"n": 20, "seed": 2**70}, BAD, ["seed"]),
]


@pytest.mark.parametrize(
    ("kwargs", "verdict", "names"),
    UNCERTAINTY_OPTIONS,
    ids=[_case_id(c[0]) for c in UNCERTAINTY_OPTIONS],
)
def test_uncertainty_option(kwargs: dict[str, Any], verdict: str, names: list[str]) -> None:
    options = dict(kwargs)
    n = options.pop("n")
    call = f"Composite.uncertainty({n}, {_case_id(options)})"
    unc = expect(verdict, call, lambda: EXAMPLE_INDEX.uncertainty(n, **options), names)
    if unc is not REFUSED:
        assert Counter(unc.ranks["unit_id"].to_list()) == Counter(WIDE["unit_id"].to_list()), call
        n_units = WIDE.height
        for col in ("median_rank", "q05", "q95"):
            assert unc.ranks[col].drop_nulls().is_between(1, n_units).all(), f"{call}: {col}"


EXAMPLE_UNCERTAINTY = EXAMPLE_INDEX.uncertainty(50, seed=1)
PROB_RANK_OPTIONS: list[tuple[str, dict[str, Any], str, list[str]]] = [
    ("k=1", {"k": 1}, OK, []),
    ("k=4 (every unit)", {"k": 4}, OK, []),
    ("k=0", {"k": 0}, EITHER, ["k"]),
    ("k=-1", {"k": -1}, BAD, ["k"]),
    ("k=2**70", {"k": 2**70}, BAD, ["k"]),
    ("k=1.5", {"k": 1.5}, BAD, ["k"]),
    ("unknown unit in group", {"k": 1, "groups": {"g": ["nobody"]}}, BAD, ["nobody"]),
    ("empty group", {"k": 1, "groups": {"g": []}}, EITHER, ["g", "group"]),
    ("group as a string", {"k": 1, "groups": {"g": "ab"}}, EITHER, ["groups", "'ab'"]),
]


@pytest.mark.parametrize(
    ("case", "kwargs", "verdict", "names"), PROB_RANK_OPTIONS, ids=[c[0] for c in PROB_RANK_OPTIONS]
)
def test_prob_rank_at_most_option(
    case: str, kwargs: dict[str, Any], verdict: str, names: list[str]
) -> None:
    """P(rank <= k) per unit: probabilities in [0, 1], a group's summing to k without ties,
    only the units asked for (a string is not a list of its letters)."""
    call = f"Uncertainty.prob_rank_at_most({_case_id(kwargs)})"
    out = expect(verdict, call, lambda: EXAMPLE_UNCERTAINTY.prob_rank_at_most(**kwargs), names)
    if out is REFUSED:
        return
    assert out["p"].drop_nulls().is_between(0, 1).all(), f"{call}: p outside [0, 1]"
    groups = kwargs.get("groups") or {"all": WIDE["unit_id"].to_list()}
    asked = {
        u
        for members in groups.values()
        for u in (members if not isinstance(members, str) else [members])
    }
    invented = set(out["unit_id"].to_list()) - asked
    assert not invented, f"{call}: probabilities for units not asked for: {sorted(invented)}"


def _run_isolated(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter with at most 4 GiB of address space: an abort (e.g. a
    failed huge allocation) kills that process, not pytest, and a huge allocation fails fast
    instead of swapping the machine until the OOM killer steps in."""
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    return subprocess.run(
        [sys.executable, "-c", LIMIT_MEMORY + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_uncertainty_with_2_pow_33_replications_is_refused_not_aborted() -> None:
    code = """
        import polars as pl, chitieu
        data = pl.DataFrame({"unit_id": ["a", "b", "c"], "x": [1.0, 2.0, 3.0],
                             "y": [3.0, 1.0, 2.0]})
        fw = pl.DataFrame({"Level": [1, 1, 2], "iCode": ["x", "y", "Index"],
                           "Weight": [1.0, 1.0, 1.0], "Parent": ["Index", "Index", None],
                           "Type": ["Indicator", "Indicator", "Aggregate"]})
        index = chitieu.composite(data, fw, treat=False)
        try:
            index.uncertainty(2**33, seed=1)
        except BaseException as e:
            print("REFUSED", type(e).__name__, type(e).__mro__[1].__name__, e)
        else:
            print("ACCEPTED")
    """
    try:
        done = _run_isolated(code, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(
            "Composite.uncertainty(2**33): still running after 60 s (not refused)", pytrace=False
        )
    out = done.stdout + done.stderr
    assert done.returncode == 0, (
        f"Composite.uncertainty(2**33) killed the interpreter (return code {done.returncode}): "
        f"{_short(done.stderr[-800:])}"
    )
    assert "panicked" not in out.lower(), f"Composite.uncertainty(2**33) panicked: {_short(out)}"
    assert "REFUSED" in done.stdout, f"Composite.uncertainty(2**33): {_short(out)}"
    line = done.stdout.split("REFUSED", 1)[1].strip()
    assert line.split()[0] not in ("PanicException", "InternalError", "MemoryError"), line
    named = "replication" in line.lower() or re.search(r"\bn=", line)
    assert named, f"the error names neither the replications nor n: {line}"


# ---------------------------------------------------------------------------------------------
# Target sets: mutated TOML

KIND_TYPOS = ["at_lest", "At_Least", "increse", "top-k", "", "qualitative ", "cumulative2"]
NUMBER_TYPOS = [
    "nan",
    "inf",
    "-inf",
    '"x"',
    "1e999",
    "-1",
    "99999999999999999999",
    "2.5",
    "0",
    "1800",
    "true",
    "[]",
    "2030.5",
]
NUMERIC_FIELDS = ("value", "lo", "hi", "horizon", "from_year", "baseline_year", "k")
TOMLS = {s: SETS[s].to_toml() for s in SET_IDS}


@st.composite
def mutated_tomls(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    set_id = draw(st.sampled_from(SET_IDS))
    lines = TOMLS[set_id].splitlines()
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(
                [
                    "delete",
                    "kind",
                    "number",
                    "indicator",
                    "duplicate",
                    "insert",
                    "renumber",
                    "rehorizon",
                    "reindicator",
                    "reindicator",
                ]
            )
        )
        if op == "delete":
            i = draw(st.integers(0, len(lines) - 1))
            done.append(f"deleted line {i + 1}: {lines[i][:40]!r}")
            del lines[i]
            continue
        if op == "duplicate":
            starts = [i for i, line in enumerate(lines) if line == "[[targets]]"]
            if starts:
                a = draw(st.sampled_from(starts))
                b = next((s for s in starts if s > a), len(lines))
                lines += ["", *lines[a:b]]
                done.append(f"duplicated the target block at line {a + 1}")
            continue
        if op == "insert":
            i = draw(st.integers(0, len(lines)))
            lines.insert(i, draw(st.sampled_from(["bogus = 1", "value = 2", "[[targets]]"])))
            done.append(f"inserted at line {i + 1}")
            continue
        field = {
            "kind": ("kind",),
            "number": NUMERIC_FIELDS,
            "indicator": ("indicator",),
            "renumber": ("value",),
            "rehorizon": ("horizon",),
            "reindicator": ("indicator",),
        }[op]
        found = [i for i, line in enumerate(lines) if line.split(" = ")[0] in field]
        if not found:
            continue
        i = draw(st.sampled_from(found))
        key, _, old = lines[i].partition(" = ")
        if op == "kind":
            new = f'"{draw(st.sampled_from(KIND_TYPOS))}"'
        elif op == "number":
            new = draw(st.sampled_from(NUMBER_TYPOS))
        elif op == "renumber":  # a valid edit: the set must load with the new number
            new = repr(draw(st.floats(0.5, 500).map(lambda x: round(x, 2))))
        elif op == "rehorizon":
            new = str(draw(st.integers(2026, 2060)))
        elif op == "reindicator":
            new = f'"{draw(st.sampled_from(sorted(CATALOG_IDS)))}"'
        else:
            new = '"' + draw(variants(old.strip('"'))).replace('"', "") + '"'
        lines[i] = f"{key} = {new}"
        done.append(f"line {i + 1}: {key} = {old} -> {new}")
    return set_id, "\n".join(lines) + "\n", done


def check_target_set(ts: Any, text: str, call: str) -> None:
    """Every [[targets]] block kept; numbers finite; years in range; scored indicators are
    catalog ids; TOML round trip; scoring the set gives one row per target."""
    assert isinstance(ts, chitieu.TargetSet), f"{call}: returned {type(ts).__name__}"
    frame = ts.to_polars()
    blocks = sum(1 for line in text.splitlines() if line.strip() == "[[targets]]")
    assert frame.height == blocks, f"{call}: {blocks} [[targets]] blocks, {frame.height} targets"
    assert frame["target_id"].n_unique() == frame.height, f"{call}: target ids repeat"
    _finite_or_null(frame, ["value", "lo", "hi"], call)
    for c in ("horizon", "baseline_year"):
        if c in frame.columns:
            bad = frame[c].drop_nulls().filter(~frame[c].drop_nulls().is_between(1900, 2100))
            assert bad.len() == 0, f"{call}: {c} out of 1900..=2100: {bad.to_list()}"
    scored = frame.filter(pl.col("kind") != "qualitative")["indicator"].drop_nulls().to_list()
    unknown = sorted(set(scored) - CATALOG_IDS)
    assert not unknown, f"{call}: targets on indicators not in the catalog: {unknown}"
    again = chitieu.targets(ts.to_toml())
    assert again.to_toml() == ts.to_toml(), f"{call}: to_toml() does not load back the same"
    card = must_succeed(
        f"chitieu.score(PANEL, {call})", lambda: chitieu.score(PANEL, ts, units=["lai-chau"])
    )
    check_scorecard(card, ts, ["lai-chau"], PANEL, f"chitieu.score(PANEL, {call})")


@examples(150)
@given(mutated_tomls())
def test_mutated_target_sets_are_refused_or_consistent(
    mutation: tuple[str, str, list[str]],
) -> None:
    set_id, text, done = mutation
    call = f"chitieu.targets(<{set_id} TOML, {'; '.join(done)}>)"
    note(call)
    names = [
        "line",
        "target",
        "field",
        "kind",
        "value",
        "indicator",
        "horizon",
        "toml",
        "id",
        "<string>",
    ]
    ts = attempt(call, lambda: chitieu.targets(text), names)
    if ts is not REFUSED:
        check_target_set(ts, text, call)


@pytest.mark.parametrize("set_id", SET_IDS)
def test_every_shipped_target_set_round_trips(set_id: str) -> None:
    ts = chitieu.targets(TOMLS[set_id])
    check_target_set(ts, TOMLS[set_id], f"chitieu.targets(<{set_id} TOML>)")


# ---------------------------------------------------------------------------------------------
# The other public functions, on random tables


@examples(80)
@given(frames(key="component"), st.booleans())
def test_derive_and_post_reform_random_tables(frame: pl.DataFrame, strict: bool) -> None:
    call = f"chitieu.derive({show(frame)}, strict={strict})"
    note(call)
    names = table_names(frame, "strict", "unit", "term", "denominator")
    out = attempt(call, lambda: chitieu.derive(frame, strict=strict), names)
    if out is not REFUSED:
        assert isinstance(out, pl.DataFrame), call
        _finite_or_null(out, ["value"], call)
        if not strict:
            nulls = out.filter(pl.col("value").is_null() & pl.col("flag").is_null())
            flagged = nulls.height == 0 or frame["value"].null_count() > 0
            assert flagged, f"{call}: null values without a flag saying why: {nulls.head(3).rows()}"
    call = f"chitieu.to_post_reform({show(frame)})"
    out = attempt(call, lambda: chitieu.to_post_reform(frame), [*names, "unit"])
    if out is not REFUSED:
        _finite_or_null(out, ["value"], call)
        post = set(chitieu.units("2025-07-01")["id"].to_list())
        unknown = set(out["unit_id"].to_list()) - post
        assert not unknown, f"{call}: units that are not post-reform units: {unknown}"


@examples(80)
@given(
    panels(),
    st.sampled_from(SET_INDICATORS),
    st.sampled_from(["country", "regions", "northern-midlands-and-mountains"]),
    st.integers(2010, 2031),
    st.integers(1, 6),
)
def test_rank_and_sustained_growth_random_tables(
    frame: pl.DataFrame, indicator: str, within: str, year: int, window: int
) -> None:
    call = f"chitieu.rank({show(frame)}, {indicator!r}, {year}, within={within!r})"
    note(call)
    names = table_names(frame, indicator, "within", "unit")
    out = attempt(call, lambda: chitieu.rank(frame, indicator, year, within=within), names)
    if out is not REFUSED:
        sign = {"increase": 1, "decrease": -1}.get(DIRECTIONS.get(indicator, ""), 0)
        for _, part in out.group_by("group"):
            if sign:
                check_ranks(part["rank"], part["value"] * sign, call)
    call = f"chitieu.sustained_growth({show(frame)}, {indicator!r}, {window})"
    out = attempt(call, lambda: chitieu.sustained_growth(frame, indicator, window), names)
    if out is not REFUSED:
        assert (out["end_year"] - out["start_year"] == window).all(), call
        _finite_or_null(out, ["cagr"], call)


@examples(60)
@given(panels(), st.sampled_from([LAI_CHAU, "long-an-54-ctr-tu-2024"]))
def test_score_partition_equals_score(frame: pl.DataFrame, set_id: str) -> None:
    """The partitioned scorer gives the rows of chitieu.score on the same units."""
    call = f"chitieu.score_partition({show(frame)}, {set_id!r})"
    note(call)
    names = table_names(frame, *SCORE_ARGS)
    out = attempt(call, lambda: chitieu.score_partition(frame, set_id), names)
    if out is REFUSED or "unit_id" not in frame.columns:
        return
    present = list(dict.fromkeys(u for u in texts(frame["unit_id"]) if u is not None))
    if present:
        whole = chitieu.score(frame, set_id, units=present)
        check_scorecard(whole, set_id, present, frame, call)
        assert out.sort("unit_id", "target_id").equals(
            whole.to_polars().sort("unit_id", "target_id")
        ), f"{call}: rows differ from chitieu.score"


# Every other public entry point with bad arguments. Verdicts as above: BAD must be refused
# with the named thing in the message, EITHER may return, OK must return.


def _card() -> Any:
    return chitieu.score(PANEL, LAI_CHAU)


PII = chitieu.datasets.pii()
TMP = Path(tempfile.mkdtemp(prefix="chitieu-properties-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
REGION = "Trung du và miền núi phía Bắc"
RAW = PANEL.rename({"indicator": "component"})


def _scored_lai_chau(out: Any) -> None:
    units = sorted(set(out["unit_id"].to_list()))
    assert units == ["lai-chau"], (
        f"score_partition(units='lai-chau') scored units {units}: expected the rows of "
        "lai-chau (or a TypeError naming units), not those of its letters"
    )


def _found_growth(out: Any) -> None:
    assert out.height, (
        "sustained_growth(PANEL, 'Researchers_per_10k', 1) silently found nothing: the table "
        "holds 'researchers_per_10k' (expected its rates, or UnknownIdError with a suggestion)"
    )


#: Checks of a result, for the calls of OTHER_CALLS that may return.
POSTCONDITIONS: dict[str, Callable[[Any], None]] = {
    "score_partition(units='lai-chau')": _scored_lai_chau,
    "sustained_growth(indicator variant)": _found_growth,
}


def _charts() -> Any:
    from chitieu import charts

    return charts


OTHER_CALLS: list[tuple[str, Callable[[], Any], str, list[str]]] = [
    ("observations(5)", lambda: chitieu.observations(5), BAD, ["DataFrame"]),
    ("observations(None)", lambda: chitieu.observations(None), BAD, ["DataFrame"]),
    ("observations(LazyFrame)", lambda: chitieu.observations(PANEL.lazy()), OK, []),
    ("observations(pandas)", lambda: chitieu.observations(PANEL.to_pandas()), OK, []),
    ("observations(no columns)", lambda: chitieu.observations(pl.DataFrame()), BAD, ["unit_id"]),
    ("score(sets='lai-chau')", lambda: chitieu.score(PANEL, "lai-chau"), BAD, ["lai-chau"]),
    ("score(sets=None)", lambda: chitieu.score(PANEL, None), BAD, ["sets", "NoneType"]),
    ("score(sets=5)", lambda: chitieu.score(PANEL, 5), BAD, ["sets", "int"]),
    ("score(sets=[])", lambda: chitieu.score(PANEL, []), EITHER, ["sets"]),
    ("score(observations=5)", lambda: chitieu.score(5, LAI_CHAU), BAD, ["DataFrame"]),
    ("targets(5)", lambda: chitieu.targets(5), BAD, ["int"]),
    ("targets(None)", lambda: chitieu.targets(None), BAD, ["NoneType"]),
    ("targets('nothere.toml')", lambda: chitieu.targets("nothere.toml"), BAD, ["nothere.toml"]),
    ("targets('')", lambda: chitieu.targets(""), BAD, ["set", "''"]),
    (
        "targets(case variant)",
        lambda: chitieu.targets(LAI_CHAU.upper()),
        EITHER,
        [LAI_CHAU.upper()],
    ),
    ("targets(id + space)", lambda: chitieu.targets(LAI_CHAU + " "), EITHER, [LAI_CHAU]),
    ("target_sets()", chitieu.target_sets, OK, []),
    ("statuses()", chitieu.statuses, OK, []),
    ("regions()", chitieu.regions, OK, []),
    ("units()", chitieu.units, OK, []),
    ("units('2025-07-01')", lambda: chitieu.units("2025-07-01"), OK, []),
    ("units('2024-13-01')", lambda: chitieu.units("2024-13-01"), BAD, ["date", "2024-13-01"]),
    ("units('2024-02-30')", lambda: chitieu.units("2024-02-30"), BAD, ["date", "2024-02-30"]),
    ("units('0000-01-01')", lambda: chitieu.units("0000-01-01"), EITHER, ["date", "0000"]),
    ("units(2024)", lambda: chitieu.units(2024), BAD, ["date"]),
    ("unit_id(name)", lambda: chitieu.unit_id("TP. Hồ Chí Minh"), OK, []),
    ("unit_id('')", lambda: chitieu.unit_id(""), BAD, ["''"]),
    ("unit_id(5)", lambda: chitieu.unit_id(5), BAD, ["name"]),
    ("unit_id(unknown)", lambda: chitieu.unit_id("Atlantis"), BAD, ["Atlantis"]),
    ("unit_id(date=bad)", lambda: chitieu.unit_id("Lai Châu", "2024-02-30"), BAD, ["date"]),
    ("unit_ids(names)", lambda: chitieu.unit_ids(["lai chau", None, "Bắc Giang"]), OK, []),
    ("unit_ids(unknown)", lambda: chitieu.unit_ids(["Lai Châu", "Mars"]), BAD, ["row 1", "Mars"]),
    ("unit_ids(5)", lambda: chitieu.unit_ids(5), BAD, ["5"]),
    ("set_lang('vi')", lambda: chitieu.set_lang("both"), OK, []),
    ("set_lang('fr')", lambda: chitieu.set_lang("fr"), BAD, ["lang", "fr"]),
    ("set_lang(None)", lambda: chitieu.set_lang(None), BAD, ["lang", "None"]),
    (
        "indicator(variant)",
        lambda: chitieu.indicator("researchers_per_10K"),
        BAD,
        ["researchers_per_10K"],
    ),
    ("indicator(None)", lambda: chitieu.indicator(None), BAD, ["id", "indicator"]),
    ("indicator(5)", lambda: chitieu.indicator(5), BAD, ["id", "indicator"]),
    ("catalog('x = 1')", lambda: chitieu.catalog("x = 1"), BAD, ["`x`", "'x'"]),
    ("catalog(5)", lambda: chitieu.catalog(5), BAD, ["definitions"]),
    (
        "catalog(bad dict)",
        lambda: chitieu.catalog({"indicators": [{"id": 1}]}),
        BAD,
        ["id", "indicators"],
    ),
    (
        "components(empty id)",
        lambda: chitieu.components("[[components]]\nid = ''"),
        BAD,
        ["id", "name_vi", "components"],
    ),
    ("derive(strict='no')", lambda: chitieu.derive(RAW, strict="no"), BAD, ["strict"]),
    ("derive(5)", lambda: chitieu.derive(5), BAD, ["DataFrame"]),
    (
        "to_post_reform(variant unit)",
        lambda: chitieu.to_post_reform(PANEL.with_columns(unit_id=pl.lit("Lai-Chau"))),
        BAD,
        ["Lai-Chau"],
    ),
    ("to_post_reform(5)", lambda: chitieu.to_post_reform(5), BAD, ["DataFrame"]),
    ("rank(year=2**40)", lambda: chitieu.rank(PANEL, "researchers_per_10k", 2**40), BAD, ["year"]),
    ("rank(year=2**70)", lambda: chitieu.rank(PANEL, "researchers_per_10k", 2**70), BAD, ["year"]),
    (
        "rank(year='2023')",
        lambda: chitieu.rank(PANEL, "researchers_per_10k", "2023"),
        BAD,
        ["year"],
    ),
    (
        "rank(year=1800)",
        lambda: chitieu.rank(PANEL, "researchers_per_10k", 1800),
        EITHER,
        ["year", "1800"],
    ),
    (
        "rank(within='regionz')",
        lambda: chitieu.rank(PANEL, "researchers_per_10k", 2023, within="regionz"),
        BAD,
        ["regionz"],
    ),
    (
        "rank(indicator variant)",
        lambda: chitieu.rank(PANEL, "researchers_per_10K", 2023),
        BAD,
        ["researchers_per_10K"],
    ),
    ("rank_within(ok)", lambda: chitieu.rank_within(PII, "phu-tho", REGION, 2023), OK, []),
    (
        "rank_within(year=2**40)",
        lambda: chitieu.rank_within(PII, "phu-tho", REGION, 2**40),
        BAD,
        ["year", str(2**40)],
    ),
    (
        "rank_within(year=2**70)",
        lambda: chitieu.rank_within(PII, "phu-tho", REGION, 2**70),
        BAD,
        ["year", str(2**70)],
    ),
    (
        # A unit's id or name in any case is the unit (issue 22: names wherever ids are).
        "rank_within(unit variant)",
        lambda: chitieu.rank_within(PII, "Phu-Tho", REGION, 2023),
        OK,
        [],
    ),
    (
        "rank_within(unit unknown)",
        lambda: chitieu.rank_within(PII, "Phu-Thoo-Xyz", REGION, 2023),
        BAD,
        ["Phu-Thoo-Xyz"],
    ),
    (
        "rank_within(group unknown)",
        lambda: chitieu.rank_within(PII, "phu-tho", "nowhere", 2023),
        BAD,
        ["nowhere"],
    ),
    (
        "rank_within(observations)",
        lambda: chitieu.rank_within(PANEL, "lai-chau", REGION, 2023),
        BAD,
        ["edition", "national_rank"],
    ),
    (
        "sustained_growth(window=0)",
        lambda: chitieu.sustained_growth(PANEL, "researchers_per_10k", 0),
        BAD,
        ["window"],
    ),
    (
        "sustained_growth(window=-1)",
        lambda: chitieu.sustained_growth(PANEL, "researchers_per_10k", -1),
        BAD,
        ["window"],
    ),
    (
        "sustained_growth(window=2**40)",
        lambda: chitieu.sustained_growth(PANEL, "researchers_per_10k", 2**40),
        EITHER,
        ["window"],
    ),
    (
        "sustained_growth(window=2**70)",
        lambda: chitieu.sustained_growth(PANEL, "researchers_per_10k", 2**70),
        EITHER,
        ["window"],
    ),
    (
        "sustained_growth(window=2.5)",
        lambda: chitieu.sustained_growth(PANEL, "researchers_per_10k", 2.5),
        BAD,
        ["window"],
    ),
    (
        "sustained_growth(indicator variant)",
        lambda: chitieu.sustained_growth(PANEL, "Researchers_per_10k", 1),
        EITHER,
        ["Researchers_per_10k"],
    ),
    ("feasibility(required=nan)", lambda: chitieu.feasibility(NAN, [0.1, 0.2]), BAD, ["required"]),
    ("feasibility(required=inf)", lambda: chitieu.feasibility(INF, [0.1, 0.2]), BAD, ["required"]),
    ("feasibility(required=None)", lambda: chitieu.feasibility(None, [0.1]), BAD, ["required"]),
    ("feasibility(observed='abc')", lambda: chitieu.feasibility(0.1, "abc"), BAD, ["observed"]),
    (
        "feasibility(observed=[inf])",
        lambda: chitieu.feasibility(0.1, [0.1, INF]),
        EITHER,
        ["observed", "inf"],
    ),
    (
        "feasibility(direction='up')",
        lambda: chitieu.feasibility(0.1, [0.1], "up"),
        BAD,
        ["direction"],
    ),
    (
        "score_partition(units='lai-chau')",
        lambda: chitieu.score_partition(PANEL, LAI_CHAU, units="lai-chau"),
        EITHER,
        ["units"],
    ),
    (
        "score_partition(cross_unit='skipp')",
        lambda: chitieu.score_partition(PANEL, LAI_CHAU, cross_unit="skipp"),
        BAD,
        ["cross_unit"],
    ),
    (
        "score_partition(top_k set)",
        lambda: chitieu.score_partition(PANEL, BAC_GIANG),
        BAD,
        ["top_k", "top3"],
    ),
    (
        "score_partition(min_points=-1)",
        lambda: chitieu.score_partition(PANEL, LAI_CHAU, min_points=-1),
        BAD,
        ["min_points"],
    ),
    (
        "score_partition(feasibility_window without rates)",
        lambda: chitieu.score_partition(PANEL, LAI_CHAU, feasibility_window=2),
        BAD,
        ["feasibility_window", "sustained"],
    ),
    (
        "score_dask(units='lai-chau')",
        lambda: chitieu.score_dask(None, LAI_CHAU, units="lai-chau"),
        BAD,
        ["units"],
    ),
    (
        "score_dask(min_points=-1)",
        lambda: chitieu.score_dask(None, LAI_CHAU, min_points=-1),
        BAD,
        ["min_points"],
    ),
    (
        "score_dask(base_year=2**70)",
        lambda: chitieu.score_dask(None, LAI_CHAU, base_year=2**70),
        BAD,
        ["base_year"],
    ),
    (
        "score_spark(units='lai-chau')",
        lambda: chitieu.score_spark(None, LAI_CHAU, units="lai-chau"),
        BAD,
        ["units"],
    ),
    (
        "score_spark(cross_unit='x')",
        lambda: chitieu.score_spark(None, LAI_CHAU, cross_unit="x"),
        BAD,
        ["cross_unit"],
    ),
    (
        "score_spark(projection='cgar')",
        lambda: chitieu.score_spark(None, LAI_CHAU, projection="cgar"),
        BAD,
        ["projection"],
    ),
    ("composite(data=5)", lambda: chitieu.composite(5, framework(["x", "y"])), BAD, ["DataFrame"]),
    ("composite(framework=5)", lambda: chitieu.composite(WIDE, 5), BAD, ["DataFrame"]),
    (
        "composite(framework without Type)",
        lambda: chitieu.composite(WIDE, framework(["x", "y"]).drop("Type")),
        BAD,
        ["'type'", "Type"],
    ),
    ("Composite.stage('nope')", lambda: EXAMPLE_INDEX.stage("nope"), BAD, ["nope"]),
    ("Composite.scores()", lambda: EXAMPLE_INDEX.scores(), OK, []),
    ("datasets.pii()", lambda: chitieu.datasets.pii(), OK, []),
    ("datasets.pii_provenance()", lambda: chitieu.datasets.pii_provenance(), OK, []),
    ("scale.score_schema()", lambda: chitieu.scale.score_schema(), OK, []),
    ("scale.score_meta()", lambda: chitieu.scale.score_meta(), OK, []),
    (
        "scale.cross_unit_targets('nope')",
        lambda: chitieu.scale.cross_unit_targets("nope"),
        BAD,
        ["nope"],
    ),
    ("scale.per_unit_sets(bac-giang)", lambda: chitieu.scale.per_unit_sets(BAC_GIANG), OK, []),
    (
        "scale.sustained_rates(window=2)",
        lambda: chitieu.scale.sustained_rates(PANEL, LAI_CHAU, 2),
        OK,
        [],
    ),
    (
        "scale.sustained_rates(window=0)",
        lambda: chitieu.scale.sustained_rates(PANEL, LAI_CHAU, 0),
        BAD,
        ["window"],
    ),
    (
        "scale.sustained_rates(5)",
        lambda: chitieu.scale.sustained_rates(5, LAI_CHAU, 2),
        BAD,
        ["polars", "table", "int"],
    ),
    (
        "derive(definitions without names)",
        lambda: chitieu.derive(RAW, definitions="[[indicators]]\nid = 'x'"),
        BAD,
        ["name_vi", "'x'", "x"],
    ),
    ("Scorecard.to_csv()", lambda: _card().to_csv(TMP / "card.csv"), OK, []),
    ("Scorecard.to_parquet()", lambda: _card().to_parquet(TMP / "card.parquet"), OK, []),
    ("Scorecard.to_excel()", lambda: _card().to_excel(TMP / "card.xlsx"), OK, []),
    (
        "Scorecard.to_excel(lang='x')",
        lambda: _card().to_excel(TMP / "x.xlsx", lang="x"),
        BAD,
        ["lang", "language"],
    ),
    (
        "Scorecard.to_excel(no folder)",
        lambda: _card().to_excel(TMP / "no" / "card.xlsx"),
        BAD,
        ["card.xlsx", "no"],
    ),
    ("TargetSet.to_toml()", lambda: SETS[LAI_CHAU].to_toml(), OK, []),
    ("charts.to_svg(5)", lambda: _charts().to_svg(5), BAD, ["chart", "int"]),
    ("Composite.to_html(lang='fr')", lambda: EXAMPLE_INDEX.to_html("fr"), BAD, ["lang", "fr"]),
    ("Scorecard.to_html(lang='fr')", lambda: _card().to_html(lang="fr"), BAD, ["lang", "fr"]),
    ("Scorecard.to_html()", lambda: _card().to_html(), OK, []),
    ("TargetSet.to_html(lang='x')", lambda: SETS[LAI_CHAU].to_html("x"), BAD, ["lang", "language"]),
    (
        "Progress.to_html(lang='x')",
        lambda: chitieu.progress(_YS, _VS).to_html("x"),
        BAD,
        ["lang", "language"],
    ),
    (
        "Indicator.to_html(lang='x')",
        lambda: chitieu.indicator("researchers_per_10k").to_html("x"),
        BAD,
        ["lang", "language"],
    ),
    (
        "charts.regional_ranking(indicator variant)",
        lambda: _charts().regional_ranking(PANEL, indicator="researchers_per_10K", year=2023),
        BAD,
        ["researchers_per_10K"],
    ),
    (
        "charts.regional_ranking(year=2**70)",
        lambda: _charts().regional_ranking(PANEL, indicator="researchers_per_10k", year=2**70),
        BAD,
        ["year", str(2**70)],
    ),
    (
        # The unit's id or name in any case is the unit (issue 22).
        "charts.trajectory(unit variant)",
        lambda: _charts().trajectory(PANEL, _card(), "Lai-Chau", "researchers"),
        OK,
        [],
    ),
    (
        "charts.trajectory(unit unknown)",
        lambda: _charts().trajectory(PANEL, _card(), "Lai-Chauu-Xyz", "researchers"),
        BAD,
        ["Lai-Chauu-Xyz"],
    ),
    (
        "charts.trajectory(ok)",
        lambda: _charts().trajectory(PANEL, _card(), "lai-chau", "researchers"),
        OK,
        [],
    ),
    (
        "charts.status_overview(by='x')",
        lambda: _charts().status_overview(_card(), by="x"),
        BAD,
        ["by"],
    ),
    (
        "charts.tfp_decomposition(5)",
        lambda: _charts().tfp_decomposition(5),
        BAD,
        ["DataFrame", "accounting"],
    ),
    (
        "charts.rank_intervals(n=-1)",
        lambda: _charts().rank_intervals(EXAMPLE_INDEX, n=-1),
        BAD,
        ["replications", "n="],
    ),
]


@pytest.mark.parametrize(
    ("case", "fn", "verdict", "names"), OTHER_CALLS, ids=[c[0] for c in OTHER_CALLS]
)
def test_public_function(case: str, fn: Callable[[], Any], verdict: str, names: list[str]) -> None:
    out = expect(verdict, f"chitieu.{case}", fn, names)
    if out is not REFUSED and case in POSTCONDITIONS:
        POSTCONDITIONS[case](out)


def test_every_public_function_is_exercised() -> None:
    """A public function added to chitieu without a property here fails this test."""
    here = Path(__file__).read_text(encoding="utf-8")
    for name in chitieu.__all__:
        obj = getattr(chitieu, name)
        if callable(obj) and not isinstance(obj, type):
            assert re.search(rf"chitieu\.{name}\b|\b{name}\(", here), f"chitieu.{name} untested"
    for name in cx.__all__:
        assert f"cx.{name}(" in here, f"chitieu.expr.{name} untested"
