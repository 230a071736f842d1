"""The application layer: gathers from the store, applies domain rules, hands plain data to
letters/ and exports/, owns transactions and thread connections. The UI and the CLI call it."""
