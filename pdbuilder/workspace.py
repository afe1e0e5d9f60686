"""Where a session's files live: the positions folder and the catalog folders.

Every path comes from an option or an environment variable, so tests point them at tmp_path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pdbuilder.errors import PdbuilderError

if TYPE_CHECKING:
    from pdbuilder.catalog import Catalog
    from pdbuilder.model import AgencyProfile, ClassRef, Position

POSITIONS_ENV = "PDBUILDER_POSITIONS"


def default_positions_dir() -> Path:
    return Path(os.environ.get(POSITIONS_ENV) or "positions")


@dataclass
class Workspace:
    positions_dir: Path = field(default_factory=default_positions_dir)
    catalog_dirs: list[Path] = field(default_factory=list)
    use_index: bool = True  # keep what checking each record found in the index (pdbuilder.index)
    agency_profile: Path | None = None  # --agency-profile; else found as pdbuilder.agency says

    @cached_property
    def agency(self) -> AgencyProfile:
        from pdbuilder.agency import profile_path, read_profile

        return read_profile(profile_path(self.agency_profile))

    @cached_property
    def catalog(self) -> Catalog:
        from pdbuilder.catalog import load_catalog  # not at the top: the terminal UI starts without the model

        return load_catalog(self.catalog_dirs)

    def class_for(self, position: Position, path: Path | None = None) -> ClassRef:
        return self.class_named(position.class_id, path)

    def class_named(self, class_id: str, path: Path | None = None) -> ClassRef:
        """The class with this id; an unknown one is an error naming `path` (the record that asked)."""
        ref = self.catalog.get(class_id)
        if ref is None:
            raise PdbuilderError(f"unknown class {class_id!r} (see `pdbuilder classes`)", path)
        return ref
