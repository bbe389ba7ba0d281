"""Child processes for the concurrency and fault tests.

Forked from a server process that has already imported the application: `spawn` imports it
again in every child (one to two seconds of CPU each; sixteen at once on two cores), and a
plain fork would copy the test process's open connections and threads.
"""

import multiprocessing

# What the children run; imported once, by the fork server.
PRELOAD = ["app.services.queue", "app.sync.outbox", "app.sync.pusher", "tests.sync.agent_process",
           "tests.db.test_queue_concurrency", "tests.sync.test_journal"]


def forkserver_context():
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx
