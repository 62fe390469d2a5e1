"""Three-valued evaluation of conditions (true, false, undetermined).

A test of an unknown fact is undetermined, never false, and so is ``not`` of an
undetermined condition. ``all`` is false if any part is false, true if every part is
true, and undetermined otherwise; ``any`` is the dual. The evaluation returns a tree
that records, for every node, its value and the facts it read, so that explanations
can name the facts a conclusion relied on and the unknown facts it waits for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .conditions import AllOf, AnyOf, Condition, Derived, FactTest, Known, Not, ParamRef, Quantified, Setting


class Tri(Enum):
    """A three-valued truth value."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "undetermined"

    def __invert__(self) -> Tri:
        return {Tri.TRUE: Tri.FALSE, Tri.FALSE: Tri.TRUE, Tri.UNKNOWN: Tri.UNKNOWN}[self]

    @staticmethod
    def all(values: Sequence[Tri]) -> Tri:
        if Tri.FALSE in values:
            return Tri.FALSE
        return Tri.UNKNOWN if Tri.UNKNOWN in values else Tri.TRUE

    @staticmethod
    def any(values: Sequence[Tri]) -> Tri:
        if Tri.TRUE in values:
            return Tri.TRUE
        return Tri.UNKNOWN if Tri.UNKNOWN in values else Tri.FALSE


@dataclass(frozen=True)
class Evaluated:
    """The value of one condition node, with its evaluated parts.

    ``path``/``fact`` are set on leaves: the fact path read (with its element index
    inside a collection, e.g. ``network[0].implicated``) and the value found there.
    """

    condition: Condition
    value: Tri
    parts: tuple[Evaluated, ...] = ()
    path: str | None = None
    fact: Any = None

    def leaves(self) -> list[Evaluated]:
        """The leaves that decided this node's value (the facts it relied on)."""
        if not self.parts:
            return [self]
        if isinstance(self.condition, Not):
            return self.parts[0].leaves()
        return [leaf for part in self._deciding_parts() for leaf in part.leaves()]

    def _short_circuit(self) -> bool:
        """Whether any one deciding part alone settles this node (a false part of ``all``, a true one of ``any``)."""
        conjunctive = isinstance(self.condition, AllOf) or (
            isinstance(self.condition, Quantified) and self.condition.kind == "every")
        inner = ~self.value if isinstance(self.condition, Quantified) and self.condition.kind == "none" else self.value
        return inner == (Tri.FALSE if conjunctive else Tri.TRUE)

    def _deciding_parts(self) -> list[Evaluated]:
        if self.value == Tri.UNKNOWN:
            return [p for p in self.parts if p.value == Tri.UNKNOWN]
        if self._short_circuit():
            return [p for p in self.parts if p.value == self._parts_value()]
        return list(self.parts)

    def _parts_value(self) -> Tri:
        """The value of the parts that settled a short-circuited node."""
        none = isinstance(self.condition, Quantified) and self.condition.kind == "none"
        return ~self.value if none else self.value

    def silent_reliance(self) -> list[Evaluated]:
        """The ``known``/``unknown`` tests of unrecorded facts this node's value depends on.

        Empty when recorded facts alone settle it (for instance another part of a false
        ``all`` is false on a recorded fact).
        """
        if not self.parts:
            return [self] if isinstance(self.condition, Known) and self.fact is None else []
        if isinstance(self.condition, Not):
            return self.parts[0].silent_reliance()
        reliance = [part.silent_reliance() for part in self._deciding_parts()]
        if self._short_circuit() and any(not r for r in reliance):
            return []
        return [leaf for r in reliance for leaf in r]

    def unknown_leaves(self) -> list[Evaluated]:
        """The undetermined leaves below an undetermined node (what would settle it)."""
        if self.value != Tri.UNKNOWN:
            return []
        if not self.parts:
            return [self]
        return [leaf for p in self.parts for leaf in p.unknown_leaves()]

    def unmet(self) -> list[Evaluated]:
        """The leaves that made a false node false (why it did not apply)."""
        if self.value != Tri.FALSE:
            return []
        return self.leaves()


DerivedValue = Callable[[Derived], Tri]

PARAMETER_PREFIX = "parameter:"
"""Leaf paths that name a rule parameter rather than a fact of the case."""


