"""The one error type of bad input: a message naming the key (or file), the value and the rule."""


class ConfigError(ValueError):
    """A scenario value that is not allowed; the message names key, value and rule."""
