"""The one error of the configuration: :class:`ConfigError`."""

from __future__ import annotations


class ConfigError(Exception):
    """The configuration cannot be used; ``str()`` is one owner-friendly line per problem.
    ``fix``: what to do, when it is not "fix what it names in the file" (:mod:`sync.failures`)."""

    def __init__(self, problems: str | list[str], *, fix: str = "") -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.fix = fix
        super().__init__("\n".join(self.problems))
