"""The Network's rules in plain Python: who sees and may do what (policy), members,
posting and rendering. Nothing here knows HTTP, Starlette or a database engine."""
