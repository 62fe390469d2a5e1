"""The durable_rules engine: rule specs compiled to durable_rules rulesets.

This is the only module that imports ``durable``. How it stays safe and exact:

* **Facts, not events.** A case is asserted as facts: one case fact holding the paths the
  rules test, and one fact per element of each collection the rules quantify over
  (asserted first). Every rule that applies, or is found certainly not to apply, asserts
  a derived fact that later rules join on (forward chaining).
* **Three values without engine negation on derived facts.** A rule fires when its
  condition is *certainly true*; each condition is also compiled to "certainly false", so
  ``not x`` is "x is certainly false", a test of an unknown (absent) fact matches neither,
  and "conclusion C does not hold" is "every rule concluding C certainly does not apply".
  The only negated patterns are over collection elements, which are input facts asserted
  before anything that could match (durable's negation is not retroactive).
* **Only the operators that work.** Inside ``$iany``/``$iall`` durable evaluates ``$or``
  wrongly (only the last operand counts), and deeply nested expressions hit its
  32-expression limit, so conditions are put in disjunctive normal form (one durable rule
  per disjunct), and collection tests are joins on element facts instead.
* **A host without timer threads**, one fixed session per evaluation, deleted in
  ``finally`` (durable caps live sessions at 1024); catch-all rules so that no fact is
  ever unmatched (durable crashes deleting a session holding an unmatched fact);
  exceptions raised in actions, which durable swallows, are collected and re-raised.
* Compiled rulesets are registered once per (rule set, rules in force, parameters) and
  reused: durable cannot unregister a ruleset.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from durable import engine as durable_engine

from .conditions import AllOf, AnyOf, Condition, Derived, FactTest, Known, Not, Quantified, Setting
from .errors import EngineError
from .logic import lookup, resolve
from .reference import Evaluation
from .ruleset import Rule, RuleSet

VERSION = "2.0.28"
SESSION = "1"
COUNT = "__count"
"""Suffix of the key holding a list's length (durable cannot test for an empty list)."""
ELEMENT = "v."
"""Element fields sit under this key in element facts, clear of the engine's own keys."""
MAX_TERMS = 512

Expr = dict[str, Any]
Mode = Literal["true", "false", "not_true", "not_false"]
"""certainly true / certainly false / not certainly true / not certainly false."""


@dataclass(frozen=True)
class ElementTest:
    """Some element of ``collection`` matches ``expr`` (or, ``negated``, none does)."""

    collection: str
    expr: Expr
    negated: bool

    def key(self) -> tuple[str, str, bool]:
        return self.collection, repr(self.expr), self.negated


@dataclass(frozen=True)
class Term:
    """A conjunction: tests on the case fact, derived facts, and element tests."""

    case: tuple[Expr, ...] = ()
    derived: frozenset[str] = frozenset()
    elements: tuple[ElementTest, ...] = ()

    def __and__(self, other: Term) -> Term:
        return Term(self.case + other.case, self.derived | other.derived, self.elements + other.elements)

    def key(self) -> tuple[Any, ...]:
        return (tuple(repr(e) for e in self.case), tuple(sorted(self.derived)),
                tuple(e.key() for e in self.elements))


DNF = list[Term]
TRUE: DNF = [Term()]
FALSE: DNF = []

_OPPOSITE: dict[Mode, Mode] = {"true": "false", "false": "true", "not_true": "not_false", "not_false": "not_true"}
_CONJUNCTIVE_FOR_ALL = {"true", "not_false"}
"""Modes in which ``all`` stays a conjunction (in the others it becomes a disjunction)."""


class _EmbeddedHost(durable_engine.Host):  # type: ignore[misc]
    """A durable host that never runs actions from background timer threads."""

    def _run(self) -> None:
        """Disable the timer loop: actions run only inside our own calls."""


def _and(*dnfs: DNF) -> DNF:
    result = TRUE
    for dnf in dnfs:
        result = _unique([a & b for a, b in itertools.product(result, dnf)])
        if len(result) > MAX_TERMS:
            raise EngineError("a rule's condition is too complex to compile for durable_rules")
    return result


def _or(*dnfs: DNF) -> DNF:
    return _unique([term for dnf in dnfs for term in dnf])


def _unique(dnf: DNF) -> DNF:
    seen: dict[tuple[Any, ...], Term] = {}
    for term in dnf:
        seen.setdefault(term.key(), term)
    return list(seen.values())


def _one_of(options: list[Expr], joiner: str) -> Expr:
    return options[0] if len(options) == 1 else {joiner: options}


