#!/usr/bin/python3
"""A stand-in for `beagle` in the soak runner's tests: `gcs` lists
collectors named after how their runs of thread-soak.bg end, and `run`
behaves as its --gc says. Each `run` appends its arguments to the file
$FAKE_BEAGLE_CALLS, one line per call."""

import os
import signal
import sys
import time

# collector: does it reclaim memory
COLLECTORS = {"passes": True, "fails": True, "crashes": True, "hangs": True, "no-passed-line": True,
              "never-reclaims": False}

PASSED = ["thread-soak: 8 worker threads, trees of depth 4 to 10, churn threads 4 at a time",
          "ok: 8 workers finished, none threw",
          "counts: rounds 120, nodes 9000, cas-retries 3, churn-threads 40",
          "thread-soak: passed"]


def run(collector):
    if collector in ("passes", "never-reclaims"):
        print("\n".join(PASSED))
    elif collector == "fails":
        print(PASSED[0])
        print("FAIL: the swap! counter holds 5, the workers' rounds make 6")
        print("Uncaught exception:")
        sys.exit(1)
    elif collector == "crashes":
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
    elif collector == "hangs":
        time.sleep(600)
    elif collector == "no-passed-line":
        print(PASSED[0])


def main(args):
    if args == ["gcs"]:
        print("\n".join(f"{name}  (a fake collector)" for name in COLLECTORS))
    elif len(args) == 2 and args[0] == "gcs":
        print(f"{args[1]}\n  reclaims: {'yes' if COLLECTORS[args[1]] else 'no'}")
    elif args[0] == "run":
        with open(os.environ["FAKE_BEAGLE_CALLS"], "a") as calls:
            calls.write(" ".join(args) + "\n")
        run(args[1].removeprefix("--gc="))
    else:
        sys.exit(f"fake beagle: unexpected arguments {args}")


if __name__ == "__main__":
    main(sys.argv[1:])
