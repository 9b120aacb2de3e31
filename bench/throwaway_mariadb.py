"""A throwaway MariaDB server on loopback for a benchmark run: the test suite's own
(tests/mariadb.py), with the benchmark's database created in it.

    with throwaway_server(port) as database:   # a Django DATABASES entry
        ...
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository root

from tests.mariadb import throwaway_server as _server  # noqa: E402
from tests.mariadb import why_unavailable  # noqa: E402,F401  (re-exported for the benchmarks)


@contextmanager
def throwaway_server(port: int, name: str = "mentor_bench"):
    with _server(port, name) as database:
        import MySQLdb  # pylint: disable=import-outside-toplevel

        connection = MySQLdb.connect(host="127.0.0.1", port=port, user="root", passwd="")
        connection.cursor().execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        connection.close()
        database.pop("TEST")
        yield database
