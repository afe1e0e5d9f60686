"""Commands racing on one record: exactly one wins, the others are told, and nothing is lost.

The racers are forked processes released together by a barrier, as two people or scripts would be.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
from pathlib import Path

from pdbuilder.cli import main
from pdbuilder.records import ConflictError, load_record, save_position

from .conftest import SAMPLE_POSITIONS

FORK = multiprocessing.get_context("fork")
RACERS = 40


def _quietly(args: list[str]) -> tuple[int, str]:
    """`pdbuilder ARGS` in this process: its exit code and stderr."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        return main(args), err.getvalue()


def _outcomes(results, racers) -> list:
    """What each racer reported; none is left running, even when one failed to report."""
    try:
        return [results.get(timeout=60) for _ in racers]
    finally:
        for racer in racers:
            racer.join(timeout=5)
            racer.kill()


def _new(barrier, results, output, number):
    import pdbuilder.records as records

    def wait_then_write(*args):
        barrier.wait(timeout=30)  # every racer made its record: now all save at once
        return to_toml(*args)

    to_toml = records.position_to_toml
    records.position_to_toml = wait_then_write
    code, err = _quietly(
        ["new", "--class", "library-technician", "--all-tasks", "--number", number, "-o", output]
    )
    results.put((number, code, err))


def test_concurrent_new_to_one_path_exactly_one_wins(tmp_path):
    output = tmp_path / "same.toml"
    barrier, results = FORK.Barrier(RACERS), FORK.Queue()
    racers = [
        FORK.Process(target=_new, args=(barrier, results, str(output), f"{n:08}")) for n in range(RACERS)
    ]
    for racer in racers:
        racer.start()
    outcomes = _outcomes(results, racers)
    winners = [number for number, code, _ in outcomes if code == 0]
    assert len(winners) == 1
    assert {(code, err) for _, code, err in outcomes if code != 0} == {
        (2, f"pdbuilder: {output}: already exists; choose another -o FILE or add --force\n")
    }
    assert load_record(output).position.number == winners[0]
    assert [p.name for p in tmp_path.iterdir()] == ["same.toml"]  # no temporary file left


def _sync(barrier, results, record):
    import pdbuilder.cli.review as review

    def drift_then_wait(*args):
        found = drift(*args)
        barrier.wait(timeout=30)  # read and worked out: now race the writer to the save
        return found

    drift = review.drift
    review.drift = drift_then_wait
    results.put(("sync", *_quietly(["sync", record, "--yes"])))


def _write(barrier, results, record):
    loaded = load_record(Path(record))
    barrier.wait(timeout=30)
    mine = loaded.position.with_changes(working_title="Written meanwhile")
    try:
        save_position(mine, Path(record), loaded.stamp)
        results.put(("writer", 0, ""))
    except ConflictError as exc:
        results.put(("writer", 2, str(exc)))


def test_sync_against_a_concurrent_writer_one_wins_and_the_other_is_told(tmp_path):
    record = tmp_path / "record.toml"
    outdated = load_record(SAMPLE_POSITIONS / "00041187-interlibrary-loan-technician.toml").position
    outdated = outdated.with_changes(spec=None)  # an old record: sync records the spec version
    for _ in range(RACERS):
        save_position(outdated, record)
        barrier, results = FORK.Barrier(2), FORK.Queue()
        racers = [
            FORK.Process(target=racer, args=(barrier, results, str(record))) for racer in (_sync, _write)
        ]
        for racer in racers:
            racer.start()
        outcomes = {name: (code, err) for name, code, err in _outcomes(results, racers)}
        won = [name for name, (code, _) in outcomes.items() if code == 0]
        assert len(won) == 1, outcomes
        lost = "writer" if won == ["sync"] else "sync"
        assert "changed on disk since it was opened; not overwritten" in outcomes[lost][1]
        final = load_record(record).position
        if won == ["sync"]:
            assert final.spec is not None and final.working_title == outdated.working_title
        else:
            assert final.spec is None and final.working_title == "Written meanwhile"
