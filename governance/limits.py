"""The documented limits on input (site/guides/administrator.md, "Limits"), in one place.

Every file the gate reads may come from a pull request, so each is bounded before it is parsed: past a
limit the input is refused with a message that names the limit, never parsed slowly or crashed on. The
algorithms below the limits are linear (benchmarks/hostile.py prints the figures).
"""

from __future__ import annotations

from dataclasses import dataclass

# A regulation text. The longest real regulation is under 200 KB; a text of 1 MiB lints in well under a
# second. Beyond it a text is refused as a finding (SIZE001), not parsed.
MAX_TEXT_BYTES = 1024 * 1024
# Lines of a regulation text. markdown-it-py costs about 20 microseconds a block whatever the block's
# size, so a megabyte of one-line blocks (headings, blank lines) would take seconds; 1 MB of ordinary
# prose is about 22,000 lines.
MAX_TEXT_LINES = 25_000

# Characters that markdown-it may read as inline markup (its terminators: ! # $ % & * + - : < = > @ [ \ ]
# ^ _ ` { } ~), counted in the paragraphs, headings and table cells that hold any inline markup: the only
# ones the inline parse reads. That parse costs from 2 microseconds for each (a '-') to 26 (the '[' of a
# link or an image), so a megabyte of links or code spans took 3 to 30 s, while a megabyte of the seed
# regulation holds 10 (English) to 1,300 (Japanese, in all its paragraphs). A regulation is prose: past
# this, the text is refused before the inline parse.
MAX_INLINE_MARKUP = 10_000

# A record's signature (.yml.sig). An armored SSH signature is about 300 bytes for an Ed25519 key and
# under 12 KiB for the largest RSA key of a certificate; it is refused as invalid, unread, beyond this.
MAX_SIGNATURE_BYTES = 64 * 1024

# Signatures of one commit that may fail before its further signatures that only ssh-keygen can judge (a
# certificate, an RSA or ECDSA key, an allowed_signers line beyond the plain form; about 7 ms a process)
# are left unchecked: nothing else bounds the records of a commit, and the commit is refused anyway. What
# is judged in-process (an Ed25519 key on a plain line, good or bad; what no ssh-keygen reads) is still
# checked.
MAX_FAILED_SIGNATURES = 16

# The written opinion (意見書) a record's consultation names, kept in the repository (a scan or a text):
# a scan of a few pages is under 5 MB. Beyond this the record does not count; the file is not read.
MAX_OPINION_BYTES = 16 * 1024 * 1024

# A YAML file (a resolution record, bodies.yml, governance.yml, front matter): above the largest
# legitimate one, the baseline record of a group adopting 20,000 texts at once (about 2.4 MB).
MAX_YAML_BYTES = 4 * 1024 * 1024

# Values aliases may add to a YAML file that may hold them (a workflow: `steps: *build`), each alias
# counted as every node its anchor holds: far above a workflow that repeats its steps in a few jobs, far
# below what would take the gate a second to walk; "billion laughs" (aliases of aliases, each doubling
# the document) stop here after a few kilobytes of input.
MAX_YAML_ALIAS_NODES = 100_000

# The workflows and actions under .github/ that the gate reads, with the action.yml of each local action
# outside .github/ they run (read as theirs are), together: each within MAX_YAML_BYTES, and
# a few kilobytes in a real repository (a monorepo's 200 workflows: a megabyte or two). Reading one of
# 4 MiB costs the gate about 3 s, so a pull request adding a hundred would have stalled each check for
# minutes; past these, the rest is not read, and the gate refuses as for a workflow it cannot read.
MAX_GITHUB_YAML_BYTES = 16 * 1024 * 1024
MAX_GITHUB_YAML_FILES = 1_000

# Nesting of YAML mappings and lists. A record needs 4 levels; libyaml and Python's recursion give out
# near 1,000, so the loader refuses deeper documents itself.
MAX_YAML_DEPTH = 32

# A regulation's file name, in UTF-8 bytes (01_就業規則.md is 19). File systems take 255 bytes a name,
# and the site publishes each text's exact bytes beside it as `<name>.txt`: a name of 252 to 255 bytes
# was adopted, judged and then ended the site's build in "File name too long". Its folders' names are
# bounded by the file systems themselves (255).
MAX_FILE_NAME_BYTES = 255 - len(".txt")

# Digits of a number read as a number: an article, paragraph or item number, a reference, a YAML
# integer. Python refuses to convert integers of more than 4,300 digits, and no regulation counts
# beyond millions.
MAX_NUMBER_DIGITS = 9
MAX_YAML_INTEGER_DIGITS = 18  # a YAML integer fits in 64 bits


@dataclass(frozen=True)
class BeyondLimit:
    """A file left unread: its size, from git's object header, is beyond `limit`."""

    size: int
    limit: int
