"""A prompt's criteria (issue 21): a few short labels, each with two to four levels
("Not yet / Partly / Clearly"). Authors give them in OLX or the Studio editor; a mentor's review
picks a level per criterion and explains why; in a mentor_assessed block the levels give the
prompt's share of the points (docs/olx.md "Criteria").

Pure: content validation reads them (read_criteria), reviews check the levels (levels_of) and
grading turns them into a share (share_of).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .messages import N_, Message

MAX_CRITERIA = 6
MIN_LEVELS, MAX_LEVELS = 2, 4
MAX_LABEL, MAX_LEVEL = 100, 60


@dataclass(frozen=True)
class Criterion:
    label: str
    levels: tuple[str, ...]

    def __post_init__(self):
        object.__setattr__(self, "levels", tuple(self.levels))

    def to_dict(self) -> dict:
        return {"label": self.label, "levels": list(self.levels)}


class LevelsError(ValueError):
    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def editor_text(criteria) -> str:
    """The editor's form: one criterion a line, "Label: Not yet | Partly | Clearly"."""
    return "\n".join(f"{c.label}: {' | '.join(c.levels)}" for c in criteria)


def _from_text(text: str) -> list[dict]:
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _, levels = line.partition(":")
        found.append({"label": label.strip(), "levels": [level.strip() for level in levels.split("|")] if levels.strip() else []})
    return found


def read_criteria(value, path: str, errors: list) -> tuple[Criterion, ...]:
    """Criteria from OLX / the stored form (a list of {"label", "levels"}) or the editor's text;
    problems are appended to `errors` as (path, message) pairs."""
    if value in (None, "", []):
        return ()
    raw = _from_text(value) if isinstance(value, str) else value
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        errors.append((path, N_("must be a list of criteria, each with a label and its levels")))
        return ()
    if len(raw) > MAX_CRITERIA:
        errors.append((path, N_("at most {limit} criteria for one prompt", limit=MAX_CRITERIA)))
        return ()
    criteria, labels = [], set()
    for n, item in enumerate(raw, 1):
        label, levels = item.get("label"), item.get("levels")
        if not isinstance(label, str) or not label.strip() or len(label.strip()) > MAX_LABEL:
            errors.append((path, N_("criterion {n} needs a label of at most {limit} characters", n=n, limit=MAX_LABEL)))
            continue
        label = label.strip()
        if label.lower() in labels:
            errors.append((path, N_("criterion “{label}” appears twice", label=label)))
            continue
        labels.add(label.lower())
        if not isinstance(levels, (list, tuple)) or not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
            errors.append((path, N_("criterion “{label}” needs {lo} to {hi} levels, lowest first",
                                    label=label, lo=MIN_LEVELS, hi=MAX_LEVELS)))
            continue
        if not all(isinstance(level, str) and level.strip() and len(level.strip()) <= MAX_LEVEL for level in levels):
            errors.append((path, N_("each level of “{label}” needs a name of at most {limit} characters",
                                    label=label, limit=MAX_LEVEL)))
            continue
        criteria.append(Criterion(label, tuple(level.strip() for level in levels)))
    return tuple(criteria)


def levels_of(criteria, value) -> tuple[int, ...] | None:
    """The levels a review gives: one level number (0 = the lowest) per criterion, in order;
    None when the review gives none. LevelsError otherwise."""
    if value in (None, []):
        return None
    if not criteria:
        raise LevelsError(N_("This prompt has no criteria to give levels for."))
    if not isinstance(value, list) or len(value) != len(criteria):
        raise LevelsError(N_("Pick one level for each of the {n} criteria.", n=len(criteria)))
    for criterion, level in zip(criteria, value):
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level < len(criterion.levels):
            raise LevelsError(N_("Pick one of the levels of “{label}”.", label=criterion.label))
    return tuple(value)


def level_entries(criteria, levels) -> list[dict]:
    """What the learner reads: [{"criterion": "Names a plan", "level": "Partly", "index": 1, "of": 3}, …]."""
    return [{"criterion": c.label, "level": c.levels[i], "index": i, "of": len(c.levels)} for c, i in zip(criteria, levels)]


def share_of(criteria, levels) -> Fraction:
    """The prompt's share of its points from the levels: the mean of each level's place between the
    lowest (0) and the highest (1). "Partly" of Not yet / Partly / Clearly is 1/2."""
    if not criteria:
        return Fraction(1)
    return sum((Fraction(i, len(c.levels) - 1) for c, i in zip(criteria, levels)), Fraction(0)) / len(criteria)
