"""An agency's own settings, which its position descriptions and postings use: one small TOML file.

    name = "Department of State"
    appointing_authority = "Secretary of State"    # the title that signs as appointing authority
    equal_opportunity = "The Department is an equal opportunity employer ..."
    how_to_apply = "Apply at https://jobs.example.gov/ (requisition 2026-114)"

    [pay.Current]                                  # a pay table: pay plan, then pay grade
    "21" = "$42,000–$48,000 a year"

The file is `--agency-profile FILE`, else `$PDBUILDER_AGENCY_PROFILE`, else `agency.toml` beside the
settings file (pdbuilder.settings); none means no profile. A record's own values win over it:
its `agency` over `name`, its `salary` over the pay table.
"""

from __future__ import annotations

import os
from pathlib import Path

from pdbuilder.errors import PdbuilderError
from pdbuilder.model import AgencyProfile
from pdbuilder.settings import config_path
from pdbuilder.storage import Fields, read_toml

AGENCY_PROFILE_ENV = "PDBUILDER_AGENCY_PROFILE"
_TEXTS = ("name", "appointing_authority", "equal_opportunity", "how_to_apply")


def profile_path(given: Path | None = None) -> Path | None:
    """The profile to read: the one given, else $PDBUILDER_AGENCY_PROFILE, else agency.toml if there is one."""
    if given is not None:
        return given
    if os.environ.get(AGENCY_PROFILE_ENV):
        return Path(os.environ[AGENCY_PROFILE_ENV])
    beside_settings = config_path().parent / "agency.toml"
    return beside_settings if beside_settings.is_file() else None


def read_profile(path: Path | None) -> AgencyProfile:
    """The profile in a file (one clear error when it is not one), or an empty profile for None."""
    if path is None:
        return AgencyProfile()
    data, text = read_toml(path)
    top = Fields(data, path, text, PdbuilderError)
    pay = Fields(top.get("pay", dict, {}), path, text, PdbuilderError, "pay", None)
    return AgencyProfile(
        **{name: top.get(name, str, "") for name in _TEXTS},
        pay={plan: _grades(pay, plan) for plan in pay.data},
    )


def _grades(pay: Fields, plan: str) -> dict[str, str]:
    grades = pay.subtable(plan)
    return {grade: grades.get(grade, str) for grade in grades.data}
