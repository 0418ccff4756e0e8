"""Which repository paths a workflow's `run:` step names, word by word as a shell splits it.

A governed workflow that runs `./scripts/publish.sh`, `bash tools/x.sh` or `python build.py` runs that
file with the workflow's token and secrets: unless the file is governed, a pull request changing only
it changes what the approved workflow does. Which files a shell script executes is undecidable without
running it, so this reads conservatively and in one pass: every word that can name a relative path (it
holds a `/`, or its last part a `.`: `scripts/x.sh`, `build.py`, `dist/*.whl` as the folder `dist`), the
first argument of an interpreter even when bare (`bash deploy`), the files `python -m a.b` runs or imports
first (a/__init__.py and a.py above it, a/b.py and the folder a/b with its __init__.py and __main__.py;
Python's options read as Python reads them, `-Im a.b`, `-W ignore -m a.b`), and the files that `make` and npm
read without naming them (Makefile, makefile, GNUmakefile, `make -f F`, `make -C D`; package.json for npm,
npx, yarn and pnpm). A shell's `-c` script is read the same way, to a depth of three; a here-document's body
apart from the lines after it; a `${{ }}` expression as a glob (the folder before it). A false positive only
means that a change to a path of that name needs a decision too. (A step's `working-directory:` and a custom
`shell:` command are read by governance.gate.local_actions.)

What is not caught, and cannot be by reading words: a name made at run time (`"$DIR/x.sh"`, `$(ls)`, a
variable set in an earlier step), a file a program reads by itself (a script calling another, Python code of
`python -c` or `shell: python` opening a file, `source` inside a sourced file, conftest.py under a tests
folder, a module Python finds in place of a named one: a compiled a.so or a sourceless a.pyc beside it, a .pth
file), a build reading its tree (`pip install .`, `pip wheel .`, `python -m build`: the build backend
pyproject.toml names, setup.py and the whole package; `make`'s included makefiles and the scripts its recipes
call; npm's lifecycle scripts and the files they call), a path relative to a `cd` (read as from the
repository's root), and a program found through a PATH the job extended to a repository folder. Those files stay the administrator's to govern with governed_paths (the administrator's guide says
so); pip's build is left out on purpose: pyproject.toml alone is a small part of what it reads, and this
repository's own release workflow builds the tool's ungoverned source by design (README, "Developing this
project").
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
_GLOB = frozenset(("*", "?", "[", _EXPRESSION))
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


class _Word:
    __slots__ = ("expanded", "glob", "text")

    def __init__(self, text: str, *, expanded: bool, glob: bool) -> None:
        self.text = text
        self.expanded = expanded  # held `$` or a backquote outside single quotes: known only at run time
        self.glob = glob  # an unquoted *, ? or [


def named_paths(script: str) -> list[str]:
    """The repository paths `script` may run or read, from the repository's root, each once, in order."""
    found: dict[str, None] = {}
    _read_script(_without_expressions(script), found, _DEPTH)
    return list(found)


def _without_expressions(script: str) -> str:
    """`script` with each `${{ ... }}` as `_EXPRESSION`; one pass (an opening without its `}}` is left)."""
    if "${{" not in script:
        return script
    pieces: list[str] = []
    at = 0
    while (start := script.find("${{", at)) >= 0 and (stop := script.find("}}", start + 3)) >= 0:
        pieces += [script[at:start], _EXPRESSION]
        at = stop + 2
    pieces.append(script[at:])
    return "".join(pieces)


def _read_script(script: str, found: dict[str, None], depth: int) -> None:
    for words in _commands(script):
        _read_command(words, found, depth)


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


def _commands(script: str) -> list[list[_Word]]:
    """The script's simple commands as words, quotes removed: one pass over its characters. The body of
    each here-document is read apart, as a script of its own (a body holding commands, `bash <<EOF`, names
    paths too): what it holds never opens a quote in the lines after it. A body's own `<<` is not looked
    for (the shell reads a body as data): each character is read, and searched for a delimiter, once."""
    commands: list[list[_Word]] = []
    for body in _read_piece(script, commands, here_documents=True):
        _read_piece(body, commands, here_documents=False)
    return commands


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


