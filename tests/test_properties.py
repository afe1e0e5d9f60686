"""Property-based: any valid position, with any Unicode text, survives the TOML round-trip."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pdbuilder.model import Position, PositionTask, SpecVersion
from pdbuilder.records import position_to_toml, read_position, save_position

# TOML strings hold any Unicode scalar value; surrogates cannot be encoded as UTF-8 at all.
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
ids = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,3}", fullmatch=True)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))
tasks = st.builds(
    PositionTask,
    text=texts,
    class_task_id=st.none() | ids,
    percent=st.none() | st.integers(0, 100),
    essential=st.booleans(),
)
hashes = st.from_regex(r"[0-9a-f]{12}", fullmatch=True)
specs = st.builds(
    SpecVersion,
    class_id=ids,
    tasks=st.dictionaries(ids, hashes, max_size=4),
    minimum_requirements=hashes,
    level_of_work=hashes,
    contributor_levels=hashes,
)
positions = st.builds(
    Position,
    class_id=ids,
    working_title=texts,
    number=texts,
    agency=texts,
    unit=texts,
    location=texts,
    supervisor=texts,
    flsa_status=st.sampled_from(["", "exempt", "non-exempt"]),
    work_schedule=texts,
    contributor_level=st.sampled_from(["", "recent", "experienced", "independent"]),
    tasks=st.lists(tasks, max_size=5).map(tuple),
    extra_requirements=st.lists(texts, max_size=3).map(tuple),
    status=st.sampled_from(["draft", "review", "approved", "archived"]),
    created=st.none() | moments,
    modified=st.none() | moments,
    spec=st.none() | specs,
)


@settings(max_examples=200, deadline=None)
@given(positions)
def test_any_position_round_trips_through_toml(position):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        save_position(position, path)
        assert read_position(path) == position
        # Writing is stable: the same record gives the same bytes.
        assert position_to_toml(read_position(path)) == path.read_text(encoding="utf-8")
