"""Many documents at once: one per record, across processes, each preparing the template once.

Every document goes through `render.generate`, so a batch writes exactly what `generate` would,
under the same name, all or nothing per file. A record that cannot be read or rendered is
reported with the message `generate` gives for it, and the others still come out.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pdbuilder.drift import NOT_WRITTEN, generation_problems
from pdbuilder.errors import PdbuilderError
from pdbuilder.records import read_position
from pdbuilder.render import (
    DEFAULT_TEMPLATE,
    RenderError,
    convert_to_pdfs,
    default_output,
    find_soffice,
    generate,
    prepared_template,
    resolve_template,
)
from pdbuilder.storage import sole_writer
from pdbuilder.workspace import Workspace

MAX_CHUNK = 64  # records a worker takes at a time: enough to amortise the hand-over, few enough for a lively progress bar


@dataclass
class Built:
    """What became of one record: the files written, or why none was."""

    record: Path
    output: Path | None = None
    pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the one-line message `generate` gives


def build(
    records: list[Path],
    outdir: Path,
    workspace: Workspace,
    template: str | Path = DEFAULT_TEMPLATE,
    pdf: bool = False,
    jobs: int | None = None,
    progress: Callable[[int], None] = lambda done: None,
    strict: bool = False,
) -> list[Built]:
    """Render every record into `outdir`, in record order; `progress` hears how many more are done.

    A template or PDF converter that cannot work raises a RenderError before anything is written;
    a record that fails is a `Built` with its error. `jobs` processes share the work (default:
    one per CPU); with one, everything runs in this process. One build at a time writes into a
    folder (another is refused), and it first removes what a killed build left there. Each
    problem `check` would report for a record is a warning; with `strict`, the record's error.
    """
    template_path = resolve_template(template)
    prepared_template(template_path)  # a broken template fails once, here, not once per record
    if pdf:
        find_soffice()
    _ = workspace.catalog  # loaded now: a broken catalog fails here, and workers receive it loaded
    with sole_writer(outdir, "build"):
        _remove_leftovers(outdir)
        return _build(records, outdir, workspace, template, template_path, pdf, jobs, progress, strict)


# What a killed run leaves: atomic_write's temporary files, generate's PDF work folders.
_LEFTOVER_FILE = re.compile(r"\..+\.(docx|pdf)\.[^.]+\.tmp")
_LEFTOVER_FOLDER = re.compile(r"\.pdbuilder-[^.]+")


def _remove_leftovers(outdir: Path) -> None:
    """Remove what a killed build left in `outdir`; no other build is writing there (it holds the lock)."""
    for path in outdir.iterdir():
        if path.is_file() and _LEFTOVER_FILE.fullmatch(path.name):
            path.unlink(missing_ok=True)
        elif path.is_dir() and _LEFTOVER_FOLDER.fullmatch(path.name):
            shutil.rmtree(path, ignore_errors=True)


def _build(
    records: list[Path],
    outdir: Path,
    workspace: Workspace,
    template: str | Path,
    template_path: Path,
    pdf: bool,
    jobs: int | None,
    progress: Callable[[int], None],
    strict: bool,
) -> list[Built]:
    unique = _each_once(records)
    tasks: list[tuple[Path, Path]] = []  # record, output
    results: dict[Path, Built] = {}
    claimed: dict[str, Path] = {}  # output name → the record writing it
    for record in unique:
        output = outdir / default_output(record, template).name
        other = claimed.setdefault(output.name, record)
        if other != record:
            results[record] = Built(
                record, error=str(PdbuilderError(f"same output name as {other}; skipped", record))
            )
        else:
            tasks.append((record, output))
    if len(tasks) < len(records):
        progress(len(records) - len(tasks))  # named twice or skipped: settled already
    if not pdf:
        results.update(_render(tasks, workspace, template_path, jobs, progress, strict))
        return [results[record] for record in unique]
    # The documents are rendered in a work folder, converted there by one LibreOffice start, and
    # moved into `outdir` with their PDFs: each document and its PDF are written, or neither.
    work = Path(tempfile.mkdtemp(dir=outdir, prefix=".pdbuilder-"))
    try:
        staged = [(record, work / output.name) for record, output in tasks]
        results.update(_with_pdfs(_render(staged, workspace, template_path, jobs, progress, strict), outdir))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [results[record] for record in unique]


def _render(
    tasks: list[tuple[Path, Path]],
    workspace: Workspace,
    template: Path,
    jobs: int | None,
    progress: Callable[[int], None],
    strict: bool,
) -> dict[Path, Built]:
    """Each record rendered into its output: in this process with one job, else in `jobs` processes."""
    jobs = min(jobs or os.cpu_count() or 1, len(tasks)) or 1
    if jobs > 1:
        return _build_in_processes(tasks, workspace, template, jobs, progress, strict)
    results = {}
    for record, output in tasks:
        results[record] = _build_one(record, output, workspace, template, strict)
        progress(1)
    return results


def _with_pdfs(rendered: dict[Path, Built], outdir: Path) -> dict[Path, Built]:
    """The documents rendered in a work folder converted to PDF together, each moved into `outdir`
    with its PDF; one LibreOffice made no PDF of is not written, and says why."""
    documents = [built.output for built in rendered.values() if built.output is not None]
    pdfs = iter(convert_to_pdfs(find_soffice(), documents, documents[0].parent) if documents else [])
    results = {}
    for record, built in rendered.items():
        if built.output is None:
            results[record] = built
        elif isinstance(pdf := next(pdfs), RenderError):
            results[record] = Built(record, warnings=built.warnings, error=str(pdf))
        else:
            output = outdir / built.output.name
            os.replace(built.output, output)
            os.replace(pdf, output.with_suffix(".pdf"))
            results[record] = Built(record, output, output.with_suffix(".pdf"), built.warnings)
    return results


def _each_once(records: list[Path]) -> list[Path]:
    """The records in order, a file named twice (`positions positions/x.toml`) kept the first time."""
    seen: set[Path] = set()
    unique = []
    for record in records:
        if record.resolve() not in seen:
            seen.add(record.resolve())
            unique.append(record)
    return unique


def _build_one(record: Path, output: Path, workspace: Workspace, template: Path, strict: bool) -> Built:
    try:
        position = read_position(record)
        ref = workspace.class_for(position, record)
        found = generation_problems(position, ref)
        if strict and found:
            return Built(record, warnings=found, error=str(PdbuilderError(NOT_WRITTEN, record)))
        done = generate(position, ref, output, template, agency=workspace.agency)
    except PdbuilderError as exc:
        return Built(record, error=str(exc))
    return Built(record, done.path, warnings=found + done.warnings)


def _build_in_processes(
    tasks: list[tuple[Path, Path]],
    workspace: Workspace,
    template: Path,
    jobs: int,
    progress: Callable[[int], None],
    strict: bool,
) -> dict[Path, Built]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    size = max(
        1, min(MAX_CHUNK, math.ceil(len(tasks) / (jobs * 4)))
    )  # several chunks per worker evens out their pace
    chunks = [tasks[start : start + size] for start in range(0, len(tasks), size)]
    results: dict[Path, Built] = {}
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(workspace, os.getpid())) as pool:
        try:
            for future in as_completed(
                [pool.submit(_build_chunk, chunk, template, strict) for chunk in chunks]
            ):
                chunk = future.result()
                results.update((built.record, built) for built in chunk)
                progress(len(chunk))
        except KeyboardInterrupt:
            pool.shutdown(cancel_futures=True)  # the chunks under way finish; their files are whole
            raise
    return results


_worker_workspace: Workspace  # set by _start_worker in each worker process


def _start_worker(workspace: Workspace, parent: int) -> None:
    global _worker_workspace
    _worker_workspace = workspace
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    _die_with(parent)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """End this worker when its parent ends, even by SIGKILL: it would write documents for no one.

    Linux sends the signal asked for with prctl(PR_SET_PDEATHSIG); elsewhere the pool's own
    shutdown is all there is.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above: no signal will come
        os._exit(1)


def _build_chunk(chunk: list[tuple[Path, Path]], template: Path, strict: bool) -> list[Built]:
    return [_build_one(record, output, _worker_workspace, template, strict) for record, output in chunk]