def _read_command(words: list[_Word], found: dict[str, None], depth: int) -> None:
    at = 0
    while at < len(words) and (words[at].text in _PREFIXES or _ASSIGNMENT.match(words[at].text)):
        _add_value(words[at], found)  # FILE=./x.sh: the value may be a path
        at += 1
    if at == len(words):
        return
    command, arguments = words[at], words[at + 1 :]
    name = command.text.rpartition("/")[2]
    if "/" in command.text:
        _add(command, found)
    if _PYTHON.fullmatch(name):
        _read_python(arguments, found)
        return
    if name in _MAKE:
        _read_make(arguments, found)
    elif name in _NODE:
        found.setdefault("package.json")
    elif name in _SHELLS and any(word.text == "-c" for word in arguments):
        script = next((w for w in arguments[[w.text for w in arguments].index("-c") + 1 :]), None)
        if script is not None and depth > 1 and not script.expanded:
            _read_script(script.text, found, depth - 1)
        return
    elif name in _INTERPRETERS:
        first = next((word for word in arguments if not word.text.startswith("-")), None)
        if first is not None:
            _add(first, found, bare=True)
    for word in arguments:
        _add_value(word, found)


# Python's options whose value follows them (`-W ignore`, `-Werror`; `--check-hash-based-pycs always`).
_PYTHON_VALUED = frozenset("WX")
_PYTHON_LONG_VALUED = frozenset(("--check-hash-based-pycs",))


_MODULE_DEPTH = 32  # packages in a module's name read one by one; beyond, its top folder
_MODULE = re.compile(r"(?!\d)\w+(?:\.(?!\d)\w+)*")


def _read_python(arguments: list[_Word], found: dict[str, None]) -> None:
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


def _add_module(module: str, found: dict[str, None]) -> None:
    """The files `python -m a.b.c` runs or imports first: each package above it, imported first (a/__init__.py,
    a/b/__init__.py; and a.py, a/b.py, which Python takes before a folder without __init__.py and which
    may set their own __path__), then the module a/b/c.py or the package a/b/c (its __init__.py and
    __main__.py: the folder). Linear in the name's length."""
    if not _MODULE.fullmatch(module):
        return
    parts = module.split(".")
    if len(parts) > _MODULE_DEPTH:
        # Each package's path is as long as the name: a name of a million parts would make paths of
        # terabytes. So deep a module is read as its top package's folder, which holds every file named.
        found.setdefault(f"{parts[0]}.py")
        found.setdefault(parts[0])
        return
    for count in range(1, len(parts)):
        package = "/".join(parts[:count])
        found.setdefault(f"{package}/__init__.py")
        found.setdefault(f"{package}.py")
    path = "/".join(parts)
    found.setdefault(f"{path}.py")
    found.setdefault(path)


def _read_make(arguments: list[_Word], found: dict[str, None]) -> None:
    folder = ""
    for at, word in enumerate(arguments[:-1]):
        if word.text == "-C" and not arguments[at + 1].expanded:
            folder = arguments[at + 1].text.rstrip("/") + "/"
        if word.text in ("-f", "--file", "--makefile"):
            _add(arguments[at + 1], found, bare=True)
    for makefile in _MAKEFILES:
        path = _normal(folder + makefile)
        if path is not None:
            found.setdefault(path)


def _add_value(word: _Word, found: dict[str, None]) -> None:
    """A word, or the value of `--option=value` and `NAME=value`."""
    if word.text.startswith("-") or _ASSIGNMENT.match(word.text):
        _, equals, value = word.text.partition("=")
        if equals and value:
            _add(_Word(value, expanded=word.expanded, glob=word.glob), found)
        return
    _add(word, found)


def _add(word: _Word, found: dict[str, None], *, bare: bool = False) -> None:
    """The word as a path when it can name one: `bare`, even without a `/` or a `.` (an interpreter's
    script); a glob as the folder before its first pattern character."""
    text = word.text
    if word.expanded or not text or text.startswith(("-", "/", "~")) or "://" in text:
        return
    if _SPACE.search(text):
        return  # a message or a program, not a path
    if word.glob:
        first = min(text.index(char) for char in _GLOB if char in text)
        text = text[:first].rpartition("/")[0]
        if not text:
            return
    elif not bare and "/" not in text and "." not in text.lstrip("."):
        return
    path = _normal(text)
    if path is not None:
        found.setdefault(path)


def _normal(text: str) -> str | None:
    path = posixpath.normpath(text)
    if path in (".", "..") or path.startswith(("../", "/")):
        return None
    return path
