"""The user's language is read once a process, and read again after reset_language (governance.i18n)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from governance.i18n import Message, _, reset_language

SENTENCE = "the --root folder does not exist"
JAPANESE = "--root のフォルダーがありません"


@pytest.fixture(autouse=True)
def language_read_again() -> Iterator[None]:
    reset_language()
    yield
    reset_language()  # the next test reads the session's (English) environment


def test_the_language_is_read_once_and_again_after_a_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert _(SENTENCE) == JAPANESE
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert _(SENTENCE) == JAPANESE  # not read again for each message
    assert Message(SENTENCE).localized() == JAPANESE
    reset_language()
    assert _(SENTENCE) == SENTENCE


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"LANG": "ja_JP.UTF-8"}, JAPANESE),
        ({"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "C.UTF-8"}, SENTENCE),
        ({"LANG": "C.UTF-8", "LC_ALL": "ja_JP.UTF-8"}, JAPANESE),
        ({"LANG": "ja_JP.UTF-8", "LANGUAGE": "en"}, SENTENCE),
    ],
)
def test_the_variables_are_read_as_gettext_reads_them(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    reset_language()
    assert _(SENTENCE) == expected
