"""What start-up imports: the data layer without pydantic's plugin discovery.

Each check runs in a fresh interpreter, as a start does (an import already made by another test
would hide the cost).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, sys
import rmf_app.services.session
from rmf_app.services.demo import demo_assessment
a, _files = demo_assessment()
loader = sys.modules.get("pydantic.plugin._loader")
print(json.dumps({
    "metadata": "importlib.metadata" in sys.modules,
    "loader_file": getattr(loader, "__file__", None),
    "risks": len(a.risks),
}))
"""


def _run(env_value: str | None) -> dict[str, object]:
    env = dict(os.environ)
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if env_value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = env_value
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_opening_the_data_layer_skips_plugin_discovery() -> None:
    """With plugins off (rmf-app's default) no entry-point scan is imported, and models still
    build and validate: the demo loads with its risks."""
    result = _run(None)
    assert result["metadata"] is False, "importlib.metadata is imported again at start-up"
    assert result["loader_file"] is None  # the stand-in, not pydantic's module
    assert isinstance(result["risks"], int) and result["risks"] > 0


def test_a_user_who_turns_plugins_on_gets_pydantics_loader() -> None:
    result = _run("")
    assert isinstance(result["loader_file"], str)
    assert result["loader_file"].endswith("_loader.py")


def test_model_modules_keep_real_annotations() -> None:
    """Modules that define pydantic models do not turn their annotations into strings
    (``from __future__ import annotations``): pydantic would compile and evaluate every field's
    annotation at start-up — hundreds of small compilations before the first window."""
    from pathlib import Path

    import rmf_app

    root = Path(rmf_app.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for sub in ("domain", "storage")
        for path in sorted((root / sub).glob("*.py"))
        if "(BaseModel)" in (text := path.read_text(encoding="utf-8"))
        and "from __future__ import annotations" in text
    ]
    assert offenders == []
