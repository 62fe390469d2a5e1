"""The reference semantics: every rule evaluated three-valued, in dependency order.

A rule *applies* when its condition is true and no rule that overrides it applies. It is
*undetermined* when its condition is undetermined, or when it is true but a rule that
would override it is undetermined. A conclusion holds when some rule that concludes it
applies; it is undetermined when none applies but one is undetermined.

This is the meaning of a rule set. The durable_rules engine must fire exactly the rules
that apply here; explanations (what is unknown, why not) are always read from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .case import Case
from .conditions import Derived
from .facts import build_facts
from .logic import Evaluated, Tri, evaluate
from .ruleset import Rule, RuleSet


@dataclass(frozen=True)
class RuleOutcome:
    """How one rule fared on a case."""

    rule: Rule
    value: Tri
    """Whether the rule applies (its condition holds and it is not overridden)."""
    condition: Evaluated | None
    """The evaluated condition; ``None`` when the rule was not in force."""
    overridden_by: tuple[str, ...] = ()
    """Rules that apply and defeat this one (its condition may still hold)."""
    waiting_on: tuple[str, ...] = ()
    """Undetermined rules that would defeat this one if they applied."""

    @property
    def in_force(self) -> bool:
        return self.condition is not None


@dataclass(frozen=True)
class Evaluation:
    """Every rule's outcome and every conclusion's value on one case."""

    outcomes: dict[str, RuleOutcome]
    conclusions: dict[str, Tri]
    facts: Mapping[str, Any] = field(repr=False)
    """The fact document evaluated."""
    parameters: Mapping[str, Any] = field(repr=False)
    in_force: frozenset[str] = field(repr=False)

    def conclusion(self, derived: Derived) -> Tri:
        return self.conclusions.get(derived.name, Tri.FALSE)

    def applied(self) -> list[str]:
        """Ids of the rules that apply, in evaluation order."""
        return [rule_id for rule_id, o in self.outcomes.items() if o.value == Tri.TRUE]


def evaluate_rules(ruleset: RuleSet, facts: Mapping[str, Any], parameters: Mapping[str, Any],
                   in_force: frozenset[str]) -> Evaluation:
    """Evaluate every rule of ``ruleset`` on a fact document."""
    outcomes: dict[str, RuleOutcome] = {}
    conclusions: dict[str, Tri] = {}

    def derived_value(derived: Derived) -> Tri:
        producers = ruleset.producers.get(derived.name, ())
        return Tri.any([outcomes[p].value for p in producers])

    for rule in ruleset.rules:
        if rule.id not in in_force:
            outcomes[rule.id] = RuleOutcome(rule, Tri.FALSE, None)
            continue
        condition = evaluate(rule.condition, facts, derived_value, parameters)
        rivals = ruleset.overriders.get(rule.id, ())
        winners = tuple(r for r in rivals if outcomes[r].value == Tri.TRUE)
        pending = tuple(r for r in rivals if outcomes[r].value == Tri.UNKNOWN)
        value = Tri.all([condition.value, ~Tri.any([outcomes[r].value for r in rivals])])
        outcomes[rule.id] = RuleOutcome(rule, value, condition, winners, pending)
    for rule in ruleset.rules:
        for derived in rule.conclusions:
            conclusions[derived.name] = derived_value(derived)
    return Evaluation(outcomes, conclusions, facts, parameters, in_force)


def evaluate_case(ruleset: RuleSet, case: Case, day: date) -> Evaluation:
    """Evaluate ``ruleset`` on ``case`` with the rules and parameters in force on ``day``."""
    parameters = ruleset.parameters_at(day)
    return evaluate_rules(ruleset, build_facts(case, parameters, day), parameters, ruleset.in_force(day))
