"""The temporary files a writer keeps beside its target until it renames them into place.

A temporary is created empty with the permissions any new file of the user gets (the umask
applies); just before the rename it takes the mode of the file it replaces, so a ``--force`` or
a re-export never turns a private (0600) file into a world-readable one.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
#: long target names are shortened in the temporary's name, which must stay under NAME_MAX
_MAX_NAME_PART = 120


def _temp_name(target: Path) -> str:
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f".{target.name[:_MAX_NAME_PART]}.{suffix}.tmp"


def make_temp(target: Path) -> tuple[int, Path]:
    """Create an empty temporary file beside ``target`` (never an existing one); returns its
    open descriptor (read-write) and its path, as :func:`tempfile.mkstemp` does.

    Raises OSError when the folder cannot be written.
    """
    folder = target.parent if str(target.parent) else Path(".")
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / _temp_name(target)
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as to any new file
        except FileExistsError:
            continue
        return fd, tmp
    raise OSError(errno.EEXIST, "no free temporary file name", str(folder))


def keep_mode(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permission bits of the regular file ``target`` it is about to replace
    (nothing to do when ``target`` does not exist yet: ``tmp`` has the user's default)."""
    try:
        st = os.stat(target)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode):
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
