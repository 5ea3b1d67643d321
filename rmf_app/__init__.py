"""rmf-app: self-assessment of one AI system against the NIST AI RMF 1.0."""

import os as _os
import sys as _sys
import types as _types

__version__ = "0.1.0"

#: the values of PYDANTIC_DISABLE_PLUGINS with which pydantic looks for no plugin at all
_NO_PLUGINS = ("__all__", "1", "true")

# rmf-app uses no pydantic plugins; looking for them scans the entry points of every installed
# distribution when the first model is built, which costs tens of milliseconds at start-up.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _skip_plugin_discovery() -> None:
    """Spare start-up pydantic's plugin loader when plugins are off.

    Even with plugins disabled, building the first model imports
    ``pydantic.plugin._loader``, whose module-level ``from importlib.metadata import
    entry_points`` pulls in importlib.metadata, email and socket: 30-80 ms of a ~0.5 s start,
    for a function that then returns "no plugins". When plugins are off (the default set above,
    or the user's own "__all__"/"1"/"true") and pydantic has not loaded its loader yet, a
    stand-in with the same ``get_plugins()`` answer takes its place. Anyone who turns plugins on
    gets pydantic's real loader. ``tests/unit/test_startup_imports.py`` fails if a pydantic
    release stops going through this module (importlib.metadata would be imported again).
    """
    if _os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _NO_PLUGINS:
        return
    name = "pydantic.plugin._loader"
    if name in _sys.modules:
        return
    loader = _types.ModuleType(name, "rmf-app's stand-in: pydantic plugins are disabled")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    _sys.modules[name] = loader


_skip_plugin_discovery()
