"""gunicorn settings read from the working directory (Dockerfile, docker-compose.yml and
`manage.py benchmark --load` start gunicorn there); bind and workers come from the command."""


def post_worker_init(worker):
    from rheine_integration.startup import freeze_startup_objects

    freeze_startup_objects()
