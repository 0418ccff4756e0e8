"""The words of the pages of a text, in that text's language: one table of messages per language.

A Japanese regulation is read by Japanese readers, so its banners, panel and notices speak Japanese and
write dates as 2026年11月25日; a language without a table falls back to English. Pure: a language, a key
and values in, a string out. Anchors, URLs, digests and commands are values, never translated.
"""

from __future__ import annotations

from datetime import date

from governance.site.messages_pack import PACK_EN, PACK_JA
from governance.site.messages_shared import SHARED_EN, SHARED_JA

DEFAULT_LANGUAGE = "en"

_EN: dict[str, str] = {
    # What a version's span in time is, in running text.
    "state_from": "in force from {start}",
    "state_from_to": "in force from {start} to {end}",
    "state_coming": "comes into force on {start}",
    "state_never": "never in force: replaced on {start} before it took effect",
    "state_same_day": "adopted and replaced the same day ({adopted}, by {resolution}): the later text took effect on {start}",
    "state_replaced_before": "replaced by {resolution} of {adopted} before it took effect: the later text took effect on {start}",
    "same_day_label": "{start}, text {n} of the day",
    "approval": "resolution **{resolution}** of the {body} ({adopted})",
    # The main page of a regulation.
    "rescinded_title": "Rescinded",
    "rescinded_text": "This regulation was rescinded with effect from {effective} by {approval}. "
    "The text below is its last text in force; it no longer applies.",
    "rescission_title": "Rescinded with effect from {effective}",
    "rescission_text": "By {approval}. Until then the text below applies.",
    "amendment_coming_title": "Amendment adopted: comes into force on {start}",
    "enactment_coming_title": "Comes into force on {start}",
    # A translation's banners: its body publishes, updates and withdraws it (its history and panel say so).
    "rescinded_title_translation": "Translation withdrawn",
    "rescinded_text_translation": "This reference translation was withdrawn with effect from {effective} by "
    "{approval}. The text below is its last version; it is no longer kept up to date.",
    "rescission_title_translation": "Translation withdrawn with effect from {effective}",
    "rescission_text_translation": "By {approval}. Until then the translation below is published.",
    "amendment_coming_title_translation": "Translation update adopted: applies from {start}",
    "enactment_coming_title_translation": "Translation published from {start}",
    "coming_adopted": "Adopted by {approval}. ",
    "coming_applies_until": "The text below applies until then. ",
    "coming_not_in_force": "No text of it is in force yet. ",
    "coming_links": "[Read the coming text]({text}).",
    "coming_links_changes": "[Read the coming text]({text}) or [its changes]({changes}).",
    "history_link": "[History of this regulation]({url})",
    "history_link_translation": "[History of this translation]({url})",
    # Translations.
    "reference_title": "Reference translation",
    "reference_text": "This is a reference translation. Only [the original]({url}) has legal effect.",
    "stale_title": "This translation does not follow the original in force",
    "stale_text": "This translation follows an earlier text of the original; the original in force since "
    "{start} differs. Read [the original]({url}).",
    # Said of an order, not of sides: a phone stacks the two, and a screen reader reads them in turn.
    "bilingual_text": "Each article is shown first in [the original]({original}), the only text with "
    "legal effect, then in [the reference translation]({translation}): side by side on a wide screen, one "
    "above the other on a narrow one. Articles are paired by number.",
    "bilingual_stale": "The translation follows an earlier text of the original: "
    "where they differ, the original applies.",
    "languages": "Language: {links}",
    "side_by_side": " · Side by side: {links}",
    # The panel about a text.
    "panel_title": "About this text",
    "panel_summary": "{title}: {state}",
    "panel_status": "**Status:** {state}",
    "panel_enacted": "**Enacted:** {enacted}",
    "panel_enacted_by": " (recorded by resolution {resolution} of {adopted})",
    "panel_amended": "**Last amended:** in force from {start}, by resolution {resolution} of {adopted}",
    # A translation's panel: its body publishes and updates it, never enacts or amends it (history, what's new).
    "panel_published_translation": "**Translation published:** by resolution {resolution} of {adopted}",
    "panel_amended_translation": "**Translation last updated:** applies from {start}, by resolution {resolution} "
    "of {adopted}",
    "panel_this_text": "**This text:** adopted by {approval}; effective {effective}",
    "panel_body": "**Governing body:** {body}",
    "panel_digest": '**Digest:** <code class="governance-digest">{digest}</code> — '
    "[download the exact text]({url}) and run `sha256sum {name}`, "
    "or `git show {commit}:{path} | sha256sum`: the same hex digest.",
    "panel_history": "**History:** [all versions and their changes]({url})",
    "panel_history_translation": "**History:** [all versions and their updates]({url})",
    "permalink": "Link to this section",
    "permalink_article": "Link to Article {number}",
    "permalink_paragraph": "Link to Article {number}, paragraph {paragraph}",
    "permalink_item": "Link to Article {number}, paragraph {paragraph}, item {item}",
    "panel_amended_coming": "**Amended:** by resolution {resolution} of {adopted}; comes into force on {start}",
    "panel_amended_coming_translation": "**Translation updated:** by resolution {resolution} of {adopted}; "
    "applies from {start}",
    "panel_up_to_date": "**Up to date** with all changes in force on or before {today}",
    "panel_up_to_date_translation": "**Up to date** with all updates of this translation applying on or before "
    "{today}",
    "panel_cite": "**Permanent link to this version:** [{slug}]({url})",
    # The page of one version: a reader must never take a past or coming text for the one in force.
    "version_title_current": "{title} ({slug})",
    "version_title_past": "{title}: historical version, in force {start} to {end}",
    "version_title_upcoming": "{title}: prospective version, comes into force on {start}",
    "version_title_superseded": "{title}: version replaced before it took effect ({slug})",
    "version_kicker_past": "Historical version",
    "version_kicker_upcoming": "Prospective version: not yet in force",
    "version_kicker_superseded": "Replaced before it took effect",
    "version_banner_current": "In force",
    "version_text_current": "This is the text in force since {start}; it is also shown on "
    "[the regulation's page]({url}).",
    "version_banner_past": "Historical version: no longer in force",
    "version_text_past": "This text was in force from {start} to {end}. It no longer applies. {read}",
    "version_banner_upcoming": "Prospective version: not yet in force",
    "version_text_upcoming": "This text comes into force on {start}. Until then another text applies. {read}",
    "version_banner_superseded": "Not in force: replaced before it took effect",
    "version_text_superseded": "This text was replaced before it took effect on {start}: it never applied. "
    "{read}",
    "version_title_same_day": "{title} ({start}, text {n} of the day)",
    "version_read_current": "[Read the text in force today]({url}).",
    "version_read_rescinded": "The regulation is rescinded: [its page]({url}) says since when.",
    # The changes of an amendment.
    "redline_title": "{title}: changes in force from {start}",
    "redline_title_coming": "{title}: changes coming into force on {start}",
    "redline_intro": "By {approval}, amending [the text {state}]({previous}). "
    "[Read the amended text]({amended}).",
    "redline_intro_translation": "By {approval}, updating [the translation {state}]({previous}). "
    "[Read the updated translation]({amended}).",
    "redline_explained": "Insertions are <ins>underlined</ins>, deletions <del>struck through</del>; "
    "only changed articles are shown. Articles are matched by their text and heading, so an article "
    "that only moved is shown as renumbered.",
    "redline_identical": "The texts are identical.",
    "redline_metadata": "Metadata",
    "redline_preamble": "Title and preamble",
    "redline_added": " (inserted)",
    "redline_deleted": " (deleted)",
    "redline_replaced": " (replaced)",
    "redline_renumbered": " (renumbered: {before} → {after})",
    "redline_closing": "Closing",
    "comparison_explained": "The text after the amendment is on the left, the text before it on the right; "
    "amended parts are underlined (read aloud as insertions on the left, deletions on the right). "
    "A new provision reads “{new}” on the right, a deleted one “{deleted}” on the left.",
    "comparison_unchanged": "The provisions are unchanged (only the metadata changed).",
    # The history of a regulation.
    "history_title": "{title}: history",
    "history_intro": "[The regulation's page]({url}). Every adopted version, newest first. "
    "Redlines show what each amendment changed.",
    "history_columns": "| Version | In force | Action | Resolution | Adopted | Changes |",
    # A translation's history: its versions are updates, not amendments (its actions say so too).
    "history_title_translation": "{title}: history",
    "history_intro_translation": "[The translation's page]({url}). Every adopted version, newest first. "
    "Redlines show what each update changed.",
    "history_columns_translation": "| Version | In force | Action | Resolution | Adopted | Changes |",
    "history_ends": "ends {end}",
    "history_resolution": "{resolution} ({body})",
    "history_redline": "[redline]({url})",
    "history_translation": "Translation: [{title}]({url}).",
    "history_before_adoption": "Earlier texts, from before the adoption of regulation governance (not verified by this tool): [before adoption]({url}).",
    "before_title": "{title}: before adoption",
    "before_version_title": "{title} (before adoption, {date})",
    "before_notice_title": "Before adoption: not verified by this tool",
    "before_notice": "The texts this regulation had in the repository before it adopted regulation governance, imported from git with their dates and commits. No recorded resolution approved them here and the audit does not cover them: they are shown for reference only. [The text in force]({url}).",
    "before_version_notice": "The text as commit `{commit}` of {date} held it, before the adoption of regulation governance. Not verified by this tool: no recorded resolution approved it. [The text in force]({url}); [all earlier texts]({list}).",
    "before_columns": "| Date | Commit |",
    "action_enact": "enact",
    "action_amend": "amend",
    "action_rescind": "rescind",
    # A translation's history: approved by the translations body, never enacted (what's new says the same).
    "action_enact_translation": "publish translation",
    "action_amend_translation": "update translation",
    "action_rescind_translation": "withdraw translation",
    # The text on a date (the on/ page).
    "on_title": "{title}: the text on a date",
    "on_intro": "Which text applied on a given date: choose a date to go to the version in force that day, "
    "or read the periods below. Up to date with all changes in force on or before {today}; "
    "[the history]({url}) lists every version and its changes.",
    "on_label": "Date",
    "on_submit": "Show the text in force on that date",
    "on_before": "No text of this regulation was in force on that date: it came into force on {first}.",
    "on_rescinded": "The regulation was rescinded with effect from {date}: no text of it applies on or after that date.",
    "on_gap": "The regulation was rescinded with effect from {date} and enacted again with effect from {next}: no text of it applied in between.",
    "on_invalid": "Enter the date as YYYY-MM-DD.",
    "on_periods": "The periods in force, newest first:",
    "on_columns": "| In force | Version | Adopted by |",
    "on_period_from_to": "{start} to {end}",
    "on_period_from": "from {start}",
    "on_resolution": "{resolution} ({adopted})",
    "on_link": "**On a date:** [the text in force on any date]({url})",
    "panel_compare": "**Compare:** [any two versions]({url})",
    # Any two versions compared (the compare/ page; its script's words).
    "compare_heading": "Compare any two versions",
    # Said of any versions, a regulation's or a translation's: "amendment" is not said of a translation.
    "compare_link": "[Compare any two versions]({url}): everything that changed between them.",
    "compare_page_title": "{title}: compare two versions",
    "compare_page_intro": "Choose two versions to see what changed between them, across every amendment "
    "between them. The address of the comparison is a link you can share. "
    "[The history]({url}) lists every version and the redline of each amendment.",
    "compare_from": "From the version of",
    "compare_to": "To the version of",
    "compare_submit": "Compare",
    "compare_option_past": "{label}",
    "compare_option_current": "{label} (in force)",
    "compare_option_upcoming": "{label} (coming)",
    "compare_result_title": "Changes from the version of {before} to the version of {after}",
    "compare_between": "Made by resolutions {resolutions}.",
    "compare_one_amendment": "These are the changes of one amendment; its redline is also a page of its own:",
    "compare_same": "Choose two different versions.",
    "compare_unknown": "There is no version {slug}: choose one from the lists.",
    "compare_loading": "Comparing the two versions…",
    "compare_failed": "The two versions could not be loaded. The history lists the redline of each amendment.",
    "compare_unchanged_count": "{count} parts unchanged (not shown).",
    "compare_noscript": "Comparing two versions here needs JavaScript. Without it, the history lists the "
    "redline of each amendment.",
    "compare_moved_title": "{title}: this comparison has moved",
    "compare_moved": "The comparison of the version of {before} with the version of {after} is now on the "
    "page comparing any two versions: {link}.",
    # The timeline of each article (history page).
    "timeline_title": "Changes by article",
    "timeline_none": "No article has been amended yet.",
    "timeline_intro": "When each article changed and by which resolution; each date leads to the change in "
    "its redline.",
    "timeline_columns": "| Article | Changes |",
    "timeline_title_translation": "Changes by article",
    "timeline_none_translation": "No article has been updated yet.",
    "timeline_intro_translation": "When each article of the translation changed and by which resolution; each "
    "date leads to the change in its redline.",
    "timeline_columns_translation": "| Article | Changes |",
    "timeline_change": "[{start}]({url}) {status} ({resolution})",
    "timeline_change_coming": "[{start}]({url}) {status}, not yet in force ({resolution})",
    "timeline_changed": "amended",
    "timeline_added": "inserted",
    "timeline_deleted": "deleted",
    "timeline_replaced": "replaced",
    "timeline_changed_translation": "updated",
    "timeline_replaced_translation": "replaced",
    "timeline_renumbered": "renumbered",
    # A change adopted but not yet in force, at the article it changes.
    "pending_title": "Adopted, not yet in force",
    "pending_note": "This article is {status} with effect from {start} by "
    "resolution {resolution}. [See the change]({url}).",
    "pending_note_original": "This article of the original is {status} with "
    "effect from {start} by resolution {resolution}. [See the change]({url}).",
    # The footer of a printed page.
    "print_footer": "{title}, version of {slug} ({state}). Published at {url}; site as of {today}.",
    # The header block of the paper copy (governance pdf).
    "pdf_caption": "Official copy of an adopted text",
    "pdf_reference": "Reference translation: only the original has legal effect",
    "pdf_title": "Title",
    "pdf_issuer": "Issuer",
    "pdf_version": "Version",
    "pdf_adopted": "Adopted by",
    "pdf_body": "Governing body",
    "pdf_digest": "Digest",
    "pdf_source": "Source text",
    "pdf_printed": "Printed",
    "pdf_resolution": "resolution {resolution} of the {body}, adopted {adopted}; effective {effective}",
    "pdf_attached": "attached to this PDF as {name}; its SHA-256 is the digest above",
    "pdf_printed_on": "{today}, from the audited history of the repository ({path} at {commit})",
}

