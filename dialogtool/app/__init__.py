"""The investigators' local web app: the round in a browser, on this machine only.

A thin face over the library, like the CLI: `views` turns the round in memory into what a
page shows (labels, never ids, where a label exists), `routes` records decisions through
`pipeline`, and `server` makes the Flask app and serves it on the loopback address.
"""

from .server import create_app, serve

__all__ = ["create_app", "serve"]
