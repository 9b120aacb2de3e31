"""The block's JSON handlers, one class per area, each a subclass of base.BlockBase.

A handler parses its input (decorator.py checks it first), calls one service function (which
checks the role, owns the transaction and starts the side effects: mail, matching) and
shapes the JSON. Analytics and completion events are published here, by the server,
with fixed names: they need the runtime.
"""
