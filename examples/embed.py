"""How a case-management system embeds msp_rules.

Run: python examples/embed.py examples/*.json

The system maps its own record to the case model (unknown facts stay unset), asks for a
Decision, stores the Decision's JSON with the case (it carries the rules version and
hash, engine and input hash, so it can be replayed), and shows the practitioner the
answers, the required actions and the questions still open.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from msp_rules import CaseValidationError, Decision, decide, load_rules

RULES = load_rules()  # load once (validated, immutable); pass a directory for local rules


def decide_record(record: dict[str, object]) -> Decision | None:
    """Decide one record; a record that does not fit the case model is reported, not guessed."""
    try:
        return decide(record, RULES)
    except CaseValidationError as error:
        for field, problem in error.problems:
            print(f"  cannot decide: {field}: {problem}")
        return None


def main(paths: list[str]) -> None:
    for path in paths:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        print(f"{path}:")
        decision = decide_record(record)
        if decision is None:
            continue
        consent = decision.answer("act_without_consent")
        print(f"  acting without consent: {consent.value or consent.status}")
        for action in decision.required_actions:
            if action.status == "required":
                print(f"  must: {action.text}")
        for item in decision.information_needed[:3]:
            print(f"  ask: {item.question}")
        stored = decision.to_json()  # keep this with the case record for audit and replay
        print(f"  stored {len(stored)} bytes; rules {decision.provenance.ruleset_version}, "
              f"engine {decision.provenance.engine}")


if __name__ == "__main__":
    main(sys.argv[1:] or sorted(str(p) for p in Path(__file__).parent.glob("*.json")))
