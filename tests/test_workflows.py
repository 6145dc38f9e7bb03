"""The CI workflows, checked here since GitHub Actions cannot run here.

Every workflow parses; every action is pinned; every `make` target a workflow runs is a
target of the Makefile; CI runs what `.ci/run` runs; the site is deployed only from a job
that ran the tests; each cache is restored and saved under the same paths (actions/cache
names a cache by its paths too: a save under other paths is never restored); and the
shards run the command tests/test_shard.py runs, and the test job merges their records.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from test_shard import COPY_RECORDS, SHARD

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
MAKEFILE = ROOT / "Makefile"
CI_RUN = ROOT / ".ci" / "run"

# owner/repo[/path]@vN (a major version) or @<40-hex commit>.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+|[0-9a-f]{40})$")
# A rule line: `target [target…]: prerequisites` (not an assignment `:=`, `::=`).
RULE = re.compile(r"^([^\t#=:$][^=:$]*?)\s*:(?![:=])")
MAKE_FLAGS_WITH_ARGUMENT = {"-C", "-f", "-I", "-o", "-W", "--directory", "--file", "--makefile"}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads a bare `on` as the boolean true)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def makefile_targets(text: str) -> list[str]:
    """The Makefile's explicit targets, in order (special targets like .PHONY left out)."""
    targets: list[str] = []
    for line in text.splitlines():
        if match := RULE.match(line):
            targets += [t for t in match.group(1).split() if not t.startswith(".") and t not in targets]
    return targets


def commands(script: str) -> list[str]:
    """The simple commands of a shell script: lines joined at `\\`, split at ; && || |."""
    joined = re.sub(r"\\\n\s*", " ", script)
    found: list[str] = []
    for line in joined.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            found += [" ".join(part.split()) for part in re.split(r"&&|\|\||;|\|", line) if part.strip()]
    return found


def make_targets(command: str, default: str) -> list[str] | None:
    """The targets a `make …` command builds (`default` for none); None if it is not make."""
    words = shlex.split(re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", command))  # ${{ … }} is one word
    while words and re.match(r"^\w+=", words[0]):  # VAR=value make …
        words.pop(0)
    if not words or Path(words[0]).name != "make":
        return None
    args = words[1:]
    assert not MAKE_FLAGS_WITH_ARGUMENT & set(args), (
        f"{command!r}: CI runs make from the root, with its Makefile"
    )
    targets = [a for a in args if not a.startswith("-") and "=" not in a]
    return targets or [default]


def ci_run_commands() -> list[str]:
    """What `.ci/run` runs, after its shell set-up (set, cd)."""
    return [c for c in commands(CI_RUN.read_text()) if not c.startswith(("set ", "cd "))]


def steps(workflow: dict[str, Any]):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def run_commands(job: dict[str, Any]) -> list[str]:
    return [c for step in job.get("steps", []) if "run" in step for c in commands(step["run"])]


def uses(job: dict[str, Any], action: str) -> list[int]:
    """Indices of the job's steps that use `action` (any version)."""
    return [i for i, s in enumerate(job.get("steps", [])) if s.get("uses", "").split("@")[0] == action]


# The checks above, on what they must accept and refuse (so a passing run means something).


@pytest.mark.parametrize(
    "ref, ok",
    [
        ("actions/checkout@v4", True),
        ("actions/cache/save@v4", True),
        ("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", True),
        ("actions/checkout@main", False),
        ("actions/checkout@v4.1.1", False),
        ("actions/checkout", False),
        ("actions/checkout@11bd719", False),
    ],
)
def test_the_pin_check_accepts_a_major_version_or_a_commit_only(ref, ok):
    assert bool(PINNED.match(ref)) is ok


def test_the_make_parsers_find_targets_and_refuse_what_they_cannot_check():
    text = "SHELL := /bin/bash\nexport X := 1\n.PHONY: a b\na b: c\n\ttouch x\n$(VENV)/y: z\nc:\n"
    assert makefile_targets(text) == ["a", "b", "c"]
    script = "apt-get update -qq && apt-get install -y make\nX=1 make -k test-fast build \\\n  V=1; make\n"
    assert commands(script) == [
        "apt-get update -qq",
        "apt-get install -y make",
        "X=1 make -k test-fast build V=1",
        "make",
    ]
    assert [make_targets(c, "setup") for c in commands(script)] == [
        None,
        None,
        ["test-fast", "build"],
        ["setup"],
    ]
    assert make_targets("make shard SHARD=${{ matrix.shard }}/${{ strategy.job-total }}", "setup") == [
        "shard"
    ]
    with pytest.raises(AssertionError, match="from the root"):
        make_targets("make -C elsewhere test", "setup")


# The workflows themselves.


def test_there_are_workflows_and_the_makefile_parses():
    assert WORKFLOWS, "no workflow under .github/workflows"
    phony = re.search(r"^\.PHONY:(.*)$", MAKEFILE.read_text(), re.M)
    assert phony, "the Makefile declares its commands .PHONY"
    missing = set(phony.group(1).split()) - set(makefile_targets(MAKEFILE.read_text()))
    assert not missing, f"the target parser missed {missing}: fix makefile_targets"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_parses_into_triggers_and_jobs_with_steps(path):
    workflow = load(path)
    assert isinstance(workflow, dict) and triggers(workflow), f"{path.name}: no `on:` triggers"
    assert workflow.get("jobs"), f"{path.name}: no jobs"
    for name, job in workflow["jobs"].items():
        assert "runs-on" in job or "uses" in job, f"{path.name}: job {name} has no runs-on"
        assert job.get("steps") or "uses" in job, f"{path.name}: job {name} has no steps"
        for step in job.get("steps", []):
            assert ("run" in step) != ("uses" in step), (
                f"{path.name}: job {name}: a step runs or uses: {step}"
            )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_major_version_or_a_commit(path):
    workflow = load(path)
    refs = [s["uses"] for _, _, s in steps(workflow) if "uses" in s]
    refs += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]  # reusable workflows
    loose = [r for r in refs if not r.startswith("./") and not PINNED.match(r)]
    assert not loose, f"{path.name}: pin to @vN or a 40-hex commit: {loose}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_make_target_a_workflow_runs_is_in_the_makefile(path):
    targets = makefile_targets(MAKEFILE.read_text())
    for name, _, step in steps(load(path)):
        for command in commands(step.get("run", "")):
            for target in make_targets(command, targets[0]) or []:
                assert target in targets, (
                    f"{path.name}: job {name} runs `{command}`; the Makefile has {targets}"
                )


