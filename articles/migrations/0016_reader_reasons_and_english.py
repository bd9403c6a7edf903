"""Reader-facing reasons in English beside the Vietnamese ones, and an optional English title
and summary, on articles.

The columns are added with ALTER TABLE ... ADD COLUMN rather than Django's AddField: on
SQLite, AddField of a NOT NULL column rebuilds the table (create, copy, rename), and the
rename fails against the tally and search triggers that name articles_article (migrations
0011 and 0015). ADD COLUMN with a constant default is also instant on PostgreSQL at any size.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_search_series_and_drafts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE articles_article ADD COLUMN date_inferred_reason_en text DEFAULT '' NOT NULL",
                    "ALTER TABLE articles_article DROP COLUMN date_inferred_reason_en",
                ),
                migrations.RunSQL(
                    "ALTER TABLE articles_article ADD COLUMN summary_en text DEFAULT '' NOT NULL",
                    "ALTER TABLE articles_article DROP COLUMN summary_en",
                ),
                migrations.RunSQL(
                    "ALTER TABLE articles_article ADD COLUMN title_en varchar(500) DEFAULT '' NOT NULL",
                    "ALTER TABLE articles_article DROP COLUMN title_en",
                ),
                migrations.RunSQL(
                    "ALTER TABLE articles_article ADD COLUMN title_inferred_reason_en text DEFAULT '' NOT NULL",
                    "ALTER TABLE articles_article DROP COLUMN title_inferred_reason_en",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="article",
                    name="date_inferred_reason_en",
                    field=models.TextField(
                        blank=True,
                        help_text="The same reason in English, shown on the English pages.",
                        verbose_name="why the date is inferred (English)",
                    ),
                ),
                migrations.AddField(
                    model_name="article",
                    name="summary_en",
                    field=models.TextField(
                        blank=True,
                        help_text="Optional: two or three sentences in English on what the article says, written from the text and adding nothing to it.",
                        verbose_name="English summary",
                    ),
                ),
                migrations.AddField(
                    model_name="article",
                    name="title_en",
                    field=models.CharField(
                        blank=True,
                        help_text="Optional: a translation of the title for readers of the English pages.",
                        max_length=500,
                        verbose_name="English title",
                    ),
                ),
                migrations.AddField(
                    model_name="article",
                    name="title_inferred_reason_en",
                    field=models.TextField(
                        blank=True,
                        help_text="The same reason in English, shown on the English pages.",
                        verbose_name="why the title is inferred (English)",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="article",
            name="date_inferred_reason",
            field=models.TextField(
                blank=True,
                help_text="Leave empty when the page prints the article's date. Otherwise say what the date (or its year) is worked out from, in Vietnamese, for readers: it is shown on the public page.",
                verbose_name="why the date is inferred",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="title_inferred_reason",
            field=models.TextField(
                blank=True,
                help_text="Leave empty when the title is printed. When the source has no title line and the title is reconstructed (from the URL, say), say how, in Vietnamese, for readers: it is shown on the public page.",
                verbose_name="why the title is inferred",
            ),
        ),
    ]
