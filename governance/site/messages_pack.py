"""The words of the board pack (governance.site.board_pack_html), in the language of the texts it
presents: a Japanese board reads 議案, 新旧対照表 and 原案. Merged into governance.site.messages."""

from __future__ import annotations

PACK_EN: dict[str, str] = {
    "pack_kind": "Board pack",
    "pack_proposal": "Proposal: <code>{head}</code> into <code>{base}</code> (commit <code>{commit}</code>)",
    "pack_prepared": "Prepared on {today} from the repository; each decision below names the digest of exactly "
    "the text shown, and the gate accepts the resolution only with those digests.",
    "pack_agenda": "Agenda",
    "pack_nothing": "This proposal changes no regulation and no governed file.",
    "pack_item_enact": "Item {n}. Enactment of the {title}",
    "pack_item_amend": "Item {n}. Amendment of the {title}",
    "pack_item_rescind": "Item {n}. Rescission of the {title}",
    "pack_item_file": "Item {n}. Change of the governed file {path}",
    "pack_facts": 'File <code>{path}</code>; decided by the {body}; digest <code class="governance-digest">'
    "{digest}</code>",
    "pack_redline": "The changes, article by article (insertions <ins>underlined</ins>, deletions "
    "<del>struck through</del>; each changed article is shown whole):",
    "pack_whole_new": "The text to be enacted, in full:",
    "pack_whole_old": "The text to be rescinded, in full:",
    "pack_file_changes": "The lines of the file, changed:",
    "pack_resolution": "Draft resolution",
    "pack_resolved_enact": "RESOLVED, that the {title} be enacted in the text set out above (SHA-256 "
    "{digest}), with effect from {blank}.",
    "pack_resolved_amend": "RESOLVED, that the {title} be amended as set out above, the amended text being "
    "the one of SHA-256 {digest}, with effect from {blank}.",
    "pack_resolved_rescind": "RESOLVED, that the {title} (the text of SHA-256 {digest}) be rescinded with "
    "effect from {blank}.",
    "pack_resolved_file": "RESOLVED, that the governed file {path} be changed as set out above (SHA-256 "
    "{digest}), with effect from {blank}.",
    "pack_entry": "The decision entry the secretary records (the digest is the one the gate checks):",
    "pack_minutes": "For the minutes",
    "pack_minutes_intro": "To be filled in at the meeting (or for a written consent) and carried into the "
    "resolution record with governance resolution new.",
    "pack_field_resolution": "Resolution id",
    "pack_field_date": "Date of the meeting or of the consent",
    "pack_field_form": "Form",
    "pack_form_choices": "☐ meeting  ☐ written consent (no meeting)",
    "pack_field_members": "Members of the {body}",
    "pack_field_present": "Members present",
    "pack_field_consents": "Members consenting in writing",
    "pack_field_recorded_by": "Recorded by",
    "pack_col_item": "Item",
    "pack_col_for": "For",
    "pack_col_against": "Against",
    "pack_col_abstain": "Abstaining",
    "pack_col_effective": "Effective date",
    "pack_votes_item": "Item {n}",
}

PACK_JA: dict[str, str] = {
    "pack_kind": "取締役会資料",
    "pack_proposal": "改正案：<code>{head}</code>（<code>{base}</code>への変更、コミット <code>{commit}</code>）",
    "pack_prepared": "{today}にリポジトリから作成。下記の各決定事項は、ここに示す本文のダイジェストを記載しており、"
    "ゲートはこのダイジェストを記載した決議のみを受け付けます。",
    "pack_agenda": "議案",
    "pack_nothing": "この改正案は、規程及び管理対象ファイルを変更しません。",
    "pack_item_enact": "第{n}号議案　{title}制定の件",
    "pack_item_amend": "第{n}号議案　{title}一部改正の件",
    "pack_item_rescind": "第{n}号議案　{title}廃止の件",
    "pack_item_file": "第{n}号議案　管理対象ファイル {path} 変更の件",
    "pack_facts": 'ファイル <code>{path}</code>、所管機関：{body}、ダイジェスト <code class="governance-digest">'
    "{digest}</code>",
    "pack_redline": "新旧対照表（改正のある条は全文を示し、改正部分に傍線を付しています）：",
    "pack_whole_new": "制定する本文（全文）：",
    "pack_whole_old": "廃止する本文（全文）：",
    "pack_file_changes": "ファイルの変更箇所：",
    "pack_resolution": "原案",
    "pack_resolved_enact": "{title}を別紙のとおり制定し（本文のSHA-256：{digest}）、{blank}から施行する。",
    "pack_resolved_amend": "{title}の一部を別紙新旧対照表のとおり改正し（改正後の本文のSHA-256：{digest}）、"
    "{blank}から施行する。",
    "pack_resolved_rescind": "{title}（本文のSHA-256：{digest}）は、{blank}限り廃止する。",
    "pack_resolved_file": "管理対象ファイル {path} を別紙のとおり変更し（SHA-256：{digest}）、{blank}から適用する。",
    "pack_entry": "事務局が記録する決定事項（ゲートはこのダイジェストを照合します）：",
    "pack_minutes": "議事録記載事項",
    "pack_minutes_intro": "会議（又は書面決議）の際に記入し、governance resolution new で決議の記録に転記します。",
    "pack_field_resolution": "決議番号",
    "pack_field_date": "開催日（書面決議の場合は決議があったものとみなされた日）",
    "pack_field_form": "形式",
    "pack_form_choices": "☐ 会議　☐ 書面決議（会議を開催しない決議）",
    "pack_field_members": "{body}の構成員数",
    "pack_field_present": "出席者数",
    "pack_field_consents": "書面により同意した構成員数",
    "pack_field_recorded_by": "記録者",
    "pack_col_item": "議案",
    "pack_col_for": "賛成",
    "pack_col_against": "反対",
    "pack_col_abstain": "棄権",
    "pack_col_effective": "施行日",
    "pack_votes_item": "第{n}号議案",
}
