"""The fixed structure of the AI RMF 1.0 core: functions, categories, subcategory identifiers.

These are facts from NIST AI 100-1 (counts and identifiers), used to check the bundled playbook
and to validate identifiers anywhere in an assessment.
"""

from __future__ import annotations

import re
from functools import cache

FRAMEWORK_NAME = "AI RMF 1.0"
FRAMEWORK_DOCUMENT = "NIST AI 100-1"

#: Function id -> number of subcategories in each of its categories, in order.
CORE_SHAPE: dict[str, tuple[int, ...]] = {
    "GOVERN": (7, 3, 2, 3, 2, 2),
    "MAP": (6, 3, 5, 2, 2),
    "MEASURE": (3, 13, 3, 3),
    "MANAGE": (4, 4, 2, 3),
}

#: The two-letter tags NIST AI 600-1 uses for the functions (used in question ids).
FUNCTION_CODES: dict[str, str] = {"GOVERN": "GV", "MAP": "MP", "MEASURE": "MS", "MANAGE": "MG"}
#: Action ids as NIST AI 600-1 writes them: function code, subcategory number, serial number.
ACTION_ID_RE = re.compile(r"^(GV|MP|MS|MG)-(\d\.\d{1,2})-(\d{3})$")

FUNCTION_IDS: tuple[str, ...] = tuple(CORE_SHAPE)

_SUB_RE = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE) (\d+)\.(\d+)$")
_CAT_RE = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE) (\d+)$")


@cache
def category_ids() -> tuple[str, ...]:
    """All 19 category ids in framework order."""
    return tuple(f"{fn} {c}" for fn, shape in CORE_SHAPE.items() for c in range(1, len(shape) + 1))


@cache
def subcategory_ids() -> tuple[str, ...]:
    """All 72 subcategory ids in framework order (numeric: MEASURE 2.2 before MEASURE 2.10)."""
    return tuple(
        f"{fn} {c}.{s}"
        for fn, shape in CORE_SHAPE.items()
        for c, n in enumerate(shape, start=1)
        for s in range(1, n + 1)
    )


@cache
def _sub_index() -> dict[str, int]:
    return {sid: i for i, sid in enumerate(subcategory_ids())}


def is_subcategory_id(value: str) -> bool:
    return value in _sub_index()


def is_category_id(value: str) -> bool:
    return value in category_ids()


def order_key(subcategory_id: str) -> int:
    """Position of a subcategory in framework order; raises KeyError for an unknown id."""
    return _sub_index()[subcategory_id]


@cache
def _category_index() -> dict[str, str]:
    return {sid: sid.rpartition(".")[0] for sid in subcategory_ids()}


def category_of(subcategory_id: str) -> str:
    """Category id of a subcategory id ("MAP 1.2" -> "MAP 1"); any id of that form is read,
    the 72 of the core from a table (scoring and the navigator ask ~1,500 times a start)."""
    known = _category_index().get(subcategory_id)
    if known is not None:
        return known
    m = _SUB_RE.match(subcategory_id)
    if not m:
        raise ValueError(f"not a subcategory id: {subcategory_id!r}")
    return f"{m.group(1)} {m.group(2)}"


def function_of(item_id: str) -> str:
    """Function id of a category or subcategory id ("MAP 1.2" -> "MAP")."""
    fn = item_id.split(" ", 1)[0]
    if fn not in CORE_SHAPE:
        raise ValueError(f"not a framework id: {item_id!r}")
    return fn


def subcategories_of_category(category_id: str) -> tuple[str, ...]:
    m = _CAT_RE.match(category_id)
    if not m or category_id not in category_ids():
        raise ValueError(f"not a category id: {category_id!r}")
    fn, c = m.group(1), int(m.group(2))
    return tuple(f"{fn} {c}.{s}" for s in range(1, CORE_SHAPE[fn][c - 1] + 1))


def question_prefix(subcategory_id: str) -> str:
    """Prefix of the stable question ids of a subcategory ("MEASURE 2.10" -> "MS-2.10-Q")."""
    fn = function_of(subcategory_id)
    return f"{FUNCTION_CODES[fn]}-{subcategory_id.split(' ', 1)[1]}-Q"
