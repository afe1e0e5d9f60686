"""The import-spec command: class specifications (text or Word) into catalog files, one or a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pdbuilder.catalog import ID_PATTERN, group_to_toml, read_catalog_files
from pdbuilder.cli import EXIT_PROBLEMS, AddCommand
from pdbuilder.errors import PdbuilderError
from pdbuilder.importers import Imported, Profile, explain, find_profile, import_spec, report
from pdbuilder.importers.profiles import bundled_profiles
from pdbuilder.model import ClassGroup
from pdbuilder.storage import atomic_write
from pdbuilder.workspace import Workspace

SPEC_SUFFIXES = (".txt", ".docx")


def register(add_command: AddCommand) -> None:
    command = add_command(
        "import-spec",
        help="turn class specifications (.txt or .docx) into catalog files",
        description="Import a class specification, as published text or as a Word .docx file, into a catalog "
        "TOML file; or every spec in a folder into a folder of catalog files. Lines that could not be placed "
        "are listed on stderr at the end.",
        epilog="example: pdbuilder import-spec specs/library-science.docx -o catalog/library-science.toml",
    )
    command.add_argument(
        "spec",
        type=Path,
        metavar="SPEC",
        help="the specification (plain UTF-8 text or .docx), or a folder of them",
    )
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="the catalog file to write (default: print it); for a folder of specs, the folder to write to",
    )
    command.add_argument("--force", action="store_true", help="replace output files that exist")
    command.add_argument(
        "--strict", action="store_true", help="exit 1, writing nothing, when any line could not be placed"
    )
    command.add_argument(
        "--profile",
        metavar="NAME|FILE.toml",
        help="what the spec calls its parts: "
        + ", ".join(p.name for p in bundled_profiles())
        + ", or a profile file (default: the profile that knows most of the spec's headings)",
    )
    command.add_argument(
        "--explain",
        action="store_true",
        help="print every line with the field it went to, instead of the catalog",
    )
    command.add_argument("--group-id", metavar="ID", help="the class group's id (default: its name's slug)")
    command.add_argument(
        "--id-prefix", metavar="PREFIX", default="", help="put PREFIX before the group's and the classes' ids"
    )
    command.set_defaults(run=run_import)


def run_import(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.group_id is not None and not ID_PATTERN.fullmatch(args.group_id):
        raise PdbuilderError(
            f"--group-id {args.group_id!r} is not an id: letters, digits, '-', '_' and '.', no spaces"
        )
    profile = find_profile(args.profile) if args.profile else None
    if args.spec.is_dir():
        return _import_folder(args, workspace, profile)
    if args.output and args.output.is_dir():
        raise PdbuilderError(
            "is a folder; give the catalog file's name, e.g. -o FOLDER/name.toml", args.output
        )
    if args.output and args.output.exists() and not args.force:
        raise PdbuilderError("already exists; choose another -o FILE or add --force", args.output)
    imported = import_spec(args.spec, profile, args.group_id, args.id_prefix)
    _refuse_id_collisions([(imported.group, args.spec, args.output)], workspace)
    unplaced = report(imported, args.spec)
    if args.explain:
        sys.stdout.write(explain(imported, args.spec))
    if not (args.strict and unplaced):
        if args.output:
            _write(args.output, imported.group)
            print(args.output)
        elif not args.explain:
            sys.stdout.write(group_to_toml(imported.group))
    sys.stderr.write(_summary(imported, args.spec))
    sys.stderr.write(unplaced or f"{args.spec}: every {imported.unit} was imported\n")
    if args.strict and unplaced:
        print(f"{args.spec}: --strict: nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    return 0


def _import_folder(args: argparse.Namespace, workspace: Workspace, profile: Profile | None) -> int:
    """Every spec in the folder, each to OUTDIR/NAME.toml, with one report; exit 1 when any line was not placed."""
    if not args.output:
        raise PdbuilderError(
            "a folder of specs needs -o OUTDIR, the folder to write the catalog files to", args.spec
        )
    if args.output.exists() and not args.output.is_dir():
        raise PdbuilderError("is a file; for a folder of specs give a folder: -o OUTDIR", args.output)
    if args.group_id:
        raise PdbuilderError("--group-id names one class group: import the specs one by one", args.spec)
    specs = sorted(p for p in args.spec.iterdir() if p.suffix.lower() in SPEC_SUFFIXES and p.is_file())
    if not specs:
        raise PdbuilderError(f"no spec files ({', '.join(SPEC_SUFFIXES)}) in this folder", args.spec)
    targets: dict[Path, Path] = {}
    for spec in specs:
        target = args.output / f"{spec.stem}.toml"
        if target in targets:
            raise PdbuilderError(
                f"{spec.name} and {targets[target].name} would both be written to {target}", spec
            )
        if target.exists() and not args.force:
            raise PdbuilderError("already exists; choose another -o OUTDIR or add --force", target)
        targets[target] = spec
    imports = [
        (target, spec, import_spec(spec, profile, None, args.id_prefix)) for target, spec in targets.items()
    ]
    _refuse_id_collisions([(imported.group, spec, target) for target, spec, imported in imports], workspace)
    reports = [report(imported, spec) for _, spec, imported in imports]
    incomplete = sum(bool(text) for text in reports)
    if args.explain:
        for _, spec, imported in imports:
            sys.stdout.write(explain(imported, spec))
    if not (args.strict and incomplete):
        for target, _, imported in imports:
            _write(target, imported.group)
            print(target)
    for (_, spec, imported), text in zip(imports, reports, strict=True):
        sys.stderr.write(_summary(imported, spec) + text)
    print(
        f"{args.spec}: {len(imports)} spec(s), {incomplete} with lines not imported"
        + (" (--strict: nothing written)" if args.strict and incomplete else ""),
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if incomplete else 0


def _refuse_id_collisions(imports: list[tuple[ClassGroup, Path, Path | None]], workspace: Workspace) -> None:
    """Ids that would stop every command once the catalog file is in place are refused: a class id
    the catalog in use (or another imported spec) gives another group, a group id another file of
    the output's folder has. `imports` are (group, spec, output file); the files written over do not count."""
    catalog = read_catalog_files(workspace.catalog_dirs)
    replaced = {target.resolve() for _, _, target in imports if target}
    owners = {
        job_class.id: (group.id, path)
        for group, path in catalog.values()
        if path.resolve() not in replaced
        for job_class in group.classes
    }
    for group, spec, target in imports:
        for job_class in group.classes:
            owner = owners.get(job_class.id)
            if owner and owner[0] != group.id:
                raise PdbuilderError(
                    f"class id {job_class.id!r} is already used by class group {owner[0]!r} in {owner[1]}; "
                    "give the imported classes other ids with --id-prefix PREFIX",
                    spec,
                )
        owners.update({job_class.id: (group.id, spec) for job_class in group.classes})
        _, same_id = catalog.get(group.id, (None, None))
        if target and same_id and same_id.parent.resolve() == target.parent.resolve() != same_id.resolve():
            raise PdbuilderError(
                f"class group id {group.id!r} is already used by {same_id}, in the same catalog folder; "
                "choose another id with --group-id ID (or --id-prefix PREFIX), or write over that file",
                spec,
            )


def _write(path: Path, group: ClassGroup) -> None:
    try:
        atomic_write(path, group_to_toml(group))
    except OSError as exc:
        raise PdbuilderError(f"cannot write: {exc.strerror or exc}", path) from None


def _summary(imported: Imported, spec: Path) -> str:
    group = imported.group
    return (
        f"{spec}: {group.class_group}: {len(group.classes)} class(es), {len(group.tasks)} task(s), "
        f"{len(group.contributor_levels)} contributor level(s), {len(group.sections)} other section(s) "
        f"[profile {imported.profile}]\n"
    )
