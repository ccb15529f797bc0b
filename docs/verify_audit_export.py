#!/usr/bin/env python3
"""Verifies a Backup Gateway NDJSON audit export offline, optionally against a signed digest.

    python3 verify_audit_export.py audit.ndjson
    python3 verify_audit_export.py audit.ndjson --digest digest.json --public-key digest-key.pem

Without a digest it checks the integrity chain itself: every entry's hash, every link, no gap.
That catches a changed or removed entry, not a chain rewritten end to end by someone who
controls the database. With a digest (one from GET /v1/audit/digests or POST /v1/audit/digests,
saved as JSON) and the public key it was signed with (GET /v1/audit/digest-key, kept apart from
the gateway), it also checks the digest's signature and that the export's chain is the one the
digest signed, up to the digest's position, so a rewritten or cut history is caught too.

The chain needs only the Python standard library; the signature needs the `cryptography`
package (Debian: python3-cryptography). The algorithm is the one docs/audit.md specifies.
Exit status 0 when intact, 1 when broken, 2 on unusable input.
"""
import argparse
import base64
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
DIGEST_FORMAT = "backup-gateway-digest/v1"


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


def signed_text(digest):
    return "\n".join([DIGEST_FORMAT, digest["digest_id"], str(digest["chain_seq"]), digest["chain_hash"],
                      digest.get("previous_digest_id") or "", digest["signed_at"]])


def check_signature(digest, public_key_pem):
    """None when the digest is signed by this key, else why not."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_public_key(public_key_pem)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    key_id = hashlib.sha256(der).hexdigest()[:16]
    if key_id != digest["key_id"]:
        return "the digest was signed with key %s, not with this public key (%s)" % (digest["key_id"], key_id)
    try:
        key.verify(base64.b64decode(digest["signature"]), signed_text(digest).encode("utf-8"))
    except InvalidSignature:
        return "the digest's signature does not match its content"
    return None


def walk(entries):
    """Checks the chain; returns (problem or None, {chain_seq: chain_hash}, last chain_seq)."""
    sealed = sorted((e for e in entries if e.get("chain_seq") is not None), key=lambda e: e["chain_seq"])
    hashes = {0: GENESIS}
    previous = GENESIS
    expected_seq = 1
    for entry in sealed:
        if entry["chain_seq"] != expected_seq:
            return "broken at %s: an entry before it is missing" % entry["audit_id"], hashes, expected_seq - 1
        entry_hash = sha256(canonical(entry))
        if entry_hash != entry["entry_hash"]:
            return "broken at %s: its content differs from what was sealed" % entry["audit_id"], hashes, expected_seq - 1
        chain_hash = sha256(previous + entry_hash)
        if chain_hash != entry["chain_hash"]:
            return ("broken at %s: its link to the previous entry does not match" % entry["audit_id"], hashes,
                    expected_seq - 1)
        hashes[expected_seq] = chain_hash
        previous = chain_hash
        expected_seq += 1
    return None, hashes, expected_seq - 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export", help="a full NDJSON export (GET /v1/audit/export?format=ndjson, no filters)")
    parser.add_argument("--digest", help="a signed digest, as JSON")
    parser.add_argument("--public-key", help="the PEM public key the digest was signed with")
    args = parser.parse_args(argv)
    if (args.digest is None) != (args.public_key is None):
        print("--digest and --public-key go together", file=sys.stderr)
        return 2
    try:
        with open(args.export, encoding="utf-8") as export:
            entries = [json.loads(line) for line in export if line.strip()]
        digest = None
        if args.digest:
            with open(args.digest, encoding="utf-8") as file:
                digest = json.load(file)
            if "digests" in digest:
                digest = digest["digests"][0]
            with open(args.public_key, "rb") as file:
                public_key = file.read()
    except (OSError, ValueError, KeyError, IndexError) as ex:
        print("unusable input: %s" % ex, file=sys.stderr)
        return 2

    if digest is not None:
        problem = check_signature(digest, public_key)
        if problem:
            print("broken: " + problem)
            return 1
    problem, hashes, last = walk(entries)
    if problem:
        print(problem)
        return 1
    if digest is not None:
        if digest["chain_seq"] > last:
            print("broken: entries after entry %d are missing: digest %s signs the chain up to entry %d"
                  % (last, digest["digest_id"], digest["chain_seq"]))
            return 1
        if hashes[digest["chain_seq"]] != digest["chain_hash"]:
            print("broken: the chain up to entry %d is not the one digest %s signed: it was rewritten"
                  % (digest["chain_seq"], digest["digest_id"]))
            return 1
    sealed = len(hashes) - 1
    print("intact: %d sealed entries checked, %d not yet sealed, last chain hash %s%s"
          % (sealed, len(entries) - sealed, hashes[last],
             "; matches digest %s (entry %d, signed %s)" % (digest["digest_id"], digest["chain_seq"], digest["signed_at"])
             if digest is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
