"""Reading the JSON documents stored inside an .airmf file, within limits.

A damaged or crafted file can hold anything in a document: bytes that are not UTF-8, nesting
deep enough to exhaust Python's stack, a number with millions of digits. Each document is
checked against plain limits before it is parsed, and parsed so that every failure is one
:class:`StoredJsonError` saying what is wrong, never RecursionError or a ValueError from deep
inside the parser. The limits are far above anything rmf-app writes.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: largest document accepted (UTF-8 bytes)
MAX_DOCUMENT_BYTES = 16 << 20
#: deepest nesting of arrays and objects accepted
MAX_DEPTH = 64
#: longest number accepted (characters, sign and exponent included)
MAX_NUMBER_CHARS = 40

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class StoredJsonError(ValueError):
    """A stored document that cannot be read; the message says why, in a few words."""


def decode(raw: bytes | str) -> str:
    """The document's text: stored text must be valid UTF-8."""
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, bytes):
        raise StoredJsonError(f"it holds a {type(raw).__name__} instead of text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoredJsonError(
            f"it is not valid UTF-8 text (a bad byte at position {exc.start})"
        ) from None


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON text (strings are skipped)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _number(kind: type[int] | type[float]) -> Any:
    def parse(token: str) -> int | float:
        if len(token) > MAX_NUMBER_CHARS:
            raise StoredJsonError(f"it holds a number {len(token):,} characters long")
        value = kind(token)
        if isinstance(value, float) and not math.isfinite(value):
            raise StoredJsonError(f"it holds a number out of range ({token})")
        return value

    return parse


def _constant(token: str) -> Any:
    raise StoredJsonError(f"it holds {token}, which is not a JSON number")


def loads(raw: bytes | str) -> Any:
    """Parse one stored document within the limits; raises StoredJsonError."""
    if isinstance(raw, bytes) and len(raw) > MAX_DOCUMENT_BYTES:
        raise StoredJsonError(f"it is too large ({len(raw):,} bytes)")
    text = decode(raw)
    if len(text) > MAX_DOCUMENT_BYTES:
        raise StoredJsonError(f"it is too large ({len(text):,} characters)")
    if text.count("[") + text.count("{") > MAX_DEPTH and nesting_depth(text) > MAX_DEPTH:
        raise StoredJsonError(f"it nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_constant,
        )
    except StoredJsonError:
        raise
    except json.JSONDecodeError as exc:
        raise StoredJsonError(f"it is not valid JSON ({exc.msg} at position {exc.pos})") from None
    except (ValueError, RecursionError) as exc:
        raise StoredJsonError(f"it cannot be read ({exc})") from None