class _Compiler:
    """Compiles the rules in force to durable rule definitions."""

    def __init__(self, ruleset: RuleSet, in_force: frozenset[str], parameters: Mapping[str, Any]) -> None:
        self.ruleset = ruleset
        self.in_force = in_force
        self.parameters = parameters

    # single expressions over one fact ---------------------------------------------------

    def expr(self, condition: Condition, mode: Mode, prefix: str) -> Expr:
        """A durable expression over one fact matching when ``condition`` is in ``mode``."""
        if isinstance(condition, (AllOf, AnyOf)):
            parts = [self.expr(item, mode, prefix) for item in condition.items]
            conjunctive = isinstance(condition, AllOf) == (mode in _CONJUNCTIVE_FOR_ALL)
            return _one_of(parts, "$and" if conjunctive else "$or")
        if isinstance(condition, Not):
            return self.expr(condition.item, _OPPOSITE[mode], prefix)
        if isinstance(condition, Known):
            holds = condition.known == (mode in ("true", "not_false"))
            return {"$ex" if holds else "$nex": {prefix + condition.path: 1}}
        if isinstance(condition, FactTest):
            if mode in ("true", "false"):
                return self._test(condition, mode == "true", prefix)
            decided = self._test(condition, mode == "not_false", prefix)
            return {"$or": [decided, {"$nex": {prefix + condition.path: 1}}]}
        raise EngineError(f"cannot compile {condition!r} here for durable_rules")

    def _test(self, test: FactTest, want: bool, prefix: str) -> Expr:
        path = prefix + test.path
        value = resolve(test.value, self.parameters)
        if value is None:  # a parameter not in force: the test is never decided
            return {"$ex": {path + ".__parameter_not_in_force": 1}}
        op = test.op
        if op in ("is", "is_not"):
            return {path: value} if (op == "is") == want else {"$neq": {path: value}}
        if op in ("in", "not_in"):
            if (op == "in") == want:
                return _one_of([{path: v} for v in value], "$or")
            return _one_of([{"$neq": {path: v}} for v in value], "$and")
        if op in ("gt", "gte", "lt", "lte"):
            complement = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}
            return {"$" + (op if want else complement[op]): {path: value}}
        items = [value] if op == "contains" else list(value)
        if want:
            return _one_of([{"$iany": {path: {"$i": v}}} for v in items], "$or")
        misses = [{"$iall": {path: {"$neq": {"$i": v}}}} for v in items]
        return {"$or": [{path + COUNT: 0}, _one_of(misses, "$and")]}

    # whole conditions: disjunctive normal form ----------------------------------------

    def dnf(self, condition: Condition, want: bool) -> DNF:
        """Terms whose satisfaction makes ``condition`` certainly ``want``."""
        if isinstance(condition, Not):
            return self.dnf(condition.item, not want)
        if isinstance(condition, (AllOf, AnyOf)):
            parts = [self.dnf(item, want) for item in condition.items]
            return _and(*parts) if isinstance(condition, AllOf) == want else _or(*parts)
        if isinstance(condition, Derived):
            producers = self.ruleset.producers.get(condition.name, ())
            if want:
                return _or(*(self.applied(p) for p in producers))
            return _and(*(self.not_applied(p) for p in producers))
        if isinstance(condition, Quantified):
            return [self._quantified(condition, want)]
        if isinstance(condition, Setting):
            setting = self.parameters.get(condition.name)
            return TRUE if setting is not None and setting is want else FALSE
        return [Term(case=(self.expr(condition, "true" if want else "false", ""),))]

    def _quantified(self, condition: Quantified, want: bool) -> Term:
        some = want if condition.kind != "none" else not want
        if condition.kind == "every":  # every W == none (not W)
            return self._quantified(Quantified("none", condition.collection, Not(condition.where)), want)
        if some:
            return Term(elements=(ElementTest(condition.collection,
                                              self.expr(condition.where, "true", ELEMENT), False),))
        known = {"$ex": {condition.collection + COUNT: 1}}
        return Term(case=(known,), elements=(ElementTest(
            condition.collection, self.expr(condition.where, "not_false", ELEMENT), True),))

    def applied(self, rule_id: str) -> DNF:
        """The rule has been found to apply (a derived fact its action asserts)."""
        return [Term(derived=frozenset({_applied(rule_id)}))] if rule_id in self.in_force else FALSE

    def not_applied(self, rule_id: str) -> DNF:
        """The rule has been found certainly not to apply."""
        return [Term(derived=frozenset({_not_applied(rule_id)}))] if rule_id in self.in_force else TRUE

    def applies(self, rule: Rule) -> DNF:
        """Its condition is certainly true and every rule that could override it certainly does not apply."""
        return _and(self.dnf(rule.condition, True),
                    *(self.not_applied(o) for o in self.ruleset.overriders.get(rule.id, ())))

    def fails(self, rule: Rule) -> DNF:
        """Its condition is certainly false, or a rule overriding it applies."""
        return _or(self.dnf(rule.condition, False),
                   *(self.applied(o) for o in self.ruleset.overriders.get(rule.id, ())))


