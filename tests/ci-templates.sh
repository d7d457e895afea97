#!/bin/sh
# ci-templates.sh — runs the CI templates in config/ci/ locally, the way each
# platform would, to prove their shell steps work: the commands are read out
# of the YAML files (never copied here), then run in a sandbox against a
# workspace holding examples/app. The platform's own actions (checkout,
# cache save/restore, artifact upload) are emulated from the paths and keys
# the templates declare.
#
# The install step is not run from scratch (apt-get and a full build are too
# slow for `make check`): LOCUS_PIPELINE_PREFIX points at a prefix whose
# bin/locus-pipeline runs this build tree's binary (with its plugins), so the
# step takes its "already installed" branch; its other branch is only
# syntax-checked here. (`make install` would relink the build tree under the
# other tests' feet; tests/sdk-install.sh covers the installed layout.) Set
# LOCUS_CI_TEST_FROM_SOURCE=1 to run that branch for real: it clones this
# repository's committed HEAD and builds and installs it, which takes minutes.
#
# Each template runs four jobs: a cold first build on branch main, a second
# on main (cache restored by the branch key), a first on a new branch (cache
# restored by the fallback key), and one on a broken project (the job must
# fail and the metrics must still be uploaded).
set -u
: "${abs_top_builddir:?}" "${abs_top_srcdir:?}"
ci="$abs_top_srcdir/config/ci"
project="$abs_top_srcdir/examples/app"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# --- the extractor ----------------------------------------------------------
# Reads the small YAML subset the templates use (block mappings and
# sequences, `|` literal blocks, plain and quoted scalars, comments; no
# anchors or flow collections: PyYAML is not a dependency) and writes, into
# OUTDIR: env.sh (the template's variables as exports), one file per shell
# step, jobs.txt (what the emulator does, one action per line) and facts.sh
# (cache paths and keys, artifact paths). Structural checks that the
# platforms' features are used as docs/ci.md says fail it with a message.
cat >"$tmp/extract.py" <<'PY'
import os, re, shlex, sys

KEY = re.compile(r'''^("[^"]*"|'[^']*'|[A-Za-z0-9_.$/-]+)\s*:(\s|$)''')

class Yaml:
    def __init__(self, text):
        self.lines = text.split('\n')
        self.i = 0

    @staticmethod
    def indent(line):
        return len(line) - len(line.lstrip(' '))

    def skip(self):
        while self.i < len(self.lines):
            s = self.lines[self.i].strip()
            if s and not s.startswith('#'):
                return True
            self.i += 1
        return False

    def node(self, min_indent):
        if not self.skip() or self.indent(self.lines[self.i]) < min_indent:
            return None
        ind = self.indent(self.lines[self.i])
        s = self.lines[self.i].strip()
        return self.seq(ind) if s == '-' or s.startswith('- ') else self.map(ind)

    def seq(self, ind):
        out = []
        while self.skip():
            line = self.lines[self.i]
            s = line.strip()
            if self.indent(line) != ind or not (s == '-' or s.startswith('- ')):
                break
            rest = s[1:].lstrip(' ')
            if not rest:
                self.i += 1
                out.append(self.node(ind + 1))
            elif KEY.match(rest):
                # "- key: value": a mapping whose keys line up with "key"
                col = ind + len(s) - len(rest)
                self.lines[self.i] = ' ' * col + rest
                out.append(self.map(col))
            else:
                self.i += 1
                out.append(self.scalar(rest, ind))
        return out

    def map(self, ind):
        out = {}
        while self.skip():
            line = self.lines[self.i]
            s = line.strip()
            if self.indent(line) < ind or (self.indent(line) == ind and s.startswith('- ')):
                break
            if self.indent(line) > ind:
                sys.exit('line %d: unexpected indentation' % (self.i + 1))
            m = KEY.match(s)
            if not m:
                sys.exit('line %d: not a "key: value" line: %s' % (self.i + 1, s))
            key = m.group(1).strip('"\'')
            rest = s[m.end():].strip()
            self.i += 1
            if not rest or rest.startswith('#'):
                if self.skip() and self.indent(self.lines[self.i]) == ind and \
                        self.lines[self.i].strip().startswith('- '):
                    out[key] = self.seq(ind)
                else:
                    out[key] = self.node(ind + 1)
            else:
                out[key] = self.scalar(rest, ind)
        return out

    def scalar(self, rest, parent_indent):
        if rest in ('|', '|-'):
            block = []
            while self.i < len(self.lines):
                line = self.lines[self.i]
                if line.strip() and self.indent(line) <= parent_indent:
                    break
                block.append(line)
                self.i += 1
            while block and not block[-1].strip():
                block.pop()
            cut = min(self.indent(l) for l in block if l.strip())
            return '\n'.join(l[cut:] for l in block) + ('\n' if rest == '|' else '')
        if rest[0] in '>&*[{!':
            sys.exit('line %d: unsupported YAML: %s' % (self.i, rest))
        if rest[0] in '"\'':
            q = rest[0]
            end = rest.index(q, 1)
            if rest[end + 1:].strip() and not rest[end + 1:].strip().startswith('#'):
                sys.exit('line %d: text after a quoted scalar' % self.i)
            return rest[1:end]
        return re.sub(r'\s+#.*$', '', rest)

