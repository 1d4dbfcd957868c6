"""The one error a user can fix."""


class InputError(Exception):
    """Bad input a user can fix; its message is one line meant for them."""
