"""Which repository paths a workflow's `run:` step names, word by word as a shell splits it.

A governed workflow that runs `./scripts/publish.sh`, `bash tools/x.sh` or `python build.py` runs that
file with the workflow's token and secrets: unless the file is governed, a pull request changing only
it changes what the approved workflow does. Which files a shell script executes is undecidable without
running it, so this reads conservatively and in one pass: every word that can name a relative path (it
holds a `/`, or its last part a `.`: `scripts/x.sh`, `build.py`), the first argument of an interpreter even
when bare (`bash deploy`), the files `python -m a.b` runs or imports first, each in every form Python's
path finder takes (a/__init__.*, a.* above it, a/b.* and the package a/b; a `.*` takes in an extension
a.cpython-311-x86_64-linux-gnu.so, which Python prefers to a.py, a sourceless a.pyc, and __pycache__/a.*,
whose unchecked-hash .pyc runs whatever the source says; Python's options read as Python reads them, `-Im
a.b`, `-W ignore -m a.b`), the files that `make` and npm read without naming them (Makefile, makefile,
GNUmakefile, `make -f F`, `make -C D`; package.json for npm, npx, yarn and pnpm, `--prefix D`), and where
the environment says a step finds what it runs: with PYTHONPATH set (anywhere in the workflow file, which
`environment` passes) a module's forms and sitecustomize/usercustomize in any folder; with PATH or
$GITHUB_PATH changed, each command's name in any folder; a Python of the checkout (`.venv/bin/python`) its
pyvenv.cfg and lib/, whose .pth files run at every start (a .pth elsewhere is read only from the site
folders of a Python outside the checkout).
Words are unquoted as bash does it (`$'./x\\x2esh'`, a backslash-newline inside "..."). A shell's `-c`
script, an `eval`'s words and `env -S`'s are read the same way, to a depth of three; a here-document's body
apart from the lines after it; the command a runner runs (`sudo -u root bash x`, `timeout 10 ./x.sh`). The
files a tool reads from its folder without naming them, as make does (just, task, rake, tox, nox, cargo,
mvn, gradle, docker compose; pytest's configuration, and its conftest.py and test files in any folder). A
shell or Python that xargs feeds names, and `find -exec {}`, may run any file: every path is named.

Where a name is known only when the step runs, the reader stands for every file it may be, never none:
- a glob or a `${{ }}` expression (GitHub writes its value into the script) is its first pattern part: any
  name of its folder starting with the text before the pattern and ending with the text after it
  (`scripts/deploy-${{ inputs.env }}.sh` is scripts/deploy-*.sh; `./x-*.sh` the root's x-*.sh), and all
  below such a name; a bracket or a brace ends nothing (`x-{a,/b}`), and one with `..` after it is anywhere;
- a literal `cd`, `pushd` or `env -C` adds the folder it goes to (the script may be in any folder it went
  to: a cd may fail, or stand in a subshell), at most eight; a folder not literal (`cd "$DIR"`, `cd /srv`,
  `cd` home, out of the checkout), a sourced file or an `eval` (which may cd), a cd in a script that loops,
  defines functions, traps or aliases (its cd applies to commands read before it), or CDPATH: every path
  read after it is read from anywhere (`**/x.sh`: any path ending in x.sh, or with it as a folder).
A false positive only means that a change to a path of that name needs a decision too. (A step's
`working-directory:` and a custom `shell:` command are read by governance.gate.local_actions.)

A variable or command substitution in a word is read as a pattern is (`scripts/$NAME.sh` is scripts/*.sh,
`"$GITHUB_WORKSPACE/scripts/x.sh"` **/scripts/x.sh), but for the runner's own folders, outside the
checkout unless the workflow file sets them ($RUNNER_TEMP, $RUNNER_TOOL_CACHE, `${{ runner.temp }}`): a
word in them names no file of the checkout, a step starting in one reads none until a cd (which may lead
back into it: from anywhere then), and one of them put on $GITHUB_PATH extends PATH to none.

A `${{ }}` expression as a command (`run: ${{ inputs.command }}`) may run any file: every path is named.

What is not caught, and cannot be by reading words: a name made wholly at run time by the shell (a word
that is only a variable, `"$SCRIPT"`, `$(ls)`), a file a program reads by itself (a
script calling another, Python code of `python -c` or `shell: python` opening a file, `source` inside a
sourced file, the modules pytest's tests import), a build reading its tree (`pip install .`, `pip wheel
.`, `python -m build`: the build backend pyproject.toml names, setup.py and the whole package; `make`'s
included makefiles and the scripts its recipes call; npm's lifecycle scripts and the files they call), and
a path given absolute (`/home/runner/work/...`). Those files stay the administrator's to govern with
governed_paths (the administrator's guide says so); pip's build is left out on purpose: pyproject.toml alone is a small part of what it reads,
and this repository's own release workflow builds the tool's ungoverned source by design (README,
"Developing this project").
"""

from __future__ import annotations

import posixpath
import re

