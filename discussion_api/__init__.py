"""The Network: a private, live forum and member directory for the Library (see DESIGN.md)."""
