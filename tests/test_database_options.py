"""The options every database connection of the site opens with: on SQLite, the file read
through a memory map (each request's connection starts with an empty page cache); on
PostgreSQL, each query in one process unless DJANGO_DB_PARALLEL_WORKERS says otherwise."""

import pytest
from django.conf import settings
from django.db import connection, connections

pytestmark = pytest.mark.django_db


def test_each_connection_opens_with_the_sites_options(tmp_path):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            assert cursor.fetchone()[0] == "0"
        return
    # The test database lives in memory, which is never mapped: a file opened the same way.
    wrapper = type(connections["default"])
    opened = wrapper({**connections["default"].settings_dict, "NAME": str(tmp_path / "site.db")})
    try:
        with opened.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            assert cursor.fetchone()[0] == settings.SQLITE_MMAP_BYTES
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        opened.close()
