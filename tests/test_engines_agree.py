"""The durable_rules engine and the reference semantics reach identical decisions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from msp_rules import Case, decide
from msp_rules.engines import durable_available
from msp_rules.testing.strategies import DEFAULT_AS_AT, cases

pytestmark = pytest.mark.skipif(not durable_available(), reason="durable_rules does not install on this Python")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_both_engines_reach_the_same_decision(case: Case) -> None:
    durable = decide(case, engine="durable", as_at=DEFAULT_AS_AT)
    reference = decide(case, engine="reference", as_at=DEFAULT_AS_AT)
    assert durable.model_dump(exclude={"provenance"}) == reference.model_dump(exclude={"provenance"})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(unknown_rate=0.05))
def test_both_engines_agree_on_nearly_complete_records(case: Case) -> None:
    assert decide(case, engine="durable", as_at=DEFAULT_AS_AT).fired() == \
        decide(case, engine="reference", as_at=DEFAULT_AS_AT).fired()
