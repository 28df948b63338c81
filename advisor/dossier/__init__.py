"""The decision dossier: one platform decision for one organisation, kept in the workshop database.

:mod:`.model` says what a dossier holds, :mod:`.schema` how it is stored (migration 3 of the
workshop store), :mod:`.store` how it changes (every change one history row, optimistic
concurrency, the GDPR erase) and :mod:`.export` how it travels (one zip file).
"""
