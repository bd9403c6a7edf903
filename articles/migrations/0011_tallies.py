"""Counts of published articles kept by the database itself (see ``ArticleTally`` and
``Tally`` in articles/models.py): the tables, the triggers that keep them exact on every
insert, update and delete of an article or a mention (whatever writes it: the admin, the
importer, a bulk insert, a restore), and a first count of the rows already there.

The tables are unmanaged: Django neither backs them up nor flushes them (a restore, and a
flush, recount them through the triggers; PostgreSQL's TRUNCATE, which fires no row
trigger, empties them through a statement trigger).
"""

import django.db.models.deletion
from django.db import migrations, models

# (mention table, its column naming the entity, the tally table)
MENTIONS = [
    ("articles_personmention", "person_id", "articles_persontally"),
    ("articles_agencymention", "agency_id", "articles_agencytally"),
    ("articles_countrymention", "country_id", "articles_countrytally"),
    ("articles_bodymention", "body_id", "articles_bodytally"),
    ("articles_conferencemention", "conference_id", "articles_conferencetally"),
    ("articles_documentmention", "document_id", "articles_documenttally"),
]
ARTICLE = "articles_article"
CUBE = "articles_articletally"
PUBLISHED = "'published'"


def _published(article_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM {ARTICLE} WHERE id = {article_id} AND status = {PUBLISHED})"


def _add(tally: str, column: str, select: str) -> str:
    """Count one more for each entity ``select`` gives (one row per entity)."""
    return (
        f"INSERT INTO {tally} ({column}, articles) {select} "
        f"ON CONFLICT ({column}) DO UPDATE SET articles = {tally}.articles + 1"
    )


def _cube_add(year: str, row: str) -> str:
    return (
        f"INSERT INTO {CUBE} (year, publication_id, kind, articles) "
        f"VALUES ({year}, {row}.publication_id, {row}.kind, 1) "
        f"ON CONFLICT (year, publication_id, kind) DO UPDATE SET articles = {CUBE}.articles + 1"
    )


def _cube_remove(year: str, row: str) -> str:
    return (
        f"UPDATE {CUBE} SET articles = articles - 1 WHERE year = {year} "
        f"AND publication_id = {row}.publication_id AND kind = {row}.kind"
    )


def _mentions_add(article: str) -> list[str]:
    """Its mentions count: the article was published (or arrived published)."""
    return [
        _add(tally, column, f"SELECT {column}, 1 FROM {table} WHERE article_id = {article}")
        for table, column, tally in MENTIONS
    ]


def _mentions_remove(article: str) -> list[str]:
    """Its mentions stop counting: the article was unpublished or deleted."""
    return [
        f"UPDATE {tally} SET articles = articles - 1 "
        f"WHERE {column} IN (SELECT {column} FROM {table} WHERE article_id = {article})"
        for table, column, tally in MENTIONS
    ]


# An article's cell and mentions change only when its status, date, outlet or kind does.
CHANGED = (
    "OLD.status IS NOT NEW.status OR OLD.date IS NOT NEW.date "
    "OR OLD.publication_id IS NOT NEW.publication_id OR OLD.kind IS NOT NEW.kind"
)

# --- SQLite ------------------------------------------------------------------------------

SQLITE_YEAR = "CAST(strftime('%Y', {}.date) AS INTEGER)"


def _sqlite_trigger(name: str, event: str, when: str, statements: list[str]) -> str:
    body = "".join(f"{s};\n" for s in statements)
    return f"CREATE TRIGGER {name} AFTER {event} WHEN {when} BEGIN\n{body}END"


