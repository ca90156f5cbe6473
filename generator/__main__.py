"""``python -m generator``: see :mod:`generator.cli`."""

from generator.cli import main

main()
