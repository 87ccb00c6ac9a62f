"""The local web page of ``gongwen serve`` (see ``app.create_app``)."""
