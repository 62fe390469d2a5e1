"""msp_rules: English adult safeguarding law as declarative, cited, explainable rules.

>>> from msp_rules import decide
>>> decision = decide({"adult": {"age": 34}})  # doctest: +SKIP
"""

from ._version import __version__
from .api import decide, parse_case
from .case import Case
from .decision import Decision
from .errors import (
    CaseValidationError,
    EngineError,
    EngineUnavailableError,
    MspRulesError,
    RuleError,
    RuleSetError,
)
from .explain import Explanation, apply_changes, explain
from .loader import load_rules
from .replay import ReplayReport, replay
from .ruleset import RuleSet

__all__ = [
    "Case",
    "CaseValidationError",
    "Decision",
    "EngineError",
    "EngineUnavailableError",
    "Explanation",
    "MspRulesError",
    "ReplayReport",
    "RuleError",
    "RuleSet",
    "RuleSetError",
    "__version__",
    "apply_changes",
    "decide",
    "explain",
    "load_rules",
    "parse_case",
    "replay",
]
