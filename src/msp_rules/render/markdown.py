"""Markdown for case notes."""

from __future__ import annotations

from ..decision import CitationRef
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


def _link(citation: CitationRef) -> str:
    text = citation_text(citation.instrument, citation.provision)
    return f"[{text}]({citation.url})" if citation.url else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(subject: Renderable, full: bool = False) -> str:
    """A Decision or Explanation as Markdown, to paste into a case record."""
    decision, explanation = split(subject)
    out: list[str] = []
    out.append(f"# Safeguarding decision: case {decision.case_id}" if decision.case_id else "# Safeguarding decision")
    if decision.provisional:
        out.append("\n> **Provisional**: this depends on facts not yet known (see *Information needed*).")
    for group, answers in grouped_answers(decision):
        out.append(f"\n## {group}\n")
        for answer in answers:
            out.append(f"- **{answer.title}** {answer_text(answer)}")
    if decision.grounds:
        out.append("\n## Grounds for acting without consent\n")
        out.append("| Ground | Tier | Status | Allows |\n|---|---|---|---|")
        for g in decision.grounds:
            out.append(f"| {g.id}: {_cell(g.title)} | {g.tier} | {g.status} | {scope_text(g.licenses)} |")
    out.append("\n## Required actions\n")
    for action in decision.required_actions:
        box = "[ ]" if action.status == "required" else "[?]"
        out.append(f"- {box} {action.text} *({', '.join(action.rules)})*")
    if decision.information_needed:
        out.append("\n## Information needed\n")
        for number, item in enumerate(decision.information_needed, 1):
            out.append(f"{number}. **{item.question}** (`{item.path}`)")
            out.extend(f"   - {effect}" for effect in item.effects)
            out.append(f"   - Why ask: {'; '.join(_link(c) for c in item.citations)} *({rule_ids(item.rules)})*")
    if decision.presumptions:
        out.append("\n## Not recorded, so presumed\n")
        out.append("Confirm or correct each of these: the rules read a silent record as stated.\n")
        for presumption in decision.presumptions:
            out.append(f"- **{presumption.question}** (`{presumption.path}`, *{', '.join(presumption.rules)}*): "
                       f"{presumption.reading}")
    if explanation is not None:
        if explanation.what_would_change:
            out.append("\n## What would change the outcome\n")
            out.append("Each change below was applied to the case and the case decided again.\n")
            out.append("| Outcome | Now | Would become | If |\n|---|---|---|---|")
            for cf in explanation.what_would_change:
                out.append(f"| {_cell(cf.title)} | {_cell(cf.now)} | {_cell(cf.then)} | "
                           f"{_cell(' **and** '.join(cf.texts))} |")
        out.append("\n## Why, and why not\n")
        for pathway in shown_pathways(explanation, full):
            out.append(f"- **{STATUS_WORDS[pathway.status]}**: {pathway.label}  \n  {pathway_text(pathway)}")
    if decision.notes:
        out.append("\n## Professional judgement needed\n")
        out.extend(f"- {note.text} *({note.rule})*" for note in decision.notes)
    out.append("\n## Trace\n")
    for entry in decision.trace:
        out.append(f"### {entry.rule}: {entry.title}\n")
        out.append(entry.explanation + "\n")
        out.append("- Facts: " + ", ".join(f"`{f.path}` = `{value_text(f.value)}`" for f in entry.facts))
        out.append("- Concluded: " + "; ".join(entry.conclusions))
        if entry.overrode:
            out.append("- Prevailed over: " + ", ".join(entry.overrode))
        out.append("- Law: " + "; ".join(_link(c) for c in entry.citations))
        out.append(f"- Source: `{entry.source}`\n")
    out.append(f"---\n*{provenance_line(decision)}.*")
    return "\n".join(out) + "\n"
