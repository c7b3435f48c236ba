"""Reliability harness: concurrency, crashes and a database outage against real gunicorn
processes and a throwaway PostgreSQL cluster (`make reliability`, bench/reliability/run_all.py)."""
