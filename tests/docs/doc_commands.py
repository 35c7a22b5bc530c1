#!/usr/bin/env python3
"""Run every command that README.md (or a docs page) shows, as a reader would, in order.

What is run: the lines of each ```sh, ```bash or ```console block (in a console block, only
the lines that start with "$ "). A ```yaml (or ```csv) block whose first line is a comment
naming a file (`# tiny.yaml: ...`) is written to that file first, so that the commands after
it can use it. The blocks under one `## ` heading share a scratch folder and one shell (a
tour is one folder, so `cd` and files carry over); each heading starts afresh.

How a command is checked: it must exit 0, or the status its line states in a trailing
comment (`aicn check run-c --baseline baseline.json   # exits 3`). A failure names the
file and line of the command, its exit status and the end of its output.

What is not run:
- the README's quick-start block (it installs packages and builds everything); instead its
  two commands must be exactly `bash .ci/quickstart.sh run` and `bash .ci/quickstart.sh test`,
  .ci/run must call the second, and quickstart.sh must accept both; and the quick start's
  last step, `aicn run --force` of the built-in national default, is run here;
- in a docs page (never in README.md), a block whose first line starts with `# not run`
  (followed by the reason, e.g. it builds, installs, or runs for minutes).

`aicn` (and `./build/aicn`, `build/aicn`) is the binary given by --aicn, put first on PATH.
The scratch folder mirrors the source tree through symbolic links (sim/, topology/, tests/,
...), except results/, which is a real folder whose entries link to the source's, so that
`results/runs/` and `results/compare/` are written in the scratch folder, never in the tree.
"""
import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

COMMAND_FENCES = {"sh", "bash", "console"}
FILE_FENCES = {"yaml", "yml", "csv"}
FILE_NAME = re.compile(r"^#\s*([A-Za-z0-9_./-]+\.(?:ya?ml|csv))\b")
EXPECTED_EXIT = re.compile(r"#.*\bexits\s+(\d+)\b")
QUICK_START = ["bash .ci/quickstart.sh run", "bash .ci/quickstart.sh test"]
BINARY = re.compile(r"(?<![\w/.-])(?:\./)?build/aicn\b")


class Block:
    def __init__(self, fence, first_line, lines, group):
        self.fence = fence            # sh, bash, console, yaml, ...
        self.first_line = first_line  # line number of the first line inside the fence
        self.lines = lines
        self.group = group            # the `## ` heading it sits under


def read_blocks(path):
    """Fenced blocks of a markdown file, each with its line numbers and its `## ` heading."""
    blocks, group = [], "(top)"
    fence, start, lines = None, 0, []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if fence is None:
                match = re.match(r"^```\s*([A-Za-z0-9_-]*)", line)
                if match:
                    fence, start, lines = match.group(1).lower(), number + 1, []
                elif line.startswith("## "):
                    group = line[3:].strip()
            elif line.startswith("```"):
                blocks.append(Block(fence, start, lines, group))
                fence = None
            else:
                lines.append(line)
    if fence is not None:
        raise SystemExit(f"{path}:{start - 1}: a code block is not closed")
    return blocks


def quotes_closed(text):
    """Whether a command's quotes are balanced (a quoted argument may span lines)."""
    try:
        shlex.split(text, comments=True)
        return True
    except ValueError:
        return False


def commands_of(block):
    """(line number, command text) for each command of a command block; continuations joined."""
    commands, current, first = [], [], 0
    for offset, line in enumerate(block.lines):
        number = block.first_line + offset
        if block.fence == "console":
            if not current:
                if not line.startswith("$ "):
                    continue  # output shown in the page
                line = line[2:]
        if not current:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            first = number
        current.append(line)
        if line.endswith("\\") or not quotes_closed("\n".join(current)):
            continue
        commands.append((first, "\n".join(current)))
        current = []
    if current:
        commands.append((first, "\n".join(current)))
    return commands


def is_not_run(block):
    return bool(block.lines) and block.lines[0].lstrip().startswith("# not run")


