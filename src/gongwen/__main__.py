"""``python -m gongwen``: the command line."""

from gongwen.cli import main

if __name__ == "__main__":
    main()
