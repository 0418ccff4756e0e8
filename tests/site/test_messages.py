from __future__ import annotations

import string
from datetime import date

import pytest

from governance.site.context import GUIDES
from governance.site.messages import MESSAGES, TABLES, as_date, format_date, message

KEYS = sorted(set(MESSAGES["en"]) | set(MESSAGES["ja"]))
# Where a language leaves a value out on purpose: the Japanese notice names the original's title; a
# Japanese version's title gives its date as a date, an English one its folder ("2026-10-01-2").
OMITTED = {
    ("en", "reference_text"): {"original"},
    ("en", "version_title_current"): {"start"},
    ("ja", "version_title_current"): {"slug"},
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", KEYS)
def test_every_message_exists_in_both_languages_and_formats(key: str) -> None:
    assert key in MESSAGES["en"] and key in MESSAGES["ja"]
    wanted = placeholders(MESSAGES["en"][key]) | placeholders(MESSAGES["ja"][key])
    for language in ("en", "ja"):
        assert placeholders(MESSAGES[language][key]) | OMITTED.get((language, key), set()) == wanted
    values = {name: f"<{name}>" for name in wanted}
    for language in ("en", "ja"):
        text = message(language, key, **values)
        assert text.strip() and "{" not in text and "}" not in text
        assert all(f"<{name}>" in text for name in wanted - OMITTED.get((language, key), set()))


@pytest.mark.parametrize("language", sorted(TABLES))
def test_no_key_is_defined_in_two_tables_of_a_language(language: str) -> None:
    seen: dict[str, int] = {}
    twice = []
    for number, table in enumerate(TABLES[language]):
        twice += [(key, seen[key], number) for key in table if key in seen]
        seen.update(dict.fromkeys(table, number))
    assert twice == []


def test_every_guide_the_home_page_links_has_words_in_both_languages() -> None:
    for path in GUIDES:
        key = "guide_" + path.removeprefix("guides/").removesuffix(".md")
        assert key in MESSAGES["en"] and key in MESSAGES["ja"], path


def test_dates_are_written_as_the_language_writes_them() -> None:
    day = date(2026, 11, 25)
    assert format_date("ja", day) == "2026年11月25日"
    assert format_date("ja", date(2027, 3, 1)) == "2027年3月1日"
    assert format_date("en", day) == "2026-11-25"
    assert message("ja", "state_from_to", start=date(2026, 4, 1), end=date(2027, 2, 28)) == (
        "2026年4月1日から2027年2月28日まで施行"
    )
    assert message("en", "state_coming", start=day) == "comes into force on 2026-11-25"
    assert as_date("2012-04-01") == date(2012, 4, 1) and as_date("April 2012") == "April 2012"


@pytest.mark.parametrize("language", ["fr", "zh", ""])
def test_a_language_without_a_table_falls_back_to_english(language: str) -> None:
    assert message(language, "rescinded_title") == "Rescinded"
    assert message(language, "history_ends", end=date(2026, 10, 31)) == "ends 2026-10-31"


def test_an_unknown_key_is_a_bug_not_a_silent_blank() -> None:
    with pytest.raises(KeyError):
        message("ja", "no-such-message")
