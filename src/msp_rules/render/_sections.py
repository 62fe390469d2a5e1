"""The parts of a Decision every human-readable renderer shows, in order."""

from __future__ import annotations

from ..decision import Answer, Decision

QUESTION_TITLES = {
    "consent": "Acting without consent",
    "advocacy": "Advocacy",
    "capacity": "Capacity",
    "best_interests": "Best interests",
    "enquiry": "Safeguarding enquiry",
}


def answer_text(answer: Answer) -> str:
    """One line for an answer, whatever its status."""
    if answer.status in ("established", "default"):
        return answer.label or answer.value or ""
    if answer.status == "undetermined":
        return "UNDETERMINED, depends on facts not yet known (could be: " + ", ".join(answer.candidates) + ")"
    return "Not reached on these facts."


def grouped_answers(decision: Decision) -> list[tuple[str, list[Answer]]]:
    """Answers grouped by question, in the order the rule set ranks them."""
    groups: dict[str, list[Answer]] = {}
    for answer in decision.answers:
        groups.setdefault(answer.question, []).append(answer)
    return [(QUESTION_TITLES.get(q, q.replace("_", " ").capitalize()), items) for q, items in groups.items()]


def citation_text(instrument: str, provision: str) -> str:
    return f"{instrument} {provision}"
