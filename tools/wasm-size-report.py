#!/usr/bin/env python3
# Where the bytes of a WebAssembly program go: sums the size of every function body in the
# code section per origin (SQLite, Dear ImGui, Aduan's own namespaces, cereal, libc++, musl...)
# and lists the largest functions. It reads only the module itself, so it needs a program
# linked with function names (em++ ... --profiling-funcs, or -g2); a stripped program is
# reported by section only. Standard library only, so it runs wherever python3 does.
#
# usage: tools/wasm-size-report.py PROGRAM.wasm [--top N] [--group-depth N] [--brotli]
# --brotli also compresses each group's bodies on their own (brotli CLI): a rough share of the
# transfer size, since brotli on the whole module also finds matches across groups.
import argparse
import re
import subprocess
import sys


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def read_name(data, pos):
    length, pos = leb(data, pos)
    return data[pos:pos + length].decode("utf-8", "replace"), pos + length


SECTION_NAMES = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
                 6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data",
                 12: "datacount", 13: "tag"}


def parse(data):
    if data[:4] != b"\0asm":
        sys.exit("not a WebAssembly module")
    pos, sections, imported_funcs, bodies, names = 8, [], 0, [], {}
    while pos < len(data):
        sid = data[pos]
        size, body = leb(data, pos + 1)
        end = body + size
        label = SECTION_NAMES.get(sid, str(sid))
        if sid == 0:
            custom, _ = read_name(data, body)
            label = "custom:" + custom
            if custom == "name":
                names = parse_names(data, _, end)
        elif sid == 2:
            count, p = leb(data, body)
            for _ in range(count):
                _, p = read_name(data, p)
                _, p = read_name(data, p)
                kind = data[p]
                p += 1
                if kind == 0:
                    imported_funcs += 1
                    _, p = leb(data, p)
                elif kind == 1:
                    p += 1
                    flags, p = leb(data, p)
                    _, p = leb(data, p)
                    if flags & 1:
                        _, p = leb(data, p)
                elif kind == 2:
                    flags, p = leb(data, p)
                    _, p = leb(data, p)
                    if flags & 1:
                        _, p = leb(data, p)
                elif kind == 3:
                    p += 1
                    p = leb(data, p)[1] + 1
                elif kind == 4:
                    p += 1
                    _, p = leb(data, p)
        elif sid == 10:
            count, p = leb(data, body)
            for _ in range(count):
                fsize, q = leb(data, p)
                bodies.append((q + fsize - p, p))
                p = q + fsize
        sections.append((label, end - pos))
        pos = end
    funcs = [(names.get(imported_funcs + i, "func%d" % (imported_funcs + i)), size, at)
             for i, (size, at) in enumerate(bodies)]
    return sections, funcs


def parse_names(data, pos, end):
    names = {}
    while pos < end:
        kind = data[pos]
        size, p = leb(data, pos + 1)
        if kind == 1:
            count, q = leb(data, p)
            for _ in range(count):
                idx, q = leb(data, q)
                names[idx], q = read_name(data, q)
        pos = p + size
    return names


def demangle(names):
    try:
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True,
                             text=True, check=True).stdout.split("\n")
        return out[:len(names)] if len(out) >= len(names) else names
    except (OSError, subprocess.CalledProcessError):
        return names


def brotli_size(blob):
    out = subprocess.run(["brotli", "-c", "-q", "11"], input=blob, capture_output=True, check=True)
    return len(out.stdout)