def check_quick_start(readme, blocks, source):
    """The quick-start block (the first command block under `## Quick start`) holds exactly
    the two commands, and they are the ones CI uses. Returns (errors, the block or None)."""
    quick = [b for b in blocks if b.fence in COMMAND_FENCES and b.group.lower().startswith("quick start")]
    if not quick:
        return [f"{readme}: no command block under '## Quick start'"], None
    errors = []
    found = [text for _, text in commands_of(quick[0])]
    if found != QUICK_START:
        errors.append(f"{readme}:{quick[0].first_line}: the quick start must be exactly {QUICK_START}, found {found}")
    with open(os.path.join(source, ".ci", "run"), encoding="utf-8") as handle:
        ci = handle.read()
    if not re.search(r"^bash \.ci/quickstart\.sh test\b", ci, re.M):
        errors.append(".ci/run: does not call `bash .ci/quickstart.sh test`, the README's second command")
    with open(os.path.join(source, ".ci", "quickstart.sh"), encoding="utf-8") as handle:
        script = handle.read()
    if not re.search(r"^\s*run \| test\)", script, re.M):
        errors.append(".ci/quickstart.sh: no longer accepts `run | test`, the README's two commands")
    if not re.search(r'exec "\$build_dir/aicn" run --force', script):
        errors.append(".ci/quickstart.sh: its `run` step is no longer `aicn run --force` (checked below)")
    return errors, quick[0]


def scratch_folder(source, parent, name):
    """A folder that looks like the source tree, but whose results/ is its own."""
    folder = os.path.join(parent, re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "group")
    os.makedirs(folder)
    for entry in os.listdir(source):
        if entry in {"results", ".git"} or entry.startswith("build"):
            continue
        os.symlink(os.path.join(source, entry), os.path.join(folder, entry))
    os.makedirs(os.path.join(folder, "results"))
    for entry in os.listdir(os.path.join(source, "results")):
        if entry not in {"runs", "compare", "sweeps"}:
            os.symlink(os.path.join(source, "results", entry), os.path.join(folder, "results", entry))
    return folder


def script_for(commands, status_file, output_file, times_file):
    """One bash script for a group: each command in the current shell, its status checked."""
    parts = ["set -u", "__status=0"]
    for index, (number, text, expected) in enumerate(commands):
        parts.append(f"echo {index} > {shlex.quote(status_file)}; __start=$(date +%s%N)")
        parts.append(f"{{ {text}\n}} > {shlex.quote(output_file)}.{index} 2>&1 < /dev/null && __status=0 || __status=$?")
        parts.append(f'echo "{index} $(( ($(date +%s%N) - __start) / 1000000 ))" >> {shlex.quote(times_file)}')
        parts.append(f'if [ "$__status" != {expected} ]; then echo "{index} $__status" > {shlex.quote(status_file)}; exit 90; fi')
    parts.append(f"echo done > {shlex.quote(status_file)}")
    return "\n".join(parts) + "\n"


def tail(path, lines=25):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return "(no output)\n"


