"""The safety net's layers, as a specification: each catches what the one before it cannot,
each names the reply the message needs, and the hard negatives stay quiet.

The reviewed rules are specified case by case in test_safety.py; this file covers the concept
scorer, the classifier, reading several turns together, and the reply each kind of risk gets."""

from __future__ import annotations

import json

import numpy as np
import pytest

from scripts.fingerprint_dev_set import (
    DEV_SET,
    FINGERPRINTS,
    fingerprint,
    fingerprints_within,
    from_dev_set,
)
from webapp.services import safety
from webapp.services.safety import classifier, training
from webapp.services.safety.lexicon import CONCEPTS_DIR, LANGUAGES, load_frames, load_lexicon
from webapp.services.safety.reading import Reading


def fired(text: str, earlier: tuple[str, ...] = ()) -> safety.SafetyAssessment:
    found = safety.assess(text, earlier)
    assert found.is_crisis, f"missed: {text!r}"
    return found


# ------------------------------------------------------------------------- the concept scorer


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        ("would a whole box of co-codamol do it", "own_life.medicine_quantity"),
        ("how many of my nans amitriptyline would be fatal", "own_life.medicine_lethal"),
        (
            "is the multi storey by the station high enough, would you survive the fall",
            "own_life.means_lethal",
        ),
        ("by the time anyone reads this ill be gone", "own_life.finality"),
        ("the rope is already tied", "emergency.at_the_edge"),
        ("just drank a cup of bleach", "emergency.act_done_poison"),
    ],
)
def test_concepts_found_together_catch_what_no_rule_names(text: str, frame: str) -> None:
    assert safety.matching_rules(text) == []
    found = fired(text)
    assert (found.layer, found.rule_id) == ("concepts", frame)


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("my daughter keeps saying she wishes she was dead", safety.SOMEONE_ELSE),
        ("my best mate told me he has been cutting his arms", safety.SOMEONE_ELSE),
        (
            "my mum said she doesnt want to be here anymore and i dont know what to do",
            safety.SOMEONE_ELSE,
        ),
        ("i told my mum i want to die", safety.OWN_LIFE),
        ("my dad says i wont be here much longer", safety.SOMEONE_ELSE),
        ("i want to die", safety.OWN_LIFE),
        ("my grandad has collapsed and isnt breathing", safety.EMERGENCY),
        ("he has got a knife and he is hitting my mum", safety.EMERGENCY),
        ("ive taken 30 paracetamol", safety.EMERGENCY),
        ("i cant do this anymore", safety.CHECK_IN),
        # the same carer's words, but happening now
        ("dad has dementia and keeps leaving the hob on, i can smell gas now", safety.EMERGENCY),
        ("a man outside our flat with a knife shouting at my mum", safety.EMERGENCY),
        # conjugations and phrasings a lexicon lacked (Arabizi, Somali, Polish, Romanian, Urdu)
        ("teta wi2i3it fel matba5 w mish bitetnaffes", safety.EMERGENCY),
        ("walaashay waxay tiri caawa ayaan is dileysaa", safety.SOMEONE_ELSE),
        ("sidee baan u dhammeyn karaa noloshan", safety.OWN_LIFE),
        ("nie mam juz sily na nic, chce to wszystko szybko zakonczyc", safety.OWN_LIFE),
        ("as vrea sa termin cu totul, nu mai pot", safety.OWN_LIFE),
        ("اپنے آپ کو مار دینے کا سوچتا ہوں", safety.OWN_LIFE),
        ("abbu ammi ko maar peet kar rahe hain abhi", safety.EMERGENCY),
        ("what is even the point of me", safety.CHECK_IN),
    ],
)
def test_each_kind_of_risk_names_its_reply(text: str, reply: str) -> None:
    assert fired(text).reply == reply


