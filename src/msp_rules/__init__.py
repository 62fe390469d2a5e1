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
from .loader import load_rules
from .ruleset import RuleSet

__all__ = [
    "Case",
    "CaseValidationError",
    "Decision",
    "EngineError",
    "EngineUnavailableError",
    "MspRulesError",
    "RuleError",
    "RuleSet",
    "RuleSetError",
    "__version__",
    "decide",
    "load_rules",
    "parse_case",
]
