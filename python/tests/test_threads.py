"""The GIL is released while a program runs, and runs from several Python
threads go on side by side, each with its own runtime and heap."""

import threading
import time

import beagle

# About a second of allocation.
LONG = """fn main(args) {
  let mut v = []
  let mut i = 0
  while i < 4000000 { v = if count(v) == 1000 { [] } else { push(v, [i]) }
    i = i + 1 }
  println(args[0], count(v))
}"""


def test_python_code_runs_while_a_program_runs():
    times = {}

    def worker():
        times["start"] = time.monotonic()
        beagle.run(LONG, args=["x"], gc="generational")
        times["end"] = time.monotonic()

    ticks = []
    thread = threading.Thread(target=worker)
    thread.start()
    while thread.is_alive():
        ticks.append(time.monotonic())
        time.sleep(0.001)
    thread.join()
    assert times["end"] - times["start"] > 0.2, "the program should take a while"
    # Ticks well inside the run: the main thread ran while the program did.
    inside = [t for t in ticks if times["start"] + 0.05 < t < times["end"] - 0.05]
    assert len(inside) > 20


def test_runs_from_several_threads_give_what_they_give_alone():
    source = ('fn main(args) { let mut m = {}\n for i in range(0, 1000) { m = assoc(m, "${args[0]}-${i}", [i]) }\n'
              ' println(args[0], count(m), m["${args[0]}-999"]) }')
    collectors = [c.name for c in beagle.collectors()]
    jobs = [(gc, str(n)) for gc in collectors for n in range(2)]
    alone = {job: beagle.run(source, gc=job[0], args=[job[1]], stress="every=100").stdout for job in jobs}
    together, errors = {}, []

    def worker(k):
        try:
            for job in jobs[k::3]:
                together[job] = beagle.run(source, gc=job[0], args=[job[1]], stress="every=100").stdout
        except Exception as e:  # reported below, with the job
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert together == alone
    assert all(out.endswith(" 1000 [999]\n") for out in alone.values())