@pytest.mark.parametrize(
    "text",
    [
        "this homework is literally killing me",
        "i overdosed on haribo last night lol",
        "im dying to see the new spiderman",
        "said goodbye to my mates at the station",
        "how much calpol can i give my 2 year old",
        "can i take ibuprofen and paracetamol together",
        "we are doing a school project on suicide prevention",
        "my 2 year old isnt talking yet, is that normal",
        "my son wont wake up for school in the morning",
        "cut my finger chopping onions, do i need a plaster",
        "last day of term today, so happy",
        "is the train to leicester running on sunday",
        # a habit told by a carer, not a danger now
        "my dad has dementia and keeps leaving the hob on, what help is there",
        "babcia zostawia czesto wlaczony gaz, gdzie szukac pomocy",
        # a kitchen cut, and a wait counted in months (Somali "bilood")
        "sliced my thumb with a knife making tea, where can i get it glued",
        "6 bilood ayaan sugayay wax war ah ma helin",
        # the same words about homework and illness
        "musze szybko skonczyc to zadanie bo nie mam sily",
        "jestem chory i nie mam juz sily",
        "vreau sa termin cu toate temele azi",
        "is dil mein bahut dard hai",
    ],
)
def test_hard_negatives_get_no_safety_reply(text: str) -> None:
    found = safety.assess(text)
    assert not found.is_crisis, f"false alarm: {text!r} ({found.layer} {found.rule_id})"


def test_an_idiom_silences_only_what_it_is_next_to() -> None:
    text = "got a detention for my tie lol anyway i think about killing myself most nights"
    assert fired(text).reply == safety.OWN_LIFE


def test_a_study_cue_does_not_hide_a_disclosure_further_on() -> None:
    text = "i did a project on suicide for school and now i feel suicidal myself"
    assert fired(text).layer == "rules"


def test_every_language_has_a_concept_lexicon_that_loads() -> None:
    for language in LANGUAGES:
        path = CONCEPTS_DIR / f"{language}.yml"
        assert path.exists(), path
    lexicon = load_lexicon()
    assert {"suicide", "medicine", "emergency_state", "hopeless"} <= set(lexicon.patterns)


def test_a_frame_of_modifiers_alone_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    frames = tmp_path / "frames.yml"  # type: ignore[operator]
    frames.write_text("frames:\n  - {id: x, reply: own_life, needs: [other, idiom]}\n")
    with pytest.raises(ValueError, match="modifier"):
        load_frames(frames)


# ------------------------------------------------------------------------- the classifier


def test_the_classifier_for_the_current_corpus_is_trained_and_loads() -> None:
    path = classifier.model_path()
    if not path.exists():
        pytest.fail(f"No safety classifier at {path}: run `make train-safety`", pytrace=False)
    model = classifier.load(path)
    meta = json.loads(path.with_suffix(".json").read_text())
    assert model.threshold == meta["threshold"]
    assert meta["cv_false_alarms_added"] <= training.TARGET_FALSE_ALARMS


