"""Generate the Library's pages and feeds from resources/ and webinars/.

Plain Python + Jinja2, run before the static-site builder, so the content step
survives a change of builder (see DESIGN.md).
"""
