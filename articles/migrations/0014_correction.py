"""An article's public change log (Correction). Editors see the log in the article's form
and may delete a mistaken entry; the admin writes entries, so they need no add or change."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITOR_GROUP = "Editor"  # made by 0004_editor_group


def grant_editors(apps, schema_editor):
    # On a fresh database permissions are created after all migrations (post_migrate);
    # create them now so the group can be given them (as 0004 does).
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=EDITOR_GROUP).first()
    if group is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="articles",
            codename__in=("view_correction", "delete_correction"),
        )
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_document_wikidata_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "made_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        help_text="When the revision was published.",
                        verbose_name="revised",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        help_text="What was corrected, for readers: listed publicly with the date.",
                        max_length=300,
                        validators=[django.core.validators.ProhibitNullCharactersValidator()],
                        verbose_name="note",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="corrections",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "editor",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who saved the revision; not shown to the public.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="editor",
                    ),
                ),
            ],
            options={
                "verbose_name": "correction",
                "verbose_name_plural": "corrections",
                "ordering": ("made_at", "pk"),
                "indexes": [
                    models.Index(fields=["article", "made_at"], name="correction_article_made_at")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("note", ""), _negated=True),
                        name="correction_note_not_empty",
                        violation_error_message="Say what was corrected.",
                    )
                ],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
