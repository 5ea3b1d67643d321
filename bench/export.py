"""Benchmark: PDF export of the demo assessment against the bare reportlab floor.

Runs, alternately and each in a fresh process, ``../shared/bench/floor_pdf.py 72`` (a bare
platypus document), the full export and the executive export of the demo assessment, and
reports medians: build time (in-process, after imports), time per page, wall time of the whole
process, and peak memory (max RSS). Targets (issue 5, SPEC §8): full export no slower per page
than the floor; full ≤ 1.0 s (stretch); executive ≤ 0.3 s; peak memory < 120 MiB.

    .venv/bin/python bench/export.py [--runs 7]

Not a test: machines are noisy; compare the ratio against the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT.parent / "shared" / "bench" / "floor_pdf.py"


def child(kind: str, out: str) -> None:
    """Run one export in this process and print its figures as JSON."""
    t0 = time.perf_counter()
    from rmf_app.services.demo import demo_assessment
    from rmf_app.services.export import PdfExportJob, PdfExportOptions
    from rmf_app.storage.content import bundled_playbook

    assessment, _ = demo_assessment()
    playbook = bundled_playbook()
    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    job = PdfExportJob(assessment, playbook, out, PdfExportOptions(executive=kind == "executive"))
    result = job.run()
    t_build = time.perf_counter() - t1
    print(json.dumps({"import": t_import, "build": t_build, "pages": result.pages}))


def run_child(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[str, float, float]:
    """Run a process; return its stdout, wall time and its own peak RSS in MiB."""
    with tempfile.TemporaryFile("w+") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise SystemExit(f"{cmd} failed with exit code {proc.returncode}")
        out.seek(0)
        return out.read(), wall, usage.ru_maxrss / 1024


def run_ours(kind: str, out: Path) -> dict[str, float]:
    stdout, wall, rss = run_child(
        [sys.executable, __file__, "--child", kind, str(out)],
        cwd=ROOT,
        env=os.environ | {"SOURCE_DATE_EPOCH": "1792000000"},
    )
    data: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    data["wall"], data["rss_mib"] = wall, rss
    return data


def run_floor(out: Path) -> dict[str, float]:
    stdout, wall, rss = run_child([sys.executable, str(FLOOR), "72", str(out)], cwd=out.parent)
    m = re.search(r"import=(\d+)ms build=(\d+)ms pages=(\d+)", stdout)
    if not m:
        raise SystemExit(f"unexpected floor output: {stdout!r}")
    return {
        "import": int(m.group(1)) / 1000,
        "build": int(m.group(2)) / 1000,
        "pages": int(m.group(3)),
        "wall": wall,
        "rss_mib": rss,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--child", nargs=2, metavar=("KIND", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if not FLOOR.exists():
        raise SystemExit(f"the floor benchmark is missing: {FLOOR}")
    results: dict[str, list[dict[str, float]]] = {"floor": [], "full": [], "executive": []}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        run_ours("executive", d / "warm.pdf")  # warm the file cache once
        for i in range(args.runs):
            results["floor"].append(run_floor(d / "floor.pdf"))
            results["full"].append(run_ours("full", d / "full.pdf"))
            results["executive"].append(run_ours("executive", d / "exec.pdf"))
            print(f"run {i + 1}/{args.runs} done", file=sys.stderr)

    def med(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in results[kind])

    ratios = [
        (f["build"] / f["pages"]) / (fl["build"] / fl["pages"])
        for f, fl in zip(results["full"], results["floor"], strict=True)
    ]
    print(
        f"{'':10} {'pages':>5} {'build s':>8} {'ms/page':>8} {'process s':>9} {'max RSS MiB':>11}"
    )
    for kind in ("floor", "full", "executive"):
        pages = med(kind, "pages")
        build = med(kind, "build")
        print(
            f"{kind:10} {pages:5.0f} {build:8.2f} {1000 * build / pages:8.1f} "
            f"{med(kind, 'wall'):9.2f} {max(r['rss_mib'] for r in results[kind]):11.0f}"
        )
    print(
        f"full export per page / floor per page (median of {args.runs} paired runs): "
        f"{statistics.median(ratios):.2f}"
    )


if __name__ == "__main__":
    main()
