"""Start the real stack (trained Rasa + web app) and score it on the labelled dev set.

    .venvs/web/bin/python scripts/evaluate.py [--eval-file F] [--no-locale] [--json out.json]

Runs ../shared/eval/score.py through the public HTTP contract and prints its figures:
accuracy, macro-F1, per topic and per language, crisis recall and false alarms, latency."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import stack  # noqa: E402

SHARED = stack.ROOT.parent / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-file", default=str(SHARED / "dev_eval.jsonl"))
    parser.add_argument("--no-locale", action="store_true", help="let the app detect languages")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="lpt-eval-") as tmp:
        logs = Path(tmp)
        rasa_port, web_port = stack.free_port(), stack.free_port()
        rasa_url, web_url = f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{web_port}"
        rasa = stack.start_rasa(rasa_port, logs)
        web = stack.start_web(web_port, rasa_url, f"sqlite:///{logs / 'eval.sqlite3'}", logs)
        try:
            waited = stack.wait_until(lambda: stack.rasa_ready(rasa_url), rasa, 300, "ready")
            print(f"Rasa ready after {waited:.0f} s", flush=True)
            stack.wait_until(lambda: stack.web_ready(web_url), web, 60, "ready")
            command = [
                sys.executable,
                str(SHARED / "score.py"),
                args.eval_file,
                "--url",
                web_url,
                "--show-misses",
                "40",
            ]
            if args.no_locale:
                command.append("--no-locale")
            if args.json:
                command += ["--json", args.json]
            return subprocess.run(command, check=False).returncode
        finally:
            web.stop()
            rasa.stop()


if __name__ == "__main__":
    sys.exit(main())
