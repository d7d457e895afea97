#!/usr/bin/env python3
"""locus-bench.py — the locus-pipeline benchmark suite and CI regression gate.

Modes
  full    1,000 and 10,000 files (100,000 with --huge), at -j1 and -j2: check,
          parse throughput, cold build against its write floor, no-op and
          one-file-edit rebuilds, 1->2 jobs scaling of the cold build's compute.
          Prints a table with the targets and writes a JSON report.
  quick   the regression gate: a 1,000-file project at -j1, figures normalised
          by a calibration workload measured in the same run and compared,
          as ratios, with a baseline (--baseline); more than --threshold worse
          on any figure exits 1. --write-baseline FILE records a new baseline.
  table REPORT.json
          print a report's figures as a Markdown table (docs/performance.md).

Every scenario that cannot run (a plugin missing, a stage failing, a helper
program not built) is reported as "unavailable: <why>"; the suite never stops
on one. When `locus-pipeline build` is unavailable, the build scenarios also
run the largest subset of the standard pipeline that works, through
`locus-pipeline run -c` (figures labelled "partial"; the gate never compares
a partial figure with a figure of another pipeline).

"Cold" means an empty locus cache (fresh LOCUS_CACHE_DIR) and no out dir; the
OS page cache cannot be dropped here. See docs/performance.md.

Usually run through make: make bench, make bench-quick, make bench-baseline.
"""
import argparse
import configparser
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SRCDIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT_VERSION = 1
SEED = 1
TINY_FILES = 40          # the trial project that picks a partial pipeline
CALIB_FILES = (2000, 2048)  # the file-write calibration: 2,000 files of 2 KiB
# A time figure fails the gate only when it is also this many seconds worse:
# a process's CPU time is accounted in scheduler ticks and start-up varies,
# so a 90 ms figure moved by 28% (25 ms) between identical runs here, and
# by 50 ms when another build shared the machine.
MIN_ABS_S = 0.05
QUIET = 1.25             # calibration wall/CPU above this: the machine is busy
RUN_TIMEOUT_S = 1800     # one child process; past it the run is killed
MB = 1e6

# Targets on the project's 2-core reference machine: (figure suffix, sizes,
# jobs, comparison, limit). Jobs None = any. Sizes None = any.
TARGETS = [
    ("parse.mb_s", None, None, ">=", 150.0),
    ("check.wall_s", (10000,), (2,), "<=", 1.0),
    ("check.rss_mb", (10000,), (2,), "<=", 150.0),
    ("build_cold.floor_ratio", (10000, 100000), (2,), "<=", 1.5),
    ("build_cold.user_s", (10000,), (2,), "<=", 1.5),
    ("build_cold.rss_mb", (10000,), (2,), "<=", 250.0),
    ("build_cold.rss_mb", (100000,), (2,), "<=", 1000.0),
    ("build_cold.user_per_file_vs_1k", (100000,), (2,), "<=", 1.5),
    ("noop.wall_s", (10000,), (2,), "<=", 0.100),
    ("edit_entity.wall_s", (10000,), (2,), "<=", 0.200),
    ("edit_page.wall_s", (10000,), (2,), "<=", 0.200),
    ("scaling.compute_x", (10000,), None, ">=", 1.6),
]


class Unavailable(Exception):
    """A scenario that cannot be measured now; the message says why."""


# ---------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------
class Measured:
    """One child run: wall, user and sys CPU seconds, peak RSS (KiB), exit code."""

    def __init__(self, wall, user, sys_, rss_kb, rc, stdout, stderr):
        self.wall, self.user, self.sys, self.rss_kb = wall, user, sys_, rss_kb
        self.rc, self.stdout, self.stderr = rc, stdout, stderr


def settle_filesystem():
    """Flushes what earlier steps left to the kernel before a timed run.
    The root file system here is ext4 mounted with `discard`: the deletes of
    a previous step (rmtree of a build tree, or the test suite before the
    bench) are trimmed at the next journal commit, which then stalls the
    file creations of whatever is being timed by up to 15x. sync() makes
    that commit happen now, outside the timed window."""
    os.sync()


def run_measured(argv, env=None, capture_stdout=False, timeout=RUN_TIMEOUT_S):
    """Runs argv, measuring it with os.wait4 (rusage of that child only)."""
    settle_filesystem()
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                    stdout=out if capture_stdout else subprocess.DEVNULL,
                                    stderr=err, env=env)
        except OSError as e:
            raise Unavailable(f"cannot start {os.path.basename(argv[0])}: {e.strerror}")
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, proc.returncode,
                        out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"))


def why_failed(m, what):
    """A one-line reason from a failed run's stderr."""
    lines = [ln.strip() for ln in m.stderr.splitlines() if ln.strip()]
    picked = next((ln for ln in lines if "error" in ln.lower()), lines[0] if lines else "")
    if m.rc < 0:
        picked = f"killed by signal {-m.rc} " + picked
    picked = re.sub(r"\s+", " ", picked)[:300]
    return f"{what} exited {m.rc}: {picked or '(no message)'}"


def rmtree(path):
    shutil.rmtree(path, ignore_errors=True)


def tree_files(root):
    """(relative path, size) of every regular file under root, sorted."""
    found = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            full = os.path.join(dirpath, name)
            if os.path.isfile(full) and not os.path.islink(full):
                found.append((os.path.relpath(full, root), os.path.getsize(full)))
    found.sort()
    return found


