#!/usr/bin/env python3
"""Benchmark: process start → first frame, and → workspace ready with the demo open, each against
the bare-window floor.

Runs the floor (``../shared/bench/floor_gui.py``, a bare PySide6 window of similar widgets) and
rmf-app alternately, each as a fresh process, offscreen, and reports the median wall time of each,
the median of the per-pair ratios, and each side's peak memory (max RSS).

rmf-app's side does what ``rmf-app demo.airmf`` does (gui/launch.py): it shows the opening
window (title, menus, the navigator's frame, "Opening …") — the *first frame* — then imports the
data layer, opens the file in the main window at the same place, processes the pending events
(layout and paint) — *workspace ready*: the first subcategory shown and editable — and exits,
as the floor script does after its first frame. Settings and data live in a temporary folder.
Targets (issue #18): first frame ≤ 1.3x the floor, workspace ready ≤ 2.2x.

Usage: .venv/bin/python bench/gui_start.py [--runs 12] [--floor ../shared/bench/floor_gui.py]
"""

from __future__ import annotations

# Only what `rmf-app FILE` itself imports at the top: the measured child runs this module too,
# and the tools the parent needs (subprocess, statistics, …) would add to its start-up time.
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FLOOR = ROOT.parent / "shared" / "bench" / "floor_gui.py"


def child(path: str) -> int:
    """The measured rmf-app launch (run in a fresh process), as ``rmf-app FILE``."""
    from rmf_app import cli  # noqa: F401  - the real entry point's import
    from rmf_app.gui.collector import pause_collector

    pause_collector()  # as cli.start_gui does, before PySide6 is imported
    from rmf_app.gui.launch import quick_imports, show_opening

    opening = show_opening(path)
    print("frame", flush=True)  # the parent notes the first frame here
    with quick_imports():
        from rmf_app.gui.app import open_in_place

    windows = open_in_place([path], opening)
    window = windows[0]
    assert window.session is not None and window.isVisible(), "the demo did not open"
    assert window.walk.current, "no subcategory on screen"
    assert window.walk.page.form.isEnabled(), "the first subcategory is not editable"
    print("shown", flush=True)  # the parent stops the clock here
    if os.environ.get("SHOT"):
        window.grab().save(os.environ["SHOT"])
    return 0


#: the floor, after importing what every rmf-app start needs below the GUI (pydantic models,
#: storage, services): shows how much of the gap is the data layer, not the window
DOMAIN_FLOOR_WRAPPER = (
    "import rmf_app.cli, rmf_app.services.session, rmf_app.storage.content;"
    " rmf_app.storage.content.bundled_playbook();"
    " import runpy, sys; sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__');"
    " print('shown', flush=True)"
)

#: the floor, after importing pydantic and building one model: the least any start-up that uses
#: pydantic models (SPEC §10) pays before its first window
PYDANTIC_FLOOR_WRAPPER = (
    "import pydantic; exec('class M(pydantic.BaseModel):\\n    x: int');"
    " import runpy, sys; sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__');"
    " print('shown', flush=True)"
)

#: the measured launch: this module's child(), imported (see main)
CHILD_STUB = "import sys, gui_start; sys.exit(gui_start.child(sys.argv[1]))"
#: what the measured launch imports, byte-compiled as an installed copy would be
COMPILED = ("rmf_app", "playbook_data", "bench/gui_start.py")

