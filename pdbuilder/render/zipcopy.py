"""Copying a zip member into a new archive as it was stored, without decompressing and recompressing it."""

from __future__ import annotations

import copy
import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # zipfile is imported by the renderer when it runs, not when this module is
    import zipfile


def stored_member(archive: bytes, info: zipfile.ZipInfo) -> tuple[zipfile.ZipInfo, bytes]:
    """A zip member as `write_stored` copies it: its entry (sizes and CRC in the local header), that header and its stored data."""
    name_length, extra_length = struct.unpack(
        "<HH", archive[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_length + extra_length
    entry = copy.copy(info)
    entry.flag_bits &= ~0x08  # sizes and CRC go in the local header, not a trailing data descriptor
    entry.extra = b""
    return entry, entry.FileHeader() + archive[start : start + info.compress_size]


def write_stored(target: zipfile.ZipFile, entry: zipfile.ZipInfo, stored: bytes) -> None:
    """Add a member to `target` as it was stored (local header and data), without decompressing and recompressing it.

    zipfile has no public way to do this; this writes the bytes and lets `target` write the
    central directory entry on close, as ZipFile.write does.
    """
    if target.fp is None:
        raise ValueError("the zip archive is closed")
    entry = copy.copy(entry)  # each file records where the member starts in it
    entry.header_offset = target.fp.tell()
    target.fp.write(stored)
    target.filelist.append(entry)
    target.NameToInfo[entry.filename] = entry
    target.start_dir = target.fp.tell()
    target._didModify = True  # type: ignore[attr-defined]  # zipfile's own flag, not in typeshed
