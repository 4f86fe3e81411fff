"""Fixture plugins that build the data tests start from (registered in ``tests/conftest.py``).

Tests never import these modules: they ask for the fixtures. ``people``: accounts and classes
(``make_user``, ``make_class``); ``hiring``: companies, positions, invitations and a pipeline
with candidates in every state (``make_company``, ``make_position``, ``make_invitation``,
``pipeline_world``). The fixtures of one feature's tests are in that feature's ``conftest.py``.
"""