def check(cond, what):
    if not cond:
        sys.exit('%s: %s' % (os.path.basename(template), what))

# GitHub contexts the templates may use in `with:`, as the shell variables
# the runner sets for them.
CONTEXTS = {'github.ref_name': '$GITHUB_REF_NAME', 'github.run_id': '$GITHUB_RUN_ID',
            'github.sha': '$GITHUB_SHA', 'runner.os': '$RUNNER_OS'}

def gh_expr(text):
    def sub(m):
        check(m.group(1) in CONTEXTS, 'expression ${{ %s }} is not emulated' % m.group(1))
        return CONTEXTS[m.group(1)]
    return re.sub(r'\$\{\{\s*([^}]*?)\s*\}\}', sub, text)

platform, template, outdir = sys.argv[1:4]
doc = Yaml(open(template).read()).node(0)
check(isinstance(doc, dict), 'not a YAML mapping')
env, jobs, facts = [], [], {}
nstep = 0

def step_file(body):
    global nstep
    nstep += 1
    path = os.path.join(outdir, 'step%02d.sh' % nstep)
    with open(path, 'w') as f:
        f.write(body)
    return path

def listval(v):
    return v if isinstance(v, list) else [v]

if platform == 'github':
    check(len(doc.get('jobs') or {}) == 1, 'expected exactly one job')
    job = list(doc['jobs'].values())[0]
    check(job.get('container') == 'debian:12', 'the job does not run in debian:12')
    for k, v in (job.get('env') or {}).items():
        check('${{' not in str(v), 'env %s: expressions are not emulated' % k)
        env.append('export %s=%s' % (k, shlex.quote(str(v))))
    shell = ((job.get('defaults') or {}).get('run') or {}).get('shell')
    check(shell == 'bash', 'defaults.run.shell is not bash')
    seen = set()
    for st in job.get('steps') or []:
        cond = st.get('if', '')
        check(cond in ('', 'always()'), 'step condition %r is not emulated' % cond)
        when = 'always' if cond == 'always()' else 'success'
        uses, w = st.get('uses', ''), st.get('with') or {}
        if 'run' in st:
            check('${{' not in st['run'], 'run step %r uses ${{ }}' % st.get('name'))
            jobs.append('run %s %s' % (when, step_file(st['run'])))
            if ' build ' in st['run'] and '--metrics' in st['run']:
                seen.add('build')
                check('cache' in seen, 'the cache is restored after the build')
        elif uses.startswith('actions/checkout@'):
            jobs.append('checkout %s' % when)
        elif uses.startswith('actions/cache@'):
            check(uses == 'actions/cache@v4', 'not actions/cache@v4')
            check('${{ github.ref_name }}' in w.get('key', ''), 'cache key not keyed on github.ref_name')
            check(w.get('restore-keys'), 'cache has no restore-keys')
            seen.add('cache')
            facts['cache_paths'] = '\n'.join(p for p in w['path'].split('\n') if p)
            facts['cache_key'] = gh_expr(w['key'])
            facts['cache_fallback'] = gh_expr('\n'.join(k for k in w['restore-keys'].split('\n') if k))
            facts['cache_match'] = 'prefix'
            facts['cache_when'] = 'on_success'
            jobs.append('restore %s' % when)
        elif uses.startswith('actions/upload-artifact@'):
            check(uses == 'actions/upload-artifact@v4', 'not actions/upload-artifact@v4')
            check(when == 'always', 'the upload does not run when the build fails (if: always())')
            facts['artifact_paths'] = '\n'.join(p for p in w['path'].split('\n') if p)
            jobs.append('upload %s' % when)
        else:
            check(False, 'action %r is not emulated' % uses)
    check('build' in seen, 'no run step builds with --metrics')
    jobs.append('save success')
