"""`python -m bot` runs the service."""

import sys

from bot.cli import main

sys.exit(main(["serve", *sys.argv[1:]]))
