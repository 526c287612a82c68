"""beagle.collectors() is what `beagle gcs` and `beagle gcs NAME` show."""

import beagle
from conftest import cli, registered_collectors


def gcs_description(name):
    """`beagle gcs NAME`: the summary, the `key: value` attributes, the options."""
    lines = cli("gcs", name).stdout.splitlines()
    summary = lines[0].partition(": ")[2]
    attributes, options = {}, {}
    for line in lines[1:]:
        if line.startswith("options"):
            continue
        if line.startswith("  "):
            option, rest = line.split(None, 1)
            help_text, _, default = rest.rpartition(" (default ")
            options[option] = (default[:-1], help_text)
        else:
            key, _, value = line.partition(": ")
            attributes[key] = value
    return summary, attributes, options


def test_the_collectors_are_those_beagle_gcs_lists():
    assert [c.name for c in beagle.collectors()] == registered_collectors()


def test_each_collector_has_the_attributes_and_options_of_beagle_gcs():
    for collector in beagle.collectors():
        summary, attributes, options = gcs_description(collector.name)
        assert collector.summary == summary
        assert dict(collector.attributes) == attributes
        assert {name: (o.default, o.help) for name, o in collector.options.items()} == options
        assert set(attributes) >= {"fast path", "barrier", "moving", "generations"}


def test_every_collector_runs_a_program():
    for collector in beagle.collectors():
        assert beagle.run('fn main() { println(push([1, 2], 3)) }', gc=collector.name).stdout == "[1, 2, 3]\n"
