"""Fixtures for tests that race real requests: threads, and two workbench server processes."""
import pytest
from django.db import connection

from tests.conftest import clear_app_tables
from tests.integration.servers import server_processes


@pytest.fixture
def fresh_workbench(transactional_db):
    from workbench.runtime_util import reset_global_state

    reset_global_state()
    clear_app_tables()


@pytest.fixture
def two_servers(fresh_workbench, tmp_path):
    """Two separate workbench server processes on this test's database."""
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), "separate processes need the SQLite test database in a file"
    with server_processes(connection.settings_dict, tmp_path) as bases:
        yield bases


@pytest.fixture
def committing_requests(monkeypatch, django_capture_on_commit_callbacks):
    """Each test runs inside one transaction that never commits, so the on_commit hooks that queue
    work (mail, exports) would never run; with this fixture each workbench request runs them as
    its real commit would."""
    from tests.conftest import Workbench

    for name in ("post", "get"):
        original = getattr(Workbench, name)

        def committed(self, *args, _original=original, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return _original(self, *args, **kwargs)

        monkeypatch.setattr(Workbench, name, committed)