# ---------------------------------------------------------------------------
# Tools: the build tree's programs and the corpus generator
# ---------------------------------------------------------------------------
class Tools:
    def __init__(self, builddir, work, gen_corpus, plugin_path=None):
        self.builddir = os.path.abspath(builddir)
        self.work = os.path.abspath(work)
        self.exe = os.path.join(self.builddir, "locus-pipeline")
        self.plugin_dir = plugin_path or os.path.join(self.builddir, "plugins", ".libs")
        self.gen_corpus = gen_corpus
        self.scratch = os.path.join(self.work, "scratch")

    def prog(self, name):
        path = os.path.join(self.builddir, "bench", name)
        if not os.access(path, os.X_OK):
            raise Unavailable(f"{path} not built (make {'bench/' + name})")
        return path

    def env(self, cache_dir):
        env = dict(os.environ)
        env["LOCUS_PLUGIN_PATH"] = self.plugin_dir
        env["LOCUS_CACHE_DIR"] = cache_dir
        return env

    def require_exe(self):
        if not os.access(self.exe, os.X_OK):
            raise Unavailable(f"{self.exe} not built (make)")

    def fresh_dir(self, name):
        path = os.path.join(self.scratch, name)
        rmtree(path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path


def find_gen_corpus(explicit):
    candidates = [explicit] if explicit else [
        os.path.join(os.path.dirname(SRCDIR), "shared", "tools", "gen-corpus.py"),
        "/work/shared/tools/gen-corpus.py"]
    return next((c for c in candidates if c and os.path.isfile(c)), None)


# ---------------------------------------------------------------------------
# Corpora (generated once per (files, seed, generator version), kept in work/)
# ---------------------------------------------------------------------------
class Corpus:
    def __init__(self, tools, files, seed):
        if not tools.gen_corpus:
            raise Unavailable("gen-corpus.py not found (pass --gen-corpus)")
        with open(tools.gen_corpus, "rb") as f:
            gen_hash = hashlib.sha256(f.read()).hexdigest()[:10]
        self.tools, self.files = tools, files
        self.dir = os.path.join(tools.work, "corpus", f"n{files}-s{seed}-{gen_hash}")
        self.dirty_marker = self.dir + ".dirty"
        self.seed = seed
        self.bytes = 0

    def ensure(self):
        """Generates the project unless an intact copy exists."""
        done = self.dir + ".done"
        if os.path.exists(done) and not os.path.exists(self.dirty_marker):
            self.bytes = int(open(done).read().strip() or 0)
            return
        rmtree(self.dir)
        for stale in (done, self.dirty_marker):
            if os.path.exists(stale):
                os.remove(stale)
        os.makedirs(os.path.dirname(self.dir), exist_ok=True)
        m = run_measured([sys.executable, self.tools.gen_corpus, "--files", str(self.files),
                          "--seed", str(self.seed), "--out", self.dir], capture_stdout=True)
        if m.rc != 0:
            raise Unavailable(why_failed(m, "gen-corpus.py"))
        self.bytes = sum(size for _, size in tree_files(self.dir))
        with open(done, "w") as f:
            f.write(f"{self.bytes}\n")

    def touch(self, k, kind):
        """One-line semantic edit (gen-corpus.py --touch); not timed."""
        with open(self.dirty_marker, "a") as f:
            f.write(f"{kind} {k}\n")
        m = run_measured([sys.executable, self.tools.gen_corpus, "--touch", str(k),
                          "--touch-kind", kind, "--out", self.dir], capture_stdout=True)
        if m.rc != 0:
            raise Unavailable(why_failed(m, "gen-corpus.py --touch"))

    def restore(self):
        """Undoes every touch (each toggles), so the project is pristine again."""
        if not os.path.exists(self.dirty_marker):
            return
        with open(self.dirty_marker) as f:
            pending = [ln.split() for ln in f if ln.strip()]
        for kind, k in reversed(pending):
            m = run_measured([sys.executable, self.tools.gen_corpus, "--touch", k,
                              "--touch-kind", kind, "--out", self.dir], capture_stdout=True)
            if m.rc != 0:
                return  # left dirty: regenerated next time
        os.remove(self.dirty_marker)


# ---------------------------------------------------------------------------
# Pipelines: `build`, or the largest working part of default.ini through `run`
# ---------------------------------------------------------------------------
class Pipeline:
    """How to run a build: the real `build` command, or `run -c` on a subset."""

    def __init__(self, tools, ini=None, ini_no_out=None, label="build", missing=()):
        self.tools, self.ini, self.ini_no_out = tools, ini, ini_no_out
        self.label, self.missing = label, list(missing)

    @property
    def is_full(self):
        return self.ini is None

    def build_argv(self, src, out, jobs):
        if self.is_full:
            return [self.tools.exe, "build", "--src", src, "--out", out, "-j", str(jobs)]
        return [self.tools.exe, "run", "-c", self.ini, "--src", src, "--out", out,
                "-j", str(jobs), "-q"]

    def compute_argv(self, src, jobs):
        """Everything but the output writes (build --dry-run; run without out)."""
        if self.is_full:
            return [self.tools.exe, "build", "--src", src, "--dry-run", "-j", str(jobs)]
        return [self.tools.exe, "run", "-c", self.ini_no_out, "--src", src,
                "-j", str(jobs), "-q"]


def read_default_ini():
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";",),
                                       comment_prefixes=(";",), strict=False)
    parser.optionxform = str
    parser.read(os.path.join(SRCDIR, "config", "default.ini"))
    return parser


def ini_text(parser, sections, with_out):
    """An ini with [pipeline] (minus out= unless with_out), the sources and sections."""
    lines = []
    for name in parser.sections():
        if name == "pipeline" or name.startswith("source "):
            lines.append(f"[{name}]")
            for key, value in parser[name].items():
                if key != "out" or with_out:
                    lines.append(f"{key} = {value}")
    for header, body in sections:
        lines.append(f"[{header}]")
        lines.extend(f"{k} = {v}" for k, v in body)
    return "\n".join(lines) + "\n"


def plugin_stages(tools, plugin):
    """Stage names of a plugin, from `plugins info`; [] when it cannot be loaded."""
    m = run_measured([tools.exe, "plugins", "info", plugin], env=tools.env(tools.scratch),
                     capture_stdout=True, timeout=60)
    if m.rc != 0:
        return []
    return re.findall(r"^\s+stage (\S+) ", m.stdout, re.M)


def graph_ok(tools, parser, sections, path):
    with open(path, "w") as f:
        f.write(ini_text(parser, sections, with_out=True))
    m = run_measured([tools.exe, "plugins", "list", "-c", path], env=tools.env(tools.scratch),
                     timeout=60)
    return m.rc == 0


def greedy_sections(tools, parser, excluded, path):
    """Front-end stages, then each generator plugin whole, or else those of its
    stages that keep the graph valid. Returns (sections, what was left out)."""
    front = [(s, list(parser[s].items())) for s in parser.sections() if s.startswith("stage ")]
    if not graph_ok(tools, parser, front, path):
        raise Unavailable("the front end (parse, merge, validate) does not load")
    chosen, missing = list(front), []
    for section in (s for s in parser.sections() if s.startswith("plugin ")):
        plugin = section.split(None, 1)[1]
        stages = plugin_stages(tools, plugin)
        if not stages:
            missing.append(f"{plugin} (not loadable)")
            continue
        if not excluded & set(stages) and graph_ok(tools, parser, chosen + [(section, [])], path):
            chosen.append((section, []))
            continue
        for stage in stages:
            trial = chosen + [(f"stage {stage}", [("plugin", plugin)])]
            if stage not in excluded and graph_ok(tools, parser, trial, path):
                chosen = trial
            else:
                missing.append(f"{plugin}:{stage}")
    with open(path, "w") as f:
        f.write(ini_text(parser, chosen, with_out=True))
    return chosen, missing


def failed_stages(metrics_path):
    try:
        with open(metrics_path) as f:
            return {s["name"] for s in json.load(f).get("stages", []) if s.get("state") == "failed"}
    except (OSError, ValueError):
        return set()


def try_full_build(tools, tiny):
    """None when `build` works on the trial project, else the reason."""
    cache, out = tools.fresh_dir("trial-cache"), tools.fresh_dir("trial-out")
    m = run_measured(Pipeline(tools).build_argv(tiny.dir, out, 2), env=tools.env(cache))
    rmtree(cache)
    rmtree(out)
    return None if m.rc == 0 else why_failed(m, "build")


