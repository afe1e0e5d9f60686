"""Files that ship inside the package (catalogs, Word templates), found with importlib.resources.

They are package data (pyproject's `package-data`), so an installed wheel has them wherever it
is installed; nothing is looked up relative to a checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_folder(name: str) -> Path:
    """A folder of pdbuilder's package data, as a path: docxtpl, zipfile and folder listings read files.

    pip and pipx (wheel or editable) install the package as plain files, so this is the folder itself.
    """
    folder = resources.files("pdbuilder") / name
    if not isinstance(folder, Path):
        raise RuntimeError(f"pdbuilder's {name} are not plain files ({folder}); install it with pip or pipx")
    return folder
