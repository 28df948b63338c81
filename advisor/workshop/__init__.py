"""Workshop mode: live surveys in a room. Participants answer on their phones; the facilitator
shows the anonymised result. :mod:`.store` persists workshops and responses (SQLAlchemy 2; tables
and migrations in :mod:`.schema`, engine and group commit in :mod:`.engine`, the unlinkable way a
response is written in :mod:`.submissions`), :mod:`.answers` turns stored responses into the
canonical answer frame and the exports, :mod:`.publishing` decides what the projector and the
participants' result page show (published steps the anonymity engine audits together), :mod:`.auth`,
:mod:`.passwords` and :mod:`.throttle` guard the facilitator pages. Nothing here imports
streamlit; the pages live in ``advisor/ui``.
"""