def test_ci_runs_on_every_push_and_pull_request_what_ci_run_runs():
    wanted = ci_run_commands()
    # The README's test command, then the one test it leaves out (see the Makefile).
    assert wanted == ["make test", "make test-determinism"], f".ci/run runs {wanted}"
    gating = []
    for path in WORKFLOWS:
        workflow = load(path)
        on = triggers(workflow)
        if "push" in on and "pull_request" in on and not (on["push"] or {}).get("branches"):
            for name, job in workflow["jobs"].items():
                # `!cancelled()`: after the jobs it needs, whether they passed or failed.
                runs = "if" not in job or re.fullmatch(r"\$\{\{\s*!cancelled\(\)\s*\}\}", str(job["if"]))
                unconditional = [s for s in job.get("steps", []) if "if" not in s] if runs else []
                ran = [c for s in unconditional if "run" in s for c in commands(s["run"])]
                if all(c in ran for c in wanted):
                    gating.append(f"{path.name}:{name}")
    assert gating, f"no job runs {wanted} unconditionally on every push and pull request"


def test_pages_deploy_only_a_build_made_after_the_tests_passed():
    found = 0
    for path in WORKFLOWS:
        workflow = load(path)
        jobs = workflow["jobs"]
        for name, job in jobs.items():
            if not uses(job, "actions/deploy-pages"):
                continue
            found += 1
            assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)", str(job.get("if", ""))), (
                f"{path.name}: job {name} deploys even when a job it needs failed"
            )
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            builders = [n for n in needs if uses(jobs[n], "actions/upload-pages-artifact")]
            assert builders, f"{path.name}: job {name} must need the job that uploads the site"
            for builder in builders:
                steps_ = jobs[builder]["steps"]
                upload = uses(jobs[builder], "actions/upload-pages-artifact")[0]
                ran = [i for i, s in enumerate(steps_) if "run" in s and "make test" in commands(s["run"])]
                assert ran and ran[0] < upload, (
                    f"{path.name}: job {builder} uploads the site before `make test`"
                )
                assert all("if" not in steps_[i] for i in ran), (
                    f"{path.name}: `make test` in {builder} is conditional"
                )
    assert found, "no workflow deploys the site with actions/deploy-pages"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_cache_is_saved_under_the_paths_it_is_restored_from(path):
    for name, job in load(path)["jobs"].items():
        restored = {i: job["steps"][i] for i in uses(job, "actions/cache/restore")}
        for i in uses(job, "actions/cache/save"):
            save = job["steps"][i]
            key = save["with"]["key"]
            match = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.cache-primary-key\s*\}\}", key)
            assert match, f"{path.name}: job {name} saves under {key!r}, not its restore step's primary key"
            restore = next((s for s in restored.values() if s.get("id") == match.group(1)), None)
            assert restore, f"{path.name}: job {name}: no restore step with id {match.group(1)}"
            assert save["with"]["path"] == restore["with"]["path"], f"{path.name}: job {name}: paths differ"
        for step in [job["steps"][i] for i in uses(job, "actions/cache")] + list(restored.values()):
            key = step["with"]["key"]
            for prefix in str(step["with"].get("restore-keys", "")).split("\n"):
                assert key.startswith(prefix.strip()), (
                    f"{path.name}: restore key {prefix!r} is no prefix of {key!r}"
                )


