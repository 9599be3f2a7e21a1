#!/usr/bin/env python3
"""Index a kubernetes/enhancements checkout the straightforward way (PyYAML), for comparison.

Does the same work as `KepIndex::from_dir`: every keps/**/kep.yaml (scalars as strings),
every PRR file, OWNERS_ALIASES, and each README.md scanned line by line for the release-team
sections; then the status/stage lists and CI's PRR rule. Prints one JSON object with the
counts and the time per run (interpreter start-up excluded).

    python3 scripts/keps_index.py ../shared/kep-corpus [--runs 5] [--loader base|cbase]
"""

import argparse
import json
import os
import re
import statistics
import sys
import time

import yaml

STATUSES = {"provisional", "implementable", "implemented", "deferred", "rejected", "withdrawn", "replaced"}
STAGES = {"alpha", "beta", "stable", "deprecated", "disabled", "removed"}
SECTIONS = {
    "release signoff checklist": "checklist",
    "test plan": "test_plan",
    "graduation criteria": "graduation",
    "production readiness review questionnaire": "prr",
}
HEADING = re.compile(r"^(#{1,6})(?:\s+(.*))?$")
BOX = re.compile(r"^(?:[-*] )?\s*\[([ xX])\]")


def walk(root):
    keps, readmes, prrs = [], [], []
    for dirpath, _dirs, files in os.walk(os.path.join(root, "keps")):
        rel = os.path.relpath(dirpath, root)
        for name in files:
            path = os.path.join(dirpath, name)
            if rel.startswith("keps/prod-readiness/") and name.endswith(".yaml"):
                prrs.append(path)
            elif name == "kep.yaml":
                keps.append(path)
            elif name == "README.md" and rel not in ("keps", "keps/prod-readiness"):
                readmes.append(path)
    return keps, readmes, prrs


def scan_readme(text):
    found = {"checklist": None, "test_plan": None, "graduation": False, "prr": False}
    section, level, hidden = None, 0, False
    for line in text.splitlines():
        s = line.lstrip()
        was_hidden = hidden
        if hidden:
            hidden = "-->" not in s
        elif s.startswith("<!--"):
            hidden, was_hidden = "-->" not in s[4:], True
        m = HEADING.match(s)
        if m:
            lvl, title = len(m.group(1)), (m.group(2) or "").strip().lower()
            if section and lvl <= level:
                section = None
            for prefix, key in SECTIONS.items():
                if title.startswith(prefix):
                    section, level = key, lvl
                    if key == "checklist":
                        found[key] = [0, 0]
                    elif key == "test_plan":
                        found[key] = {"ack": None}
                    else:
                        found[key] = True
            continue
        if was_hidden:
            continue
        b = BOX.match(s)
        if b and section == "checklist":
            found["checklist"][1] += 1
            found["checklist"][0] += b.group(1) != " "
        elif b and section == "test_plan" and "understand the owners" in s:
            found["test_plan"]["ack"] = b.group(1) != " "
    return found


def tolerant(version):
    text = (version or "").strip().lstrip("v")
    parts = text.split(".")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts + ["0"] * (3 - len(parts)))


def index(root, loader):
    keps, readmes, prrs = walk(root)
    nbytes = 0
    with open(os.path.join(root, "OWNERS_ALIASES"), "rb") as f:
        data = f.read()
    nbytes += len(data)
    aliases = yaml.load(data, Loader=loader)["aliases"]
    approvers = set(aliases.get("prod-readiness-approvers", [])) | set(
        aliases.get("prod-readiness-approvers-emeritus", []))
    prr_files = {}
    for path in prrs:
        with open(path, "rb") as f:
            data = f.read()
        nbytes += len(data)
        prr_files[os.path.relpath(path, root)] = yaml.load(data, Loader=loader) or {}
    sections = {}
    for path in readmes:
        with open(path, "rb") as f:
            data = f.read()
        nbytes += len(data)
        sections[os.path.dirname(path)] = scan_readme(data.decode("utf-8", "replace"))
    counts = {"status": {}, "needs_prr": 0, "prr_ok": 0, "bad_status": 0, "bad_stage": 0}
    for path in keps:
        with open(path, "rb") as f:
            data = f.read()
        nbytes += len(data)
        if "NNNN-kep-template" in path:
            continue
        kep = yaml.load(data, Loader=loader) or {}
        status, stage = kep.get("status", ""), kep.get("stage", "") or ""
        counts["status"][status] = counts["status"].get(status, 0) + 1
        counts["bad_status"] += status not in STATUSES
        counts["bad_stage"] += bool(stage) and stage not in STAGES
        kep["readme"] = sections.get(os.path.dirname(path))
        if status in ("implementable", "implemented"):
            milestone = kep.get("latest-milestone", "") or ""
            version = tolerant(milestone)
            if milestone and stage and version is not None and version < (1, 21, 0):
                continue
            counts["needs_prr"] += 1
            prr = prr_files.get(f"keps/prod-readiness/{kep.get('owning-sig')}/{kep.get('kep-number')}.yaml")
            approver = ((prr or {}).get(stage) or {}).get("approver", "").lstrip("@")
            counts["prr_ok"] += approver in approvers
    kep_readmes = [s for d, s in sections.items() if not d.endswith("NNNN-kep-template")]
    readme_counts = {
        "checklist": sum(s["checklist"] is not None for s in kep_readmes),
        "test_plan": sum(s["test_plan"] is not None for s in kep_readmes),
        "graduation": sum(s["graduation"] for s in kep_readmes),
        "prr": sum(s["prr"] for s in kep_readmes),
    }
    files = {"kep": len(keps), "prr": len(prrs), "readme": len(readmes), "bytes": nbytes}
    return {"files": files, "counts": counts, "readme": readme_counts}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--loader", choices=["base", "cbase"], default="base")
    args = parser.parse_args()
    loader = yaml.BaseLoader if args.loader == "base" else yaml.CBaseLoader
    times, result = [], None
    for _ in range(args.runs):
        start = time.perf_counter()
        result = index(args.repo, loader)
        times.append((time.perf_counter() - start) * 1000)
    result["loader"] = loader.__name__
    result["runs"] = args.runs
    result["median_ms"] = round(statistics.median(times), 1)
    result["min_ms"] = round(min(times), 1)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
