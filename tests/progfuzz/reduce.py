"""Reduce a failing Beagle program, keeping its failure.

The reducer works on lines and on blocks: a *unit* is one line, or a line
that opens more braces than it closes together with every line up to the
one that closes them (a `fn`, `if`, `while`, `for`, `match` or `try` with
its body). Units at one level are removed with Zeller and Hildebrandt's
ddmin (try removing each of n parts, or keeping the complement; else split
finer), level by level from the outside in; a block is also tried
replaced by the body of one of its parts (`if` or `else`, `try` or
`catch`) and without its last part. Passes repeat until nothing more goes. Lines that
start with `}` (a block's end, `} else {`, `} catch (e) {`) are never
removed alone.

`interesting(text)` says whether a candidate still fails the same way; the
reducer remembers every candidate it has tried.
"""


def brace_delta(line):
    """Opening minus closing braces of a line, outside string literals
    (`${...}` inside a string is skipped with the string) and comments."""
    delta = 0
    in_string = False
    i = 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif line.startswith("//", i) and (i == 0 or line[i - 1] in " \t"):
            break
        elif c == "{":
            delta += 1
        elif c == "}":
            delta -= 1
        i += 1
    return delta


def units(lines, begin, end):
    """The units of lines[begin:end] as (first, last + 1) index pairs."""
    found = []
    i = begin
    while i < end:
        depth = brace_delta(lines[i])
        j = i + 1
        while depth > 0 and j < end:
            depth += brace_delta(lines[j])
            j += 1
        found.append((i, j))
        i = j
    return found


def removable(lines, unit):
    return not lines[unit[0]].lstrip().startswith("}")


def parts(lines, unit):
    """The bodies of a block unit's parts (an `if` and its `else`, a `try`
    and its `catch`) as (begin, end) line ranges; none for one line."""
    first, last = unit
    bounds = [first]
    depth = brace_delta(lines[first])
    for k in range(first + 1, last):
        if depth == 1 and lines[k].lstrip().startswith("}"):
            bounds.append(k)
        depth += brace_delta(lines[k])
    return [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]


def dedented(lines):
    return [line[4:] if line.startswith("    ") else line for line in lines]


def simpler_blocks(lines, unit):
    """Candidates for a block unit: each part's body in place of the whole
    block, and the block without its last part (an `if` without `else`)."""
    first, last = unit
    found = []
    bodies = parts(lines, unit)
    for begin, end in bodies:
        found.append(lines[:first] + dedented(lines[begin:end]) + lines[last:])
    if len(bodies) > 1:
        found.append(lines[:bodies[-1][0] - 1] + lines[last - 1:])
    return found


class Reducer:
    def __init__(self, interesting, log=None):
        self.interesting = interesting
        self.log = log or (lambda message: None)
        self.tried = {}

    def test(self, lines):
        text = "\n".join(lines) + "\n"
        if text not in self.tried:
            self.tried[text] = self.interesting(text)
        return self.tried[text]

    def reduce(self, text):
        lines = text.rstrip("\n").split("\n")
        while True:
            before = len(lines)
            lines = self.pass_over(lines, 0, len(lines))
            if len(lines) == before:
                break
            self.log(f"reduced to {len(lines)} lines")
        return "\n".join(lines) + "\n"

    def pass_over(self, lines, begin, end):
        """Reduces lines[begin:end] (ddmin over its units, then inside each
        remaining block); returns the whole new list of lines."""
        reduced = self.ddmin_units(lines, begin, end)
        end -= len(lines) - len(reduced)
        lines = reduced
        for unit in reversed(units(lines, begin, end)):
            first, last = unit
            simpler = next((c for c in simpler_blocks(lines, unit) if self.test(c)), None)
            if simpler is not None:
                lines = simpler
                continue
            if last - first >= 3:
                lines = self.pass_over(lines, first + 1, last - 1)
        return lines

    def ddmin_units(self, lines, begin, end):
        items = [u for u in units(lines, begin, end) if removable(lines, u)]
        n = 2
        while items:
            n = min(n, len(items))
            size = (len(items) + n - 1) // n
            parts = [items[k:k + size] for k in range(0, len(items), size)]
            for part in parts:
                drop = set()
                for first, last in part:
                    drop.update(range(first, last))
                candidate = [line for k, line in enumerate(lines) if k not in drop]
                if self.test(candidate):
                    kept = [u for u in items if u not in part]
                    lines, items = candidate, self.reindex(kept, drop)
                    n = max(n - 1, 2)
                    break
            else:
                if n >= len(items):
                    break
                n = min(len(items), 2 * n)
        return lines

    @staticmethod
    def reindex(kept, dropped):
        """Unit positions after the lines in `dropped` were removed."""
        def shift(k):
            return k - sum(1 for d in dropped if d < k)
        return [(shift(first), shift(first) + (last - first)) for first, last in kept]


def reduce_program(text, interesting, log=None):
    """The smallest program the reducer finds for which interesting(text)
    still holds (`text` itself must satisfy it)."""
    return Reducer(interesting, log).reduce(text)
