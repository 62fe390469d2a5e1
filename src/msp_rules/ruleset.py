"""A loaded, validated rule set: rules in dependency order with their vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .conditions import Condition, Derived
from .spec import ActionableSpec, ActionSpec, FindingSpec, GroundSpec, ParameterSpec, RuleSpec


@dataclass(frozen=True)
class Rule:
    """A rule ready to evaluate: its spec, parsed condition and conclusions, and its source."""

    spec: RuleSpec
    condition: Condition
    conclusions: tuple[Derived, ...]
    file: str
    line: int
    stratum: int

    @property
    def id(self) -> str:
        return self.spec.id


@dataclass(frozen=True)
class RuleSet:
    """Rules, parameters and vocabulary, validated as a whole. Immutable."""

    name: str
    version: str
    content_hash: str
    rules: tuple[Rule, ...]
    """In evaluation order: every rule after the rules it depends on."""
    parameters: dict[str, ParameterSpec]
    findings: dict[str, FindingSpec]
    grounds: dict[str, GroundSpec]
    actions: dict[str, ActionSpec]
    questions: dict[str, str]
    """Fact path (collection elements without index) -> question to ask when unknown."""
    producers: dict[str, tuple[str, ...]] = field(repr=False)
    """Derived-fact name -> ids of the rules that conclude it."""
    overriders: dict[str, tuple[str, ...]] = field(repr=False)
    """Rule id -> ids of the rules that defeat it when they apply."""
    actionable: dict[str, ActionableSpec] = field(default_factory=dict)
    """Changes to a case a practitioner can bring about, by id (in file order)."""

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (``KeyError`` if there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def parameters_at(self, day: date) -> dict[str, Any]:
        """Parameter values in force on ``day``."""
        return {pid: spec.value_at(day) for pid, spec in self.parameters.items()}

    def in_force(self, day: date) -> frozenset[str]:
        """Ids of the rules in force on ``day``."""
        return frozenset(rule.id for rule in self.rules if rule.spec.in_force.covers(day))

    @property
    def label(self) -> str:
        """``name version``, as recorded in a Decision."""
        return f"{self.name} {self.version}"