def _ignore(closure: Any) -> None:
    """The action of the catch-all rules."""


def _applied(rule_id: str) -> str:
    return f"applies:{rule_id}"


def _not_applied(rule_id: str) -> str:
    return f"fails:{rule_id}"


def _tests_case(term: Term) -> bool:
    """Whether the term needs a pattern on the case fact.

    A rule needs one positive pattern; a case pattern without tests would hang every such
    rule off one alpha node, and durable allows 256 rules per node.
    """
    return bool(term.case) or not (term.derived or any(not e.negated for e in term.elements))


def _patterns(term: Term) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    if _tests_case(term):
        patterns.append({"m": {"$and": [{"t": "c"}, *term.case]}})
    for index, name in enumerate(sorted(term.derived)):
        patterns.append({f"d{index}": {"$and": [{"t": "d"}, {"n": name}]}})
    for index, test in enumerate(term.elements):
        alias = f"e{index}$not" if test.negated else f"e{index}"
        patterns.append({alias: {"$and": [{"t": "e"}, {"coll": test.collection}, test.expr]}})
    return patterns


def _tested_paths(ruleset: RuleSet) -> tuple[set[str], dict[str, set[str]]]:
    """Case paths the rules test, and for each collection the element fields they test."""
    facts: set[str] = set()
    collections: dict[str, set[str]] = {}

    def visit(condition: Condition, collection: str | None) -> None:
        if isinstance(condition, (FactTest, Known)):
            (collections[collection] if collection else facts).add(condition.path)
        elif isinstance(condition, Quantified):
            collections.setdefault(condition.collection, set())
            visit(condition.where, condition.collection)
        elif isinstance(condition, (AllOf, AnyOf)):
            for item in condition.items:
                visit(item, collection)
        elif isinstance(condition, Not):
            visit(condition.item, collection)

    for rule in ruleset.rules:
        visit(rule.condition, None)
    return facts, collections


