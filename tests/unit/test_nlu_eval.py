"""The understanding scorer (scripts/nlu_eval.py) behind `make evaluate` and the gate."""

from __future__ import annotations

import json

import pytest

from scripts import nlu_eval
from scripts.nlu_eval import Case


def cases_and_answers() -> tuple[list[Case], list[str]]:
    cases = [
        Case("my son is waiting for camhs", "en", "camhs"),
        Case("memory cafe times", "en", "memory_cafe"),
        Case("what is the weather", "en", "out_of_scope"),
        Case("czy mogę zmienić wizytę", "pl", "booking"),
    ]
    answers = ["camhs", "camhs", "fallback", "booking"]
    return cases, answers


def test_accuracy_counts_fallback_as_right_for_out_of_scope_only() -> None:
    result = nlu_eval.figures(*cases_and_answers())
    assert result.accuracy == pytest.approx(3 / 4)
    assert result.by_language == {"en": pytest.approx(2 / 3), "pl": 1.0}
    assert result.by_topic["memory_cafe"] == 0.0


def test_confusions_name_the_gold_and_the_answered_topic() -> None:
    result = nlu_eval.figures(*cases_and_answers())
    assert result.confusions == [("memory_cafe", "camhs", 1)]
    assert [case.text for case, _ in result.misses] == ["memory cafe times"]


def test_macro_f1_averages_each_topic() -> None:
    # camhs: tp 1, fp 1 -> 2/3; memory_cafe: 0; out_of_scope: 1; booking: 1
    result = nlu_eval.figures(*cases_and_answers())
    assert result.macro_f1 == pytest.approx((2 / 3 + 0 + 1 + 1) / 4)


def test_the_gate_names_each_figure_below_its_floor() -> None:
    result = nlu_eval.figures(*cases_and_answers())
    floors = {"accuracy": 0.8, "macro_f1": 0.5, "lang_pl": 0.9, "lang_en": 0.7}
    assert nlu_eval.below_gate(result, floors) == [
        "accuracy 0.750 < 0.800",
        "lang_en 0.667 < 0.700",
    ]
    assert nlu_eval.below_gate(result, {"accuracy": 0.75}) == []


def test_floors_sit_two_standard_errors_under_each_figure_wider_for_fewer_messages() -> None:
    many = [Case(f"line {i}", "en", "camhs") for i in range(400)]
    few = [Case(f"linia {i}", "pl", "camhs") for i in range(100)]
    cases = many + few
    answers = ["camhs"] * 360 + ["booking"] * 40 + ["camhs"] * 90 + ["booking"] * 10
    floors = nlu_eval.floors_from(nlu_eval.figures(cases, answers), cases)
    # 0.90 on 400 messages: 2 x 0.015 under; 0.90 on 100: 2 x 0.03 under (rounded down).
    assert floors["lang_en"] == 0.87 and floors["lang_pl"] == 0.84
    assert floors["accuracy"] == 0.87
    assert nlu_eval.below_gate(nlu_eval.figures(cases, answers), floors) == []
    # Setting the gate again never lowers a floor.
    assert nlu_eval.raised({"lang_pl": 0.86}, floors)["lang_pl"] == 0.86
    assert nlu_eval.raised({"lang_pl": 0.80}, floors)["lang_pl"] == 0.84


def test_the_shipped_gate_and_test_set_are_there_in_every_language() -> None:
    floors = nlu_eval.gate()
    assert {"accuracy", "macro_f1"} <= floors.keys()
    assert all(0 < floor <= 1 for floor in floors.values())
    cases = nlu_eval.load(nlu_eval.test_set_files())
    assert {case.lang for case in cases} == {
        "en",
        "gu",
        "pa",
        "ur",
        "pl",
        "so",
        "ar",
        "bn",
        "ro",
        "pt",
    }


def test_the_test_set_is_never_in_the_assistants_training_data() -> None:
    from webapp.services.safety import training
    from webapp.services.safety.reading import Reading

    trained = {example.text for example in training.bot_examples()}
    tested = {Reading.of(case.text).text for case in nlu_eval.load(nlu_eval.test_set_files())}
    assert tested and not (tested & trained)


def test_a_test_set_line_has_text_language_and_a_contract_topic() -> None:
    topics = {
        "crisis",
        "camhs",
        "memory_cafe",
        "play_and_stay",
        "nhs_111",
        "booking",
        "human_handoff",
        "greeting",
        "goodbye",
        "thanks",
        "language",
        "out_of_scope",
    }
    for path in nlu_eval.test_set_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            assert item["topic"] in topics, (path.name, item)
            assert item["text"].strip() and item["lang"] == path.stem


def test_the_test_set_holds_no_sentence_of_the_dev_set() -> None:
    from scripts.fingerprint_dev_set import FINGERPRINTS, fingerprint

    dev = set(FINGERPRINTS.read_text().split())
    tested = {fingerprint(case.text) for case in nlu_eval.load(nlu_eval.test_set_files())}
    assert tested and not (tested & dev)


def test_the_assistant_is_never_trained_on_a_sentence_of_the_test_set() -> None:
    from scripts.fingerprint_dev_set import fingerprint
    from webapp.services.safety import training

    tested = {fingerprint(case.text) for case in nlu_eval.load(nlu_eval.test_set_files())}
    trained = {fingerprint(example.text) for example in training.bot_examples()}
    assert len(trained) > 3000
    assert not (tested & trained)