def makefile_recipe(text: str, target: str) -> list[str]:
    """The command lines of `target`'s rule (tab-indented lines after it)."""
    lines = text.splitlines()
    start = next(
        i for i, line in enumerate(lines) if RULE.match(line) and target in RULE.match(line).group(1).split()
    )
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def shard_jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: job
        for name, job in workflow["jobs"].items()
        if "shard" in (job.get("strategy") or {}).get("matrix", {})
    }


def test_the_shards_run_what_test_shard_runs_and_upload_the_records_they_wrote():
    """N is one setting (the matrix's list, counted by strategy.job-total); each machine
    runs `make shard`, whose command is test_shard.py's; it uploads the folder that
    command copies the share's records to."""
    (recipe,) = makefile_recipe(MAKEFILE.read_text(), "shard")
    words = shlex.split(recipe)
    assert words[:3] == ["$(BIN)/python", "-m", "snipexec"], recipe
    assert words[3:6] == [*SHARD, "$(SHARD)"] and words[6] == COPY_RECORDS, recipe
    copied = words[7].rstrip("/") + "/records"
    found = 0
    for path in WORKFLOWS:
        for name, job in shard_jobs(load(path)).items():
            found += 1
            shards = job["strategy"]["matrix"]["shard"]
            assert shards == list(range(1, len(shards) + 1)), f"{path.name}: {name}: shards 1..N: {shards}"
            assert job["strategy"].get("fail-fast") is False, "a failed shard must not cancel the others"
            assert "make shard SHARD=${{ matrix.shard }}/${{ strategy.job-total }}" in run_commands(job)
            (upload,) = uses(job, "actions/upload-artifact")
            step = job["steps"][upload]["with"]
            assert step["path"].rstrip("/") == copied, f"{path.name}: {name} uploads {step['path']}"
            if any(part.startswith(".") for part in copied.split("/")):
                assert step.get("include-hidden-files") is True, "upload-artifact leaves out dot folders"
            assert "${{ matrix.shard }}" in step["name"], "one artifact per shard"
            make = [i for i, s in enumerate(job["steps"]) if "make shard" in s.get("run", "")]
            restore = uses(job, "actions/cache/restore")
            assert restore and restore[0] < make[0] < upload, "restore, run the share, upload"
    assert found, "no workflow runs the shards (a job with strategy.matrix.shard)"


def test_the_test_job_needs_the_shards_and_copies_their_records_in_before_the_tests():
    for path in WORKFLOWS:
        workflow = load(path)
        for shard_name, shard_job in shard_jobs(workflow).items():
            artifact = shard_job["steps"][uses(shard_job, "actions/upload-artifact")[0]]["with"]["name"]
            tests = [
                (name, job) for name, job in workflow["jobs"].items() if "make test" in run_commands(job)
            ]
            assert tests, f"{path.name}: no job runs make test"
            for name, job in tests:
                needs = job.get("needs", [])
                assert shard_name in ([needs] if isinstance(needs, str) else needs), (
                    f"{name} needs {shard_name}"
                )
                (download,) = uses(job, "actions/download-artifact")
                step = job["steps"][download]["with"]
                assert step.get("merge-multiple") is True and step["path"] == ".cache/snipexec/records"
                assert artifact.startswith(step["pattern"].rstrip("*")), (
                    f"{step['pattern']} misses {artifact}"
                )
                ran = [i for i, s in enumerate(job["steps"]) if "make test" in commands(s.get("run", ""))]
                restore = uses(job, "actions/cache/restore")
                assert restore[0] < download < ran[0], "restore the cache, copy the records over it, test"
