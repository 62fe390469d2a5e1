"""``msp-rules test [PATHS...]``: run scenario files on every engine, optionally with rule coverage."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..testing.report import Coverage, format_text, to_json
from ..testing.scenarios import available_engines, load_scenarios, run_scenarios
from . import EXIT_FAILED, EXIT_OK
from ._io import InputError, add_rules_argument, rules_from_args, write_output

DEFAULT_PATH = Path("tests/scenarios")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "test", help="run scenario files (cases with expected outcomes) on every engine",
        description="Run scenario files: decide each case on every available engine and compare the Decision "
                    "with the expected answers, grounds, actions, rules and information needed. "
                    "Exit 0 if all pass, 1 if any fails, 2 if a file or rule set is invalid.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help=f"scenario files or directories (default: {DEFAULT_PATH} if present)")
    add_rules_argument(parser)
    parser.add_argument("--engine", action="append", choices=("durable", "reference"), default=None,
                        help="engine to run on (repeatable; default: every engine available here)")
    parser.add_argument("--coverage", action="store_true",
                        help="report, for each rule, whether some scenario made it apply and some not")
    parser.add_argument("--min-coverage", type=float, default=None, metavar="N",
                        help="fail if under N%% of rule outcomes (applies / does not apply) are covered; "
                             "implies --coverage")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    paths = args.paths or ([DEFAULT_PATH] if DEFAULT_PATH.is_dir() else [])
    if not paths:
        raise InputError(f"no scenario paths given and no {DEFAULT_PATH} directory here")
    ruleset = rules_from_args(args)
    engines = args.engine or available_engines()
    results = run_scenarios(load_scenarios(*paths), ruleset, engines)
    wants_coverage = args.coverage or args.min_coverage is not None
    coverage = Coverage.of(ruleset, results) if wants_coverage else None
    below = coverage is not None and args.min_coverage is not None and coverage.percent < args.min_coverage
    if args.format == "json":
        data = to_json(results, coverage)
        if below:
            data["coverage"]["below_minimum"] = args.min_coverage
        write_output(json.dumps(data, indent=2), args.output)
    else:
        text = format_text(results, coverage)
        if below and coverage is not None:
            text += f"\nFAIL: rule coverage {coverage.percent:.1f}% is below the minimum {args.min_coverage:g}%"
        write_output(text, args.output)
    return EXIT_FAILED if below or not all(r.passed for r in results) else EXIT_OK
