"""Exporters: plain data in, files out (.ics calendar). No store, no Textual."""
