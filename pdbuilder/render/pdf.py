"""PDF through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pdbuilder.render.lookup import RenderError

# Tagged PDF (structure for screen readers: public postings must be accessible); LibreOffice 7.4+
# takes export options as JSON after the filter name.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
PDF_TIMEOUT = 180  # seconds; a first LibreOffice start builds its profile, which takes a while
PDF_SECONDS_EACH = 10  # more seconds allowed a start for each document it converts
PDF_BATCH = 500  # documents converted by one start at most: the command line stays short


def find_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RenderError(
            "cannot write a PDF: LibreOffice (`soffice`) is not on PATH; install LibreOffice or leave out --pdf"
        )
    return found


def convert_to_pdf(soffice: str, docx: Path, work: Path) -> Path:
    """The PDF LibreOffice makes of `docx`, in `work`; RenderError when it makes none."""
    [pdf] = convert_to_pdfs(soffice, [docx], work)
    if isinstance(pdf, RenderError):
        raise pdf
    return pdf


def convert_to_pdfs(soffice: str, documents: list[Path], work: Path) -> list[Path | RenderError]:
    """The PDFs LibreOffice makes of `documents`, in `work`: a PDF, or why there is none, for each.

    LibreOffice starts once for a batch of up to PDF_BATCH documents (it takes seconds to start, far
    longer than converting one), with its own profile in `work`, so a running LibreOffice does not
    interfere. The documents must have different names: each PDF is named after its document.
    """
    made: list[Path | RenderError] = []
    for start in range(0, len(documents), PDF_BATCH):
        made += _convert(soffice, documents[start : start + PDF_BATCH], work)
    return made


def _convert(soffice: str, documents: list[Path], work: Path) -> list[Path | RenderError]:
    profile = (work / "profile").resolve().as_uri()  # a file URI must be absolute
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        PDF_FILTER,
        "--outdir",
        str(work),
        *map(str, documents),
    ]
    timeout = PDF_TIMEOUT + PDF_SECONDS_EACH * len(documents)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"LibreOffice took more than {timeout} s to make the PDF; no file written",
            documents[0].name if len(documents) == 1 else None,
        ) from None
    said = (done.stderr or done.stdout).strip().splitlines()
    why = said[-1] if said else f"exit {done.returncode}"
    return [
        pdf
        if (pdf := work / docx.with_suffix(".pdf").name).is_file()
        else RenderError(f"LibreOffice could not make the PDF ({why}); no file written", docx.name)
        for docx in documents
    ]
