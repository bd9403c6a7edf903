import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.roles import EDITOR_GROUP, editor_add

PASSWORD_VARIABLE = "DJANGO_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = f'Create a staff user in the "{EDITOR_GROUP}" group, or make an existing user one.'

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The editor's email address.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: a new editor's password comes from ${PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, username, email, interactive, **options):
        exists = get_user_model().objects.filter(username=username.strip()).exists()
        password = None
        if not exists:
            password = os.environ.get(PASSWORD_VARIABLE) or None
            if password is None and interactive and sys.stdin.isatty():
                password = self.prompt_password()
            if password is None:
                raise CommandError(
                    f"{username} is a new user and needs a password: set ${PASSWORD_VARIABLE} "
                    "or run the command in a terminal to be asked for one."
                )
        try:
            user, changed = editor_add(username=username, email=email, password=password)
        except ValidationError as exc:
            raise CommandError(describe(exc)) from None
        if not changed:
            self.stdout.write(f"{user.username} is already an editor; nothing changed.")
        elif exists:
            self.stdout.write(self.style.SUCCESS(f"{user.username} is now an editor."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Created the editor {user.username}."))

    def prompt_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        return password


def describe(error: ValidationError) -> str:
    """ "field: what is wrong" for each field, so the user knows which argument to fix."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return "; ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )
