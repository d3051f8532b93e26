"""PostgreSQL storage (psycopg 3): the same repositories as `../sqlite`, for deployments
where several `scn serve` on several machines share one database."""
