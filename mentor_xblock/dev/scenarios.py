"""Workbench demo scenarios, kept as OLX files beside this module."""
from pathlib import Path

OLX_DIR = Path(__file__).resolve().parent / "olx"

# (file, description) in the order the workbench lists them.
SCENARIOS = [
    ("leadership.xml", "Mentorship: Leading with purpose (full module)"),
    ("minimal.xml", "Mentorship: one segment (plays offline)"),
    ("unit.xml", "Mentorship: a unit with two blocks"),
    ("choice.xml", "Mentorship: learners choose their mentor"),
    ("assessed.xml", "Mentorship: graded by the mentor's review"),
    ("requests.xml", "Mentorship: mentors accept or decline requests"),
]


def workbench_scenarios():
    return [(description, (OLX_DIR / name).read_text(encoding="utf-8")) for name, description in SCENARIOS]