def run_group(label, commands, folder, env, timeout):
    """Runs a group's commands; returns a list of error messages (empty when all passed)."""
    for path, number, text, _ in commands:
        if ".ci/quickstart.sh" in text or ".ci/run" in text:
            return [f"{path}:{number}: `{text}` installs and builds; only the quick-start block may show it"]
    status_file = os.path.join(folder, ".doc-status")
    output_file = os.path.join(folder, ".doc-output")
    times_file = os.path.join(folder, ".doc-times")
    script = script_for([(n, t, e) for (_, n, t, e) in commands], status_file, output_file, times_file)
    started = time.monotonic()
    # Its own session, so that a command that outlives the timeout goes with its children.
    shell = subprocess.Popen(["bash", "-c", script], cwd=folder, env=env, start_new_session=True)
    try:
        shell.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(shell.pid, signal.SIGKILL)
        shell.wait()
        index = open(status_file).read().split()[0] if os.path.exists(status_file) else "0"
        path, number, text, _ = commands[int(index)]
        return [f"{path}:{number}: `{text}` did not finish within the {timeout:g} s given to '{label}'"]
    elapsed = time.monotonic() - started
    state = open(status_file).read().split() if os.path.exists(status_file) else ["?"]
    if state == ["done"]:
        slow = []
        if os.path.exists(times_file):
            for line in open(times_file):
                index, ms = (int(x) for x in line.split())
                if ms >= 1000:
                    slow.append(f"line {commands[index][1]} {ms / 1000:.1f} s")
        print(f"ok   {label}: {len(commands)} steps in {elapsed:.1f} s" + (f" ({', '.join(slow)})" if slow else ""))
        return []
    if len(state) == 2:
        index, status = int(state[0]), state[1]
        path, number, text, expected = commands[index]
        return [f"{path}:{number}: `{text}` exited {status}, expected {expected}\n"
                f"--- its output (last lines):\n{tail(output_file + '.' + str(index))}"]
    return [f"{label}: the shell stopped before its commands finished (state {state})"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aicn", required=True, help="the built aicn binary")
    parser.add_argument("--source", required=True, help="the source tree (README.md, docs/, .ci/)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a group may take")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folders")
    parser.add_argument("pages", nargs="+", help="markdown files, relative to --source")
    args = parser.parse_args()
    source = os.path.abspath(args.source)

    work = tempfile.mkdtemp(prefix="aicn-doc-commands-")
    binary_dir = os.path.join(work, "bin")
    os.makedirs(binary_dir)
    os.symlink(os.path.abspath(args.aicn), os.path.join(binary_dir, "aicn"))
    env = dict(os.environ, PATH=binary_dir + os.pathsep + os.environ.get("PATH", ""))
    env.pop("AICN_BUILD_DIR", None)

    errors, total_commands, started = [], 0, time.monotonic()
    for page in args.pages:
        path = os.path.join(source, page)
        blocks = read_blocks(path)
        is_readme = os.path.basename(page) == "README.md" and os.path.dirname(page) == ""
        quick_block = None
        if is_readme:
            quick_errors, quick_block = check_quick_start(page, blocks, source)
            errors += quick_errors
            if quick_block is not None:
                # The quick start's last step: `aicn run --force` of the built-in default.
                folder = scratch_folder(source, work, "quick-start")
                errors += run_group(f"{page} quick start (aicn run --force)",
                                    [(page, quick_block.first_line, "aicn run --force", 0),
                                     (page, quick_block.first_line,
                                      "test -s results/runs/national-default-local-first-seed1/summary.json", 0)],
                                    folder, env, args.timeout)
                total_commands += 1
        groups = {}
        for block in blocks:
            if block is quick_block:
                continue
            if is_not_run(block):
                if is_readme:
                    errors.append(f"{page}:{block.first_line}: README.md shows a command block marked `# not run`; every README command must run")
                continue
            groups.setdefault(block.group, []).append(block)
        for group, group_blocks in groups.items():
            commands, files = [], []
            for block in group_blocks:
                if block.fence in COMMAND_FENCES:
                    for number, text in commands_of(block):
                        match = EXPECTED_EXIT.search(text.splitlines()[-1])
                        expected = int(match.group(1)) if match else 0
                        commands.append((page, number, BINARY.sub("aicn", text), expected))
                elif block.fence in FILE_FENCES and block.lines:
                    match = FILE_NAME.match(block.lines[0])
                    if match:
                        body = "\n".join(block.lines) + "\n"
                        name = match.group(1)
                        # Written when its place in the page is reached, like a reader would.
                        commands.append((page, block.first_line,
                                         f"mkdir -p \"$(dirname {shlex.quote(name)})\" && printf '%s' {shlex.quote(body)} > {shlex.quote(name)}", 0))
            real = [c for c in commands if not c[2].startswith("mkdir -p \"$(dirname")]
            if not real:
                continue
            total_commands += len(real)
            folder = scratch_folder(source, work, f"{os.path.basename(page)}-{group}")
            errors += run_group(f"{page} / {group}", commands, folder, env, args.timeout)

    elapsed = time.monotonic() - started
    print(f"{total_commands} commands in {elapsed:.1f} s")
    if args.keep:
        print(f"scratch folders kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    for error in errors:
        print(f"FAIL {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
