"""Run by .ci/schemathesis (inside the virtualenv that holds schemathesis): the served OpenAPI document against the
server itself, signed in as a real member, with every schemathesis check.

1. `mamori serve --demo` in a temporary directory; the demo accounts are read from what it prints.
2. Sign-in through the login form as `sato` (supervisor) and as `admin` (contractor administrator: TOTP enrolled at
   first sign-in, the code computed from the secret the page shows).
3. schemathesis runs on /api/openapi.yaml once per account: the session cookie as the document's `session` scheme,
   the session's CSRF token as the `X-CSRF-Token` header the write operations declare, the demo contract as
   `{contract}`, a recorded record of each kind as `{record}`, and the demo's people, assets, approvals and clauses as
   the values of the reference fields (so that writes are accepted, not only refused).
4. The server's own counters (/metrics) give the number of requests and every 5xx; the server must still be running
   and /healthz must answer at the end.

Exit 1 on any 5xx, a crash, a failed schemathesis check, or fewer requests than --min-requests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

import yaml
from xml.etree import ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mamori_ci as ci  # noqa: E402


def metrics(port: int) -> Counter:
    """mamori_http_requests_total by (method, route, status)."""
    counts: Counter = Counter()
    text = ci.request(port, "GET", "/metrics").text
    for m in re.finditer(r'^mamori_http_requests_total\{(.*)\} (\d+)$', text, re.M):
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        counts[(labels.get("method", "?"), labels.get("route", "?"), labels.get("status", "?"))] += int(m.group(2))
    return counts


def failures(run_dir: str) -> list[tuple[str, str, str, str]]:
    """(code, operation, what, reproduction) of each failure in the run's JUnit report."""
    found = []
    for name in sorted(os.listdir(run_dir)):
        if not (name.startswith("junit") and name.endswith(".xml")):
            continue
        for case in ElementTree.parse(os.path.join(run_dir, name)).iter("testcase"):
            for failure in case.iter("failure"):
                text = failure.text or ""
                lines = [line.strip() for line in text.splitlines() if line.strip()]
                code = failure.get("message", "?")
                what = next((l for l in lines if l.startswith(("Received:", "Valid data", "Unsupported method", "Got ", "Response"))), "")
                status = re.search(r"^\[(\d+)\]", text, re.M)
                detail = re.search(r'"detail":"((?:[^"\\]|\\.)*)"', text)
                curl = [l for l in lines if l.startswith("curl ")]
                found.append((code, case.get("name", "?"),
                              " ".join(filter(None, [what, f"[{status.group(1)}]" if status else "", detail.group(1)[:160] if detail else ""])),
                              " && ".join(curl)))
    return found


def toml_string(value: str) -> str:
    return json.dumps(value)  # a TOML basic string is a JSON string for what we write


