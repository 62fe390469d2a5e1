"""Reading inputs and writing outputs for subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..api import bundled_rules
from ..errors import MspRulesError
from ..loader import load_rules
from ..ruleset import RuleSet


class InputError(MspRulesError):
    """A file given on the command line cannot be read or parsed."""


def read_json(source: str) -> Any:
    """JSON from a file path, or from standard input when ``source`` is ``-``."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from exc


def write_output(text: str, path: str | None) -> None:
    """Write to ``path``, or to standard output."""
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        Path(path).write_text(text, encoding="utf-8")


def add_rules_argument(parser: argparse.ArgumentParser) -> None:
    """``--rules DIR`` (repeatable): the rule directories to use instead of the bundled rules."""
    parser.add_argument("--rules", action="append", metavar="DIR", default=None,
                        help="rules directory (repeatable; default: the bundled rules)")


def rules_from_args(args: argparse.Namespace) -> RuleSet:
    """The rule set named by ``--rules``, or the bundled rules."""
    return load_rules(*args.rules) if args.rules else bundled_rules()