def test_the_threshold_counts_only_the_false_alarms_the_classifier_adds() -> None:
    # Ten hard negatives; the two highest scores the rules already flag, so the classifier's
    # one allowed false alarm (10%) is the next one down.
    scores = np.array([0.99, 0.98, 0.9, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
    settled = np.array([True, True, False, False, False, False, False, False, False, False])
    threshold = training.choose_threshold(scores, settled, target=0.1)
    assert 0.8 < threshold <= 0.9
    added = (scores >= threshold) & ~settled
    assert added.sum() == 1


def test_the_classifier_scores_risk_above_its_threshold_and_ordinary_questions_below() -> None:
    model = classifier.current()
    assert model is not None
    risky = model.score(Reading.of("i want to end my life tonight").text)
    ordinary = model.score(Reading.of("what time does the memory cafe open on tuesday").text)
    assert risky.is_risk and risky.reply in safety.REPLIES
    assert not ordinary.is_risk and 0.0 <= ordinary.probability < risky.probability


def test_the_classifiers_own_arithmetic_gives_the_pipelines_probabilities() -> None:
    # The live score skips scikit-learn's per-call checks (classifier.LinearRisk); it must
    # give exactly what the trained pipeline gives, on risk messages and ordinary ones.
    model = classifier.current()
    assert model is not None and model.linear is not None
    examples = list(training.corpus_examples())[::97] + list(training.bot_examples())[::211]
    texts = [e.text for e in examples] + ["", "a"]
    assert len(texts) > 100
    expected = model.risk.predict_proba(texts)[:, 1]
    got = [model.linear.probability(text) for text in texts]
    assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) < 1e-9


def heldout_texts() -> set[str]:
    """Every held-out message, normalised."""
    heldout_dir = training.ROOT / "safety_corpus" / "heldout"
    return {
        Reading.of(json.loads(line)["text"]).text
        for path in heldout_dir.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def test_the_held_out_corpus_is_never_in_the_training_part() -> None:
    train = {e.text for e in training.corpus_examples()}
    heldout = heldout_texts()
    assert heldout and not (heldout & train)


def test_the_held_out_corpus_holds_no_sentence_of_the_dev_set() -> None:
    # Held-out writers, like training writers, can land on a dev-set sentence word for word
    # ("nu mai vreau să trăiesc" did): the dev set measures on its own, so it is left out.
    dev = set(FINGERPRINTS.read_text().split())
    assert not {text for text in heldout_texts() if fingerprint(text) in dev}


def test_the_dev_set_is_in_no_training_data_of_the_classifier_or_the_assistant() -> None:
    # The dev set is outside the repository; its fingerprints (scripts/fingerprint_dev_set.py)
    # are in it, so this runs on any machine.
    dev = set(FINGERPRINTS.read_text().split())
    assert len(dev) > 200
    examples = (*training.corpus_examples(), *training.bot_examples())
    trained_on = {fingerprint(e.text) for e in examples}
    assert not (dev & trained_on)


def test_no_training_line_holds_a_dev_set_message_inside_longer_words() -> None:
    # A copy with a word added ("... deloc") is still a copy: every run of three or more
    # words in a training line is checked against the dev set's fingerprints.
    dev = set(FINGERPRINTS.read_text().split())
    examples = (*training.corpus_examples(), *training.bot_examples())
    holding = [e.text for e in examples if fingerprints_within(e.text) & dev]
    assert holding == []


def test_a_dev_message_inside_longer_words_is_found_by_its_fingerprint() -> None:
    message = "Nobody would notice if I was gone"
    assert fingerprint(message) in fingerprints_within(f"honestly {message.lower()}, would they")
    assert fingerprint(message) not in fingerprints_within("nobody would notice if i left")


def test_the_dev_set_fingerprints_are_those_of_the_dev_set_where_it_is_present() -> None:
    if DEV_SET.exists():
        assert set(FINGERPRINTS.read_text().split()) == set(from_dev_set())
    else:
        assert FINGERPRINTS.read_text().strip(), "no fingerprints and no dev set to make them"


def test_the_corpus_has_enough_messages_of_every_kind_in_every_language() -> None:
    counts: dict[tuple[str, bool], int] = {}
    for part in ("train", "heldout"):
        for path in (training.ROOT / "safety_corpus" / part).glob("*.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                key = (item["lang"], item["risk"])
                counts[key] = counts.get(key, 0) + 1
    for language in LANGUAGES:
        assert counts[(language, True)] >= 150, language
        assert counts[(language, False)] >= 100, language


def test_wishing_to_sleep_forever_is_risk_but_tired_enough_to_sleep_for_a_week_is_not() -> None:
    assert safety.assess("so tired of it all, i wish i could sleep forever").is_crisis
    tired = "that shift was brutal, so knackered i could sleep for a week"
    assert not safety.assess(tired).is_crisis


# ------------------------------------------------------------------------- across turns


def test_risk_said_over_several_short_messages_adds_up() -> None:
    earlier = ("no one cares", "im done")
    for text in earlier:
        assert not safety.assess(text).is_crisis
    found = fired("bye", earlier)
    assert found.layer == "across_turns"


def test_ordinary_turns_read_together_stay_quiet() -> None:
    earlier = ("hello", "my son is 15", "he is anxious about his exams")
    assert not safety.assess("how long is the wait for camhs", earlier).is_crisis
