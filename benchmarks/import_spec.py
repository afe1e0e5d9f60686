"""How long importing a class specification takes, against reading the catalog file it produces.

    python benchmarks/import_spec.py

Prints medians (ms) and ratios to the baseline measured in the same run: reading the bundled
Library Science catalog file. Also the start-up cost python-docx would add to every command if
it were imported at module level instead of inside the Word reader.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pdbuilder.catalog import BUNDLED_DIR, read_group  # noqa: E402
from pdbuilder.importers import import_spec  # noqa: E402

RUNS = 50


def median_ms(action, runs: int = RUNS) -> float:
    action()  # warm up: first-call imports and caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def startup_ms(code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    baseline = median_ms(lambda: read_group(BUNDLED_DIR / "library-science.toml"))
    rows = [("read_group(library-science.toml)  [baseline]", baseline)]
    for path in (
        ROOT / "tests/data/library-science.txt",
        ROOT / "tests/data/specs/library-science.docx",
        ROOT / "tests/data/specs/engineering.txt",
        ROOT / "tests/data/specs/engineering.docx",
    ):
        rows.append((f"import_spec({path.name})", median_ms(lambda path=path: import_spec(path))))
    for label, ms in rows:
        print(f"{label:50} {ms:8.2f} ms  x{ms / baseline:6.1f}")
    cli = startup_ms("import pdbuilder.cli")
    with_docx = startup_ms("import pdbuilder.cli, docx")
    print(f"{'python -c import pdbuilder.cli  [baseline]':50} {cli:8.1f} ms")
    print(
        f"{'... plus import docx (what lazy import avoids)':50} {with_docx:8.1f} ms  x{with_docx / cli:6.2f}"
    )


if __name__ == "__main__":
    main()
