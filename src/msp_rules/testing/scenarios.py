"""Scenario files: a case and the outcomes the law expects, run on every engine.

A scenario file is YAML with a ``scenarios`` list (the format is in ``docs/testing.md``).
:func:`load_scenarios` validates files and their cases (errors name the file, line and
scenario id); :func:`check_scenarios` checks every expectation against a rule set, so a
misspelt finding, value, ground, action, rule id or fact path is an error rather than a
check that silently passes; :func:`run_scenarios` decides each case on each engine and
compares. Nothing here raises for a failing expectation: failures are data.
"""

from __future__ import annotations

import json
import re
from difflib import get_close_matches
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._yaml import LocatedDict, line_of, load_yaml
from ..api import decide, parse_case
from ..case import Case
from ..conditions import ACTION_VALUE, GROUND_VALUE, Derived
from ..decision import Decision
from ..engines import EngineName, durable_available
from ..errors import CaseValidationError, MspRulesError, RuleError
from ..facts import fact_schema, is_fact_path
from ..logic import Tri
from ..reference import Evaluation, evaluate_case
from ..ruleset import RuleSet
from ._defaults import DEFAULT_AS_AT

UNDETERMINED = "undetermined"
NOT_REACHED = "not_reached"
ABSENT = "absent"
SCENARIO_SUFFIXES = (".yaml", ".yml")


# -- the format ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expectations(_Strict):
    """What a scenario expects of the Decision; every key is optional."""

    provisional: bool | None = None
    answers: dict[str, str] = Field(
        default={}, description="Finding key -> its value (established or default), 'undetermined' or 'not_reached'.")
    grounds: dict[str, Literal["applies", "undetermined", "absent"]] = {}
    actions: dict[str, Literal["required", "possibly_required", "absent"]] = {}
    fired: list[str] = Field(default=[], description="Rules that must apply.")
    not_fired: list[str] = Field(default=[], description="Rules that must not apply.")
    information_needed: list[str] = Field(
        default=[], description="Fact paths (without [i] indexes) that must be listed as information needed.")
    citations: list[str] = Field(
        default=[], description="Text found in 'instrument provision' of a citation of some rule that applied.")


