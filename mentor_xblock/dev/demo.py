"""Demo data for the workbench. Scenarios themselves load from dev/olx on first page view."""


def load_demo_data() -> str:
    from mentor_xblock.dev.scenarios import SCENARIOS

    return f"{len(SCENARIOS)} scenarios"
