"""On PostgreSQL, an index of the ids of the search entries the public may see (every kind
but "draft"): ``/search/`` with a common word reads its newest matches walking the entries
backwards by id and stops at 200 (``articles.search_rank``). The newest entries are often a
draft's (drafts are the articles added last), and without this index each of those was read
and its document tested before being left out: 5,000 drafts' entries cost 60–80 ms of the
page. SQLite reads its pools from the words index, in which the same order costs nothing.
"""

from django.db import migrations

INDEX = "search_entry_shown_id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_searchentry (id) "
            "WHERE kind <> 'draft'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_article_names")]

    operations = [migrations.RunPython(create, drop)]
