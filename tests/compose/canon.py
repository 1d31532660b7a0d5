#!/usr/bin/env python3
"""canon.py - reduce a `config` output to one canonical JSON form.

composelint's `config` output and docker-compose v1's `config` output print the
same compose model in different shapes: v1 resolves relative paths to absolute
ones, prints ports and volumes in its own mix of short and long syntax, types
some scalars, sorts some lists, and adds `version`.  This script maps both onto
one canonical JSON document so that tests/run-cases.sh can compare them
with a plain diff.

    canon.py [OPTIONS] FILE
        print the canonical JSON of FILE (a YAML document, `-` for stdin)
    canon.py [OPTIONS] --compare A B
        exit 0 when A and B are the same model, 1 with a unified diff when not
    canon.py --self-test
        check the canonicalization itself on built-in pairs of documents

    OPTIONS: --case-dir DIR (where the tools ran; default .), --project-dir DIR
    (what relative paths in a document are relative to; default the case
    directory), --project NAME (for implicit resource names; default the case
    directory's name as compose derives it).

Rules of the road:
- Every transformation below is one the compose model itself makes meaningless
  (two spellings of one thing, a default written or left out, a set printed in
  some order); each carries a one-line comment saying why.
- Nothing that changes what would run is dropped.  Input that cannot be
  canonicalized (an unknown port or volume key, an unparsable mode, a duplicate
  key, a key left unresolved such as `extends`) is an error: exit 2 with a
  message, never a silent pass.
- Both documents go through exactly the same code; nothing depends on which
  tool printed a document.

Exit status: 0 equal (or printed), 1 different, 2 cannot canonicalize / usage.
"""

import difflib
import json
import os
import re
import shlex
import sys

import yaml


class CanonError(Exception):
    """Input that cannot be canonicalized honestly."""


def fail(path, msg):
    raise CanonError("%s: %s" % (path, msg))


# ---- YAML loading ------------------------------------------------------------

class Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like plain scalars and duplicate-key detection.

    PyYAML resolves plain scalars by YAML 1.1: `yes`/`on` become booleans,
    `22:22` a base-60 integer, `0400` an octal integer and `2024-01-01` a date.
    composelint may print YAML 1.2 (where all of those are strings) while v1
    quotes every such string, so resolving only unambiguous forms is right for
    both: true/false, null, decimal integers without a leading zero, floats.
    A scalar like `0400` stays a string here; the fields that hold such values
    (file modes) convert them explicitly.
    """


Loader.yaml_implicit_resolvers = {}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
    list("-+0123456789."))
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def _mapping_no_duplicates(loader, node, deep=False):
    # a duplicate key in a printed model is a bug of the printer: refuse it
    loader.flatten_mapping(node)
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise CanonError("line %d: duplicate key %r" % (key_node.start_mark.line + 1, key))
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


Loader.add_constructor(
    "tag:yaml.org,2002:map",
    lambda loader, node: _mapping_no_duplicates(loader, node, deep=True))


def load(path):
    if path == "-":
        src = sys.stdin.read()
    else:
        with open(path, encoding="utf-8") as f:
            src = f.read()
    docs = list(yaml.load_all(src, Loader=Loader))
    if len(docs) != 1 or not isinstance(docs[0], dict):
        raise CanonError("%s: expected one YAML mapping, got %d document(s)" % (path, len(docs)))
    return docs[0]


# ---- scalars -----------------------------------------------------------------

def text(v, path):
    """A scalar as the string compose hands to the engine ("1" and 1 are one value)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, str)):
        return str(v)
    fail(path, "expected a scalar, got %s" % type(v).__name__)


def str_list(v, path):
    # a single string where compose accepts a list (dns: 8.8.8.8) is a one-element list
    if isinstance(v, str):
        return [v]
    if not isinstance(v, list):
        fail(path, "expected a string or a list")
    return [text(x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]


def kv_map(v, path):
    """environment/labels/args/...: list `K=V` / `K` or mapping -> {K: "V" or None}."""
    out = {}
    if isinstance(v, dict):
        for k, val in v.items():
            # null means "no value" (environment: taken from the host, or unset): kept as null
            out[str(k)] = None if val is None else text(val, "%s.%s" % (path, k))
        return out
    if not isinstance(v, list):
        fail(path, "expected a list or a mapping")
    for i, item in enumerate(v):
        item = text(item, "%s[%d]" % (path, i))
        k, sep, val = item.partition("=")
        if k in out:
            # list syntax with a key twice means a merge did not deduplicate: refuse it
            fail(path, "key %r appears twice" % k)
        out[k] = val if sep else None
    return out


DURATION = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)")
DURATION_NS = {"ns": 1, "us": 1000, "µs": 1000, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}


