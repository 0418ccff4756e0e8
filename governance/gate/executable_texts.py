"""Texts adopted executable: a repository adopted while its texts were mode 100755 (before `governance
init` refused them) had an adoption the audit refused, and no change could make the texts plain. A
decision approves bytes, and a file's executable bit is none of them: a commit that only clears the bit
changes no approved text and needs no decision (`changes.made_plain`). The audit then accepts such an
adoption as its baseline approved the bytes, once a later commit of the walk has made each of those
texts plain; until then the adoption stays refused, saying which text and the one command that ends it.
Every other change of an executable text stays refused (the mode first), and so does making one
executable."""

from __future__ import annotations

from governance import git
from governance.gate.changes import EXECUTABLE, REGULAR, made_plain
from governance.i18n import Message


class AdoptedExecutable:
    """The texts of the adoption that were executable, until a commit of the walk makes each plain."""

    def __init__(self) -> None:
        self._left: dict[str, None] = {}

    def judged_plain(self, entries: list[git.TreeEntry]) -> list[git.TreeEntry]:
        """The adoption's texts, an executable one judged by its bytes as a plain one is, and kept."""
        if not any(entry.mode == EXECUTABLE for entry in entries):
            return entries
        plain: list[git.TreeEntry] = []
        for entry in entries:
            if entry.mode == EXECUTABLE:
                self._left[entry.path] = None
                entry = git.TreeEntry(REGULAR, entry.kind, entry.blob, entry.path)
            plain.append(entry)
        return plain

    def see(self, commit: git.LogCommit) -> None:
        """A commit of the walk after the adoption: the texts it makes plain are so from then on."""
        if self._left:
            for entry in commit.entries:
                if entry.path in self._left and made_plain(entry):
                    del self._left[entry.path]

    def left(self) -> list[str]:
        """Why the adoption is refused: each text no commit made plain."""
        return [
            Message(
                "{path}: an executable file (mode 100755) since the adoption, and no later commit made it "
                "plain; the gate takes only plain files under the regulations folder: commit `git "
                "update-index --chmod=-x {path}` alone (it changes no text and needs no decision), and the "
                "audit accepts the adoption",
                path=path,
            )
            for path in self._left
        ]