_BREAKS = frozenset(";&|()<>`\n")  # end a command; blanks end only a word
_BLANKS = frozenset(" \t\r")
# What a `${{ }}` expression of the workflow stands for here: GitHub writes its value into the script before
# the shell runs, so `./scripts/deploy-${{ inputs.target }}.sh` runs a file of scripts/ that only the run
# knows. Read as a glob is: the folder before it (it was a `$`, and the word was left unread).
_EXPRESSION = "\x00"
_GLOB = frozenset(("*", "?", "[", "{", _EXPRESSION))  # a brace too: `./x-{a,b}.sh` runs x-a.sh
_BRACES = re.compile(r"\{[^{}]*\}")
_PARENT = re.compile(r"(?:^|[/{,])\.\.(?:$|[/},])")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# Words that put the next word in the command's place.
_RUNNERS = ("sudo", "env", "time", "exec", "command", "builtin", "nohup", "nice", "xargs")
_PREFIXES = frozenset((*_RUNNERS, "then", "do", "else", "elif", "if", "while", "until", "!", "{", "}"))
_SHELLS = frozenset(("bash", "sh", "zsh", "dash", "ksh"))
_SCRIPTS = ("source", ".", "fish", "node", "deno", "bun", "ruby", "perl", "php", "pwsh", "powershell")
_INTERPRETERS = _SHELLS | frozenset((*_SCRIPTS, "Rscript", "tsx", "ts-node", "lua", "tclsh", "awk", "gawk"))
_PYTHON = re.compile(r"python[0-9.]*")
_MAKE = frozenset(("make", "gmake"))
_MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
_NODE = frozenset(("npm", "npx", "yarn", "pnpm"))
_DEPTH = 3  # shells' -c scripts inside -c scripts
_READ = _INTERPRETERS | _MAKE | _NODE  # the commands read here, with python
_SHELL_C = re.compile(r"-[A-Za-z]*c[A-Za-z]*")
_FIND_EXEC = frozenset(("-exec", "-execdir", "-ok", "-okdir"))
# Files tools read from their folder without naming them, as make reads its Makefile: their build or task
# files run code (a `**/` one in any folder: pytest's conftest.py beside each test).
_IMPLICIT: dict[str, tuple[str, ...]] = {
    "just": ("justfile", "Justfile", ".justfile"),
    "task": ("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml"),
    "rake": ("Rakefile", "rakefile", "Rakefile.rb", "rakefile.rb"),
    "tox": ("tox.ini", "pyproject.toml", "setup.cfg"),
    "nox": ("noxfile.py",),
    "cargo": ("Cargo.toml", "build.rs", ".cargo"),
    "mvn": ("pom.xml", ".mvn"),
    "gradle": ("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "gradle"),
    "pytest": (
        "pytest.ini",
        "pyproject.toml",
        "tox.ini",
        "setup.cfg",
        "**/conftest.py",
        "**/test_*.py",
        "**/*_test.py",
    ),
    "docker-compose": ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"),
}
_READ = _READ | frozenset(_IMPLICIT)
# What changes folder: bash's, and PowerShell's (any case) and cmd's names for it.
_CD = frozenset(("cd", "pushd", "chdir", "set-location", "sl", "push-location"))
# bash's builtins and keywords, which no PATH lookup finds in a folder.
_BUILTINS = frozenset(
    [
        ":",
        ".",
        "[",
        "[[",
        "]]",
        "alias",
        "bg",
        "bind",
        "break",
        "builtin",
        "caller",
        "cd",
        "command",
        "compgen",
        "complete",
        "continue",
        "declare",
        "dirs",
        "disown",
        "echo",
        "enable",
        "eval",
        "exec",
        "exit",
        "export",
        "false",
        "fc",
        "fg",
        "getopts",
        "hash",
        "help",
        "history",
        "jobs",
        "kill",
        "let",
        "local",
        "logout",
        "mapfile",
        "popd",
        "printf",
        "pushd",
        "pwd",
        "read",
        "readonly",
        "return",
        "set",
        "shift",
        "shopt",
        "source",
        "suspend",
        "test",
        "times",
        "trap",
        "true",
        "type",
        "typeset",
        "ulimit",
        "umask",
        "unalias",
        "unset",
        "wait",
    ]
)


class _Word:
    __slots__ = ("expanded", "glob", "text")

    def __init__(self, text: str, *, expanded: bool, glob: bool) -> None:
        self.text = text
        self.expanded = expanded  # held `$` or a backquote outside single quotes: known only at run time
        self.glob = glob  # an unquoted *, ? or [


def named_paths(script: str, folder: str = "") -> list[str]:
    """The repository paths `script` may run or read, from the repository's root, each once, in order:
    read from the root and from `folder` (the step's working directory), and from each folder a literal
    `cd` or `pushd` may have gone to. A path read where the folder is not known is `ANYWHERE` and the
    path below it; a glob's first pattern name (`x-*.sh`, a `${{ }}` expression) is its text before the
    pattern, `GLOB`, and its text after (`pattern_shown` says them as `**/x.sh`, `x-*.sh`)."""
    return read_script(script, folder)[0]


def read_script(
    script: str, folder: str = "", *, environment: str = "", anywhere: bool = False, outside: bool = False
) -> tuple[list[str], bool]:
    """`named_paths`, and whether the script may change folder (else, read from the root only, its paths
    joined to a folder are those read from that folder). `environment`: the variables of `ENVIRONMENT`
    that the workflow or action file names anywhere (an `env:`, a step writing $GITHUB_ENV), as a
    script's own are seen in it. `anywhere`: it starts in a folder known only when it runs; `outside`:
    in one outside the checkout (the runner's), from where no path is of the checkout until a cd."""
    starts = dict.fromkeys(("", folder)) if not outside else {}
    found = _Found(dict(starts))
    names = environment_names(script) | set(environment.split())
    found.python_path = "PYTHONPATH" in names
    found.path_extended = bool(names & {"PATH", "GITHUB_PATH"})
    found.runner_folders = not names & {"RUNNER_TEMP", "RUNNER_TOOL_CACHE"}
    if "CDPATH" in names or anywhere:
        found.lost()  # `cd x` goes where CDPATH says: every folder is one it may be in
    script = _without_expressions(script)
    _read_script(script, found, _DEPTH)
    if "\\" in script:
        # A Windows runner's shells (pwsh, cmd) read a backslash as a folder's separator, bash as an escape
        # (`.\\scripts\\x.ps1`): read both ways, from where the script starts.
        moved, found.folders, found.moved = found.moved, starts, False
        if "CDPATH" in names or anywhere:
            found.lost()
        _read_script(script.replace("\\", "/"), found, _DEPTH)
        found.moved = found.moved or moved
    return list(found.paths), found.moved


# Variables that change where a step finds what it runs: Python's module path, cd's search path, the
# programs' search path (a folder of the checkout added to PATH runs its files by their bare names), and
# the runner's own folders outside the checkout, when the file sets them.
_ENVIRONMENT = re.compile(r"\b(PYTHONPATH|CDPATH|GITHUB_PATH|PATH|RUNNER_TEMP|RUNNER_TOOL_CACHE)\b")
# A folder of the runner's, outside the checkout, added to PATH: `echo "$RUNNER_TEMP/venv/bin" >>
# "$GITHUB_PATH"` adds none of the checkout's.
_OUTSIDE_ON_PATH = re.compile(
    r"""echo\s+["']?\$\{?RUNNER_(?:TEMP|TOOL_CACHE)\}?(?:/[\w.-]+)*/?["']?\s*>>\s*["']?\$\{?GITHUB_PATH\}?["']?"""
)
# Where a word starts in one of the runner's folders: outside the checkout, unless the file sets them.
_RUNNER_FOLDER = re.compile(r"\$(?:\{RUNNER_(?:TEMP|TOOL_CACHE)\}|RUNNER_(?:TEMP|TOOL_CACHE)(?![\w]))(?:/|$)")
_RUNNER_EXPRESSION = re.compile(r"\s*runner\.(temp|tool_cache)\s*")


def environment_names(text: str) -> set[str]:
    """The variables of `_ENVIRONMENT` that `text` (a script, or any text of a workflow file) names; the
    runner's folders only where set (`RUNNER_TEMP:`, `RUNNER_TEMP=`), PATH not where it only adds one of
    them."""
    names = set(_ENVIRONMENT.findall(_OUTSIDE_ON_PATH.sub("", text)))
    for name in ("RUNNER_TEMP", "RUNNER_TOOL_CACHE"):
        if name in names and not re.search(rf"\b{name}\s*[:=]|\b{name}\s*$", text, re.MULTILINE):
            names.discard(name)
    return names


# A path's first part that stands for any folders, or none: where the folder a path is read from is known
# only at run time (`cd "$DIR" && ./x.sh` runs some x.sh). NUL is in no name of git.
ANYWHERE = "\x00\x00"
# In a path's last part, between the text before a glob's pattern and the text after it: any name that
# starts with the one and ends with the other (`x-\x00.sh`), and every path below it.
GLOB = "\x00"
_FOLDERS = 8  # folders a script's literal cds may have gone to, read apart; beyond, not known
_ANYWHERE_PARTS = 32  # parts of a path read from anywhere kept: its first (more would match fewer)


def pattern_shown(path: str) -> str:
    """A path `named_paths` gives, as a reader would write it: `**/x.sh`, `scripts/x-*.sh`."""
    return path.replace(ANYWHERE, "**").replace(GLOB, "*")


class _Found:
    """The paths read so far, and the folders the script may be in (None: a folder known only when it
    runs). Folders are only ever added: a `cd` that fails, one in a subshell or a branch not taken, leaves
    the script where it was, so every folder it may have gone to stays one it may be in."""

    def __init__(self, folders: dict[str, None]) -> None:
        self.paths: dict[str, None] = {}
        self.folders: dict[str, None] | None = folders
        self.deferring = False  # the script runs its commands again or later: a loop, a function, a trap
        self.moved = False  # it may have changed folder
        self.python_path = False  # PYTHONPATH is set: Python finds modules in folders it names
        self.path_extended = False  # PATH may name a folder of the checkout
        self.runner_folders = True  # $RUNNER_TEMP and $RUNNER_TOOL_CACHE are the runner's, outside it
        self.fed = False  # the command runs after xargs, which feeds it names
        self.in_body = False  # the command is a line of a here-document's body

    def setdefault(self, text: str) -> None:
        """`text` (a path as written, maybe a pattern `_add` made) from each folder the script may be in."""
        if self.folders is None:
            self.anywhere(text)
            return
        for folder in self.folders:
            path = _normal(f"{folder}/{text}" if folder else text)
            if path is not None:
                self.paths.setdefault(path)

    def anywhere(self, text: str) -> None:
        """`text` read from a folder known only when the script runs: any path it ends (`..` and all)."""
        parts = [part for part in posixpath.normpath(text).split("/") if part not in ("", ".", "..")]
        if parts:
            # Its first parts only (a pattern is always last): a path holding them holds the whole.
            self.paths.setdefault("/".join((ANYWHERE, *parts[:_ANYWHERE_PARTS])))

    def everything(self) -> None:
        """Any path at all: a name of which nothing is known, not even its folder."""
        self.paths.setdefault(f"{ANYWHERE}/{GLOB}")

    def cd(self, word: _Word | None) -> None:
        """The script may now be in `word`'s folder (None: the home folder) too."""
        self.moved = True
        if self.folders is None:
            return
        if not self.folders:  # outside the checkout, from where `cd ../repo` may lead back into it
            self.folders = None
            return
        text = word.text if word is not None else "~"
        if text == "-" or (text[:1] in "+-" and text[1:].isdigit()):
            return  # back to a folder it was in (`cd -`, pushd's +N): one already read from
        if word is None or word.expanded or word.glob or text.startswith(("/", "~")) or self.deferring:
            self.folders = None
            return
        folders = dict(self.folders)
        for folder in self.folders:
            path = posixpath.normpath(f"{folder}/{text}" if folder else text)
            if path == ".." or path.startswith(("../", "/")):
                self.folders = None  # out of the checkout, from where a path may lead back into it
                return
            folders.setdefault("" if path == "." else path)
        self.folders = folders if len(folders) <= _FOLDERS else None

    def lost(self) -> None:
        """The script may be anywhere now (a sourced file or an `eval` may have changed folder)."""
        self.moved = True
        self.folders = None


# What makes a script run its commands again or later, where a relative `cd` then applies to commands
# read before it: loops, functions, traps, aliases (`for d in a b; do ./x.sh; cd sub; done`).
_DEFERRING = re.compile(r"(?<![\w.-])(?:for|while|until|select|function|trap|alias)(?![\w.-])|\(\s*\)")
# Commands that change the folder the script is in, or may (a sourced file, an eval, CDPATH's search).
_FOLDER_CHANGES = frozenset(("cd", "pushd", "popd", "source", ".", "eval"))


def _without_expressions(script: str) -> str:
    """`script` with each `${{ ... }}` as `_EXPRESSION`; one pass (an opening without its `}}` is left)."""
    if "${{" not in script:
        return script
    pieces: list[str] = []
    at = 0
    while (start := script.find("${{", at)) >= 0 and (stop := script.find("}}", start + 3)) >= 0:
        runner = _RUNNER_EXPRESSION.fullmatch(script, start + 3, stop)
        folder = f"${{RUNNER_{runner.group(1).upper()}}}" if runner is not None else _EXPRESSION
        pieces += [script[at:start], folder]
        at = stop + 2
    pieces.append(script[at:])
    return "".join(pieces)


def _read_script(script: str, found: _Found, depth: int) -> None:
    commands, main = _commands(script)
    if _DEFERRING.search(script) and any(_command_name(words) in _FOLDER_CHANGES for words in commands):
        # A folder changed in a loop or a function applies to commands read before it: read from anywhere
        # from the start.
        found.deferring = True
        found.lost()
    for index, words in enumerate(commands):
        found.in_body = index >= main  # a here-document's line: maybe a command, maybe data (`cat <<EOF`)
        _read_command(words, found, depth)
    found.in_body = False


def _command_name(words: list[_Word]) -> str:
    at = 0
    while at < len(words) and (words[at].text in _PREFIXES or _ASSIGNMENT.match(words[at].text)):
        at += 1
    return words[at].text if at < len(words) else ""


# What a plain stretch of a word may hold, taken whole: one match instead of a step per character.
_PLAIN = re.compile(r"[^'\"\\#\s;&|()<>`]+")
_DOUBLE = re.compile(r'(?:[^"\\]|\\.)*', re.DOTALL)  # the inside of "...", escapes kept
_DOUBLE_ESCAPE = re.compile(r'\\([$`"\\\n])')
_ANSI = re.compile(r"(?:[^'\\]|\\.)*", re.DOTALL)  # the inside of $'...', escapes kept


def _unescaped(match: re.Match[str]) -> str:
    return "" if match.group(1) == "\n" else match.group(1)


# bash's escapes in $'...' (its ansicstr): each read as bash reads it, so `$'./x\x2esh'` is ./x.sh.
_ANSI_ESCAPE = re.compile(
    r"\\(?:([abeEfnrtv\\'\"?])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})"
    r"|c(\\{1,2}|.)|(.))",
    re.DOTALL,
)
_ANSI_NAMED = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ANSI_NAMED |= {"v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def _ansi_c(text: str) -> str:
    """The value of bash's `$'text'`: its escapes decoded, `\\xHH` and `\\NNN` as bytes (`$'\\xc3\\xa9'` is é
    in UTF-8, as the runner's locale reads it; bytes no UTF-8 holds kept as git's names keep them)."""
    if "\\" not in text:
        return text
    pieces: list[bytes] = []
    at = 0
    for match in _ANSI_ESCAPE.finditer(text):
        pieces.append(text[at : match.start()].encode("utf-8", "surrogateescape"))
        at = match.end()
        value = _ansi_escape(match)
        if b"\0" in value:  # bash's strings end at a NUL byte: `$'./x.sh\0y'` is ./x.sh
            pieces.append(value.partition(b"\0")[0])
            at = len(text)
            break
        pieces.append(value)
    pieces.append(text[at:].encode("utf-8", "surrogateescape"))
    return b"".join(pieces).decode("utf-8", "surrogateescape")


def _ansi_escape(match: re.Match[str]) -> bytes:
    named, octal, byte, short, long, control, other = match.groups()
    if named is not None:
        return _ANSI_NAMED[named].encode()
    if octal is not None or byte is not None:
        return bytes((int(octal, 8) & 0xFF if octal is not None else int(byte, 16),))
    if short is not None or long is not None:
        return _utf8(int(short if short is not None else long, 16))
    if control is not None:  # the control character of the next byte (`\\c\\` and `\\c\\\\` of a backslash)
        first, *rest = control[0].encode("utf-8", "surrogateescape")
        code = 0x7F if first == ord("?") else (first - 32 if 97 <= first <= 122 else first) & 0x1F
        return bytes((code, *rest))
    return ("\\" + other).encode("utf-8", "surrogateescape")


def _utf8(code: int) -> bytes:
    """bash's u32toutf8: a code point in UTF-8 as first written (up to six bytes, surrogates too); nothing
    from 2**31 on."""
    if code < 0x80:
        return bytes((code,))
    if code >= 0x80000000:
        return b""
    tails: list[int] = []
    limit = 0x40  # what the first byte holds after its marks, shrinking by one bit each tail byte
    while code >= limit:
        tails.append(0x80 | code & 0x3F)
        code >>= 6
        limit >>= 1
    marks = (0xFF << (7 - len(tails))) & 0xFF
    return bytes((marks | code, *reversed(tails)))


_BLANK_RUN = re.compile(r"[ \t\r]+")
_SPACE = re.compile(r"\s")


# A here-document's operator and its delimiter word (`<<EOF`, `<<-'EOF'`, `<< "EOF"`, `<<\EOF`): its body is
# data to the shell, where an apostrophe ("the site's build") opens no quote. Read as one script, that
# apostrophe swallowed every line after the body, and the paths they name (`./scripts/publish.sh`).
_HERE_DOCUMENT = re.compile(r"<<(-?)[ \t]*(?:'([^'\n]*)'|\"([^\"\n]*)\"|\\?([^\s;&|()<>`'\"\\]+))")


def _commands(script: str) -> tuple[list[list[_Word]], int]:
    """The script's simple commands as words, quotes removed, and how many come before the bodies of its
    here-documents: one pass over its characters. The body of
    each here-document is read apart, as a script of its own (a body holding commands, `bash <<EOF`, names
    paths too): what it holds never opens a quote in the lines after it. A body's own `<<` is not looked
    for (the shell reads a body as data): each character is read, and searched for a delimiter, once."""
    commands: list[list[_Word]] = []
    bodies = _read_piece(script, commands, here_documents=True)
    main = len(commands)
    for body in bodies:
        _read_piece(body, commands, here_documents=False)
    return commands, main


def _read_piece(script: str, commands: list[list[_Word]], *, here_documents: bool) -> list[str]:
    """Read `script`'s commands into `commands` but the bodies of its here-documents (with
    `here_documents`), which it returns."""
    bodies: list[str] = []
    pending: list[tuple[str, bool]] = []  # here-documents whose body starts after the line: (delimiter, <<-)
    words: list[_Word] = []
    chars: list[str] = []
    expanded = glob = started = False
    at, end = 0, len(script)

    def close_word() -> None:
        nonlocal chars, expanded, glob, started
        if started:
            words.append(_Word("".join(chars), expanded=expanded, glob=glob))
        chars, expanded, glob, started = [], False, False, False

    ansi = False  # the quote at `at` followed a `$`: bash's $'...' (or $"...", read as "...")
    while at < end:
        char = script[at]
        plain = _PLAIN.match(script, at)
        if plain is not None:
            text = plain.group()
            at = plain.end()
            if text[-1] == "$" and at < end and script[at] in "'\"":
                text, ansi = text[:-1], script[at] == "'"
            expanded = expanded or "$" in text
            glob = glob or not _GLOB.isdisjoint(text)
            chars.append(text)
            started = True
        elif char == "'" and ansi:
            inside = _ANSI.match(script, at + 1)
            assert inside is not None  # it matches the empty string
            text = _ansi_c(inside.group())
            glob = glob or _EXPRESSION in text
            chars.append(text)
            started, ansi, at = True, False, inside.end() + 1
        elif char == "'":
            close = script.find("'", at + 1)
            close = end if close < 0 else close
            chars.append(script[at + 1 : close])
            glob = glob or _EXPRESSION in chars[-1]
            started, at = True, close + 1
        elif char == '"':
            inside = _DOUBLE.match(script, at + 1)
            assert inside is not None  # it matches the empty string
            text = inside.group()
            expanded = expanded or "$" in text or "`" in text
            glob = glob or _EXPRESSION in text
            # Inside double quotes a backslash escapes only $ ` " \ and a newline (which it removes, joining
            # two lines as outside quotes); before any other character it stays.
            chars.append(_DOUBLE_ESCAPE.sub(_unescaped, text) if "\\" in text else text)
            started, ansi, at = True, False, inside.end() + 1
        elif char == "\\":
            if at + 1 < end and script[at + 1] != "\n":  # a backslash before a newline joins two lines
                chars.append(script[at + 1])
                started = True
            at += 2
        elif char == "#" and not started:
            newline = script.find("\n", at)
            at = end if newline < 0 else newline
        elif char == "#":
            chars.append(char)
            at += 1
        elif char in _BLANKS:
            close_word()
            blanks = _BLANK_RUN.match(script, at)
            at = blanks.end() if blanks is not None else at + 1
        elif char in _BREAKS:
            close_word()
            if words:
                commands.append(words)
                words = []
            here = _HERE_DOCUMENT.match(script, at) if char == "<" and here_documents else None
            if script.startswith("<<<", at):  # a here-string: its word is read as any other
                at += 3
            elif here is not None:
                delimiter = next(part for part in here.groups()[1:] if part is not None)
                pending.append((delimiter, here.group(1) == "-"))
                at = here.end()
            elif char == "\n" and pending:
                at = _take_bodies(script, at + 1, pending, bodies)
                pending = []
            else:
                at += 1
        else:  # another blank (a form feed, a vertical tab): ends a word as a space does
            close_word()
            at += 1
    close_word()
    if words:
        commands.append(words)
    return bodies


def _take_bodies(script: str, at: int, pending: list[tuple[str, bool]], bodies: list[str]) -> int:
    """The bodies of `pending` here-documents, one after the other from `at` (a line's start), into
    `bodies`; where the script goes on after the last one's delimiter line (its end when there is none: the
    shell reads to the end, too). Line by line, each compared once: no pattern made of a delimiter."""
    end = len(script)
    for delimiter, tabs in pending:
        start = at
        while at < end:
            newline = script.find("\n", at)
            stop = end if newline < 0 else newline
            line = script[at:stop]
            if (line.lstrip("\t") if tabs else line) == delimiter:
                bodies.append(script[start:at])
                at = stop + 1
                break
            at = stop + 1
        else:
            bodies.append(script[start:])
            at = end
    return at


def _is_option(text: str) -> bool:
    return text.startswith("-") and text != "-" and not text[1:].isdigit()


def _read_command(words: list[_Word], found: _Found, depth: int) -> None:
    """One simple command's words; a command that is none of those read here (`timeout 10 bash x`,
    `stdbuf -oL ./x.sh`) is read on from its first word that is one, as the command it may run."""
    at = 0
    found.fed = False
    while at < len(words):
        at = _read_one(words, at, found, depth)


def _read_one(words: list[_Word], at: int, found: _Found, depth: int) -> int:
    """The command from `at`; where its words end (the next command's start, when it runs one)."""
    while at < len(words) and (words[at].text in _PREFIXES or _ASSIGNMENT.match(words[at].text)):
        runner = words[at].text
        _add_value(words[at], found)  # FILE=./x.sh: the value may be a path
        found.fed = found.fed or runner == "xargs"
        at += 1
        if runner in _RUNNER_OPTIONS:
            at = _runner_options(runner, words, at, found, depth)
    if at == len(words):
        return at
    command, arguments, end = words[at], words[at + 1 :], len(words)
    name = command.text.rpartition("/")[2]
    if command.text in _CD or command.text.lower() in _CD:
        found.cd(next((word for word in arguments if not _is_option(word.text)), None))
        return end
    if command.text in ("source", ".", "eval"):
        for word in arguments[:1] if command.text != "eval" else ():
            _add(word, found, bare=True)
        if command.text == "eval" and depth > 1 and not any(word.expanded for word in arguments):
            _read_script(" ".join(word.text for word in arguments), found, depth - 1)
        found.lost()
        for word in arguments[1:]:
            _add_value(word, found)
        return end
    if command.text.strip(_EXPRESSION) == "" and not command.expanded and not found.in_body:
        found.everything()  # `run: ${{ inputs.command }}`: GitHub writes in a command that may run any file
    if "/" in command.text or "." in command.text.lstrip("."):
        _add(command, found)  # a program of the checkout, or a file read by a redirection (`bash < x.sh`)
    if (
        "/" not in command.text
        and found.path_extended
        and not command.expanded
        and command.text not in _BUILTINS
    ):
        found.anywhere(command.text)  # a program of that name in any folder PATH may name
    if _PYTHON.fullmatch(name):
        if "/" in command.text and not command.expanded and not command.text.startswith(("/", "~")):
            # A Python of the checkout (a committed virtual environment): its pyvenv.cfg and the .pth
            # files of its site-packages, which run code at every start.
            venv = posixpath.dirname(posixpath.dirname(command.text))
            for part in ("pyvenv.cfg", "lib", "lib64"):
                found.setdefault(f"{venv}/{part}" if venv else part)
        if found.python_path:
            # PYTHONPATH's folders are on sys.path when site imports sitecustomize and usercustomize.
            for part in ("sitecustomize", "usercustomize"):
                for path in (part, f"{part}.{GLOB}", f"__pycache__/{part}.{GLOB}"):
                    found.anywhere(path)
        _read_python(arguments, found)
        return end
    if name in _MAKE:
        _read_make(arguments, found)
    elif name in _NODE:
        _read_node(arguments, found)
    elif name in _SHELLS and any(_SHELL_C.fullmatch(word.text) for word in arguments):
        # `-c`, also among other short options (`bash -ec '...'`, `sh -xc '...'`): the script follows them
        flag = next(index for index, word in enumerate(arguments) if _SHELL_C.fullmatch(word.text))
        script = next(iter(arguments[flag + 1 :]), None)
        if script is not None and depth > 1 and not script.expanded:
            _read_script(script.text, found, depth - 1)
        return end
    elif name in _INTERPRETERS:
        first = next((word for word in arguments if not word.text.startswith("-")), None)
        if first is not None:
            _add(first, found, bare=True)
        elif found.fed:
            found.everything()  # `... | xargs bash`: the scripts are the names fed to it
    elif name in _IMPLICIT or (name == "docker" and any(word.text == "compose" for word in arguments)):
        for path in _IMPLICIT[name if name != "docker" else "docker-compose"]:
            if path.startswith("**/"):
                found.anywhere(path[3:].replace("*", GLOB))
            else:
                found.setdefault(path)
    elif name == "docker" and any(word.text == "build" for word in arguments):
        _read_docker_build(arguments, found)
    elif name == "find" and any(
        word.text in _FIND_EXEC and at + 1 < len(arguments) and arguments[at + 1].text.startswith("{}")
        for at, word in enumerate(arguments)
    ):
        found.everything()  # `find . -exec {} \;` runs every file it finds
    elif name not in _READ:
        # A program that may run the next one (`timeout 10 bash deploy`): read on from a word naming a
        # command read here, its own words before it as any argument.
        end = next((at + 1 + index for index, word in enumerate(arguments) if _runs_one(word)), end)
        arguments = words[at + 1 : end]
    for word in arguments:
        _add_value(word, found)
    return end


# docker build's options that take a value (the rest are flags).
_DOCKER_VALUED = frozenset(
    [
        "-t",
        "--tag",
        "-f",
        "--file",
        "--build-arg",
        "--target",
        "--platform",
        "--label",
        "--secret",
        "--cache-from",
        "--cache-to",
        "-o",
        "--output",
        "--progress",
        "--network",
        "--ssh",
        "--build-context",
        "--iidfile",
        "--metadata-file",
        "--shm-size",
        "--ulimit",
    ]
)


def _read_docker_build(arguments: list[_Word], found: _Found) -> None:
    """`docker build [options] CONTEXT`: the Dockerfile of the context (or `-f`'s), whose RUN lines run on
    the runner's docker with its network and secrets, and the context's .dockerignore."""
    after = next(index for index, word in enumerate(arguments) if word.text == "build") + 1
    positional: list[_Word] = []
    at = after
    while at < len(arguments):
        word = arguments[at]
        option, equals, value = word.text.partition("=")
        if option in ("-f", "--file"):
            given = _Word(value, expanded=word.expanded, glob=word.glob) if equals else None
            if given is None and at + 1 < len(arguments):
                given = arguments[at + 1]
            if given is not None:
                _add(given, found, bare=True)
        if word.text in _DOCKER_VALUED:
            at += 2
            continue
        if not word.text.startswith("-"):
            positional.append(word)
        at += 1
    for context in positional[-1:]:
        if context.expanded or context.glob or context.text.startswith(("/", "~")) or "://" in context.text:
            found.anywhere("Dockerfile")
        else:
            for name in ("Dockerfile", ".dockerignore"):
                found.setdefault(f"{context.text}/{name}")


def _runs_one(word: _Word) -> bool:
    """A word naming a program read here, which another program may run (not a shell's own `source`)."""
    name = word.text.rpartition("/")[2]
    return (
        not word.expanded and name not in ("source", ".") and (name in _READ or bool(_PYTHON.fullmatch(name)))
    )


# Runners' options that take a value (`env -u NAME`, `sudo -u root`, `nice -n 5`, `xargs -I {}`), and
# those that change folder (`env -C dir`, `sudo -D dir`) or are a script (`env -S 'bash x'`).
_RUNNER_OPTIONS: dict[str, frozenset[str]] = {
    "env": frozenset(("-u", "--unset", "-C", "--chdir", "-S", "--split-string")),
    "sudo": frozenset(
        ("-u", "--user", "-g", "--group", "-C", "-D", "--chdir", "-h", "-p", "-r", "-t", "-U", "-T")
    ),
    "nice": frozenset(("-n", "--adjustment")),
    "time": frozenset(("-f", "--format", "-o", "--output")),
    "exec": frozenset(("-a",)),
    "xargs": frozenset(("-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--arg-file", "--max-args")),
}
_CHDIR = {"env": ("-C", "--chdir"), "sudo": ("-D", "--chdir")}


def _runner_options(runner: str, words: list[_Word], at: int, found: _Found, depth: int) -> int:
    """The options of a runner from `at`, read (a folder it changes to, a script it splits, a file it
    reads); where the command it runs starts."""
    valued = _RUNNER_OPTIONS[runner]
    while at < len(words):
        word = words[at]
        if word.text == "--":
            return at + 1
        if not word.text.startswith("-") or word.text == "-":
            return at
        option, equals, value = word.text.partition("=")
        given: _Word | None = None
        if equals and option.startswith("--"):
            given = _Word(value, expanded=word.expanded, glob=word.glob)
        elif option in valued and at + 1 < len(words):
            at += 1
            given = words[at]
        elif not option.startswith("--") and option[:2] in valued and len(option) > 2:
            given = _Word(word.text[2:], expanded=word.expanded, glob=word.glob)
            option = option[:2]
        at += 1
        if given is None:
            continue
        if option in _CHDIR.get(runner, ()):
            found.cd(given)
        elif runner == "env" and option in ("-S", "--split-string"):
            if depth > 1 and not given.expanded:
                _read_script(given.text, found, depth - 1)
        else:
            _add_value(given, found)
    return at


def _read_node(arguments: list[_Word], found: _Found) -> None:
    """npm, npx, yarn and pnpm read package.json in their folder (`--prefix`, `-C`, `--cwd`, `--dir`)."""
    folders: list[_Word] = []
    for at, word in enumerate(arguments):
        option, equals, value = word.text.partition("=")
        if option in ("--prefix", "-C", "--cwd", "--dir"):
            if equals:
                folders.append(_Word(value, expanded=word.expanded, glob=word.glob))
            elif at + 1 < len(arguments):
                folders.append(arguments[at + 1])
    if not folders:
        found.setdefault("package.json")
    for folder in folders:
        if folder.expanded or folder.glob or folder.text.startswith(("/", "~")):
            found.anywhere("package.json")
        else:
            found.setdefault(f"{folder.text}/package.json")


# Python's options whose value follows them (`-W ignore`, `-Werror`; `--check-hash-based-pycs always`).
_PYTHON_VALUED = frozenset("WX")
_PYTHON_LONG_VALUED = frozenset(("--check-hash-based-pycs",))


_MODULE_DEPTH = 32  # packages in a module's name read one by one; beyond, its top folder
_MODULE = re.compile(r"(?!\d)\w+(?:\.(?!\d)\w+)*")


def _read_python(arguments: list[_Word], found: _Found) -> None:
    """`python x.py`, `python -m a.b` (also `-ma.b`, `-Im a.b`); after `-c` the words are Python code and
    its argv. Options are read as Python reads them: short ones may share a word (`-IBm`), and `-W`, `-X`
    take a value, so `python -W ignore -m a.b` runs a.b, not a script `ignore`. Each word once."""
    at = 0
    while at < len(arguments):
        word = arguments[at]
        text = word.text
        if text in _PYTHON_LONG_VALUED:
            at += 2
            continue
        if text == "--":
            at += 1
            break
        if not text.startswith("-") or text == "-":
            break
        if text.startswith("--"):
            at += 1
            continue
        for index in range(1, len(text)):
            option = text[index]
            if option not in "cm" and option not in _PYTHON_VALUED:
                continue  # a flag (-I, -B, -u): the word's rest is read only once, below
            value = text[index + 1 :]
            given = _Word(value, expanded=word.expanded, glob=word.glob) if value else None
            after = at + 1
            if given is None and after < len(arguments):
                given, after = arguments[after], after + 1
            if option == "c":  # then the program, then its argv: path-like words of that argv
                for rest in arguments[after:]:
                    _add_value(rest, found)
                return
            if option == "m":
                if given is not None and not given.expanded:
                    _add_module(given.text, found)
                return
            at = after
            break
        else:
            at += 1
    if at < len(arguments):  # the script, then its argv
        _add(arguments[at], found, bare=True)
        for rest in arguments[at + 1 :]:
            _add_value(rest, found)
    elif found.fed:
        found.everything()  # `... | xargs python`: the scripts are the names fed to it


def _add_module(module: str, found: _Found) -> None:
    """The files `python -m a.b.c` runs or imports first: each package above it, imported first, then the
    module or package itself, each in every form Python's path finder takes for a name N in a folder:
    the package N/ (its __init__ and __main__), and any file of the folder named N.* (N.py, an extension
    N.cpython-311-x86_64-linux-gnu.so or N.so, which Python takes before N.py, a sourceless N.pyc) or of
    its __pycache__ (a.b's compiled form, which an unchecked-hash .pyc makes run whatever the source
    says). a.py above a/ too: Python takes it before a folder without __init__.py, and it may set its own
    __path__. Linear in the name's length."""
    if not _MODULE.fullmatch(module):
        return
    parts = module.split(".")
    if len(parts) > _MODULE_DEPTH:
        # Each package's path is as long as the name: a name of a million parts would make paths of
        # terabytes. So deep a module is read as its top package's forms, whose folder holds every file.
        parts = parts[:1]
    paths: list[str] = []
    for count, name in enumerate(parts, 1):
        folder = "/".join(parts[: count - 1])
        prefix = f"{folder}/" if folder else ""
        if count < len(parts):  # a package imported on the way: its __init__ in each form
            paths += [f"{prefix}{name}/__init__.{GLOB}", f"{prefix}{name}/__pycache__/__init__.{GLOB}"]
        else:  # the module run: a package's whole folder (its __main__, __init__ and their forms)
            paths.append(f"{prefix}{name}")
        paths += [f"{prefix}{name}.{GLOB}", f"{prefix}__pycache__/{name}.{GLOB}"]
    for path in paths:
        found.setdefault(path)
    if found.python_path:
        # Python looks in the folders PYTHONPATH names first: read from anywhere (a folder set literally
        # is one of them).
        for path in paths:
            found.anywhere(path)


def _read_make(arguments: list[_Word], found: _Found) -> None:
    """make's makefiles: in the folder its -C options go to (each from the one before, as make does it),
    and those -f names, from there too."""
    folder = ""
    files: list[_Word] = []
    for at, word in enumerate(arguments):
        text = word.text
        given: _Word | None = None
        if text in ("-C", "--directory", "-f", "--file", "--makefile") and at + 1 < len(arguments):
            given = arguments[at + 1]
        elif text.startswith(("-C", "-f")) and len(text) > 2:
            given = _Word(text[2:], expanded=word.expanded, glob=word.glob)
        elif text.startswith(("--directory=", "--file=", "--makefile=")):
            given = _Word(text.partition("=")[2], expanded=word.expanded, glob=word.glob)
        if given is None:
            continue
        if not text.startswith(("-C", "--directory")):
            files.append(given)
        elif given.expanded or given.glob or given.text.startswith(("/", "~")):
            for makefile in _MAKEFILES:  # a folder known only when it runs: its makefile, anywhere
                found.anywhere(makefile)
            for file in files:
                _add(file, found, bare=True)
            return
        else:
            folder = f"{folder}{given.text.rstrip('/')}/"
    for makefile in _MAKEFILES:
        found.setdefault(folder + makefile)
    for file in files:
        _add(file, found, bare=True)
        if folder and not file.expanded:
            _add(_Word(folder + file.text, expanded=False, glob=file.glob), found, bare=True)


def _add_value(word: _Word, found: _Found) -> None:
    """A word, or the value of `--option=value` and `NAME=value`."""
    if word.text.startswith("-") or _ASSIGNMENT.match(word.text):
        _, equals, value = word.text.partition("=")
        if equals and value:
            _add(_Word(value, expanded=word.expanded, glob=word.glob), found)
        return
    _add(word, found)


# A shell expansion in a word: a variable, a command's output, known only when the step runs.
_EXPANSION = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`")


def _add(word: _Word, found: _Found, *, bare: bool = False) -> None:
    """The word as a path when it can name one: `bare`, even without a `/` or a `.` (an interpreter's
    script); a glob as its pattern (`_pattern`). An expansion in it (`$DIR/x.sh`, `scripts/$NAME.sh`) is a
    name known only when the step runs, as a glob's pattern is; one before its first `/`, a folder: the
    rest from anywhere. A word that is only an expansion (`"$SCRIPT"`) is not read: a name made at run
    time (the module's docstring)."""
    text = word.text
    glob = word.glob
    if word.expanded and found.runner_folders and _RUNNER_FOLDER.match(text) and not _PARENT.search(text):
        return  # a file of the runner's folders, outside the checkout
    if word.expanded:
        text = _EXPANSION.sub(_EXPRESSION, text)
        if "$" in text or "`" in text or not text.strip(_EXPRESSION):
            return
        glob = True
    if glob:
        head, slash, rest = text.partition("/")
        if slash and head and not head.strip(_EXPRESSION):  # `$DIR/x.sh`, `${{ }}`'s too: from anywhere
            rest_word = _Word(rest, expanded=False, glob=_EXPRESSION in rest or not _GLOB.isdisjoint(rest))
            if rest and not _SPACE.search(rest) and "://" not in rest:
                pattern = _pattern(rest, bare=True) if rest_word.glob else rest
                if pattern is None:
                    found.everything()
                elif pattern:
                    found.anywhere(pattern)
            return
    if not text or text.startswith(("-", "/", "~")) or "://" in text:
        return
    if _SPACE.search(text):
        return  # a message or a program, not a path
    if glob:
        pattern = _pattern(text, bare=bare)
        if pattern is None:
            found.everything()
        elif pattern:
            found.setdefault(pattern)
        return
    if not bare and "/" not in text and "." not in text.lstrip("."):
        return
    found.setdefault(text)


def _pattern(text: str, *, bare: bool) -> str | None:
    """A glob word as `named_paths` writes a pattern: its text up to its first pattern part, that part's
    text before the pattern, `GLOB`, its text after; "" for no path (`{1..3}`, `*`), None for any path (a
    pattern with `..` after it leaves its folder)."""
    if not bare and "/" not in text and "." not in _BRACES.sub("", text).lstrip("."):
        return ""
    if _GLOB.isdisjoint(text):  # a part of a glob word without its pattern (`--a*=x/y.sh`'s value)
        return text
    first = min(text.index(char) for char in _GLOB if char in text)
    if _PARENT.search(text, first):  # `x*/../y.sh`, `{..,a}/y.sh`: out of its folder, to anywhere
        return None
    start = text.rfind("/", 0, first) + 1
    stop = text.find("/", first)
    name = text[start:] if stop < 0 else text[start:stop]
    last = max(name.rfind(char) for char in _GLOB)
    # The name's text after its last pattern character; none after a bracket or a brace, which may end
    # anywhere after it (`x[ab].sh`, `x{a,/b}.sh`).
    tail = "" if "[" in name or "{" in name else name[last + 1 :]
    return text[:start] + name[: first - start] + GLOB + tail


def _normal(text: str) -> str | None:
    path = posixpath.normpath(text)
    if path in (".", "..") or path.startswith(("../", "/")):
        return None
    return path
