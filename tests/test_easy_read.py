"""The easy-read summary for the adult: plain words from the rule files, settled things only."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from msp_rules import decide, load_rules
from msp_rules.render import render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DAY = date(2026, 11, 29)


def easy(name: str) -> str:
    case = json.loads((EXAMPLES / name).read_text())
    return render(decide(case, engine="reference", as_at=DAY), "easy-read")


def test_overridden_refusal_says_what_we_will_share_and_why() -> None:
    text = easy("domestic-abuse-children-at-risk.json")
    assert text.index("[For the practitioner") < text.index("What we are going to do, and why")
    assert "You said no. But we may still need to tell other people" in text
    assert "Other people, like children, may be in danger of serious harm." in text
    assert "We will tell children's services" in text
    assert "Nobody can make you move home" in text


def test_a_respected_refusal_says_so_and_keeps_the_door_open() -> None:
    text = easy("respect-capacitous-refusal.json")
    assert "That is your choice, and we will respect it." in text
    assert "Why we may need to act" not in text
    assert "We will keep in touch." in text


def test_only_settled_things_are_said_as_settled() -> None:
    text = easy("incomplete-record.json")
    assert "Some things are not decided yet." in text
    assert "You said" not in text  # consent is not on record


def easy_read_texts() -> list[str]:
    rules = load_rules()
    texts = [v.easy_read for f in rules.findings.values() for v in f.values.values()]
    texts += [g.easy_read for g in rules.grounds.values()] + [a.easy_read for a in rules.actions.values()]
    return [t for t in texts if t]


@pytest.mark.parametrize("text", easy_read_texts())
def test_easy_read_wording_is_plain(text: str) -> None:
    assert not re.search(r"\b(s\d+|MCA|Care Act|GDPR|para|reg|Sch)\b", text), "no legal references"
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        assert len(sentence.split()) <= 25, f"sentence too long: {sentence}"