_JA: dict[str, str] = {
    "state_from": "{start}から施行",
    "state_from_to": "{start}から{end}まで施行",
    "state_coming": "{start}から施行予定",
    "state_never": "施行前の{start}に改められ、施行されなかった",
    "state_same_day": "議決と同日（{adopted}、{resolution}）に改められ、{start}からは改められた規程が施行",
    "state_replaced_before": "施行前に{resolution}（{adopted}）により改められ、{start}からは改められた規程が施行",
    "same_day_label": "{start}・同日第{n}",
    "approval": "{body}の決議 **{resolution}**（{adopted}）",
    "rescinded_title": "廃止",
    "rescinded_text": "この規程は、{approval}により、{effective}から廃止されました。"
    "以下は廃止前に施行されていた最後の本文であり、現在は効力を有しません。",
    "rescission_title": "この規程は、{effective}から廃止",
    "rescission_text": "{approval}による廃止です。それまでは以下の本文が適用されます。",
    "amendment_coming_title": "改正決定：この改正は、{start}から施行",
    "enactment_coming_title": "この規程は、{start}から施行",
    "rescinded_title_translation": "参考訳の取りやめ",
    "rescinded_text_translation": "この参考訳は、{approval}により、{effective}から取りやめられました。"
    "以下は取りやめ前の最後の参考訳であり、現在は更新されていません。",
    "rescission_title_translation": "この参考訳は、{effective}から取りやめ",
    "rescission_text_translation": "{approval}による取りやめです。それまでは以下の参考訳を掲載します。",
    "amendment_coming_title_translation": "参考訳の更新決定：{start}から適用",
    "enactment_coming_title_translation": "この参考訳は、{start}から公開",
    "coming_adopted": "{approval}により決定。",
    "coming_applies_until": "それまでは以下の本文が適用されます。",
    "coming_not_in_force": "施行されている本文はまだありません。",
    "coming_links": "[施行予定の本文]({text})を確認できます。",
    "coming_links_changes": "[施行予定の本文]({text})及び[新旧対照表]({changes})を確認できます。",
    "history_link": "[この規程の改正履歴]({url})",
    "history_link_translation": "[この参考訳の更新履歴]({url})",
    "reference_title": "参考訳",
    "reference_text": "この文書は参考のための翻訳です。"
    "法的効力を有するのは[原文（{original}）]({url})のみです。",
    "stale_title": "この翻訳は現行の原文に対応していません",
    "stale_text": "原文は{start}から改正後の内容が施行されています。翻訳は改正前の原文に基づいています。"
    "最新の内容は[原文]({url})を確認してください。",
    "bilingual_text": "各条を、まず[原文]({original})（法的効力を有するのは原文のみ）、次に[参考訳]({translation})"
    "で示します（広い画面では左右に、狭い画面では上下に並べます）。条は番号で対応させています。",
    "bilingual_stale": "翻訳は改正前の原文に基づいています。両者が異なる場合は原文が適用されます。",
    "languages": "言語：{links}",
    "side_by_side": " · 対訳：{links}",
    "panel_title": "本文の情報",
    "panel_summary": "{title}：{state}",
    "panel_status": "**施行状況：** {state}",
    "panel_enacted": "**制定：** {enacted}",
    "panel_enacted_by": "（{adopted}の決議 {resolution} により記録）",
    "panel_amended": "**最終改正：** {adopted}の決議 {resolution}（{start}施行）",
    "panel_published_translation": "**参考訳の公開：** {adopted}の決議 {resolution}",
    "panel_amended_translation": "**参考訳の最終更新：** {adopted}の決議 {resolution}（{start}から適用）",
    "panel_this_text": "**この版：** {approval}により承認（施行日：{effective}）",
    "panel_body": "**所管機関：** {body}",
    "panel_digest": '**ダイジェスト：** <code class="governance-digest">{digest}</code> — '
    "[承認された本文をダウンロード]({url})して `sha256sum {name}` を実行するか、"
    "`git show {commit}:{path} | sha256sum` を実行すると、同じ16進数のダイジェストが得られます。",
    "panel_history": "**改正履歴：** [全ての版と改正内容]({url})",
    "panel_history_translation": "**更新履歴：** [全ての版と更新内容]({url})",
    "permalink": "この節へのリンク",
    "permalink_article": "第{number}条へのリンク",
    "permalink_paragraph": "第{number}条第{paragraph}項へのリンク",
    "permalink_item": "第{number}条第{paragraph}項第{item}号へのリンク",
    "panel_amended_coming": "**改正：** {adopted}の決議 {resolution}（{start}施行予定）",
    "panel_amended_coming_translation": "**参考訳の更新：** {adopted}の決議 {resolution}（{start}から適用予定）",
    "panel_up_to_date": "**時点：** {today}までに施行された全ての改正を反映しています",
    "panel_up_to_date_translation": "**時点：** {today}までに適用された参考訳の全ての更新を反映しています",
    "panel_cite": "**この版への固定リンク：** [{slug}]({url})",
    "version_title_current": "{title}（{start}版）",
    "version_title_past": "{title}（旧版：{start}から{end}まで施行）",
    "version_title_upcoming": "{title}（未施行：{start}施行予定）",
    "version_title_superseded": "{title}（施行されなかった版：{slug}）",
    "version_kicker_past": "旧版",
    "version_kicker_upcoming": "未施行の版",
    "version_kicker_superseded": "施行されなかった版",
    "version_banner_current": "現行の本文",
    "version_text_current": "{start}から施行されている現在の本文です。[規程のページ]({url})にも掲載しています。",
    "version_banner_past": "旧版：現在は効力を有しません",
    "version_text_past": "この版は、{start}から{end}まで施行されていた本文です。現在は適用されません。{read}",
    "version_banner_upcoming": "未施行：まだ効力を有しません",
    "version_text_upcoming": "この版は、{start}から施行されます。それまでは現在の本文が適用されます。{read}",
    "version_banner_superseded": "施行されなかった版",
    "version_text_superseded": "この版は、施行前の{start}に改められ、適用されませんでした。{read}",
    "version_title_same_day": "{title}（{start}版・同日第{n}版）",
    "version_read_current": "[現在施行されている本文]({url})を確認してください。",
    "version_read_rescinded": "この規程は廃止されています。[規程のページ]({url})を確認してください。",
    "redline_title": "{title} 新旧対照表（{start}施行）",
    "redline_title_coming": "{title} 新旧対照表（{start}施行予定）",
    "redline_intro": "{approval}による改正です。[改正前の本文]({previous})（{state}）。"
    "[改正後の本文]({amended})。",
    "redline_intro_translation": "{approval}による参考訳の更新です。[更新前の参考訳]({previous})（{state}）。"
    "[更新後の参考訳]({amended})。",
    "redline_explained": "追加部分に<ins>下線</ins>、削除部分に<del>取消線</del>を付し、"
    "変更のあった条のみを示します。承認された原文どうしを比較しています。",
    "redline_identical": "本文に変更はありません。",
    "redline_metadata": "メタデータ",
    "redline_preamble": "題名及び前文",
    "redline_added": "（新設）",
    "redline_deleted": "（削除）",
    "redline_replaced": "（全部改正）",
    "redline_renumbered": "（{before}→{after}）",
    "redline_closing": "末尾",
    "comparison_explained": "改正後の規定を左に、改正前の規定を右に示します。改正部分には傍線を付しています"
    "（読み上げでは改正後の傍線部分を挿入、改正前の傍線部分を削除として伝えます）。"
    "新たに設ける規定の右欄は「{new}」、削る規定の左欄は「{deleted}」です。",
    "comparison_unchanged": "本文の変更はありません（メタデータのみの変更）。",
    "history_title": "{title}：改正履歴",
    "history_intro": "[規程のページ]({url})。承認された全ての版を新しい順に示します。"
    "各改正の内容は新旧対照表で確認できます。",
    "history_columns": "| 版 | 施行期間 | 区分 | 決議 | 決議日 | 改正内容 |",
    "history_title_translation": "{title}：更新履歴",
    "history_intro_translation": "[参考訳のページ]({url})。承認された全ての版を新しい順に示します。"
    "各更新の内容は新旧対照表で確認できます。",
    "history_columns_translation": "| 版 | 施行期間 | 区分 | 決議 | 決議日 | 更新内容 |",
    "history_ends": "{end}まで",
    "history_resolution": "{resolution}（{body}）",
    "history_redline": "[新旧対照表]({url})",
    "history_translation": "翻訳：[{title}]({url})。",
    "history_before_adoption": "規程管理の導入前の版（本ツールによる検証なし）：[導入前の版]({url})。",
    "before_title": "{title}：導入前の版",
    "before_version_title": "{title}（導入前、{date}）",
    "before_notice_title": "導入前の版：本ツールによる検証なし",
    "before_notice": "規程管理の導入前にリポジトリにあったこの規程の版を、日付とコミットとともにgitから取り込んだもの。ここで記録された決議による承認はなく、監査の対象でもない。参考として示す。[施行中の規程]({url})。",
    "before_version_notice": "規程管理の導入前、{date}のコミット `{commit}` にあった本文。本ツールによる検証なし：記録された決議による承認はない。[施行中の規程]({url})、[導入前の版の一覧]({list})。",
    "before_columns": "| 日付 | コミット |",
    "action_enact": "制定",
    "action_amend": "改正",
    "action_rescind": "廃止",
    "action_enact_translation": "参考訳の公開",
    "action_amend_translation": "参考訳の更新",
    "action_rescind_translation": "参考訳の取りやめ",
    "on_title": "{title}：特定日時点の本文",
    "on_intro": "指定した日に施行されていた本文を表示します。日付を選ぶとその日の版に移動します（下の表でも確認できます）。"
    "{today}までに施行された全ての改正を反映しています。[改正履歴]({url})に全ての版と改正内容を掲載しています。",
    "on_label": "日付",
    "on_submit": "この日に施行されていた本文を表示",
    "on_before": "その日には、この規程はまだ施行されていません（{first}施行）。",
    "on_rescinded": "この規程は{date}から廃止されており、同日以後に適用される本文はありません。",
    "on_gap": "この規程は{date}から廃止され、{next}から改めて制定されました。その間に適用される本文はありません。",
    "on_invalid": "日付を YYYY-MM-DD の形式で入力してください。",
    "on_periods": "施行期間（新しい順）：",
    "on_columns": "| 施行期間 | 版 | 決議 |",
    "on_period_from_to": "{start}から{end}まで",
    "on_period_from": "{start}から",
    "on_resolution": "{resolution}（{adopted}）",
    "on_link": "**時点指定：** [任意の日に施行されていた本文]({url})",
    "panel_compare": "**比較：** [任意の二つの版の新旧対照表]({url})",
    "compare_heading": "任意の二つの版の比較",
    "compare_link": "[任意の二つの版を比較する]({url})：その間の全ての変更を示します。",
    "compare_page_title": "{title}：版の比較",
    "compare_page_intro": "二つの版を選ぶと、その間の全ての改正による変更を新旧対照表で示します。"
    "比較結果のアドレスはそのまま共有できます。[改正履歴]({url})に全ての版と各改正の新旧対照表を掲載しています。",
    "compare_from": "比較元の版",
    "compare_to": "比較先の版",
    "compare_submit": "比較する",
    "compare_option_past": "{label}",
    "compare_option_current": "{label}（施行中）",
    "compare_option_upcoming": "{label}（未施行）",
    "compare_result_title": "新旧対照表（{before}版から{after}版まで）",
    "compare_between": "決議 {resolutions} による改正です。",
    "compare_one_amendment": "一回の改正による変更です。その新旧対照表は次のページにもあります：",
    "compare_same": "異なる二つの版を選んでください。",
    "compare_unknown": "{slug}版はありません。一覧から選んでください。",
    "compare_loading": "二つの版を比較しています…",
    "compare_failed": "二つの版を読み込めませんでした。改正履歴に各改正の新旧対照表があります。",
    "compare_unchanged_count": "変更のない{count}の部分は省略しています。",
    "compare_noscript": "この比較にはJavaScriptが必要です。改正履歴に各改正の新旧対照表があります。",
    "compare_moved_title": "{title}：この比較は移動しました",
    "compare_moved": "{before}版と{after}版の比較は、任意の二つの版を比較するページに移動しました：{link}。",
    "timeline_title": "条ごとの改正経過",
    "timeline_none": "改正された条はまだありません。",
    "timeline_intro": "各条がいつ、どの決議により改正されたかを示します。日付から新旧対照表の該当箇所に移動します。",
    "timeline_columns": "| 条 | 改正経過 |",
    "timeline_title_translation": "条ごとの更新経過",
    "timeline_none_translation": "更新された条はまだありません。",
    "timeline_intro_translation": "参考訳の各条がいつ、どの決議により更新されたかを示します。"
    "日付から新旧対照表の該当箇所に移動します。",
    "timeline_columns_translation": "| 条 | 更新経過 |",
    "timeline_change": "[{start}]({url}) {status}（{resolution}）",
    "timeline_change_coming": "[{start}]({url}) {status}・未施行（{resolution}）",
    "timeline_changed": "改正",
    "timeline_added": "新設",
    "timeline_deleted": "削除",
    "timeline_replaced": "全部改正",
    "timeline_changed_translation": "更新",
    "timeline_replaced_translation": "全面更新",
    "timeline_renumbered": "番号変更",
    "pending_title": "未施行の改正",
    "pending_note": "この条は、決議 {resolution} により{start}から{status}されます。"
    "[改正内容]({url})を確認できます。",
    "pending_note_original": "原文のこの条は、決議 {resolution} により{start}から{status}されます。"
    "[改正内容]({url})を確認できます。",
    "print_footer": "{title}（{slug}版、{state}）。掲載場所：{url}（{today}現在のサイト）",
    # 正本（governance pdf）の表題部。
    "pdf_caption": "正本（承認された本文）",
    "pdf_reference": "参考訳（法的効力を有するのは原文のみ）",
    "pdf_title": "題名",
    "pdf_issuer": "制定者",
    "pdf_version": "版",
    "pdf_adopted": "承認",
    "pdf_body": "所管機関",
    "pdf_digest": "ダイジェスト",
    "pdf_source": "原文ファイル",
    "pdf_printed": "印刷日",
    "pdf_resolution": "{body}決議 {resolution}（{adopted}承認、{effective}効力発生）",
    "pdf_attached": "このPDFに {name} として添付。そのSHA-256は上記のダイジェストと一致する",
    "pdf_printed_on": "{today}（リポジトリの監査済み履歴 {path}、{commit} から作成）",
}

