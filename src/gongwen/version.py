"""The version of gongwen, as the wheel and a package's manifest.json give it."""

__version__ = "0.1.0"