elif platform == 'gitlab':
    names = [k for k in doc if not k.startswith('.') and k not in
             ('stages', 'variables', 'default', 'workflow', 'include')]
    check(len(names) == 1, 'expected exactly one job')
    job = doc[names[0]]
    check(job.get('image') == 'debian:12', 'the job does not use image debian:12')
    for k, v in (job.get('variables') or {}).items():
        # GitLab expands $VAR in variables: so does a double-quoted export.
        check(not re.search(r'["\\`]|\$\(', str(v)), 'variable %s: not emulated' % k)
        env.append('export %s="%s"' % (k, v))
    cache = job.get('cache') or {}
    check('$CI_COMMIT_REF_SLUG' in str(cache.get('key')), 'cache key not keyed on CI_COMMIT_REF_SLUG')
    facts['cache_paths'] = '\n'.join(p.rstrip('/') for p in listval(cache.get('paths') or []))
    facts['cache_key'] = cache['key']
    facts['cache_fallback'] = '\n'.join(listval(cache.get('fallback_keys') or []))
    facts['cache_match'] = 'exact'
    facts['cache_when'] = cache.get('when', 'on_success')
    arts = job.get('artifacts') or {}
    check(arts.get('when') == 'always', 'artifacts are not kept when the build fails (when: always)')
    facts['artifact_paths'] = '\n'.join(listval(arts.get('paths') or []))
    script = listval(job.get('before_script') or []) + listval(job.get('script') or [])
    check(any(' build ' in s and '--metrics' in s for s in script), 'no script entry builds with --metrics')
    jobs.append('checkout success')
    jobs.append('restore success')
    # The runner feeds every entry to one shell that stops at the first error.
    jobs.append('run success %s' % step_file(''.join(s if s.endswith('\n') else s + '\n'
                                                     for s in script)))
    if job.get('after_script'):
        jobs.append('run always %s' % step_file(''.join(s if s.endswith('\n') else s + '\n'
                                                        for s in listval(job['after_script']))))
    jobs.append('save %s' % facts['cache_when'])
    jobs.append('upload always')
else:
    sys.exit('unknown platform ' + platform)

check(facts.get('cache_paths') and facts.get('artifact_paths'), 'no cache or artifact paths')
with open(os.path.join(outdir, 'env.sh'), 'w') as f:
    f.write('\n'.join(env) + '\n')
with open(os.path.join(outdir, 'jobs.txt'), 'w') as f:
    f.write('\n'.join(jobs) + '\n')
with open(os.path.join(outdir, 'facts.sh'), 'w') as f:
    for k, v in facts.items():
        f.write('%s=%s\n' % (k, shlex.quote(v)))
PY