def choose_pipeline(tools, tiny):
    """The `build` command if it works, else a partial pipeline through `run`."""
    reason = try_full_build(tools, tiny)
    if reason is None:
        return Pipeline(tools), None
    parser = read_default_ini()
    os.makedirs(tools.work, exist_ok=True)
    ini = os.path.join(tools.work, "partial.ini")
    excluded = set()
    for _ in range(6):
        try:
            sections, missing = greedy_sections(tools, parser, excluded, ini)
        except Unavailable as e:
            raise Unavailable(f"{reason}; partial pipeline: {e}")
        cache, out = tools.fresh_dir("trial-cache"), tools.fresh_dir("trial-out")
        metrics = os.path.join(tools.scratch, "trial-metrics.json")
        m = run_measured([tools.exe, "run", "-c", ini, "--src", tiny.dir, "--out", out, "-q",
                          "--metrics", metrics], env=tools.env(cache))
        rmtree(cache)
        rmtree(out)
        if m.rc == 0:
            ini_no_out = os.path.join(tools.work, "partial-noout.ini")
            with open(ini_no_out, "w") as f:
                f.write(ini_text(parser, sections, with_out=False))
            label = "partial (run -c; without " + ", ".join(missing) + ")"
            return Pipeline(tools, ini, ini_no_out, label, missing), reason
        failed = failed_stages(metrics)
        if not failed or failed & {"parse", "merge", "validate"}:
            raise Unavailable(f"{reason}; partial pipeline: {why_failed(m, 'run')}")
        excluded |= failed
    raise Unavailable(f"{reason}; no partial pipeline runs")


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------
class Figure:
    """One reported figure: samples per round, aggregated to one value.

    norm: how the gate normalises it: "cpu_wall" divides by the calibration
    loop's wall time, "cpu_cpu" by its CPU time, "files" and "files_sys" by the
    file-write calibration's wall and system CPU time, "none" compares raw
    values (ratios already, or memory)."""

    def __init__(self, fid, unit, better="lower", norm="cpu_wall", agg="min", variant=None):
        self.id, self.unit, self.better, self.norm = fid, unit, better, norm
        self.agg, self.variant = agg, variant
        self.samples = []        # (raw value, the run's Calibration)
        self.nearest = []        # per sample: how many calibration samples of each kind preceded it
        self.unavailable = None
        self.note = None

    def add(self, value, calib):
        self.samples.append((value, calib))
        self.nearest.append(calib.counts())

    def _pick(self, values):
        if self.agg == "median":
            return statistics.median(values)
        return max(values) if self.better == "higher" else min(values)

    @property
    def value(self):
        return self._pick([v for v, _ in self.samples]) if self.samples else None

    def ratios(self):
        """Each sample divided by its neighbouring calibration (see
        normalised), or None without calibration."""
        ratios = []
        for (value, calib), before in zip(self.samples, self.nearest):
            scale = 1.0 if self.norm == "none" else calib.around(self.norm, before)
            scale = scale or calib.scale(self.norm)
            if not scale:
                return None
            ratios.append(value * scale if self.better == "higher" else value / scale)
        return ratios

    @property
    def typical(self):
        """The median of the normalised samples: what a baseline records, so
        that the gate (best of this run's samples) is not failed by noise
        in either direction: a baseline of best-ever samples made identical
        code fail by 28% here."""
        ratios = self.ratios() if self.samples else None
        return statistics.median(ratios) if ratios else None

    @property
    def normalised(self):
        """The value in calibration units: each sample divided by the
        calibration sample taken just before it (so a busy spell slows
        both), then the best of those ratios. Falls back to the run's best
        calibration for samples without a neighbour."""
        ratios = self.ratios() if self.samples else None
        if not ratios:
            return None
        if self.agg == "median":
            return statistics.median(ratios)
        return max(ratios) if self.better == "higher" else min(ratios)

    def to_json(self):
        if self.unavailable:
            return {"unavailable": self.unavailable, "unit": self.unit}
        d = {"value": self.value, "unit": self.unit, "better": self.better, "norm": self.norm,
             "normalised": self.normalised, "samples": [v for v, _ in self.samples]}
        if self.variant:
            d["variant"] = self.variant
        if self.note:
            d["note"] = self.note
        return d


class Figures:
    def __init__(self):
        self.by_id = {}
        self.stages = {}  # scenario -> the pipeline's per-stage metrics of its last run

    def run_with_metrics(self, tools, key, argv, env):
        """Runs a locus-pipeline command with --metrics; keeps its stage table."""
        path = os.path.join(tools.scratch, "metrics.json")
        if os.path.exists(path):
            os.remove(path)
        m = run_measured(argv + ["--metrics", path], env=env)
        try:
            with open(path) as f:
                metrics = json.load(f)
        except (OSError, ValueError):
            return m
        keep = ("name", "tasks", "cache_misses", "wall_ms", "cpu_ms", "bytes_in", "bytes_out")
        self.stages[key] = {
            "process_cpu_ms": metrics.get("cpu_ms"), "wall_ms": metrics.get("wall_ms"),
            "outputs": metrics.get("outputs"), "sources": metrics.get("sources"),
            "stages": [{k: st.get(k) for k in keep} for st in metrics.get("stages", [])]}
        return m

    def get(self, fid, unit, **kw):
        if fid not in self.by_id:
            self.by_id[fid] = Figure(fid, unit, **kw)
        return self.by_id[fid]

    def unavailable(self, fids_units, reason):
        for fid, unit in fids_units:
            fig = self.get(fid, unit)
            if not fig.samples:
                fig.unavailable = reason


# ---------------------------------------------------------------------------
# Scenarios (one sample each; a round runs them all once)
# ---------------------------------------------------------------------------
class Calibration:
    """Samples of the calibration workload taken all through the run (the CPU
    loop before every measured run, the file loop once a round). A figure's
    sample is divided by the calibration sample taken just before it, and
    the best of those ratios is the normalised figure: on a shared VM the
    load changes within a run (the loop measured from 1x to 2x its best,
    wall = CPU), and a busy spell slows the figure and its neighbouring
    calibration alike. The run's best sample is the fallback."""

    KEYS = {"cpu_wall": "cpu_wall_s", "cpu_cpu": "cpu_cpu_s", "files": "files_wall_s",
            "files_sys": "files_sys_s"}

    def __init__(self):
        self.samples = {k: [] for k in self.KEYS.values()}

    def add(self, **values):
        for key, value in values.items():
            self.samples[key].append(value)

    def counts(self):
        """How many samples of each kind there are so far (key -> count)."""
        return {k: len(v) for k, v in self.samples.items()}

    def around(self, norm, counts):
        """The faster of the samples taken just before and just after a
        figure's sample (counts: what counts() said when it was added).
        One calibration loop that caught a burst of stolen CPU made its
        neighbour read 2.6x better than the same code in the baseline; the
        loop after it is as close in time and seldom hit too."""
        key = self.KEYS[norm]
        values, n = self.samples[key], counts.get(key, 0)
        near = values[max(n - 1, 0):n + 1]
        return min(near) if near else None

    def scale(self, norm):
        if norm == "none":
            return 1.0
        values = self.samples[self.KEYS[norm]]
        return min(values) if values else None

    def busy_factor(self):
        """Median wall/CPU time of the CPU loop: 1.0 on an idle machine, 2.0
        when it got half a core. None without calibration."""
        walls, cpus = self.samples["cpu_wall_s"], self.samples["cpu_cpu_s"]
        ratios = [w / c for w, c in zip(walls, cpus) if c > 0]
        return statistics.median(ratios) if ratios else None

    def to_json(self):
        return {"best": {k: self.scale(n) for n, k in self.KEYS.items()},
                "busy_factor": self.busy_factor(), "samples": self.samples}


