"""The user's settings: one small TOML file, overridden for a run by command-line options.

The file is `$PDBUILDER_CONFIG`, else `$XDG_CONFIG_HOME/pdbuilder/config.toml`, else
`~/.config/pdbuilder/config.toml`; a missing file means the defaults. Documented in the README.

    [git]
    commit = true      # each saved record becomes a git commit of that record alone
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from pdbuilder.errors import PdbuilderError
from pdbuilder.storage import Fields, read_toml

CONFIG_ENV = "PDBUILDER_CONFIG"
CACHE_ENV = "PDBUILDER_CACHE"


@dataclass(frozen=True)
class Settings:
    commit: bool = False  # commit each saved record (records.save_position)


def config_path() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "pdbuilder" / "config.toml"


def cache_dir() -> Path:
    """Where pdbuilder keeps what it can make again (the records index, prepared templates):
    `$PDBUILDER_CACHE`, else `$XDG_CACHE_HOME/pdbuilder`, else `~/.cache/pdbuilder`."""
    if folder := os.environ.get(CACHE_ENV):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pdbuilder"


def read_settings(path: Path) -> Settings:
    if not path.is_file():
        return Settings()
    data, text = read_toml(path)
    top = Fields(data, path, text, PdbuilderError)
    git = Fields(top.get("git", dict, {}), path, text, PdbuilderError, "git", None)
    return Settings(commit=git.get("commit", bool, False))


# Options given on the command line for this run, over the file (`--commit`, `--no-commit`).
_overrides: dict[str, bool] = {}


def override(**values: bool | None) -> None:
    """Set this run's command-line options; None for an option not given (the file decides)."""
    _overrides.clear()
    _overrides.update({key: value for key, value in values.items() if value is not None})


def current() -> Settings:
    """The settings in force now: the file as it is (read at each call: it is tiny), then the overrides."""
    return replace(read_settings(config_path()), **_overrides)