# --- locus-pipeline, installed ------------------------------------------------
if [ "${LOCUS_CI_TEST_FROM_SOURCE:-0}" = 1 ]; then
    branch=$(git -C "$abs_top_srcdir" rev-parse --abbrev-ref HEAD) ||
        { echo "FAIL: LOCUS_CI_TEST_FROM_SOURCE needs a git checkout"; exit 1; }
    override() { # PLATFORM: a fresh prefix each, so both install steps build
        printf 'export LOCUS_PIPELINE_REPO=%s LOCUS_PIPELINE_REF=%s LOCUS_PIPELINE_PREFIX=%s\n' \
            "file://$abs_top_srcdir" "$branch" "$tmp/opt-$1"
    }
else
    [ -x "$abs_top_builddir/locus-pipeline" ] || { echo "FAIL: build locus-pipeline first"; exit 1; }
    mkdir -p "$tmp/prefix/bin"
    printf '#!/bin/sh\nexec "%s/locus-pipeline" "$@"\n' "$abs_top_builddir" >"$tmp/prefix/bin/locus-pipeline"
    chmod +x "$tmp/prefix/bin/locus-pipeline"
    override() { # the plugins of the build tree, not of $prefix
        printf 'export LOCUS_PIPELINE_PREFIX=%s LOCUS_PLUGIN_PATH=%s\n' \
            "$tmp/prefix" "$abs_top_builddir/plugins/.libs"
    }
fi

# --- the emulator -------------------------------------------------------------
# sandbox PLATFORM BRANCH RUN CMD...: runs CMD in the workspace with only the
# variables the platform would set (no LOCUS_* of the caller, HOME and the
# XDG cache inside $tmp, so a cache written anywhere else is noticed).
sandbox() {
    sb_platform=$1 sb_branch=$2 sb_run=$3
    shift 3
    if [ "$sb_platform" = github ]; then
        set -- GITHUB_ACTIONS=true GITHUB_WORKSPACE="$ws" GITHUB_REF_NAME="$sb_branch" \
            GITHUB_RUN_ID="$sb_run" GITHUB_SHA=0000000 RUNNER_OS=Linux RUNNER_TEMP="$tmp/tmpdir" "$@"
    else
        set -- GITLAB_CI=true CI_PROJECT_DIR="$ws" CI_COMMIT_REF_SLUG="$sb_branch" \
            CI_DEFAULT_BRANCH=main CI_JOB_ID="$sb_run" "$@"
    fi
    (cd "$ws" && env -i PATH="$PATH" HOME="$tmp/home" TMPDIR="$tmp/tmpdir" \
        XDG_CACHE_HOME="$tmp/xdg" LANG=C.UTF-8 CI=true "$@" </dev/null)
}

# tvar NAME: a variable of the template as a step sees it.
tvar() {
    sandbox "$platform" "$branch_name" "$run_id" bash --noprofile --norc -c \
        '. "$1"; . "$2"; eval "printf %s \"\${$3}\""' sh "$out/env.sh" "$out/override.sh" "$1"
}

# cache_copy FROM TO: copies the cache paths of the template.
cache_copy() {
    printf '%s\n' "$cache_paths" | while IFS= read -r p; do
        [ -e "$1/$p" ] || continue
        mkdir -p "$(dirname "$2/$p")" && cp -a "$1/$p" "$2/$p" || exit 1
    done
}

