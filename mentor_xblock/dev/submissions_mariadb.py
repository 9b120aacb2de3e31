"""Workbench only: make edx-submissions' migrations run on a fresh MariaDB database.

edx-submissions 3.12 / 4.0 ship `0006_mariadb_uuid_conversion`, which on MariaDB alters a
`uuid` column of `submissions_studentitem` and `submissions_score`; those tables have none,
so `migrate` fails on a new MariaDB database ("Unknown column 'uuid'"). The LMS runs on
MySQL, where the migration does nothing. Here the migration's operation is replaced, before
Django loads migrations, by one that converts only the `uuid` columns that exist and are
still char(32) (a fresh database already has the native type, so it changes nothing).
"""
import importlib

from django.db import migrations

_TABLES = ("submissions_submission", "submissions_studentitem", "submissions_score", "submissions_teamsubmission")


def _convert_existing_char_uuids(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "mysql" or "mariadb" not in connection.mysql_server_info.lower():
        return
    with connection.cursor() as cursor:
        for table in _TABLES:
            cursor.execute(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_schema = DATABASE() AND table_name = %s AND column_name = 'uuid'", [table])
            row = cursor.fetchone()
            if row and row[0].lower() == "char":
                cursor.execute(f"ALTER TABLE {table} MODIFY uuid uuid NOT NULL")


def patch() -> None:
    try:
        module = importlib.import_module("submissions.migrations.0006_mariadb_uuid_conversion")
    except ImportError:  # another release without this migration
        return
    module.Migration.operations = [
        migrations.RunPython(_convert_existing_char_uuids, migrations.RunPython.noop),
    ]
