"""Replay a recorded Decision: decide its case again and say what, if anything, differs.

The recorded provenance fixes the evaluation date and the engine; the rules are the
bundled rules unless others are given. The report says whether the new Decision is
byte-identical, whether the rules and the case are the ones recorded (their hashes), and
lists every answer, ground, action, unknown, note and trace entry that differs.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .api import decide, input_hash, parse_case
from .case import Case
from .decision import Decision, Provenance
from .engines import EngineName
from .ruleset import RuleSet

SECTIONS: dict[str, str] = {
    "answers": "key",
    "grounds": "id",
    "required_actions": "id",
    "information_needed": "path",
    "notes": "rule",
    "trace": "rule",
}
"""The Decision's lists compared item by item, and the field that identifies an item."""


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Difference(_Value):
    """One item that differs between the recorded and the replayed Decision."""

    section: str
    item: str
    change: Literal["added", "removed", "changed"]
    before: str | None = None
    after: str | None = None


class ReplayReport(_Value):
    """The outcome of a replay."""

    identical: bool
    """The replayed Decision is byte-for-byte the recorded one."""
    same_rules: bool
    same_input: bool
    recorded: Provenance
    replayed: Provenance
    differences: list[Difference]

    def summary(self) -> str:
        """A short plain-text account, one line per difference."""
        if self.identical:
            return (f"identical: the replay gives the recorded Decision (rules {self.recorded.ruleset_hash}, "
                    f"input {self.recorded.input_hash}, as at {self.recorded.as_at})")
        lines = ["DIFFERENT: the replay does not give the recorded Decision"]
        if not self.same_rules:
            lines.append(f"  rules changed: {self.recorded.ruleset} {self.recorded.ruleset_version} "
                         f"{self.recorded.ruleset_hash} -> {self.replayed.ruleset} {self.replayed.ruleset_version} "
                         f"{self.replayed.ruleset_hash}")
        if not self.same_input:
            lines.append(f"  case changed: input {self.recorded.input_hash} -> {self.replayed.input_hash}")
        for field in ("library_version", "engine"):
            before, after = getattr(self.recorded, field), getattr(self.replayed, field)
            if before != after:
                lines.append(f"  {field.replace('_', ' ')}: {before} -> {after}")
        for d in self.differences:
            detail = {"added": f"now {d.after}", "removed": f"was {d.before}",
                      "changed": d.after if d.before == d.after else f"{d.before} -> {d.after}"}[d.change]
            lines.append(f"  {d.section} {d.item}: {d.change}: {detail}")
        return "\n".join(lines)


def replay(recorded: Decision, case: Case | dict[str, Any], rules: RuleSet | None = None) -> ReplayReport:
    """Decide ``case`` again as ``recorded`` was decided (same date and engine) and compare."""
    parsed = parse_case(case)
    provenance = recorded.provenance
    engine: EngineName = "durable" if provenance.engine.startswith("durable") else "reference"
    again = decide(parsed, rules, engine=engine, as_at=provenance.as_at)
    return ReplayReport(
        identical=again.to_json() == recorded.to_json(),
        same_rules=again.provenance.ruleset_hash == provenance.ruleset_hash,
        same_input=input_hash(parsed) == provenance.input_hash,
        recorded=provenance,
        replayed=again.provenance,
        differences=_differences(recorded, again),
    )


def _differences(before: Decision, after: Decision) -> list[Difference]:
    found = []
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    for section, key in SECTIONS.items():
        was = {item[key]: item for item in old[section]}
        now = {item[key]: item for item in new[section]}
        for item in sorted(was.keys() | now.keys()):
            if item not in now:
                found.append(Difference(section=section, item=item, change="removed", before=_brief(was[item])))
            elif item not in was:
                found.append(Difference(section=section, item=item, change="added", after=_brief(now[item])))
            elif was[item] != now[item]:
                found.append(Difference(section=section, item=item, change="changed",
                                        before=_brief(was[item], now[item]), after=_brief(now[item], was[item])))
    if old["provisional"] != new["provisional"]:
        found.append(Difference(section="decision", item="provisional", change="changed",
                                before=str(old["provisional"]).lower(), after=str(new["provisional"]).lower()))
    return found


def _brief(item: dict[str, Any], other: dict[str, Any] | None = None) -> str:
    """An item in a few words; against ``other``, only the fields that differ."""
    if "status" in item and (other is None or item.get("status") != other.get("status")
                             or item.get("value") != other.get("value")):
        value = item.get("value") or ", ".join(item.get("candidates", []))
        return f"{item['status']}{': ' + value if value else ''}"
    if other is None:
        return str(item.get("status", "present"))
    return "differs in " + ", ".join(sorted(k for k in item if item[k] != other.get(k)))
