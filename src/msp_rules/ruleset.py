"""A loaded, validated rule set: rules in dependency order with their vocabulary."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .conditions import Condition, Derived
from .errors import RuleError
from .spec import ActionableSpec, ActionSpec, FindingSpec, GroundSpec, ParameterSpec, ParameterValue, RuleSpec


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

    def with_parameters(self, settings: Mapping[str, int | float | str | bool]) -> RuleSet:
        """A copy with some parameters set to one value on every date (a local configuration).

        The copy's version and content hash record the settings, so a Decision made with it
        can be told apart from one made with the rules as published.
        """
        parameters = dict(self.parameters)
        for name, value in sorted(settings.items()):
            spec = parameters.get(name)
            if spec is None:
                raise RuleError(f"unknown parameter {name!r}; expected one of {', '.join(sorted(parameters))}")
            if {type(v.value) for v in spec.values} != {type(value)}:
                raise RuleError(f"parameter {name!r} takes {type(spec.values[0].value).__name__} values, "
                                f"not {value!r}")
            parameters[name] = spec.model_copy(update={"values": [ParameterValue(value=value)]})
        text = json.dumps(dict(sorted(settings.items())), sort_keys=True)
        digest = hashlib.sha256(f"{self.content_hash}\0{text}".encode()).hexdigest()
        return replace(self, parameters=parameters, version=f"{self.version} with {text}",
                       content_hash=f"sha256:{digest}")

    @property
    def label(self) -> str:
        """``name version``, as recorded in a Decision."""
        return f"{self.name} {self.version}"
