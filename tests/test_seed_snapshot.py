"""The `seeded` fixture puts back the rows of the run's first seed import instead of
importing again (tests/seed_snapshot.py): what it writes must equal what the import wrote."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from articles.models import Article
from articles.search import parse_query, search
from articles.services import seed_import
from people.models import Agency
from tests import seed_snapshot
from tests.seed_snapshot import Snapshot, read_state, restore

SEED_FILE = Path(settings.SEED_FILE)
# Words of the seeds' texts and titles, with and without diacritics.
QUERIES = ["ngoại vụ", "ngoai giao", "hợp tác quốc tế", "ASEAN", "thứ trưởng"]


def _found(query):
    results = search(parse_query(query))
    return sorted(
        (kind, [(hit.object_id, hit.title) for hit in hits]) for kind, hits in results.hits.items()
    )


def _import_and_undo():
    """The import's state and its search results, then the database as it was."""
    with transaction.atomic():
        seed_import(path=SEED_FILE)
        state, found = read_state(), {query: _found(query) for query in QUERIES}
        transaction.set_rollback(True)
    return state, found


@pytest.mark.django_db
def test_restored_rows_equal_the_imports_table_by_table():
    before = read_state()
    imported, found = _import_and_undo()
    assert read_state() == before
    assert sum(len(table.everything) for table in imported.values()) > sum(
        len(table.everything) for table in before.values()
    )

    restore(Snapshot(before=before, after=imported))

    restored = read_state()
    differing = [table for table in imported if restored[table] != imported[table]]
    assert differing == []
    assert {query: _found(query) for query in QUERIES} == found
    assert any(found.values())


@pytest.mark.django_db
def test_a_database_that_differs_from_the_first_gets_a_real_import(monkeypatch):
    imports = []

    def counting_import(**kwargs):
        imports.append(kwargs)
        return seed_import(**kwargs)

    monkeypatch.setattr(seed_snapshot, "seed_import", counting_import)
    monkeypatch.setattr(seed_snapshot, "_snapshot", Snapshot())
    with transaction.atomic():
        seed_snapshot.seeded_database(SEED_FILE)
        transaction.set_rollback(True)
    assert len(imports) == 1
    with transaction.atomic():
        seed_snapshot.seeded_database(SEED_FILE)  # the same start: put back
        transaction.set_rollback(True)
    assert len(imports) == 1
    with transaction.atomic():
        # A signed-in editor is no table the import writes: still put back.
        User.objects.create_user("editor", password="x")
        seed_snapshot.seeded_database(SEED_FILE)
        assert Article.objects.count() == 5
        transaction.set_rollback(True)
    assert len(imports) == 1

    Agency.objects.create(name_vi="Vụ Thử nghiệm", slug="vu-thu-nghiem")
    seed_snapshot.seeded_database(SEED_FILE)
    assert len(imports) == 2
    assert Agency.objects.filter(slug="vu-thu-nghiem").exists()