class Scenario(_Strict):
    """One case and what the law expects of it."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", description="Unique across all scenario files.")
    title: str = Field(min_length=1)
    source: str | None = Field(default=None, description="Where the scenario comes from (e.g. 'domain.md T01').")
    description: str | None = Field(default=None, description="Longer notes for reviewers.")
    tags: list[str] = []
    as_at: date | None = Field(default=None, description=f"Evaluation date (default {DEFAULT_AS_AT.isoformat()}).")
    parameters: dict[str, int | float | str | bool] = Field(
        default={}, description="Rule parameters set for this scenario only (a local configuration).")
    case: dict[str, Any] | None = None
    case_file: str | None = Field(default=None, description="JSON or YAML case, relative to the scenario file.")
    expect: Expectations = Expectations()


class _ScenarioFile(_Strict):
    scenarios: list[dict[str, Any]] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with its case and where it was written."""

    spec: Scenario
    case: Case
    file: str
    line: int | None
    node: Any = field(default=None, repr=False, compare=False)
    """The scenario as read from YAML (keeps line numbers of its expectations)."""

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def as_at(self) -> date:
        return self.spec.as_at or DEFAULT_AS_AT

    def line_of(self, *path: Any) -> int | None:
        """The line of a part of this scenario, e.g. ``("expect", "answers", "s42_enquiry")``."""
        return line_of(self.node, path) if self.node is not None else self.line

    @property
    def location(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """Something wrong with a scenario file, located."""

    message: str
    file: str
    line: int | None = None
    scenario: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: " + (f"scenario {self.scenario}: " if self.scenario else "") + self.message


class ScenarioError(MspRulesError):
    """Scenario files are invalid (bad YAML, bad case, unknown expectation); ``problems`` lists each."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("invalid scenarios:\n" + "\n".join(f"  {p}" for p in self.problems))


# -- loading ------------------------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Scenario files: the files given, and every ``*.yaml``/``*.yml`` below the directories given."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SCENARIO_SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem("no such file or directory", file=str(path)))
    if problems:
        raise ScenarioError(problems)
    return found


def load_scenarios(*paths: str | Path) -> list[LoadedScenario]:
    """Load and validate scenario files (directories are searched); all problems are reported at once."""
    loaded: list[LoadedScenario] = []
    problems: list[Problem] = []
    for path in discover(paths):
        items, file_problems = load_file(path)
        loaded.extend(items)
        problems.extend(file_problems)
    first: dict[str, LoadedScenario] = {}
    for item in loaded:
        if item.id in first:
            problems.append(Problem(f"duplicate scenario id (first defined at {first[item.id].location})",
                                    file=item.file, line=item.line, scenario=item.id))
        else:
            first.setdefault(item.id, item)
    if problems:
        raise ScenarioError(problems)
    return loaded


def load_file(path: Path) -> tuple[list[LoadedScenario], list[Problem]]:
    """The valid scenarios of one file, and the problems of the others."""
    display = str(path)
    try:
        data = load_yaml(path, display)
    except RuleError as exc:
        return [], [Problem(exc.message, file=display, line=exc.line)]
    if not isinstance(data, dict):
        return [], [Problem("a scenario file is a mapping with a 'scenarios:' list", file=display, line=1)]
    try:
        _ScenarioFile.model_validate(data)
    except ValidationError as exc:
        return [], _validation_problems(exc, display, data, ())
    loaded: list[LoadedScenario] = []
    problems: list[Problem] = []
    for index, node in enumerate(data["scenarios"]):
        scenario_id = node.get("id") if isinstance(node, dict) and isinstance(node.get("id"), str) else None
        at = ("scenarios", index)
        try:
            spec = Scenario.model_validate(node)
        except ValidationError as exc:
            problems.extend(_validation_problems(exc, display, data, at, scenario_id))
            continue
        try:
            case = _case(spec, node, path)
        except _CaseProblem as problem:
            problems.append(Problem(problem.message, file=display, line=problem.line or line_of(data, at),
                                    scenario=spec.id))
            continue
        loaded.append(LoadedScenario(spec, case, display, line_of(data, at), node))
    return loaded, problems


class _CaseProblem(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        self.message, self.line = message, line


def _case(spec: Scenario, node: LocatedDict, path: Path) -> Case:
    if (spec.case is None) == (spec.case_file is None):
        raise _CaseProblem("give exactly one of 'case' and 'case_file'")
    if spec.case is not None:
        prefix: tuple[Any, ...] = ("case",)
        data, root = spec.case, node
    else:
        assert spec.case_file is not None
        case_path = path.parent / spec.case_file
        data, root, prefix = _read_case_file(case_path, line_of(node, ("case_file",))), None, ()
    try:
        return parse_case(data)
    except CaseValidationError as exc:
        lines = []
        first_line = None
        for field_path, message in exc.problems:
            steps = tuple(int(s) if s.isdigit() else s for s in field_path.split("."))
            line = line_of(root, prefix + steps) if root is not None else None
            first_line = first_line or line
            lines.append(f"case field {field_path}: {message}" + (f" (line {line})" if line else ""))
        where = "" if root is not None else f" in {spec.case_file}"
        raise _CaseProblem(f"invalid case{where}: " + "; ".join(lines), first_line or line_of(node, prefix)) from exc


def _read_case_file(path: Path, line: int | None) -> Any:
    if not path.is_file():
        raise _CaseProblem(f"case_file {path} does not exist", line)
    if path.suffix in SCENARIO_SUFFIXES:
        try:
            return load_yaml(path, str(path))
        except RuleError as exc:
            raise _CaseProblem(f"case_file {exc}", line) from exc
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _CaseProblem(f"case_file {path} is not readable JSON: {exc}", line) from exc


def _validation_problems(exc: ValidationError, file: str, data: Any, prefix: tuple[Any, ...],
                         scenario: str | None = None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        where = ".".join(str(p) for p in error["loc"]) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        problems.append(Problem(f"{where}: {message}", file=file, line=line_of(data, loc), scenario=scenario))
    return problems


# -- checking expectations against a rule set ---------------------------------------------


def check_scenarios(scenarios: Sequence[LoadedScenario], ruleset: RuleSet) -> None:
    """Raise :class:`ScenarioError` if any expectation names something the rule set lacks."""
    problems = [problem for scenario in scenarios for problem in _unknown_names(scenario, ruleset)]
    if problems:
        raise ScenarioError(problems)


def _unknown_names(scenario: LoadedScenario, ruleset: RuleSet) -> list[Problem]:
    expect = scenario.spec.expect
    rule_ids = {rule.id for rule in ruleset.rules}
    citations = [_citation_text(c) for rule in ruleset.rules for c in rule.spec.citations]
    problems: list[Problem] = []

    def problem(message: str, *path: Any) -> None:
        problems.append(Problem(message, file=scenario.file, line=scenario.line_of("expect", *path),
                                scenario=scenario.id))

    for key, value in expect.answers.items():
        finding = ruleset.findings.get(key)
        if finding is None:
            problem(f"answers: no finding {key!r}{_suggest(key, ruleset.findings)}", "answers", key)
        elif value not in finding.values and value not in (UNDETERMINED, NOT_REACHED):
            problem(f"answers.{key}: {value!r} is not a value of {key}; expected one of "
                    f"{', '.join([*finding.values, UNDETERMINED, NOT_REACHED])}", "answers", key)
    for section, known in (("grounds", ruleset.grounds), ("actions", ruleset.actions)):
        for key in getattr(expect, section):
            if key not in known:
                problem(f"{section}: no {section[:-1]} {key!r}{_suggest(key, known)}", section, key)
    for section in ("fired", "not_fired"):
        for index, rule_id in enumerate(getattr(expect, section)):
            if rule_id not in rule_ids:
                problem(f"{section}: no rule {rule_id!r}{_suggest(rule_id, rule_ids)}", section, index)
    for index, fact_path in enumerate(expect.information_needed):
        if not is_fact_path(fact_path):
            problem(f"information_needed: the case model has no fact {fact_path!r}", "information_needed", index)
    for index, text in enumerate(expect.citations):
        if not any(text in citation for citation in citations):
            problem(f"citations: no rule cites {text!r}", "citations", index)
    try:
        ruleset.with_parameters(scenario.spec.parameters)
    except MspRulesError as exc:
        problems.append(Problem(f"parameters: {exc}", file=scenario.file, line=scenario.line_of("parameters"),
                                scenario=scenario.id))
    return problems


def _suggest(name: str, known: Iterable[str]) -> str:
    by_lower = {k.lower(): k for k in known}
    close = get_close_matches(name.lower(), list(by_lower), n=1)
    return f" (did you mean {by_lower[close[0]]!r}?)" if close else ""


def _citation_text(citation: Any) -> str:
    return f"{citation.instrument} {citation.provision}"


# -- running ------------------------------------------------------------------------------


def available_engines() -> list[EngineName]:
    """The engines every scenario runs on here: the reference engine, and durable_rules where installed."""
    return ["reference", "durable"] if durable_available() else ["reference"]


@dataclass(frozen=True)
class Failure:
    """One broken expectation: what was expected, what the Decision says, and why."""

    expectation: str
    expected: str
    actual: str
    line: int | None = None
    why: tuple[str, ...] = ()
    """Trace lines: the rules behind the actual value and why the expected one did not hold."""


@dataclass(frozen=True)
class ScenarioResult:
    """The outcome of one scenario on one engine."""

    scenario: LoadedScenario
    engine: str
    failures: tuple[Failure, ...]
    outcomes: dict[str, Tri] = field(default_factory=dict, repr=False)
    """Rule id -> whether it applied (reference semantics), for coverage; rules not in force are absent."""
    error: str | None = None
    """The engine failed (e.g. it disagrees with the reference semantics)."""

    @property
    def passed(self) -> bool:
        return not self.failures and self.error is None


def run_scenario(scenario: LoadedScenario, ruleset: RuleSet, engine: EngineName) -> ScenarioResult:
    """Decide the scenario's case on ``engine`` and compare with its expectations."""
    if scenario.spec.parameters:
        ruleset = ruleset.with_parameters(scenario.spec.parameters)
    evaluation = evaluate_case(ruleset, scenario.case, scenario.as_at)
    outcomes = {rule_id: o.value for rule_id, o in evaluation.outcomes.items() if o.in_force}
    try:
        decision = decide(scenario.case, ruleset, engine=engine, as_at=scenario.as_at)
    except MspRulesError as exc:
        return ScenarioResult(scenario, engine, (), outcomes, error=f"{type(exc).__name__}: {exc}")
    failures = _Comparison(scenario, ruleset, decision, evaluation).failures()
    return ScenarioResult(scenario, engine, tuple(failures), outcomes)


def run_scenarios(scenarios: Sequence[LoadedScenario], ruleset: RuleSet,
                  engines: Sequence[EngineName] | None = None) -> list[ScenarioResult]:
    """Every scenario on every engine (by default :func:`available_engines`), after :func:`check_scenarios`."""
    check_scenarios(scenarios, ruleset)
    return [run_scenario(s, ruleset, e) for s in scenarios for e in (engines or available_engines())]


def answer_value(decision: Decision, key: str) -> str:
    """An answer as a scenario states it: its value, or ``undetermined`` / ``not_reached``."""
    answer = decision.answer(key)
    if answer.status == "undetermined":
        return UNDETERMINED
    if answer.status == "not_reached" or answer.value is None:
        return NOT_REACHED
    return answer.value


class _Comparison:
    """Compares one Decision with one scenario's expectations and explains each difference."""

    def __init__(self, scenario: LoadedScenario, ruleset: RuleSet, decision: Decision,
                 evaluation: Evaluation) -> None:
        self.scenario, self.ruleset, self.decision, self.evaluation = scenario, ruleset, decision, evaluation
        self.expect = scenario.spec.expect
        self.found: list[Failure] = []

    def failures(self) -> list[Failure]:
        self._provisional()
        self._answers()
        self._statuses("grounds", {g.id: g.status for g in self.decision.grounds}, "ground", GROUND_VALUE)
        self._statuses("actions", {a.id: a.status for a in self.decision.required_actions}, "action", ACTION_VALUE)
        self._fired()
        self._information_needed()
        self._citations()
        return self.found

    def fail(self, expectation: str, expected: str, actual: str, path: tuple[Any, ...], why: Iterable[str]) -> None:
        self.found.append(Failure(expectation, expected, actual, self.scenario.line_of("expect", *path), tuple(why)))

    def _provisional(self) -> None:
        expected = self.expect.provisional
        if expected is not None and expected != self.decision.provisional:
            needed = [f"information needed: {item.path}" for item in self.decision.information_needed[:8]]
            self.fail("provisional", str(expected).lower(), str(self.decision.provisional).lower(),
                      ("provisional",), needed or ["nothing is listed as information needed"])

    def _answers(self) -> None:
        for key, expected in self.expect.answers.items():
            actual = answer_value(self.decision, key)
            if actual == expected:
                continue
            answer = self.decision.answer(key)
            why = [line for rule in answer.rules for line in self._rule_lines(rule)]
            if actual == UNDETERMINED:
                why += self._waiting(answer.rules)
            if expected not in (UNDETERMINED, NOT_REACHED):
                why += self._why_not(Derived("finding", key, expected))
            elif expected == NOT_REACHED:
                why.append("no rule may conclude an answer to it for the expectation to hold")
            self.fail(f"answers.{key}", expected, actual, ("answers", key), why)

    def _statuses(self, section: str, actual: dict[str, str], kind: Literal["ground", "action"], value: str) -> None:
        for key, expected in getattr(self.expect, section).items():
            found = actual.get(key, ABSENT)
            if found == expected:
                continue
            rules = self.ruleset.producers.get(Derived(kind, key, value).name, ())
            why = [line for rule in rules if self.evaluation.outcomes[rule].value == Tri.TRUE
                   for line in self._rule_lines(rule)]
            if found == "undetermined" or found == "possibly_required":
                why += self._waiting(list(rules))
            if expected not in (ABSENT,):
                why += self._why_not(Derived(kind, key, value))
            self.fail(f"{section}.{key}", expected, found, (section, key), why)

    def _fired(self) -> None:
        fired = self.decision.fired()
        for index, rule_id in enumerate(self.expect.fired):
            if rule_id not in fired:
                self.fail(f"fired {rule_id}", "fired", "not fired", ("fired", index), self._rule_not_applied(rule_id))
        for index, rule_id in enumerate(self.expect.not_fired):
            if rule_id in fired:
                self.fail(f"not_fired {rule_id}", "not fired", "fired", ("not_fired", index), self._rule_lines(rule_id))

    def _information_needed(self) -> None:
        listed = sorted({re.sub(r"\[\d+\]", "", item.path) for item in self.decision.information_needed})
        for index, fact_path in enumerate(self.expect.information_needed):
            if fact_path not in listed:
                self.fail(f"information_needed {fact_path}", "listed", "not listed", ("information_needed", index),
                          [f"listed: {', '.join(listed) or '(nothing)'}"])

    def _citations(self) -> None:
        cited = sorted({_citation_text(c) for entry in self.decision.trace for c in entry.citations})
        for index, text in enumerate(self.expect.citations):
            if not any(text in citation for citation in cited):
                self.fail(f"citations {text!r}", "cited by a rule that applied", "not cited", ("citations", index),
                          [f"cited: {'; '.join(cited) or '(nothing: no rule applied)'}"])

    # explanations -----------------------------------------------------------------------

    def _rule_lines(self, rule_id: str) -> list[str]:
        """``RULE (title) applied, relying on: path = value, ...`` from the Decision's trace."""
        for entry in self.decision.trace:
            if entry.rule == rule_id:
                facts = ", ".join(f"{f.path} = {_show(f.value)}" for f in entry.facts)
                return [f"{rule_id} ({entry.title}) applied, relying on: {facts or '(no facts)'}"]
        outcome = self.evaluation.outcomes.get(rule_id)
        if outcome is not None and outcome.value == Tri.UNKNOWN:
            return [f"{rule_id} ({outcome.rule.spec.title}) is undetermined"]
        return []

    def _waiting(self, rules: Iterable[str]) -> list[str]:
        paths = sorted({item.path for item in self.decision.information_needed if set(item.rules) & set(rules)})
        return [f"waiting on unknown facts: {', '.join(paths)}"] if paths else []

    def _why_not(self, derived: Derived) -> list[str]:
        rules = self.ruleset.producers.get(derived.name, ())
        if not rules:
            return [f"no rule concludes {derived.name}"]
        return [line for rule in rules for line in self._rule_not_applied(rule)]

    def _rule_not_applied(self, rule_id: str) -> list[str]:
        outcome = self.evaluation.outcomes[rule_id]
        title = f"{rule_id} ({outcome.rule.spec.title})"
        if outcome.condition is None:
            return [f"{title} is not in force on {self.scenario.as_at.isoformat()}"]
        if outcome.value == Tri.TRUE:
            return [f"{title} applied"]
        if outcome.overridden_by:
            return [f"{title} was overridden by {', '.join(outcome.overridden_by)}"]
        if outcome.value == Tri.UNKNOWN:
            unknown = sorted({leaf.path for leaf in outcome.condition.unknown_leaves() if leaf.path})
            pending = f"; would be overridden if {', '.join(outcome.waiting_on)} applied" if outcome.waiting_on else ""
            return [f"{title} is undetermined, waiting on: {', '.join(unknown) or '(rules it overrides)'}{pending}"]
        unmet = ", ".join(f"{leaf.path} = {_show(leaf.fact if leaf.path and ':' not in leaf.path else 'false')}"
                          for leaf in outcome.condition.unmet())
        return [f"{title} did not apply: {unmet or 'its condition is false'}"]


def _show(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return str(value).lower()
    return json.dumps(value) if isinstance(value, (list, dict)) else str(value)


__all__ = [
    "ABSENT",
    "NOT_REACHED",
    "UNDETERMINED",
    "Expectations",
    "Failure",
    "LoadedScenario",
    "Problem",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "answer_value",
    "available_engines",
    "check_scenarios",
    "discover",
    "load_file",
    "load_scenarios",
    "run_scenario",
    "run_scenarios",
]