def calibrate(tools, cal):
    """Once a round: two CPU-loop samples and the small-file write loop."""
    tools.prog("bench-calib")
    recal(tools, cal)
    recal(tools, cal)
    target = tools.fresh_dir("calib-files")
    n, size = CALIB_FILES
    m = run_measured([tools.prog("bench-write"), "--synthetic", str(n), str(size), target],
                     capture_stdout=True)
    rmtree(target)
    if m.rc != 0:
        raise Unavailable(why_failed(m, "bench-write --synthetic"))
    files = json.loads(m.stdout)
    cal.add(files_wall_s=files["wall_s"], files_sys_s=files["sys_s"])


def recal(tools, cal):
    """One CPU-loop sample, taken just before a measured run. Returns cal
    (without a new sample when bench-calib cannot run: calibrate says why)."""
    try:
        # The best of 3 short loops: a single one caught a burst of stolen
        # CPU often enough (up to 2x) to fail the gate on a good figure.
        m = run_measured([tools.prog("bench-calib"), "--reps", "3"], capture_stdout=True)
    except Unavailable:
        return cal
    if m.rc == 0:
        cpu = json.loads(m.stdout)
        cal.add(cpu_wall_s=cpu["best_wall_s"], cpu_cpu_s=cpu["best_cpu_s"])
    return cal


def measure_parse(tools, corpus, figs, prefix, calib, quick):
    # Many passes: the fastest one is the least disturbed by other processes.
    argv = [tools.prog("bench-parse"), "--passes", "20" if quick else "10", "--min-seconds",
            "0.5" if quick else "1", corpus.dir]
    calib = recal(tools, calib)
    m = run_measured(argv, capture_stdout=True)
    if m.rc != 0:
        raise Unavailable(why_failed(m, "bench-parse"))
    r = json.loads(m.stdout)
    # Per core: bytes over the parsing thread's CPU time (wall time as well).
    fig = figs.get(f"{prefix}.parse.mb_s", "MB/s", better="higher", norm="cpu_cpu")
    fig_wall = figs.get(f"{prefix}.parse.mb_s_wall", "MB/s", better="higher")
    fig.add(r["mb_per_s_cpu"], calib)
    fig_wall.add(r["mb_per_s"], calib)
    if r["parse_errors"]:
        fig.note = f"{r['parse_errors']} of {r['files']} files failed to parse"


def measure_parse_instructions(tools, corpus, figs, prefix, calib):
    """Instructions the parser executes per source byte, counted by callgrind
    (inside ll_parse_file only). The count is exact and repeats to the last
    digit on any load, so it is what the gate compares for the parser:
    parse.mb_s read 35% slower in one CI run (both rounds) on unchanged
    code while the calibration loop moved 15%."""
    valgrind = shutil.which("valgrind")
    if not valgrind:
        raise Unavailable("valgrind is not installed (scripts/install-deps.sh installs it)")
    argv = [os.path.join(tools.builddir, "libtool"), "--mode=execute", valgrind,
            "--tool=callgrind", "--toggle-collect=ll_parse_file",
            "--callgrind-out-file=/dev/null", tools.prog("bench-parse"), "--passes", "1",
            "--min-seconds", "0", corpus.dir]
    m = run_measured(argv, capture_stdout=True)
    if m.rc != 0:
        raise Unavailable(why_failed(m, "callgrind bench-parse"))
    counted = re.search(r"Collected\s*:\s*(\d+)", m.stderr)
    parsed = json.loads(m.stdout)
    if not counted or not parsed.get("bytes"):
        raise Unavailable("callgrind printed no instruction count")
    figs.get(f"{prefix}.parse.instr_per_byte", "instr/B", norm="none").add(
        int(counted.group(1)) / parsed["bytes"], calib)


def add_run(figs, prefix, m, calib, variant=None, rss=True):
    """Wall, user, sys, user+sys CPU and peak RSS of one run."""
    figs.get(f"{prefix}.wall_s", "s", variant=variant).add(m.wall, calib)
    figs.get(f"{prefix}.user_s", "s", norm="cpu_cpu", variant=variant).add(m.user, calib)
    figs.get(f"{prefix}.sys_s", "s", norm="files_sys", variant=variant).add(m.sys, calib)
    figs.get(f"{prefix}.cpu_s", "s", norm="cpu_cpu", variant=variant).add(m.user + m.sys, calib)
    if rss:
        figs.get(f"{prefix}.rss_mb", "MB", norm="none", agg="median",
                 variant=variant).add(m.rss_kb / 1024.0, calib)


def measure_check(tools, corpus, jobs, figs, prefix, calib):
    cache = tools.fresh_dir("check-cache")
    argv = [tools.exe, "check", "--src", corpus.dir, "-j", str(jobs)]
    try:
        c = recal(tools, calib)
        m = figs.run_with_metrics(tools, f"{prefix}.check", argv, tools.env(cache))
        if m.rc != 0:
            raise Unavailable(why_failed(m, "check"))
        add_run(figs, f"{prefix}.check", m, c)
        c = recal(tools, calib)
        m = figs.run_with_metrics(tools, f"{prefix}.check_warm", argv, tools.env(cache))
        if m.rc != 0:
            raise Unavailable(why_failed(m, "check (warm)"))
        add_run(figs, f"{prefix}.check_warm", m, c)
    finally:
        rmtree(cache)


def add_counts(figs, key, calib, variant):
    """Exact figures of one build, from its --metrics: the files it wrote and
    the tasks it ran (cache misses). They move only when the code does, so
    the gate compares them at any load: a build that rewrites unchanged
    files or reruns too much after an edit fails it."""
    st = figs.stages.get(key)
    if not st or not st.get("outputs"):
        return
    figs.get(f"{key}.files_written", "files", norm="none", variant=variant).add(
        st["outputs"].get("written", 0), calib)
    figs.get(f"{key}.tasks_run", "tasks", norm="none", variant=variant).add(
        sum(s.get("cache_misses") or 0 for s in st.get("stages", [])), calib)