def duration(v, path):
    # 90s, 1m30s and 1m30s printed as 1m30s by v2 are one duration: compare nanoseconds
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if not isinstance(v, str) or not v:
        fail(path, "expected a duration")
    pos, total = 0, 0
    for m in DURATION.finditer(v):
        if m.start() != pos:
            break
        total += float(m.group(1)) * DURATION_NS[m.group(2)]
        pos = m.end()
    if pos != len(v):
        fail(path, "cannot parse duration %r" % v)
    return int(round(total))


def file_mode(v, path):
    # mode 0400 reaches us as 256 (v1, YAML 1.1) or "0400" (v2 prints octal strings): compare the number
    if isinstance(v, bool):
        fail(path, "expected a file mode")
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"0?[0-7]+|0o[0-7]+", v):
        return int(v.replace("0o", ""), 8)
    fail(path, "cannot parse file mode %r" % v)


# ---- paths -------------------------------------------------------------------

class Ctx:
    def __init__(self, case_dir, project_dir, project):
        self.project_dir = os.path.abspath(project_dir)
        self.case_dirs = []
        for d in (os.path.abspath(case_dir), os.path.realpath(case_dir)):
            if d not in self.case_dirs:
                self.case_dirs.append(d)
        self.project = project


def rel_path(p, ctx, path):
    """A host path relative to the case directory (v1 prints absolute paths).

    Relative paths in a document are taken relative to the project directory
    (the case directory unless --project-directory said otherwise), as compose
    defines them.  Absolute paths inside the case directory or its
    parent (tests/compose/, for extends/include of ../x) become relative; any
    other absolute path (/etc/localtime) stays as it is.
    """
    if not isinstance(p, str):
        fail(path, "expected a path")
    if p.startswith("~"):
        return p  # the home directory is not something to resolve here
    absolute = p if os.path.isabs(p) else os.path.join(ctx.project_dir, p)
    absolute = os.path.normpath(absolute)
    for d in ctx.case_dirs:
        parent = os.path.dirname(d)
        if absolute == d or absolute.startswith(d + os.sep) or absolute.startswith(parent + os.sep):
            r = os.path.relpath(absolute, d)
            return "." if r == "." else r
    return absolute


# ---- services ----------------------------------------------------------------

PORT_KEYS = {"target", "published", "host_ip", "protocol", "mode", "name", "app_protocol"}


def port_range(s, path):
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", s)
    if not m:
        fail(path, "cannot parse port %r" % s)
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if hi < lo:
        fail(path, "empty port range %r" % s)
    return lo, hi


def port_entry(host_ip, published, target, protocol, mode="ingress", extra=None):
    e = {
        "host_ip": host_ip or "",           # no host_ip: all interfaces; 0.0.0.0 stays distinct (IPv4 only)
        "published": published or "",      # not published: "" (v1 omits it, v2 prints nothing either)
        "target": target,
        "protocol": (protocol or "tcp").lower(),  # both tools default to tcp
        "mode": mode or "ingress",          # v2 prints mode: ingress, v1 omits the default
    }
    e.update(extra or {})
    return e


def short_port(spec, path):
    """[[host_ip:]published:]target[/protocol], ranges expanded one port each (as both tools do)."""
    s, _, proto = spec.partition("/")
    host_ip = ""
    if s.startswith("["):  # [IPv6]:published:target
        end = s.find("]")
        if end < 0 or s[end + 1:end + 2] != ":":
            fail(path, "cannot parse port %r" % spec)
        host_ip, s = s[1:end], s[end + 2:]
        parts = s.split(":")
        if len(parts) != 2:
            fail(path, "cannot parse port %r" % spec)
        published, target = parts
    else:
        parts = s.split(":")
        if len(parts) == 1:
            published, target = "", parts[0]
        elif len(parts) == 2:
            published, target = parts
        else:
            host_ip, published, target = ":".join(parts[:-2]), parts[-2], parts[-1]
    tlo, thi = port_range(target, path)
    if not published:
        return [port_entry(host_ip, "", t, proto) for t in range(tlo, thi + 1)]
    plo, phi = port_range(published, path)
    if tlo == thi:
        # one target, a published range: one port, the range left as written
        return [port_entry(host_ip, published, tlo, proto)]
    if phi - plo != thi - tlo:
        fail(path, "port ranges of different sizes in %r" % spec)
    return [port_entry(host_ip, str(plo + i), tlo + i, proto) for i in range(thi - tlo + 1)]


