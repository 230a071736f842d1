"""The command line's subcommands: parse arguments, call services, print results."""
