"""``msp-rules lint [RULES_DIR...]``: static checks of rule directories."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..lint import format_text, has_errors, lint, to_json
from . import EXIT_FAILED, EXIT_OK
from ._io import write_output


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lint", help="check rule directories for errors and questionable rules",
        description="Check rule directories: load errors (schema, duplicate ids, missing citations, unknown "
                    "facts, conflicts without precedence) and what loading accepts but a reviewer would "
                    "question (rules that can never apply, conclusions nothing produces, unused parameters, "
                    "citations without a url). Exit 1 if there is any error.")
    parser.add_argument("directories", nargs="*", metavar="RULES_DIR",
                        help="rules directories, layered as for 'decide --rules' (default: the bundled rules)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    findings = lint(*args.directories)
    text = json.dumps(to_json(findings), indent=2) if args.format == "json" else format_text(findings)
    write_output(text, args.output)
    return EXIT_FAILED if has_errors(findings) else EXIT_OK