# Each language's tables: the pages of a text, the shared pages, the board pack. Merged, a key written in
# two of them would silently take the last one's words (tests/site/test_messages.py refuses that; ruff's
# F601 refuses a key written twice in one table).
TABLES: dict[str, tuple[dict[str, str], ...]] = {
    "en": (_EN, SHARED_EN, PACK_EN),
    "ja": (_JA, SHARED_JA, PACK_JA),
}
MESSAGES: dict[str, dict[str, str]] = {
    language: {key: text for table in tables for key, text in table.items()}
    for language, tables in TABLES.items()
}


def supported(language: str) -> str:
    """The language whose table speaks for `language`: itself when there is one, else English."""
    return language if language in MESSAGES else DEFAULT_LANGUAGE


def format_date(language: str, day: date) -> str:
    """A date as the language writes it: 2026年11月25日 in Japanese, ISO 8601 (2026-11-25) otherwise."""
    if supported(language) == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def as_date(text: str) -> date | str:
    """A date written in front matter ("2012-04-01") as a date, so it is shown in the page's language;
    anything else as written."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def message(language: str, key: str, **values: object) -> str:
    """The message `key` in `language` (English when the language has no table), dates among `values`
    written as that language writes them. An unknown key is a KeyError: a bug, never a reader's problem."""
    language = supported(language)
    shown = {
        name: format_date(language, value) if isinstance(value, date) else str(value)
        for name, value in values.items()
    }
    return MESSAGES[language][key].format(**shown)
