"""A catalogue of the rules for review without reading YAML.

For every rule: its id, title, a plain-English rendering of its condition, its
conclusions, its legal basis, any contested notes, and the scenarios that exercise it
(the scenario files under ``tests/scenarios`` in which the rule applies).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .conditions import AllOf, AnyOf, Condition, Derived, FactTest, Known, Not, ParamRef, Quantified, Setting
from .logic import Tri
from .ruleset import Rule, RuleSet

__all__ = ["render_catalogue", "scenario_coverage", "describe_condition"]

_OPERATORS = {
    "is": "is",
    "is_not": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "gt": "is more than",
    "gte": "is at least",
    "lt": "is less than",
    "lte": "is at most",
    "contains": "includes",
    "contains_any": "includes any of",
}


def _value(value: Any, parameters: Mapping[str, Any]) -> str:
    if isinstance(value, ParamRef):
        return f"{parameters.get(value.name)!r} (parameter {value.name})"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def describe_condition(condition: Condition, ruleset: RuleSet, parameters: Mapping[str, Any],
                       indent: int = 0) -> list[str]:
    """Plain-English lines (a nested list) for a condition."""
    pad = "  " * indent

    def nested(items: Iterable[Condition], head: str) -> list[str]:
        lines = [f"{pad}- {head}"]
        for item in items:
            lines.extend(describe_condition(item, ruleset, parameters, indent + 1))
        return lines

    if isinstance(condition, AllOf):
        return nested(condition.items, "all of:")
    if isinstance(condition, AnyOf):
        return nested(condition.items, "any of:")
    if isinstance(condition, Not):
        return nested((condition.item,), "not:")
    if isinstance(condition, Quantified):
        head = {"some": "some", "every": "every", "none": "no"}[condition.kind]
        return nested((condition.where,), f"{head} entry of `{condition.collection}` such that:")
    if isinstance(condition, Known):
        word = "is recorded" if condition.known else "is not recorded"
        return [f"{pad}- `{condition.path}` {word}"]
    if isinstance(condition, Derived):
        if condition.kind == "ground":
            return [f"{pad}- ground {condition.key} applies ({ruleset.grounds[condition.key].title})"]
        if condition.kind == "action":
            return [f"{pad}- action required: {condition.key}"]
        finding = ruleset.findings[condition.key]
        label = finding.values[condition.value].label if condition.value in finding.values else condition.value
        return [f"{pad}- finding `{condition.key}` = `{condition.value}` ({label.strip()})"]
    if isinstance(condition, FactTest):
        return [f"{pad}- `{condition.path}` {_OPERATORS[condition.op]} {_value(condition.value, parameters)}"]
    if isinstance(condition, Setting):
        return [f"{pad}- the setting `{condition.name}` is on ({ruleset.parameters[condition.name].title})"]
    return [f"{pad}- {condition!r}"]  # pragma: no cover - the loader expands every other form


def scenario_coverage(scenario_dir: Path, ruleset: RuleSet) -> dict[str, list[str]]:
    """Rule id -> ids of the scenarios in which that rule applies."""
    from .testing.scenarios import load_scenarios, run_scenario

    coverage: dict[str, list[str]] = defaultdict(list)
    for scenario in load_scenarios(scenario_dir):
        for rule_id, value in run_scenario(scenario, ruleset, "reference").outcomes.items():
            if value == Tri.TRUE:
                coverage[rule_id].append(scenario.id)
    return dict(coverage)


def _rule_section(rule: Rule, ruleset: RuleSet, parameters: Mapping[str, Any], scenarios: list[str]) -> list[str]:
    spec = rule.spec
    lines = [f"### {spec.id}: {spec.title}", ""]
    lines.append(f"*Source:* `{rule.file}`" + (" · **contested: professional judgement needed**" if spec.contested else ""))
    lines += ["", spec.explanation.strip(), "", "**Applies when:**", ""]
    when = rule.condition
    lines += describe_condition(when, ruleset, parameters)
    if spec.overrides:
        lines += ["", f"**Prevails over:** {', '.join(spec.overrides)}"]
    beaten_by = ruleset.overriders.get(spec.id, ())
    if beaten_by:
        lines += ["", f"**Gives way to:** {', '.join(beaten_by)}"]
    lines += ["", "**Concludes:**", ""]
    for derived in rule.conclusions:
        if derived.kind == "finding":
            finding = ruleset.findings[derived.key]
            lines.append(f"- {finding.title} → `{derived.value}`: {finding.values[derived.value].label.strip()}")
        elif derived.kind == "ground":
            ground = ruleset.grounds[derived.key]
            lines.append(f"- ground {ground.id} (tier {ground.tier}): {ground.title}")
        else:
            lines.append(f"- action `{derived.key}`: {ruleset.actions[derived.key].text}")
    lines += ["", "**Legal basis:**", ""]
    for citation in spec.citations:
        text = f"{citation.instrument}, {citation.provision}"
        if citation.url:
            text = f"[{text}]({citation.url})"
        lines.append(f"- {text}" + (" (checked)" if citation.verified else ""))
    if spec.in_force.from_ or spec.in_force.until:
        lines += ["", f"**In force:** from {spec.in_force.from_ or 'the start'} until {spec.in_force.until or 'further notice'}"]
    if spec.notes:
        lines += ["", f"**Notes:** {spec.notes.strip()}"]
    lines += ["", "**Scenarios:** " + (", ".join(f"`{s}`" for s in scenarios) if scenarios else "none yet"), ""]
    return lines


def render_catalogue(ruleset: RuleSet, coverage: Mapping[str, list[str]] | None = None,
                     as_at: _dt.date | None = None) -> str:
    """The catalogue as Markdown."""
    parameters = ruleset.parameters_at(as_at or _dt.date.today())
    coverage = coverage or {}
    lines = [
        f"# Rule catalogue: {ruleset.label}",
        "",
        "Generated by `msp-rules catalogue`; do not edit by hand. Each rule states one legal proposition:",
        "when it applies, what it concludes, the law it rests on, and the scenarios that exercise it.",
        "A fact that is unknown leaves a rule undetermined, never false.",
        "",
    ]
    by_file: dict[str, list[Rule]] = defaultdict(list)
    for rule in ruleset.rules:
        by_file[rule.file].append(rule)
    lines += ["## Contents", ""]
    for file in sorted(by_file):
        lines.append(f"- `{file}`: " + ", ".join(r.id for r in sorted(by_file[file], key=lambda r: r.line)))
    lines += ["", "## Grounds for acting without consent", ""]
    for ground in sorted(ruleset.grounds.values(), key=lambda g: (g.tier, g.id)):
        lines.append(f"- **{ground.id}** (tier {ground.tier}): {ground.title}. {ground.explanation.strip()} "
                     f"Licenses: {', '.join(ground.licenses)}.")
    lines += ["", "## Parameters", ""]
    for parameter in ruleset.parameters.values():
        cites = "; ".join(f"{c.instrument} {c.provision}" for c in parameter.citations)
        lines.append(f"- **{parameter.id}** = {parameters.get(parameter.id)!r}: {parameter.title} ({cites})")
    for file in sorted(by_file):
        lines += ["", f"## {file}", ""]
        for rule in sorted(by_file[file], key=lambda r: r.line):
            lines += _rule_section(rule, ruleset, parameters, coverage.get(rule.id, []))
    return "\n".join(lines).rstrip() + "\n"
