"""A record's past from git: its versions (who, when, why), what changed in each, and commits of it.

Through the `git` command, not a library: git is on every machine that holds a repository, it
reads the user's own configuration (identity, hooks, signing) exactly as their other git work
does, and `git log --follow` already follows renamed records. Each call is one short process;
a record's versions are read in one `git cat-file --batch` process, not one per version.
"""

from __future__ import annotations

import getpass
import subprocess
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pdbuilder.diff import PositionDiff, change_lines, diff_positions, summary
from pdbuilder.errors import PdbuilderError
from pdbuilder.model import Position
from pdbuilder.records import parse_record

# Field and record separators for `git log --format`: bytes no commit subject holds.
_FIELD, _RECORD = "\x1f", "\x1e"


class GitError(PdbuilderError):
    """git is missing, the record is not in a repository, or git refused."""


def git(args: list[str], cwd: Path, data: bytes | None = None) -> bytes:
    """git's output; its complaint (first line, without "fatal: ") as a GitError when it fails."""
    try:
        done = subprocess.run(
            # Names as they are (no quoting of accents, no wildcards in a record named `a[1].toml`).
            ["git", "--literal-pathspecs", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            input=data,
            capture_output=True,
        )
    except FileNotFoundError:
        raise GitError("the git command is not installed") from None
    except NotADirectoryError:
        raise GitError("no such folder", cwd) from None
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"git {args[0]} failed"]
        raise GitError(message[0].removeprefix("fatal: ").removeprefix("error: "))
    return done.stdout


@dataclass(frozen=True)
class Place:
    """Where a file sits in a repository: the work tree's root and the path git names it by."""

    root: Path
    name: str  # relative to root, with forward slashes


def locate(path: Path) -> Place:
    folder, missing = path.parent, [path.name]
    while not folder.is_dir():  # a new record's folders are made as it is saved
        folder, missing = folder.parent, [folder.name, *missing]
    try:
        top, prefix = git(["rev-parse", "--show-toplevel", "--show-prefix"], folder).decode().split("\n")[:2]
    except GitError as exc:
        if "not a git repository" in exc.message:
            raise GitError("not in a git repository (history needs the record in one)", path) from None
        raise GitError(exc.message, path) from None
    return Place(Path(top), prefix + "/".join(missing))


def read_blobs(root: Path, revisions: list[str]) -> list[bytes | None]:
    """The contents of each `REV:path` (None where there is no such file), through one git process."""
    if not revisions:
        return []
    out = git(["cat-file", "--batch"], root, "".join(f"{r}\n" for r in revisions).encode())
    blobs: list[bytes | None] = []
    at = 0
    for _ in revisions:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if header[-1] in (b"missing", b"ambiguous") or header[1] != b"blob":
            blobs.append(None)
            at = end + 1
            continue
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return blobs


@dataclass(frozen=True)
class Version:
    """One commit that changed a record, and what it changed."""

    commit: str
    author: str
    email: str
    date: datetime
    message: str  # the commit's subject line
    path: str  # the record's name in the repository at this commit
    renamed_from: str | None
    position: Position | None  # None when the commit deleted the record or it cannot be read
    change: PositionDiff | None  # from the version before (the first parent's); None when there was none
    summary: str  # `diff`'s words in one line: "created", "1 task added, level recent → experienced", ...

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class _Entry:
    commit: str
    author: str
    email: str
    date: datetime
    message: str
    path: str
    before: str | None  # the record's name in the first parent; None when the commit created it
    deleted: bool


def versions(path: Path) -> list[Version]:
    """The commits that changed the record, newest first, following it across renames."""
    place = locate(path)
    entries = _log(place)
    # Each version, the one before it (its first parent's) and, for a rename, whether the old name
    # is still there after it: all through one git process.
    renames = [f"{e.commit}:{e.before}" for e in entries if e.before not in (None, e.path)]
    wanted = [f"{e.commit}:{e.path}" for e in entries] + [
        f"{e.commit}^:{e.before}" for e in entries if e.before
    ]
    found = dict(zip(wanted + renames, read_blobs(place.root, wanted + renames), strict=True))
    for n, entry in enumerate(entries):
        # `git log --follow` takes a new record much like another (a copy, e.g. a reused position)
        # for that one renamed; the other's history is not this record's.
        if entry.before not in (None, entry.path) and found[f"{entry.commit}:{entry.before}"] is not None:
            entries = [*entries[:n], replace(entry, before=None)]
            break
    return [_version(entry, found) for entry in entries]


def _log(place: Place) -> list[_Entry]:
    fields = _FIELD.join(["%H", "%an", "%ae", "%aI", "%s"])
    out = git(
        ["log", "--follow", "-M", "--name-status", f"--format={_RECORD}{fields}", "--", place.name],
        place.root,
    ).decode("utf-8", "replace")
    entries, current = [], place.name
    for chunk in out.split(_RECORD)[1:]:
        header, *changes = [line for line in chunk.split("\n") if line]
        commit, author, email, date, message = header.split(_FIELD)
        # A merge lists no files: the record keeps the name it has in the newer commits.
        status, *names = changes[0].split("\t") if changes else ("M", current)
        name, before = names[-1], names[0]
        entry = _Entry(
            commit,
            author,
            email,
            datetime.fromisoformat(date),
            message,
            before if status == "D" else name,
            None if status == "A" else before,
            status == "D",
        )
        entries.append(entry)
        current = entry.before or current
    return entries


