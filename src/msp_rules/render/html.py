"""A self-contained HTML report (inline CSS, no scripts, no network), print-friendly."""

from __future__ import annotations

from html import escape

from ..decision import Answer, CitationRef, Decision
from ..explain import Explanation
from ._sections import (
    STATUS_WORDS,
    Renderable,
    account_text,
    answer_text,
    citation_text,
    grouped_answers,
    rule_ids,
    scope_text,
    shown_pathways,
    split,
    value_text,
)

CSS = """
:root{--ink:#1b1f24;--muted:#5b6570;--line:#d6dbe1;--accent:#1f4e79;--ok:#1e6b3a;--warn:#8a5a00;--no:#8b1e1e}
*{box-sizing:border-box}
body{font:15px/1.5 "Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);margin:0;background:#f4f6f8}
main{max-width:980px;margin:24px auto;background:#fff;padding:40px 48px;border:1px solid var(--line)}
header{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:20px}
h1{font-size:24px;margin:0 0 4px;color:var(--accent)}
h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line);color:var(--accent)}
h3{font-size:15px;margin:18px 0 6px}
.meta{color:var(--muted);font-size:13px}
.banner{padding:10px 14px;margin:16px 0;border-left:5px solid var(--warn);background:#fff6e0}
.banner.final{border-color:var(--ok);background:#eaf5ee}
table{width:100%;border-collapse:collapse;margin:6px 0 12px;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:#eef2f6;font-weight:600}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.s-established,.s-applies,.s-fired,.s-required{background:#e3f1e7;color:var(--ok)}
.s-undetermined,.s-possibly_required{background:#fff1d6;color:var(--warn)}
.s-default,.s-not_reached,.s-blocked,.s-not_in_force{background:#eceff2;color:var(--muted)}
ol.info>li{margin-bottom:10px}
.effect{margin:2px 0}
.law{color:var(--muted);font-size:13px}
.rule{border:1px solid var(--line);border-radius:4px;padding:10px 14px;margin:10px 0;page-break-inside:avoid}
.rule .src{float:right;color:var(--muted);font-size:12px;font-family:monospace}
code{font-family:Consolas,monospace;font-size:13px;background:#f1f3f5;padding:0 3px}
a{color:var(--accent)}
ul.actions{list-style:none;padding-left:0}
ul.actions li{padding:3px 0 3px 26px;position:relative}
ul.actions li:before{content:"\\2610";position:absolute;left:4px}
footer{margin-top:32px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
@media print{body{background:#fff}main{border:0;margin:0;padding:0;max-width:none}
 a{color:inherit;text-decoration:none}h2{page-break-after:avoid}.rule,tr{page-break-inside:avoid}}
"""


def _badge(status: str, text: str | None = None) -> str:
    return f'<span class="badge s-{escape(status)}">{escape(text or status.replace("_", " "))}</span>'


def _cite(citation: CitationRef) -> str:
    text = escape(citation_text(citation.instrument, citation.provision))
    return f'<a href="{escape(citation.url)}">{text}</a>' if citation.url else text


def _rule_link(rule: str, fired: set[str]) -> str:
    return f'<a href="#rule-{escape(rule)}">{escape(rule)}</a>' if rule in fired else escape(rule)


def _answer_row(answer: Answer, fired: set[str]) -> str:
    rules = ", ".join(_rule_link(r, fired) for r in answer.rules)
    return (f"<tr><td>{escape(answer.title)}</td><td>{_badge(answer.status)} {escape(answer_text(answer))}</td>"
            f"<td>{rules}</td></tr>")


