"""The condition language of rule files: its syntax tree and its parser.

A condition is a YAML mapping with exactly one key:

* ``all: [...]``, ``any: [...]``, ``not: {...}``: boolean structure;
* ``some`` / ``every`` / ``none``: ``{of: COLLECTION, where: CONDITION}``, a condition
  on the elements of a collection (``where`` paths are relative to the element);
* ``known: PATH`` / ``unknown: PATH``: whether the record holds the fact at all;
* ``finding: {KEY: VALUE}``, ``ground: ID``, ``ground: {tier: T}``, ``action: ID``:
  a conclusion of another rule (forward chaining);
* ``parameter: NAME``: a true/false rule parameter (a cited local setting) is on;
* ``PATH: VALUE`` or ``PATH: {OPERATOR: VALUE}``: a test of a fact, with operators
  ``is``, ``is_not``, ``in``, ``not_in``, ``gt``, ``gte``, ``lt``, ``lte``, ``contains``
  and ``contains_any``. A value may be ``{param: NAME}``, a named rule parameter.

Nothing here evaluates anything; see :mod:`msp_rules.logic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, Union

from ._yaml import line_of
from .errors import RuleError

Scalar = Union[str, int, float, bool]
Operator = Literal["is", "is_not", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any"]
OPERATORS: tuple[Operator, ...] = ("is", "is_not", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "contains_any")
LIST_OPERATORS = ("in", "not_in", "contains_any")
ORDER_OPERATORS = ("gt", "gte", "lt", "lte")
PATH = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


@dataclass(frozen=True)
class ParamRef:
    """A named rule parameter used as a value (e.g. an age limit with its own citation)."""

    name: str


Operand = Union[Scalar, ParamRef, tuple[Scalar, ...]]


@dataclass(frozen=True)
class FactTest:
    """``path OPERATOR value``: undetermined when the fact is unknown."""

    path: str
    op: Operator
    value: Operand


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class Quantified:
    """``some``/``every``/``none`` element of ``collection`` satisfies ``where``."""

    kind: Literal["some", "every", "none"]
    collection: str
    where: Condition


@dataclass(frozen=True)
class Known:
    """Whether the record holds ``path`` at all (always determined)."""

    path: str
    known: bool


@dataclass(frozen=True)
class Derived:
    """A conclusion of another rule: a finding value, a ground or a required action."""

    kind: Literal["finding", "ground", "action"]
    key: str
    value: str

    @property
    def name(self) -> str:
        """Stable name of this conclusion, e.g. ``finding:s42_enquiry=duty``."""
        return f"{self.kind}:{self.key}={self.value}"


@dataclass(frozen=True)
class Setting:
    """A true/false rule parameter is on (undetermined when no value is in force)."""

    name: str


@dataclass(frozen=True)
class GroundTier:
    """Some ground of the given tier holds; expanded when the rule set is assembled."""

    tier: str


Condition = Union[FactTest, AllOf, AnyOf, Not, Quantified, Known, Derived, GroundTier, Setting]

GROUND_VALUE = "applies"
ACTION_VALUE = "required"


def parse_condition(data: Any, *, file: str, rule_id: str, root: Any, path: tuple[Any, ...]) -> Condition:
    """Parse the condition at ``root[path]``; errors name the file, line and rule id."""

    def fail(message: str, at: tuple[Any, ...] = path) -> RuleError:
        return RuleError(message, file=file, line=line_of(root, at), rule_id=rule_id)

    def sub(value: Any, *steps: Any) -> Condition:
        return parse_condition(value, file=file, rule_id=rule_id, root=root, path=path + steps)

    if not isinstance(data, dict) or len(data) != 1:
        raise fail("a condition must be a mapping with exactly one key (all, any, not, some, every, none, known, "
                   "unknown, finding, ground, action, parameter, or a fact path)")
    ((key, value),) = data.items()
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise fail(f"'{key}' takes a non-empty list of conditions", path + (key,))
        items = tuple(sub(item, key, i) for i, item in enumerate(value))
        return AllOf(items) if key == "all" else AnyOf(items)
    if key == "not":
        return Not(sub(value, key))
    if key in ("some", "every", "none"):
        if not isinstance(value, dict) or set(value) != {"of", "where"}:
            raise fail(f"'{key}' takes exactly 'of: COLLECTION' and 'where: CONDITION'", path + (key,))
        collection = _path(value["of"], fail, path + (key, "of"))
        return Quantified(key, collection, sub(value["where"], key, "where"))
    if key in ("known", "unknown"):
        return Known(_path(value, fail, path + (key,)), known=key == "known")
    if key == "finding":
        if not isinstance(value, dict) or len(value) != 1:
            raise fail("'finding' takes one 'KEY: VALUE' pair", path + (key,))
        ((name, result),) = value.items()
        return Derived("finding", str(name), str(result))
    if key == "ground":
        if isinstance(value, dict) and set(value) == {"tier"}:
            return GroundTier(str(value["tier"]))
        if not isinstance(value, str):
            raise fail("'ground' takes a ground id or {tier: T}", path + (key,))
        return Derived("ground", value, GROUND_VALUE)
    if key == "parameter":
        if not isinstance(value, str):
            raise fail("'parameter' takes the id of a true/false parameter", path + (key,))
        return Setting(value)
    if key == "action":
        if not isinstance(value, str):
            raise fail("'action' takes an action id", path + (key,))
        return Derived("action", value, ACTION_VALUE)
    return _fact_test(_path(key, fail, path), value, fail, path + (key,))


def _path(value: Any, fail: Any, at: tuple[Any, ...]) -> str:
    if not isinstance(value, str) or not PATH.match(value):
        raise fail(f"{value!r} is not a fact path (lower_case words joined by dots)", at)
    return value


def _fact_test(path: str, value: Any, fail: Any, at: tuple[Any, ...]) -> FactTest:
    if isinstance(value, dict) and set(value) == {"param"}:
        return FactTest(path, "is", ParamRef(str(value["param"])))
    if not isinstance(value, dict):
        return FactTest(path, "is", _operand(value, "is", fail, at))
    if len(value) != 1:
        raise fail(f"a test of {path} takes one operator; use 'all' to combine tests", at)
    ((op, operand),) = value.items()
    if op not in OPERATORS:
        raise fail(f"unknown operator {op!r}; expected one of {', '.join(OPERATORS)}", at)
    return FactTest(path, op, _operand(operand, op, fail, at + (op,)))


def _operand(value: Any, op: str, fail: Any, at: tuple[Any, ...]) -> Operand:
    if isinstance(value, dict) and set(value) == {"param"} and isinstance(value["param"], str):
        return ParamRef(value["param"])
    if op in LIST_OPERATORS:
        if not isinstance(value, list) or not value or not all(_is_scalar(v) for v in value):
            raise fail(f"'{op}' takes a non-empty list of values", at)
        return tuple(value)
    if not _is_scalar(value):
        raise fail(f"'{op}' takes a single value (text, number or true/false), found {value!r}", at)
    if op in ORDER_OPERATORS and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise fail(f"'{op}' compares numbers; found {value!r}", at)
    return value  # type: ignore[no-any-return]


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def walk(condition: Condition) -> list[Condition]:
    """Every node of ``condition``, depth first."""
    nodes: list[Condition] = [condition]
    if isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            nodes.extend(walk(item))
    elif isinstance(condition, Not):
        nodes.extend(walk(condition.item))
    elif isinstance(condition, Quantified):
        nodes.extend(walk(condition.where))
    return nodes
