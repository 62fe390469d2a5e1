"""Turn an evaluation into a Decision: answers, grounds, actions, unknowns, notes and trace."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .conditions import ACTION_VALUE, GROUND_VALUE, Derived
from .decision import (
    Answer,
    CitationRef,
    Decision,
    FactUse,
    GroundResult,
    InformationNeeded,
    Note,
    Provenance,
    RequiredAction,
    TraceEntry,
)
from .errors import EngineError
from .logic import Evaluated, Tri
from .reference import Evaluation
from .ruleset import RuleSet

GROUND_RANK = 0
"""Unknowns that could establish a ground for acting without consent rank first."""


def assemble(ruleset: RuleSet, evaluation: Evaluation, fired: Sequence[str], case_id: str | None,
             provenance: Provenance) -> Decision:
    """Build the Decision; ``fired`` is the engine's list of rules that applied."""
    _check_conflicts(ruleset, evaluation)
    unknown = _unknown_facts(ruleset, evaluation)
    information = _information_needed(ruleset, evaluation, unknown)
    return Decision(
        case_id=case_id,
        provisional=bool(information),
        answers=_answers(ruleset, evaluation),
        grounds=_grounds(ruleset, evaluation),
        required_actions=_actions(ruleset, evaluation),
        information_needed=information,
        notes=_notes(ruleset, evaluation),
        trace=[_trace_entry(ruleset, evaluation, rule_id) for rule_id in fired],
        provenance=provenance,
    )


def label(ruleset: RuleSet, derived: Derived) -> str:
    """Plain-English label of a conclusion."""
    if derived.kind == "ground":
        return f"ground {derived.key} ({ruleset.grounds[derived.key].title})"
    if derived.kind == "action":
        return ruleset.actions[derived.key].text
    finding = ruleset.findings[derived.key]
    return f"{finding.title}: {finding.values[derived.value].label}"


def _producers(ruleset: RuleSet, evaluation: Evaluation, name: str, value: Tri) -> list[str]:
    return [r for r in ruleset.producers.get(name, ()) if evaluation.outcomes[r].value == value]


def _check_conflicts(ruleset: RuleSet, evaluation: Evaluation) -> None:
    for key in ruleset.findings:
        held = [v for v in ruleset.findings[key].values
                if evaluation.conclusion(Derived("finding", key, v)) == Tri.TRUE]
        if len(held) > 1:
            raise EngineError(f"rules concluded conflicting values for {key}: {', '.join(held)}; "
                              "declare which prevails with 'overrides'")


def _answers(ruleset: RuleSet, evaluation: Evaluation) -> list[Answer]:
    answers = []
    for key, finding in sorted(ruleset.findings.items(), key=lambda item: (item[1].rank, item[0])):
        def value_of(v: str) -> Tri:
            return evaluation.conclusion(Derived("finding", key, v))

        held = [v for v in finding.values if value_of(v) == Tri.TRUE]
        pending = [v for v in finding.values if value_of(v) == Tri.UNKNOWN]
        common = {"key": key, "question": finding.question, "title": finding.title}
        if held:
            rules = _producers(ruleset, evaluation, Derived("finding", key, held[0]).name, Tri.TRUE)
            answers.append(Answer(**common, status="established", value=held[0],
                                  label=finding.values[held[0]].label, rules=rules))
        elif pending:
            rules = [r for v in pending for r in _producers(ruleset, evaluation,
                                                             Derived("finding", key, v).name, Tri.UNKNOWN)]
            answers.append(Answer(**common, status="undetermined", candidates=pending, rules=rules))
        elif finding.otherwise is not None:
            answers.append(Answer(**common, status="default", value=finding.otherwise,
                                  label=finding.values[finding.otherwise].label))
        else:
            answers.append(Answer(**common, status="not_reached"))
    return answers


def _grounds(ruleset: RuleSet, evaluation: Evaluation) -> list[GroundResult]:
    results = []
    for ground_id, ground in sorted(ruleset.grounds.items(), key=lambda item: (item[1].tier, item[0])):
        name = Derived("ground", ground_id, GROUND_VALUE).name
        value = evaluation.conclusions.get(name, Tri.FALSE)
        if value == Tri.FALSE:
            continue
        results.append(GroundResult(
            id=ground_id, title=ground.title, tier=ground.tier, licenses=list(ground.licenses),
            status="applies" if value == Tri.TRUE else "undetermined",
            rules=_producers(ruleset, evaluation, name, value)))
    return results


