"""Generation against plain docxtpl, measured in one run.

Run: .venv/bin/python benchmarks/bench_build.py [--records 1000] [--plain 100] [--rounds 3] [--starts 15] [--template NAME]

Makes N synthetic records from the bundled catalog (varied classes, tasks, own texts, percents,
levels) in a temporary folder, compiles pdbuilder's bytecode as an installed package has it, then
measures, alternating so that load on the machine hits each alike:
- the plain docxtpl loop, per document: read the record, build the context, load the template,
  render it with pdbuilder's sandboxed environment, save the file (over the first --plain records,
  since it is slow);
- the real `pdbuilder build --jobs 1` and `--jobs 2` commands over all N records, each a fresh
  process, so interpreter start-up, imports and preparing the template count against them;
- one `pdbuilder generate` of one record as a whole command, against `python -c "import docxtpl"`
  (--starts runs of each; the template already prepared in the cache folder, as after a first run).
Prints medians, each ratio against its goal (build --jobs 1 >= 15x the plain loop; --jobs 2 >=
1.7x --jobs 1 on two cores; generate <= 1.4x importing docxtpl), the size of one document made
both ways, and how the machine's CPU time went meanwhile (a shared machine makes ratios noisy).
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from docxtpl import DocxTemplate

from pdbuilder.catalog import load_catalog
from pdbuilder.listing import record_files
from pdbuilder.model import new_position
from pdbuilder.records import read_position, save_position
from pdbuilder.render import DEFAULT_TEMPLATE, default_output, resolve_template, sandbox, template_context

WORDS = [
    "reviews",
    "catalog",
    "records",
    "patron",
    "requests",
    "daily",
    "schedules",
    "volunteers",
    "circulation",
    "statistics",
    "maintains",
    "interlibrary",
    "loan",
    "software",
    "reports",
    "budget",
    "&",
    "<urgent>",
    "materials",
    "“quoted”",
    "Zoë",
    "図書館",
]
AGENCIES = (
    "Department of State",
    "Department of Corrections",
    "Department of Education",
    "Agency for Persons with Disabilities",
)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(6, 24))).capitalize() + "."


def make_records(folder: Path, count: int, seed: int = 6) -> None:
    """`count` records over every class of the bundled catalog, no two alike."""
    rng = random.Random(seed)
    classes = load_catalog().classes
    for n in range(count):
        ref = rng.choice(classes)
        tasks = [t.id for t in ref.group.tasks if rng.random() < 0.6] or [ref.group.tasks[0].id]
        levels = [level.id for level in ref.group.contributor_levels]
        position = new_position(
            ref,
            tasks,
            [sentence(rng) for _ in range(rng.randint(0, 3))],
            working_title=f"{ref.job_class.title} {n}",
            number=f"{n:08}",
            agency=rng.choice(AGENCIES),
            unit=f"Unit {rng.randint(1, 40)}",
            location=rng.choice(("Tallahassee", "Miami", "Tampa")),
            supervisor=sentence(rng)[:40],
            flsa_status=rng.choice(("exempt", "non-exempt")),
            work_schedule="Mon–Fri 8–5",
            contributor_level=rng.choice([*levels, ""]),
            extra_requirements=tuple(sentence(rng) for _ in range(rng.randint(0, 2))),
        )
        if rng.random() < 0.5:  # percents that add up to 100, some tasks essential
            shares = [100 // len(position.tasks)] * len(position.tasks)
            shares[0] += 100 - sum(shares)
            position = position.with_changes(
                tasks=tuple(
                    replace(t, percent=p, essential=rng.random() < 0.5)
                    for t, p in zip(position.tasks, shares, strict=True)
                )
            )
        save_position(position, folder / f"{n:05}-{ref.id}.toml")


def plain_loop(records: list[Path], template: Path, out: Path) -> None:
    """What a plain docxtpl script does for each document."""
    catalog = load_catalog()
    for record in records:
        position = read_position(record)
        context, _ = template_context(position, catalog.get(position.class_id))
        document = DocxTemplate(template)
        document.render(context, jinja_env=sandbox(), autoescape=True)
        document.save(out / f"{record.stem}.docx")


def build_command(folder: Path, out: Path, template: str, jobs: int) -> None:
    command = [sys.executable, "-m", "pdbuilder", "build", str(folder), "-o", str(out)]
    command += ["--template", template, "--jobs", str(jobs), "--quiet"]
    run_quietly(command)


def run_quietly(command: list[str]) -> None:
    """Run a command; what it says (warnings about the synthetic records) is shown only if it fails."""
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")


def command_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    run_quietly(command)
    return time.perf_counter() - start


def timed(work, out: Path, cpu: list[float], machine: list[list[int]]) -> float:
    """Wall seconds of `work`; the CPU seconds it (and the processes it waited for) spent go on
    `cpu`, and what the whole machine's CPUs did meanwhile on `machine`."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    before, ticks = cpu_seconds(), machine_ticks()
    start = time.perf_counter()
    work()
    spent = time.perf_counter() - start
    cpu.append(cpu_seconds() - before)
    machine.append([after - was for after, was in zip(machine_ticks(), ticks, strict=True)])
    return spent


