"""Checks of the options of the public functions (private).

One place for every argument rule: each error names the argument and says what it accepts; a
wrong type raises TypeError, a value out of range ``chitieu.InvalidValueError``.
"""

from __future__ import annotations

import decimal
import difflib
import math
import numbers
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from chitieu import _chitieu

#: Years chitieu reads (``YEAR_RANGE`` of the core; docs/methods.md): 1900 to 2100.
YEAR_MIN, YEAR_MAX = 1900, 2100
#: The longest span of years within them (a window, a number of growth years).
MAX_YEARS = YEAR_MAX - YEAR_MIN
#: Directions of indicators and targets; projections of the progress method.
DIRECTIONS: tuple[str, ...] = ("increase", "decrease")
PROJECTIONS: tuple[str, ...] = ("cagr", "linear", "time_weighted")

# Checks of the options of the public functions: each error names the argument and says
# what is accepted. A wrong type raises TypeError, a value out of range InvalidValueError.


def _kind(value: Any) -> str:
    return type(value).__name__


def _whole(value: Any, argument: str, lo: int, hi: int, what: str = "a whole number") -> int:
    """A whole number in ``lo..hi`` (``hi`` excluded), or an error naming the argument.

    >>> _whole(-1, "n", 1, 10)
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: n=-1: expected a whole number from 1 to 9
    >>> _whole(2.5, "n", 1, 10)
    Traceback (most recent call last):
    ...
    TypeError: n=2.5: expected a whole number from 1 to 9, not float
    """
    expected = f"{argument}={value!r}: expected {what} from {lo} to {hi - 1}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{expected}, not {_kind(value)}")
    n = int(value)
    if not lo <= n < hi:
        raise _chitieu.InvalidValueError(expected)
    return n


def _year(value: Any, argument: str) -> int:
    """A year chitieu reads (1900 to 2100), or an error naming the argument.

    >>> _year(2**40, "base_year")
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: base_year=1099511627776: expected a year from 1900 to 2100
    """
    return _whole(value, argument, YEAR_MIN, YEAR_MAX + 1, "a year")


def _years(value: Any, argument: str) -> int:
    """A number of years, 1 to 200 (the span of the years chitieu reads).

    >>> _years(0, "window")
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: window=0: expected a number of years from 1 to 200
    """
    return _whole(value, argument, 1, MAX_YEARS + 1, "a number of years")


def _interval(lo: float | None, hi: float | None, lo_open: bool, hi_open: bool) -> str:
    if lo is not None and hi is not None:
        return f" in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
    if lo is not None:
        return f" {'>' if lo_open else '≥'} {lo:g}"
    if hi is not None:
        return f" {'<' if hi_open else '≤'} {hi:g}"
    return ""


def _number(
    value: Any,
    argument: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    finite: bool = True,
    what: str = "a finite number",
) -> float:
    """A finite number (within the bounds given), as a float, or an error naming the argument.
    ``finite=False`` lets NaN and ±inf through (for the caller to read them).

    >>> _number(0.0, "zero_replacement", lo=0.0, lo_open=True)
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: zero_replacement=0.0: expected a finite number > 0
    >>> _number("0.5", "limit_scaling", lo=0.0, hi=1.0)
    Traceback (most recent call last):
    ...
    TypeError: limit_scaling='0.5': expected a finite number in [0, 1], not str
    """
    expected = f"{argument}={value!r}: expected {what}{_interval(lo, hi, lo_open, hi_open)}"
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, decimal.Decimal)):
        raise TypeError(f"{expected}, not {_kind(value)}")
    try:
        x = float(value)
    except OverflowError:  # an integer beyond the floats
        x = math.inf
    except ValueError:  # Decimal("sNaN")
        x = math.nan
    inside = (lo is None or (x > lo if lo_open else x >= lo)) and (
        hi is None or (x < hi if hi_open else x <= hi)
    )
    if (finite and not math.isfinite(x)) or (math.isfinite(x) and not inside):
        raise _chitieu.InvalidValueError(expected)
    return x


def _flag(value: Any, argument: str) -> bool:
    """``True`` or ``False`` (numpy's too), or a TypeError naming the argument: a text such as
    ``"no"`` would be true.

    >>> _flag("no", "strict")
    Traceback (most recent call last):
    ...
    TypeError: strict='no': expected True or False, not str
    """
    numpy_bool = type(value).__module__ == "numpy" and _kind(value) in ("bool", "bool_")
    if isinstance(value, bool) or numpy_bool:
        return bool(value)
    raise TypeError(f"{argument}={value!r}: expected True or False, not {_kind(value)}")


def _fold(text: str) -> str:
    """Text as compared for suggestions: compatibility form, no blanks, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _suggestion(value: Any, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the candidate nearest ``value``, or nothing.

    >>> _suggestion("CGAR", ["cagr", "linear"])
    " (did you mean 'cagr'?)"
    """
    if not isinstance(value, str):
        return ""
    folded = {_fold(c): c for c in candidates}
    key = _fold(value)
    near = [key] if key in folded else difflib.get_close_matches(key, list(folded), n=1)
    return f" (did you mean {folded[near[0]]!r}?)" if near else ""


