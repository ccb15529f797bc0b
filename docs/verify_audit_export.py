#!/usr/bin/env python3
"""Verifies the integrity chain of a Backup Gateway NDJSON audit export, offline.

    python3 verify_audit_export.py audit.ndjson

Needs only the Python standard library. The algorithm is the one docs/audit.md specifies.
Exit status 0 when the chain is intact, 1 when it is broken, 2 on unusable input.
"""
import hashlib
import json
import sys

HASHED_FIELDS = [
    "audit_id", "occurred_at", "action", "actor", "actor_name", "team", "instance_id",
    "project_id", "backup_name", "description", "outcome", "http_status", "code",
    "upstream_status", "upstream_error_code", "job_id", "backup_id", "request_id",
    "idempotency_key", "client_ip", "user_agent", "duration_ms",
]
GENESIS = "0" * 64


def canonical(entry):
    lines = []
    for field in HASHED_FIELDS:
        value = entry.get(field)
        if value is None:
            lines.append(field + "=~\n")
        else:
            text = str(value)
            lines.append("%s=%d:%s\n" % (field, len(text.encode("utf-8")), text))
    return "".join(lines)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(path):
    with open(path, encoding="utf-8") as export:
        entries = [json.loads(line) for line in export if line.strip()]
    sealed = sorted((e for e in entries if e.get("chain_seq") is not None), key=lambda e: e["chain_seq"])
    previous = GENESIS
    expected_seq = 1
    for entry in sealed:
        if entry["chain_seq"] != expected_seq:
            print("broken at %s: an entry before it is missing" % entry["audit_id"])
            return 1
        entry_hash = sha256(canonical(entry))
        if entry_hash != entry["entry_hash"]:
            print("broken at %s: its content differs from what was sealed" % entry["audit_id"])
            return 1
        chain_hash = sha256(previous + entry_hash)
        if chain_hash != entry["chain_hash"]:
            print("broken at %s: its link to the previous entry does not match" % entry["audit_id"])
            return 1
        previous = chain_hash
        expected_seq += 1
    print("intact: %d sealed entries checked, %d not yet sealed, last chain hash %s"
          % (len(sealed), len(entries) - len(sealed), previous))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
