"""unoserver's server, opening documents hidden: run by LibreOffice's Python, not gongwen's.

unoserver opens each document in a (headless) frame with a view; ``soffice --convert-to``
opens it hidden, without one, and converts a document in about three quarters of the time.
This script wraps unoserver's converter so every document is opened with ``Hidden`` set, then
runs unoserver's own entry point with the command line it was given. It imports nothing from
gongwen: the Python that runs it is the one that has LibreOffice's ``uno`` module.
"""

import sys

# this script's folder holds gongwen's modules (pdf.py, fonts.py…), not for this Python
sys.path[:] = [p for p in sys.path if p not in ("", sys.path[0])]

import uno  # noqa: E402, F401 - installs the import of UNO types (com.sun.star…)
from com.sun.star.beans import PropertyValue  # noqa: E402
from unoserver import converter  # noqa: E402
from unoserver.server import main  # noqa: E402


class HiddenDesktop:
    """The LibreOffice desktop, loading every document hidden in a frame of its own."""

    def __init__(self, desktop):
        self._desktop = desktop

    def loadComponentFromURL(self, url, target, flags, properties):  # UNO's method name
        hidden = PropertyValue(Name="Hidden", Value=True)
        return self._desktop.loadComponentFromURL(
            url, "_blank", flags, (*tuple(properties), hidden)
        )

    def __getattr__(self, name):
        return getattr(self._desktop, name)


_open = converter.UnoConverter.__init__


def _open_hidden(self, *args, **kwargs):
    _open(self, *args, **kwargs)
    self.desktop = HiddenDesktop(self.desktop)


converter.UnoConverter.__init__ = _open_hidden

if __name__ == "__main__":
    sys.exit(main())
