"""What HTTP says: endpoints, request and response models, middleware, HTTP errors.

Each API module exports its `routes` (Endpoint declarations); app.py lists them.
Handlers ask the rules (core/) and the storage interfaces; they never hold SQL.
"""
