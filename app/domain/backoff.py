"""Exponential backoff with jitter: the retry schedule of every link that can drop (the
server push, the softphone's control connection)."""

import random


class Backoff:
    """Exponential backoff with jitter: initial, x factor, capped; reset on success."""

    def __init__(self, *, initial: float = 1.0, maximum: float = 60.0, factor: float = 2.0,
                 jitter: float = 0.2, rng: random.Random | None = None) -> None:
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
        self._rng = rng or random.Random()
        self._next = initial

    def next(self) -> float:
        delay = self._next
        self._next = min(self.maximum, self._next * self.factor)
        spread = delay * self.jitter
        return max(0.0, delay + self._rng.uniform(-spread, spread))

    def reset(self) -> None:
        self._next = self.initial
