"""On PostgreSQL, an index of the articles' ids holding their status, date, outlet and kind:
the list of an official or a conference finds its articles' ids through the mentions, then
looks each up for its status, and its facets for the year, outlet and kind. Without it, a
lookup reads the row, and the planner prefers to read every published article's entry in the
list's index and match the two (a hash join): a pass over the archive for a few thousand
articles. SQLite looks rows up by id in its table's own tree, and needs none.
"""

from django.db import migrations

INDEX = "article_id_status"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article (id) "
            "INCLUDE (status, date, publication_id, kind)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_word_index_every")]

    operations = [migrations.RunPython(create, drop)]