def _actions(ruleset: RuleSet, evaluation: Evaluation) -> list[RequiredAction]:
    results = []
    for action_id, action in sorted(ruleset.actions.items(), key=lambda item: (item[1].rank, item[0])):
        name = Derived("action", action_id, ACTION_VALUE).name
        value = evaluation.conclusions.get(name, Tri.FALSE)
        if value == Tri.FALSE:
            continue
        results.append(RequiredAction(
            id=action_id, text=action.text, status="required" if value == Tri.TRUE else "possibly_required",
            rules=_producers(ruleset, evaluation, name, value)))
    return results


def _notes(ruleset: RuleSet, evaluation: Evaluation) -> list[Note]:
    notes = []
    for rule in ruleset.rules:
        outcome = evaluation.outcomes[rule.id]
        if rule.spec.contested and outcome.value != Tri.FALSE:
            text = rule.spec.notes or "Reasonable practitioners may disagree here."
            notes.append(Note(rule=rule.id, text=f"Professional judgement needed ({rule.spec.title}): {text}"))
    return notes


def _fact_leaves(evaluated: Evaluated | None, unknown: bool) -> list[Evaluated]:
    if evaluated is None:
        return []
    leaves = evaluated.unknown_leaves() if unknown else evaluated.leaves()
    return [leaf for leaf in leaves if not isinstance(leaf.condition, Derived) and leaf.path is not None]


def _unknown_facts(ruleset: RuleSet, evaluation: Evaluation) -> dict[str, set[str]]:
    """For each undetermined rule, the unknown facts it waits for, through the rules it depends on."""
    waiting: dict[str, set[str]] = {}
    for rule in ruleset.rules:
        outcome = evaluation.outcomes[rule.id]
        if outcome.value != Tri.UNKNOWN:
            continue
        facts = {leaf.path for leaf in _fact_leaves(outcome.condition, unknown=True) if leaf.path}
        upstream: list[str] = list(outcome.waiting_on)
        if outcome.condition is not None:
            for leaf in outcome.condition.unknown_leaves():
                if isinstance(leaf.condition, Derived):
                    upstream.extend(_producers(ruleset, evaluation, leaf.condition.name, Tri.UNKNOWN))
        for other in upstream:
            facts |= waiting.get(other, set())
        waiting[rule.id] = facts
    return waiting


def _information_needed(ruleset: RuleSet, evaluation: Evaluation,
                        waiting: dict[str, set[str]]) -> list[InformationNeeded]:
    by_path: dict[str, tuple[set[str], set[str], int]] = {}
    for rule_id, paths in waiting.items():
        rule = ruleset.rule(rule_id)
        changes = [label(ruleset, d) for d in rule.conclusions]
        rank = min((_rank(ruleset, d) for d in rule.conclusions), default=100)
        for path in paths:
            could, rules, best = by_path.get(path, (set(), set(), 100))
            by_path[path] = (could | set(changes), rules | {rule_id}, min(best, rank))
    items = [
        InformationNeeded(path=path, question=_question(ruleset, path), could_change=sorted(could),
                          rules=sorted(rules), rank=rank)
        for path, (could, rules, rank) in by_path.items()
    ]
    return sorted(items, key=lambda item: (item.rank, -len(item.could_change), item.path))


def _rank(ruleset: RuleSet, derived: Derived) -> int:
    if derived.kind == "ground":
        return GROUND_RANK
    if derived.kind == "action":
        return ruleset.actions[derived.key].rank
    return ruleset.findings[derived.key].rank


def _question(ruleset: RuleSet, path: str) -> str:
    generic = re.sub(r"\[\d+\]", "", path)
    if generic in ruleset.questions:
        return ruleset.questions[generic]
    return f"What does the record say about {generic.replace('_', ' ').replace('.', ': ')}?"


def _trace_entry(ruleset: RuleSet, evaluation: Evaluation, rule_id: str) -> TraceEntry:
    rule = ruleset.rule(rule_id)
    outcome = evaluation.outcomes[rule_id]
    seen: dict[str, FactUse] = {}
    if outcome.condition is not None:
        for leaf in outcome.condition.leaves():
            if leaf.path is None:
                continue
            value = leaf.fact if not isinstance(leaf.condition, Derived) else leaf.value.value
            seen.setdefault(leaf.path, FactUse(path=leaf.path, value=value))
    overrode = [other for other, o in evaluation.outcomes.items()
                if rule_id in o.overridden_by and o.condition is not None and o.condition.value == Tri.TRUE]
    return TraceEntry(
        rule=rule_id,
        title=rule.spec.title,
        source=f"{rule.file}:{rule.line}",
        conclusions=[label(ruleset, d) for d in rule.conclusions],
        facts=list(seen.values()),
        citations=[CitationRef(**c.model_dump()) for c in rule.spec.citations],
        explanation=rule.spec.explanation.strip(),
        overrode=overrode,
        contested=rule.spec.contested,
    )

