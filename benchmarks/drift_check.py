"""What drift checking adds to `check`, and what the [spec] table adds to reading a record.

Run: .venv/bin/python benchmarks/drift_check.py
Prints medians of several rounds and ratios against baselines measured in the same run:
problems() alone vs problems() + drift_problems(); reading a record without vs with [spec].
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from pdbuilder.catalog import load_catalog
from pdbuilder.drift import drift_problems
from pdbuilder.model import problems
from pdbuilder.records import read_position, save_position

ROUNDS = 11
SAMPLES = Path(__file__).resolve().parents[1] / "positions"


def medians(baseline, candidate, rounds: int = ROUNDS) -> tuple[float, float]:
    """Median seconds of each; rounds alternate so that load on the machine hits both alike."""
    times = ([], [])
    for _ in range(rounds):
        for work, spent in zip((baseline, candidate), times, strict=True):
            start = time.perf_counter()
            work()
            spent.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    catalog = load_catalog()
    positions = [read_position(p) for p in sorted(SAMPLES.glob("*.toml"))] * 400
    refs = [catalog.get(p.class_id) for p in positions]
    pairs = list(zip(positions, refs, strict=True))

    base, both = medians(
        lambda: [problems(p, r) for p, r in pairs],
        lambda: [problems(p, r) + drift_problems(p, r) for p, r in pairs],
    )
    print(
        f"check rules over {len(pairs)} positions: problems {base * 1000:.1f} ms, "
        f"problems + drift {both * 1000:.1f} ms, ratio {both / base:.2f}, "
        f"drift per position {(both - base) / len(pairs) * 1e6:.1f} µs"
    )

    with tempfile.TemporaryDirectory() as folder:
        with_spec, without_spec = Path(folder) / "with.toml", Path(folder) / "without.toml"
        save_position(positions[1], with_spec)
        save_position(positions[1].with_changes(spec=None), without_spec)
        reads = 300
        plain, spec = medians(
            lambda: [read_position(without_spec) for _ in range(reads)],
            lambda: [read_position(with_spec) for _ in range(reads)],
        )
        print(
            f"read one record x{reads}: without [spec] {plain / reads * 1e6:.0f} µs, with [spec] {spec / reads * 1e6:.0f} µs, "
            f"ratio {spec / plain:.2f}; file {without_spec.stat().st_size} -> {with_spec.stat().st_size} bytes"
        )


if __name__ == "__main__":
    main()
