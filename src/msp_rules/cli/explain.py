"""``msp-rules explain CASE.json``: a Decision with why-not and what would change it."""

from __future__ import annotations

import argparse
from typing import Any

from ..explain import explain
from ..render import FORMATS, render
from . import EXIT_OK
from ._io import read_json, rules_from_args, write_output
from .decide import add_case_arguments


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "explain", help="decide a case and explain it: why / why not, information needed, what would change",
        description="Decide a case and explain every pathway: what applied, what was blocked and by which "
                    "conditions, what is undetermined and which facts would settle it, and the smallest "
                    "actionable changes that would change each answer (each checked by re-evaluation).")
    add_case_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--why-not", action="store_true",
                        help="show the why-not of every pathway, actions included (html and json always do)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    explanation = explain(read_json(args.case), rules_from_args(args), engine=args.engine, as_at=args.as_at)
    write_output(render(explanation, args.format, full=args.why_not), args.output)
    return EXIT_OK
