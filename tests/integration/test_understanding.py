"""The gate on understanding: the trained assistant, asked through the public API, scores at
least the agreed floors (tests/nlu/gate.json) on the project's own test set (tests/nlu/),
which was written apart from the training data and is never trained on. Training is seeded,
so a data or pipeline change that makes the assistant worse fails here, not in use."""

from __future__ import annotations

from scripts import nlu_eval
from tests.support.live import LiveWeb


def test_the_assistant_understands_the_projects_own_test_set_at_least_as_well_as_agreed(
    web: LiveWeb,
) -> None:
    floors = nlu_eval.gate()
    assert {"accuracy", "macro_f1"} <= floors.keys(), "tests/nlu/gate.json names the floors"
    cases = nlu_eval.load(nlu_eval.test_set_files())
    assert len({case.lang for case in cases}) == 10
    result = nlu_eval.figures(cases, nlu_eval.answers_for(nlu_eval.through(web.url), cases))
    nlu_eval.report("tests/nlu", result, cases, misses=0)  # in the log when it fails
    assert not nlu_eval.below_gate(result, floors)