def _put(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = document
    for step in parents:
        node = node.setdefault(step, {})
    node[last] = value
    if isinstance(value, list):
        node[last + COUNT] = len(value)


def _facts(ruleset: RuleSet, facts: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Element facts first (negations over them must see them), then the case fact."""
    paths, collections = _tested_paths(ruleset)
    case: dict[str, Any] = {"t": "c", "id": "case", "sid": SESSION}
    elements: list[dict[str, Any]] = []
    for path in sorted(paths):
        value = lookup(facts, path)
        if value is not None:
            _put(case, path, value)
    for path in sorted(collections):
        items = lookup(facts, path)
        if items is None:
            continue
        _put(case, path + COUNT, len(items))
        for index, item in enumerate(items):
            fields: dict[str, Any] = {}
            for name in sorted(collections[path]):
                value = lookup(item, name)
                if value is not None:
                    _put(fields, name, value)
            elements.append({"t": "e", "coll": path, "id": f"{path}#{index}", "sid": SESSION,
                             ELEMENT.rstrip("."): fields})
    return [*elements, case]


@dataclass(frozen=True)
class _Stage:
    """One durable ruleset: a slice of the rules, in evaluation order."""

    name: str
    consumed: frozenset[str]
    """Derived facts its patterns join on: asserted at its start if already known, or when found."""


class DurableEngine:
    """Evaluates cases with durable_rules. One per process; calls are serialised.

    The rules are split into stages of at most :data:`STAGE_CASE_PATTERNS` case patterns:
    durable walks the alpha branches a fact matches on a 64-entry stack, so one ruleset
    with every rule overflows it. Stages run in evaluation order; what earlier stages
    found is asserted into later ones.
    """

    label = f"durable_rules {VERSION}"
    _shared: DurableEngine | None = None

    def __init__(self) -> None:
        self._host = _EmbeddedHost()
        self._lock = threading.Lock()
        self._compiled: dict[tuple[Any, ...], tuple[_Stage, ...]] = {}
        self._stage: _Stage | None = None
        self._fired: list[str] = []
        self._asserted: set[str] = set()
        self._errors: list[BaseException] = []

    @classmethod
    def shared(cls) -> DurableEngine:
        """The process-wide engine (durable rulesets cannot be unregistered, so they are shared)."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def fired(self, ruleset: RuleSet, evaluation: Evaluation) -> list[str]:
        """Ids of the rules durable_rules fires on the evaluated case, in the rule set's order.

        Only the case's facts, parameters and rules in force are taken from ``evaluation``.
        """
        with self._lock:
            stages = self._compile(ruleset, evaluation.in_force, evaluation.parameters)
            inputs = _facts(ruleset, evaluation.facts)
            self._fired, self._asserted, self._errors = [], set(), []
            for stage in stages:
                known = [{"t": "d", "n": n, "id": n, "sid": SESSION} for n in sorted(self._asserted & stage.consumed)]
                self._run(stage, [*inputs, *known])
            fired = set(self._fired)
        return [rule.id for rule in ruleset.rules if rule.id in fired]

    def _run(self, stage: _Stage, facts: list[dict[str, Any]]) -> None:
        self._stage = stage
        deletable = True
        try:
            self._host.assert_facts(stage.name, facts)
        except durable_engine.MessageNotHandledException as exc:
            deletable = False  # durable crashes deleting such a session; the catch-all rules prevent it
            raise EngineError("durable_rules left a fact unhandled") from exc
        except Exception as exc:
            raise EngineError(f"durable_rules failed: {exc}") from exc
        finally:
            self._stage = None
            if deletable:
                self._host.delete_state(stage.name, SESSION)
        if self._errors:
            raise EngineError(f"a durable_rules action failed: {self._errors[0]!r}") from self._errors[0]

    def _compile(self, ruleset: RuleSet, in_force: frozenset[str],
                 parameters: Mapping[str, Any]) -> tuple[_Stage, ...]:
        key = (ruleset.content_hash, in_force, tuple(sorted(parameters.items())))
        if key not in self._compiled:
            self._compiled[key] = tuple(self._register(_definitions(_Compiler(ruleset, in_force, parameters), ruleset,
                                                                    in_force, self._action)))
        return self._compiled[key]

    def _register(self, stages: list[dict[str, Any]]) -> list[_Stage]:
        registered: list[_Stage] = []
        for definitions in stages:
            name = f"msp{id(self)}_{len(self._compiled)}_{len(registered)}"
            consumed = frozenset(n for d in definitions.values() for p in d["all"] for v in p.values()
                                 for n in _joined_names(v))
            definitions.update({f"_{kind}": {"all": [{"m": {"t": kind}}], "run": _ignore} for kind in ("c", "e", "d")})
            self._host.register_rulesets({name: definitions})
            registered.append(_Stage(name, consumed))
        return registered

    def _action(self, rule_id: str, applies: bool) -> Any:
        name = _applied(rule_id) if applies else _not_applied(rule_id)

        def run(closure: Any) -> None:
            try:
                if self._stage is None or name in self._asserted:
                    return
                self._asserted.add(name)
                if applies:
                    self._fired.append(rule_id)
                if name in self._stage.consumed:
                    closure.assert_fact({"t": "d", "n": name, "id": name})
            except BaseException as exc:  # durable would swallow it
                self._errors.append(exc)

        return run


STAGE_CASE_PATTERNS = 40


def _joined_names(pattern: Any) -> list[str]:
    """The derived-fact name a pattern joins on, if it is a derived-fact pattern."""
    tests = pattern.get("$and", []) if isinstance(pattern, dict) else []
    if {"t": "d"} in tests:
        return [t["n"] for t in tests if "n" in t]
    return []


def _definitions(compiler: _Compiler, ruleset: RuleSet, in_force: frozenset[str],
                 action: Any) -> list[dict[str, Any]]:
    """Durable rule definitions for the rules in force, split into stages."""
    active = [rule for rule in ruleset.rules if rule.id in in_force]
    applies = {rule.id: compiler.applies(rule) for rule in active}
    needed = {name for terms in applies.values() for term in terms for name in term.derived}
    fails: dict[str, DNF] = {}
    for rule in reversed(active):  # a rule's "does not apply" fact is only compiled if something joins on it
        if _not_applied(rule.id) in needed:
            fails[rule.id] = compiler.fails(rule)
            needed |= {name for term in fails[rule.id] for name in term.derived}
    stages: list[dict[str, Any]] = [{}]
    rooted = 0
    for rule in active:
        for kind, terms in (("+", applies[rule.id]), ("-", fails.get(rule.id, []))):
            for index, term in enumerate(terms):
                if _tests_case(term):
                    if rooted == STAGE_CASE_PATTERNS:
                        stages.append({})
                        rooted = 0
                    rooted += 1
                stages[-1][f"{rule.id}{kind}{index}"] = {
                    "pri": rule.stratum, "dist": 0, "all": _patterns(term), "run": action(rule.id, kind == "+")}
    return [stage for stage in stages if stage]