# job NAME BRANCH RUN [broken]: runs the template's jobs.txt; sets $status
# (0 when every step succeeded), $restored (the key restored, or empty).
job() {
    name=$1 branch_name=$2 run_id=$3 broken=${4:-}
    log="$out/$name.log"
    : >"$log"
    status=0 restored="" key=""
    while read -r action when file; do
        [ "$when" = success ] && [ "$status" != 0 ] && continue
        [ "$when" = on_success ] && [ "$status" != 0 ] && continue
        case $action in
        checkout)
            rm -rf "$ws" && mkdir -p "$ws" && cp -R "$project/." "$ws/" && chmod -R u+w "$ws"
            [ -z "$broken" ] || printf 'database {\n  entity {\n' >"$ws/broken.locus" ;;
        restore)
            key=$(sandbox "$platform" "$branch_name" "$run_id" sh -c "printf %s \"$cache_key\"")
            fallback=$(sandbox "$platform" "$branch_name" "$run_id" sh -c "printf '%s\n' \"$cache_fallback\"")
            if [ -d "$store/$key" ]; then
                restored=$key
            else
                for k in $fallback; do
                    if [ "$cache_match" = prefix ]; then # newest entry with that prefix
                        hit=$(while read -r e; do
                            case $e in "$k"*) echo "$e" ;; esac; done <"$store.saved" | tail -n 1)
                    else
                        hit=""; [ -d "$store/$k" ] && hit=$k
                    fi
                    [ -n "$hit" ] && { restored=$hit; break; }
                done
            fi
            [ -z "$restored" ] || cache_copy "$store/$restored" "$ws" ;;
        run)
            echo "--- $file" >>"$log"
            sandbox "$platform" "$branch_name" "$run_id" bash --noprofile --norc -c \
                '. "$1" && . "$2" && exec bash --noprofile --norc -eo pipefail "$3"' \
                sh "$out/env.sh" "$out/override.sh" "$file" >>"$log" 2>&1 || status=1 ;;
        save)
            # GitHub keeps a saved key forever; GitLab overwrites it.
            if [ "$cache_match" = exact ] || [ "$restored" != "$key" ]; then
                rm -rf "${store:?}/$key" && mkdir -p "$store/$key" && cache_copy "$ws" "$store/$key"
                echo "$key" >>"$store.saved" # in save order: "newest" above
            fi ;;
        upload)
            printf '%s\n' "$artifact_paths" | while IFS= read -r p; do
                [ -e "$ws/$p" ] || { echo "upload: $p: no such file" >>"$log"; continue; }
                mkdir -p "$out/artifacts/$name" && cp -R "$ws/$p" "$out/artifacts/$name/"
            done ;;
        esac
    done <"$out/jobs.txt"
}

# metrics FILE: "status tasks cache_hits output_files" from a metrics JSON,
# or "invalid" (one Python start per build: they are slow on a busy machine).
metrics() {
    python3 -c '
import json, sys
try:
    m = json.load(open(sys.argv[1]))
    t = m["totals"]
    print(m["status"], t["tasks"], t["cache_hits"], m["outputs"]["files"])
except (OSError, ValueError, KeyError, TypeError):
    print("invalid")' "$1"
}

