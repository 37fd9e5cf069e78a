#!/usr/bin/env python3
"""Turn the web application (web/**) into a C table for src/http/static.c.

usage: embed_web.py OUT.c DEPFILE ROOT

Every file under ROOT becomes one struct uc_static_file: its path
relative to ROOT ("app.js", "incident.js"), MIME type, ETag (a hash of
the content), the plain body and a gzip body (mtime 0: the output depends
on the content only). Two directories are joined so that each page can
keep its own files without a request per file:

  css/*.css          -> app.css, in name order (00-base.css first)
  i18n/LANG/*.json   -> i18n/LANG.json, one dictionary; a key defined
                        twice, or present in one language and not the
                        other, fails the build

DEPFILE lists every file read (and the directories, so that a new file
rebuilds). Prints the application's gzipped size, and fails when it
passes the budget of issue 4 (300 KB gzipped).
"""
import gzip
import json
import hashlib
import os
import re
import sys

BUDGET = 300 * 1024

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}


def c_bytes(data):
    out = []
    for i in range(0, len(data), 16):
        out.append("\t" + ", ".join("0x%02x" % b for b in data[i:i + 16]) + ",")
    return "\n".join(out)


def entry(rel, data):
    ext = os.path.splitext(rel)[1].lower()
    if ext not in TYPES or rel.startswith("..") or '"' in rel:
        sys.exit("embed_web.py: %s: unknown type or bad path" % rel)
    return {
        "rel": rel, "type": TYPES[ext], "data": data,
        "gz": gzip.compress(data, 9, mtime=0),
        "etag": '"%s"' % hashlib.sha256(data).hexdigest()[:20],
    }


def walk(root):
    """(relative path, absolute path) of every file, and every directory."""
    files, dirs = [], []
    for d, subdirs, names in os.walk(root):
        subdirs[:] = sorted(n for n in subdirs if not n.startswith("."))
        dirs.append(d)
        for n in sorted(names):
            if not n.startswith("."):
                p = os.path.join(d, n)
                files.append((os.path.relpath(p, root).replace(os.sep, "/"), p))
    return files, dirs


def join_css(parts):
    out = b""
    for rel, p in parts:
        out += b"/* %s */\n" % rel.encode() + open(p, "rb").read()
        if not out.endswith(b"\n"):
            out += b"\n"
    return out


def join_dictionaries(by_lang):
    """{lang: [(rel, path)]} -> {lang: bytes}, checking the keys."""
    merged = {}
    for lang, parts in by_lang.items():
        d, where = {}, {}
        for rel, p in parts:
            try:
                part = json.load(open(p, encoding="utf-8"))
            except ValueError as e:
                sys.exit("embed_web.py: %s: %s" % (rel, e))
            for k, v in part.items():
                if k in d:
                    sys.exit("embed_web.py: %s: key %s is already in %s"
                             % (rel, k, where[k]))
                if not isinstance(v, str) or not v.strip():
                    sys.exit("embed_web.py: %s: key %s: empty or not a string"
                             % (rel, k))
                d[k], where[k] = v, rel
        merged[lang] = d
    langs = sorted(merged)
    for a in langs:
        for b in langs:
            missing = sorted(set(merged[a]) - set(merged[b]))
            if missing:
                sys.exit("embed_web.py: in i18n/%s but not i18n/%s: %s"
                         % (a, b, ", ".join(missing[:20])))
    return {lang: json.dumps(d, ensure_ascii=False, indent=0,
                             sort_keys=True).encode()
            for lang, d in merged.items()}


def main(argv):
    out, depfile, root = argv[1], argv[2], argv[3]
    found, dirs = walk(root)
    plain, css, dicts = [], [], {}
    for rel, p in found:
        m = re.match(r"i18n/([a-z]{2})/[\w-]+\.json$", rel)
        if rel.startswith("css/") and rel.endswith(".css"):
            css.append((rel, p))
        elif m:
            dicts.setdefault(m.group(1), []).append((rel, p))
        else:
            plain.append((rel, open(p, "rb").read()))
    if css:
        plain.append(("app.css", join_css(css)))
    for lang, data in join_dictionaries(dicts).items():
        plain.append(("i18n/%s.json" % lang, data))
    files = sorted((entry(rel, data) for rel, data in plain),
                   key=lambda e: e["rel"])
    names = [e["rel"] for e in files]
    if len(names) != len(set(names)):
        sys.exit("embed_web.py: a file and a joined file share a name")
    with open(depfile, "w") as f:
        deps = [p for _, p in found] + dirs
        f.write("%s: %s\n" % (out.replace(" ", "\\ "),
                " ".join(d.replace(" ", "\\ ") for d in deps)))
    with open(out, "w") as f:
        f.write("/* generated by scripts/embed_web.py: do not edit */\n")
        f.write('#include "http/static.h"\n\n')
        for i, e in enumerate(files):
            f.write("static const unsigned char p%d[] = {\n%s\n\t0x00\n};\n"
                    % (i, c_bytes(e["data"])))
            f.write("static const unsigned char z%d[] = {\n%s\n\t0x00\n};\n"
                    % (i, c_bytes(e["gz"])))
        f.write("const struct uc_static_file uc_static_files[] = {\n")
        for i, e in enumerate(files):
            f.write('\t{ "%s", "%s", "%s",\n\t  p%d, %d, z%d, %d },\n' % (
                e["rel"], e["type"], e["etag"].replace('"', '\\"'),
                i, len(e["data"]), i, len(e["gz"])))
        f.write("};\nconst size_t uc_static_count = %d;\n" % len(files))
    plain = sum(len(e["data"]) for e in files)
    zipped = sum(len(e["gz"]) for e in files)
    print("web: %d files, %d bytes, %d bytes gzipped (budget %d)"
          % (len(files), plain, zipped, BUDGET))
    if zipped > BUDGET:
        sys.exit("embed_web.py: the web application is over its budget")


if __name__ == "__main__":
    main(sys.argv)
