"""Kennislemniscaat — Streamlit entry point: navigation over thin pages in app_pages/."""
import streamlit as st

st.set_page_config(page_title="Kennislemniscaat", page_icon="∞", layout="wide")

pages = [
    st.Page("app_pages/netwerk.py", title="Netwerk", icon="🕸️", default=True, url_path="netwerk"),
]
st.navigation(pages).run()
