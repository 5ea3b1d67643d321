"""Reading a file the user pointed at: a regular file only, opened without ever blocking, and
JSON parsed within limits.

A named pipe (FIFO) blocks an ordinary ``open()`` until something writes to it, and a device
such as ``/dev/zero`` never ends; either would hang an attachment copy or an import beyond any
Cancel. So the path is checked with ``stat`` before it is opened, opened with ``O_NONBLOCK`` (a
pipe swapped in after the check cannot block the open), and checked again on the open handle.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from .errors import StorageError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_regular_reason(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def _refusal(path: Path, kind: str, purpose: str) -> StorageError:
    return StorageError(
        f"{path.name} is {kind}, not a regular file; only regular files can be {purpose}. "
        "Choose the file itself."
    )


def check_regular_file(path: str | os.PathLike[str], purpose: str) -> None:
    """Raise StorageError unless ``path`` names an existing regular file (links followed).

    ``purpose`` completes "only regular files can be …" ("attached", "imported").
    """
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except OSError as exc:
        raise StorageError(f"Cannot read {p}: {exc.strerror}.") from None
    kind = not_regular_reason(mode)
    if kind is not None:
        raise _refusal(p, kind, purpose)


def open_regular_file(path: str | os.PathLike[str], purpose: str) -> BinaryIO:
    """Open a regular file for reading in binary mode, refusing anything else (see above)."""
    p = Path(path)
    check_regular_file(p, purpose)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise StorageError(f"Cannot read {p}: {exc.strerror}.") from None
    try:
        kind = not_regular_reason(os.fstat(fd).st_mode)
        if kind is not None:  # replaced between the check and the open
            raise _refusal(p, kind, purpose)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | os.PathLike[str], purpose: str, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit + 1`` of them (so a caller can tell that
    the file is larger than ``limit`` without reading all of it)."""
    p = Path(path)
    with open_regular_file(p, purpose) as fh:
        try:
            return fh.read(limit + 1)
        except OSError as exc:
            raise StorageError(f"Cannot read {p}: {exc.strerror}.") from None


# -- JSON with limits ----------------------------------------------------------------------------

#: the longest number (in characters) a JSON file we read may hold; Python would otherwise
#: spend time on, or refuse with a traceback, integers of thousands of digits
MAX_NUMBER_CHARS = 40
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonProblem(ValueError):
    """Why some bytes are not acceptable JSON; the text completes a sentence that begins with
    the file's name ("… is not valid JSON (line 3, column 7: …)")."""


def _number(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            raise JsonProblem(
                f"holds a number {len(text):,} characters long (at most "
                f"{MAX_NUMBER_CHARS} are accepted)"
            )
        value = kind(text)
        if isinstance(value, float) and not math.isfinite(value):
            raise JsonProblem(f"holds the number {text}, too large to be read")
        return value

    return parse


def _no_constant(name: str) -> Any:
    raise JsonProblem(f"holds {name}, which is not a JSON number")


def load_json(raw: bytes, *, max_depth: int, unicode_text: bool = True) -> Any:
    """Parse UTF-8 JSON (a BOM allowed) within limits, raising :class:`JsonProblem` saying why.

    Limits: arrays and objects nested at most ``max_depth`` deep, numbers at most
    :data:`MAX_NUMBER_CHARS` characters, no ``NaN`` or ``Infinity``. With ``unicode_text``
    (the default), a string holding a lone surrogate (``"\\ud800"``, which is not text and
    cannot be stored) is refused too.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonProblem("is not a text file (not UTF-8)") from None
    try:
        data = json.loads(
            text,
            parse_int=_number(int),
            parse_float=_number(float),
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise JsonProblem(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise JsonProblem(f"is nested more than {max_depth} levels deep") from None
    _check_tree(data, max_depth, unicode_text)
    return data


def _check_tree(data: Any, max_depth: int, unicode_text: bool) -> None:
    """Depth and text of parsed JSON, walked without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise JsonProblem(f"is nested more than {max_depth} levels deep")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if unicode_text and isinstance(key, str):
                    _check_text(key)
                stack.append((item, depth + 1))
        elif unicode_text and isinstance(value, str):
            _check_text(value)


def _check_text(value: str) -> None:
    if not value.isascii():
        m = _SURROGATE.search(value)
        if m is not None:
            raise JsonProblem(
                f"holds a lone surrogate (\\u{ord(m.group()):04x}), which is not a character; "
                "it cannot be stored as text"
            )