def canon_ports(v, path):
    # ports are a set keyed by every field: sorted so v1 (sorted by target) and v2 (file order) compare
    if not isinstance(v, list):
        fail(path, "expected a list")
    out = []
    for i, p in enumerate(v):
        ppath = "%s[%d]" % (path, i)
        if isinstance(p, bool):
            fail(ppath, "expected a port")
        if isinstance(p, (int, str)):
            out.extend(short_port(str(p), ppath))
            continue
        if not isinstance(p, dict):
            fail(ppath, "expected a port")
        unknown = set(p) - PORT_KEYS
        if unknown:
            fail(ppath, "unknown port keys %s" % sorted(unknown))
        if "target" not in p:
            fail(ppath, "port without target")
        published = p.get("published")
        # published 8080 (v1, int) and "8080" (v2, string) are one port
        published = "" if published is None else text(published, ppath + ".published")
        extra = {k: text(p[k], ppath + "." + k) for k in ("name", "app_protocol") if p.get(k) is not None}
        tlo, thi = port_range(text(p["target"], ppath + ".target"), ppath)
        if tlo != thi:
            fail(ppath, "target range in long syntax")
        out.append(port_entry(p.get("host_ip"), published, tlo, p.get("protocol"), p.get("mode"), extra))
    return sorted(out, key=lambda e: json.dumps(e, sort_keys=True))


VOLUME_KEYS = {"type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency", "image"}
PROPAGATION = {"shared", "slave", "private", "rshared", "rslave", "rprivate"}


def short_volume(spec, ctx, path):
    """[source:]target[:mode] -> the long syntax it means."""
    parts = spec.split(":")
    if len(parts) == 1:
        source, target, mode = "", parts[0], ""
    elif len(parts) == 2:
        source, target, mode = parts[0], parts[1], ""
    elif len(parts) == 3:
        source, target, mode = parts
    else:
        fail(path, "cannot parse volume %r" % spec)
    bind = source[:1] in ("/", ".", "~")
    vol = {"type": "bind" if bind else "volume", "source": source, "target": target, "read_only": False}
    opts = {}
    for m in filter(None, mode.split(",")):
        if m in ("ro", "rw"):
            vol["read_only"] = m == "ro"
        elif m in ("z", "Z") and bind:
            opts["selinux"] = m
        elif m in PROPAGATION and bind:
            opts["propagation"] = m
        elif m == "nocopy" and not bind:
            opts["nocopy"] = True
        elif m in ("consistent", "cached", "delegated"):
            vol["consistency"] = m
        else:
            fail(path, "unknown volume mode %r in %r" % (m, spec))
    if bind:
        vol["source"] = rel_path(source, ctx, path)
        # the short syntax creates a missing host path (docker -v does); v2 writes create_host_path: true
        vol["create_host_path"] = True
    if opts:
        vol["options"] = opts
    return vol


def long_volume(v, ctx, path):
    unknown = set(v) - VOLUME_KEYS
    if unknown:
        fail(path, "unknown volume keys %s" % sorted(unknown))
    if "type" not in v or "target" not in v:
        fail(path, "volume without type or target")
    t = v["type"]
    read_only = v.get("read_only", False)  # read_only absent means read-write
    if not isinstance(read_only, bool):
        fail(path + ".read_only", "expected a boolean")
    vol = {"type": t, "source": v.get("source") or "", "target": v["target"], "read_only": read_only}
    if v.get("consistency") is not None:
        vol["consistency"] = v["consistency"]
    opts = {}
    for key in ("bind", "volume", "tmpfs", "image"):
        sub = v.get(key)
        if sub is None:
            continue
        if not isinstance(sub, dict):
            fail(path + "." + key, "expected a mapping")
        for k, val in sub.items():
            if key == "bind" and k == "create_host_path":
                continue
            # nocopy: false and an empty subpath are the defaults: leaving them out means the same
            if val in (None, False, "") or val == {}:
                continue
            opts[k] = val
    if t == "bind":
        vol["source"] = rel_path(vol["source"], ctx, path)
        # long syntax creates the host path only when bind.create_host_path says so
        vol["create_host_path"] = bool((v.get("bind") or {}).get("create_host_path", False))
    if opts:
        vol["options"] = opts
    return vol


