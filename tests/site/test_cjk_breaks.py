"""The guides' soft line breaks through Python-Markdown (as MkDocs renders them) with the extension the
plugin adds: no space inside a Japanese sentence, the same rule as the regulations' renderer."""

from __future__ import annotations

import markdown
import pytest

from governance.site.mkdocs_plugin import EXTENSIONS


def rendered(source: str) -> str:
    return str(markdown.markdown(source, extensions=list(EXTENSIONS)))


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("内部統制の\n枠組みを定める。", "<p>内部統制の枠組みを定める。</p>"),
        ("定める。 \n  「役員」とは", "<p>定める。「役員」とは</p>"),  # the blanks around the break too
        ("前項の\n**規定**は\n*準用*する。", "<p>前項の<strong>規定</strong>は<em>準用</em>する。</p>"),
        ("[規程の\n一覧](list.md)を\n見る。", '<p><a href="list.md">規程の一覧</a>を見る。</p>'),
        ("Every\nemployee", "<p>Every\nemployee</p>"),
        ("IIJ\nグループ", "<p>IIJ\nグループ</p>"),
        ("한국어\n문장", "<p>한국어\n문장</p>"),
        ("改行の  \n前後", "<p>改行の<br />\n前後</p>"),  # a hard break stays one
        ("`コード`\nの中", "<p><code>コード</code>の中</p>"),
        ("    コードの\n    行", "<pre><code>コードの\n行\n</code></pre>"),  # verbatim: as written
        ("- 項目の\n  続き\n- 次の\n  項目", "<ul>\n<li>項目の続き</li>\n<li>次の項目</li>\n</ul>"),
        ('!!! note "注意"\n    この規程は\n    施行する。', "<p>この規程は施行する。</p>"),
    ],
)
def test_a_line_break_inside_a_japanese_sentence_shows_no_space(source: str, shown: str) -> None:
    assert shown in rendered(source)


def test_two_paragraphs_stay_two() -> None:
    assert rendered("一つ目の段落。\n\n二つ目の段落。") == "<p>一つ目の段落。</p>\n<p>二つ目の段落。</p>"
