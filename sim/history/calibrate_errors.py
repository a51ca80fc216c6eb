"""Why a history cannot be calibrated: one line, in the user's language (the CLI prints it, exit status 2).

Each reason is a message key of :mod:`sim.i18n.calibrate` with its values, so that the fits, which know
what is wrong, need not know the language, and the command line, which knows the language, need not know
the fits.
"""
from __future__ import annotations

from sim.i18n import t


class CalibrationError(ValueError):
    """History that cannot be calibrated, as a message key and its values (``str()``: the English line)."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(t(key, "en", **params))

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)
