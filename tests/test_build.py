"""`pdbuilder build`: many documents at once, the failures listed, the rest written whole."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from pdbuilder import batch
from pdbuilder.cli.progress import ProgressBar
from pdbuilder.context import build_context
from pdbuilder.listing import record_files
from pdbuilder.workspace import Workspace

from .conftest import DATA, snapshot_files
from .docxread import read_docx
from .test_render import make_template

ILL = "00041187-interlibrary-loan-technician"
SENIOR = "00073302-institutional-library-senior"
SCHOOL = "00090015-school-library-technician"
BAD = ["unclosed-string", "unknown-class", "empty"]


@pytest.fixture
def mixed(positions):
    """The sample positions, and three records that cannot be read or have no class."""
    for name in BAD:
        shutil.copy(DATA / "bad" / f"{name}.toml", positions)
    return positions


@pytest.fixture
def fixed_day(monkeypatch):
    """Every document, in this process or a forked worker, is made on the same day."""
    monkeypatch.setattr(
        "pdbuilder.context.build_context",
        lambda position, ref, today=None, agency=None: build_context(position, ref, date(2026, 5, 4), agency),
    )


def generate_error(cli, record) -> str:
    """What `pdbuilder generate` says about a record it cannot render."""
    result = cli("generate", record, "-o", "elsewhere.docx")
    assert result.code == 2
    return result.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_good_records_come_out_and_bad_ones_are_listed(cli, mixed, tmp_path, jobs):
    out = tmp_path / "out"
    result = cli("build", mixed, "-o", out, "--jobs", jobs)
    assert result.code == 1
    assert result.out.splitlines() == [str(out / f"{stem}.docx") for stem in (ILL, SENIOR, SCHOOL)]
    assert sorted(p.name for p in out.iterdir()) == [f"{ILL}.docx", f"{SENIOR}.docx", f"{SCHOOL}.docx"]
    assert read_docx(out / f"{SENIOR}.docx").body[1] == "Institutional Library Technician Senior"
    assert (
        "Processes inter-library loan requests."
        in read_docx(out / f"{ILL}.docx").row_with("Processes inter-library loan requests.")[1]
    )
    errors = "".join(generate_error(cli, mixed / f"{name}.toml") for name in sorted(BAD))
    assert result.err == errors + f"pdbuilder: built 3 documents in {out}; 3 records failed (listed above)\n"


def test_two_jobs_make_the_same_documents_as_one(cli, positions, tmp_path, fixed_day):
    for n in range(12):  # enough records for several chunks per worker
        shutil.copy(positions / f"{ILL}.toml", positions / f"copy-{n:02}.toml")
    assert cli("build", positions, "-o", tmp_path / "one", "--jobs", "1").code == 0
    assert cli("build", positions, "-o", tmp_path / "two", "--jobs", "2").code == 0
    one, two = snapshot_files(tmp_path / "one"), snapshot_files(tmp_path / "two")
    assert len(one) == 15 and one == two


def test_names_follow_generate_and_nothing_is_written_outside_the_folder(cli, positions, tmp_path):
    template = make_template(tmp_path / "dos.docx", ["{{ position.number }} – {{ job_class.title }}"])
    before = snapshot_files(tmp_path)
    out = tmp_path / "deep" / "out"
    assert (
        cli(
            "build",
            positions / f"{ILL}.toml",
            positions / f"{SCHOOL}.toml",
            "-o",
            out,
            "--template",
            "posting",
            "-q",
        ).code
        == 0
    )
    assert cli("build", positions / f"{ILL}.toml", "-o", out, "--template", template, "-q").code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        f"{ILL}-dos.docx",
        f"{ILL}-posting.docx",
        f"{SCHOOL}-posting.docx",
    ]
    assert read_docx(out / f"{ILL}-dos.docx").body == ["00041187 – Library Technician"]
    (tmp_path / "g").mkdir()
    assert (
        cli("generate", positions / f"{ILL}.toml", "-o", tmp_path / "g", "--template", template).out
        == f"{tmp_path / 'g' / ILL}-dos.docx\n"
    )
    after = {
        name: data for name, data in snapshot_files(tmp_path).items() if not name.startswith(("deep/", "g/"))
    }
    assert after == before


def test_the_positions_folder_is_the_default_and_a_record_named_twice_is_built_once(cli, positions, tmp_path):
    out = tmp_path / "out"
    seen = []
    built = batch.build(
        record_files([positions / f"{ILL}.toml", positions]), out, Workspace(), jobs=1, progress=seen.append
    )
    assert [b.output for b in built] == [out / f"{ILL}.docx", out / f"{SENIOR}.docx", out / f"{SCHOOL}.docx"]
    assert sum(seen) == 4  # every record named counts towards the progress bar's total
    result = cli("--positions", positions, "build", positions / f"{ILL}.toml", positions, "-o", out)
    assert result.code == 0 and len(result.out.splitlines()) == 3
    assert cli("--positions", positions, "build", "-o", tmp_path / "default", "-q").out == result.out.replace(
        str(out), str(tmp_path / "default")
    )


def test_records_with_the_same_name_in_two_folders_are_not_overwritten(cli, positions, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(positions / f"{SENIOR}.toml", other / f"{ILL}.toml")
    out = tmp_path / "out"
    result = cli("build", positions / f"{ILL}.toml", other / f"{ILL}.toml", "-o", out, "-q")
    assert result.code == 1
    assert (
        result.err == f"pdbuilder: {other / ILL}.toml: same output name as {positions / ILL}.toml; skipped\n"
    )
    assert read_docx(out / f"{ILL}.docx").body[1] == "Interlibrary Loan Technician"


def test_a_record_the_template_fails_on_leaves_no_file_and_the_others_come_out(cli, positions, tmp_path):
    template = make_template(
        tmp_path / "t.docx", ['{% if position.number == "00073302" %}{{ position.numbr }}{% endif %}']
    )
    out = tmp_path / "out"
    result = cli("build", positions, "-o", out, "--template", template, "--jobs", "2", "-q")
    assert result.code == 1
    assert result.err == (
        f'pdbuilder: {template}: body, in “{{% if position.number == "00073302" %}}{{{{ position.numbr }}}}{{% endif %}}”: '
        "template error: 'dict object' has no attribute 'numbr'\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        f"{ILL}-t.docx",
        f"{SCHOOL}-t.docx",
    ]  # no temporary folder left either


def test_a_broken_template_or_missing_libreoffice_stops_before_writing(cli, positions, tmp_path, monkeypatch):
    make_template(tmp_path / "t.docx", ["{% if position.number %}"])  # tests run in tmp_path
    result = cli("build", positions, "-o", tmp_path / "out", "--template", "t.docx")
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == "pdbuilder: t.docx: body, in “{% if position.number %}”: Jinja syntax error: Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.\n"
    )
    (tmp_path / "fake.docx").write_text("not a zip")
    assert cli("build", positions, "-o", tmp_path / "out", "--template", "fake.docx").err.startswith(
        "pdbuilder: fake.docx: not a Word .docx file ("
    )
    monkeypatch.setenv("PATH", "")
    assert cli("build", positions, "-o", tmp_path / "out", "--pdf").code == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["empty-folder", "-o", "out"], "pdbuilder: no position records in empty-folder\n"),
        (["-o", "a-file"], "pdbuilder: a-file: is a file; give a folder to write the documents into\n"),
    ],
)
def test_nothing_to_build_or_nowhere_to_write(cli, positions, tmp_path, args, message):
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "a-file").write_text("mine")
    result = cli("--positions", positions, "build", *args)
    assert (result.code, result.err) == (2, message)
    assert (tmp_path / "a-file").read_text() == "mine" and not (tmp_path / "out").exists()


def test_one_job_runs_in_this_process_and_the_default_is_one_per_cpu(positions, tmp_path, monkeypatch):
    pools = []
    monkeypatch.setattr(
        batch,
        "_build_in_processes",
        lambda tasks, workspace, template, jobs, progress, strict: pools.append(jobs) or {},
    )
    records = sorted(positions.glob("*.toml"))
    built = batch.build(records, tmp_path / "out", Workspace(), jobs=1)
    assert [b.output.name for b in built] == [
        f"{ILL}.docx",
        f"{SENIOR}.docx",
        f"{SCHOOL}.docx",
    ] and pools == []
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 2)
    with pytest.raises(KeyError):  # the stand-in pool built nothing
        batch.build(records, tmp_path / "out", Workspace())
    assert pools == [2]


def test_progress_bar_counts_up_and_clears_its_line():
    stream = io.StringIO()
    bar = ProgressBar(4, stream)
    bar.advance(1)
    bar.advance(3)
    bar.close()
    assert (
        stream.getvalue()
        == "\r[#######-----------------------] 1/4 records\r[##############################] 4/4 records\r\x1b[2K"
    )


# A stand-in for LibreOffice: it counts its starts and "converts" each .docx named to a PDF naming it,
# except a document whose name holds REFUSE (as LibreOffice does with a file it cannot load).
FAKE_SOFFICE = """#!{python}
import sys
from pathlib import Path

