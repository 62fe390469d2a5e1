"""``msp-rules schema case|decision``: print a JSON Schema."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pydantic import BaseModel

from ..case import Case
from ..decision import Decision
from . import EXIT_OK
from ._io import write_output

MODELS: dict[str, type[BaseModel]] = {"case": Case, "decision": Decision}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of a case or a decision",
                                   description="Print a JSON Schema, so systems in other languages can "
                                               "produce valid cases and read decisions.")
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("-o", "--output", default=None, metavar="FILE")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    schema = MODELS[args.model].model_json_schema()
    write_output(json.dumps(schema, indent=2, sort_keys=True), args.output)
    return EXIT_OK