def sqlite_forwards() -> list[str]:
    new, old = SQLITE_YEAR.format("NEW"), SQLITE_YEAR.format("OLD")
    out = [
        f"""CREATE TABLE {CUBE} (
            id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
            year integer NOT NULL, publication_id bigint NOT NULL,
            kind varchar(10) NOT NULL, articles integer NOT NULL DEFAULT 0,
            UNIQUE (year, publication_id, kind))""",
    ]
    for _table, column, tally in MENTIONS:
        out.append(
            f"CREATE TABLE {tally} ({column} bigint NOT NULL PRIMARY KEY, "
            "articles integer NOT NULL DEFAULT 0)"
        )
    out += [
        _sqlite_trigger(
            f"{CUBE}_ai",
            f"INSERT ON {ARTICLE}",
            f"NEW.status = {PUBLISHED}",
            [_cube_add(new, "NEW"), *_mentions_add("NEW.id")],
        ),
        _sqlite_trigger(
            f"{CUBE}_ad",
            f"DELETE ON {ARTICLE}",
            f"OLD.status = {PUBLISHED}",
            [_cube_remove(old, "OLD"), *_mentions_remove("OLD.id")],
        ),
        # Still published (a new date, outlet or kind): the article moves to another cell.
        _sqlite_trigger(
            f"{CUBE}_au_moved",
            f"UPDATE OF status, date, publication_id, kind ON {ARTICLE}",
            f"OLD.status = {PUBLISHED} AND NEW.status = {PUBLISHED} AND ({CHANGED})",
            [_cube_remove(old, "OLD"), _cube_add(new, "NEW")],
        ),
        _sqlite_trigger(
            f"{CUBE}_au_published",
            f"UPDATE OF status ON {ARTICLE}",
            f"OLD.status IS NOT {PUBLISHED} AND NEW.status = {PUBLISHED}",
            [_cube_add(new, "NEW"), *_mentions_add("NEW.id")],
        ),
        _sqlite_trigger(
            f"{CUBE}_au_unpublished",
            f"UPDATE OF status ON {ARTICLE}",
            f"OLD.status = {PUBLISHED} AND NEW.status IS NOT {PUBLISHED}",
            [_cube_remove(old, "OLD"), *_mentions_remove("OLD.id")],
        ),
    ]
    for table, column, tally in MENTIONS:
        added = _add(tally, column, f"SELECT NEW.{column}, 1 WHERE {_published('NEW.article_id')}")
        removed = (
            f"UPDATE {tally} SET articles = articles - 1 WHERE {column} = OLD.{column} "
            f"AND {_published('OLD.article_id')}"
        )
        out += [
            _sqlite_trigger(f"{tally}_ai", f"INSERT ON {table}", "1", [added]),
            _sqlite_trigger(f"{tally}_ad", f"DELETE ON {table}", "1", [removed]),
            _sqlite_trigger(
                f"{tally}_au",
                f"UPDATE OF {column}, article_id ON {table}",
                f"OLD.{column} IS NOT NEW.{column} OR OLD.article_id IS NOT NEW.article_id",
                [removed, added],
            ),
        ]
    return out


def sqlite_backwards() -> list[str]:
    triggers = [f"{CUBE}_{name}" for name in ("ai", "ad", "au_moved", "au_published")]
    triggers += [f"{CUBE}_au_unpublished"]
    triggers += [f"{tally}_{suffix}" for *_, tally in MENTIONS for suffix in ("ai", "ad", "au")]
    out = [f"DROP TRIGGER IF EXISTS {name}" for name in triggers]
    out += [f"DROP TABLE IF EXISTS {tally}" for *_, tally in MENTIONS]
    return [*out, f"DROP TABLE IF EXISTS {CUBE}"]


# --- PostgreSQL ----------------------------------------------------------------------------

PG_YEAR = "EXTRACT(YEAR FROM {}.date)::integer"
PG_CHANGED = CHANGED.replace("IS NOT", "IS DISTINCT FROM")


def _plpgsql(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
    )


def postgres_forwards() -> list[str]:
    new, old = PG_YEAR.format("NEW"), PG_YEAR.format("OLD")
    out = [
        f"""CREATE TABLE {CUBE} (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            year integer NOT NULL, publication_id bigint NOT NULL,
            kind varchar(10) NOT NULL, articles integer NOT NULL DEFAULT 0,
            UNIQUE (year, publication_id, kind))""",
    ]
    for _table, column, tally in MENTIONS:
        out.append(
            f"CREATE TABLE {tally} ({column} bigint NOT NULL PRIMARY KEY, "
            "articles integer NOT NULL DEFAULT 0)"
        )

    def block(statements):
        return "".join(f"  {s};\n" for s in statements)

    was = f"TG_OP <> 'INSERT' AND OLD.status = {PUBLISHED}"
    now = f"TG_OP <> 'DELETE' AND NEW.status = {PUBLISHED}"
    out.append(
        _plpgsql(
            f"{CUBE}_follow",
            f"IF {was} THEN\n{block([_cube_remove(old, 'OLD')])}END IF;\n"
            f"IF {now} THEN\n{block([_cube_add(new, 'NEW')])}END IF;\n"
            f"IF ({was}) AND NOT coalesce({now}, false) THEN\n"
            f"{block(_mentions_remove('OLD.id'))}"
            f"ELSIF ({now}) AND NOT coalesce({was}, false) THEN\n"
            f"{block(_mentions_add('NEW.id'))}END IF;",
        )
    )
    out += [
        f"CREATE TRIGGER {CUBE}_insert_delete AFTER INSERT OR DELETE ON {ARTICLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {CUBE}_follow()",
        f"CREATE TRIGGER {CUBE}_update AFTER UPDATE OF status, date, publication_id, kind "
        f"ON {ARTICLE} FOR EACH ROW WHEN ({PG_CHANGED}) EXECUTE FUNCTION {CUBE}_follow()",
        # TRUNCATE fires no row trigger: whatever it empties stops counting.
        _plpgsql(
            f"{CUBE}_reset",
            f"DELETE FROM {CUBE};\n" + "".join(f"DELETE FROM {t};\n" for *_, t in MENTIONS),
        ),
        f"CREATE TRIGGER {CUBE}_truncate AFTER TRUNCATE ON {ARTICLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {CUBE}_reset()",
    ]
    for table, column, tally in MENTIONS:
        added = _add(tally, column, f"SELECT NEW.{column}, 1 WHERE {_published('NEW.article_id')}")
        removed = (
            f"UPDATE {tally} SET articles = articles - 1 WHERE {column} = OLD.{column} "
            f"AND {_published('OLD.article_id')}"
        )
        changed = (
            f"OLD.{column} IS DISTINCT FROM NEW.{column} "
            "OR OLD.article_id IS DISTINCT FROM NEW.article_id"
        )
        out += [
            _plpgsql(
                f"{tally}_follow",
                f"IF TG_OP <> 'INSERT' THEN\n  {removed};\nEND IF;\n"
                f"IF TG_OP <> 'DELETE' THEN\n  {added};\nEND IF;",
            ),
            f"CREATE TRIGGER {tally}_insert_delete AFTER INSERT OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {tally}_follow()",
            f"CREATE TRIGGER {tally}_update AFTER UPDATE OF {column}, article_id ON {table} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {tally}_follow()",
            _plpgsql(f"{tally}_reset", f"DELETE FROM {tally};"),
            f"CREATE TRIGGER {tally}_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {tally}_reset()",
        ]
    return out


