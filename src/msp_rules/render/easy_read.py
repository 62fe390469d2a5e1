"""An easy-read summary for the adult: what we are going to do, and why.

Every sentence comes from the rule files (``easy_read`` on finding values, grounds and
actions), so the wording is reviewed with the law it explains. Only what is settled is
said as settled; anything waiting on unknown facts is said to be not yet decided.
"""

from __future__ import annotations

from ._sections import Renderable, split

HEADING = "What we are going to do, and why"
CHECK = ("[For the practitioner: give this to the adult only if telling them would not increase the risk to "
         "them or anyone else, or prejudice an investigation.]")


def render_easy_read(subject: Renderable, full: bool = False) -> str:
    """Short sentences in plain words, to the adult, in the order that matters to them."""
    decision, _ = split(subject)
    out = [CHECK, "", HEADING, "=" * len(HEADING), ""]
    about_you = [a.easy_read for a in decision.answers if a.easy_read and a.status in ("established", "default")]
    if about_you:
        out.append("What this means for you")
        out.extend(f"- {text}" for text in about_you)
        out.append("")
    reasons = [g.easy_read for g in decision.grounds if g.easy_read and g.status == "applies"]
    if reasons:
        out.append("Why we may need to act")
        out.extend(f"- {text}" for text in reasons)
        out.append("")
    steps = [a.easy_read for a in decision.required_actions if a.easy_read and a.status == "required"]
    if steps:
        out.append("What we will do")
        out.extend(f"- {text}" for text in dict.fromkeys(steps))
        out.append("")
    if decision.provisional:
        out.append("Some things are not decided yet. We need to find out more first.")
        out.append("When we know more, we will talk with you again.")
        out.append("")
    out.append("You can ask us about any of this at any time.")
    return "\n".join(out) + "\n"
