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


#: read only for assessments that use an overlay, or once a NIST pack was imported
OPTIONAL_CONTENT = (
    "rmf_app.domain.overlay",
    "rmf_app.domain.overlay_scoring",
    "rmf_app.domain.official",
    "rmf_app.storage.official",
)

OPEN_SCRIPT = """
import json, sys
from rmf_app.services import content
from rmf_app.services.session import AssessmentSession
with AssessmentSession.open(sys.argv[1]) as s:
    s.scores()
    genai = s.overlay_scores()
    pack = content.official_pack()
loaded = [m for m in sys.argv[2:] if m in sys.modules]
print(json.dumps({"loaded": loaded, "genai": list(genai), "pack": pack is not None}))
"""


def _open_in_fresh_interpreter(path, data_dir) -> dict[str, object]:
    env = dict(os.environ, RMF_APP_DATA_DIR=str(data_dir))
    out = subprocess.run(
        [sys.executable, "-c", OPEN_SCRIPT, str(path), *OPTIONAL_CONTENT],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_opening_an_assessment_without_an_overlay_or_pack_reads_neither(tmp_path) -> None:
    """The overlay's and the official pack's code is loaded only when they are used: an
    assessment without the GenAI profile, and no imported NIST pack, start without them (each
    pydantic model class costs a few million instructions to make). With the profile on, its
    coverage is computed as before."""
    from rmf_app.services.demo import write_demo

    plain, genai = tmp_path / "plain.airmf", tmp_path / "genai.airmf"
    write_demo(plain)
    write_demo(genai, genai=True)
    result = _open_in_fresh_interpreter(plain, tmp_path / "data")
    assert result == {"loaded": [], "genai": [], "pack": False}
    result = _open_in_fresh_interpreter(genai, tmp_path / "data")
    assert result["genai"] == ["genai"]
    assert "rmf_app.domain.overlay" in result["loaded"]
