"""Load rule directories into a :class:`RuleSet`, refusing any invalid file whole.

Every problem found is reported with its file, line and rule id; if there is any, nothing
is loaded (:class:`~msp_rules.errors.RuleSetError` lists them all).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._yaml import LocatedDict, line_of, load_yaml
from .case import Case
from .conditions import (
    ACTION_VALUE,
    GROUND_VALUE,
    LIST_OPERATORS,
    ORDER_OPERATORS,
    AllOf,
    AnyOf,
    Condition,
    Derived,
    FactTest,
    GroundTier,
    Known,
    Not,
    ParamRef,
    Quantified,
    Setting,
    parse_condition,
    walk,
)
from .errors import RuleError, RuleSetError
from .facts import FactType, fact_schema, is_fact_path
from .ruleset import Rule, RuleSet
from .spec import ActionableSpec, ActionSpec, FindingSpec, GroundSpec, Manifest, ParameterSpec, RuleFile, RuleSpec

MANIFEST = "ruleset.yaml"


def bundled_rules_dir() -> Path:
    """The directory of the rules that ship with the library."""
    packaged = Path(str(resources.files("msp_rules"))) / "_bundled_rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if (checkout / MANIFEST).is_file():
        return checkout
    raise FileNotFoundError("the bundled rules are missing from this installation of msp_rules")


def load_rules(*directories: str | Path) -> RuleSet:
    """Load and validate rule directories; with none, the bundled rules.

    A directory whose ``ruleset.yaml`` says ``extends: bundled`` is layered over the
    bundled rules (local rules and vocabulary are added; ids must not clash).
    """
    return _Assembler(layers(*directories)).assemble()


def layers(*directories: str | Path) -> list[Path]:
    """The directories a rule set is built from, in order: the bundled rules first where a
    directory ``extends: bundled``; with no directories, the bundled rules alone."""
    chosen = [Path(d) for d in directories] or [bundled_rules_dir()]
    found: list[Path] = []
    for directory in chosen:
        if _read_manifest(directory).extends == "bundled" and bundled_rules_dir() not in found:
            found.append(bundled_rules_dir())
        found.append(directory)
    return found


def _read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    if not path.is_file():
        raise RuleSetError([RuleError(f"no {MANIFEST} in {directory}", file=str(path))])
    data = load_yaml(path, str(path))
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise RuleSetError(_validation_errors(exc, str(path), data)) from exc


def _validation_errors(exc: ValidationError, file: str, data: Any, prefix: tuple[Any, ...] = ()) -> list[RuleError]:
    errors = []
    for problem in exc.errors():
        loc = prefix + tuple(problem["loc"])
        rule_id = _rule_id_at(data, loc)
        where = ".".join(str(p) for p in loc) or "(file)"
        errors.append(RuleError(f"{where}: {problem['msg']}", file=file, line=line_of(data, loc), rule_id=rule_id))
    return errors


def _rule_id_at(data: Any, loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(data, dict):
        rules = data.get("rules")
        if isinstance(rules, list) and isinstance(loc[1], int) and loc[1] < len(rules):
            item = rules[loc[1]]
            rule_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(rule_id, str):
                return rule_id
    return None


class _Assembler:
    """Reads every file, then validates the set as a whole."""

    def __init__(self, layers: list[Path]) -> None:
        self.layers = layers
        self.errors: list[RuleError] = []
        self.names: list[str] = []
        self.versions: list[str] = []
        self.digest = hashlib.sha256()
        self.rule_specs: list[tuple[RuleSpec, str, LocatedDict]] = []
        self.parameters: dict[str, ParameterSpec] = {}
        self.findings: dict[str, FindingSpec] = {}
        self.grounds: dict[str, GroundSpec] = {}
        self.actions: dict[str, ActionSpec] = {}
        self.questions: dict[str, str] = {}
        self.actionable: dict[str, ActionableSpec] = {}
        self.schema = fact_schema()

    def assemble(self) -> RuleSet:
        for directory in self.layers:
            self._read_directory(directory)
        self._raise_if_errors()
        rules = self._build_rules()
        self._raise_if_errors()
        ordered, producers, overriders = self._order(rules)
        self._raise_if_errors()
        self._check_conflicts(ordered, overriders)
        self._raise_if_errors()
        return RuleSet(
            name=" + ".join(self.names),
            version=" + ".join(self.versions),
            content_hash="sha256:" + self.digest.hexdigest(),
            rules=tuple(ordered),
            parameters=self.parameters,
            findings=self.findings,
            grounds=self.grounds,
            actions=self.actions,
            questions=self.questions,
            producers=producers,
            overriders=overriders,
            actionable=self.actionable,
        )

    def _raise_if_errors(self) -> None:
        if self.errors:
            raise RuleSetError(self.errors)

    # reading -----------------------------------------------------------------

    def _read_directory(self, directory: Path) -> None:
        manifest = _read_manifest(directory)
        self.names.append(manifest.name)
        self.versions.append(manifest.version)
        files = sorted(p for p in directory.glob("*.yaml") if p.name != MANIFEST)
        for path in [directory / MANIFEST, *files]:
            self.digest.update(f"{manifest.name}/{path.name}\0".encode())
            self.digest.update(path.read_bytes())
            self.digest.update(b"\0")
        for path in files:
            self._read_file(path, f"{directory.name}/{path.name}")

    def _read_file(self, path: Path, display: str) -> None:
        try:
            data = load_yaml(path, display)
        except RuleError as exc:
            self.errors.append(exc)
            return
        if data is None:
            return
        try:
            content = RuleFile.model_validate(data)
        except ValidationError as exc:
            self.errors.extend(_validation_errors(exc, display, data))
            return
        for index, spec in enumerate(content.rules):
            self.rule_specs.append((spec, display, data["rules"][index]))
        for section, target in (
            ("parameters", self.parameters),
            ("findings", self.findings),
            ("grounds", self.grounds),
            ("actions", self.actions),
        ):
            for index, item in enumerate(getattr(content, section)):
                key = getattr(item, "key", None) or item.id
                if key in target:
                    self.errors.append(RuleError(f"duplicate {section[:-1]} id {key!r}", file=display,
                                                 line=line_of(data, (section, index))))
                target[key] = item
        for fact_path, question in content.questions.items():
            if not is_fact_path(fact_path):
                self.errors.append(RuleError(f"question for unknown fact {fact_path!r}", file=display,
                                             line=line_of(data, ("questions", fact_path))))
            self.questions[fact_path] = question
        for index, change in enumerate(content.actionable):
            line = line_of(data, ("actionable", index))
            if change.id in self.actionable:
                self.errors.append(RuleError(f"duplicate actionable id {change.id!r}", file=display, line=line))
            self.errors.extend(RuleError(f"actionable {change.id!r}: {problem}", file=display, line=line)
                               for problem in self._change_problems(change))
            self.actionable[change.id] = change

    def _change_problems(self, change: ActionableSpec) -> list[str]:
        """What is wrong with an actionable change: unknown paths, or a case it would make invalid."""
        problems = []
        for where, template in change.templates():
            if not is_fact_path(where):
                problems.append(f"the case model has no fact {where!r}")
            if isinstance(template, dict) and set(template) == {"fact"} and not is_fact_path(
                    str(template["fact"])):
                problems.append(f"the case model has no fact {template['fact']!r} to copy")
        if problems:
            return problems
        sample = change.apply(Case().model_dump(mode="json"), self._sample_value, date(2000, 1, 1))
        try:
            Case.model_validate(sample)
        except ValidationError as exc:
            return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return []

    def _sample_value(self, path: str) -> Any:
        """A value of the right type for ``path``, to check a change that copies it."""
        fact = self.schema[path]
        samples = {"boolean": True, "integer": 0, "date": "2000-01-01"}
        return fact.values[0] if fact.values else samples.get(fact.kind, "sample")

    # building ----------------------------------------------------------------

    def _build_rules(self) -> list[tuple[RuleSpec, Condition, tuple[Derived, ...], str, int]]:
        built = []
        seen: dict[str, str] = {}
        for spec, display, node in self.rule_specs:
            if spec.id in seen:
                self.errors.append(RuleError(f"duplicate rule id (first defined in {seen[spec.id]})",
                                             file=display, line=node.line, rule_id=spec.id))
                continue
            seen[spec.id] = display
            try:
                condition = self._condition(spec, display, node)
                conclusions = tuple(self._conclusion(item, spec.id, display, node, i) for i, item in enumerate(spec.then))
            except RuleError as exc:
                self.errors.append(exc)
                continue
            built.append((spec, condition, conclusions, display, node.line))
        for spec, display, node in self.rule_specs:
            for target in spec.overrides:
                if target not in seen:
                    self.errors.append(RuleError(f"overrides unknown rule {target!r}", file=display,
                                                 line=line_of(node, ("overrides",)), rule_id=spec.id))
        return built

    def _condition(self, spec: RuleSpec, display: str, node: LocatedDict) -> Condition:
        def parse(key: str) -> Condition:
            parsed = parse_condition(node[key], file=display, rule_id=spec.id, root=node, path=(key,))
            self._check(parsed, self.schema, display, spec.id, line_of(node, (key,)))
            return self._expand_tiers(parsed, display, spec.id, line_of(node, (key,)))

        condition = parse("when")
        if spec.unless is not None:
            condition = AllOf((condition, Not(parse("unless"))))
        return condition

    def _conclusion(self, item: Any, rule_id: str, display: str, node: LocatedDict, index: int) -> Derived:
        line = line_of(node, ("then", index))
        if not isinstance(item, dict) or len(item) != 1:
            raise RuleError("each 'then' item is one of {finding: {KEY: VALUE}}, {ground: ID}, {action: ID}",
                            file=display, line=line, rule_id=rule_id)
        ((kind, value),) = item.items()
        if kind == "finding" and isinstance(value, dict) and len(value) == 1:
            ((key, result),) = value.items()
            derived = Derived("finding", str(key), str(result))
        elif kind == "ground" and isinstance(value, str):
            derived = Derived("ground", value, GROUND_VALUE)
        elif kind == "action" and isinstance(value, str):
            derived = Derived("action", value, ACTION_VALUE)
        else:
            raise RuleError("each 'then' item is one of {finding: {KEY: VALUE}}, {ground: ID}, {action: ID}",
                            file=display, line=line, rule_id=rule_id)
        self._check_derived(derived, display, rule_id, line)
        return derived

    def _check_derived(self, derived: Derived, display: str, rule_id: str, line: int | None) -> None:
        if derived.kind == "finding":
            finding = self.findings.get(derived.key)
            if finding is None:
                raise RuleError(f"unknown finding {derived.key!r}", file=display, line=line, rule_id=rule_id)
            if derived.value not in finding.values:
                raise RuleError(f"finding {derived.key!r} has no value {derived.value!r}; "
                                f"expected one of {', '.join(finding.values)}", file=display, line=line, rule_id=rule_id)
        elif derived.kind == "ground" and derived.key not in self.grounds:
            raise RuleError(f"unknown ground {derived.key!r}", file=display, line=line, rule_id=rule_id)
        elif derived.kind == "action" and derived.key not in self.actions:
            raise RuleError(f"unknown action {derived.key!r}", file=display, line=line, rule_id=rule_id)

    def _check(self, condition: Condition, schema: dict[str, FactType], display: str, rule_id: str,
               line: int | None) -> None:
        def fail(message: str) -> RuleError:
            return RuleError(message, file=display, line=line, rule_id=rule_id)

        if isinstance(condition, (AllOf, AnyOf)):
            for item in condition.items:
                self._check(item, schema, display, rule_id, line)
        elif isinstance(condition, Not):
            self._check(condition.item, schema, display, rule_id, line)
        elif isinstance(condition, Quantified):
            fact = schema.get(condition.collection)
            if fact is None or fact.kind != "collection" or fact.fields is None:
                raise fail(f"{condition.collection!r} is not a collection of the case model")
            if any(isinstance(n, (Derived, GroundTier, Setting)) for n in walk(condition.where)):
                raise fail("a 'where' condition tests the element's own fields; move conclusions outside it")
            self._check(condition.where, fact.fields, display, rule_id, line)
        elif isinstance(condition, Known):
            if condition.path not in schema:
                raise fail(f"the case model has no fact {condition.path!r}")
        elif isinstance(condition, Derived):
            self._check_derived(condition, display, rule_id, line)
        elif isinstance(condition, Setting):
            spec = self.parameters.get(condition.name)
            if spec is None:
                raise fail(f"unknown parameter {condition.name!r}")
            if not all(isinstance(v.value, bool) for v in spec.values):
                raise fail(f"'parameter: {condition.name}' needs a true/false parameter")
        elif isinstance(condition, GroundTier):
            if condition.tier not in {g.tier for g in self.grounds.values()}:
                raise fail(f"no ground has tier {condition.tier!r}")
        else:
            self._check_test(condition, schema, fail)

    def _check_test(self, test: FactTest, schema: dict[str, FactType], fail: Any) -> None:
        fact = schema.get(test.path)
        if fact is None:
            raise fail(f"the case model has no fact {test.path!r}")
        operand = test.value
        if isinstance(operand, ParamRef):
            if operand.name not in self.parameters:
                raise fail(f"unknown parameter {operand.name!r}")
            values = tuple(v.value for v in self.parameters[operand.name].values)
        else:
            values = operand if isinstance(operand, tuple) else (operand,)
        if fact.kind in ("collection", "object"):
            raise fail(f"{test.path!r} is a {fact.kind}; test its parts, or use some/every/none")
        if fact.kind == "list":
            if test.op not in ("contains", "contains_any"):
                raise fail(f"{test.path!r} is a list; use 'contains' or 'contains_any'")
        elif test.op in ("contains", "contains_any"):
            raise fail(f"'{test.op}' needs a list, and {test.path!r} is not one")
        if test.op in ORDER_OPERATORS and fact.kind != "integer":
            raise fail(f"'{test.op}' compares numbers, and {test.path!r} is not a number")
        for value in values:
            if fact.kind == "boolean" and not isinstance(value, bool):
                raise fail(f"{test.path!r} is true/false; found {value!r}")
            if fact.kind == "integer" and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise fail(f"{test.path!r} is a number; found {value!r}")
            if fact.values is not None and value not in fact.values:
                raise fail(f"{value!r} is not a possible value of {test.path!r}; expected one of "
                           f"{', '.join(fact.values)}")
        if test.op in LIST_OPERATORS and not isinstance(operand, (tuple, ParamRef)):
            raise fail(f"'{test.op}' takes a list")

    def _expand_tiers(self, condition: Condition, display: str, rule_id: str, line: int | None) -> Condition:
        if isinstance(condition, GroundTier):
            members = sorted(g for g, spec in self.grounds.items() if spec.tier == condition.tier)
            return AnyOf(tuple(Derived("ground", g, GROUND_VALUE) for g in members))
        if isinstance(condition, AllOf):
            return AllOf(tuple(self._expand_tiers(i, display, rule_id, line) for i in condition.items))
        if isinstance(condition, AnyOf):
            return AnyOf(tuple(self._expand_tiers(i, display, rule_id, line) for i in condition.items))
        if isinstance(condition, Not):
            return Not(self._expand_tiers(condition.item, display, rule_id, line))
        return condition

    # ordering and precedence ---------------------------------------------------

    def _order(
        self, built: list[tuple[RuleSpec, Condition, tuple[Derived, ...], str, int]]
    ) -> tuple[list[Rule], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        producers: dict[str, list[str]] = {}
        for spec, _, conclusions, _, _ in built:
            for derived in conclusions:
                producers.setdefault(derived.name, []).append(spec.id)
        # Precedence is transitive: a rule that prevails over one that prevails over a third prevails over it too.
        beats = _transitive({spec.id: set(spec.overrides) for spec, *_ in built})
        overriders: dict[str, list[str]] = {}
        for spec, *_ in built:
            for target in sorted(beats.get(spec.id, set())):
                overriders.setdefault(target, []).append(spec.id)
        depends: dict[str, set[str]] = {}
        for spec, condition, *_ in built:
            needed = {n.name for n in _derived_in(condition)}
            depends[spec.id] = {p for name in needed for p in producers.get(name, [])} | set(overriders.get(spec.id, []))
        strata: dict[str, int] = {}
        visiting: list[str] = []

        def stratum(rule_id: str) -> int:
            if rule_id in strata:
                return strata[rule_id]
            if rule_id in visiting:
                cycle = visiting[visiting.index(rule_id):] + [rule_id]
                raise RuleError("rules depend on each other in a cycle: " + " -> ".join(cycle), rule_id=rule_id)
            visiting.append(rule_id)
            level = 1 + max((stratum(d) for d in sorted(depends[rule_id])), default=-1)
            visiting.pop()
            strata[rule_id] = level
            return level

        rules = []
        for index, (spec, condition, conclusions, display, line) in enumerate(built):
            try:
                level = stratum(spec.id)
            except RuleError as exc:
                self.errors.append(RuleError(exc.message, file=display, line=line, rule_id=spec.id))
                return [], {}, {}
            rules.append((level, index, Rule(spec, condition, conclusions, display, line, level)))
        rules.sort(key=lambda item: (item[0], item[1]))
        return (
            [rule for _, _, rule in rules],
            {name: tuple(ids) for name, ids in producers.items()},
            {name: tuple(ids) for name, ids in overriders.items()},
        )

    def _check_conflicts(self, rules: list[Rule], overriders: dict[str, tuple[str, ...]]) -> None:
        beats = _transitive({r.id: set(r.spec.overrides) for r in rules})
        findings = [(r, d) for r in rules for d in r.conclusions if d.kind == "finding"]
        for i, (first, a) in enumerate(findings):
            for second, b in findings[i + 1:]:
                if a.key != b.key or a.value == b.value or first.id == second.id:
                    continue
                if second.id in beats[first.id] or first.id in beats[second.id]:
                    continue
                if _disjoint(first.condition, second.condition):
                    continue
                self.errors.append(RuleError(
                    f"concludes {a.key}={a.value} while rule {second.id} ({second.file}) concludes "
                    f"{b.key}={b.value}, and neither overrides the other nor are their conditions exclusive; "
                    "declare which prevails with 'overrides'",
                    file=first.file, line=first.line, rule_id=first.id))


def _derived_in(condition: Condition) -> Iterable[Derived]:
    if isinstance(condition, Derived):
        yield condition
    elif isinstance(condition, (AllOf, AnyOf)):
        for item in condition.items:
            yield from _derived_in(item)
    elif isinstance(condition, Not):
        yield from _derived_in(condition.item)
    elif isinstance(condition, Quantified):
        yield from _derived_in(condition.where)


def _transitive(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    closure: dict[str, set[str]] = {}

    def reach(node: str, seen: set[str]) -> set[str]:
        if node in closure:
            return closure[node]
        found: set[str] = set()
        for nxt in graph.get(node, set()):
            if nxt not in seen:
                found |= {nxt} | reach(nxt, seen | {nxt})
        closure[node] = found
        return found

    for node in graph:
        reach(node, {node})
    return closure


def _conjuncts(condition: Condition) -> list[Condition]:
    if isinstance(condition, AllOf):
        return [c for item in condition.items for c in _conjuncts(item)]
    return [condition]


def _disjoint(first: Condition, second: Condition) -> bool:
    """Whether two conditions plainly cannot both hold.

    True when a top-level test of one contradicts a top-level test of the other, or when
    every alternative of a top-level ``any`` of one contradicts the other.
    """
    for x, y in ((first, second), (second, first)):
        for part in _conjuncts(x):
            if isinstance(part, AnyOf) and _path_values(part) is None and _finding_values(part) is None \
                    and all(_disjoint(option, y) for option in part.items):
                return True
    for a in _conjuncts(first):
        for b in _conjuncts(second):
            if a == Not(b) or b == Not(a):
                return True
            if isinstance(a, Quantified) and isinstance(b, Quantified) and {a.kind, b.kind} == {"some", "none"} \
                    and (a.collection, a.where) == (b.collection, b.where):
                return True
            if isinstance(a, Known) and isinstance(b, Known) and a.path == b.path and a.known != b.known:
                return True
            pa, pb = _path_values(a), _path_values(b)
            if pa and pb and pa[0] == pb[0] and not (pa[1] & pb[1]):
                return True
            fa, fb = _finding_values(a), _finding_values(b)
            if fa and fb and fa[0] == fb[0] and not (fa[1] & fb[1]):
                return True
            if isinstance(a, FactTest) and isinstance(b, FactTest) and a.path == b.path \
                    and _tests_exclusive(a, b):
                return True
    return False


_UNKNOWN = object()
"""Stands for 'the fact is unknown' among the values a condition allows."""


def _path_values(condition: Condition) -> tuple[str, set[Any]] | None:
    """``(path, values)`` if the condition allows only ``values`` of one fact (``_UNKNOWN`` included)."""
    options = condition.items if isinstance(condition, AnyOf) else (condition,)
    found: dict[str, set[Any]] = {}
    for option in options:
        if isinstance(option, Known) and not option.known:
            found.setdefault(option.path, set()).add(_UNKNOWN)
        elif isinstance(option, FactTest) and (allowed := _allowed(option)) is not None:
            found.setdefault(option.path, set()).update(allowed)
        else:
            return None
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def _finding_values(condition: Condition) -> tuple[str, set[str]] | None:
    """``(key, values)`` if the condition says a finding has one of ``values`` (a finding holds one value)."""
    options = condition.items if isinstance(condition, AnyOf) else (condition,)
    if not all(isinstance(o, Derived) and o.kind == "finding" for o in options):
        return None
    keys = {o.key for o in options if isinstance(o, Derived)}
    if len(keys) != 1:
        return None
    return keys.pop(), {o.value for o in options if isinstance(o, Derived)}


def _allowed(test: FactTest) -> set[Any] | None:
    if isinstance(test.value, ParamRef):
        return None
    if test.op == "is":
        return {test.value}
    if test.op == "in" and isinstance(test.value, tuple):
        return set(test.value)
    return None


_COMPLEMENTS = {("gte", "lt"), ("lt", "gte"), ("gt", "lte"), ("lte", "gt"), ("is", "is_not"), ("is_not", "is"),
                ("in", "not_in"), ("not_in", "in")}


def _tests_exclusive(a: FactTest, b: FactTest) -> bool:
    if a.value == b.value and (a.op, b.op) in _COMPLEMENTS:
        return True
    allowed_a, allowed_b = _allowed(a), _allowed(b)
    if allowed_a is not None and allowed_b is not None:
        return not (allowed_a & allowed_b)
    for x, y in ((a, b), (b, a)):
        allowed = _allowed(x)
        if allowed is not None and y.op in ("is_not", "not_in") and not isinstance(y.value, ParamRef):
            excluded = set(y.value) if isinstance(y.value, tuple) else {y.value}
            if allowed <= excluded:
                return True
    return False