def postgres_backwards() -> list[str]:
    out = [
        f"DROP TRIGGER IF EXISTS {CUBE}_{name} ON {ARTICLE}"
        for name in ("insert_delete", "update", "truncate")
    ]
    for table, _column, tally in MENTIONS:
        out += [
            f"DROP TRIGGER IF EXISTS {tally}_{name} ON {table}"
            for name in ("insert_delete", "update", "truncate")
        ]
    functions = [f"{CUBE}_follow", f"{CUBE}_reset"]
    functions += [f"{tally}_{name}" for *_, tally in MENTIONS for name in ("follow", "reset")]
    out += [f"DROP FUNCTION IF EXISTS {name}()" for name in functions]
    out += [f"DROP TABLE IF EXISTS {tally}" for *_, tally in MENTIONS]
    return [*out, f"DROP TABLE IF EXISTS {CUBE}"]


# --- the first count -------------------------------------------------------------------------


def first_count(vendor: str) -> list[str]:
    year = (SQLITE_YEAR if vendor == "sqlite" else PG_YEAR).format(ARTICLE)
    out = [
        f"INSERT INTO {CUBE} (year, publication_id, kind, articles) "
        f"SELECT {year}, publication_id, kind, COUNT(*) FROM {ARTICLE} "
        f"WHERE status = {PUBLISHED} GROUP BY 1, 2, 3"
    ]
    for table, column, tally in MENTIONS:
        out.append(
            f"INSERT INTO {tally} ({column}, articles) SELECT m.{column}, COUNT(*) "
            f"FROM {table} m JOIN {ARTICLE} a ON a.id = m.article_id "
            f"WHERE a.status = {PUBLISHED} GROUP BY m.{column}"
        )
    return out


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_forwards, "postgresql": postgres_forwards}[vendor]()
    for statement in statements + first_count(vendor):
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": sqlite_backwards, "postgresql": postgres_backwards}[vendor]():
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_version"),
        ("events", "0003_conference_version"),
        ("people", "0003_person_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="AgencyTally",
            fields=[
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
                (
                    "agency",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="people.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
            options={
                "db_table": "articles_agencytally",
                "ordering": ("-articles",),
                "abstract": False,
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="ArticleTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "kind",
                    models.CharField(
                        choices=[("interview", "interview"), ("report", "report")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
            ],
            options={
                "verbose_name": "published articles by year, outlet and kind",
                "verbose_name_plural": "published articles by year, outlet and kind",
                "db_table": "articles_articletally",
                "ordering": ("-year", "publication", "kind"),
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="BodyTally",
            fields=[
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
                (
                    "body",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="people.body",
                        verbose_name="body",
                    ),
                ),
            ],
            options={
                "db_table": "articles_bodytally",
                "ordering": ("-articles",),
                "abstract": False,
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="ConferenceTally",
            fields=[
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
                (
                    "conference",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="events.conference",
                        verbose_name="conference",
                    ),
                ),
            ],
            options={
                "db_table": "articles_conferencetally",
                "ordering": ("-articles",),
                "abstract": False,
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="CountryTally",
            fields=[
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
                (
                    "country",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="people.country",
                        verbose_name="country",
                    ),
                ),
            ],
            options={
                "db_table": "articles_countrytally",
                "ordering": ("-articles",),
                "abstract": False,
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="DocumentTally",
            fields=[
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
                (
                    "document",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="articles.document",
                        verbose_name="document",
                    ),
                ),
            ],
            options={
                "db_table": "articles_documenttally",
                "ordering": ("-articles",),
                "abstract": False,
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.CreateModel(
            name="PersonTally",
            fields=[
                (
                    "articles",
                    models.PositiveIntegerField(default=0, verbose_name="published articles"),
                ),
                (
                    "person",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="people.person",
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "db_table": "articles_persontally",
                "ordering": ("-articles",),
                "abstract": False,
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
