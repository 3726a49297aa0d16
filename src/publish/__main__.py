"""`python -m publish`: the same command as the `publish` console script."""

from .cli import main

main(prog_name="publish")
