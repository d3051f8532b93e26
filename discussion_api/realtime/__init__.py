"""The live forum: the events log's follower, the in-process broker, event audiences
and stream cut-offs. The SSE endpoint itself is HTTP (http/streams.py)."""
