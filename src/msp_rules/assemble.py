"""Turn an evaluation into a Decision: answers, grounds, actions, unknowns, notes and trace."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .conditions import ACTION_VALUE, GROUND_VALUE, Derived, FactTest, Known, Not, ParamRef, Quantified
from .decision import (
    Answer,
    CitationRef,
    Decision,
    FactUse,
    GroundResult,
    InformationNeeded,
    Note,
    Presumption,
    Provenance,
    RequiredAction,
    TraceEntry,
)
from .errors import EngineError
from .logic import PARAMETER_PREFIX, Evaluated, Tri
from .reference import Evaluation
from .ruleset import RuleSet

def assemble(ruleset: RuleSet, evaluation: Evaluation, fired: Sequence[str], case_id: str | None,
             provenance: Provenance) -> Decision:
    """Build the Decision; ``fired`` is the engine's list of rules that applied."""
    _check_conflicts(ruleset, evaluation)
    information = _information_needed(ruleset, evaluation)
    undetermined = any(o.value == Tri.UNKNOWN for o in evaluation.outcomes.values())
    return Decision(
        case_id=case_id,
        provisional=bool(information) or undetermined,
        answers=answers(ruleset, evaluation),
        grounds=grounds(ruleset, evaluation),
        required_actions=actions(ruleset, evaluation),
        information_needed=information,
        presumptions=_presumptions(ruleset, evaluation),
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


def answers(ruleset: RuleSet, evaluation: Evaluation) -> list[Answer]:
    answers = []
    for key, finding in sorted(ruleset.findings.items(), key=lambda item: (item[1].rank, item[0])):
        def value_of(v: str) -> Tri:
            return evaluation.conclusion(Derived("finding", key, v))

        held = [v for v in finding.values if value_of(v) == Tri.TRUE]
        pending = [v for v in finding.values if value_of(v) == Tri.UNKNOWN]
        common = Answer(key=key, question=finding.question, title=finding.title, status="not_reached")
        if held:
            rules = _producers(ruleset, evaluation, Derived("finding", key, held[0]).name, Tri.TRUE)
            answers.append(common.model_copy(update={
                "status": "established", "value": held[0], "label": finding.values[held[0]].label, "rules": rules,
                "easy_read": finding.values[held[0]].easy_read}))
        elif pending:
            rules = [r for v in pending for r in _producers(ruleset, evaluation,
                                                             Derived("finding", key, v).name, Tri.UNKNOWN)]
            answers.append(common.model_copy(update={
                "status": "undetermined", "candidates": pending, "rules": rules,
                "candidate_labels": [short(finding.values[v].label) for v in pending]}))
        elif finding.otherwise is not None:
            answers.append(common.model_copy(update={
                "status": "default", "value": finding.otherwise, "label": finding.values[finding.otherwise].label,
                "easy_read": finding.values[finding.otherwise].easy_read}))
        else:
            answers.append(common)
    return answers


def _held(ruleset: RuleSet, evaluation: Evaluation, derived: Derived) -> tuple[Tri, list[str]]:
    """Whether a conclusion holds or may hold, and the rules that (may) conclude it."""
    value = evaluation.conclusions.get(derived.name, Tri.FALSE)
    return value, _producers(ruleset, evaluation, derived.name, value)


def grounds(ruleset: RuleSet, evaluation: Evaluation) -> list[GroundResult]:
    results = []
    for ground_id, ground in sorted(ruleset.grounds.items(), key=lambda item: (item[1].tier, item[0])):
        value, rules = _held(ruleset, evaluation, Derived("ground", ground_id, GROUND_VALUE))
        if value != Tri.FALSE:
            results.append(GroundResult(
                id=ground_id, title=ground.title, tier=ground.tier, licenses=list(ground.licenses),
                status="applies" if value == Tri.TRUE else "undetermined", rules=rules, easy_read=ground.easy_read))
    return results


def actions(ruleset: RuleSet, evaluation: Evaluation) -> list[RequiredAction]:
    results = []
    for action_id, action in sorted(ruleset.actions.items(), key=lambda item: (item[1].rank, item[0])):
        value, rules = _held(ruleset, evaluation, Derived("action", action_id, ACTION_VALUE))
        if value != Tri.FALSE:
            results.append(RequiredAction(
                id=action_id, text=action.text, status="required" if value == Tri.TRUE else "possibly_required",
                rules=rules, easy_read=action.easy_read))
    return results


def _notes(ruleset: RuleSet, evaluation: Evaluation) -> list[Note]:
    notes = []
    for rule in ruleset.rules:
        outcome = evaluation.outcomes[rule.id]
        if rule.spec.contested and outcome.value != Tri.FALSE:
            text = rule.spec.notes or "Reasonable practitioners may disagree here."
            notes.append(Note(rule=rule.id, text=f"Professional judgement needed ({rule.spec.title}): {text}"))
    return notes


SCOPE_LABELS = {
    "share_information": "sharing information",
    "refer_police": "a referral to the police",
    "refer_childrens_services": "a referral to children's services",
    "refer_marac": "a referral to MARAC",
    "refer_regulator_or_employer": "a referral to the regulator or employer",
    "refer_opg": "a referral to the Office of the Public Guardian",
    "act_against_perpetrator_or_provider": "action against the perpetrator or provider",
    "further_enquiry": "further enquiry",
    "separate_assessment_of_perpetrator": "a separate assessment of the alleged abuser",
}
"""How the scope of a ground reads in a sentence."""

MAX_EFFECTS = 3
"""How many consequences an information-needed sentence names before 'and N more'."""

NO_ANSWER_RANK = 100
"""Unknowns that can change a ground or an action but no answer rank after every answer."""


def short(text: str) -> str:
    """The head of a label: 'Yes: the local authority must...' -> 'Yes'."""
    return re.split(r":\s|\.\s+(?=[A-Z])", text.strip(), maxsplit=1)[0].rstrip(".")


def _signed_leaves(node: Evaluated | None, helps: bool = True) -> list[tuple[Evaluated, bool]]:
    """The undetermined leaves below an undetermined node, each with whether its being true helps the node hold."""
    if node is None or node.value != Tri.UNKNOWN:
        return []
    if not node.parts:
        return [(node, helps)]
    flip = isinstance(node.condition, Not) or (isinstance(node.condition, Quantified) and node.condition.kind == "none")
    return [pair for part in node.parts for pair in _signed_leaves(part, helps != flip)]


def _when(leaf: Evaluated, helps_if_true: bool) -> str:
    """The answer to the fact that would help: 'yes', 'serious', 'once recorded'..."""
    test = leaf.condition
    if not isinstance(test, FactTest):
        return "once recorded"
    op, negate = test.op, not helps_if_true
    if op in ("is_not", "not_in"):
        op, negate = ("is" if op == "is_not" else "in"), not negate
    if op not in ("is", "in") or isinstance(test.value, ParamRef):
        return "depending on the answer"
    if isinstance(test.value, bool):
        return "yes" if test.value != negate else "no"
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    text = " or ".join(str(v).replace("_", " ") for v in values)
    return f"other than {text}" if negate else text


class _Graph:
    """Undetermined rules, linked from each rule to the rules its outcome could settle."""

    def __init__(self, ruleset: RuleSet, evaluation: Evaluation) -> None:
        self.ruleset, self.evaluation = ruleset, evaluation
        self.undetermined = [r.id for r in ruleset.rules if evaluation.outcomes[r.id].value == Tri.UNKNOWN]
        self.edges: dict[str, list[tuple[str, bool]]] = {}
        for rule_id in self.undetermined:
            outcome = evaluation.outcomes[rule_id]
            for leaf, helps in _signed_leaves(outcome.condition):
                if isinstance(leaf.condition, Derived):
                    for producer in _producers(ruleset, evaluation, leaf.condition.name, Tri.UNKNOWN):
                        self.edges.setdefault(producer, []).append((rule_id, helps))
            for rival in outcome.waiting_on:
                self.edges.setdefault(rival, []).append((rule_id, False))

    def reach(self, rule_id: str, helps: bool) -> dict[str, bool]:
        """Rules whose outcome a rule's outcome could settle, with whether it helps them hold (first path)."""
        found = {rule_id: helps}
        queue = [rule_id]
        while queue:
            current = queue.pop(0)
            for target, sign in self.edges.get(current, []):
                if target not in found:
                    found[target] = found[current] == sign
                    queue.append(target)
        return found

    def facts(self) -> dict[str, list[tuple[str, Evaluated, bool]]]:
        """Unknown fact path -> (rule, leaf, helps) for each undetermined rule that reads it directly."""
        found: dict[str, list[tuple[str, Evaluated, bool]]] = {}
        for rule_id in self.undetermined:
            for leaf, helps in _signed_leaves(self.evaluation.outcomes[rule_id].condition):
                if leaf.path is not None and not isinstance(leaf.condition, Derived):
                    found.setdefault(leaf.path, []).append((rule_id, leaf, helps))
        return found


def _information_needed(ruleset: RuleSet, evaluation: Evaluation) -> list[InformationNeeded]:
    graph = _Graph(ruleset, evaluation)
    items = []
    for path, readers in graph.facts().items():
        reached: dict[str, bool] = {}
        effects: dict[str, list[Derived]] = {}
        for rule_id, leaf, helps in readers:
            for target, sign in graph.reach(rule_id, helps).items():
                reached.setdefault(target, sign)
                if sign:
                    bucket = effects.setdefault(_when(leaf, True), [])
                    bucket.extend(d for d in ruleset.rule(target).conclusions if d not in bucket)
        direct = sorted({rule_id for rule_id, _, _ in readers}, key=_order(ruleset))
        items.append(_item(ruleset, evaluation, path, sorted(reached, key=_order(ruleset)), direct, effects))
    return sorted(items, key=lambda item: (item.rank, not item.changes_answer, -len(item.could_change), item.path))


def _order(ruleset: RuleSet) -> Callable[[str], int]:
    positions = {rule.id: index for index, rule in enumerate(ruleset.rules)}
    return positions.__getitem__


def _changes(ruleset: RuleSet, evaluation: Evaluation, conclusions: Sequence[Derived]) -> list[Derived]:
    """The conclusions that would be news: not a finding value or ground already established."""
    return [d for d in conclusions if evaluation.conclusion(d) != Tri.TRUE]


def _item(ruleset: RuleSet, evaluation: Evaluation, path: str, rules: list[str], readers: list[str],
          effects: dict[str, list[Derived]]) -> InformationNeeded:
    conclusions = _changes(ruleset, evaluation, [d for r in rules for d in ruleset.rule(r).conclusions])
    findings = sorted({d.key for d in conclusions if d.kind == "finding"}, key=lambda k: ruleset.findings[k].rank)
    grounds = sorted({d.key for d in conclusions if d.kind == "ground"})
    if findings:
        could = [ruleset.findings[k].title for k in findings] + [f"ground: {ruleset.grounds[g].title}" for g in grounds]
        rank = ruleset.findings[findings[0]].rank
    elif grounds:
        could, rank = [f"ground: {ruleset.grounds[g].title}" for g in grounds], NO_ANSWER_RANK
    else:
        actions = sorted({d.key for d in conclusions if d.kind == "action"}, key=lambda k: ruleset.actions[k].rank)
        could = [ruleset.actions[a].text for a in actions]
        rank = NO_ANSWER_RANK + min((ruleset.actions[a].rank for a in actions), default=NO_ANSWER_RANK)
    sentences = [_sentence(ruleset, when, _changes(ruleset, evaluation, found), bool(findings))
                 for when, found in effects.items()]
    if not findings:
        sentences.append("This cannot change any answer now; it only affects "
                         + ("which grounds apply and what they allow." if grounds else "the actions required."))
    citations: dict[tuple[str, str], CitationRef] = {}
    for rule_id in readers:
        for c in ruleset.rule(rule_id).spec.citations:
            citations.setdefault((c.instrument, c.provision), CitationRef(**c.model_dump()))
    return InformationNeeded(path=path, question=_question(ruleset, path), could_change=could, rules=rules,
                             rank=rank, effects=[s for s in sentences if s], citations=list(citations.values()),
                             changes_answer=bool(findings))


def _sentence(ruleset: RuleSet, when: str, found: list[Derived], answers_only: bool) -> str:
    """'If yes: the ground ... could apply (allowing ...); "May we ...?" could become "Permitted if justified".'"""
    answers = []
    values: dict[str, list[str]] = {}
    for d in found:
        if d.kind == "finding":
            values.setdefault(d.key, []).append(f"\u201c{short(ruleset.findings[d.key].values[d.value].label)}\u201d")
    for key, options in sorted(values.items(), key=lambda item: ruleset.findings[item[0]].rank):
        answers.append(f"\u201c{ruleset.findings[key].title}\u201d could become {' or '.join(options)}")
    parts = answers[:1]  # the most consequential answer, then the grounds it turns on, then the rest
    for d in found:
        if d.kind == "ground":
            ground = ruleset.grounds[d.key]
            allows = ", ".join(SCOPE_LABELS.get(s, s.replace("_", " ")) for s in ground.licenses)
            parts.append(f"the ground \u201c{ground.title}\u201d could apply (it allows {allows})")
    parts.extend(answers[1:])
    for d in found:
        if d.kind == "action" and not answers_only:
            parts.append(f"this could become required: {ruleset.actions[d.key].text.rstrip('.')}")
    if not parts:
        return ""
    more = f"; and {len(parts) - MAX_EFFECTS} more" if len(parts) > MAX_EFFECTS else ""
    head = when[0].upper() + when[1:] if when == "once recorded" else f"If {when}"
    return f"{head}: {'; '.join(parts[:MAX_EFFECTS])}{more}."


def _presumptions(ruleset: RuleSet, evaluation: Evaluation) -> list[Presumption]:
    """Facts the record is silent on that decided a rule through a ``known``/``unknown`` test."""
    found: dict[str, dict[bool, list[str]]] = {}
    for rule in ruleset.rules:
        condition = evaluation.outcomes[rule.id].condition
        if condition is None or condition.value == Tri.UNKNOWN:
            continue
        applied = condition.value == Tri.TRUE
        for leaf in condition.silent_reliance():
            if leaf.path is not None:
                found.setdefault(leaf.path, {}).setdefault(applied, []).append(rule.id)
    return [
        Presumption(path=path, question=_question(ruleset, path), rules=[r for ids in by.values() for r in ids],
                    reading=_reading(ruleset, by))
        for path, by in sorted(found.items())
    ]


def _reading(ruleset: RuleSet, by_outcome: dict[bool, list[str]]) -> str:
    parts = []
    if by_outcome.get(True):
        titles = "; ".join(ruleset.rule(r).spec.title for r in by_outcome[True])
        parts.append(f"Not recorded: applied on the presumption stated in the rule ({titles}).")
    if by_outcome.get(False):
        titles = "; ".join(ruleset.rule(r).spec.title for r in by_outcome[False])
        parts.append(f"Not recorded, so taken as absent: did not apply ({titles}).")
    return " ".join(parts)


def _question(ruleset: RuleSet, path: str) -> str:
    if path.startswith(PARAMETER_PREFIX):
        name = path[len(PARAMETER_PREFIX):]
        return (f"No value of the rule parameter {name} ({ruleset.parameters[name].title}) is in force on the "
                "date evaluated: which value applies?")
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

