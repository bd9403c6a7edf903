"""PostgreSQL: a phrase no longer runs from an entry's title into its text.

Concatenating tsvectors (``||``) numbers the right-hand lexemes on from the left-hand's last
position, so the title's last word and the text's first word were adjacent: the phrase
"hội nhập quốc tế" matched a title ending "hội nhập" over a text starting "quốc tế". FTS5
keeps columns apart, so SQLite did not. A one-lexeme vector between the two leaves a gap; its
lexeme, "-", is not a word, so no query can match it. SQLite: nothing to do.
"""

from django.db import migrations

DOCUMENT = """ALTER TABLE articles_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_words), 'A'){gap}
    || setweight(to_tsvector('simple'::regconfig, body_words), 'B')
) STORED"""


def _statements(gap: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS articles_searchentry_document",
        "ALTER TABLE articles_searchentry DROP COLUMN IF EXISTS document",
        DOCUMENT.format(gap=gap),
        "CREATE INDEX articles_searchentry_document ON articles_searchentry USING GIN (document)",
    ]


def _run(gap: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in _statements(gap):
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editor_group"),
    ]

    operations = [
        migrations.RunPython(_run("\n    || '-:1'::tsvector"), _run("")),
    ]
