"""Live speech coaching from the call's audio: plain Python, no Qt, no pjsua2.

The engine's sound path hands 20 ms PCM frames of both directions to a `CoachTap` (tap.py),
which queues them without ever blocking and analyses them on its own thread (`CallCoach`,
coach.py; per side `SideAnalyzer`, side.py). The UI reads `CoachSnapshot`s for the live meters
and saves `CoachFigures` with the call. Audio stays in memory and is dropped frame by frame.
"""
