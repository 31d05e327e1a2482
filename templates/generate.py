"""Write the blank input workbooks of this folder: what `kpitool init` writes (Vietnamese).

Usage:  python templates/generate.py [FOLDER]   (default: this folder; existing files replaced)
tests/test_templates.py checks that the committed workbooks are what this writes, cell by cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kpitool.rules import load_rules
from kpitool.schemas.templates import write_blank_templates


def generate(folder: Path) -> list[Path]:
    """The templates of the default rules (nd335), as `kpitool init` writes them."""
    rules = load_rules("nd335")
    return write_blank_templates(folder, lang="vi", force=True, general_max=rules.general_max,
                                 leader_values=(rules.subordinates_ok, rules.subordinates_not_ok))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    for path in generate(target):
        print(path)
