"""rmf-app: self-assessment of one AI system against the NIST AI RMF 1.0."""

import os as _os

__version__ = "0.1.0"

# rmf-app uses no pydantic plugins; looking for them scans the entry points of every installed
# distribution when the first model is built, which costs tens of milliseconds at start-up.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
