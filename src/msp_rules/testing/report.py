"""Reports of a scenario run: readable text, JSON, and rule coverage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..logic import Tri
from ..ruleset import RuleSet
from .scenarios import ScenarioResult


@dataclass(frozen=True)
class RuleCoverage:
    """How often one rule applied, did not apply, or was undetermined across the scenarios."""

    rule: str
    file: str
    fired: int
    not_fired: int
    undetermined: int

    @property
    def both_ways(self) -> bool:
        """Some scenario made it apply and some made it not apply."""
        return self.fired > 0 and self.not_fired > 0


@dataclass(frozen=True)
class Coverage:
    """Rule coverage of a scenario run (by the reference semantics, which every engine must match).

    ``percent`` counts two outcomes per rule, *applies* and *does not apply*, and is the
    share of those outcomes some scenario produced; ``fired_percent`` is the share of
    rules some scenario made apply.
    """

    rules: tuple[RuleCoverage, ...]

    @classmethod
    def of(cls, ruleset: RuleSet, results: Sequence[ScenarioResult]) -> Coverage:
        seen = {result.scenario.id: result.outcomes for result in results}
        counts = []
        for rule in ruleset.rules:
            values = [outcomes[rule.id] for outcomes in seen.values() if rule.id in outcomes]
            counts.append(RuleCoverage(rule.id, f"{rule.file}:{rule.line}", values.count(Tri.TRUE),
                                       values.count(Tri.FALSE), values.count(Tri.UNKNOWN)))
        return cls(tuple(counts))

    @property
    def fired_percent(self) -> float:
        return _percent(sum(r.fired > 0 for r in self.rules), len(self.rules))

    @property
    def percent(self) -> float:
        return _percent(sum((r.fired > 0) + (r.not_fired > 0) for r in self.rules), 2 * len(self.rules))

    def never_fired(self) -> list[str]:
        return [r.rule for r in self.rules if r.fired == 0]

    def always_fired(self) -> list[str]:
        return [r.rule for r in self.rules if r.fired > 0 and r.not_fired == 0]

    def to_json(self) -> dict[str, Any]:
        return {
            "percent": round(self.percent, 1),
            "fired_percent": round(self.fired_percent, 1),
            "rules": [{"rule": r.rule, "source": r.file, "fired": r.fired, "not_fired": r.not_fired,
                       "undetermined": r.undetermined} for r in self.rules],
        }

    def to_text(self) -> str:
        width = max((len(r.rule) for r in self.rules), default=4)
        lines = ["RULE COVERAGE (scenarios in which each rule applied / did not apply / was undetermined)",
                 f"  {'rule':<{width}}  fired  not fired  undetermined"]
        for r in self.rules:
            mark = "" if r.both_ways else ("  <- never fired" if r.fired == 0 else "  <- never not fired")
            lines.append(f"  {r.rule:<{width}}  {r.fired:>5}  {r.not_fired:>9}  {r.undetermined:>12}{mark}")
        lines.append(f"  {len(self.rules)} rules: {self.fired_percent:.1f}% fired by some scenario; "
                     f"{self.percent:.1f}% of outcomes (applies / does not apply) covered")
        return "\n".join(lines)


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


def format_result(result: ScenarioResult) -> str:
    """A failed (or errored) scenario: each broken expectation with expected, actual and the trace."""
    scenario = result.scenario
    lines = [f"FAIL {scenario.id} [{result.engine}] ({scenario.location})", f"  {scenario.spec.title}"]
    if result.error:
        lines.append(f"  engine error: {result.error}")
    for failure in result.failures:
        at = f" (line {failure.line})" if failure.line else ""
        lines.append(f"  {failure.expectation}: expected {failure.expected}, got {failure.actual}{at}")
        lines.extend(f"      {why}" for why in failure.why)
    return "\n".join(lines)


def summary(results: Sequence[ScenarioResult]) -> str:
    scenarios = {r.scenario.id for r in results}
    failed = {r.scenario.id for r in results if not r.passed}
    engines = sorted({r.engine for r in results})
    return (f"{len(scenarios) - len(failed)} of {len(scenarios)} scenarios passed on "
            f"{', '.join(engines) or 'no engine'}" + (f"; {len(failed)} failed" if failed else ""))


def format_text(results: Sequence[ScenarioResult], coverage: Coverage | None = None) -> str:
    """The whole run: failures first, then the summary (and coverage if given)."""
    parts = [format_result(r) for r in results if not r.passed]
    if coverage is not None:
        parts.append(coverage.to_text())
    parts.append(summary(results))
    return "\n\n".join(parts)


def to_json(results: Sequence[ScenarioResult], coverage: Coverage | None = None) -> dict[str, Any]:
    """The whole run as JSON data."""
    data: dict[str, Any] = {
        "passed": all(r.passed for r in results),
        "summary": summary(results),
        "results": [
            {"scenario": r.scenario.id, "engine": r.engine, "source": r.scenario.location, "passed": r.passed,
             "error": r.error,
             "failures": [{"expectation": f.expectation, "expected": f.expected, "actual": f.actual,
                           "line": f.line, "why": list(f.why)} for f in r.failures]}
            for r in results
        ],
    }
    if coverage is not None:
        data["coverage"] = coverage.to_json()
    return data
