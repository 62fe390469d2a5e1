"""Markdown for case notes."""

from __future__ import annotations

from ..decision import Decision
from ._sections import answer_text, citation_text, grouped_answers


def _link(instrument: str, provision: str, url: str | None) -> str:
    text = citation_text(instrument, provision)
    return f"[{text}]({url})" if url else text


def render_markdown(decision: Decision) -> str:
    """The Decision as Markdown, suitable to paste into a case record."""
    out: list[str] = []
    heading = f"# Safeguarding decision: case {decision.case_id}" if decision.case_id else "# Safeguarding decision"
    out.append(heading)
    if decision.provisional:
        out.append("\n> **Provisional**: this depends on facts not yet known (see *Information needed*).")
    for group, answers in grouped_answers(decision):
        out.append(f"\n## {group}\n")
        for answer in answers:
            out.append(f"- **{answer.title}** {answer_text(answer)}")
    if decision.grounds:
        out.append("\n## Grounds for acting without consent\n")
        out.append("| Ground | Tier | Status | Licenses |\n|---|---|---|---|")
        for g in decision.grounds:
            out.append(f"| {g.id}: {g.title} | {g.tier} | {g.status} | {', '.join(g.licenses)} |")
    out.append("\n## Required actions\n")
    for action in decision.required_actions:
        box = "[ ]" if action.status == "required" else "[?]"
        out.append(f"- {box} {action.text} *({', '.join(action.rules)})*")
    if decision.information_needed:
        out.append("\n## Information needed\n")
        for i, item in enumerate(decision.information_needed, 1):
            out.append(f"{i}. {item.question} (`{item.path}`): could change {'; '.join(item.could_change)}")
    if decision.notes:
        out.append("\n## Professional judgement needed\n")
        out.extend(f"- {note.text} *({note.rule})*" for note in decision.notes)
    out.append("\n## Trace\n")
    for entry in decision.trace:
        out.append(f"### {entry.rule}: {entry.title}\n")
        out.append(entry.explanation + "\n")
        out.append("- Facts: " + ", ".join(f"`{f.path}` = `{f.value}`" for f in entry.facts))
        out.append("- Concluded: " + "; ".join(entry.conclusions))
        if entry.overrode:
            out.append("- Prevailed over: " + ", ".join(entry.overrode))
        out.append("- Law: " + "; ".join(_link(c.instrument, c.provision, c.url) for c in entry.citations))
        out.append(f"- Source: `{entry.source}`\n")
    p = decision.provenance
    out.append(f"---\n*Rules {p.ruleset} {p.ruleset_version} (`{p.ruleset_hash}`), msp_rules {p.library_version}, "
               f"engine {p.engine}, as at {p.as_at}; input `{p.input_hash}`.*")
    return "\n".join(out) + "\n"
