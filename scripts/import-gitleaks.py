#!/usr/bin/env python3
"""Imports token formats from gitleaks' published configuration (config/gitleaks.toml, MIT licence) as data
for rules/redact/token-formats.json. Usage: import-gitleaks.py GITLEAKS_TOML COMMIT > rules/redact/token-formats.json

Kept: every rule with a regex and keywords (the keywords let redaction skip lines that cannot hold the token),
except the few that src/redact finds by the key's name instead (generic-api-key and similar keyword-only rules,
whose patterns cost much and overlap the name-based pass). The patterns are RE2 syntax: kube-doctor runs them
with RE2JS, a linear-time engine, so none can backtrack."""
import json
import sys
import tomllib

# Found by name or place in src/redact (a secret-ish key, a flag, a header): their patterns are context rules.
SKIP = {"generic-api-key"}

def main() -> None:
    path, commit = sys.argv[1], sys.argv[2]
    with open(path, "rb") as f:
        config = tomllib.load(f)
    formats = []
    for rule in config["rules"]:
        if rule["id"] in SKIP or "regex" not in rule or not rule.get("keywords") or "path" in rule:
            continue
        entry = {"id": rule["id"], "regex": rule["regex"], "keywords": [k.lower() for k in rule["keywords"]]}
        if rule.get("secretGroup"):
            entry["secretGroup"] = rule["secretGroup"]
        if rule.get("entropy"):
            entry["entropy"] = rule["entropy"]
        formats.append(entry)
    out = {
        "source": f"gitleaks config/gitleaks.toml at commit {commit} (https://github.com/gitleaks/gitleaks)",
        "licence": "MIT License, Copyright (c) 2019 Zachary Rice",
        "formats": formats,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")

main()
