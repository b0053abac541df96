"""Intake settings: command-line options with safe defaults, checked in one place."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BODY = 16 * 1024  # a request with a 4000-character message fits several times
DEFAULT_RATE = 0.2  # per second and client: one submission every 5 s after the burst
DEFAULT_BURST = 10


@dataclass(frozen=True)
class IntakeConfig:
    max_body: int = DEFAULT_MAX_BODY
    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    site_cache_s: float = 30.0  # how long a site's credentials are reused before re-reading

    def __post_init__(self) -> None:
        if self.max_body < 1024:
            raise ValueError(f"Предел размера запроса слишком мал: {self.max_body} байт")
        if self.burst < 1:
            raise ValueError(f"Запас запросов (burst) должен быть не меньше 1: {self.burst}")
