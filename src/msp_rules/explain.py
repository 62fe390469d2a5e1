"""Why each pathway did or did not apply, and what a practitioner could change.

:func:`explain` decides a case and adds, for every conclusion the rules can reach (each
finding value, ground and action), whether it *fired*, was *blocked* (the conditions that
failed, with their law, or the rule that overrode it) or is *undetermined* (the unknown
facts it waits for); and the smallest sets of actionable changes (the ``actionable``
section of the rules) that would change an answer, each checked by re-evaluating the
changed case.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .api import bundled_rules, decide, parse_case
from .assemble import answers, grounds, short
from .spec import FindingSpec
from .case import Case
from .conditions import AllOf, AnyOf, Derived, FactTest, Known, Not, ParamRef, Quantified, Setting
from .decision import Answer, CitationRef, Decision
from .engines import EngineName
from .errors import MspRulesError
from .logic import Evaluated, Tri, lookup
from .reference import Evaluation, RuleOutcome, evaluate_case
from .ruleset import RuleSet

MAX_CHANGES = 2
"""The largest set of changes the search for what would change an outcome tries."""
MAX_PER_OUTCOME = 6
"""How many alternative change sets are reported for one new outcome."""

_OPERATORS = {"is": "is", "is_not": "is not", "in": "is one of", "not_in": "is not one of", "gt": "is more than",
              "gte": "is at least", "lt": "is less than", "lte": "is at most", "contains": "includes",
              "contains_any": "includes any of"}


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Check(_Value):
    """One test in a rule's condition: what it asks, what the record holds, how it came out.

    ``needed`` is the outcome the rule needs (false for an exception: "unless ...");
    ``result`` is the test's value: true, false or ``None`` (unknown).
    """

    test: str
    path: str | None
    found: Any = None
    needed: bool
    result: bool | None


class RuleAccount(_Value):
    """How one rule fared: applied, blocked, overridden, undetermined or not in force."""

    rule: str
    title: str
    source: str
    status: Literal["applied", "blocked", "overridden", "undetermined", "not_in_force"]
    checks: list[Check] = []
    """Blocked: the tests that failed. Undetermined: the tests waiting on unknown facts."""
    overridden_by: list[str] = []
    waiting_on: list[str] = []
    """Undetermined rules that would override this one if they applied."""
    citations: list[CitationRef]


class WhyNot(_Value):
    """One pathway (a finding value, a ground or an action) and why it did or did not apply."""

    kind: Literal["finding", "ground", "action"]
    key: str
    value: str | None = None
    label: str
    status: Literal["fired", "blocked", "undetermined", "default", "not_in_force"]
    rules: list[RuleAccount]


class Counterfactual(_Value):
    """A smallest set of actionable changes that changes one outcome, checked by re-evaluation."""

    kind: Literal["answer", "ground"]
    key: str
    title: str
    now: str
    then: str
    changes: list[str]
    """Ids of the ``actionable`` changes, applied in this order."""
    texts: list[str]


class Explanation(_Value):
    """A Decision with why-not for every pathway and what would change each outcome."""

    decision: Decision
    why_not: list[WhyNot]
    what_would_change: list[Counterfactual]

    def pathway(self, kind: str, key: str, value: str | None = None) -> WhyNot:
        """The why-not of one pathway (``KeyError`` if the rules have no such pathway)."""
        for item in self.why_not:
            if (item.kind, item.key, item.value) == (kind, key, value):
                return item
        raise KeyError((kind, key, value))

    def to_json(self) -> str:
        """Canonical JSON: the same Explanation always gives the same bytes."""
        return self.model_dump_json(indent=2)


def explain(case: Case | dict[str, Any], rules: RuleSet | None = None, *, engine: EngineName | None = None,
            as_at: date | None = None) -> Explanation:
    """Decide ``case`` and explain every pathway; arguments as for :func:`msp_rules.decide`."""
    parsed = parse_case(case)
    ruleset = rules if rules is not None else bundled_rules()
    decision = decide(parsed, ruleset, engine=engine, as_at=as_at)
    day = decision.provenance.as_at
    evaluation = evaluate_case(ruleset, parsed, day)
    return Explanation(decision=decision, why_not=_why_not(ruleset, evaluation, decision),
                       what_would_change=_counterfactuals(ruleset, parsed, day, evaluation))


def apply_changes(case: Case | dict[str, Any], changes: list[str], rules: RuleSet | None = None, *,
                  as_at: date) -> Case:
    """``case`` with the named ``actionable`` changes made, in order, as on ``as_at``."""
    ruleset = rules if rules is not None else bundled_rules()
    data = parse_case(case).model_dump(mode="json")
    for change_id in changes:
        spec = ruleset.actionable.get(change_id)
        if spec is None:
            raise MspRulesError(f"no actionable change {change_id!r} in rules {ruleset.label}")
        changed = spec.apply(data, lambda path: lookup(data, path), as_at)
        if changed is None:
            raise MspRulesError(f"change {change_id!r} needs a fact this case does not record")
        data = changed
    return parse_case(data)


# why not ---------------------------------------------------------------------


def _why_not(ruleset: RuleSet, evaluation: Evaluation, decision: Decision) -> list[WhyNot]:
    pathways: list[tuple[Derived, str]] = []
    for key, finding in sorted(ruleset.findings.items(), key=lambda item: (item[1].rank, item[0])):
        pathways += [(Derived("finding", key, v), f"{finding.title} {text}")
                     for v, text in value_texts(finding).items()]
    for ground_id, ground in sorted(ruleset.grounds.items(), key=lambda item: (item[1].tier, item[0])):
        pathways.append((Derived("ground", ground_id, "applies"), f"Ground {ground_id}: {ground.title}"))
    for action_id, action in sorted(ruleset.actions.items(), key=lambda item: (item[1].rank, item[0])):
        pathways.append((Derived("action", action_id, "required"), action.text))
    return [_pathway(ruleset, evaluation, decision, derived, text) for derived, text in pathways]


def _pathway(ruleset: RuleSet, evaluation: Evaluation, decision: Decision, derived: Derived, text: str) -> WhyNot:
    accounts = [_account(ruleset, evaluation.outcomes[r], evaluation)
                for r in ruleset.producers.get(derived.name, ())]
    value = evaluation.conclusion(derived)
    status: Literal["fired", "blocked", "undetermined", "default", "not_in_force"]
    if value == Tri.TRUE:
        status = "fired"
    elif value == Tri.UNKNOWN:
        status = "undetermined"
    elif derived.kind == "finding" and ruleset.findings[derived.key].otherwise == derived.value \
            and decision.answer(derived.key).status in ("default", "undetermined"):
        status = "default" if decision.answer(derived.key).status == "default" else "undetermined"
    elif accounts and all(a.status == "not_in_force" for a in accounts):
        status = "not_in_force"
    else:
        status = "blocked"
    return WhyNot(kind=derived.kind, key=derived.key, value=derived.value if derived.kind == "finding" else None,
                  label=text, status=status, rules=accounts)


def _account(ruleset: RuleSet, outcome: RuleOutcome, evaluation: Evaluation) -> RuleAccount:
    rule = outcome.rule
    common: dict[str, Any] = {
        "rule": rule.id, "title": rule.spec.title, "source": f"{rule.file}:{rule.line}",
        "citations": [CitationRef(**c.model_dump()) for c in rule.spec.citations]}
    if outcome.condition is None:
        return RuleAccount(status="not_in_force", **common)
    needs = _needs(outcome.condition)
    if outcome.value == Tri.TRUE:
        return RuleAccount(status="applied", **common)
    if outcome.value == Tri.UNKNOWN:
        leaves = outcome.condition.unknown_leaves()
        return RuleAccount(status="undetermined", checks=[_check(ruleset, leaf, needs) for leaf in leaves],
                           waiting_on=list(outcome.waiting_on), **common)
    if outcome.overridden_by:
        return RuleAccount(status="overridden", overridden_by=list(outcome.overridden_by), **common)
    return RuleAccount(status="blocked", checks=[_check(ruleset, leaf, needs) for leaf in outcome.condition.unmet()],
                       **common)


def _needs(root: Evaluated) -> dict[int, bool]:
    """For every node (by identity): whether the rule needs it true (false below a 'not' or 'none')."""
    found: dict[int, bool] = {}

    def walk(node: Evaluated, needed: bool) -> None:
        found[id(node)] = needed
        flip = isinstance(node.condition, Not) or (isinstance(node.condition, Quantified)
                                                   and node.condition.kind == "none")
        for part in node.parts:
            walk(part, needed != flip)

    walk(root, True)
    return found


def _check(ruleset: RuleSet, leaf: Evaluated, needs: dict[int, bool]) -> Check:
    result = None if leaf.value == Tri.UNKNOWN else leaf.value == Tri.TRUE
    found = leaf.fact if not isinstance(leaf.condition, Derived) else None
    return Check(test=_describe(ruleset, leaf), path=leaf.path, found=found, needed=needs.get(id(leaf), True),
                 result=result)


def _describe(ruleset: RuleSet, leaf: Evaluated) -> str:
    """A leaf test in words: 'consent.response is refused', 'the ground G_EMERGENCY applies'."""
    condition = leaf.condition
    if isinstance(condition, FactTest):
        operand = condition.value
        if isinstance(operand, ParamRef):
            value = f"{operand.name} ({ruleset.parameters[operand.name].title})"
        elif isinstance(operand, tuple):
            value = ", ".join(str(v) for v in operand)
        else:
            value = str(operand).lower() if isinstance(operand, bool) else str(operand)
        return f"{leaf.path} {_OPERATORS[condition.op]} {value}"
    if isinstance(condition, Known):
        return f"{leaf.path} is {'recorded' if condition.known else 'not recorded'}"
    if isinstance(condition, Derived):
        if condition.kind == "finding":
            finding = ruleset.findings[condition.key]
            return f"{finding.title} {value_texts(finding)[condition.value]}"
        if condition.kind == "ground":
            return f"the ground {condition.key} ({ruleset.grounds[condition.key].title}) applies"
        return f"the action '{ruleset.actions[condition.key].text.rstrip('.')}' is required"
    if isinstance(condition, Setting):
        return f"the setting {condition.name} ({ruleset.parameters[condition.name].title}) is on"
    if isinstance(condition, Quantified):
        recorded = "not recorded" if leaf.fact is None else "none recorded"
        return f"{condition.kind} of {leaf.path} qualifies ({recorded})"
    if isinstance(condition, (AllOf, AnyOf, Not)):  # pragma: no cover - leaves only
        raise TypeError("not a leaf")
    return str(condition)


def value_texts(finding: FindingSpec) -> dict[str, str]:
    """Each value's label, shortened to its head where that still tells the values apart."""
    heads = {value: short(spec.label) for value, spec in finding.values.items()}
    clash = {head for head in heads.values() if list(heads.values()).count(head) > 1}
    return {value: finding.values[value].label.strip() if head in clash else head for value, head in heads.items()}


