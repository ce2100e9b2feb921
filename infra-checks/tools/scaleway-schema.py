#!/usr/bin/env python3
"""Reads the Scaleway provider's Go schema literals at one tag and prints the facts the Terraform
check needs (attributes, nested blocks, deprecations, computed-only attributes) as JSON.

  git clone https://github.com/scaleway/terraform-provider-scaleway && cd terraform-provider-scaleway
  python3 scaleway-schema.py . v2.81.0 > scaleway-provider-2.81.json

Only the resources and data sources the fleet uses are listed in WANTED; add one there when
terraform/ starts using it.
"""
import json
import re
import subprocess
import sys

# terraform type -> (file under internal/services, function holding the schema map)
WANTED = {
    "resource": {
        "scaleway_instance_server": ("instance/server.go", "serverSchema"),
        "scaleway_instance_ip": ("instance/ip.go", "ipSchema"),
        "scaleway_instance_security_group": ("instance/security_group.go", "securityGroupSchema"),
        "scaleway_instance_placement_group": ("instance/placement_group.go", "placementGroupSchema"),
        "scaleway_lb": ("lb/lb.go", "lbSchema"),
        "scaleway_lb_ip": ("lb/ip.go", "ipSchema"),
        "scaleway_lb_backend": ("lb/backend.go", "backendSchema"),
        "scaleway_lb_frontend": ("lb/frontend.go", "frontendSchema"),
        "scaleway_lb_certificate": ("lb/certificate.go", "certificateSchema"),
        "scaleway_domain_record": ("domain/record.go", "recordSchema"),
    },
    "data": {
        "scaleway_instance_image": ("instance/image_data_source.go", "dataSourceImageSchema"),
    },
}


def matching(text, i):
    """Index of the bracket closing the one at text[i], skipping strings and comments."""
    pairs = {"{": "}", "(": ")", "[": "]"}
    stack = [pairs[text[i]]]
    j = i + 1
    while stack:
        c = text[j]
        if c == '"':
            j += 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
        elif c == "`":
            j = text.index("`", j + 1)
        elif c == "'":
            j = text.index("'", j + 2 if text[j + 1] == "\\" else j + 1)
        elif text.startswith("//", j):
            j = text.index("\n", j)
        elif c in pairs:
            stack.append(pairs[c])
        elif c == stack[-1]:
            stack.pop()
        j += 1
    return j - 1


def items(body):
    """Top-level comma separated items of a composite literal body."""
    out, depth, start, j = [], 0, 0, 0
    while j < len(body):
        c = body[j]
        if c in "{([":
            j = matching(body, j)
        elif c == '"':
            j += 1
            while body[j] != '"':
                j += 2 if body[j] == "\\" else 1
        elif c == "`":
            j = body.index("`", j + 1)
        elif c == "'":
            j = body.index("'", j + 2 if body[j + 1] == "\\" else j + 1)
        elif body.startswith("//", j):
            j = body.index("\n", j)
        elif c == ",":
            out.append(body[start:j])
            start = j + 1
        j += 1
    out.append(body[start:])
    cleaned = [re.sub(r"^(\s*//[^\n]*\n)+", "", x + "\n").strip() for x in out]
    return [x for x in cleaned if x and not x.startswith("//")]


def fields(literal):
    """Field name -> value text of a Go struct literal body."""
    out = {}
    for item in items(literal):
        m = re.match(r"(\w+)\s*:\s*(.*)$", item, re.S)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def schema_map(src, body):
    attrs = {}
    for item in items(body):
        m = re.match(r'"([a-z0-9_]+)"\s*:\s*(.*)$', item, re.S)
        if not m:
            continue
        name, value = m.group(1), m.group(2).strip()
        if not value.startswith("{"):
            # A shared helper such as zonal.Schema() or account.ProjectIDSchema(): settable.
            attrs[name] = {"helper": value, "computedOnly": "ComputedSchema" in value}
            continue
        f = fields(value[1:-1])
        a = {"type": f.get("Type", "").replace("schema.", "")}
        if "Deprecated" in f:
            a["deprecated"] = f["Deprecated"].strip('"`')
        if f.get("Computed") == "true" and f.get("Optional") != "true" and f.get("Required") != "true":
            a["computedOnly"] = True
        if f.get("Required") == "true":
            a["required"] = True
        elem = f.get("Elem", "")
        nested = None
        if elem.startswith("&schema.Resource{"):
            ef = fields(elem[len("&schema.Resource{"):-1])
            s = ef.get("Schema", "")
            if s.startswith("map[string]*schema.Schema{"):
                nested = s[len("map[string]*schema.Schema{"):-1]
        elif re.match(r"^\w+\(\)$", elem):
            nested = function_map(src, elem[:-2])
        if nested is not None:
            a["block"] = schema_map(src, nested)
        attrs[name] = a
    return attrs


def function_map(src, fn):
    start = src.index("func " + fn + "(")
    i = src.index("map[string]*schema.Schema{", start) + len("map[string]*schema.Schema")
    return src[i + 1:matching(src, i)]


def main():
    repo, tag = sys.argv[1], sys.argv[2]
    commit = subprocess.check_output(["git", "-C", repo, "rev-parse", tag + "^{commit}"], text=True).strip()
    out = {
        "provider": "scaleway/scaleway",
        "version": tag.lstrip("v"),
        "source": "https://github.com/scaleway/terraform-provider-scaleway",
        "tag": tag,
        "commit": commit,
        "note": "Extracted from the Go schema literals by infra-checks/tools/scaleway-schema.py. "
                "computedOnly attributes cannot be set; deprecated ones must not be.",
    }
    for kind, wanted in WANTED.items():
        out[kind] = {}
        for tf, (path, fn) in wanted.items():
            src = subprocess.check_output(["git", "-C", repo, "show", tag + ":internal/services/" + path], text=True)
            out[kind][tf] = {"file": "internal/services/" + path, "attributes": schema_map(src, function_map(src, fn))}
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


main()