def canon_volumes(v, ctx, path):
    # mounts are unique by target and mounted by the engine in path order: sort by target
    if not isinstance(v, list):
        fail(path, "expected a list")
    out = []
    for i, x in enumerate(v):
        xpath = "%s[%d]" % (path, i)
        if isinstance(x, str):
            out.append(short_volume(x, ctx, xpath))
        elif isinstance(x, dict):
            out.append(long_volume(x, ctx, xpath))
        else:
            fail(xpath, "expected a volume")
    return sorted(out, key=lambda e: (e["target"], json.dumps(e, sort_keys=True)))


def canon_devices(v, path):
    # devices are unique by container path: sort by target; permissions default to rwm
    if not isinstance(v, list):
        fail(path, "expected a list")
    out = []
    for i, d in enumerate(v):
        dpath = "%s[%d]" % (path, i)
        if isinstance(d, str):
            parts = d.split(":")
            if len(parts) > 3:
                fail(dpath, "cannot parse device %r" % d)
            source = parts[0]
            target = parts[1] if len(parts) > 1 else source
            perms = parts[2] if len(parts) > 2 else "rwm"
        elif isinstance(d, dict):
            unknown = set(d) - {"source", "target", "permissions"}
            if unknown:
                fail(dpath, "unknown device keys %s" % sorted(unknown))
            source = d.get("source")
            target = d.get("target") or source
            perms = d.get("permissions") or "rwm"
        else:
            fail(dpath, "expected a device")
        out.append({"source": source, "target": target, "permissions": perms})
    return sorted(out, key=lambda e: (e["target"], json.dumps(e, sort_keys=True)))


def canon_file_refs(v, kind, path):
    """secrets/configs of a service: short `name` or long; targets filled as the engine fills them."""
    if not isinstance(v, list):
        fail(path, "expected a list")
    out = []
    for i, r in enumerate(v):
        rpath = "%s[%d]" % (path, i)
        if isinstance(r, str):
            r = {"source": r}
        if not isinstance(r, dict) or "source" not in r:
            fail(rpath, "expected a %s reference" % kind)
        unknown = set(r) - {"source", "target", "uid", "gid", "mode"}
        if unknown:
            fail(rpath, "unknown keys %s" % sorted(unknown))
        e = {"source": r["source"]}
        target = r.get("target") or r["source"]
        # secrets default to /run/secrets/<source> and relative targets live there; configs default to /<source>
        if kind == "secrets" and not target.startswith("/"):
            target = "/run/secrets/" + target
        elif kind == "configs" and not target.startswith("/"):
            target = "/" + target
        e["target"] = target
        for k in ("uid", "gid"):
            if r.get(k) is not None:
                e[k] = text(r[k], rpath + "." + k)
        if r.get("mode") is not None:
            e["mode"] = file_mode(r["mode"], rpath + ".mode")
        out.append(e)
    # a set keyed by target
    return sorted(out, key=lambda e: (e["target"], json.dumps(e, sort_keys=True)))


def canon_depends_on(v, path):
    # list syntax means condition service_started, required true (v2 prints both, v1 only the condition)
    if isinstance(v, list):
        v = {text(s, path): None for s in v}
    if not isinstance(v, dict):
        fail(path, "expected a list or a mapping")
    out = {}
    for svc, d in v.items():
        d = {} if d is None else d
        if not isinstance(d, dict):
            fail("%s.%s" % (path, svc), "expected a mapping")
        e = dict(d)
        e.setdefault("condition", "service_started")
        e.setdefault("required", True)
        e.setdefault("restart", False)
        out[svc] = e
    return out


def canon_service_networks(v, path):
    # list syntax and `name: null` both mean "attached with no options": {}
    if isinstance(v, list):
        v = {text(n, path): None for n in v}
    if not isinstance(v, dict):
        fail(path, "expected a list or a mapping")
    out = {}
    for n, cfg in v.items():
        cfg = {} if cfg is None else dict(cfg)
        for k in ("aliases", "link_local_ips"):
            if k in cfg:
                cfg[k] = sorted(str_list(cfg[k], "%s.%s.%s" % (path, n, k)))  # sets
        out[n] = cfg
    return out


