"""`python -m bench [name] [args...]`: run one benchmark, or all of them, printing figures."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "crm_lookup": "bench.crm_lookup",
    "customer_search": "bench.customer_search",
    "kb_search": "bench.kb_search",
    "sip_answer": "bench.sip_answer",
    "history_panel": "bench.history_panel",
    "intake_load": "bench.intake_load",
    "screen_pop": "bench.screen_pop",
    "audio_path": "bench.audio_path",
    "echo_cancel": "bench.echo_cancel",
    "line_stress": "bench.line_stress",
    "startup": "bench.startup",
    "speech_coach": "bench.speech_coach",
}


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__, "\nBenchmarks:", ", ".join(BENCHMARKS))
        return 0
    if argv and argv[0] not in BENCHMARKS:
        print(f"unknown benchmark {argv[0]!r}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    names = [argv[0]] if argv else list(BENCHMARKS)
    rest = argv[1:]
    status = 0
    for name in names:
        print(f"== {name}", flush=True)
        status |= importlib.import_module(BENCHMARKS[name]).main(rest)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