def render_html(subject: Renderable, full: bool = True) -> str:
    """A Decision or Explanation as one HTML document: outcome, actions, unknowns, why-not, trace."""
    decision, explanation = split(subject)
    fired = set(decision.fired())
    title = f"Safeguarding decision: case {decision.case_id}" if decision.case_id else "Safeguarding decision"
    body = [f"<header><h1>{escape(title)}</h1><div class='meta'>Evaluated as at "
            f"{decision.provenance.as_at} with rules {escape(decision.provenance.ruleset)} "
            f"{escape(decision.provenance.ruleset_version)}</div></header>"]
    if decision.provisional:
        body.append("<div class='banner' id='status'><strong>Provisional.</strong> Some answers depend on facts "
                    "not yet known; see <a href='#information-needed'>Information needed</a>.</div>")
    else:
        body.append("<div class='banner final' id='status'><strong>Complete on the facts recorded.</strong></div>")
    body.append(_outcome(decision, fired))
    body.append(_actions(decision, fired))
    body.append(_information(decision))
    if decision.presumptions:
        body.append(_presumptions(decision, fired))
    if explanation is not None:
        body.append(_what_would_change(explanation))
        body.append(_why_not(explanation, full))
    if decision.notes:
        body.append("<section id='judgement'><h2>Professional judgement needed</h2><ul>"
                    + "".join(f"<li>{escape(n.text)} ({_rule_link(n.rule, fired)})</li>" for n in decision.notes)
                    + "</ul></section>")
    body.append(_trace(decision))
    body.append(_provenance(decision))
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{escape(title)}</title>"
            f"<style>{CSS}</style></head><body><main>{''.join(body)}</main></body></html>\n")


def _outcome(decision: Decision, fired: set[str]) -> str:
    parts = ["<section id='outcome'><h2>Outcome</h2>"]
    for group, answers in grouped_answers(decision):
        parts.append(f"<h3>{escape(group)}</h3><table><thead><tr><th style='width:38%'>Question</th><th>Answer</th>"
                     "<th style='width:12%'>Rules</th></tr></thead><tbody>"
                     + "".join(_answer_row(a, fired) for a in answers) + "</tbody></table>")
    if decision.grounds:
        parts.append("<h3>Grounds for acting without consent</h3><table><thead><tr><th>Ground</th><th>Tier</th>"
                     "<th>Status</th><th>Allows</th></tr></thead><tbody>")
        for g in decision.grounds:
            parts.append(f"<tr><td><strong>{escape(g.id)}</strong> {escape(g.title)}</td><td>{escape(g.tier)}</td>"
                         f"<td>{_badge(g.status)}</td><td>{escape(scope_text(g.licenses))}</td></tr>")
        parts.append("</tbody></table>")
    return "".join(parts) + "</section>"


def _actions(decision: Decision, fired: set[str]) -> str:
    items = "".join(
        f"<li>{escape(a.text)} {_badge(a.status, 'if confirmed') if a.status != 'required' else ''} "
        f"<span class='law'>({', '.join(_rule_link(r, fired) for r in a.rules)})</span></li>"
        for a in decision.required_actions)
    return f"<section id='required-actions'><h2>Required actions</h2><ul class='actions'>{items}</ul></section>"


def _information(decision: Decision) -> str:
    if not decision.information_needed:
        return ("<section id='information-needed'><h2>Information needed</h2><p>Nothing: no answer depends on an "
                "unknown fact.</p></section>")
    items = []
    for item in decision.information_needed:
        effects = "".join(f"<div class='effect'>{escape(e)}</div>" for e in item.effects)
        law = "; ".join(_cite(c) for c in item.citations)
        items.append(f"<li><strong>{escape(item.question)}</strong> <code>{escape(item.path)}</code>{effects}"
                     f"<div class='law'>Why ask: {law} ({escape(rule_ids(item.rules))})</div></li>")
    return ("<section id='information-needed'><h2>Information needed</h2><p class='meta'>Most consequential "
            f"first.</p><ol class='info'>{''.join(items)}</ol></section>")


