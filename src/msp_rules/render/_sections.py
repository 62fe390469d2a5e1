"""What every human-readable renderer shows, and how the small parts read."""

from __future__ import annotations

from typing import Any

from ..assemble import SCOPE_LABELS
from ..decision import Answer, Decision
from ..explain import Check, Explanation, RuleAccount, WhyNot

QUESTION_TITLES = {
    "consent": "Acting without consent",
    "advocacy": "Advocacy",
    "capacity": "Capacity",
    "best_interests": "Best interests",
    "enquiry": "Safeguarding enquiry",
}
STATUS_WORDS = {
    "fired": "applies",
    "blocked": "does not apply",
    "undetermined": "undetermined",
    "default": "holds by default",
    "not_in_force": "not in force",
}

Renderable = Decision | Explanation


def split(subject: Renderable) -> tuple[Decision, Explanation | None]:
    """The Decision of a Decision or an Explanation, and the Explanation if there is one."""
    if isinstance(subject, Explanation):
        return subject.decision, subject
    return subject, None


def answer_text(answer: Answer) -> str:
    """One line for an answer, whatever its status."""
    if answer.status in ("established", "default"):
        return answer.label or answer.value or ""
    if answer.status == "undetermined":
        options = answer.candidate_labels or answer.candidates
        return "UNDETERMINED, depends on facts not yet known (could be: " + "; ".join(options) + ")"
    return "Not reached on these facts."


def grouped_answers(decision: Decision) -> list[tuple[str, list[Answer]]]:
    """Answers grouped by question, in the order the rule set ranks them."""
    groups: dict[str, list[Answer]] = {}
    for answer in decision.answers:
        groups.setdefault(answer.question, []).append(answer)
    return [(question_title(q), items) for q, items in groups.items()]


def question_title(question: str) -> str:
    return QUESTION_TITLES.get(question, question.replace("_", " ").capitalize())


def citation_text(instrument: str, provision: str) -> str:
    return f"{instrument} {provision}"


def scope_text(licenses: list[str]) -> str:
    return ", ".join(SCOPE_LABELS.get(s, s.replace("_", " ")) for s in licenses)


def value_text(value: Any) -> str:
    """A fact value as a reader expects it: yes/no, 'not recorded', lists joined."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) if value else "none"
    return str(value)


def check_text(check: Check) -> str:
    """One test of a rule, as it came out: 'needs X (found: Y)', 'unless X (it holds)', 'X? not known'."""
    if check.result is None:
        return f"{check.test}? not known"
    if not check.needed:
        return f"unless {check.test} (it does)"
    found = f" (found: {value_text(check.found)})" if check.path and ":" not in check.path else " (it does not)"
    return f"needs {check.test}{found}"


def account_text(account: RuleAccount) -> str:
    """Why one rule applied or not, in a sentence."""
    head = f"{account.rule} ({account.title})"
    if account.status == "applied":
        return f"{head} applied"
    if account.status == "not_in_force":
        return f"{head} is not in force on the date of evaluation"
    if account.status == "overridden":
        return f"{head} held but was overridden by {', '.join(account.overridden_by)}"
    checks = "; ".join(check_text(c) for c in account.checks)
    if account.status == "undetermined":
        waiting = f"; and on whether {', '.join(account.waiting_on)} applies" if account.waiting_on else ""
        return f"{head} waits on: {checks}{waiting}" if checks else f"{head} waits on{waiting[7:]}"
    return f"{head} did not apply: {checks}"


def pathway_text(item: WhyNot) -> str:
    """Why a pathway did or did not apply, in a line (the rules that could conclude it, in turn)."""
    if item.status == "default":
        return "no rule concluded another answer, so this default holds"
    if not item.rules:
        return ("it holds if no other answer is established" if item.status == "undetermined"
                else "another answer was established" if item.kind == "finding" else "no rule concludes it")
    return " | ".join(account_text(a) for a in item.rules)


def shown_pathways(explanation: Explanation, full: bool) -> list[WhyNot]:
    """Every pathway when ``full``; otherwise the answers and grounds, without actions."""
    return [w for w in explanation.why_not if full or w.kind != "action"]


def provenance_line(decision: Decision) -> str:
    p = decision.provenance
    return (f"Rules {p.ruleset} {p.ruleset_version} ({p.ruleset_hash}), msp_rules {p.library_version}, "
            f"engine {p.engine}, as at {p.as_at}; input {p.input_hash}")


RULES_SHOWN = 6
"""How many rule ids a line of information needed names before '+N more'."""


def rule_ids(ids: list[str]) -> str:
    """Rule ids for one line, the first few and how many more."""
    more = f" +{len(ids) - RULES_SHOWN} more" if len(ids) > RULES_SHOWN else ""
    return ", ".join(ids[:RULES_SHOWN]) + more