def canon_extra_hosts(v, path):
    # host:ip, host=ip and {host: ip} are one entry; the list is a set of pairs (sorted, duplicates kept)
    pairs = []
    if isinstance(v, dict):
        for h, ips in v.items():
            for ip in (ips if isinstance(ips, list) else [ips]):
                pairs.append("%s=%s" % (h, text(ip, path + "." + h)))
    elif isinstance(v, list):
        for i, e in enumerate(v):
            e = text(e, "%s[%d]" % (path, i))
            sep = "=" if "=" in e else ":"
            h, found, ip = e.partition(sep)
            if not found:
                fail(path, "cannot parse extra host %r" % e)
            pairs.append("%s=%s" % (h, ip))
    else:
        fail(path, "expected a list or a mapping")
    return sorted(pairs)


def canon_command(v, path):
    # a string command is shell-split by compose (v2 prints the list, v1 the string)
    if isinstance(v, str):
        try:
            return shlex.split(v)
        except ValueError as e:
            fail(path, "cannot split %r: %s" % (v, e))
    if isinstance(v, list):
        return [text(x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]
    fail(path, "expected a string or a list")


def canon_healthcheck(v, path):
    if not isinstance(v, dict):
        fail(path, "expected a mapping")
    out = {}
    for k, val in v.items():
        if val is None:
            continue  # an unset field, as if absent
        if k == "test":
            # a string test means [CMD-SHELL, string] for both tools
            out[k] = ["CMD-SHELL", val] if isinstance(val, str) else canon_command(val, path + ".test")
        elif k in ("interval", "timeout", "start_period", "start_interval"):
            out[k] = duration(val, "%s.%s" % (path, k))
        else:
            out[k] = val
    return out


def canon_logging(v, path):
    if not isinstance(v, dict):
        fail(path, "expected a mapping")
    out = dict(v)
    if out.get("options") is not None:
        out["options"] = kv_map(out["options"], path + ".options")  # option values are strings to the engine
    return out


def canon_ulimits(v, path):
    # nofile: 1024 means soft = hard = 1024
    if not isinstance(v, dict):
        fail(path, "expected a mapping")
    out = {}
    for k, val in v.items():
        if isinstance(val, dict):
            out[k] = {"soft": int(val["soft"]), "hard": int(val["hard"])}
        else:
            out[k] = {"soft": int(val), "hard": int(val)}
    return out


def canon_build(v, ctx, path):
    # build: ./dir is build: {context: ./dir}
    if isinstance(v, str):
        v = {"context": v}
    if not isinstance(v, dict):
        fail(path, "expected a string or a mapping")
    out = {}
    for k, val in v.items():
        if val is None:
            continue
        if k in ("args", "labels"):
            out[k] = kv_map(val, "%s.%s" % (path, k))
        elif k == "extra_hosts":
            out[k] = canon_extra_hosts(val, path + ".extra_hosts")
        else:
            out[k] = val
    # the context defaults to the project directory, the Dockerfile to "Dockerfile" (v2 prints both)
    out["context"] = rel_path(out.get("context", "."), ctx, path + ".context")
    out.setdefault("dockerfile", "Dockerfile")
    return out


# sets: the engine does not care about their order (v1 sorts them, v2 keeps first-seen order)
SET_LISTS = {"cap_add", "cap_drop", "profiles", "links", "external_links", "volumes_from",
             "security_opt", "device_cgroup_rules", "tmpfs", "group_add", "expose"}
# ordered lists: resolver order matters, so dns and dns_search keep theirs
ORDERED_LISTS = {"dns", "dns_search", "dns_opt"}
KV_MAPS = {"environment", "labels", "sysctls", "annotations", "storage_opt"}
UNRESOLVED = {"extends"}  # must have been applied by the tool


def canon_service(name, svc, ctx):
    path = "services." + name
    if not isinstance(svc, dict):
        fail(path, "expected a mapping")
    out = {}
    for k, v in svc.items():
        kpath = path + "." + k
        if v is None:
            continue  # `command: null` and no command are one model (!reset prints either)
        if k in UNRESOLVED:
            fail(kpath, "left unresolved in the output")
        if k == "env_file":
            continue  # both tools fold env_file into environment (v1 then drops the key); environment is compared
        if k in KV_MAPS:
            out[k] = kv_map(v, kpath)
        elif k in SET_LISTS:
            out[k] = sorted(str_list(v, kpath))
        elif k in ORDERED_LISTS:
            out[k] = str_list(v, kpath)
        elif k == "ports":
            out[k] = canon_ports(v, kpath)
        elif k == "volumes":
            out[k] = canon_volumes(v, ctx, kpath)
        elif k == "devices":
            out[k] = canon_devices(v, kpath)
        elif k in ("secrets", "configs"):
            out[k] = canon_file_refs(v, k, kpath)
        elif k == "depends_on":
            out[k] = canon_depends_on(v, kpath)
        elif k == "networks":
            nets = canon_service_networks(v, kpath)
            # attached only to `default` with no options is what "no networks:" means (v2 prints it, v1 not)
            if nets != {"default": {}}:
                out[k] = nets
        elif k in ("command", "entrypoint"):
            out[k] = canon_command(v, kpath)
        elif k == "healthcheck":
            out[k] = canon_healthcheck(v, kpath)
        elif k == "logging":
            out[k] = canon_logging(v, kpath)
        elif k == "extra_hosts":
            out[k] = canon_extra_hosts(v, kpath)
        elif k == "ulimits":
            out[k] = canon_ulimits(v, kpath)
        elif k == "build":
            out[k] = canon_build(v, ctx, kpath)
        elif k == "stop_grace_period":
            out[k] = duration(v, kpath)
        else:
            out[k] = v  # scalars and everything else: compared exactly, types included
    return out


# ---- top level -----------------------------------------------------------------

def canon_resources(kind, v, ctx):
    """Top-level networks/volumes/secrets/configs."""
    if v is None:
        return {}
    if not isinstance(v, dict):
        fail(kind, "expected a mapping")
    out = {}
    for name, cfg in v.items():
        path = "%s.%s" % (kind, name)
        cfg = {} if cfg is None else dict(cfg)  # `front:` and `front: {}` declare the same resource
        for k in ("labels", "driver_opts"):
            if cfg.get(k) is not None:
                cfg[k] = kv_map(cfg[k], path + "." + k)
        ext = cfg.get("external")
        if isinstance(ext, dict):
            # legacy external: {name: x} is external: true, name: x
            cfg["external"] = True
            if ext.get("name"):
                cfg["name"] = ext["name"]
        if cfg.get("external") is False:
            del cfg["external"]  # external: false is the default
        if "file" in cfg:
            cfg["file"] = rel_path(cfg["file"], ctx, path + ".file")
        # the name the tool would derive anyway (<project>_<key>, or <key> when external) carries nothing
        implicit = name if cfg.get("external") else "%s_%s" % (ctx.project, name)
        if cfg.get("name") == implicit:
            del cfg["name"]
        out[name] = cfg
    if kind == "networks" and out.get("default") == {}:
        del out["default"]  # the implicit default network: v2 prints it, v1 does not
    return out


def canon_doc(doc, ctx):
    out = {}
    for k, v in doc.items():
        if k == "version":
            continue  # v1 adds version: '3.9'; obsolete in the Compose Specification
        if k == "name":
            continue  # the project name: v1 never prints it (expected.out pins composelint's)
        if isinstance(k, str) and k.startswith("x-"):
            continue  # top-level extensions: v1 drops them from its output; they carry no runtime meaning
        if k == "services":
            if not isinstance(v, dict):
                fail(k, "expected a mapping")
            out[k] = {n: canon_service(n, s or {}, ctx) for n, s in v.items()}
        elif k in ("networks", "volumes", "secrets", "configs"):
            res = canon_resources(k, v, ctx)
            if res:
                out[k] = res  # an empty section declares nothing
        else:
            fail(k, "unexpected top-level key")
    return out


def canonical_json(path, case_dir, project, project_dir=None):
    doc = load(path)
    # the project name used for implicit resource names: the document's own, else the given one
    ctx = Ctx(case_dir, project_dir or case_dir, doc.get("name") or project)
    return json.dumps(canon_doc(doc, ctx), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ---- self-test -----------------------------------------------------------------
# Pairs of documents as v1 and as compose v2 print them (case directory /case/demo,
# project "demo"): the first list must compare equal, the second must not.  The
# second list is the honesty check: each pair differs in something that changes
# what would run, and canonicalization must keep that difference visible.

SELF_EQUAL = [
    ("v1 vs v2 print of ports, volumes, secrets, networks, paths", """
version: '3.9'
services:
  web:
    image: nginx
    command: echo "hello world"
    depends_on: [db]
    environment: {A: '1', C: 3, N: null}
    healthcheck: {test: curl -f http://x/, interval: 1m30s}
    ports:
    - published: 8080
      target: 80
    - 127.0.0.1:5432:5432/tcp
    - target: 3000
    - 8081-8082:81-82
    volumes:
    - cache:/cache:rw
    - /case/demo/data:/data:ro
    - target: /tmp
      type: tmpfs
    secrets:
    - source: s1
      mode: 256
    cap_add: [CHOWN, NET_ADMIN]
    build: /case/demo/app
  db:
    image: postgres
secrets:
  s1:
    file: /case/demo/s1.txt
volumes:
  cache: {}
""", """
name: demo
services:
  db:
    image: postgres
    networks:
      default: null
  web:
    build:
      context: ./app
      dockerfile: Dockerfile
    cap_add:
      - NET_ADMIN
      - CHOWN
    command:
      - echo
      - hello world
    depends_on:
      db:
        condition: service_started
        required: true
    environment:
      A: "1"
      C: "3"
      N: null
    healthcheck:
      test: ["CMD-SHELL", "curl -f http://x/"]
      interval: 90s
    image: nginx
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: "8080"
        protocol: tcp
      - mode: ingress
        host_ip: 127.0.0.1
        target: 5432
        published: "5432"
        protocol: tcp
      - mode: ingress
        target: 3000
        protocol: tcp
      - {mode: ingress, target: 81, published: "8081", protocol: tcp}
      - {mode: ingress, target: 82, published: "8082", protocol: tcp}
    secrets:
      - source: s1
        target: /run/secrets/s1
        mode: "0400"
    volumes:
      - type: volume
        source: cache
        target: /cache
        volume: {}
      - type: bind
        source: /case/demo/data
        target: /data
        read_only: true
        bind:
          create_host_path: true
      - type: tmpfs
        target: /tmp
networks:
  default:
    name: demo_default
secrets:
  s1:
    name: demo_s1
    file: /case/demo/s1.txt
volumes:
  cache:
    name: demo_cache
x-extension: {kept: by v2}
"""),
]

SELF_DIFFERENT = [
    ("host_ip 0.0.0.0 is not 'all interfaces'",
     "services: {a: {ports: ['8080:80']}}", "services: {a: {ports: ['0.0.0.0:8080:80']}}"),
    ("protocol udp is not tcp",
     "services: {a: {ports: ['53:53']}}", "services: {a: {ports: ['53:53/udp']}}"),
    ("a repeated port is kept twice",
     "services: {a: {ports: ['80:80']}}", "services: {a: {ports: ['80:80', {target: 80, published: '80'}]}}"),
    ("read-only matters",
     "services: {a: {volumes: ['./d:/d']}}", "services: {a: {volumes: ['./d:/d:ro']}}"),
    ("long bind without create_host_path does not create the path",
     "services: {a: {volumes: ['./d:/d']}}", "services: {a: {volumes: [{type: bind, source: ./d, target: /d}]}}"),
    ("named volume is not a bind of the same name",
     "services: {a: {volumes: ['d:/d']}}", "services: {a: {volumes: ['./d:/d']}}"),
    ("dns order matters",
     "services: {a: {dns: [1.1.1.1, 8.8.8.8]}}", "services: {a: {dns: [8.8.8.8, 1.1.1.1]}}"),
    ("a duplicate dns entry is visible",
     "services: {a: {dns: [1.1.1.1]}}", "services: {a: {dns: [1.1.1.1, 1.1.1.1]}}"),
    ("empty is not unset",
     "services: {a: {environment: {X: ''}}}", "services: {a: {environment: {X: null}}}"),
    ("command order matters",
     "services: {a: {command: [a, b]}}", "services: {a: {command: [b, a]}}"),
    ("a string command is split, not kept whole",
     "services: {a: {command: 'a b'}}", "services: {a: {command: ['a b']}}"),
    ("secret target matters",
     "services: {a: {secrets: [s]}}", "services: {a: {secrets: [{source: s, target: other}]}}"),
    ("depends_on condition matters",
     "services: {a: {depends_on: [b]}, b: {}}",
     "services: {a: {depends_on: {b: {condition: service_healthy}}}, b: {}}"),
    ("a network name other than the implicit one matters",
     "networks: {n: {}}", "networks: {n: {name: other_n}}"),
    ("a non-default network attachment matters",
     "services: {a: {}}", "services: {a: {networks: [back]}}"),
    ("profiles are compared",
     "services: {a: {profiles: [x]}}", "services: {a: {profiles: [x, y]}}"),
    ("scalar types outside key/value maps are compared",
     "services: {a: {user: '1000'}}", "services: {a: {user: 1000}}"),
]

SELF_ERRORS = [
    ("unknown port key", "services: {a: {ports: [{target: 80, bogus: 1}]}}"),
    ("unknown volume mode", "services: {a: {volumes: ['d:/d:rx']}}"),
    ("duplicate key in list-form environment", "services: {a: {environment: [A=1, A=2]}}"),
    ("duplicate mapping key", "services: {a: {image: x, image: y}}"),
    ("extends left unresolved", "services: {a: {extends: b}}"),
    ("unknown top-level key", "include: [x.yml]"),
]


def self_test():
    import tempfile
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        def canon_text(s, project_dir=None):
            p = os.path.join(tmp, "doc.yml")
            with open(p, "w", encoding="utf-8") as f:
                f.write(s)
            return canonical_json(p, "/case/demo", "demo", project_dir)
        for name, a, b in SELF_EQUAL:
            ca, cb = canon_text(a), canon_text(b)
            if ca != cb:
                failures += 1
                print("canon self-test: FAIL (should be equal) %s" % name)
                sys.stdout.writelines(difflib.unified_diff(ca.splitlines(True), cb.splitlines(True), "v1", "v2"))
        # relative paths are relative to the project directory (--project-directory proj)
        a = "services: {a: {build: ., volumes: ['./d:/d']}}"
        b = "services: {a: {build: /case/demo/proj, volumes: ['/case/demo/proj/d:/d']}}"
        if canon_text(a, "/case/demo/proj") != canon_text(b, "/case/demo/proj") or canon_text(a) == canon_text(b):
            failures += 1
            print("canon self-test: FAIL relative paths against --project-dir")
        for name, a, b in SELF_DIFFERENT:
            if canon_text(a) == canon_text(b):
                failures += 1
                print("canon self-test: FAIL (should differ) %s" % name)
        for name, a in SELF_ERRORS:
            try:
                canon_text(a)
            except CanonError:
                continue
            failures += 1
            print("canon self-test: FAIL (should be refused) %s" % name)
    total = len(SELF_EQUAL) + 1 + len(SELF_DIFFERENT) + len(SELF_ERRORS)
    print("canon self-test: %d checks, %d failed" % (total, failures))
    return 1 if failures else 0


def main(argv):
    opts = {"--case-dir": ".", "--project-dir": None, "--project": None}
    compare, files = False, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in opts and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
            continue
        if a == "--self-test":
            return self_test()
        if a == "--compare":
            compare = True
        elif a.startswith("--"):
            sys.stderr.write("canon.py: unknown option %s\n" % a)
            return 2
        else:
            files.append(a)
        i += 1
    case_dir, project_dir, project = opts["--case-dir"], opts["--project-dir"], opts["--project"]
    if project is None:
        # compose's default project name: the project directory's base name, lower case, [a-z0-9_-] only
        base = os.path.basename(os.path.abspath(project_dir or case_dir))
        project = re.sub(r"[^a-z0-9_-]", "", base.lower())
    if len(files) != (2 if compare else 1):
        sys.stderr.write("usage:\n" + "\n\n".join(__doc__.split("\n\n")[2:4]) + "\n")
        return 2
    try:
        outs = [canonical_json(f, case_dir, project, project_dir) for f in files]
    except (CanonError, yaml.YAMLError, OSError) as e:
        sys.stderr.write("canon.py: cannot canonicalize: %s\n" % e)
        return 2
    if not compare:
        sys.stdout.write(outs[0])
        return 0
    if outs[0] == outs[1]:
        return 0
    sys.stdout.writelines(difflib.unified_diff(
        outs[0].splitlines(True), outs[1].splitlines(True), files[0], files[1]))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