def config(session: ci.Session, contract: str, records: dict[str, str], references: dict[str, list[str]],
           operations: list[tuple[str, str, str]], args) -> str:
    """schemathesis.toml for one signed-in member."""
    lines = [
        f"workers = {args.workers}",
        "suppress-health-check = [\"too_slow\", \"filter_too_much\", \"data_too_large\"]",
        f"seed = {args.seed}" if args.seed else "",
        "",
        "[auth.openapi.session]",
        f"api_key = {toml_string(session.token)}",
        "",
        "[generation]",
        f"max-examples = {args.max_examples}",
        "",
        "# A body over the documented size limit is refused with the documented 413 before it is read.",
        "[checks.negative_data_rejection]",
        "expected-statuses = [\"400\", \"401\", \"403\", \"404\", \"405\", \"406\", \"409\", \"413\", \"415\", \"422\", \"428\", \"429\", \"5xx\"]",
        "",
        "[phases.stateful]",
        "max-steps = 6",
        "",
        "[parameters]",
        f"\"path.contract\" = {toml_string(contract)}",
        f"\"header.X-CSRF-Token\" = {toml_string(session.csrf)}",
    ]
    for name, values in references.items():
        if values:
            lines.append(f"\"body.{name}\" = {{ dictionary = \"{name}\" }}")
    lines.append("")
    for name, values in references.items():
        if values:
            lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    # A step applies once to a record ({record} is pinned to one): "already recorded" (422) is its state, not a
    # refusal of valid data. The agent's calls are signed: a body the schema allows is refused (400) unless its
    # device ID matches its key and its signature verifies, which no generator can know.
    accepted = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
    for operation_id, kind, _step in operations:
        lines += ["[[operations]]", f"include-operation-id = {toml_string(operation_id)}"]
        if kind in records:
            lines.append(f"parameters = {{ \"path.record\" = {toml_string(records[kind])} }}")
        lines += [f"checks = {{ positive_data_acceptance = {{ expected-statuses = {json.dumps(accepted + ['422'])} }} }}", ""]
    # A record the schema allows may still break a rule of the records that no schema can say (a day in the future,
    # a return due before the day received, a person not on this contract's roster): 422 naming the field.
    lines += ["[[operations]]", "include-operation-id-regex = \"^record-\"",
              f"checks = {{ positive_data_acceptance = {{ expected-statuses = {json.dumps(accepted + ['422'])} }} }}", ""]
    lines += ["[[operations]]", "include-path-regex = \"^/agent/\"",
              f"checks = {{ positive_data_acceptance = {{ expected-statuses = {json.dumps(accepted + ['400'])} }} }}", ""]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=None)
    parser.add_argument("--schemathesis", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis_cli.py"),
                        help="schemathesis's command line (a .py file runs with this Python)")
    parser.add_argument("--max-time", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_TIME", "270")),
                        help="seconds of schemathesis in all (shared by the accounts)")
    parser.add_argument("--min-requests", type=int, default=int(os.environ.get("SCHEMATHESIS_MIN_REQUESTS", "2000")))
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "30")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SCHEMATHESIS_WORKERS", "2")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SCHEMATHESIS_SEED", "0")))
    parser.add_argument("--accounts", default=os.environ.get("SCHEMATHESIS_ACCOUNTS", "sato,admin"))
    parser.add_argument("--fail-on", choices=["all", "5xx"], default=os.environ.get("SCHEMATHESIS_FAIL_ON", "all"),
                        help="all: any failed check fails the run; 5xx: only server errors, crashes and too few requests")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (reports, server log)")
    args = parser.parse_args()

    started = time.monotonic()
    bin_path = ci.binary(args.bin)
    work = tempfile.mkdtemp(prefix="mamori-schemathesis-")
    server = ci.Server(bin_path, os.path.join(work, "mamori-data"), demo=True, log=os.path.join(work, "serve.log"))
    problems: list[str] = []
    check_failures: list[tuple[str, str, str, str, str]] = []
    try:
        server.start()
        print(f"schemathesis: mamori serve --demo on 127.0.0.1:{server.port} (pid {server.proc.pid}), work dir {work}", flush=True)
        accounts = server.accounts()
        logins = [login for login in args.accounts.split(",") if login]
        missing = [login for login in logins if login not in accounts]
        if missing:
            raise RuntimeError(f"serve --demo printed no account for {missing}: {server.output()[-2000:]}")
        sessions = [ci.sign_in(server.port, login, accounts[login]) for login in logins]
        for s in sessions:
            print(f"  signed in as {s.login}{' (TOTP enrolled and answered)' if s.totp_secret else ''}: "
                  f"{len(s.contracts)} contract(s)", flush=True)
        contract = sessions[0].contracts[0]["id"]

        document = yaml.safe_load(ci.request(server.port, "GET", "/api/openapi.yaml").text)
        operations: list[tuple[str, str, str]] = []  # (operationId, kind, step) of the step operations
        kinds = set()
        for path, item in document["paths"].items():
            m = re.fullmatch(r"/contracts/\{contract\}/records/([^/]+)(?:/\{record\}/([^/]+))?", path)
            if not m:
                continue
            kinds.add(m.group(1))
            if m.group(2):
                operations.append((item["post"]["operationId"], m.group(1), m.group(2)))
        total_ops = sum(len([k for k in item if k in ("get", "post", "put", "delete", "patch")]) for item in document["paths"].values())
        print(f"  {total_ops} operations in /api/openapi.yaml, {len(kinds)} kinds of record, {len(operations)} steps", flush=True)

        # A recorded record of each kind for {record}, and the reference values the forms offer.
        admin_view = sessions[-1]
        records: dict[str, str] = {}
        listed: dict[str, list[dict]] = {}
        for kind in sorted(kinds):
            r = ci.request(server.port, "GET", f"/api/v1/contracts/{contract}/records/{kind}", headers=admin_view.headers())
            if r.status != 200:
                problems.append(f"GET /api/v1/contracts/{contract}/records/{kind} -> {r.status} before fuzzing")
                continue
            listed[kind] = r.json()
            if listed[kind]:
                records[kind] = listed[kind][-1]["id"]
        ids = lambda kind: [r["id"] for r in listed.get(kind, [])]  # noqa: E731
        clauses = sorted({c["clause_id"] for c in ci.request(server.port, "GET", f"/api/v1/contracts/{contract}/evaluation",
                                                           headers=admin_view.headers()).json()})
        references = {"person_id": ids("person"), "requested_by": ids("person"), "asset_id": ids("asset"),
                      "approval_id": ids("approval"), "clause_id": clauses}

        before = metrics(server.port)
        share = max(30, args.max_time // len(sessions))
        for index, session in enumerate(sessions):
            run_dir = os.path.join(work, f"run-{session.login}")
            os.makedirs(run_dir)
            with open(os.path.join(run_dir, "schemathesis.toml"), "w") as f:
                f.write(config(session, contract, records, references, operations, args))
            launcher = [sys.executable, args.schemathesis] if args.schemathesis.endswith(".py") else [args.schemathesis]
            command = launcher + ["--config-file", os.path.join(run_dir, "schemathesis.toml"), "run",
                       f"http://127.0.0.1:{server.port}/api/openapi.yaml", "--checks", "all",
                       "--max-time", str(share), "--report", "junit,ndjson", "--report-dir", run_dir,
                       "--output-truncate", "false", "--no-color"]
            print(f"\n== schemathesis as {session.login} (up to {share} s): {' '.join(command)}", flush=True)
            t0 = time.monotonic()
            code = subprocess.run(command, cwd=run_dir).returncode
            print(f"== schemathesis as {session.login}: exit {code} in {time.monotonic() - t0:.0f} s", flush=True)
            found = failures(run_dir)
            for failure in found:
                check_failures.append((session.login,) + failure)
            if code != 0 and not found:
                problems.append(f"schemathesis as {session.login} exited {code} without a failure in its report (see above)")
            if not server.alive():
                problems.append(f"the server died during the run as {session.login} (exit {server.proc.returncode}); log {server.log}")
                break
        if server.alive():
            after = metrics(server.port)
            delta = after - before
            total = sum(delta.values())
            errors = {k: v for k, v in delta.items() if k[2].startswith("5")}
            by_status = Counter()
            for (_method, _route, status), n in delta.items():
                by_status[status] += n
            print(f"\nrequests answered during fuzzing (server's /metrics): {total}; by status: "
                  + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items())), flush=True)
            for (method, route, status), n in sorted(errors.items()):
                problems.append(f"{n} × {status} on {method} {route}")
            if total < args.min_requests:
                problems.append(f"only {total} requests (at least {args.min_requests} wanted)")
            if not server.healthy():
                problems.append("/healthz does not answer 200 after fuzzing")
        unhandled = [line for line in server.output().splitlines() if "unhandled error" in line or "Fatal error" in line]
        for line in unhandled[:10]:
            problems.append(f"server log: {line.strip()[:300]}")
    except Exception as error:
        problems.append(f"{type(error).__name__}: {error}")
    finally:
        alive = server.alive()
        status = server.stop()
        if not alive and server.proc is not None:
            problems.append(f"the server was not running at the end (exit status {status}); log tail:\n{server.output()[-3000:]}")
    elapsed = time.monotonic() - started
    if check_failures:
        print(f"\nfailed schemathesis checks ({len(check_failures)}, one per operation and kind of failure):")
        for login, code, operation, what, curl in sorted(check_failures, key=lambda f: (f[1], f[2], f[0])):
            print(f"  {code} {operation} (as {login}): {what}\n      {curl}")
        server_errors = [f for f in check_failures if f[1] in ("ST101",) or re.search(r"\[5\d\d\]", f[3])]
        if args.fail_on == "all":
            problems.append(f"{len(check_failures)} failed schemathesis checks (listed above)")
        elif server_errors:
            problems.append(f"{len(server_errors)} server errors found by schemathesis (listed above)")
    if problems:
        print(f"\nschemathesis: FAILED in {elapsed:.0f} s (work dir kept: {work})")
        for p in problems:
            print(f"  - {p}")
        return 1
    ignored = f" ({len(check_failures)} failed checks above not counted: --fail-on 5xx)" if check_failures else ""
    print(f"\nschemathesis: passed in {elapsed:.0f} s{ignored}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
