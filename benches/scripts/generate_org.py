"""Builds a large organization in a moto server, for orgtui's benchmarks.

    python generate_org.py http://127.0.0.1:5000 --accounts 500 --ous 60 [--depth 5]

OUs are spread over `--depth` levels under the root (each level holds more than the one above),
accounts round-robin over the root and every OU. Prints a JSON summary (ids by parent) on stdout.
Uses threads: moto's threaded server answers several calls at once, and 10,000 accounts take a while.
"""
import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3


def client(endpoint):
    return boto3.client(
        "organizations",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--ous", type=int, default=60)
    parser.add_argument("--depth", type=int, default=5)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    org = client(args.endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")

    # Level sizes grow geometrically so that the deepest levels hold most OUs, as in real orgs.
    weights = [2**i for i in range(args.depth)]
    sizes = [max(1, args.ous * w // sum(weights)) for w in weights]
    sizes[-1] += args.ous - sum(sizes)
    ous = []  # (id, parent)
    parents = [root]
    for level, size in enumerate(sizes):
        made = []
        for i in range(size):
            parent = parents[i % len(parents)]
            ou = org.create_organizational_unit(ParentId=parent, Name=f"ou-l{level}-{i:04d}")
            made.append(ou["OrganizationalUnit"]["Id"])
            ous.append((made[-1], parent))
        parents = made

    homes = [root] + [o for o, _ in ous]

    def make(i):
        c = client(args.endpoint)
        name = f"acct-{i:05d}"
        status = c.create_account(AccountName=name, Email=f"{name}@bench.example.com")
        account = status["CreateAccountStatus"]["AccountId"]
        home = homes[i % len(homes)]
        if home != root:
            c.move_account(AccountId=account, SourceParentId=root, DestinationParentId=home)
        return account, home

    with ThreadPoolExecutor(args.threads) as pool:
        accounts = list(pool.map(make, range(args.accounts)))
    json.dump({"root": root, "ous": dict(ous), "accounts": dict(accounts)}, sys.stdout)


if __name__ == "__main__":
    main()