def _choice(value: Any, argument: str, choices: Sequence[str]) -> str:
    """One of ``choices``, or an error naming the argument, the choices and the nearest one.

    >>> _choice("cgar", "how", ("cagr", "linear"))
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: how='cgar': expected one of 'cagr', 'linear' (did you mean 'cagr'?)
    """
    if isinstance(value, str) and value in choices:
        return value
    expected = f"{argument}={value!r}: expected one of {', '.join(map(repr, choices))}"
    if not isinstance(value, str):
        raise TypeError(f"{expected}, not {_kind(value)}")
    raise _chitieu.InvalidValueError(expected + _suggestion(value, choices))


def _text(value: Any, argument: str, what: str = "text") -> str:
    """A string, or a TypeError naming the argument.

    >>> _text(5, "id", "an indicator id (text)")
    Traceback (most recent call last):
    ...
    TypeError: id=5: expected an indicator id (text), not int
    """
    if not isinstance(value, str):
        raise TypeError(f"{argument}={value!r}: expected {what}, not {_kind(value)}")
    return value


def _sequence(value: Any, argument: str, what: str, *, hint: bool = True) -> list[Any]:
    """The items of a list, tuple, Series or other iterable; a single string is refused
    (iterating it would give its letters), with the fix when ``hint`` (a list of texts)."""
    if isinstance(value, (str, bytes)):
        fix = f": write {argument}=[{value!r}]" if hint else ""
        msg = f"{argument} must be a list of {what}, not the string {value!r}{fix}"
        raise TypeError(msg)
    if not isinstance(value, Iterable):
        raise TypeError(f"{argument} must be a list of {what}, not {_kind(value)} ({value!r})")
    return list(value)


def _ids(value: Any, argument: str, what: str = "ids", *, distinct: bool = False) -> list[str]:
    """A list of ids from a list, tuple or other iterable of strings. With ``distinct``, an id
    given twice counts once (first-seen order).

    A single string is refused: iterating it would give one-letter ids.

    >>> _ids(("a", "b", "a"), "units", distinct=True)
    ['a', 'b']
    >>> _ids("lai-chau", "units")
    Traceback (most recent call last):
    ...
    TypeError: units must be a list of ids, not the string 'lai-chau': write units=['lai-chau']
    """
    out = _sequence(value, argument, what)
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        msg = f"{argument} must hold text {what}; found {bad[0]!r} ({_kind(bad[0])})"
        raise TypeError(msg)
    return list(dict.fromkeys(out)) if distinct else out


def _names(
    value: Any, argument: str, what: str = "ids", *, distinct: bool = False
) -> list[str] | None:
    """:func:`_ids`, with ``None`` (not given) staying ``None``.

    >>> _names(None, "units") is None, _names(["a"], "units")
    (True, ['a'])
    """
    return None if value is None else _ids(value, argument, what, distinct=distinct)


def _numbers(value: Any, argument: str, item: str, **bounds: Any) -> list[float]:
    """A list of finite numbers (each within ``bounds``, as :func:`_number`); a string or a
    single number is refused. Errors name the argument, the position and what an item is.

    >>> _numbers([0.3, float("nan")], "capital_shares", "a capital share")
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: capital_shares[1]=nan: expected a capital share, a finite number
    """
    items = _sequence(value, argument, "numbers", hint=False)
    return [
        _number(v, f"{argument}[{i}]", what=f"{item}, a finite number", **bounds)
        for i, v in enumerate(items)
    ]


#: The options of the progress method (:func:`chitieu.progress`, :func:`chitieu.score`,
#: :mod:`chitieu.expr`): name -> check of a value, given the argument to name in errors.
_OPTION_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "target": lambda v, a: None if v is None else _number(v, a),
    "target_year": _year,
    "base_year": lambda v, a: None if v is None else _year(v, a),
    "direction": lambda v, a: _choice(v, a, DIRECTIONS),
    "projection": lambda v, a: _choice(v, a, PROJECTIONS),
    "zero_replacement": lambda v, a: _number(v, a, lo=0.0, lo_open=True),
    "limit": lambda v, a: None if v is None else _number(v, a),
    "limit_scaling": lambda v, a: None if v is None else _number(v, a, lo=0.0, hi=1.0),
    # A series has at most one point a year.
    "min_points": lambda v, a: _whole(v, a, 2, MAX_YEARS + 2),
    "strict": _flag,
    "carry_to_successor": _flag,
    "feasibility_window": lambda v, a: None if v is None else _years(v, a),
}


def _options(names: Mapping[str, str] | None = None, **options: Any) -> dict[str, Any]:
    """``options`` of the progress method, checked and normalised (floats, ints, bools);
    ``names`` gives the argument an error names when a function calls it otherwise (e.g.
    ``projection`` is ``method`` in :func:`chitieu.expr.projected`).

    >>> _options(min_points=3, limit_scaling=1)
    {'min_points': 3, 'limit_scaling': 1.0}
    >>> _options({"target_year": "horizon"}, target_year=2**40)
    Traceback (most recent call last):
    ...
    chitieu.InvalidValueError: horizon=1099511627776: expected a year from 1900 to 2100
    """
    names = names or {}
    return {k: _OPTION_CHECKS[k](v, names.get(k, k)) for k, v in options.items()}
