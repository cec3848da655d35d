"""Walks a whole organization depth first with boto3's paginators, in one process: the baseline
orgtui's `snapshot` is measured against.

    python walk_org.py http://127.0.0.1:5000 [--tags]

Lists the OUs and accounts under each parent, depth first; with --tags also the tags of every OU
and account and each policy's content and targets (what `orgtui snapshot` fetches besides). Prints
{"ous": [...], "accounts": [...], "calls": n} as JSON.
"""
import argparse
import json
import sys

from moto_client import client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--tags", action="store_true")
    args = parser.parse_args()
    org = client(args.endpoint)
    calls = 0

    def pages(operation, key, **kwargs):
        nonlocal calls
        for page in org.get_paginator(operation).paginate(**kwargs):
            calls += 1
            yield from page[key]

    def tags(target):
        if args.tags:
            list(pages("list_tags_for_resource", "Tags", ResourceId=target))

    ous, accounts = [], []

    def walk(parent):
        for account in pages("list_accounts_for_parent", "Accounts", ParentId=parent):
            accounts.append(account["Id"])
            tags(account["Id"])
        for ou in pages("list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent):
            ous.append(ou["Id"])
            tags(ou["Id"])
            walk(ou["Id"])

    for root in pages("list_roots", "Roots"):
        tags(root["Id"])
        walk(root["Id"])
    if args.tags:
        for policy in pages("list_policies", "Policies", Filter="SERVICE_CONTROL_POLICY"):
            calls += 1
            org.describe_policy(PolicyId=policy["Id"])
            list(pages("list_targets_for_policy", "Targets", PolicyId=policy["Id"]))
    json.dump({"ous": sorted(ous), "accounts": sorted(accounts), "calls": calls}, sys.stdout)


if __name__ == "__main__":
    main()
