"""What the `check` commands of tools/ share: how they end."""
from __future__ import annotations

import sys


def verdict(problems: list[str], fix: str, current: str) -> int:
    """Each problem on stderr with how to fix them (exit status 1), or what is current (0)."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(fix, file=sys.stderr)
        return 1
    print(current)
    return 0
