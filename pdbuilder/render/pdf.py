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


def find_soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RenderError(
            "cannot write a PDF: LibreOffice (`soffice`) is not on PATH; install LibreOffice or leave out --pdf"
        )
    return found


def convert_to_pdf(soffice: str, docx: Path, work: Path) -> Path:
    """The PDF LibreOffice makes of `docx`, in `work`; its own profile there, so a running LibreOffice does not interfere."""
    profile = (work / "profile").resolve().as_uri()  # a file URI must be absolute
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        PDF_FILTER,
        "--outdir",
        str(work),
        str(docx),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"LibreOffice took more than {PDF_TIMEOUT} s to make the PDF; no file written", docx.name
        ) from None
    pdf = docx.with_suffix(".pdf")
    if done.returncode != 0 or not pdf.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RenderError(
            f"LibreOffice could not make the PDF ({detail[-1] if detail else f'exit {done.returncode}'}); no file written",
            docx.name,
        )
    return pdf