# Ordered: the first rule that matches a demangled name decides its group.
RULES = [
    ("sqlite", re.compile(r"^(sqlite3|Sqlite|_sqlite|unix|memdb|fts|rtree|json)", re.I)),
    ("imgui", re.compile(r"^(ImGui|Im[A-Z]|stb|STB|ImGui_Impl|ImFont|ImDraw|\(anonymous namespace\)::Im|ImStb)")),
    ("cereal", re.compile(r"cereal::")),
    ("libc++ (std::)", re.compile(r"^(std::|void std::|bool std::|__cxx|operator new|operator delete)")),
    ("printf/strtod (musl)", re.compile(r"^(printf|fprintf|vfprintf|snprintf|vsnprintf|sprintf|vsprintf|fmt_|pop_arg|printf_core|out|pad|getint|__floatscan|__intscan|strtod|strtof|strtold|scanf|vsscanf|sscanf|frexp|__shgetc|__shlim|decfloat|hexfloat|scanexp|fmt_fp|wcrtomb|wctomb)$")),
    ("emscripten/wasm runtime", re.compile(r"^(emscripten|__wasm|_emscripten|dlmalloc|dlfree|malloc|free|calloc|realloc|sbrk|emmalloc|__cxa|__gxx|_Unwind|__cxxabiv1|__dynamic_cast|stackSave|stackRestore|stackAlloc|dynCall)")),
]


def group(name, depth):
    for label, rule in RULES:
        if rule.search(name):
            if label == "libc++ (std::)" and depth > 1:
                m = re.match(r"^(?:\w+ )?std::(?:__2::)?(\w+)", name)
                return label if not m else "std::" + m.group(1)
            return label
    m = re.match(r"^(?:[\w:<>, *&]+ )?(aduan(?:::\w+){0,%d})" % depth, name)
    if m:
        return m.group(1) + "::*"
    # Static helpers keep no prefix; their spelling tells the origin apart well enough:
    # Dear ImGui's take its types, SQLite's are camelCase, musl's are snake_case.
    if "Im" in name and re.search(r"\bIm[A-Z]\w*\b", name):
        return "imgui"
    if re.match(r"^[a-z]+[A-Z]\w*$", name):
        return "sqlite"
    if re.match(r"^[a-z_][a-z0-9_]*$", name) or name.startswith("__"):
        return "libc (musl, other)"
    if name.startswith("(anonymous namespace)::"):
        return "file-local C++ (app platform)"
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("wasm")
    ap.add_argument("--top", type=int, default=25, help="largest functions to list")
    ap.add_argument("--brotli", action="store_true", help="brotli size of each group alone")
    ap.add_argument("--group-depth", type=int, default=1,
                    help="namespace levels below aduan:: to group by (and std:: detail)")
    args = ap.parse_args()
    data = open(args.wasm, "rb").read()
    sections, funcs = parse(data)
    print("%-28s %10s" % ("section", "bytes"))
    for label, size in sorted(sections, key=lambda s: -s[1]):
        print("%-28s %10d" % (label, size))
    print("%-28s %10d\n" % ("total", len(data)))
    if not funcs:
        return
    readable = demangle([f[0] for f in funcs])
    code = sum(f[1] for f in funcs)
    totals, blobs = {}, {}
    for name, (_, size, at) in zip(readable, funcs):
        key = group(name, args.group_depth)
        count, total = totals.get(key, (0, 0))
        totals[key] = (count + 1, total + size)
        blobs.setdefault(key, []).append(data[at:at + size])
    print("%-36s %6s %10s %6s%s" % ("group (code section)", "funcs", "bytes", "%",
                                   "  brotli alone" if args.brotli else ""))
    for key, (count, total) in sorted(totals.items(), key=lambda kv: -kv[1][1]):
        alone = ("  %12d" % brotli_size(b"".join(blobs[key]))) if args.brotli else ""
        print("%-36s %6d %10d %5.1f%%%s" % (key, count, total, 100.0 * total / code, alone))
    print("%-36s %6d %10d\n" % ("all functions", len(funcs), code))
    print("largest functions:")
    ranked = sorted(zip(readable, (f[1] for f in funcs)), key=lambda f: -f[1])
    for name, size in ranked[:args.top]:
        print("%8d  %s" % (size, name[:150]))


if __name__ == "__main__":
    main()