def measure_floor(tools, out_dir, figs, prefix, calib, build, variant):
    """The write floor of this build's outputs, then the cold/floor ratio."""
    listing = os.path.join(tools.scratch, "floor-list.txt")
    files = tree_files(out_dir)
    with open(listing, "w") as f:
        f.writelines(f"{size} {path}\n" for path, size in files)
    target = tools.fresh_dir("floor")
    m = run_measured([tools.prog("bench-write"), "--list", listing, target], capture_stdout=True)
    rmtree(target)
    if m.rc != 0:
        raise Unavailable(why_failed(m, "bench-write"))
    r = json.loads(m.stdout)
    figs.get(f"{prefix}.floor.wall_s", "s", norm="files", variant=variant).add(r["wall_s"], calib)
    figs.get(f"{prefix}.floor.files", "files", norm="none", agg="median",
             variant=variant).add(r["files"], calib)
    figs.get(f"{prefix}.floor.mb", "MB", norm="none", agg="median",
             variant=variant).add(r["bytes"] / MB, calib)
    figs.get(f"{prefix}.build_cold.floor_ratio", "x", norm="none",
             variant=variant).add(build.wall / max(r["wall_s"], 1e-6), calib)
    # What the build costs beyond writing its outputs. The file system's
    # state adds about the same seconds to the build and to the floor (the
    # floor alone moved 0.1-1.9 s between rounds of one run), so this
    # difference holds still where the ratio does not: it is the gated one.
    figs.get(f"{prefix}.build_cold.above_floor_s", "s", norm="cpu_wall",
             variant=variant).add(max(build.wall - r["wall_s"], 0.0), calib)
    figs.get(f"{prefix}.build_cold.sys_floor_ratio", "x", norm="none",
             variant=variant).add(build.sys / max(r["sys_s"], 1e-3), calib)


def measure_builds(tools, corpus, jobs, pipe, figs, prefix, calib, opts):
    """Cold build (+ floor), no-op rebuilds and one-file edits on one state."""
    cache, out = tools.fresh_dir("build-cache"), tools.fresh_dir("build-out")
    env, variant = tools.env(cache), pipe.label
    argv = pipe.build_argv(corpus.dir, out, jobs)
    try:
        c = recal(tools, calib)
        m = figs.run_with_metrics(tools, f"{prefix}.build_cold", argv, env)
        if m.rc != 0:
            raise Unavailable(why_failed(m, pipe.label.split(" ")[0]))
        add_run(figs, f"{prefix}.build_cold", m, c, variant=variant)
        add_counts(figs, f"{prefix}.build_cold", c, variant)
        figs.get(f"{prefix}.build_cold.cpu_per_file_ms", "ms", norm="cpu_cpu",
                 variant=variant).add((m.user + m.sys) * 1000 / corpus.files, c)
        figs.get(f"{prefix}.build_cold.user_per_file_ms", "ms", norm="cpu_cpu",
                 variant=variant).add(m.user * 1000 / corpus.files, c)
        measure_floor(tools, out, figs, prefix, calib, m, variant)
        if not opts.cold_only:
            measure_rebuilds(tools, corpus, argv, env, figs, prefix, calib, variant, opts)
    finally:
        corpus.restore()
        rmtree(cache)
        rmtree(out)


def measure_rebuilds(tools, corpus, argv, env, figs, prefix, calib, variant, opts):
    for _ in range(opts.noop_reps):
        c = recal(tools, calib)
        m = figs.run_with_metrics(tools, f"{prefix}.noop", argv, env)
        if m.rc != 0:
            raise Unavailable(why_failed(m, "no-op rebuild"))
        add_run(figs, f"{prefix}.noop", m, c, variant=variant)
        add_counts(figs, f"{prefix}.noop", c, variant)
    for kind in ("entity", "page"):
        for k in range(1, opts.edit_reps + 1):
            corpus.touch(k, kind)
            c = recal(tools, calib)
            m = figs.run_with_metrics(tools, f"{prefix}.edit_{kind}", argv, env)
            if m.rc != 0:
                raise Unavailable(why_failed(m, f"{kind} edit rebuild"))
            add_run(figs, f"{prefix}.edit_{kind}", m, c, variant=variant)
            add_counts(figs, f"{prefix}.edit_{kind}", c, variant)


def measure_compute(tools, corpus, jobs, pipe, figs, prefix, calib):
    cache = tools.fresh_dir("compute-cache")
    try:
        m = figs.run_with_metrics(tools, f"{prefix}.compute", pipe.compute_argv(corpus.dir, jobs),
                                  tools.env(cache))
        if m.rc != 0:
            raise Unavailable(why_failed(m, "cold build without writes"))
        figs.get(f"{prefix}.compute.wall_s", "s", variant=pipe.label).add(m.wall, calib)
    finally:
        rmtree(cache)


BUILD_FIGURES = [("build_cold.wall_s", "s"), ("build_cold.user_s", "s"),
                 ("build_cold.rss_mb", "MB"), ("build_cold.floor_ratio", "x"),
                 ("build_cold.above_floor_s", "s"),
                 ("noop.wall_s", "s"), ("edit_entity.wall_s", "s"), ("edit_page.wall_s", "s")]


def guarded(figs, fids_units, fn, *args):
    """Runs one scenario; on Unavailable (or a bug) marks its figures."""
    try:
        fn(*args)
    except Unavailable as e:
        figs.unavailable(fids_units, str(e))
    except Exception as e:  # the suite reports, it never stops on one scenario
        figs.unavailable(fids_units, f"internal error: {type(e).__name__}: {e}")


def run_round(ctx, corpus, jobs, first_jobs, calib):
    """Every scenario once for one (size, jobs)."""
    figs, tools, opts = ctx.figs, ctx.tools, ctx.opts
    size_p, prefix = f"n{corpus.files}", f"n{corpus.files}.j{jobs}"
    if jobs == first_jobs and not opts.cold_only:
        guarded(figs, [(f"{size_p}.parse.mb_s", "MB/s")], measure_parse, tools, corpus, figs,
                size_p, calib, opts.mode == "quick")
        if f"{size_p}.parse.instr_per_byte" not in figs.by_id and corpus.files <= 1000:
            # Deterministic: once a run is enough (about 2 s at 1,000 files).
            guarded(figs, [(f"{size_p}.parse.instr_per_byte", "instr/B")],
                    measure_parse_instructions, tools, corpus, figs, size_p, calib)
    guarded(figs, [(f"{prefix}.check.wall_s", "s"), (f"{prefix}.check.rss_mb", "MB")],
            measure_check, tools, corpus, jobs, figs, prefix, calib)
    build_ids = [(f"{prefix}.{f}", u) for f, u in BUILD_FIGURES]
    if ctx.pipeline_error:
        figs.unavailable(build_ids, ctx.pipeline_error)
        return
    guarded(figs, build_ids, measure_builds, tools, corpus, jobs, ctx.pipeline, figs, prefix,
            calib, opts)
    if opts.mode == "full" and not opts.cold_only:
        guarded(figs, [(f"{prefix}.compute.wall_s", "s")], measure_compute, tools, corpus,
                jobs, ctx.pipeline, figs, prefix, calib)


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------
class Context:
    def __init__(self, tools, opts):
        self.tools, self.opts = tools, opts
        self.figs = Figures()
        self.cal = Calibration()
        self.pipeline, self.pipeline_error, self.build_reason = None, None, None
        self.notes = []


def machine_info():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")),
                         "")
    except OSError:
        pass
    return {"nproc": len(os.sched_getaffinity(0)), "cpu_model": model, "kernel": platform.release(),
            "python": platform.python_version(), "loadavg": list(os.getloadavg())}


def git_info():
    def git(*args):
        r = subprocess.run(["git", "-C", SRCDIR] + list(args), capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None
    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None
            else None}


