"""Real clients for the tests: LibreOffice (headless) turns workbooks and documents into PDF,
poppler's pdftotext reads the pages back. Without them the tests skip, except under CI=true,
where they fail (`.ci/run` installs both)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def need(program: str, package: str) -> str:
    """The program's path; a skip when it is missing, a failure when CI=true."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} not found: apt-get install {package} (.ci/run does)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def to_pdf(files: list[Path], out: Path) -> list[Path]:
    """Each file converted by LibreOffice, with a private profile so parallel runs don't clash."""
    soffice = need("soffice", "libreoffice-calc-nogui libreoffice-writer-nogui")
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / ".lo-profile").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   capture_output=True, timeout=300, check=True)
    pdfs = [out / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in pdfs if not p.is_file()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext -layout), in order."""
    pdftotext = need("pdftotext", "poppler-utils")
    done = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                          timeout=120, check=True)
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
