"""What may be added to the records folder: records (`<ID>.yml`, in the folder or the folder of a year in
it), their signatures (`<ID>.yml.sig`), the rules' own files (bodies.yml, allowed_signers, ...; judged as
governed files, never here) and the opinions (意見書) that a record added with them names. Anything else
is litter: a temporary file a writer killed halfway left and `git add resolutions` committed, a record
under a name no reader looks at (`BD-1.YML`, `BD-1.yaml`), a stray note or a subfolder. Nobody reads it,
so nobody would notice it: it is refused by whoever judges the diff (check, audit, the server's hook),
with what to do."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from governance.i18n import Message
from governance.records.resolutions import RECORD_SUFFIX, SIGNATURE_SUFFIX, is_record_path

_SPELLINGS = (".yml.sig", ".yaml.sig", ".yml", ".yaml")  # as a record's name may be misspelt, longest first


def stray_files(added: Iterable[str], records: str, opinions: AbstractSet[str]) -> list[str]:
    """A refusal for each path `added` to the records folder that is not a record, a record's
    signature, or an opinion in `opinions` (the files the records added with it name)."""
    records = records.rstrip("/")
    return [
        Message("{path}: {problem}", path=path, problem=_why_stray(path, records))
        for path in added
        if path not in opinions and not _belongs(path, records)
    ]


def _belongs(path: str, records: str) -> bool:
    if path.endswith(SIGNATURE_SUFFIX):
        return is_record_path(path.removesuffix(".sig"), records)
    return is_record_path(path, records)


def _why_stray(path: str, records: str) -> str:
    parent, _, name = path.rpartition("/")
    if any(part.startswith(".") for part in path[len(records) + 1 :].split("/")):
        return Message(
            "a hidden file in the records folder, such as the temporary file of a command killed before it "
            "finished; it is not a record: remove it (git rm) and run the command again"
        )
    lowered = name.lower()
    spelling = next((suffix for suffix in _SPELLINGS if lowered.endswith(suffix)), None)
    if spelling is not None:
        suffix = SIGNATURE_SUFFIX if spelling.endswith(".sig") else RECORD_SUFFIX
        renamed = f"{parent}/{name[: -len(spelling)]}{suffix}"
        if name != renamed.rpartition("/")[2] and _belongs(renamed, records):
            return Message(
                "not a record: no reader looks for a record under this name; rename it to {renamed}",
                renamed=renamed,
            )
        if not is_record_path(f"{parent}/{RECORD_SUFFIX}", records):  # a folder no record may sit in
            return Message(
                "not in a record's place: a record sits in {records}/ or in the folder of its year "
                "({records}/2026/); move it there",
                records=records,
            )
    return Message(
        "not a record: the records folder holds records (<ID>.yml), their signatures (<ID>.yml.sig), "
        "bodies.yml, allowed_signers and the opinions (意見書) a record added with them names; remove it, "
        "or move it out of {records}/",
        records=records,
    )