def setup_pipeline(ctx):
    try:
        ctx.tools.require_exe()
        tiny = Corpus(ctx.tools, TINY_FILES, SEED)
        tiny.ensure()
        ctx.pipeline, ctx.build_reason = choose_pipeline(ctx.tools, tiny)
        if ctx.build_reason:
            ctx.notes.append(f"build unavailable: {ctx.build_reason}")
            ctx.notes.append(f"build figures measured on: {ctx.pipeline.label}")
    except Unavailable as e:
        ctx.pipeline_error = str(e)
        ctx.notes.append(f"build unavailable: {e}")


def round_calibration(ctx):
    try:
        calibrate(ctx.tools, ctx.cal)
    except Unavailable as e:
        ctx.notes.append(f"calibration unavailable: {e}")
    return ctx.cal


def run_size(ctx, files, reps, jobs_list, deadline=None):
    """All rounds for one project size. Returns the number of rounds run."""
    try:
        corpus = Corpus(ctx.tools, files, SEED)
        progress(f"corpus: {files} files")
        corpus.ensure()
    except Unavailable as e:
        ids = [(f"n{files}.j{j}.{f}", u) for j in jobs_list
               for f, u in BUILD_FIGURES + [("check.wall_s", "s")]]
        ctx.figs.unavailable(ids, str(e))
        return 0
    rounds, started = 0, time.monotonic()
    while rounds < reps:
        if deadline and rounds >= 1:
            per_round = (time.monotonic() - started) / rounds
            if time.monotonic() + per_round > deadline:
                break
        rounds += 1
        for jobs in jobs_list:
            progress(f"round {rounds}/{reps}: {files} files, -j{jobs}")
            run_round(ctx, corpus, jobs, jobs_list[0], round_calibration(ctx))
    return rounds


def derive(ctx, sizes, jobs_list):
    """Figures computed from others: compute scaling, per-file CPU vs 1,000 files."""
    figs = ctx.figs.by_id
    for n in sizes:
        a, b = figs.get(f"n{n}.j1.compute.wall_s"), figs.get(f"n{n}.j2.compute.wall_s")
        if a and b and a.value and b.value:
            fig = ctx.figs.get(f"n{n}.scaling.compute_x", "x", better="higher", norm="none",
                               variant=a.variant)
            fig.add(a.value / b.value, ctx.cal)
        elif 1 in jobs_list and 2 in jobs_list:
            fig = ctx.figs.get(f"n{n}.scaling.compute_x", "x")
            fig.unavailable = "needs the cold build's compute at -j1 and -j2"
    for j in jobs_list:
        base = figs.get(f"n1000.j{j}.build_cold.user_per_file_ms")
        for n in sizes:
            big = figs.get(f"n{n}.j{j}.build_cold.user_per_file_ms")
            if n != 1000 and base and big and base.value and big.value:
                ctx.figs.get(f"n{n}.j{j}.build_cold.user_per_file_vs_1k", "x", norm="none",
                             variant=big.variant).add(big.value / base.value, ctx.cal)


