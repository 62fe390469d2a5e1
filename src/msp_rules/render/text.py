"""Plain text for a terminal."""

from __future__ import annotations

import textwrap

from ._sections import (
    STATUS_WORDS,
    Renderable,
    answer_text,
    citation_text,
    grouped_answers,
    pathway_text,
    provenance_line,
    rule_ids,
    scope_text,
    shown_pathways,
    split,
    value_text,
)

WIDTH = 100


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def render_text(subject: Renderable, full: bool = False) -> str:
    """A Decision or Explanation as plain text: outcome first, then actions, unknowns, why-not, trace.

    ``full`` adds the why-not of every required action, not only of answers and grounds.
    """
    decision, explanation = split(subject)
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
                             f"Allows: {scope_text(ground.licenses)}."))
    out.append("\nREQUIRED ACTIONS")
    for action in decision.required_actions:
        marker = "-" if action.status == "required" else "? (if confirmed)"
        out.append(_wrap(f"{marker} {action.text} [{', '.join(action.rules)}]"))
    if decision.information_needed:
        out.append("\nINFORMATION NEEDED (most consequential first)")
        for number, item in enumerate(decision.information_needed, 1):
            out.append(_wrap(f"{number}. {item.question} ({item.path})"))
            for effect in item.effects:
                out.append(_wrap(effect, "     "))
            law = "; ".join(citation_text(c.instrument, c.provision) for c in item.citations)
            out.append(_wrap(f"Why ask: {law} [{rule_ids(item.rules)}]", "     "))
    if decision.presumptions:
        out.append("\nNOT RECORDED, SO PRESUMED (confirm or correct)")
        for presumption in decision.presumptions:
            out.append(_wrap(f"- {presumption.question} ({presumption.path}) [{', '.join(presumption.rules)}]"))
            out.append(_wrap(presumption.reading, "     "))
    if explanation is not None:
        if explanation.what_would_change:
            out.append("\nWHAT WOULD CHANGE THE OUTCOME (checked by re-evaluating the changed case)")
            for cf in explanation.what_would_change:
                out.append(_wrap(f"- {cf.title} {cf.now} -> {cf.then}, if: {' AND '.join(cf.texts)}"))
        out.append("\nWHY / WHY NOT" + (" (every pathway)" if full else " (answers and grounds; --why-not for all)"))
        for pathway in shown_pathways(explanation, full):
            out.append(_wrap(f"[{STATUS_WORDS[pathway.status]}] {pathway.label}"))
            out.append(_wrap(pathway_text(pathway), "      "))
    if decision.notes:
        out.append("\nPROFESSIONAL JUDGEMENT")
        for note in decision.notes:
            out.append(_wrap(f"- {note.text} [{note.rule}]"))
    out.append("\nTRACE (rules that applied, in order)")
    for entry in decision.trace:
        out.append(f"  {entry.rule}: {entry.title}  ({entry.source})")
        out.append(_wrap("because: " + "; ".join(f"{f.path} = {value_text(f.value)}" for f in entry.facts), "      "))
        out.append(_wrap("concluded: " + "; ".join(entry.conclusions), "      "))
        if entry.overrode:
            out.append(_wrap("prevailed over: " + ", ".join(entry.overrode), "      "))
        out.append(_wrap("law: " + "; ".join(citation_text(c.instrument, c.provision) for c in entry.citations),
                         "      "))
    out.append("\n" + textwrap.fill(provenance_line(decision), WIDTH))
    return "\n".join(out) + "\n"
