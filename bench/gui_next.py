#!/usr/bin/env python3
"""Benchmark: the time to move to the next subcategory in the guided walk (target ≤ 16 ms p95).

Opens the demo in the real main window (offscreen, settings in a temporary folder), shows it,
then presses Go ▸ Next through the whole walk several times. Each sample is the action plus
the event processing that follows it (layout and paint of the new page), i.e. until the next
frame is on screen. Between presses the page is left on screen for 60 ms, untimed, as a reader
would (the app uses such idle moments to lay out the neighbouring pages' guidance). Reports the
median and the 95th percentile over all samples, and the same for visiting each of the 72
subcategories directly (the navigator's path, which gets no such preparation).

Usage: .venv/bin/python bench/gui_next.py [--passes 3] [--genai]

``--genai`` uses the GenAI demo instead: the Generative AI Profile is switched on, so most pages
also show their overlay actions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def floor_start_ms(runs: int = 5) -> float | None:
    """How fast the machine is right now: the median start of the bare floor window
    (``../shared/bench/floor_gui.py``), so a run's figures can be read against the machine's
    speed (it drifts by ±20 % over minutes on shared hardware). None without the floor."""
    floor = ROOT.parent / "shared" / "bench" / "floor_gui.py"
    if not floor.exists():
        return None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(floor)], env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="walks through the whole framework")
    parser.add_argument(
        "--genai", action="store_true", help="the GenAI demo (the overlay's section on the pages)"
    )
    args = parser.parse_args()
    machine = floor_start_ms()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="rmf-bench-next-"))
    os.environ["RMF_APP_DATA_DIR"] = str(tmp / "data")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtTest import QTest

    from rmf_app.domain import framework
    from rmf_app.gui.app import create_application
    from rmf_app.gui.common.interaction import HeadlessInteraction
    from rmf_app.gui.common.settings import Settings
    from rmf_app.gui.main_window import AppContext, MainWindow
    from rmf_app.services.demo import write_demo

    app = create_application(["bench"])
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.user_name = "bench"
    window = MainWindow(AppContext(settings, HeadlessInteraction(), QThreadPool.globalInstance()))
    window.resize(1360, 860)
    window.show()
    assert window.open_path(write_demo(tmp / "demo.airmf", genai=args.genai))
    for _ in range(5):
        app.processEvents()
    walk = window.walk
    next_action = window.qactions["next"]

    samples: list[float] = []
    for _ in range(args.passes):
        walk.go_to(walk.walk_ids()[0])
        app.processEvents()
        while next_action.isEnabled():
            QTest.qWait(60)  # the page is on screen; idle work may run (not timed)
            t0 = time.perf_counter()
            next_action.trigger()
            app.processEvents()
            samples.append((time.perf_counter() - t0) * 1000)
    direct: list[float] = []
    for sid in framework.subcategory_ids():
        QTest.qWait(60)
        t0 = time.perf_counter()
        walk.go_to(sid)
        app.processEvents()
        direct.append((time.perf_counter() - t0) * 1000)
    in_scope = len(walk.walk_ids())
    window.close()

    print(
        f"Next (Go ▸ Next, {len(samples)} moves over {args.passes} walks of the "
        f"{'GenAI ' if args.genai else ''}demo's {in_scope} in-scope items):"
    )
    print(
        f"  median {statistics.median(samples):.1f} ms, p95 {p95(samples):.1f} ms, max {max(samples):.1f} ms"
    )
    print("Direct (each of the 72 subcategories in turn, as from the navigator):")
    print(
        f"  median {statistics.median(direct):.1f} ms, p95 {p95(direct):.1f} ms, max {max(direct):.1f} ms"
    )
    print("target: p95 ≤ 16 ms (one frame)")
    if machine is not None:
        print(f"machine: the bare floor window's whole process took {machine:.0f} ms (median of 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