def evaluate(condition: Condition, facts: Mapping[str, Any], derived: DerivedValue,
             parameters: Mapping[str, Any], prefix: str = "") -> Evaluated:
    """Evaluate ``condition`` against a fact document (or one collection element)."""
    if isinstance(condition, FactTest):
        value = lookup(facts, condition.path)
        operand = condition.value
        if isinstance(operand, ParamRef) and parameters.get(operand.name) is None and value is not None:
            # the fact is recorded; what is missing is a value of the parameter on this date
            return Evaluated(condition, Tri.UNKNOWN, path=f"{PARAMETER_PREFIX}{operand.name}", fact=None)
        return Evaluated(condition, _test(condition, value, parameters), path=prefix + condition.path, fact=value)
    if isinstance(condition, Known):
        value = lookup(facts, condition.path)
        result = Tri.TRUE if (value is not None) == condition.known else Tri.FALSE
        return Evaluated(condition, result, path=prefix + condition.path, fact=value)
    if isinstance(condition, Derived):
        return Evaluated(condition, derived(condition), path=condition.name)
    if isinstance(condition, Setting):
        setting = parameters.get(condition.name)
        value = Tri.UNKNOWN if setting is None else Tri.TRUE if setting is True else Tri.FALSE
        return Evaluated(condition, value, path=f"{PARAMETER_PREFIX}{condition.name}", fact=setting)
    if isinstance(condition, Not):
        inner = evaluate(condition.item, facts, derived, parameters, prefix)
        return Evaluated(condition, ~inner.value, (inner,))
    if isinstance(condition, (AllOf, AnyOf)):
        parts = tuple(evaluate(c, facts, derived, parameters, prefix) for c in condition.items)
        combine = Tri.all if isinstance(condition, AllOf) else Tri.any
        return Evaluated(condition, combine([p.value for p in parts]), parts)
    if isinstance(condition, Quantified):
        return _quantified(condition, facts, derived, parameters, prefix)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover - loader expands the rest


def _quantified(condition: Quantified, facts: Mapping[str, Any], derived: DerivedValue,
                parameters: Mapping[str, Any], prefix: str) -> Evaluated:
    elements = lookup(facts, condition.collection)
    path = prefix + condition.collection
    if elements is None:
        return Evaluated(condition, Tri.UNKNOWN, path=path, fact=None)
    parts = tuple(
        evaluate(condition.where, element, derived, parameters, f"{path}[{index}].")
        for index, element in enumerate(elements)
    )
    values = [p.value for p in parts]
    if condition.kind == "every":
        value = Tri.all(values)
    else:
        value = Tri.any(values)
        if condition.kind == "none":
            value = ~value
    if not parts:
        return Evaluated(condition, value, path=path, fact=[])
    return Evaluated(condition, value, parts)


def lookup(facts: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or ``None`` where any step is missing."""
    node: Any = facts
    for step in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(step)
    return node


def resolve(operand: Any, parameters: Mapping[str, Any]) -> Any:
    """The literal value of an operand (a parameter reference is looked up)."""
    return parameters.get(operand.name) if isinstance(operand, ParamRef) else operand


def _test(test: FactTest, value: Any, parameters: Mapping[str, Any]) -> Tri:
    expected = resolve(test.value, parameters)
    if value is None or expected is None:
        return Tri.UNKNOWN
    op = test.op
    if op == "is":
        result = value == expected and type(value) is type(expected) or _same_number(value, expected)
    elif op == "is_not":
        result = not (value == expected and type(value) is type(expected) or _same_number(value, expected))
    elif op == "in":
        result = value in expected
    elif op == "not_in":
        result = value not in expected
    elif op == "contains":
        result = expected in value
    elif op == "contains_any":
        result = any(item in value for item in expected)
    else:
        result = {"gt": value > expected, "gte": value >= expected,
                  "lt": value < expected, "lte": value <= expected}[op]
    return Tri.TRUE if result else Tri.FALSE


def _same_number(value: Any, expected: Any) -> bool:
    numbers = (int, float)
    return (isinstance(value, numbers) and isinstance(expected, numbers)
            and not isinstance(value, bool) and not isinstance(expected, bool) and value == expected)
