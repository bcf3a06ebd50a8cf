"""``python -m dateline`` runs the command-line interface."""

from .cli import main

main()
