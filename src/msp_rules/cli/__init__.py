"""The ``msp-rules`` command line. Each subcommand is a module of this package.

A subcommand module defines ``register(subparsers)``, which adds its parser and sets
``handler`` (a function from the parsed arguments to an exit code) as a default.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import MspRulesError

EXIT_OK = 0
EXIT_FAILED = 1
"""A check failed (tests, lint, replay mismatch)."""
EXIT_BAD_INPUT = 2
"""The input (case, rules, arguments) is invalid."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="msp-rules",
        description="Explainable English adult safeguarding rules: consent, advocacy, capacity, best interests.",
    )
    parser.add_argument("--version", action="version", version=f"msp-rules {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{__name__}.{module}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.handler(args))
    except MspRulesError as exc:
        print(f"msp-rules: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
