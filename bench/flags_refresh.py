"""Moved: ``python -m bench flags [--size N] [--url URL]`` (bench/flags.py).

    .venv/bin/python bench/flags_refresh.py [--tasks 10000] [--url DATABASE_URL]

still works and runs it.
"""
import os
import sys

if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path.insert(0, root)
    os.chdir(root)
    argv = ["--size" if arg == "--tasks" else arg for arg in sys.argv[1:]]
    from bench.__main__ import main

    sys.exit(main(["flags", *argv]))