with open({starts!r}, "a") as starts:
    starts.write(" ".join(sys.argv[1:]) + "\\n")
outdir = Path(sys.argv[sys.argv.index("--outdir") + 1])
for document in (Path(arg) for arg in sys.argv if arg.endswith(".docx")):
    if "{refuse}" not in document.name:
        (outdir / (document.stem + ".pdf")).write_bytes(b"%PDF-1.7 " + document.name.encode())
"""


def _soffice_on_path(folder: Path, script: str, monkeypatch) -> Path:
    """`soffice` on PATH runs `script`; the file where it counts its starts."""
    folder.mkdir()
    starts = folder / "starts"
    (folder / "soffice").write_text(script.format(python=sys.executable, starts=str(starts), refuse="school"))
    (folder / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    starts.touch()
    return starts


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_is_converted_to_pdf_by_one_libreoffice_start(cli, positions, tmp_path, monkeypatch, jobs):
    starts = _soffice_on_path(tmp_path / "bin", FAKE_SOFFICE, monkeypatch)
    out = tmp_path / "out"
    records = [positions / f"{stem}.toml" for stem in (ILL, SENIOR)]
    result = cli("build", *records, "-o", out, "--pdf", "--jobs", jobs, "-q")
    assert result.code == 0, result.err
    assert len(starts.read_text().splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{s}.{k}" for s in (ILL, SENIOR) for k in ("docx", "pdf")
    )
    assert (out / f"{SENIOR}.pdf").read_bytes() == f"%PDF-1.7 {SENIOR}.docx".encode()
    assert read_docx(out / f"{ILL}.docx").body[1] == "Interlibrary Loan Technician"  # the document itself


def test_a_document_libreoffice_cannot_convert_is_not_written_and_the_others_are(
    cli, positions, tmp_path, monkeypatch
):
    starts = _soffice_on_path(tmp_path / "bin", FAKE_SOFFICE, monkeypatch)
    out = tmp_path / "out"
    result = cli("build", positions, "-o", out, "--pdf", "-q")
    assert result.code == 1
    assert len(starts.read_text().splitlines()) == 1
    assert f"pdbuilder: {SCHOOL}.docx: LibreOffice could not make the PDF (" in result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{s}.{k}" for s in (ILL, SENIOR) for k in ("docx", "pdf")
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_beside_each_document(cli, positions, tmp_path, monkeypatch):
    """The real LibreOffice, started once for the batch (a script before it on PATH counts its starts)."""
    counting = "#!/bin/sh\necho start >> {starts}\nexec " + shutil.which("soffice") + ' "$@"\n'
    starts = _soffice_on_path(tmp_path / "bin", counting, monkeypatch)
    out = tmp_path / "out"
    result = cli(
        "build",
        positions / f"{ILL}.toml",
        positions / f"{SCHOOL}.toml",
        "-o",
        out,
        "--pdf",
        "--jobs",
        "2",
        "-q",
    )
    assert result.code == 0, result.err
    assert len(starts.read_text().splitlines()) == 1
    assert result.out.splitlines() == [
        str(out / f"{stem}.{kind}") for stem in (ILL, SCHOOL) for kind in ("docx", "pdf")
    ]
    for stem, title in (
        (ILL, "Interlibrary Loan Technician"),
        (SCHOOL, "Library Technician (Accessible Formats)"),
    ):
        text = subprocess.run(["pdftotext", out / f"{stem}.pdf", "-"], capture_output=True, text=True).stdout
        assert title in text, stem
    assert len(list(out.iterdir())) == 4


def _copies(positions, count: int):
    record = (positions / f"{ILL}.toml").read_text(encoding="utf-8")
    for n in range(count):
        (positions / f"copy-{n:04}.toml").write_text(record, encoding="utf-8")


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers end with their parent on Linux")
def test_a_killed_build_leaves_no_worker_running_and_the_next_cleans_up(cli, positions, tmp_path):
    _copies(positions, 150)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pdbuilder",
            "--positions",
            positions,
            "build",
            "-o",
            out,
            "--jobs",
            "2",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(out.glob("*.docx"))) and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = _children(build.pid)
        assert workers, "the build ended before it could be killed"
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 1
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.01)
    survivors = [worker for worker in workers if _running(worker)]
    for worker in survivors:
        os.kill(worker, signal.SIGKILL)  # not left running when the test fails
    assert survivors == []
    # What a kill can leave, whether or not this one did: a document's and a PDF's temporaries.
    (out / f".{ILL}.docx.k1ll3d_x.tmp").write_bytes(b"partial")
    (out / ".pdbuilder-k1ll3d_x").mkdir()
    assert cli("--positions", positions, "build", "-o", out, "--jobs", "2").code == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
    assert len(list(out.glob("*.docx"))) == len(record_files([positions]))


def test_a_second_build_into_the_same_folder_is_refused(cli, positions, tmp_path):
    from pdbuilder.storage import sole_writer

    out = tmp_path / "out"
    with sole_writer(out, "build"):
        result = cli("--positions", positions, "build", "-o", out)
        assert (result.code, result.err) == (
            2,
            f"pdbuilder: {out}: another build is writing into this folder; try again when it is done\n",
        )
        assert [p.name for p in out.iterdir()] == [".pdbuilder-build.lock"]
    assert cli("--positions", positions, "build", "-o", out).code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{p.stem}.docx" for p in record_files([positions])
    )
