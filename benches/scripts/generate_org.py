"""Builds a large organization in a moto server, for orgtui's benchmarks.

    python generate_org.py http://127.0.0.1:5000 --accounts 500 --ous 60 [--depth 5] [--management 3]

OUs are spread over `--depth` levels under the root (each level holds more than the one above),
accounts round-robin over the root and every OU. With `--management N` (the default 3) the tag and
AI services opt-out policy types are enabled, a tag policy is attached to the first N top-level OUs
and an opt-out policy to the first (moto cannot make backup policies), so effective policies apply to some accounts and not others, as in real
organizations. Prints a JSON summary on stdout: the root, each OU's and account's parent, and every
policy with its type, content and targets.
Uses threads: moto's threaded server answers several calls at once, and 10,000 accounts take a while.
"""
import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor

from moto_client import client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint")
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--ous", type=int, default=60)
    parser.add_argument("--depth", type=int, default=5)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--management", type=int, default=3)
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
    levels = []  # the OUs of each level
    parents = [root]
    for level, size in enumerate(sizes):
        made = []
        levels.append(made)
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

    if args.management:
        # A few OUs of the third level (the first two hold a handful of OUs above everything), as a
        # real organization attaches tag policies to some business units and not others.
        top = levels[min(2, len(levels) - 1)][: args.management]
        tag = '{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}'
        # moto 5.2 cannot create backup policies (NotImplementedError): the second management type is
        # the AI services opt-out policy, which AWS also computes effective policies for.
        opt_out = '{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}'
        for kind, name, content, targets in [
            ("TAG_POLICY", "CostCenterTags", tag, top),
            ("AISERVICES_OPT_OUT_POLICY", "OptOutOfAIServices", opt_out, top[:1]),
        ]:
            org.enable_policy_type(RootId=root, PolicyType=kind)
            made = org.create_policy(Name=name, Description=name, Content=content, Type=kind)
            for target in targets:
                org.attach_policy(PolicyId=made["Policy"]["PolicySummary"]["Id"], TargetId=target)

    policies = []
    for kind in ["SERVICE_CONTROL_POLICY", "TAG_POLICY", "AISERVICES_OPT_OUT_POLICY"]:
        try:
            listed = org.list_policies(Filter=kind)["Policies"]
        except org.exceptions.PolicyTypeNotEnabledException:
            continue
        for policy in listed:
            described = org.describe_policy(PolicyId=policy["Id"])["Policy"]
            targets = [t["TargetId"] for t in org.list_targets_for_policy(PolicyId=policy["Id"])["Targets"]]
            policies.append({"id": policy["Id"], "type": kind, "content": described["Content"], "targets": targets})
    json.dump({"root": root, "ous": dict(ous), "accounts": dict(accounts), "policies": policies}, sys.stdout)


if __name__ == "__main__":
    main()
