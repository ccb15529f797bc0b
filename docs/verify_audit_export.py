#!/usr/bin/env python3
"""Verifies a Backup Gateway audit export (NDJSON or CSV) offline, optionally against a signed digest.

    python3 verify_audit_export.py audit.ndjson
    python3 verify_audit_export.py audit.csv --digest digest.json --public-key digest-key.pem
    python3 verify_audit_export.py audit.ndjson --digest digest-end.json --public-key digest-end-key.pem \
        --from-digest digest-start.json --from-public-key digest-start-key.pem

Without a digest it checks the integrity chain itself: every entry's hash, every link, no gap.
That catches a changed or removed entry, not a chain rewritten end to end by someone who
controls the database. With a digest (one from GET /v1/audit/digests or POST /v1/audit/digests,
saved as JSON) and the public key it was signed with (GET /v1/audit/digest-key, kept apart from
the gateway), it also checks the digest's signature and that the export's chain is the one the
digest signed, up to the digest's position, so a rewritten or cut history is caught too.
With --from-digest the export may start after the chain's beginning (an evidence bundle of the
audit console): the walk starts from that signed digest's position and hash instead of from
the first entry, so a stretch of the chain is checked between two signed digests.

A CSV export is read as the gateway writes it (docs/design.md 3.3): an empty cell is null, a
quoted empty cell ("") an empty text, and one leading ' is the export's guard against formulas.
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
    "idempotency_key", "client_ip", "user_agent", "duration_ms", "grant",
]
# members with a line only when they have a value (added after entries were first chained)
OPTIONAL_FIELDS = {"grant"}
GENESIS = "0" * 64
DIGEST_FORMAT = "backup-gateway-digest/v1"


def canonical(entry):
    lines = []
    for field in HASHED_FIELDS:
        value = entry.get(field)
        if value is None and field in OPTIONAL_FIELDS:
            continue
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


NUMBERS = {"http_status", "upstream_status", "duration_ms", "chain_seq"}


def csv_records(text):
    """RFC 4180 records of cells; a cell is None when empty and unquoted, else its text."""
    records, record, cell, quoted, i = [], [], [], False, 0
    was_quoted = False
    while i < len(text):
        c = text[i]
        if quoted:
            if c == '"' and text.startswith('""', i):
                cell.append('"')
                i += 2
                continue
            if c == '"':
                quoted = False
            else:
                cell.append(c)
        elif c == '"':
            quoted, was_quoted = True, True
        elif c == ',' or c == '\r' or c == '\n':
            if c == '\r' and not text.startswith('\r\n', i):
                raise ValueError("a bare CR outside quotes")
            record.append("".join(cell) if cell or was_quoted else None)
            cell, was_quoted = [], False
            if c != ',':
                records.append(record)
                record = []
                i += 2 if c == '\r' else 1
                continue
        else:
            cell.append(c)
        i += 1
    if quoted:
        raise ValueError("an unterminated quoted cell")
    if cell or was_quoted or record:
        record.append("".join(cell) if cell or was_quoted else None)
        records.append(record)
    return records


def csv_entries(text):
    records = csv_records(text)
    if not records or records[0][:2] != ["audit_id", "occurred_at"]:
        raise ValueError("not a Backup Gateway CSV export (no header row)")
    header = records[0]
    entries = []
    for record in records[1:]:
        if len(record) != len(header):
            raise ValueError("a row with %d cells under a header of %d" % (len(record), len(header)))
        entry = {}
        for name, value in zip(header, record):
            if value is not None and value.startswith("'"):
                value = value[1:]
            if value is not None and name in NUMBERS:
                value = int(value)
            entry[name] = value
        entries.append(entry)
    return entries


def read_export(path):
    with open(path, encoding="utf-8", newline="") as export:
        text = export.read()
    if text.startswith("audit_id,"):
        return csv_entries(text)
    # lines end at \n only: str.splitlines() would also cut at U+2028 or NEL inside a value
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def walk(entries, start_seq=0, start_hash=GENESIS):
    """Checks the chain from a position whose hash is known (the start, or a signed digest's);
    returns (problem or None, {chain_seq: chain_hash}, last chain_seq)."""
    sealed = sorted((e for e in entries if e.get("chain_seq") is not None and e["chain_seq"] > start_seq),
                    key=lambda e: e["chain_seq"])
    hashes = {start_seq: start_hash}
    previous = start_hash
    expected_seq = start_seq + 1
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
    parser.add_argument("export", help="a full export (GET /v1/audit/export?format=ndjson or csv, no filters)")
    parser.add_argument("--digest", help="a signed digest, as JSON")
    parser.add_argument("--public-key", help="the PEM public key the digest was signed with")
    parser.add_argument("--from-digest", help="a signed digest where the export's stretch of the chain begins")
    parser.add_argument("--from-public-key", help="its PEM public key (default: --public-key)")
    args = parser.parse_args(argv)
    if (args.digest is None) != (args.public_key is None):
        print("--digest and --public-key go together", file=sys.stderr)
        return 2
    if args.from_digest is not None and args.digest is None:
        print("--from-digest needs --digest: a stretch is checked between two signed digests", file=sys.stderr)
        return 2
    try:
        entries = read_export(args.export)
        digest = None
        if args.digest:
            with open(args.digest, encoding="utf-8") as file:
                digest = json.load(file)
            if "digests" in digest:
                digest = digest["digests"][0]
            with open(args.public_key, "rb") as file:
                public_key = file.read()
        start = None
        if args.from_digest:
            with open(args.from_digest, encoding="utf-8") as file:
                start = json.load(file)
            with open(args.from_public_key or args.public_key, "rb") as file:
                start_key = file.read()
    except (OSError, ValueError, KeyError, IndexError) as ex:
        print("unusable input: %s" % ex, file=sys.stderr)
        return 2

    if digest is not None:
        problem = check_signature(digest, public_key)
        if problem:
            print("broken: " + problem)
            return 1
    start_seq, start_hash = 0, GENESIS
    if start is not None:
        problem = check_signature(start, start_key)
        if problem:
            print("broken: the starting digest: " + problem)
            return 1
        start_seq, start_hash = start["chain_seq"], start["chain_hash"]
    problem, hashes, last = walk(entries, start_seq, start_hash)
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
    if start is not None:
        print("from digest %s (entry %d, signed %s):" % (start["digest_id"], start_seq, start["signed_at"]))
    print("intact: %d sealed entries checked, %d not yet sealed, last chain hash %s%s"
          % (sealed, len(entries) - sealed, hashes[last],
             "; matches digest %s (entry %d, signed %s)" % (digest["digest_id"], digest["chain_seq"], digest["signed_at"])
             if digest is not None else ""))
    # entries outside the chain are vouched for by nothing here: a pending one is still in
    # flight, a finished one is sealed within seconds unless the gateway refused to chain it
    # (GET /v1/audit/verify names those)
    outside = [e["audit_id"] for e in entries if e.get("chain_seq") is None and e.get("outcome") != "pending"]
    if outside:
        print("not vouched for: %d finished entries are outside the chain, so neither the chain nor a digest "
              "speaks for them: %s%s" % (len(outside), ", ".join(outside[:10]), ", ..." if len(outside) > 10 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
