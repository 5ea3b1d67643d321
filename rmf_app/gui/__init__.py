"""The PySide6 desktop app. The only package that imports Qt."""

# The data layer is imported before Qt on purpose. Once PySide6 is loaded, it reads the source of
# every module imported after it (looking for ``from __feature__ import``): for pydantic and the
# domain models that is ~150 files and tens of milliseconds of every start-up.
from ..services import session as _session  # noqa: F401
