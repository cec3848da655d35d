"""Takes the snapshot orgtui took before it learned to make fewer calls, with boto3: the baseline
for `cargo bench --bench throttle`.

    python snapshot_boto3.py http://127.0.0.1:5000 [--threads 8] [--retry-mode standard|adaptive] [--quick]

The calls: DescribeOrganization, ListRoots, for each parent ListOrganizationalUnitsForParent and
ListAccountsForParent, ListTagsForResource for the root and every OU and account, ListPolicies for
every type enabled in the root, DescribePolicy and ListTargetsForPolicy for every policy,
ListHandshakesForOrganization, and DescribeEffectivePolicy for every account and management type
(with --quick: only the structure, the policies and their targets). `--threads` of them at a time,
each parent's children as soon as the parent is listed. Prints
{"ous": [...], "accounts": [...], "calls": n, "seconds": s} as JSON; exits 1 with the error if a call
fails for good (boto3's standard retry mode gives up on throttling after 3 attempts).
"""
import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED

from botocore.config import Config

from moto_client import client

MANAGEMENT = {"TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--retry-mode", default="standard", choices=["standard", "adaptive", "legacy"])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    # One client for all threads (boto3 clients are thread-safe): adaptive mode's rate limiter is
    # per client, so it paces all of them together.
    org = client(args.endpoint, Config(retries={"mode": args.retry_mode}, max_pool_connections=max(10, args.threads)))
    lock = threading.Lock()
    calls = 0

    def pages(operation, key, **kwargs):
        nonlocal calls
        items = []
        for page in org.get_paginator(operation).paginate(**kwargs):
            with lock:
                calls += 1
            items.extend(page[key])
        return items

    def one(operation, **kwargs):
        nonlocal calls
        with lock:
            calls += 1
        return getattr(org, operation)(**kwargs)

    started = time.monotonic()
    one("describe_organization")
    roots = pages("list_roots", "Roots")
    types = sorted({t["Type"] for r in roots for t in r.get("PolicyTypes", []) if t["Status"] == "ENABLED"})
    ous, accounts = [], []
    pool = ThreadPoolExecutor(args.threads)
    pending = set()

    def children(parent):
        return (
            "children",
            pages("list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent),
            pages("list_accounts_for_parent", "Accounts", ParentId=parent),
        )

    def tags(target):
        if not args.quick:
            pending.add(pool.submit(lambda: ("tags", pages("list_tags_for_resource", "Tags", ResourceId=target))))

    def policy(policy_id):
        return ("policy", one("describe_policy", PolicyId=policy_id), pages("list_targets_for_policy", "Targets", PolicyId=policy_id))

    for root in roots:
        pending.add(pool.submit(children, root["Id"]))
        tags(root["Id"])
    for kind in types:
        pending.add(pool.submit(lambda kind=kind: ("policies", pages("list_policies", "Policies", Filter=kind))))
    if not args.quick:
        pending.add(pool.submit(lambda: ("handshakes", pages("list_handshakes_for_organization", "Handshakes"))))
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                if result[0] == "policies":
                    for p in result[1]:
                        pending.add(pool.submit(policy, p["Id"]))
                elif result[0] == "children":
                    _, child_ous, child_accounts = result
                    for ou in child_ous:
                        ous.append(ou["Id"])
                        pending.add(pool.submit(children, ou["Id"]))
                        tags(ou["Id"])
                    for account in child_accounts:
                        accounts.append(account["Id"])
                        tags(account["Id"])
        if not args.quick:
            management = [t for t in types if t in MANAGEMENT]

            def effective(account, kind):
                try:
                    one("describe_effective_policy", TargetId=account, PolicyType=kind)
                except org.exceptions.EffectivePolicyNotFoundException:
                    pass

            futures = [pool.submit(effective, a, t) for a in accounts for t in management]
            for future in futures:
                future.result()
    except Exception as e:  # noqa: BLE001 - the benchmark reports any failure as it came
        print(f"failed after {time.monotonic() - started:.2f} s and {calls} calls: {e}", file=sys.stderr)
        pool.shutdown(wait=False, cancel_futures=True)
        sys.exit(1)
    pool.shutdown()
    json.dump(
        {"ous": sorted(ous), "accounts": sorted(accounts), "calls": calls, "seconds": time.monotonic() - started},
        sys.stdout,
    )


if __name__ == "__main__":
    main()
