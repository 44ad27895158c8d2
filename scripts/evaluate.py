"""Start the real stack (trained Rasa + web app) and score it on the labelled dev set and on
the project's own test set.

    .venvs/web/bin/python scripts/evaluate.py [--eval-file F] [--no-locale] [--json out.json]

Runs ../shared/eval/score.py through the public HTTP contract and prints its figures:
accuracy, macro-F1, per topic and per language, crisis recall and false alarms, latency.
Then scores tests/nlu/ (scripts/nlu_eval.py) on the same stack, with its confusion pairs and
the gate that `make test` holds the model to."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import nlu_eval, stack  # noqa: E402

SHARED = stack.ROOT.parent / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-file", default=str(SHARED / "dev_eval.jsonl"))
    parser.add_argument("--no-locale", action="store_true", help="let the app detect languages")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    command = [sys.executable, str(SHARED / "score.py"), args.eval_file, "--show-misses", "40"]
    if args.no_locale:
        command.append("--no-locale")
    if args.json:
        command += ["--json", args.json]
    with stack.local_stack("lpt-eval-") as running:
        print(f"Rasa ready after {running.rasa_ready_after:.0f} s", flush=True)
        dev = subprocess.run([*command, "--url", running.web_url], check=False).returncode
        cases = nlu_eval.load(nlu_eval.test_set_files())
        if cases:
            answers = nlu_eval.answers_for(nlu_eval.through(running.web_url), cases)
            result = nlu_eval.figures(cases, answers)
            nlu_eval.report("the project's own test set (tests/nlu)", result, cases)
            failed = nlu_eval.below_gate(result, nlu_eval.gate())
            print("\nGate (tests/nlu/gate.json):", "; ".join(failed) if failed else "cleared")
        return dev


if __name__ == "__main__":
    sys.exit(main())
