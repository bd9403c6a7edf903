"""Two indexes for PostgreSQL, whose planner would otherwise read far more than a page needs.
SQLite needs neither: it looks rows up by id in its table's own tree, and reads search pools
from its words index.

- ``article_id_status``: the articles' ids holding their status, date, outlet and kind. The
  list of an official or a conference finds its articles' ids through the mentions, then
  looks each up for its status, and its facets for the year, outlet and kind. Without it, a
  lookup reads the row, and the planner prefers to read every published article's entry in
  the list's index and match the two (a hash join): a pass over the archive for a few
  thousand articles.
- ``search_entry_shown_id``: the ids of the search entries the public may see (every kind
  but "draft"). ``/search/`` with a common word reads its newest matches walking the entries
  backwards by id and stops at 200 (``articles.search_rank``). The newest entries are often
  a draft's (drafts are the articles added last); without it, each of those was read and its
  document tested before being left out: 60–80 ms for 5,000 drafts.
"""

from django.db import migrations

INDEXES = {
    "article_id_status": "articles_article (id) INCLUDE (status, date, publication_id, kind)",
    "search_entry_shown_id": "articles_searchentry (id) WHERE kind <> 'draft'",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_word_index_every")]

    operations = [migrations.RunPython(create, drop)]