def machine_ticks() -> list[int]:
    """/proc/stat's CPU time so far, all CPUs: user, nice, system, idle, iowait, irq, softirq, steal."""
    try:
        return [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except OSError:
        return [0] * 8


def machine_shares(ticks: list[list[int]], ours: float) -> str:
    """How the machine's CPU time went during some runs: to them, to other processes, to other VMs, idle."""
    user, nice, system, idle, iowait, irq, softirq, steal = (
        sum(column) for column in zip(*ticks, strict=True)
    )
    total = user + nice + system + idle + iowait + irq + softirq + steal
    if not total:
        return "not known here (no /proc/stat)"
    ours_ticks = ours * os.sysconf("SC_CLK_TCK")
    busy = user + nice + system + irq + softirq
    shares = {
        "these runs": ours_ticks,
        "other processes": max(busy - ours_ticks, 0),
        "stolen by the hypervisor": steal,
        "idle": idle + iowait,
    }
    return ", ".join(f"{name} {ticks / total:.0%}" for name, ticks in shares.items())


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000, help="synthetic records to build (default 1000)")
    parser.add_argument(
        "--plain", type=int, default=100, help="records the plain docxtpl loop renders (default 100)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of each build, alternating; medians are printed (default 3)",
    )
    parser.add_argument(
        "--starts", type=int, default=15, help="runs of one generate and of importing docxtpl (default 15)"
    )
    parser.add_argument("--template", default=DEFAULT_TEMPLATE)
    args = parser.parse_args()
    template = resolve_template(args.template)
    compile_pdbuilder()
    with tempfile.TemporaryDirectory() as temp:
        # A cache folder of its own: the template is prepared by the first run, as on a person's machine.
        os.environ["PDBUILDER_CACHE"] = str(Path(temp) / "cache")
        folder, outs = (
            Path(temp) / "positions",
            {name: Path(temp) / name for name in ("plain", "jobs1", "jobs2")},
        )
        folder.mkdir()
        make_records(folder, args.records)
        records = record_files([folder])
        subset = records[: args.plain]
        times: dict[str, list[float]] = {name: [] for name in outs}
        cpu: dict[str, list[float]] = {name: [] for name in outs}
        machine: dict[str, list[list[int]]] = {name: [] for name in outs}
        load_before = os.getloadavg()[0]
        all_ticks, all_cpu = machine_ticks(), cpu_seconds()
        for _ in range(args.rounds):  # alternating, so that load on the machine hits each alike
            times["plain"].append(
                timed(
                    lambda: plain_loop(subset, template, outs["plain"]),
                    outs["plain"],
                    cpu["plain"],
                    machine["plain"],
                )
            )
            for jobs in (1, 2):
                name = f"jobs{jobs}"
                times[name].append(
                    timed(
                        lambda name=name, jobs=jobs: build_command(folder, outs[name], args.template, jobs),
                        outs[name],
                        cpu[name],
                        machine[name],
                    )
                )
        generate = [sys.executable, "-m", "pdbuilder", "generate", str(subset[0])]
        generate += ["--template", args.template, "-o", str(Path(temp) / "one.docx")]
        starts: dict[str, list[float]] = {"generate": [], "docxtpl": []}
        for _ in range(args.starts):
            starts["generate"].append(command_seconds(generate))
            starts["docxtpl"].append(command_seconds([sys.executable, "-c", "import docxtpl"]))
        all_ticks = [[after - was for after, was in zip(machine_ticks(), all_ticks, strict=True)]]
        all_cpu = cpu_seconds() - all_cpu

        rate = {
            name: (len(subset) if name == "plain" else len(records)) / statistics.median(spent)
            for name, spent in times.items()
        }
        start = {name: statistics.median(spent) for name, spent in starts.items()}
        print(
            f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {sys.version.split()[0]}; "
            f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
        )
        print(f"the machine's CPU time during the whole run: {machine_shares(all_ticks, all_cpu)}")
        print(f"template {args.template}, {len(records)} records, median of {args.rounds} rounds")
        print(f"plain docxtpl loop ({len(subset)} records): {rate['plain']:7.1f} docs/s")
        print(f"pdbuilder build --jobs 1:        {rate['jobs1']:7.1f} docs/s", end="  ")
        print(against(rate["jobs1"] / rate["plain"], ">=", 15, "x plain"))
        print(f"pdbuilder build --jobs 2:        {rate['jobs2']:7.1f} docs/s", end="  ")
        print(against(rate["jobs2"] / rate["jobs1"], ">=", 1.7, "x jobs 1 on 2 cores"))
        cpu1, cpu2 = statistics.median(cpu["jobs1"]), statistics.median(cpu["jobs2"])
        print(f"CPU seconds per build, all its processes: jobs 1 {cpu1:.1f}, jobs 2 {cpu2:.1f}")
        print(
            f"the machine's CPU time during the --jobs 2 runs: {machine_shares(machine['jobs2'], sum(cpu['jobs2']))}"
        )
        print(
            f"one generate, whole command: {start['generate'] * 1000:5.0f} ms; "
            f"python -c 'import docxtpl': {start['docxtpl'] * 1000:5.0f} ms (medians of {args.starts})",
            end="  ",
        )
        print(against(start["generate"] / start["docxtpl"], "<=", 1.4, "x importing docxtpl"))
        name = default_output(subset[0], args.template).name
        fast, plain = (
            (outs["jobs1"] / name).stat().st_size,
            (outs["plain"] / f"{subset[0].stem}.docx").stat().st_size,
        )
        print(f"one document: {fast} bytes built, {plain} bytes plain docxtpl", end="  ")
        print(against(fast / plain, "<=", 1.25, "x the plain loop's size"))


def against(ratio: float, sense: str, goal: float, what: str) -> str:
    met = ratio >= goal if sense == ">=" else ratio <= goal
    return f"{ratio:6.2f}{what} (goal {sense} {goal:g}: {'met' if met else 'NOT met'})"


def compile_pdbuilder() -> None:
    """pdbuilder's bytecode, as an installed package has it: else an editable install with
    PYTHONDONTWRITEBYTECODE set compiles the sources in every process timed."""
    compileall.compile_dir(Path(load_catalog.__code__.co_filename).parent, quiet=1)


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return "CPU model unknown"
    return next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
        "CPU model unknown",
    )


if __name__ == "__main__":
    main()