# check_build NAME WANT_HITS: asserts on the job just run.
check_build() {
    what="$platform $1"
    out_dir="$ws/$(tvar LOCUS_OUT)"
    if [ "$status" != 0 ]; then
        fail "$what: the job failed"
        sed 's/^/  | /' "$log"
        return
    fi
    # shellcheck disable=SC2086
    outputs=$(find "$out_dir" -type f $not_bookkeeping 2>/dev/null | wc -l)
    [ "$outputs" -gt 0 ] || fail "$what: no files in the output directory $(tvar LOCUS_OUT)"
    m="$ws/$(tvar LOCUS_METRICS)"
    printf '%s\n' "$artifact_paths" | grep -qxF "$(tvar LOCUS_METRICS)" ||
        fail "$what: the uploaded paths do not include LOCUS_METRICS ($(tvar LOCUS_METRICS))"
    for p in $artifact_paths; do
        [ -e "$out/artifacts/$1/$(basename "$p")" ] || fail "$what: artifact $p was not uploaded"
    done
    read -r mstatus tasks hits files <<EOF
$(metrics "$m")
EOF
    if [ "$mstatus" = invalid ]; then
        fail "$what: the metrics JSON $m is missing, does not parse or lacks totals"
        return
    fi
    [ "$mstatus" = ok ] || fail "$what: metrics status is $mstatus, not ok"
    [ "$tasks" -gt 0 ] || fail "$what: the metrics count no tasks"
    [ "$files" = "$outputs" ] || fail "$what: the metrics count $files output files, $outputs are there"
    if [ "$2" = all ]; then
        [ -n "$restored" ] || fail "$what: no cache was restored"
        [ "$hits" = "$tasks" ] || fail "$what: $hits cache hits of $tasks tasks, want all"
    else
        [ -z "$restored" ] || fail "$what: a cache ($restored) was restored on the first run"
        [ "$hits" = 0 ] || fail "$what: $hits cache hits on a cold cache"
    fi
    # The cache the tool used is the one the platform saves.
    cache_dir=$(tvar LOCUS_CACHE_DIR)
    case $cache_dir in /*) ;; *) cache_dir="$ws/$cache_dir" ;; esac
    found=""
    for p in $cache_paths; do
        [ "$(cd "$ws/$p" 2>/dev/null && pwd -P)" = "$(cd "$cache_dir" 2>/dev/null && pwd -P)" ] && found=1
    done
    [ -n "$found" ] || fail "$what: LOCUS_CACHE_DIR ($cache_dir) is not a cache path of the template"
    [ -s "$cache_dir/cache.db" ] || fail "$what: the cache directory has no cache.db"
    [ ! -e "$tmp/xdg/locus-pipeline" ] || fail "$what: a cache was written under XDG_CACHE_HOME"
}

# `build` also writes the reference compiler's bookkeeping files (with
# timestamps; core/buildlog.c): not pipeline outputs, not in the metrics.
not_bookkeeping="" diff_bookkeeping=""
for f in DEPRECATION_STATS.jsonl METRICS_HISTORY.jsonl METRICS_SUMMARY.json BUILD_METRICS.json; do
    not_bookkeeping="$not_bookkeeping ! -name $f" diff_bookkeeping="$diff_bookkeeping -x $f"
done
mkdir -p "$tmp/home" "$tmp/tmpdir" "$tmp/xdg"
for pair in github:github-actions.yml gitlab:gitlab-ci.yml; do
    platform=${pair%%:*}
    template="$ci/${pair#*:}"
    out="$tmp/$platform" ws="$tmp/$platform/ws" store="$tmp/$platform/store"
    mkdir -p "$out" "$store"
    : >"$store.saved"
    if ! python3 "$tmp/extract.py" "$platform" "$template" "$out"; then
        fail "$platform: cannot extract the steps of $template"
        continue
    fi
    override "$platform" >"$out/override.sh"
    # shellcheck disable=SC1091
    . "$out/facts.sh"
    for f in "$out"/step*.sh; do
        bash -n "$f" 2>"$out/syntax" || { fail "$platform: $(basename "$f"): shell syntax"; cat "$out/syntax"; }
    done

    job first main 1
    check_build first none
    cp -R "$out_dir" "$out/first-out" 2>/dev/null
    job again main 2
    check_build again all
    [ "$restored" = "$(sandbox "$platform" main 2 sh -c "printf %s \"$cache_key\"")" ] ||
        [ "$platform" = github ] || fail "$platform again: restored $restored, not the branch's key"
    # shellcheck disable=SC2086
    diff -r $diff_bookkeeping "$out/first-out" "$out_dir" >/dev/null 2>&1 ||
        fail "$platform again: the output differs from the first build's"
    job branch feature-x 3
    check_build branch all

    job broken main 4 broken
    if [ "$status" = 0 ]; then
        fail "$platform broken: the job succeeded on a project with a syntax error"
    else
        m="$out/artifacts/broken/$(basename "$(tvar LOCUS_METRICS)")"
        [ "$(metrics "$m" | cut -d' ' -f1)" = failed ] ||
            fail "$platform broken: no metrics with status failed were uploaded"
    fi
    echo "$platform: $(grep -c . "$out/jobs.txt") actions per job; 4 jobs run"
done

if [ "$failures" != 0 ]; then
    echo "ci-templates.sh: $failures failure(s)"
    exit 1
fi
echo "ci-templates.sh: both CI templates' steps build, cache, and upload their metrics"
