"""The dashboard (Streamlit). The only package that imports streamlit, besides app.py."""
