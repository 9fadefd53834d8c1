"""Comanda's Chalice app: routes are blueprints in chalicelib/api; each view delegates to one service."""
from chalice import Chalice

from chalicelib.api.diner import diner
from chalicelib.api.openapi import docs
from chalicelib.api.public import public
from chalicelib.api.staff import staff
from chalicelib.api.staff_menu import staff_menu

app = Chalice(app_name="comanda")
app.api.binary_types.append("image/png")

for blueprint in (public, diner, staff, staff_menu, docs):
    app.register_blueprint(blueprint)
