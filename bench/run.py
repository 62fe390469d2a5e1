"""Benchmark: how fast each engine decides, as a ratio to the reference engine in the same process.

Run on demand (never in CI):  python bench/run.py [--repeat 5] [--explain]

The corpus is every case in the scenario suite and the examples: real, varied records.
Each measurement is the median of ``--repeat`` passes over the corpus after one warm-up
pass (which also compiles and registers the durable rulesets).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from msp_rules import Case, decide, load_rules, parse_case
from msp_rules.engines import durable_available
from msp_rules.testing.scenarios import load_scenarios

ROOT = Path(__file__).resolve().parents[1]
AS_AT = date(2026, 6, 1)


def corpus() -> list[Case]:
    cases = [parse_case(json.loads(p.read_text())) for p in sorted((ROOT / "examples").glob("*.json"))]
    return cases + [scenario.case for scenario in load_scenarios(ROOT / "tests" / "scenarios")]


def timed(run: Callable[[Case], Any], cases: list[Case], repeat: int) -> float:
    """Median seconds per case."""
    for case in cases:
        run(case)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for case in cases:
            run(case)
        samples.append((time.perf_counter() - start) / len(cases))
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="also time explain() (counterfactual search)")
    args = parser.parse_args()

    start = time.perf_counter()
    rules = load_rules()
    load_seconds = time.perf_counter() - start
    cases = corpus()
    print(f"rules: {rules.label}, {len(rules.rules)} rules; loaded and validated in {load_seconds * 1000:.0f} ms")
    print(f"corpus: {len(cases)} cases; median of {args.repeat} passes\n")

    baseline = timed(lambda c: decide(c, rules, engine="reference", as_at=AS_AT), cases, args.repeat)
    rows = [("reference (baseline)", baseline)]
    if durable_available():
        start = time.perf_counter()
        decide(cases[0], rules, engine="durable", as_at=date(2026, 6, 2))  # a new date: compile afresh
        print(f"durable_rules: compiling and registering the rulesets took {time.perf_counter() - start:.2f} s\n")
        rows.append(("durable_rules", timed(lambda c: decide(c, rules, engine="durable", as_at=AS_AT),
                                            cases, args.repeat)))
    if args.explain:
        from msp_rules import explain

        rows.append(("explain (reference)", timed(lambda c: explain(c, rules, engine="reference", as_at=AS_AT),
                                                  cases, max(1, args.repeat // 2))))
    print(f"{'what':<24}{'ms/case':>10}{'cases/s':>10}{'x baseline':>12}")
    for name, seconds in rows:
        print(f"{name:<24}{seconds * 1000:>10.2f}{1 / seconds:>10.0f}{seconds / baseline:>12.2f}")


if __name__ == "__main__":
    main()
