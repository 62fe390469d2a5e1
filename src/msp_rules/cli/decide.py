"""``msp-rules decide CASE.json``: decide a case and print the Decision."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from ..api import decide
from ..render import FORMATS, render
from . import EXIT_OK
from ._io import add_rules_argument, read_json, rules_from_args, write_output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("decide", help="decide a case (JSON) and print the Decision",
                                   description="Decide a case and print the Decision with its cited trace.")
    add_case_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.set_defaults(handler=run)


def add_case_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments shared by commands that decide a case."""
    parser.add_argument("case", help="case file (JSON), or - for standard input")
    parser.add_argument("--engine", choices=("durable", "reference"), default=None,
                        help="rules engine (default: durable where installed, else reference)")
    add_rules_argument(parser)
    parser.add_argument("--as-at", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="evaluate with the rules in force on this date (default: today)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of stdout")


def decide_from_args(args: argparse.Namespace) -> Any:
    """The Decision for the case named in ``args``."""
    return decide(read_json(args.case), rules_from_args(args), engine=args.engine, as_at=args.as_at)


def run(args: argparse.Namespace) -> int:
    write_output(render(decide_from_args(args), args.format), args.output)
    return EXIT_OK
