"""A Polish-speaking jobseeker reads the public pages and sign-in in Polish; nothing is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import trans_real

PO_FILE = Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", autouse=True)
def _compiled_polish() -> None:
    # .mo files are build output; compile them and drop any catalogue cached before they existed.
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    # A Polish request leaves Polish active in this thread; later tests expect English.
    yield
    translation.deactivate()


def polish_get(client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "polish"),
    [
        ("/", "Targi kariery i targi pracy w Hertfordshire"),
        ("/", "Aby przyjść na targi, nie potrzebujesz konta."),
        ("/accounts/login/", "Zaloguj się adresem e-mail i hasłem"),
        ("/accounts/login/", "Nie pamiętasz hasła?"),
        ("/accounts/login/code/", "Otrzymaj kod logowania"),
        ("/accounts/signup/", "Załóż konto"),
        ("/accounts/password/reset/", "Zresetuj hasło"),
        ("/accessibility/", "Deklaracja dostępności serwisu Herts Careers &amp; Jobs Fairs"),
        ("/accessibility/", "korzystanie z serwisu po angielsku lub po polsku"),
        ("/privacy/", "Informacja o ochronie prywatności"),
        ("/privacy/", "Usuwamy dane osobowe uczestników 365 dni po wydarzeniu."),
    ],
)
def test_public_pages_come_back_in_polish(client, url: str, polish: str) -> None:
    html = polish_get(client, url)
    assert '<html lang="pl"' in html
    assert polish.replace("&amp;", "&") in html.replace("&amp;", "&")
    assert "Przejdź do treści głównej" in html  # the skip link from base.html
    assert "Deklaracja dostępności" in html  # the footer


@pytest.mark.django_db
def test_choosing_polish_in_the_language_switcher_keeps_it_for_later_pages(client) -> None:
    english = client.get("/").content.decode()
    assert '<html lang="en-gb"' in english
    assert 'name="language" value="pl"' in english

    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="pl"' in html
    assert '<h1 class="govuk-heading-l">Zaloguj się</h1>' in html
    # allauth's own field labels come from allauth's Polish catalogue.
    assert "Hasło" in html


@pytest.mark.django_db
def test_sign_in_errors_are_in_polish_too(client) -> None:
    response = client.post(
        "/accounts/login/", {"login": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="pl"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wystąpił problem" in html
    assert "<title>Błąd: Zaloguj się" in html


def test_every_polish_message_is_translated() -> None:
    catalogue = polib.pofile(str(PO_FILE))
    missing = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and (entry.fuzzy or not entry.translated())
    ]
    assert missing == []
    assert catalogue.metadata["Language"] == "pl"
    assert len(catalogue) > 100


def test_compile_translations_builds_mo_files(tmp_path: Path, settings, capsys) -> None:
    target = tmp_path / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO_FILE, target / "django.po")
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_translations", "--check")

    compiled = polib.mofile(str(target / "django.mo"))
    assert compiled.find("Sign in").msgstr == "Zaloguj się"
    assert "translated" in capsys.readouterr().out


def test_compile_translations_fails_loudly_on_a_broken_po(tmp_path: Path, settings) -> None:
    target = tmp_path / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text('msgid "Sign in"\nmsgstr "Zaloguj\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]

    with pytest.raises(CommandError, match="django.po"):
        call_command("compile_translations")
    assert not (target / "django.mo").exists()


def test_compile_translations_refuses_a_translation_with_an_unknown_placeholder(
    tmp_path: Path, settings
) -> None:
    target = tmp_path / "pl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, python-format\nmsgid "Signed in as %(email)s."\nmsgstr "Zalogowano jako %(mail)s."\n',
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]

    with pytest.raises(CommandError, match="unknown placeholder"):
        call_command("compile_translations")
    assert not (target / "django.mo").exists()