#: runs the floor script unchanged, then says "shown" (it has shown its window by then)
FLOOR_WRAPPER = (
    "import runpy, sys; sys.argv = [sys.argv[1]]; runpy.run_path(sys.argv[0], run_name='__main__');"
    " print('shown', flush=True)"
)


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Times (s) from spawn to "frame" (the first frame; for the floor its only one), to
    "shown", to exit, and peak RSS (MiB) of one process."""
    import subprocess
    import time

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    frame = time.perf_counter() - t0
    if line.strip() == b"frame":
        line = proc.stdout.readline()
    shown = time.perf_counter() - t0
    proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    total = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0 or line.strip() != b"shown":
        raise SystemExit(f"{cmd} failed ({proc.returncode}):\n{err}")
    return frame, shown, total, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        # the measured launch: before this parent's tools are imported (argparse, statistics,
        # subprocess, tempfile — ~15 ms that ``rmf-app FILE`` never spends)
        return child(sys.argv[2])
    import argparse
    import json
    import statistics
    import subprocess
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12, help="launches of each (≥ 10)")
    parser.add_argument("--floor", default=str(DEFAULT_FLOOR))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time the floor after importing rmf-app's data layer (where the gap comes from)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)

    floor = Path(args.floor)
    if not floor.exists():
        raise SystemExit(f"floor script not found: {floor}")
    tmp = Path(tempfile.mkdtemp(prefix="rmf-bench-"))
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp / "config"),  # QSettings: never the user's
        RMF_APP_DATA_DIR=str(tmp / "data"),
        PYTHONPATH=os.pathsep.join((str(ROOT), str(ROOT / "bench"), env.get("PYTHONPATH", ""))),
    )
    conf = tmp / "config" / "rmf-app"
    conf.mkdir(parents=True)
    (conf / "rmf-app.conf").write_text("[user]\nname=bench\n", encoding="utf-8")
    from rmf_app.services.demo import write_demo

    demo = write_demo(tmp / "demo.airmf")
    # Byte-compile what the launch imports, as an installed copy is: this tree may run with
    # PYTHONDONTWRITEBYTECODE set, which would otherwise recompile every module on every launch.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *(str(ROOT / d) for d in COMPILED)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    py = sys.executable
    # The measured launch imports this module, byte-compiled above, as ``rmf-app FILE``'s
    # console script imports rmf_app.cli: run as a script, its 11 kB of source would be
    # compiled on every launch (~22 M instructions, 2.6 % of the floor) — a cost of the
    # benchmark, not of rmf-app.
    app_cmd = [py, "-c", CHILD_STUB, str(demo)]
    floor_cmd = [py, "-c", FLOOR_WRAPPER, str(floor)]
    _run(app_cmd, env)  # warm the file cache once, not counted
    _run(floor_cmd, env)
    domain_cmd = [py, "-c", DOMAIN_FLOOR_WRAPPER, str(floor)]
    pydantic_cmd = [py, "-c", PYDANTIC_FLOOR_WRAPPER, str(floor)]
    rows: dict[str, list[float]] = {
        k: [] for k in ("f", "a", "af", "ft", "at", "frss", "arss", "ratio", "fratio", "d", "p")
    }
    for _ in range(args.runs):
        _f0, f, ft, f_rss = _run(floor_cmd, env)
        af, a, at, a_rss = _run(app_cmd, env)
        if args.breakdown:
            rows["d"].append(_run(domain_cmd, env)[1])
            rows["p"].append(_run(pydantic_cmd, env)[1])
        for key, value in (
            ("f", f),
            ("a", a),
            ("af", af),
            ("ft", ft),
            ("at", at),
            ("frss", f_rss),
            ("arss", a_rss),
            ("ratio", a / f),
            ("fratio", af / f),
        ):
            rows[key].append(value)

    def ms(values: list[float]) -> float:
        return round(statistics.median(values) * 1000, 1)

    result = {
        "runs": args.runs,
        "floor_shown_median_ms": ms(rows["f"]),
        "app_first_frame_median_ms": ms(rows["af"]),
        "app_shown_median_ms": ms(rows["a"]),
        "first_frame_median_of_ratios": round(statistics.median(rows["fratio"]), 2),
        "ratio_of_medians": round(statistics.median(rows["a"]) / statistics.median(rows["f"]), 2),
        "median_of_ratios": round(statistics.median(rows["ratio"]), 2),
        # the fastest launch of each: on a machine other work shares, the least disturbed
        "floor_shown_min_ms": round(min(rows["f"]) * 1000, 1),
        "app_first_frame_min_ms": round(min(rows["af"]) * 1000, 1),
        "app_shown_min_ms": round(min(rows["a"]) * 1000, 1),
        "ratio_of_minimums": round(min(rows["a"]) / min(rows["f"]), 2),
        "floor_process_median_ms": ms(rows["ft"]),
        "app_process_median_ms": ms(rows["at"]),
        "floor_peak_rss_mib": round(max(rows["frss"]), 1),
        "app_peak_rss_mib": round(max(rows["arss"]), 1),
        "target": "first frame ≤ 1.3x, workspace ready ≤ 2.2x, peak memory < 150 MiB",
    }
    if rows["d"]:
        result["floor_plus_data_layer_median_ms"] = ms(rows["d"])
        result["floor_plus_pydantic_median_ms"] = ms(rows["p"])
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"launches: {args.runs} of each, alternating (time to the first shown frame; whole process in brackets)"
        )
        print(
            f"floor (bare window):  median {result['floor_shown_median_ms']} ms ({result['floor_process_median_ms']} ms), peak RSS {result['floor_peak_rss_mib']} MiB"
        )
        print(
            f"rmf-app first frame:  median {result['app_first_frame_median_ms']} ms; "
            f"{result['first_frame_median_of_ratios']}x the floor (median of pair ratios); target ≤ 1.3"
        )
        print(
            f"rmf-app, demo ready:  median {result['app_shown_median_ms']} ms ({result['app_process_median_ms']} ms), peak RSS {result['app_peak_rss_mib']} MiB"
        )
        print(
            f"ready ratio: {result['ratio_of_medians']} (of medians), {result['median_of_ratios']} (median of pair ratios); target ≤ 2.2"
        )
        print(
            f"fastest launch of each: floor {result['floor_shown_min_ms']} ms, first frame "
            f"{result['app_first_frame_min_ms']} ms, ready {result['app_shown_min_ms']} ms "
            f"({result['ratio_of_minimums']}x)"
        )
        if rows["d"]:
            print(
                f"floor after importing pydantic and building one model: median "
                f"{result['floor_plus_pydantic_median_ms']} ms "
                f"({result['floor_plus_pydantic_median_ms'] / result['floor_shown_median_ms']:.2f}x the floor)"
            )
            print(
                f"floor after importing rmf-app's data layer (pydantic models, storage, services, "
                f"playbook): median {result['floor_plus_data_layer_median_ms']} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