# what would change -------------------------------------------------------------


def _states(ruleset: RuleSet, evaluation: Evaluation) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, key) -> (state, plain text) for every answer and every ground."""
    states: dict[tuple[str, str], tuple[str, str]] = {}
    for answer in answers(ruleset, evaluation):
        states[("answer", answer.key)] = _answer_state(ruleset, answer)
    held = {g.id: g.status for g in grounds(ruleset, evaluation)}
    for ground_id in ruleset.grounds:
        status = held.get(ground_id, "does not apply")
        states[("ground", ground_id)] = (status, {"applies": "applies", "undetermined": "undetermined"}.get(
            status, "does not apply"))
    return states


def _answer_state(ruleset: RuleSet, answer: Answer) -> tuple[str, str]:
    if answer.status in ("established", "default") and answer.value is not None:
        return answer.value, value_texts(ruleset.findings[answer.key])[answer.value]
    if answer.status == "undetermined":
        return "undetermined", "undetermined"
    return "not_reached", "not reached"


def _counterfactuals(ruleset: RuleSet, case: Case, day: date, evaluation: Evaluation) -> list[Counterfactual]:
    """Smallest sets (up to :data:`MAX_CHANGES`) of actionable changes that change an answer or a ground."""
    base = _states(ruleset, evaluation)
    data = case.model_dump(mode="json")
    candidates: list[tuple[str, dict[str, Any]]] = []
    for change_id, spec in ruleset.actionable.items():
        made = spec.apply(data, lambda path: lookup(data, path), day)
        if made is not None and made != data:
            candidates.append((change_id, made))
    flips: dict[tuple[str, ...], dict[tuple[str, str], tuple[str, str]]] = {}
    for size in range(1, MAX_CHANGES + 1):
        for combo in combinations(candidates, size):
            ids = tuple(c for c, _ in combo)
            if size > 1 and not _compatible(ruleset, ids):
                continue
            changed_case = _combine(ruleset, data, ids, day)
            if changed_case is None:
                continue
            states = _states(ruleset, evaluate_case(ruleset, changed_case, day))
            flips[ids] = {k: v for k, v in states.items() if v[0] != base[k][0]}
    found: list[Counterfactual] = []
    for target in base:
        per_outcome: dict[str, list[tuple[str, ...]]] = {}
        for ids, changed in flips.items():
            if target not in changed:
                continue
            if len(ids) > 1 and any(target in flips.get(sub, {}) for sub in combinations(ids, len(ids) - 1)):
                continue
            per_outcome.setdefault(changed[target][1], []).append(ids)
        for then, options in per_outcome.items():
            for ids in options[:MAX_PER_OUTCOME]:
                found.append(_counterfactual(ruleset, target, base[target][1], then, ids))
    return found


def _compatible(ruleset: RuleSet, ids: tuple[str, ...]) -> bool:
    """Changes that write to the same fact or collection are alternatives, not a combination."""
    written = [{where.split(".")[0] if ruleset.actionable[i].add else where
                for where, _ in ruleset.actionable[i].templates()} for i in ids]
    return not set.intersection(*written)


def _combine(ruleset: RuleSet, data: dict[str, Any], ids: tuple[str, ...], day: date) -> Case | None:
    current: dict[str, Any] | None = data
    for change_id in ids:
        if current is None:
            return None
        snapshot = current
        current = ruleset.actionable[change_id].apply(snapshot, lambda path: lookup(snapshot, path), day)
    try:
        return Case.model_validate(current) if current is not None else None
    except ValidationError:
        return None


def _counterfactual(ruleset: RuleSet, target: tuple[str, str], now: str, then: str,
                    ids: tuple[str, ...]) -> Counterfactual:
    kind, key = target
    title = ruleset.findings[key].title if kind == "answer" else f"Ground {key}: {ruleset.grounds[key].title}"
    return Counterfactual(kind="answer" if kind == "answer" else "ground", key=key, title=title, now=now, then=then,
                          changes=list(ids), texts=[ruleset.actionable[i].text for i in ids])