def _version(entry: _Entry, blobs: dict[str, bytes | None]) -> Version:
    position, problem = (
        (None, "deleted") if entry.deleted else _parse(blobs.get(f"{entry.commit}:{entry.path}"), entry)
    )
    before = None
    if entry.before:
        before, _ = _parse(blobs.get(f"{entry.commit}^:{entry.before}"), entry)
    change = diff_positions(before, position) if before and position else None
    if problem:
        words = problem
    elif change is not None:
        words = summary(change)
    else:
        words = "created" if entry.before is None else "replaced a version that could not be read"
    if entry.before and entry.before != entry.path and not entry.deleted:
        words = f"renamed from {entry.before}" + ("" if words == "no change" else f"; {words}")
    renamed = entry.before if entry.before != entry.path else None
    return Version(
        entry.commit,
        entry.author,
        entry.email,
        entry.date,
        entry.message,
        entry.path,
        renamed,
        position,
        change,
        words,
    )


def _parse(data: bytes | None, entry: _Entry) -> tuple[Position | None, str]:
    if data is None:
        return None, "missing"
    try:
        return parse_record(data, Path(entry.path)), ""
    except PdbuilderError as exc:
        return None, f"cannot be read: {exc}"


def read_version(path: Path, revision: str) -> Position:
    """The record as it was at `revision` (any revision git understands: HEAD~3, a branch, a tag, a hash)."""
    place = locate(path)
    try:
        found = git(["rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}"], place.root)
    except GitError:
        raise GitError(f"unknown revision {revision!r} in {place.root}", path) from None
    commit = found.decode().strip()
    (data,) = read_blobs(place.root, [f"{commit}:{place.name}"])
    if data is None and (name := _name_at(place, commit)) != place.name:
        (data,) = read_blobs(place.root, [f"{commit}:{name}"])
    if data is None:
        raise GitError(f"no such record at {revision}", path)
    return parse_record(data, Path(f"{path}@{revision}"))


def _name_at(place: Place, commit: str) -> str:
    """The record's name at a commit, following renames since: the name in its newest version then."""
    entries = _log(place)
    reachable = set(git(["rev-list", commit], place.root).decode().split())
    return next((e.path for e in entries if e.commit in reachable), place.name)


def split_revision(argument: str) -> tuple[Path, str | None]:
    """`FILE@REV` as (FILE, REV); a plain FILE (even one whose name holds an @) as (FILE, None)."""
    if Path(argument).exists() or "@" not in argument:
        return Path(argument), None
    # The first @ after a name that ends like a record, so revisions like HEAD@{2} stay whole.
    for at, char in enumerate(argument):
        if char == "@" and (argument[:at].endswith(".toml") or Path(argument[:at]).is_file()):
            return Path(argument[:at]), argument[at + 1 :] or "HEAD"
    return Path(argument), None


def identity(folder: Path) -> str:
    """Who the user is, as their commits would say ("Name <email>"); their login name without git."""
    try:
        ident = git(["var", "GIT_AUTHOR_IDENT"], folder).decode("utf-8", "replace")
    except GitError:
        return getpass.getuser()
    return ident.rsplit(" ", 2)[0]  # without the time and zone git adds


# --- commit on save -------------------------------------------------------------


def prepare_commit(path: Path) -> Place:
    """Where the record will be committed; a GitError before anything is written when it cannot be."""
    try:
        place = locate(path)
    except GitError as exc:
        raise GitError(f"not saved: commits on save are on, but {exc.message}", path) from None
    try:
        git(["var", "GIT_AUTHOR_IDENT"], place.root)
    except GitError:
        raise GitError(
            "not saved: commits on save are on, but git does not know who you are "
            "(git config --global user.name / user.email)",
            path,
        ) from None
    try:
        git(["rev-parse", "--quiet", "--verify", "MERGE_HEAD"], place.root)
    except GitError:
        return place  # no merge in progress
    raise GitError("not saved: a git merge is in progress; finish or abort it first", path)


def commit_record(place: Place, position: Position) -> None:
    """Commit the saved record alone (never other staged or changed files), saying what changed."""
    root, name = place.root, place.name
    (before_data,) = read_blobs(root, [f"HEAD:{name}"])
    saved = (root / name).read_bytes()
    if before_data == saved:
        return  # nothing to commit
    git(["add", "--", name], root)  # a new record must be known to git; only this path is touched
    git(
        ["commit", "--only", "--quiet", "--no-edit", "-F", "-", "--", name],
        root,
        commit_message(position, before_data, name).encode(),
    )


def commit_message(position: Position, before_data: bytes | None, name: str) -> str:
    """ "00041187 Interlibrary Loan Technician: 1 task added, level recent → experienced", then diff's lines."""
    subject = " ".join(filter(None, [position.number, position.working_title])) or name
    if before_data is None:
        return f"{subject}: created"
    try:
        before = parse_record(before_data, Path(name))
    except PdbuilderError:
        return f"{subject}: saved over a version that could not be read"
    change = diff_positions(before, position)
    body = "\n".join(line for line, _ in change_lines(change))
    return f"{subject}: {summary(change)}\n\n{body}\n"
