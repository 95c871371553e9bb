"""The web front end (``giliran serve``): a page for HR and an HTTP API over the service.

``optimizer.web.app.create_app`` builds the FastAPI application; ``optimizer.web.jobs`` keeps the
jobs (a bounded pool of worker processes, state on disk); ``optimizer.web.worker`` is the worker
process that runs one job through ``optimizer.app.service``. Nothing here solves on the server's
event loop.
"""
