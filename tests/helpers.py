"""Small helpers the tests share (fixtures are in conftest.py)."""

from __future__ import annotations

import re
import threading
from typing import Callable


def marks(html: str) -> list[str]:
    """The texts marked in ``html``, in order."""
    return re.findall(r"<mark>(.*?)</mark>", html)


class Checking:
    """Runs ``check`` over and over in a thread until ``done()`` (and at least ``least`` times),
    keeping the first failure: what a reader sees while a writer works."""

    def __init__(self, check: Callable[[], None], done: Callable[[], bool], least: int = 1) -> None:
        self.checks, self.errors = 0, list[BaseException]()
        self._check, self._done, self._least = check, done, least
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    def _run(self) -> None:
        while not self._done() or self.checks < self._least:
            try:
                self._check()
                self.checks += 1
            except BaseException as error:  # noqa: BLE001 - every failure fails the test
                self.errors.append(error)
                return

    def result(self) -> int:
        """Wait for the thread; raise its first failure; the number of checks made."""
        self._thread.join()
        if self.errors:
            raise self.errors[0]
        return self.checks
