"""Importable UI logic for the Streamlit pages (the page files in app_pages/ stay thin)."""
