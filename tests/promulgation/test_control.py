from __future__ import annotations

from governance.promulgation.control import acknowledgeable_pages, with_control
from tests.promulgation import works as p
from tests.testing import site_works as w

PAGE = '<html><body><article class="md-content__inner">Text</article><footer></footer></body></html>'


def test_only_texts_in_force_get_the_control() -> None:
    pages = acknowledgeable_pages([*p.works(), w.rescinded()], p.TODAY)
    assert pages == {
        "regulations/bribery-prevention/index.md": (p.EDITORIAL_DIGEST, "en", "bribery-prevention"),
        "regulations/bribery-prevention.ja/index.md": (p.JA_DIGEST, "ja", "bribery-prevention.ja"),
        "regulations/iij-engineering/remote-work/index.md": (
            p.OWN_DIGEST,
            "en",
            "iij-engineering/remote-work",
        ),
    }


def test_the_control_closes_the_article_and_the_script_is_relative() -> None:
    output = with_control(
        PAGE, "regulations/bribery-prevention.ja/index.md", p.JA_DIGEST, "ja", "bribery-prevention.ja", "/"
    )
    control = output.index('<section class="governance-acknowledge"')
    assert output.index("Text") < control < output.index("</article>")
    assert (
        f'data-digest="{p.JA_DIGEST}" data-regulation="bribery-prevention.ja"' in output
        and 'lang="ja"' in output
        and "この規程を読み、遵守します" in output
    )
    assert '<script src="../../promulgation/acknowledge.js" defer></script></body>' in output


def test_a_page_without_an_article_is_left_alone() -> None:
    assert with_control("<html><body>x</body></html>", "index.md", p.EDITORIAL_DIGEST, "en", "x", "/") == (
        "<html><body>x</body></html>"
    )
