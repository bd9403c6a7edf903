"""django-reversion's admin strings, listed so that ``makemessages`` keeps them in our catalogue.

django-reversion (the admin's History, "Recover deleted …" and revision/recover pages) ships
no Vietnamese catalogue, so its messages are translated in ``locale/vi/LC_MESSAGES/django.po``
instead. ``makemessages`` marks obsolete (``#~``) every msgid it no longer finds in the
project, which would drop those translations; naming the msgids here, exactly as
django-reversion's templates and ``admin.py`` produce them, keeps them. Nothing imports this
module: ``gettext_noop`` only marks the strings for extraction.
"""

from django.utils.translation import gettext_noop as _

STRINGS = (
    # reversion/admin.py
    _("Initial version."),
    _("Reverted to previous version, saved on %(datetime)s"),
    _("Could not load %(object_repr)s version - not found"),
    _("Recover %(name)s"),
    _("Revert %(name)s"),
    _("Recover deleted %(name)s"),
    # reversion/models.py, reported by the admin when a version cannot be restored
    _("Could not save %(object_repr)s version - missing dependency."),
    _("Could not load %(object_repr)s version - incompatible version data."),
    _("Could not load %(object_repr)s version - unknown serializer %(format)s."),
    # reversion/templates/reversion/*.html
    _("Choose a date from the list below to revert to a previous version of this object."),
    _("Date/time"),
    _("User"),
    _("Action"),
    _("This object doesn't have a change history. It probably wasn't added via this admin site."),
    _("Home"),
    _("Press the save button below to recover this version of the object."),
    _("Choose a date from the list below to recover a deleted version of an object."),
    _("There are no deleted objects to recover."),
    _("History"),
    _("Revert %(verbose_name)s"),
    _("Press the save button below to revert to this version of the object."),
    # in django-reversion's own catalogues, from earlier versions of its admin
    _("Deleted %(verbose_name)s."),
    _('The %(model)s "%(name)s" was reverted successfully. You may edit it again below.'),
    _("Comment"),
    _("DATETIME_FORMAT"),
)
