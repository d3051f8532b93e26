"""What is stored and how: every SQL statement of the Network lives in this package.

Each function takes the `sqlite_utils.Database` of the current thread; the caller
decides the transaction (`Store.write()`), so one HTTP write is one transaction.
"""
