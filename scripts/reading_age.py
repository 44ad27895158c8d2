"""Print each English guide's measured reading age (Flesch-Kincaid grade + 5 years), and
the grade of its easy-read text.

.venvs/web/bin/python scripts/reading_age.py"""

from __future__ import annotations

import sys
from pathlib import Path

import textstat
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.guides.markdown import plain  # noqa: E402

GUIDES = Path(__file__).resolve().parent.parent / "content" / "guides"


def main() -> int:
    print(f"{'guide':40} {'words':>6} {'FK grade':>9} {'reading age':>12} {'easy read':>10}")
    for path in sorted(GUIDES.glob("*.yml")):
        guide = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = plain(guide["body"])
        grade = textstat.flesch_kincaid_grade(text)
        easy = guide.get("easy_body")
        easy_grade = f"{textstat.flesch_kincaid_grade(plain(easy)):.1f}" if easy else "none"
        print(
            f"{guide['id']:40} {len(text.split()):>6} {grade:>9.1f} {grade + 5:>12.1f}"
            f" {easy_grade:>10}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
