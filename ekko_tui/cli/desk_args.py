"""The arguments of `ekko` itself (the desk: `--db`, `--demo`, `--version`), parsed without
the subcommands, so starting the desk builds (and imports) no subcommand's parser."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from ekko_tui import __version__


class _DeskOnly(argparse.ArgumentParser):
    """The desk's parser when it only tries: an error goes to the full parser, not stderr."""

    def error(self, message: str) -> NoReturn:
        raise argparse.ArgumentError(None, message)


def desk_parser(cls: type[argparse.ArgumentParser] = argparse.ArgumentParser) -> Any:
    """The options of `ekko` itself (the desk), without the subcommands."""
    parser = cls(
        prog="ekko",
        description="The privacy desk of EKKO AS: requests, deadlines, registers, letters.",
    )
    parser.add_argument("--version", action="version", version=f"ekko {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: EKKO_DB or the user data dir)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway database full of demo requests"
    )
    return parser


def parse_desk_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when they only start the desk (no subcommand, no help), else None: the
    start then skips building (and importing) every subcommand's parser."""
    if any(a in ("-h", "--help") or a.startswith("--v") for a in argv):
        return None
    parser = desk_parser(_DeskOnly)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the full parser says what is wrong, with the full usage line
    if rest:
        return None
    args.command = None
    return args
