"""Static checks of rule directories, beyond what loading refuses.

:func:`lint` first loads the rules: every load error (bad YAML or schema, duplicate ids,
rules without citations, unknown fact paths, conflicts without precedence, cycles) becomes
an ``error`` finding with its file, line and rule id. If the rules load, it then looks for
what the loader accepts but a reviewer would question:

* ``error``: rules that can never apply (contradictory conditions, a number outside the
  range the case model allows, a conclusion no rule can produce) or are never in force;
* ``warning``: rules that cannot apply with the parameter values in force (switched off
  by configuration), finding values, grounds and actions that no rule concludes,
  conditions that depend on such a conclusion, parameters nothing uses;
* ``info``: citations without a ``url``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel

from ._yaml import line_of, load_yaml
from .conditions import (
    AllOf,
    AnyOf,
    Condition,
    Derived,
    FactTest,
    Known,
    Not,
    ParamRef,
    Quantified,
    Setting,
    walk,
)
from .errors import RuleError, RuleSetError
from .facts import CAPACITY_WINDOW_PARAMETER, FactDocument, FactType, fact_schema, fact_type
from .loader import MANIFEST, layers, load_rules
from .ruleset import RuleSet
from .spec import Citation, InForce

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

LIBRARY_PARAMETERS = frozenset({CAPACITY_WINDOW_PARAMETER})
"""Parameters read by the library itself (the fact builder) rather than by rule conditions."""


@dataclass(frozen=True)
class LintFinding:
    """One problem found in a rules directory."""

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    rule: str | None = None

    def __str__(self) -> str:
        where = (self.file or "") + (f":{self.line}" if self.file and self.line else "")
        parts = [where] if where else []
        parts.append(f"{self.severity} [{self.code}]")
        if self.rule:
            parts.append(f"rule {self.rule}")
        return ": ".join(parts) + f": {self.message}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def lint(*directories: str | Path) -> list[LintFinding]:
    """Lint rule directories (with none, the bundled rules); findings sorted by severity and place."""
    try:
        ruleset = load_rules(*directories)
    except RuleSetError as exc:
        findings = [_from_load_error(error) for error in exc.errors]
    else:
        findings = _Analysis(ruleset, _Locator(layers(*directories))).run()
    order = {severity: i for i, severity in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.file or "", f.line or 0, f.code, f.message))


def has_errors(findings: Iterable[LintFinding]) -> bool:
    return any(f.severity == "error" for f in findings)


# -- load errors --------------------------------------------------------------------------

_LOAD_CODES: tuple[tuple[str, str], ...] = (
    (r"not valid YAML|duplicate key|keys must be text|cannot read file", "yaml"),
    (r"(^|\.)citations: (Field required|List should have at least)", "missing-citation"),
    (r"duplicate", "duplicate-id"),
    (r"case model has no fact|question for unknown fact|not a collection of the case model", "unknown-fact"),
    (r"neither overrides the other", "conflict"),
    (r"in a cycle", "cycle"),
    (r"unknown (finding|ground|action|parameter)|overrides unknown rule|has no value|no ground has tier",
     "unknown-reference"),
    (r"^[\w.]+: ", "schema"),
)


def _from_load_error(error: RuleError) -> LintFinding:
    code = next((code for pattern, code in _LOAD_CODES if re.search(pattern, error.message)), "invalid")
    return LintFinding("error", code, error.message, error.file, error.line, error.rule_id)


# -- where vocabulary is written ----------------------------------------------------------


class _Locator:
    """File and line of each vocabulary entry (the rule set keeps them only for rules)."""

    SECTIONS = {"findings": "key", "grounds": "id", "actions": "id", "parameters": "id"}

    def __init__(self, layers: list[Path]) -> None:
        self.places: dict[tuple[str, str], tuple[str, int | None, Any]] = {}
        for directory in layers:
            for path in sorted(directory.glob("*.yaml")):
                if path.name == MANIFEST:
                    continue
                display = f"{directory.name}/{path.name}"
                data = load_yaml(path, display)
                if not isinstance(data, dict):
                    continue
                for section, key_name in self.SECTIONS.items():
                    for index, item in enumerate(data.get(section) or []):
                        if isinstance(item, dict) and key_name in item:
                            self.places[(section, str(item[key_name]))] = (
                                display, line_of(data, (section, index)), item)

    def at(self, section: str, key: str, *path: Any) -> tuple[str | None, int | None]:
        display, line, item = self.places.get((section, key), (None, None, None))
        return display, (line_of(item, path) if path and item is not None else line)


# -- analysis of a loaded rule set --------------------------------------------------------


class _Analysis:
    def __init__(self, ruleset: RuleSet, locator: _Locator) -> None:
        self.ruleset, self.locator = ruleset, locator
        self.findings: list[LintFinding] = []
        self.fires: dict[tuple[str, bool], bool] = {}

    def run(self) -> list[LintFinding]:
        self._never_in_force()
        self._never_fires()
        self._unproduced()
        self._unused_parameters()
        self._citation_urls()
        self._questions()
        return self.findings

    def add(self, severity: Severity, code: str, message: str, file: str | None, line: int | None,
            rule: str | None = None) -> None:
        self.findings.append(LintFinding(severity, code, message, file, line, rule))

    def _never_in_force(self) -> None:
        for rule in self.ruleset.rules:
            if _empty_period(rule.spec.in_force):
                self.add("error", "never-in-force", "its in_force period is empty ('until' is not after 'from')",
                         rule.file, rule.line, rule.id)
        for pid, parameter in self.ruleset.parameters.items():
            for index, value in enumerate(parameter.values):
                if _empty_period(value.in_force):
                    self.add("error", "never-in-force", f"value {index + 1} of parameter {pid!r} has an empty "
                             "in_force period", *self.locator.at("parameters", pid, "values", index))

    def _never_fires(self) -> None:
        for rule in self.ruleset.rules:
            if _empty_period(rule.spec.in_force):
                continue  # reported as never-in-force
            if not self.can_apply(rule.id, with_parameters=False):
                reason = _Possibility(self, with_parameters=False).why_impossible(rule.condition)
                self.add("error", "never-fires", f"the rule can never apply: {reason}", rule.file, rule.line, rule.id)
            elif not self.can_apply(rule.id, with_parameters=True):
                reason = _Possibility(self, with_parameters=True).why_impossible(rule.condition)
                self.add("warning", "disabled-by-parameter",
                         f"the rule cannot apply with the parameter values in force: {reason}",
                         rule.file, rule.line, rule.id)

    def can_apply(self, rule_id: str, *, with_parameters: bool) -> bool:
        """Whether some case could make the rule's condition true (an over-approximation).

        ``with_parameters``: read parameters that have a single value as that value (a rule
        switched off by configuration then cannot apply); otherwise a parameter may be anything.
        """
        key = (rule_id, with_parameters)
        if key not in self.fires:
            rule = self.ruleset.rule(rule_id)
            self.fires[key] = not _empty_period(rule.spec.in_force) and _Possibility(
                self, with_parameters=with_parameters).possible(rule.condition)
        return self.fires[key]

    def can_conclude(self, derived: Derived, *, with_parameters: bool) -> bool:
        return any(self.can_apply(r, with_parameters=with_parameters)
                   for r in self.ruleset.producers.get(derived.name, ()))

    def _unproduced(self) -> None:
        produced = set(self.ruleset.producers)
        for key, finding in self.ruleset.findings.items():
            concluded = [v for v in finding.values if Derived("finding", key, v).name in produced]
            if not concluded:
                self.add("warning", "unanswered-finding", f"no rule concludes any value of finding {key!r}",
                         *self.locator.at("findings", key))
                continue
            for value in finding.values:
                if value not in concluded and value != finding.otherwise:
                    self.add("warning", "unproduced-value", f"no rule concludes {key}={value}",
                             *self.locator.at("findings", key, "values", value))
        for kind, section, vocabulary in (("ground", "grounds", self.ruleset.grounds),
                                          ("action", "actions", self.ruleset.actions)):
            for item_id in vocabulary:
                if not any(name.startswith(f"{kind}:{item_id}=") for name in produced):
                    self.add("warning", f"unproduced-{kind}", f"{kind} {item_id!r} is defined but no rule concludes it",
                             *self.locator.at(section, item_id))
        for rule in self.ruleset.rules:
            for node in walk(rule.condition):
                if isinstance(node, Derived) and node.name not in produced:
                    self.add("warning", "unproduced-dependency",
                             f"depends on {node.name}, which no rule concludes", rule.file, rule.line, rule.id)

    def _unused_parameters(self) -> None:
        nodes = [n for rule in self.ruleset.rules for n in walk(rule.condition)]
        used = {n.value.name for n in nodes if isinstance(n, FactTest) and isinstance(n.value, ParamRef)}
        used |= {n.name for n in nodes if isinstance(n, Setting)}
        for pid in self.ruleset.parameters:
            if pid not in used | LIBRARY_PARAMETERS:
                self.add("warning", "unused-parameter", f"parameter {pid!r} is not used by any rule",
                         *self.locator.at("parameters", pid))

    def _questions(self) -> None:
        """Every fact a rule reads needs a plain-English question for when the record lacks it."""
        for rule in self.ruleset.rules:
            missing = sorted({path for path in _read_paths(rule.condition) if path not in self.ruleset.questions})
            if missing:
                self.add("warning", "missing-question",
                         f"no question for {', '.join(missing)} (add them under 'questions:')",
                         rule.file, rule.line, rule.id)

    def _citation_urls(self) -> None:
        def check(citations: list[Citation], what: str, file: str | None, line: int | None,
                  rule: str | None = None) -> None:
            missing = [f"{c.instrument} {c.provision}" for c in citations if not c.url]
            if missing:
                self.add("info", "citation-url", f"{what}: no url for {'; '.join(missing)}", file, line, rule)

        for rule in self.ruleset.rules:
            check(rule.spec.citations, "citation", rule.file, rule.line, rule.id)
        for gid, ground in self.ruleset.grounds.items():
            check(ground.citations, f"ground {gid}", *self.locator.at("grounds", gid))
        for pid, parameter in self.ruleset.parameters.items():
            check(parameter.citations, f"parameter {pid}", *self.locator.at("parameters", pid))


def _read_paths(condition: Condition, prefix: str = "") -> set[str]:
    """The fact paths a condition reads (a collection's fields as ``collection.field``)."""
    if isinstance(condition, (FactTest, Known)):
        return {prefix + condition.path}
    if isinstance(condition, Quantified):
        return {prefix + condition.collection} | _read_paths(condition.where, f"{prefix}{condition.collection}.")
    if isinstance(condition, (AllOf, AnyOf)):
        return {path for item in condition.items for path in _read_paths(item, prefix)}
    if isinstance(condition, Not):
        return _read_paths(condition.item, prefix)
    return set()


def _empty_period(period: InForce) -> bool:
    return period.from_ is not None and period.until is not None and period.until <= period.from_


# -- can a condition ever be true? --------------------------------------------------------


class _Possibility:
    """An over-approximation of satisfiability: 'impossible' is only said when it is certain."""

    def __init__(self, analysis: _Analysis, *, with_parameters: bool) -> None:
        self.analysis, self.with_parameters = analysis, with_parameters
        self.parameters = analysis.ruleset.parameters

    def possible(self, condition: Condition, prefix: str = "") -> bool:
        return self.why_impossible(condition, prefix) is None

    def why_impossible(self, condition: Condition, prefix: str = "") -> str | None:
        if isinstance(condition, Derived):
            possible = self.analysis.can_conclude(condition, with_parameters=self.with_parameters)
            return None if possible else f"no rule can conclude {condition.name}"
        if isinstance(condition, FactTest):
            return _Constraints(prefix, self._value).add(condition).contradiction()
        if isinstance(condition, AnyOf):
            reasons = [self.why_impossible(item, prefix) for item in condition.items]
            return None if any(r is None for r in reasons) else "; ".join(dict.fromkeys(r for r in reasons if r))
        if isinstance(condition, AllOf):
            conjuncts = _conjuncts(condition)
            for item in conjuncts:
                if (reason := self.why_impossible(item, prefix)) is not None:
                    return reason
            return _contradiction(conjuncts, prefix, self._value)
        if isinstance(condition, Setting) and self.with_parameters:
            on = any(v.value is True for v in self.parameters[condition.name].values)
            return None if on else f"the setting {condition.name} is never on"
        if isinstance(condition, Quantified) and condition.kind == "some":
            return self.why_impossible(condition.where, f"{prefix}{condition.collection}.")
        return None  # not, known/unknown, every, none: can hold

    def _value(self, operand: Any) -> Any:
        """A literal, or a parameter's value if it has only one (else ``None``: unconstrained)."""
        if not isinstance(operand, ParamRef):
            return operand
        if not self.with_parameters:
            return None
        spec = self.parameters.get(operand.name)
        return spec.values[0].value if spec is not None and len(spec.values) == 1 else None


def _conjuncts(condition: Condition) -> list[Condition]:
    if isinstance(condition, AllOf):
        return [c for item in condition.items for c in _conjuncts(item)]
    return [condition]


def _contradiction(conjuncts: list[Condition], prefix: str, value: Callable[[Any], Any]) -> str | None:
    for item in conjuncts:
        if Not(item) in conjuncts:
            return "it requires a condition and its negation"
    findings: dict[str, set[str]] = {}
    for item in conjuncts:
        if isinstance(item, Derived) and item.kind == "finding":
            findings.setdefault(item.key, set()).add(item.value)
    for key, values in findings.items():
        if len(values) > 1:
            return f"it requires finding {key} to be both {' and '.join(sorted(values))}"
    by_path: dict[str, _Constraints] = {}
    for item in conjuncts:
        if isinstance(item, FactTest):
            by_path.setdefault(item.path, _Constraints(prefix, value)).add(item)
    for item in conjuncts:
        if isinstance(item, Known) and not item.known and item.path in by_path:
            return f"it tests {prefix}{item.path} and requires it to be unknown"
    for constraints in by_path.values():
        if (reason := constraints.contradiction()) is not None:
            return reason
    return None


class _Constraints:
    """What the tests of one fact, taken together, allow."""

    def __init__(self, prefix: str, value: Callable[[Any], Any]) -> None:
        self.prefix, self.value = prefix, value
        self.path = ""
        self.allowed: set[Any] | None = None
        self.excluded: set[Any] = set()
        self.low: tuple[float, bool] | None = None  # (bound, inclusive)
        self.high: tuple[float, bool] | None = None

    def add(self, test: FactTest) -> _Constraints:
        self.path = self.prefix + test.path
        operand = self.value(test.value)
        if operand is None:
            return self
        values = set(operand) if isinstance(operand, tuple) else {operand}
        if test.op in ("is", "in"):
            self.allowed = values if self.allowed is None else self.allowed & values
        elif test.op in ("is_not", "not_in"):
            self.excluded |= values
        elif test.op in ("gt", "gte"):
            self._raise_low((float(operand), test.op == "gte"))
        elif test.op in ("lt", "lte"):
            self._lower_high((float(operand), test.op == "lte"))
        return self

    def _raise_low(self, bound: tuple[float, bool]) -> None:
        if self.low is None or bound[0] > self.low[0] or (bound[0] == self.low[0] and not bound[1]):
            self.low = bound

    def _lower_high(self, bound: tuple[float, bool]) -> None:
        if self.high is None or bound[0] < self.high[0] or (bound[0] == self.high[0] and not bound[1]):
            self.high = bound

    def contradiction(self) -> str | None:
        fact = fact_type(self.path)
        bounds = integer_bounds().get(self.path)
        if bounds is not None:
            self._raise_low((bounds[0], True))
            self._lower_high((bounds[1], True))
        domain = set(fact.values) if fact and fact.values else {True, False} if fact and fact.kind == "boolean" \
            else None
        allowed = self.allowed if self.allowed is not None else domain
        if allowed is not None:
            allowed = {v for v in allowed - self.excluded if self._in_range(v)}
            if not allowed:
                return f"no value of {self.path} passes all its tests"
        if self.low is not None and self.high is not None and (
                self.low[0] > self.high[0] or (self.low[0] == self.high[0] and not (self.low[1] and self.high[1]))):
            limits = f" (the case model allows {bounds[0]:g} to {bounds[1]:g})" if bounds else ""
            return f"no number satisfies its tests of {self.path}{limits}"
        return None

    def _in_range(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return True
        low_ok = self.low is None or value > self.low[0] or (value == self.low[0] and self.low[1])
        high_ok = self.high is None or value < self.high[0] or (value == self.high[0] and self.high[1])
        return low_ok and high_ok


@cache
def integer_bounds() -> Mapping[str, tuple[float, float]]:
    """Dotted fact path -> (minimum, maximum) the case model allows, for bounded numbers."""
    bounds: dict[str, tuple[float, float]] = {}

    def visit(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            for inner in _members(annotation):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    visit(inner, f"{prefix}{name}.")
            low = next((float(m.ge) for m in info.metadata if isinstance(m, annotated_types.Ge)),  # type: ignore[arg-type]
                       float("-inf"))
            high = next((float(m.le) for m in info.metadata if isinstance(m, annotated_types.Le)),  # type: ignore[arg-type]
                        float("inf"))
            if (low, high) != (float("-inf"), float("inf")):
                bounds[prefix + name] = (low, high)

    visit(FactDocument, "")
    return bounds


def _members(annotation: Any) -> list[Any]:
    """The types inside ``X | None`` and ``list[X]``."""
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [m for arg in args for m in _members(arg)]


def format_text(findings: list[LintFinding]) -> str:
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    return "\n".join([*(str(f) for f in findings), f"lint: {summary}"])


def to_json(findings: list[LintFinding]) -> dict[str, Any]:
    return {
        "ok": not has_errors(findings),
        "counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
        "findings": [f.to_json() for f in findings],
    }


__all__ = ["LintFinding", "Severity", "format_text", "has_errors", "integer_bounds", "lint", "to_json"]
