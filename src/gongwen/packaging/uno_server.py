"""unoserver's server, opening documents hidden: run by LibreOffice's Python, not gongwen's.

unoserver opens each document in a (headless) frame with a view; ``soffice --convert-to``
opens it hidden, without one, and converts a document in about three fifths of the time.
Run as a script, this wraps unoserver's converter so every document is opened with ``Hidden``
set, then runs unoserver's own entry point with the command line it was given. It imports
nothing from gongwen: the Python that runs it is the one that has LibreOffice's ``uno``.
"""

import sys


class HiddenDesktop:
    """The LibreOffice desktop, loading every document hidden in a frame of its own."""

    def __init__(self, desktop, hidden) -> None:
        self._desktop = desktop
        self._hidden = hidden  # PropertyValue(Name="Hidden", Value=True)

    def loadComponentFromURL(self, url, target, flags, properties):  # UNO's method name
        return self._desktop.loadComponentFromURL(
            url, "_blank", flags, (*tuple(properties), self._hidden)
        )

    def __getattr__(self, name):
        return getattr(self._desktop, name)


def serve() -> int:
    """Run unoserver's server with every document opened hidden."""
    # this script's folder holds gongwen's modules (pdf.py, fonts.py…), not for this Python
    here = sys.path[0]
    sys.path[:] = [p for p in sys.path if p not in ("", here)]
    import uno  # noqa: F401 - makes UNO's types (com.sun.star…) importable
    from com.sun.star.beans import PropertyValue
    from unoserver import converter
    from unoserver.server import main

    hidden = PropertyValue(Name="Hidden", Value=True)
    opened = converter.UnoConverter.__init__

    def open_hidden(self, *args, **kwargs) -> None:
        opened(self, *args, **kwargs)
        self.desktop = HiddenDesktop(self.desktop, hidden)

    converter.UnoConverter.__init__ = open_hidden
    return main()


if __name__ == "__main__":
    sys.exit(serve())
