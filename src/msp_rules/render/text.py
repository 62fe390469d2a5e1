"""Plain text for a terminal."""

from __future__ import annotations

import textwrap

from ..decision import Decision
from ._sections import answer_text, citation_text, grouped_answers

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def render_text(decision: Decision) -> str:
    """The Decision as plain text: outcome first, then actions, unknowns, notes, trace."""
    out: list[str] = []
    title = f"DECISION for case {decision.case_id}" if decision.case_id else "DECISION"
    out.append(title + (" (PROVISIONAL: depends on unknown facts)" if decision.provisional else ""))
    out.append("=" * len(out[0]))
    for group, answers in grouped_answers(decision):
        out.append(f"\n{group.upper()}")
        for answer in answers:
            out.append(_wrap(f"{answer.title} {answer_text(answer)}"))
    if decision.grounds:
        out.append("\nGROUNDS FOR ACTING WITHOUT CONSENT")
        for ground in decision.grounds:
            out.append(_wrap(f"[{ground.status}] {ground.id} (tier {ground.tier}): {ground.title}. "
                             f"Licenses: {', '.join(ground.licenses)}."))
    out.append("\nREQUIRED ACTIONS")
    for action in decision.required_actions:
        marker = "-" if action.status == "required" else "? (if confirmed)"
        out.append(_wrap(f"{marker} {action.text} [{', '.join(action.rules)}]"))
    if decision.information_needed:
        out.append("\nINFORMATION NEEDED (most consequential first)")
        for item in decision.information_needed:
            out.append(_wrap(f"- {item.question} ({item.path})"))
            out.append(_wrap("could change: " + "; ".join(item.could_change), "      "))
    if decision.notes:
        out.append("\nPROFESSIONAL JUDGEMENT")
        for note in decision.notes:
            out.append(_wrap(f"- {note.text} [{note.rule}]"))
    out.append("\nTRACE (rules that applied, in order)")
    for entry in decision.trace:
        out.append(f"  {entry.rule}: {entry.title}  ({entry.source})")
        out.append(_wrap("because: " + "; ".join(f"{f.path} = {f.value}" for f in entry.facts), "      "))
        out.append(_wrap("concluded: " + "; ".join(entry.conclusions), "      "))
        if entry.overrode:
            out.append(_wrap("prevailed over: " + ", ".join(entry.overrode), "      "))
        out.append(_wrap("law: " + "; ".join(citation_text(c.instrument, c.provision) for c in entry.citations),
                         "      "))
    p = decision.provenance
    out.append(f"\nRules {p.ruleset} {p.ruleset_version} ({p.ruleset_hash[:19]}), msp_rules {p.library_version}, "
               f"engine {p.engine}, as at {p.as_at}, input {p.input_hash[:19]}")
    return "\n".join(out) + "\n"
