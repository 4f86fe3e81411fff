"""``python -m quiz.bank check [DIR]``: validate content without the web app installed."""

from __future__ import annotations

import sys

from quiz.bank.loader import ContentError, load_content
from quiz.bank.stats import summary_line


def main(argv: list[str]) -> int:
    """Validate the content folder named in ``argv`` (default ``questions``)."""
    if not argv or argv[0] != "check":
        print("usage: python -m quiz.bank check [DIR]", file=sys.stderr)
        return 2
    root = argv[1] if len(argv) > 1 else "questions"
    try:
        content = load_content(root)
    except ContentError as exc:
        print("\n".join(exc.messages), file=sys.stderr)
        return 1
    print(summary_line(content))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
