"""Benchmark: reading a portfolio of 200 files against reading one file 200 times.

Writes the demo assessment and 200 copies of it (each with its own system name) to a temporary
folder, then alternately times ``read_portfolio`` over the folder and the same per-file read
(``read_row``) of one file 200 times, and reports the medians and the median of the per-pair
ratios. Target (issue #17): the portfolio within 3x the repeated read of one file.

    .venv/bin/python bench/portfolio.py [--runs 5] [--files 200]

Not a test: machines are noisy; compare the ratio measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rmf_app.services import portfolio as pf  # noqa: E402
from rmf_app.services.demo import write_demo  # noqa: E402
from rmf_app.services.session import AssessmentSession  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=200)
    args = ap.parse_args()
    today = dt.date.today()
    with tempfile.TemporaryDirectory(prefix="rmf-bench-portfolio-") as tmp:
        folder = Path(tmp) / "portfolio"
        folder.mkdir()
        one = Path(tmp) / "one.airmf"
        write_demo(one)
        for i in range(args.files):
            path = folder / f"system-{i:03d}.airmf"
            shutil.copyfile(one, path)
            with AssessmentSession.open(path) as s:
                s.update_profile(name=f"System {i:03d}")
        many, repeated, ratios = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            p = pf.read_portfolio([folder], today=today)
            t1 = time.perf_counter()
            for _ in range(args.files):
                pf.read_row(one, today, pf.DEFAULT_STALE_MONTHS)
            t2 = time.perf_counter()
            assert len(p.rows) == args.files and not p.unreadable
            many.append(t1 - t0)
            repeated.append(t2 - t1)
            ratios.append((t1 - t0) / (t2 - t1))
        print(f"{args.files} files, {args.runs} runs (medians)")
        print(f"  portfolio of {args.files} files : {statistics.median(many):.2f} s")
        print(f"  one file read {args.files} times: {statistics.median(repeated):.2f} s")
        print(f"  ratio                    : {statistics.median(ratios):.2f}x (target <= 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
