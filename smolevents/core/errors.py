"""Errors the clerk may see. Their text is Russian and says what to do."""


class UserError(Exception):
    """A known, user-facing refusal: the message is shown as it is, no traceback."""


class InvalidValueError(UserError, ValueError):
    """A value the program cannot take (a day that does not exist, a quarter out of
    range). A ValueError too, so parsers that try a value catch it as before; its
    text is Russian and may be shown as it is."""


class NotOurDatabaseError(UserError):
    pass


class NewerFileError(UserError):
    pass


class SectionInUseError(UserError):
    pass


class ConflictError(UserError):
    """The event was changed by another copy of the program since it was read."""


class FileBusyError(UserError):
    """The target file is open in another program or the folder is read-only."""


class DatabaseBusyError(UserError):
    """Another program holds the write lock longer than the busy timeout."""


class DatabaseReadOnlyError(UserError):
    """The database file (or its folder) cannot be written: nothing was changed."""
