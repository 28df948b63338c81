"""Workshop mode: live surveys in a room. Participants answer on their phones; the facilitator
shows the anonymised result. :mod:`.store` persists workshops and responses (SQLAlchemy 2),
:mod:`.answers` turns stored responses into the canonical answer frame, :mod:`.auth` guards the
facilitator pages. Nothing here imports streamlit; the pages live in ``advisor/ui``.
"""
