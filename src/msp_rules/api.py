"""The public entry point: :func:`decide`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from pydantic import ValidationError

from ._version import __version__
from .assemble import assemble
from .case import Case
from .decision import Decision, Provenance
from .engines import EngineName, get_engine
from .errors import CaseValidationError, EngineError
from .loader import load_rules
from .reference import evaluate_case
from .ruleset import RuleSet


@cache
def bundled_rules() -> RuleSet:
    """The rules that ship with the library (loaded once)."""
    return load_rules()


def parse_case(data: Case | Mapping[str, Any]) -> Case:
    """Validate case data; errors name every field at fault."""
    if isinstance(data, Case):
        return data
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = [(".".join(str(p) for p in e["loc"]) or "(case)", e["msg"]) for e in exc.errors()]
        raise CaseValidationError(problems) from exc


def input_hash(case: Case) -> str:
    """A hash of the validated case, independent of key order and defaults spelt out."""
    canonical = json.dumps(case.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def decide(case: Case | Mapping[str, Any], rules: RuleSet | None = None, *,
           engine: EngineName | None = None, as_at: date | None = None) -> Decision:
    """Decide a case.

    ``rules`` defaults to the bundled rules; ``engine`` to durable_rules where it is
    installed (else the reference engine); ``as_at`` to today: the rules and parameters
    in force on that date are used, and it is the date capacity assessments are aged from.
    The same case, rules, engine and date always give the same Decision.
    """
    parsed = parse_case(case)
    ruleset = rules if rules is not None else bundled_rules()
    if as_at is not None and (not isinstance(as_at, date) or isinstance(as_at, datetime)):
        raise TypeError(f"as_at must be a datetime.date, not {type(as_at).__name__}")
    day = as_at or date.today()
    chosen = get_engine(engine)
    evaluation = evaluate_case(ruleset, parsed, day)
    fired = chosen.fired(ruleset, evaluation)
    expected = evaluation.applied()
    if fired != expected:
        raise EngineError(
            f"engine {chosen.label} disagrees with the reference semantics: fired {sorted(set(fired) - set(expected))}"
            f", missed {sorted(set(expected) - set(fired))}; no decision is given")
    provenance = Provenance(
        ruleset=ruleset.name, ruleset_version=ruleset.version, ruleset_hash=ruleset.content_hash,
        library_version=__version__, engine=chosen.label, input_hash=input_hash(parsed), as_at=day)
    return assemble(ruleset, evaluation, fired, parsed.case_id, provenance)