def progress(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Targets and the table
# ---------------------------------------------------------------------------
def target_for(fid):
    parts = fid.split(".")
    size = int(parts[0][1:]) if parts[0].startswith("n") else None
    jobs = int(parts[1][1:]) if len(parts) > 1 and re.fullmatch(r"j\d+", parts[1]) else None
    suffix = ".".join(parts[2:] if jobs is not None else parts[1:])
    for name, sizes, jobs_ok, op, limit in TARGETS:
        if name == suffix and (sizes is None or size in sizes) and \
                (jobs_ok is None or jobs in jobs_ok):
            return op, limit
    return None


def judge(fig):
    t = target_for(fig.id)
    if not t or fig.value is None:
        return None, ""
    op, limit = t
    ok = fig.value >= limit if op == ">=" else fig.value <= limit
    return ("ok" if ok else "MISS"), f"{op} {fmt(limit, fig.unit)}"


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "s":
        return f"{v * 1000:.0f} ms" if v < 10 else f"{v:.2f} s"
    if unit == "x":
        return f"{v:.2f}x"
    if unit in ("MB", "MB/s"):
        return f"{v:.1f} {unit}"
    if unit == "ms":
        return f"{v:.3f} ms"
    return f"{v:g} {unit}"


SHOWN = ["parse.mb_s", "parse.mb_s_wall", "parse.instr_per_byte", "check.wall_s", "check.user_s", "check.sys_s",
         "check.rss_mb", "check_warm.wall_s", "check_warm.cpu_s", "build_cold.wall_s",
         "build_cold.user_s", "build_cold.sys_s", "build_cold.rss_mb", "floor.wall_s",
         "floor.files", "build_cold.floor_ratio", "build_cold.sys_floor_ratio",
         "build_cold.above_floor_s", "build_cold.user_per_file_ms",
         "build_cold.user_per_file_vs_1k", "compute.wall_s", "scaling.compute_x",
         "noop.wall_s", "noop.user_s", "edit_entity.wall_s", "edit_entity.user_s",
         "edit_page.wall_s", "edit_page.user_s"]


def shown_order(fid):
    tail = re.sub(r"^n\d+\.(j\d+\.)?", "", fid)
    return SHOWN.index(tail) if tail in SHOWN else None


def print_table(ctx, out=sys.stdout):
    rows = []
    for fid, fig in ctx.figs.by_id.items():
        order = shown_order(fid)
        if order is None:
            continue
        size = int(fid.split(".")[0][1:])
        if fig.unavailable:
            rows.append((size, fid, order, "unavailable: " + fig.unavailable, "", ""))
            continue
        status, target = judge(fig)
        value = fmt(fig.value, fig.unit) + (" *" if fig.variant and "partial" in fig.variant
                                              else "")
        rows.append((size, fid, order, value, target, status or ""))
    rows.sort(key=lambda r: (r[0], r[1].split(".")[1] if r[1].count(".") > 2 else "", r[2]))
    width = max((len(r[1]) for r in rows), default=10)
    print(f"{'figure':<{width}}  {'value':>12}  {'target':>10}  status", file=out)
    for _, fid, _, value, target, status in rows:
        if value.startswith("unavailable"):
            print(f"{fid:<{width}}  {value}", file=out)
        else:
            print(f"{fid:<{width}}  {value:>12}  {target:>10}  {status}", file=out)
    if any("*" in r[3] for r in rows):
        print("* partial pipeline: " + (ctx.pipeline.label if ctx.pipeline else ""), file=out)
    for note in ctx.notes:
        print(f"note: {note}", file=out)


def markdown_table(report_path, out=sys.stdout):
    """A report's figures as a Markdown table (for docs/performance.md)."""
    with open(report_path) as f:
        report = json.load(f)
    rows = []
    for fid, d in report["figures"].items():
        order = shown_order(fid)
        if order is None:
            continue
        size = int(fid.split(".")[0][1:])
        jobs = fid.split(".")[1] if re.fullmatch(r"j\d+", fid.split(".")[1]) else ""
        if "unavailable" in d:
            value, target, status = "unavailable: " + d["unavailable"], "", ""
        else:
            value = fmt(d["value"], d["unit"]) + (" *" if "partial" in (d.get("variant") or "")
                                                   else "")
            target, status = d.get("target", ""), d.get("status", "")
        rows.append((size, jobs, order, tail_of(fid), value, target, status))
    rows.sort()
    print("| files | -j | figure | value | target | |", file=out)
    print("|------:|----|--------|------:|--------|-|", file=out)
    for size, jobs, _, name, value, target, status in rows:
        print(f"| {size:,} | {jobs[1:] or '-'} | `{name}` | {value} | {target} | {status} |",
              file=out)


def report_json(ctx, started, gate=None):
    figures = {}
    for fid, fig in sorted(ctx.figs.by_id.items()):
        d = fig.to_json()
        status, target = judge(fig)
        if status:
            d["target"], d["status"] = target, status
        figures[fid] = d
    return {
        "version": REPORT_VERSION, "mode": ctx.opts.mode,
        "date": started.isoformat(timespec="seconds"),
        "duration_s": round((datetime.datetime.now(datetime.timezone.utc) - started)
                            .total_seconds(), 1),
        "machine": dict(machine_info(), loadavg_start=ctx.load_start), "git": git_info(),
        "settings": {"sizes": ctx.opts.sizes, "jobs": ctx.opts.jobs, "seed": SEED},
        "cold_means": "empty locus cache dir and no out dir (OS caches are not dropped)",
        "pipeline": {"label": ctx.pipeline.label if ctx.pipeline else None,
                     "build_unavailable": ctx.build_reason or ctx.pipeline_error},
        "calibration": ctx.cal.to_json(),
        "figures": figures, "stages": ctx.figs.stages, "notes": ctx.notes, "gate": gate,
    }


# ---------------------------------------------------------------------------
# The regression gate
# ---------------------------------------------------------------------------
# Exact counts (instructions, files written, tasks run), CPU-time and memory
# figures: gated in every run (CPU time hardly moves when other processes
# share the machine; the calibration absorbs a slower CPU). System CPU and
# the cold build's wall time are not gated: on this file system (ext4 with
# `discard`) they moved by 30% between identical runs and by 3x with other
# processes' file traffic; the counts catch a build that writes or reruns
# more than it should.
GATED_CPU = ["parse.instr_per_byte", "build_cold.files_written", "noop.files_written",
             "noop.tasks_run", "edit_entity.tasks_run", "edit_entity.files_written",
             "edit_page.tasks_run", "edit_page.files_written", "check.user_s", "check.rss_mb",
             "check_warm.user_s", "build_cold.user_s", "build_cold.rss_mb", "noop.user_s",
             "edit_entity.user_s", "edit_page.user_s"]
# Wall-time figures: gated only when both the baseline and this run were
# measured on a quiet machine (see busy_factor).
GATED_WALL = ["check.wall_s", "check_warm.wall_s", "noop.wall_s",
              "edit_entity.wall_s", "edit_page.wall_s"]


def tail_of(fid):
    return re.sub(r"^n\d+\.(j\d+\.)?", "", fid)


def gated_ids(ctx):
    return [fid for fid in sorted(ctx.figs.by_id) if tail_of(fid) in GATED_CPU + GATED_WALL]


def is_busy(factor):
    return factor is None or factor > QUIET


def baseline_json(ctx, started):
    figures, busy = {}, ctx.cal.busy_factor()
    for fid in gated_ids(ctx):
        fig = ctx.figs.by_id[fid]
        if fig.unavailable or fig.normalised is None:
            continue
        if tail_of(fid) in GATED_WALL and is_busy(busy):
            continue
        figures[fid] = {"normalised": fig.typical, "value": fig.value, "unit": fig.unit,
                        "better": fig.better, "norm": fig.norm, "variant": fig.variant}
    return {"version": REPORT_VERSION, "date": started.isoformat(timespec="seconds"),
            "machine": machine_info(), "git": git_info(),
            "settings": {"sizes": ctx.opts.sizes, "jobs": ctx.opts.jobs, "seed": SEED},
            "threshold": ctx.opts.threshold, "busy_factor": busy,
            "wall_figures": "recorded" if not is_busy(busy) else
            "left out: the machine was busy (calibration wall/CPU above %.2f)" % QUIET,
            "figures": figures}


def compare(ctx, baseline):
    """Rows (figure, baseline, now, change, status); status FAIL when worse."""
    rows, busy = [], is_busy(ctx.cal.busy_factor())
    for fid in gated_ids(ctx):
        fig, base = ctx.figs.by_id[fid], baseline["figures"].get(fid)
        if base is None:
            rows.append((fid, None, None, None, "skip: not in the baseline"))
        elif tail_of(fid) in GATED_WALL and busy:
            rows.append((fid, base["normalised"], fig.normalised, None,
                         "skip: machine busy now (wall time)"))
        elif fig.unavailable:
            rows.append((fid, base["normalised"], None, None, "skip: unavailable now"))
        elif (base.get("variant") or None) != (fig.variant or None):
            rows.append((fid, base["normalised"], fig.normalised, None,
                         "skip: pipeline differs from the baseline's"))
        elif fig.normalised is None:
            rows.append((fid, base["normalised"], None, None, "skip: no calibration"))
        else:
            b, n = base["normalised"], fig.normalised
            if b == 0:  # a count that should stay 0 (a no-op writes no file)
                worse = 1.0 if n == 0 else float("inf")
            elif n == 0:
                worse = 0.0 if fig.better == "lower" else float("inf")
            else:
                worse = b / n if fig.better == "higher" else n / b
            status = "FAIL" if worse > 1 + ctx.opts.threshold else "ok"
            if status == "FAIL" and fig.unit == "s" and fig.better == "lower":
                # In this run's seconds: how much time the regression adds.
                scale = fig.samples[0][1].scale(fig.norm) or 0.0
                if (n - b) * scale < MIN_ABS_S:
                    status = "ok (within %.0f ms)" % (MIN_ABS_S * 1000)
            rows.append((fid, b, n, worse - 1, status))
    for fid in sorted(set(baseline["figures"]) - set(ctx.figs.by_id)):
        rows.append((fid, baseline["figures"][fid]["normalised"], None, None,
                     "skip: not measured"))
    return rows


def print_gate(rows, threshold, out=sys.stdout):
    width = max((len(r[0]) for r in rows), default=10)
    print(f"\nregression gate (normalised figures; FAIL when > {threshold:.0%} worse)", file=out)
    print(f"{'figure':<{width}}  {'baseline':>10}  {'now':>10}  {'worse by':>8}  status",
          file=out)
    for fid, b, n, change, status in rows:
        bs = f"{b:.4g}" if b is not None else "-"
        ns = f"{n:.4g}" if n is not None else "-"
        cs = f"{change:+.0%}" if change is not None else "-"
        print(f"{fid:<{width}}  {bs:>10}  {ns:>10}  {cs:>8}  {status}", file=out)


def settings_match(ctx, baseline):
    s = baseline.get("settings", {})
    return s.get("sizes") == ctx.opts.sizes and s.get("jobs") == ctx.opts.jobs and \
        s.get("seed") == SEED


def run_gate(ctx, started, deadline):
    """Compares with the baseline; re-measures while something fails and time
    is left (minimum over all rounds). Returns (exit code, gate dict)."""
    with open(ctx.opts.baseline) as f:
        baseline = json.load(f)
    if not settings_match(ctx, baseline):
        print(f"bench: {ctx.opts.baseline} was measured with other settings "
              f"({baseline.get('settings')}); run make bench-baseline", file=sys.stderr)
        return 2, {"error": "settings differ from the baseline's"}
    rows = compare(ctx, baseline)
    extra = 0
    while any(r[4] == "FAIL" for r in rows) and extra < ctx.opts.confirm_rounds:
        if deadline and time.monotonic() + ctx.last_round_s > deadline:
            ctx.notes.append("gate: no time left to re-measure the failing figures")
            break
        extra += 1
        progress(f"gate: {sum(r[4] == 'FAIL' for r in rows)} figure(s) worse; "
                 f"confirmation round {extra}")
        run_size(ctx, ctx.opts.sizes[0], 1, ctx.opts.jobs)
        rows = compare(ctx, baseline)
    failed = [r[0] for r in rows if r[4] == "FAIL"]
    gate = {"baseline": os.path.relpath(ctx.opts.baseline, SRCDIR), "threshold":
            ctx.opts.threshold, "confirmation_rounds": extra, "failed": failed,
            "rows": [{"figure": r[0], "baseline": r[1], "now": r[2], "worse_by": r[3],
                      "status": r[4]} for r in rows]}
    return (1 if failed else 0), gate


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["full", "quick"])
    ap.add_argument("--builddir", default=".", help="build tree (default: .)")
    ap.add_argument("--work", help="scratch and corpus cache (default: BUILDDIR/bench/work)")
    ap.add_argument("--plugin-path", help="LOCUS_PLUGIN_PATH for the runs "
                    "(default: BUILDDIR/plugins/.libs)")
    ap.add_argument("--gen-corpus", help="path of gen-corpus.py (default: ../shared/tools/)")
    ap.add_argument("--report", help="JSON report (default: BUILDDIR/bench/report[-quick].json)")
    ap.add_argument("--sizes", help="comma-separated project sizes "
                    "(full: 1000,10000; quick: 1000)")
    ap.add_argument("--huge", action="store_true", help="full: add 100,000 files (-j2, "
                    "cold build and check only, one round)")
    ap.add_argument("--jobs", help="comma-separated -j values (full: 1,2; quick: 1)")
    ap.add_argument("--reps", help="rounds per size, comma-separated like --sizes (the "
                    "last repeats; full: 3 at 1,000 files, 2 above; quick: 2, then "
                    "confirmation rounds while a figure fails, within --budget)")
    ap.add_argument("--edit-reps", type=int,
                    help="edits of each kind per round (full: 2, quick: 1)")
    ap.add_argument("--noop-reps", type=int, default=2, help="no-op rebuilds per round")
    ap.add_argument("--budget", type=float, default=55.0,
                    help="quick: seconds the whole run may take (default 55)")
    ap.add_argument("--baseline", help="quick: compare with this baseline JSON")
    ap.add_argument("--write-baseline", help="quick: write the measured figures here")
    ap.add_argument("--threshold", type=float, default=0.25,
                    help="quick: fail when a figure is worse by more than this (0.25)")
    ap.add_argument("--confirm-rounds", type=int, default=2,
                    help="quick: extra rounds to confirm a failing figure (default 2)")
    opts = ap.parse_args(argv)
    quick = opts.mode == "quick"
    opts.sizes = [int(s) for s in (opts.sizes or ("1000" if quick else "1000,10000")).split(",")]
    opts.jobs = [int(j) for j in (opts.jobs or ("1" if quick else "1,2")).split(",")]
    opts.cold_only = False
    opts.edit_reps = opts.edit_reps if opts.edit_reps is not None else (1 if quick else 2)
    opts.work = opts.work or os.path.join(opts.builddir, "bench", "work")
    opts.report = opts.report or os.path.join(
        opts.builddir, "bench", "report-quick.json" if quick else "report.json")
    return opts


