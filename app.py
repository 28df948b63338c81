"""Streamlit entry point: a router over the pages in advisor/ui, nothing else."""

from advisor.ui.app import run

run()
