"""``msp-rules replay DECISION.json --case CASE.json``: check a recorded Decision still stands."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import ValidationError

from ..decision import Decision
from ..replay import replay
from . import EXIT_FAILED, EXIT_OK
from ._io import InputError, add_rules_argument, read_json, rules_from_args, write_output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay", help="decide a recorded case again and report any difference",
        description="Re-evaluate the case of a recorded Decision with the same date and engine, and report "
                    "whether the result is identical; if not, which answers and rules differ and whether the "
                    "rules or the case changed. Exit status 0 if identical, 1 if not.")
    parser.add_argument("decision", help="the recorded Decision (JSON, as written by 'decide --format json')")
    parser.add_argument("--case", required=True, help="the case file (JSON) that was decided")
    add_rules_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data = read_json(args.decision)
    if isinstance(data, dict) and "decision" in data and "why_not" in data:
        data = data["decision"]
    try:
        recorded = Decision.model_validate(data)
    except ValidationError as exc:
        where = ", ".join(".".join(str(p) for p in e["loc"]) or "(decision)" for e in exc.errors()[:5])
        raise InputError(f"{args.decision}: not a recorded Decision (problems at: {where})") from exc
    report = replay(recorded, read_json(args.case), rules_from_args(args))
    write_output(report.summary() if args.format == "text" else report.model_dump_json(indent=2), args.output)
    return EXIT_OK if report.identical else EXIT_FAILED
