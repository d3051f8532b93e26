"""Storage: what the Network needs of a database (interfaces.py) and the embedded
SQLite implementation (sqlite/)."""