def run_all(ctx):
    opts = ctx.opts
    deadline = ctx.t0 + opts.budget if opts.mode == "quick" else None
    given = [int(r) for r in opts.reps.split(",")] if opts.reps else []
    for i, files in enumerate(opts.sizes):
        reps = given[min(i, len(given) - 1)] if given else \
            (2 if opts.mode == "quick" else 3 if files <= 1000 else 2)
        before = time.monotonic()
        rounds = run_size(ctx, files, reps, opts.jobs, deadline)
        ctx.last_round_s = (time.monotonic() - before) / max(rounds, 1)
    if opts.huge:
        opts.cold_only = True
        run_size(ctx, 100000, 1, [2])
        opts.sizes = opts.sizes + [100000]
    derive(ctx, opts.sizes, opts.jobs)


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if argv[:1] == ["table"]:
        if len(argv) != 2:
            print("usage: locus-bench.py table REPORT.json", file=sys.stderr)
            return 2
        markdown_table(argv[1])
        return 0
    opts = parse_args(argv)
    started = datetime.datetime.now(datetime.timezone.utc)
    gen = find_gen_corpus(opts.gen_corpus)
    ctx = Context(Tools(opts.builddir, opts.work, gen, opts.plugin_path), opts)
    ctx.t0, ctx.last_round_s = time.monotonic(), 0.0
    ctx.load_start = list(os.getloadavg())
    rmtree(ctx.tools.scratch)
    setup_pipeline(ctx)
    run_all(ctx)
    status, gate = 0, None
    if opts.mode == "quick" and opts.baseline:
        status, gate = run_gate(ctx, started, ctx.t0 + opts.budget)
    print_table(ctx)
    if gate and "rows" in gate:
        print_gate([(r["figure"], r["baseline"], r["now"], r["worse_by"], r["status"])
                    for r in gate["rows"]], opts.threshold)
        print("gate: " + ("FAIL: " + ", ".join(gate["failed"]) if gate["failed"] else "ok"))
        busy = ctx.cal.busy_factor()
        if gate["failed"] and is_busy(busy):
            print(f"gate: the machine was busy (a thread got 1/{busy:.1f} of a core): CPU "
                  "times vary by ~20% here, so this may be noise; re-run, or give it more "
                  "rounds with BENCH_ARGS=--budget 300")
    if opts.write_baseline:
        with open(opts.write_baseline, "w") as f:
            json.dump(baseline_json(ctx, started), f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"baseline written: {opts.write_baseline}")
    os.makedirs(os.path.dirname(os.path.abspath(opts.report)), exist_ok=True)
    with open(opts.report, "w") as f:
        json.dump(report_json(ctx, started, gate), f, indent=2)
        f.write("\n")
    print(f"report: {opts.report} ({time.monotonic() - ctx.t0:.0f} s)")
    rmtree(ctx.tools.scratch)
    return status


if __name__ == "__main__":
    sys.exit(main())
