"""The policy testing toolkit (see ``docs/testing.md``).

* scenario files and their runner: :func:`load_scenarios`, :func:`run_scenarios`,
  :class:`Coverage`, :func:`format_result`;
* hypothesis strategies for valid cases: :func:`cases` and friends (importing them
  needs hypothesis; the rest of the toolkit does not).
"""

from __future__ import annotations

from typing import Any

from ._defaults import DEFAULT_AS_AT
from .report import Coverage, format_result, format_text
from .scenarios import (
    LoadedScenario,
    Scenario,
    ScenarioError,
    ScenarioResult,
    available_engines,
    check_scenarios,
    load_scenarios,
    run_scenario,
    run_scenarios,
)

_STRATEGIES = frozenset({
    "advance_decisions", "capacity_assessments", "cases", "consents", "legal_authorities", "maybe_unknown",
    "network_members", "perpetrators", "records", "with_facts",
})


def __getattr__(name: str) -> Any:
    if name in _STRATEGIES:
        from . import strategies

        return getattr(strategies, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_AS_AT",
    "Coverage",
    "LoadedScenario",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "available_engines",
    "check_scenarios",
    "format_result",
    "format_text",
    "load_scenarios",
    "run_scenario",
    "run_scenarios",
    *sorted(_STRATEGIES),
]
