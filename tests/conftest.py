"""Shared fixtures: the real xblock-sdk workbench runtime and database, no mocks."""
import json
import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
os.makedirs("var", exist_ok=True)  # the workbench keeps files relative to the working directory


def olx(name: str) -> str:
    """A fixture OLX file from tests/data."""
    return (DATA / name).read_text(encoding="utf-8")


class Workbench:
    """Drives the workbench through its own URLs, as a browser or the mobile app would."""

    def __init__(self, client):
        self.client = client

    def add_scenario(self, name: str, xml: str) -> str:
        """Register an OLX scenario and return the usage id of its (first) mentorship block."""
        from workbench.scenarios import SCENARIOS, add_xml_scenario

        add_xml_scenario(name, name, xml)
        return SCENARIOS[name].usage_id

    def usage_id(self, scenario: str) -> str:
        from workbench.scenarios import get_scenarios

        return get_scenarios()[scenario].usage_id

    def view(self, scenario: str, student: str = "student_1", view: str = "student_view"):
        return self.client.get(f"/scenario/{scenario}/{view}/", {"student": student})

    def post(self, usage_id: str, handler: str, data, student: str = "student_1", suffix: str = ""):
        body = data if isinstance(data, (str, bytes)) else json.dumps(data)
        return self.client.post(
            f"/handler/{usage_id}/{handler}/{suffix}?student={student}", body, content_type="application/json"
        )

    def get(self, usage_id: str, handler: str, student: str = "student_1", suffix: str = "", **params):
        return self.client.get(f"/handler/{usage_id}/{handler}/{suffix}", {"student": student, **params})

    def block(self, usage_id: str, student: str = "student_1"):
        from workbench.runtime import WorkbenchRuntime

        return WorkbenchRuntime(student).get_block(usage_id)


def clear_app_tables() -> None:
    """Empty the app's tables. Tests on a live server commit for real, and a browser page can
    still send a request (a progress beacon on page hide) after its test's database was
    flushed; tests that race real requests start from empty tables instead of trusting that."""
    from django.apps import apps

    for model in apps.get_app_config("mentor_xblock").get_models():
        model.objects.all().delete()


@pytest.fixture
def events(monkeypatch):
    """What blocks publish through the workbench runtime, as (name, data) pairs."""
    from workbench.runtime import WorkbenchRuntime

    seen = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda self, block, name, data: seen.append((name, data)))
    return seen


@pytest.fixture
def workbench(db, client):
    """A fresh workbench: demo scenarios loaded into this test's database."""
    from workbench.runtime_util import reset_global_state

    reset_global_state()
    return Workbench(client)
