"""Every public page is valid HTML, as the Nu HTML Checker (vnu) judges it.

All pages are rendered with the Django test client, written to a temporary folder and checked
in one run of vnu (the JVM takes seconds to start). Needs Java 17+ and `npm ci` (vnu-jar).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.pages import expected_status, public_pages

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# A document vnu must reject: proves the checker runs and that its errors reach this test.
CANARY_LABEL = "canary (must fail)"
CANARY = '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p></html>'


def _is_failure(message):
    return (
        message.get("type") in ("error", "non-document-error") or message.get("subType") == "fatal"
    )


def _describe(message):
    where = f"line {message['lastLine']}" if "lastLine" in message else "document"
    extract = (message.get("extract") or "").strip().replace("\n", "⏎")
    text = f"  {where}: {message.get('message', '').strip()}"
    return text + (f"\n      near: {extract[:160]}" if extract else "")


@pytest.fixture(scope="session")
def vnu(tmp_path_factory):
    """A function that checks {label: html} in ONE run of vnu and returns {label: [failures]}
    (vnu messages of type "error", or of subType "fatal"). Missing Java or vnu fails loudly."""
    java = shutil.which("java")
    assert java, "Java 17+ is needed for the HTML checker (Debian: default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make install` (it runs `npm ci`)"
    folder = tmp_path_factory.mktemp("vnu")

    def check(documents):
        labels = {}  # file name -> label; vnu reports each message's file as a file: URL
        for index, (label, html) in enumerate(documents.items()):
            name = f"{index:03d}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')[:80]}.html"
            (folder / name).write_text(html, encoding="utf-8")
            labels[name] = label
        result = subprocess.run(
            [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]
            + [str(folder / name) for name in labels],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        try:
            messages = json.loads(result.stdout)["messages"]
        except (ValueError, KeyError) as error:
            raise AssertionError(
                f"vnu gave no JSON report (exit {result.returncode}): {error}\n"
                f"stdout: {result.stdout[:2000]}\nstderr: {result.stderr[:2000]}"
            ) from None
        failures = {label: [] for label in documents}
        for message in messages:
            if _is_failure(message):
                name = message.get("url", "").rsplit("/", 1)[-1]
                failures.setdefault(labels.get(name, "(vnu run)"), []).append(message)
        return failures

    return check


def test_every_public_page_is_valid_html(client, seeded, vnu):
    pages = public_pages()
    documents = {}
    wrong_status = []
    for label, url in pages:
        response = client.get(url)
        if response.status_code != expected_status(label):
            wrong_status.append(
                f"{label} {url}: {response.status_code}, expected {expected_status(label)}"
            )
        documents[f"{label} {url}"] = response.content.decode()
    assert not wrong_status, "pages answered with the wrong status:\n" + "\n".join(wrong_status)

    failures = vnu({**documents, CANARY_LABEL: CANARY})

    assert failures.pop(CANARY_LABEL), "vnu reported nothing for a broken document"
    report = [
        f"{label}:\n" + "\n".join(_describe(message) for message in messages)
        for label, messages in failures.items()
        if messages
    ]
    assert not report, f"{len(report)} of {len(pages)} pages are not valid HTML:\n\n" + (
        "\n\n".join(report)
    )
