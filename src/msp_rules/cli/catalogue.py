"""``msp-rules catalogue``: write the rule catalogue (Markdown) for review."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ..catalogue import render_catalogue, scenario_coverage
from . import EXIT_OK
from ._io import add_rules_argument, rules_from_args, write_output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("catalogue", help="write the rule catalogue (Markdown)",
                                   description="Write every rule with its condition, conclusions, legal basis, "
                                               "contested notes and the scenarios that exercise it.")
    add_rules_argument(parser)
    parser.add_argument("--scenarios", metavar="DIR", default="tests/scenarios",
                        help="scenario directory used to list the scenarios of each rule (default: tests/scenarios)")
    parser.add_argument("--as-at", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="show parameter values in force on this date (default: today)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    ruleset = rules_from_args(args)
    directory = Path(args.scenarios)
    coverage = scenario_coverage(directory, ruleset) if directory.is_dir() else {}
    write_output(render_catalogue(ruleset, coverage, args.as_at), args.output)
    return EXIT_OK
