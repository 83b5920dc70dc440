# JupyterLab server settings for `make lab` (tools/start_lab.py passes this file with --config).
# ruff: noqa: F821  (`c` is the traitlets config object Jupyter provides)

# A file uploaded in a calculator travels to the kernel in one WebSocket message; tornado's default limit (10 MiB)
# closes the connection on a larger one and the upload vanishes without a word. Lab runs on the trainee's own
# computer, so let every realistic export through: the upload calculator then refuses a file over its own limit
# (handbook/widgets/audit.py, UPLOAD_LIMIT) with a message naming the file and its size.
c.ServerApp.tornado_settings = {"websocket_max_message_size": 1024 * 1024 * 1024}
