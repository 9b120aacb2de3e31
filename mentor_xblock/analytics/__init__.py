"""Analytics beyond the tracking log: xAPI statements for Open edX Aspects (docs/platform.md "xAPI").

`catalogue` is plain data (every `edx.mentorship.*` event, its verb and activity type);
`xapi` registers event-routing-backends transformers and is imported only where that package
is installed (apps.py); `settings` is the edx-platform plugin hook that allows the events.
"""
