"""`python -m bench [--quick] [--out DIR]`: measure, write results.json, results.md and scale.svg, check targets.

--quick (about 3 minutes, for CI and for checking a change) exits 1 when a target it can measure is missed by
more than the noise margin in bench/targets.toml, or when a section fails. The full run only reports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant.config import PROJECT_ROOT


@dataclass(frozen=True)
class Mode:
    name: str
    passes: int                      # rounds over the golden questions for per-stage latency
    http_seconds: float              # per concurrency level
    concurrencies: tuple[int, ...]
    cold_runs: int
    sizes: tuple[int, ...]           # synthetic corpus sizes
    scale_passes: int
    scale_questions: int | None      # golden questions per corpus size (None: all)
    embed_budget_s: float            # above this, synthetic chunk vectors are pooled from sentence vectors
    cli_rerun: bool
    topology: bool                   # the distributed deployment takes minutes to start: full mode only


# quick: one corpus size (each size starts a serving process: ~50 s at 10k chunks); the full run draws the curve
QUICK = Mode("quick", 1, 5.0, (1, 8, 32), 1, (1_000,), 1, 40, 5.0, False, False)
FULL = Mode("full", 3, 20.0, (1, 8, 32), 3, (1_000, 10_000, 100_000), 2, None, 180.0, True, True)
SECTIONS = ("indexing", "cold_start", "stages", "http", "topology", "scale")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _commit() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}{'+dirty' if dirty else ''}" or None


def run(mode: Mode, skip: set[str]) -> dict:
    """Every section not skipped; a failing section is recorded under "errors" and the others still run."""
    from bench import cold_start, http_load, indexing, scale, stages, topology
    from bench.cases import dataset_path, load_cases

    cases = load_cases()
    results: dict = {"meta": {
        "mode": mode.name, "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(), "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_before": os.getloadavg()[0], "dataset": dataset_path().name, "questions": len(cases),
        "settings_env": sorted(k for k in os.environ if k.startswith("ASSISTANT_")),
    }, "errors": {}}
    started = time.perf_counter()

    def section(name: str, fn) -> None:
        if name in skip:
            return
        log(f"{name} ...")
        t = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - one broken section must not hide the others
            traceback.print_exc()
            results["errors"][name] = f"{type(exc).__name__}: {exc}"[:2000]
        log(f"{name} done in {time.perf_counter() - t:.1f} s")

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        settings = indexing.fresh_settings(Path(scratch))
        state: dict = {}

        def do_indexing() -> None:
            results["indexing"], state["assistant"] = indexing.measure(settings, cli_rerun=mode.cli_rerun)

        def need_assistant():
            if "assistant" not in state:  # indexing skipped or failed: build the index without timing it
                from assistant.pipeline import Assistant

                state["assistant"] = Assistant(settings)
                state["assistant"].index()
            return state["assistant"]

        def do_stages() -> None:
            measured = stages.measure(need_assistant(), cases, mode.passes)
            results["stages"], results["comparison"] = measured["stages"], measured["comparison"]
            results["stage_runs"] = {"questions": measured["questions"], "passes": measured["passes"]}

        def do_cold_start() -> None:
            need_assistant()
            results["cold_start"] = cold_start.measure(settings.data_dir, cases[0].question, runs=mode.cold_runs)

        def do_http() -> None:
            if not http_load.available():
                results["http_skipped"] = "Not measured: assistant/web/app.py does not exist yet."
                return
            need_assistant()
            results["http"] = http_load.measure(settings.data_dir, cases, mode.concurrencies, mode.http_seconds)

        def do_topology() -> None:
            if not mode.topology:
                results["topology_skipped"] = ("Full mode only: starting PostgreSQL, Redis, Chroma's server and two "
                                               "instances takes minutes (`python -m bench --skip scale`).")
                return
            results.update(topology.measure(need_assistant(), Path(scratch) / "topology", cases, mode.concurrencies,
                                            mode.http_seconds, embedded=results.get("http")))

        def do_scale() -> None:
            results["scale"] = scale.measure(settings, need_assistant().embeddings, cases[:mode.scale_questions],
                                             mode.sizes, mode.scale_passes, mode.embed_budget_s)

        section("indexing", do_indexing)
        section("stages", do_stages)
        section("cold_start", do_cold_start)
        section("http", do_http)
        section("topology", do_topology)
        section("scale", do_scale)

    results["meta"]["seconds"] = time.perf_counter() - started
    results["meta"]["load_after"] = os.getloadavg()[0]
    return results


def write(results: dict, checks, targets, out_dir: Path) -> None:
    from bench.plot import scale_chart
    from bench.report import render

    out_dir.mkdir(parents=True, exist_ok=True)
    results = {**results, "targets": [c.as_dict() for c in checks]}
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    (out_dir / "results.md").write_text(render(results, checks), encoding="utf-8")
    if "scale" in results:
        limit = next((t.limit for t in targets if t.metric == "scale.100000.retrieve_p95_ms"), None)
        (out_dir / "scale.svg").write_text(scale_chart(results["scale"], limit), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and short runs (about 3 minutes); "
                        "exit 1 on a missed target")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "out", help="where to write the results")
    parser.add_argument("--skip", action="append", default=[], choices=SECTIONS, help="leave a section out")
    args = parser.parse_args(argv)

    from bench.targets import check, load_targets

    targets = load_targets()  # a broken targets file fails before minutes of measuring
    mode = QUICK if args.quick else FULL
    results = run(mode, set(args.skip))
    checks = check(results, targets, quick=args.quick)
    write(results, checks, targets, args.out)
    print((args.out / "results.md").read_text(encoding="utf-8"))
    missed = [c for c in checks if c.failed]
    log(f"{len(missed)} target(s) missed beyond the noise margin; results in {args.out}")
    if results["errors"]:
        return 1
    return 1 if args.quick and missed else 0


if __name__ == "__main__":
    sys.exit(main())
