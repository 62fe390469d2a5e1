"""Choosing an engine. The durable_rules specifics live in :mod:`msp_rules._durable` only."""

from __future__ import annotations

from functools import cache
from typing import Literal, Protocol

from .errors import EngineUnavailableError
from .reference import Evaluation
from .ruleset import RuleSet

EngineName = Literal["durable", "reference"]


class Engine(Protocol):
    """Finds the rules that apply to one case (forward chaining to a fixpoint)."""

    label: str

    def fired(self, ruleset: RuleSet, evaluation: Evaluation) -> list[str]:
        """Ids of the rules that apply to the evaluated case, in the rule set's evaluation order."""


class ReferenceEngine:
    """The plain-Python reference semantics (:mod:`msp_rules.reference`)."""

    label = "reference"

    def fired(self, ruleset: RuleSet, evaluation: Evaluation) -> list[str]:
        return evaluation.applied()


@cache
def durable_available() -> bool:
    """Whether durable_rules can be imported here (it cannot on Python 3.13+)."""
    try:
        from . import _durable  # noqa: F401  (imports durable_rules)
    except ImportError:
        return False
    return True


def get_engine(name: EngineName | None = None) -> Engine:
    """The named engine; by default durable_rules where it is installed, else the reference engine."""
    if name is None:
        name = "durable" if durable_available() else "reference"
    if name == "reference":
        return ReferenceEngine()
    if name == "durable":
        if not durable_available():
            raise EngineUnavailableError(
                "the durable engine needs the durable-rules package, which does not install on this Python; "
                "use engine='reference'")
        from ._durable import DurableEngine

        return DurableEngine.shared()
    raise EngineUnavailableError(f"unknown engine {name!r}; expected 'durable' or 'reference'")
