"""Reference implementations the tests (and bench/) check production code against.

They are test code: simple, exhaustive or written independently of mentor_xblock, never
imported by the package itself.
"""