def _presumptions(decision: Decision, fired: set[str]) -> str:
    items = "".join(
        f"<li><strong>{escape(p.question)}</strong> <code>{escape(p.path)}</code><div class='effect'>"
        f"{escape(p.reading)}</div><div class='law'>({', '.join(_rule_link(r, fired) for r in p.rules)})</div></li>"
        for p in decision.presumptions)
    return ("<section id='presumptions'><h2>Not recorded, so presumed</h2><p class='meta'>Confirm or correct each: "
            f"the rules read a silent record as stated.</p><ul class='info'>{items}</ul></section>")


def _what_would_change(explanation: Explanation) -> str:
    if not explanation.what_would_change:
        return ("<section id='what-would-change'><h2>What would change the outcome</h2><p>No change a practitioner "
                "can make would change an answer.</p></section>")
    rows = "".join(
        f"<tr><td>{escape(cf.title)}</td><td>{escape(cf.now)}</td><td>{escape(cf.then)}</td>"
        f"<td>{'<br><em>and</em> '.join(escape(t) for t in cf.texts)}</td></tr>"
        for cf in explanation.what_would_change)
    return ("<section id='what-would-change'><h2>What would change the outcome</h2><p class='meta'>The smallest sets "
            "of changes a practitioner can bring about; each was applied to the case and the case decided again."
            "</p><table><thead><tr><th>Outcome</th><th>Now</th><th>Would become</th><th>If</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")


def _why_not(explanation: Explanation, full: bool) -> str:
    rows = []
    for item in shown_pathways(explanation, full):
        reasons = "".join(f"<li>{escape(account_text(a))}</li>" for a in item.rules) or "<li>No rule concludes it; " \
            "it holds only when no other answer is established.</li>"
        rows.append(f"<tr><td>{escape(item.label)}</td><td>{_badge(item.status, STATUS_WORDS[item.status])}</td>"
                    f"<td><ul>{reasons}</ul></td></tr>")
    return ("<section id='why-not'><h2>Why, and why not</h2><p class='meta'>Every pathway the rules can reach: "
            "whether it applies, the conditions that blocked it, or the unknown facts it waits on.</p><table><thead>"
            "<tr><th style='width:34%'>Pathway</th><th>Status</th><th>Reason</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")


def _trace(decision: Decision) -> str:
    parts = ["<section id='trace'><h2>Trace: the rules that applied, in order</h2>"]
    for entry in decision.trace:
        facts = "".join(f"<tr><td><code>{escape(f.path)}</code></td><td>{escape(value_text(f.value))}</td></tr>"
                        for f in entry.facts)
        overrode = f"<p>Prevailed over: {escape(', '.join(entry.overrode))}</p>" if entry.overrode else ""
        parts.append(
            f"<div class='rule' id='rule-{escape(entry.rule)}'><span class='src'>{escape(entry.source)}</span>"
            f"<h3>{escape(entry.rule)}: {escape(entry.title)}</h3><p>{escape(entry.explanation)}</p>"
            f"<table><thead><tr><th>Fact</th><th>Value</th></tr></thead><tbody>{facts}</tbody></table>"
            f"<p><strong>Concluded:</strong> {escape('; '.join(entry.conclusions))}</p>{overrode}"
            f"<p class='law'>Law: {'; '.join(_cite(c) for c in entry.citations)}</p></div>")
    return "".join(parts) + "</section>"


def _provenance(decision: Decision) -> str:
    p = decision.provenance
    rows = [("Rules", f"{p.ruleset} {p.ruleset_version}"), ("Rules hash", p.ruleset_hash),
            ("Library", f"msp_rules {p.library_version}"), ("Engine", p.engine), ("Input hash", p.input_hash),
            ("As at", str(p.as_at))]
    cells = "".join(f"<tr><th>{escape(k)}</th><td><code>{escape(v)}</code></td></tr>" for k, v in rows)
    return (f"<footer id='provenance'><strong>Provenance</strong> (to reproduce this decision: "
            f"<code>msp-rules replay</code>)<table>{cells}</table></footer>")
